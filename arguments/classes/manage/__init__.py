"""A class's destructive changes, made with care: archiving, removing a student and a new
join code each ask first on a page that says what will happen (views), and can be undone
where that is possible — unarchive from the message itself, add a removed student back
(services, models: who was removed, with their pseudonym). `flash` carries the one-time
"Undo" offer to the class page."""
