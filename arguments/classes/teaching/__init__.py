"""Who may teach (settings.TEACHING): with "anyone" an account switches teaching on for
itself; with "approved" it asks, with a short reason (`TeachingRequest`), and staff approve
or refuse on a small staff page or in the admin; the asker gets a notice either way."""
