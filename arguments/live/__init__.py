"""Live rooms: pages that update themselves when a debate changes (server-sent events)."""
