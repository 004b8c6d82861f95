"""geo-events, the command line."""
