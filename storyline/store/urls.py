"""Where a store is: `--db`, ``STORYLINE_DB`` or the default, as a database URL (no SQLAlchemy
needed to read it)."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = "storyline.db"


def database_url(target: str | os.PathLike[str] | None = None) -> str:
    """Turn `--db`, `STORYLINE_DB` or the default into a SQLAlchemy URL.

    A plain path means a SQLite file; anything with ``://`` is taken as a URL as it is.
    """
    target = str(target or os.environ.get("STORYLINE_DB") or DEFAULT_DB)
    if "://" in target:
        if target.startswith("postgresql://"):
            return "postgresql+psycopg://" + target.removeprefix("postgresql://")
        return target
    return f"sqlite:///{Path(target).expanduser()}"
