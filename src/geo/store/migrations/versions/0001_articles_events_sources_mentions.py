"""Baseline: articles, events, event_sources, mentions (the SQLite files of schema version 1).

Revision ID: 0001
Revises:
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TEXT, INT, REAL = sa.Text, sa.Integer, sa.Double


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", TEXT, primary_key=True),
        sa.Column("title", TEXT, nullable=False, server_default=""),
        sa.Column("text", TEXT, nullable=False),
        sa.Column("url", TEXT, nullable=False, server_default=""),
        sa.Column("source", TEXT, nullable=False, server_default=""),
        sa.Column("language", TEXT, nullable=False, server_default=""),
        sa.Column("published", TEXT),
        sa.Column("published_precision", TEXT),
        sa.Column("published_how", TEXT),
        sa.Column("ingested", TEXT, nullable=False),
        sa.Column("notices", TEXT, nullable=False, server_default="[]"),
    )
    op.create_table(
        "events",
        sa.Column("id", TEXT, primary_key=True),
        sa.Column("article_id", TEXT, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("type", TEXT, nullable=False),
        sa.Column("date", TEXT),
        sa.Column("date_precision", TEXT),
        sa.Column("date_how", TEXT),
        sa.Column("place_id", sa.BigInteger, nullable=False),
        sa.Column("place", TEXT, nullable=False),
        sa.Column("admin1", TEXT, nullable=False, server_default=""),
        sa.Column("country", TEXT, nullable=False, server_default=""),
        sa.Column("lat", REAL, nullable=False),
        sa.Column("lon", REAL, nullable=False),
        sa.Column("precision", TEXT, nullable=False),
        sa.Column("confidence", REAL, nullable=False),
        sa.Column("conflicts", TEXT, nullable=False, server_default="[]"),
        sa.Column("sentence", TEXT, nullable=False),
        sa.Column("sentence_start", INT, nullable=False),
        sa.Column("sentence_end", INT, nullable=False),
        sa.Column("sentences", TEXT, nullable=False, server_default="[]"),
        sa.Column("headline", TEXT, nullable=False, server_default=""),
        sa.Column("trigger", TEXT, nullable=False, server_default=""),
        sa.Column("mention_start", INT),
        sa.Column("mention_end", INT),
        sa.Column("mention_text", TEXT, nullable=False, server_default=""),
        sa.Column("actors", TEXT, nullable=False, server_default="[]"),
        sa.Column("candidates", TEXT, nullable=False, server_default="[]"),
        sa.Column("status", TEXT, nullable=False, server_default="automatic"),
    )
    op.create_index("events_date", "events", ["date"])
    op.create_index("events_article", "events", ["article_id"])
    op.create_table(
        "event_sources",
        sa.Column("event_id", TEXT, sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("article_id", TEXT, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_table(
        "mentions",
        sa.Column("article_id", TEXT, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("start", INT, primary_key=True),
        sa.Column("end", INT, primary_key=True),
        sa.Column("text", TEXT, nullable=False),
        sa.Column("kind", TEXT, nullable=False),
        sa.Column("role", TEXT, nullable=False, server_default=""),
        sa.Column("place_id", sa.BigInteger),
        sa.Column("name", TEXT),
        sa.Column("country", TEXT),
        sa.Column("lat", REAL),
        sa.Column("lon", REAL),
        sa.Column("precision", TEXT),
        sa.Column("confidence", REAL),
    )


def downgrade() -> None:
    for table in ("mentions", "event_sources", "events", "articles"):
        op.drop_table(table)
