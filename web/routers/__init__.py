"""One router per resource: its page and its API routes."""
