"""Bringing articles in: files, batches, URLs, feeds, and the ingest workflow."""
