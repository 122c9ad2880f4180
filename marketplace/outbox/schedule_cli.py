"""`flask outbox digest` and `flask outbox cutoff-reminders` (stub until they land)."""
