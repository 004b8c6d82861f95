"""The event store: schema, reads, writes, corrections."""
