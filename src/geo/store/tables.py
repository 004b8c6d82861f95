"""The event store's tables as SQLAlchemy Core objects: what the queries are built from, on SQLite and PostgreSQL.

This is the schema at the newest Alembic revision (geo/store/migrations/versions); the migrations create and
upgrade it, these objects only describe it. Dates are ISO text (YYYY-MM-DD) and lists are JSON text on both
databases, so the rows read back the same everywhere. ``seq`` gives every row of an ordered table its place
in insertion order: writers number rows from store_state.seq while they hold that row's lock.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Double, Integer, MetaData, Table, Text

metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("id", Text, primary_key=True),
    Column("title", Text, nullable=False, server_default=""),
    Column("text", Text, nullable=False),
    Column("url", Text, nullable=False, server_default=""),
    Column("source", Text, nullable=False, server_default=""),
    Column("language", Text, nullable=False, server_default=""),
    Column("published", Text),
    Column("published_precision", Text),
    Column("published_how", Text),
    Column("ingested", Text, nullable=False),
    Column("notices", Text, nullable=False, server_default="[]"),
)

events = Table(
    "events", metadata,
    Column("id", Text, primary_key=True),
    Column("article_id", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("date", Text),
    Column("date_precision", Text),
    Column("date_how", Text),
    Column("place_id", BigInteger, nullable=False),
    Column("place", Text, nullable=False),
    Column("admin1", Text, nullable=False, server_default=""),
    Column("country", Text, nullable=False, server_default=""),
    Column("lat", Double, nullable=False),
    Column("lon", Double, nullable=False),
    Column("precision", Text, nullable=False),
    Column("confidence", Double, nullable=False),
    Column("conflicts", Text, nullable=False, server_default="[]"),
    Column("sentence", Text, nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("sentences", Text, nullable=False, server_default="[]"),
    Column("headline", Text, nullable=False, server_default=""),
    Column("trigger", Text, nullable=False, server_default=""),
    Column("mention_start", Integer),
    Column("mention_end", Integer),
    Column("mention_text", Text, nullable=False, server_default=""),
    Column("actors", Text, nullable=False, server_default="[]"),
    Column("candidates", Text, nullable=False, server_default="[]"),
    Column("status", Text, nullable=False, server_default="automatic"),
    Column("trace", Text, nullable=False, server_default="[]"),  # --explain's steps: why the dot is here
    Column("seq", BigInteger),
)

# The events columns a row tuple of geo.store.db._event_row fills, in order.
EVENT_COLUMNS = tuple(c.name for c in events.columns if c.name != "seq")

event_sources = Table(
    "event_sources", metadata,
    Column("event_id", Text, primary_key=True),
    Column("article_id", Text, primary_key=True),
    Column("seq", BigInteger),
)

mentions = Table(
    "mentions", metadata,
    Column("article_id", Text, primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("role", Text, nullable=False, server_default=""),
    Column("place_id", BigInteger),
    Column("name", Text),
    Column("country", Text),
    Column("lat", Double),
    Column("lon", Double),
    Column("precision", Text),
    Column("confidence", Double),
)

event_reports = Table(
    "event_reports", metadata,
    Column("event_id", Text, primary_key=True),
    Column("article_id", Text, primary_key=True),
    Column("sentence", Text, nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("sentences", Text, nullable=False, server_default="[]"),
    Column("headline", Text, nullable=False, server_default=""),
    Column("trigger", Text, nullable=False, server_default=""),
    Column("mention_start", Integer),
    Column("mention_end", Integer),
    Column("mention_text", Text, nullable=False, server_default=""),
    Column("place", Text, nullable=False, server_default=""),
    Column("date", Text),
    Column("confidence", Double),
    Column("trace", Text, nullable=False, server_default="[]"),
    Column("seq", BigInteger),
)
REPORT_COLUMNS = tuple(c.name for c in event_reports.columns if c.name != "seq")

feeds = Table(
    "feeds", metadata,
    Column("url", Text, primary_key=True),
    Column("title", Text, nullable=False, server_default=""),
    Column("added", Text, nullable=False),
    Column("checked", Text),
    Column("error", Text, nullable=False, server_default=""),
    Column("items", Integer, nullable=False, server_default="0"),
    Column("new_items", Integer, nullable=False, server_default="0"),
    Column("seq", BigInteger),
)

corrections = Table(
    "corrections", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", Text, nullable=False),
    Column("event_id", Text, nullable=False),
    Column("article_id", Text, nullable=False, server_default=""),
    Column("mention_text", Text, nullable=False, server_default=""),
    Column("mention_start", Integer),
    Column("field", Text, nullable=False),
    Column("before", Text, nullable=False),
    Column("after", Text, nullable=False),
    Column("how", Text, nullable=False, server_default=""),
)

place_aliases = Table(
    "place_aliases", metadata,
    Column("key", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("place", Text, nullable=False),
    Column("correction_id", Integer),
    Column("updated", Text, nullable=False),
)

# One row: a counter every write moves (the dashboard's cache key), and the lock writers take before merging
# reports of one happening, so that two concurrent ingests never both create it.
store_state = Table(
    "store_state", metadata,
    Column("id", Integer, primary_key=True),
    Column("version", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False),  # the last seq given to a row
)
