"""Alembic's entry point: migrations run on the connection geo.store.schema.upgrade hands over (never a URL)."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
