"""geo: find what news articles say happened where, and when."""

__version__ = "0.1.0"
