"""The event store's schema versions: Alembic migrations (geo/store/migrations), run when a store is opened.

A SQLite file made before Alembic (PRAGMA user_version 1 or 2, no alembic_version table) is stamped with the
revision that matches it, then upgraded like any other. SQLite files also keep user_version at SCHEMA_VERSION,
so that a geo-events from before Alembic refuses them ("newer than this code") instead of touching them.
"""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

from geo.errors import StoreError

MIGRATIONS = Path(__file__).with_name("migrations")
SCHEMA_VERSION = 3  # SQLite's user_version from the first Alembic revision on
# The revision a pre-Alembic SQLite file of each user_version stands at.
PRE_ALEMBIC = {1: "0001", 2: "0002"}
_LOCK_KEY = 7_105_113  # PostgreSQL advisory lock: one process migrates a shared database at a time


def _config(conn: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


@functools.cache
def head() -> str:
    """The newest revision this code knows."""
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def is_current(conn: Connection) -> bool:
    """Whether the database needs nothing (a read: opening a store never waits for a writer's lock)."""
    if MigrationContext.configure(conn).get_current_revision() != head():
        return False
    return conn.dialect.name != "sqlite" or conn.exec_driver_sql("PRAGMA user_version").scalar() == SCHEMA_VERSION


def upgrade(conn: Connection, where: str) -> None:
    """Bring the database on ``conn`` (inside a transaction) to the newest revision; refuse a newer one."""
    sqlite = conn.dialect.name == "sqlite"
    if not sqlite:
        conn.execute(text(f"SELECT pg_advisory_xact_lock({_LOCK_KEY})"))
    current = MigrationContext.configure(conn).get_current_revision()
    scripts = ScriptDirectory(str(MIGRATIONS))
    user_version = conn.exec_driver_sql("PRAGMA user_version").scalar() if sqlite else 0
    if user_version > SCHEMA_VERSION:
        raise StoreError(f"{where} has schema version {user_version}, newer than this code's {SCHEMA_VERSION}: "
                         "upgrade geo-events")
    if current is None and inspect(conn).has_table("articles"):
        if not sqlite or user_version not in PRE_ALEMBIC:
            raise StoreError(f"{where} holds tables but no schema version this code knows: "
                             "is it a geo-events store?")
        command.stamp(_config(conn), PRE_ALEMBIC[user_version])
        current = PRE_ALEMBIC[user_version]
    if current is not None and current not in {s.revision for s in scripts.walk_revisions()}:
        raise StoreError(f"{where} has schema revision {current}, newer than this code's {scripts.get_current_head()}: "
                         "upgrade geo-events")
    if current != scripts.get_current_head():
        command.upgrade(_config(conn), "head")
    if sqlite and user_version != SCHEMA_VERSION:
        conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
