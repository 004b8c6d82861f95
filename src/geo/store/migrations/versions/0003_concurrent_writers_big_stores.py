"""Concurrent writers and big stores: insertion order as a column, one URL per article, filter indexes.

- ``seq`` on events, event_sources, event_reports and feeds: their insertion order, which SQLite gave as the
  rowid and PostgreSQL has no notion of (identity column there; on SQLite a trigger copies the rowid).
- articles.url unique (where not empty), so that INSERT ... ON CONFLICT refuses a second copy of a page even
  when two ingests store it at the same moment.
- store_state: one row, a counter every write moves and the row writers lock before merging happenings.
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
        if sqlite:
            # ALTER TABLE ... ADD COLUMN, not a batch copy: the rowid (today's order) must survive.
            op.execute(f"ALTER TABLE {table} ADD COLUMN seq INTEGER")
            op.execute(f"UPDATE {table} SET seq = rowid")
            op.execute(f"CREATE TRIGGER {table}_seq AFTER INSERT ON {table} FOR EACH ROW WHEN NEW.seq IS NULL "
                       f"BEGIN UPDATE {table} SET seq = NEW.rowid WHERE rowid = NEW.rowid; END")
        else:
            op.add_column(table, sa.Column("seq", sa.BigInteger, sa.Identity(always=False)))
    op.drop_index("articles_url", table_name="articles")
    op.create_index("articles_url", "articles", ["url"], unique=True, sqlite_where=sa.text("url != ''"),
                    postgresql_where=sa.text("url != ''"))
    op.create_index("events_country", "events", ["country"])
    op.create_index("events_lat_lon", "events", ["lat", "lon"])
    op.create_index("events_order", "events", ["date", "sentence_start", "id"])
    op.create_index("event_sources_event_seq", "event_sources", ["event_id", "seq"])
    # Everything the dashboard's counts and map grid read, in one narrow index: the database answers them from
    # the index alone (an index-only scan) instead of reading the wide event rows (sentences, candidates).
    op.create_index("events_map", "events", ["date", "type", "country", "confidence", "lat", "lon", "status", "id"])
    state = op.create_table("store_state", sa.Column("id", sa.Integer, primary_key=True),
                            sa.Column("version", sa.BigInteger, nullable=False))
    op.bulk_insert(state, [{"id": 1, "version": 0}])


def downgrade() -> None:
    op.drop_table("store_state")
    for index, table in (("events_map", "events"), ("event_sources_event_seq", "event_sources"), ("events_order", "events"),
                         ("events_lat_lon", "events"), ("events_country", "events"), ("articles_url", "articles")):
        op.drop_index(index, table_name=table)
    op.create_index("articles_url", "articles", ["url"], sqlite_where=sa.text("url != ''"),
                    postgresql_where=sa.text("url != ''"))
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in ORDERED:
        if sqlite:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_seq")
        op.drop_column(table, "seq")
