"""One event from many sources (event_reports), feeds, corrections and place aliases (schema version 2).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TEXT, INT = sa.Text, sa.Integer


def upgrade() -> None:
    op.create_index("articles_url", "articles", ["url"], sqlite_where=sa.text("url != ''"),
                    postgresql_where=sa.text("url != ''"))
    op.create_index("events_type_date", "events", ["type", "date"])
    op.create_index("event_sources_article", "event_sources", ["article_id"])
    # How a source other than the event's first article states it (the first one's is in events).
    op.create_table(
        "event_reports",
        sa.Column("event_id", TEXT, sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("article_id", TEXT, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("sentence", TEXT, nullable=False),
        sa.Column("sentence_start", INT, nullable=False),
        sa.Column("sentence_end", INT, nullable=False),
        sa.Column("sentences", TEXT, nullable=False, server_default="[]"),
        sa.Column("headline", TEXT, nullable=False, server_default=""),
        sa.Column("trigger", TEXT, nullable=False, server_default=""),
        sa.Column("mention_start", INT),
        sa.Column("mention_end", INT),
        sa.Column("mention_text", TEXT, nullable=False, server_default=""),
        sa.Column("place", TEXT, nullable=False, server_default=""),
        sa.Column("date", TEXT),
        sa.Column("confidence", sa.Double),
    )
    op.create_table(
        "feeds",
        sa.Column("url", TEXT, primary_key=True),
        sa.Column("title", TEXT, nullable=False, server_default=""),
        sa.Column("added", TEXT, nullable=False),
        sa.Column("checked", TEXT),
        sa.Column("error", TEXT, nullable=False, server_default=""),
        sa.Column("items", INT, nullable=False, server_default="0"),
        sa.Column("new_items", INT, nullable=False, server_default="0"),
    )
    # Never cascades: a correction outlives its article, and is applied again when the article comes back.
    op.create_table(
        "corrections",
        sa.Column("id", INT, primary_key=True),
        sa.Column("at", TEXT, nullable=False),
        sa.Column("event_id", TEXT, nullable=False),
        sa.Column("article_id", TEXT, nullable=False, server_default=""),
        sa.Column("mention_text", TEXT, nullable=False, server_default=""),
        sa.Column("mention_start", INT),
        sa.Column("field", TEXT, nullable=False),
        sa.Column("before", TEXT, nullable=False),
        sa.Column("after", TEXT, nullable=False),
        sa.Column("how", TEXT, nullable=False, server_default=""),
    )
    op.create_index("corrections_event", "corrections", ["event_id"])
    op.create_index("corrections_article", "corrections", ["article_id"])
    op.create_table(
        "place_aliases",
        sa.Column("key", TEXT, primary_key=True),
        sa.Column("name", TEXT, nullable=False),
        sa.Column("place", TEXT, nullable=False),
        sa.Column("correction_id", INT),
        sa.Column("updated", TEXT, nullable=False),
    )


def downgrade() -> None:
    for table in ("place_aliases", "corrections", "feeds", "event_reports"):
        op.drop_table(table)
    for index, table in (("event_sources_article", "event_sources"), ("events_type_date", "events"),
                         ("articles_url", "articles")):
        op.drop_index(index, table_name=table)
