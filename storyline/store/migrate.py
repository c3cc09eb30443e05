"""Schema migrations through Alembic, run on the store's own connection.

Opening a store that is already at the newest revision costs one small query: Alembic's
script directory is only loaded when there is something to upgrade.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

MIGRATIONS = Path(__file__).with_name("migrations")


def _config(conn: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head() or ""


_HEAD: str | None = None


def current_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(conn: Connection) -> None:
    """Upgrade the database behind ``conn`` to the newest revision."""
    global _HEAD
    if _HEAD is None:
        _HEAD = head_revision()
    if current_revision(conn) == _HEAD:
        return
    command.upgrade(_config(conn), "head")
