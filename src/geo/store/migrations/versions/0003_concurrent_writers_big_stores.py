"""Concurrent writers and big stores: insertion order as a column, one URL per article, filter indexes.

- ``seq`` on events, event_sources, event_reports and feeds: their insertion order, which SQLite gave as the
  rowid and PostgreSQL has no notion of. Writers number their rows from store_state.seq while they hold its
  lock, so the numbers follow the order of the commits; existing SQLite rows keep their rowid.
- articles.url unique (where not empty), so that INSERT ... ON CONFLICT refuses a second copy of a page even
  when two ingests store it at the same moment.
- store_state: one row: a counter every write moves, the last seq given, and the row writers lock first.
- indexes on country and coordinates (the dashboard's filters and grid), and on the events' output order.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ORDERED = ("events", "event_sources", "event_reports", "feeds")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in ORDERED:
        op.add_column(table, sa.Column("seq", sa.BigInteger))
        if sqlite:
            op.execute(f"UPDATE {table} SET seq = rowid")
    op.drop_index("articles_url", table_name="articles")
    op.create_index("articles_url", "articles", ["url"], unique=True, sqlite_where=sa.text("url != ''"),
                    postgresql_where=sa.text("url != ''"))
    op.create_index("events_country", "events", ["country"])
    op.create_index("events_lat_lon", "events", ["lat", "lon"])
    op.create_index("events_order", "events", ["date", "sentence_start", "id"])
    op.create_index("event_sources_event_seq", "event_sources", ["event_id", "seq"])
    # Everything the dashboard's counts and map grid read, in one narrow index: the database answers them from
    # the index alone (an index-only scan) instead of reading the wide event rows (sentences, candidates).
    # Two orders: a time window (the usual filter) reads a range of the first, a choice of types the second.
    op.create_index("events_map", "events", ["date", "type", "country", "confidence", "lat", "lon", "status", "id"])
    op.create_index("events_map_type", "events",
                    ["type", "date", "country", "confidence", "lat", "lon", "status", "id"])
    op.create_table("store_state", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("version", sa.BigInteger, nullable=False),
                    sa.Column("seq", sa.BigInteger, nullable=False))
    last = " UNION ALL ".join(f"SELECT max(seq) AS m FROM {table}" for table in ORDERED)
    op.execute(f"INSERT INTO store_state (id, version, seq) SELECT 1, 0, coalesce(max(m), 0) FROM ({last}) AS t")


def downgrade() -> None:
    op.drop_table("store_state")
    for index, table in (("events_map_type", "events"), ("events_map", "events"), ("event_sources_event_seq", "event_sources"), ("events_order", "events"),
                         ("events_lat_lon", "events"), ("events_country", "events"), ("articles_url", "articles")):
        op.drop_index(index, table_name=table)
    op.create_index("articles_url", "articles", ["url"], sqlite_where=sa.text("url != ''"),
                    postgresql_where=sa.text("url != ''"))
    for table in ORDERED:
        op.drop_column(table, "seq")
