"""Each event's trace (``geo-events parse --explain``), kept so that the dashboard's panel can say why a dot
is where it is: a JSON list of {stage, decision, reasons} on events and on each further source's report.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = ("events", "event_reports")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("trace", sa.Text, nullable=False, server_default="[]"))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:  # SQLite drops a column by copying the table
            batch.drop_column("trace")
