"""File formats a strategy leaves the app in (and, for JSON, comes back in)."""
