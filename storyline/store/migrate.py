"""Schema migrations through Alembic, run on the store's own connection.

Opening a store that is already at the newest revision costs one small query: Alembic's
script directory is only loaded when there is something to upgrade.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from storyline.store.heads import MIGRATIONS, head_from_files

if TYPE_CHECKING:  # Alembic (a third of a second to import) loads only to upgrade
    from alembic.config import Config


def _config(conn: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head() or ""


_HEAD: str | None = None


def current_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _head() -> str:
    global _HEAD
    if _HEAD is None:
        _HEAD = head_from_files() or head_revision()
    return _HEAD


def up_to_date(conn: Connection) -> bool:
    """Whether the database behind ``conn`` is at the newest revision already."""
    return current_revision(conn) == _head()


def upgrade(conn: Connection) -> None:
    """Upgrade the database behind ``conn`` to the newest revision."""
    if up_to_date(conn):
        return
    from alembic import command

    command.upgrade(_config(conn), "head")
