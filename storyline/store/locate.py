"""Where `--db` points, checked before a store is opened.

SQLite creates a database file wherever it is asked to, so a mistyped `--db` on a read
command would silently make an empty store and report "0 stories", and a `--db` naming a
directory fails deep inside the driver. This module answers, in one line that names the
path, what is wrong with a target before anything is created. Every command goes through
`check_target`: reading commands with ``create=False`` (a missing store is refused),
writing commands (`ingest`, `watch`) with ``create=True``.
"""

from __future__ import annotations

import os
from pathlib import Path

from storyline.records import StorylineError
from storyline.store.urls import database_url

MISSING_HINT = "create one with storyline ingest"


def sqlite_path(target: str | os.PathLike[str] | None) -> Path | None:
    """The file a SQLite target names, or None for a server URL or an in-memory store."""
    url = database_url(target)
    if not url.startswith("sqlite:///"):
        return None
    raw = url.removeprefix("sqlite:///").split("?", 1)[0]
    if raw in ("", ":memory:"):
        return None
    return Path(raw)


def check_target(target: str | os.PathLike[str] | None, *, create: bool) -> None:
    """Raise `StorylineError` (one line naming the path) when the store at ``target`` cannot
    be used: a directory, a file in a folder that does not exist, or, unless ``create``,
    no store there yet. Server databases (PostgreSQL) report their own errors on open."""
    path = sqlite_path(target)
    if path is None:
        return
    if path.is_dir():
        raise StorylineError(
            f"{path}: is a directory, not a store file (give a file such as "
            f"{path / 'storyline.db'})"
        )
    if path.exists():
        if not path.is_file():
            raise StorylineError(f"{path}: not a regular file, cannot be a store")
        return
    if not create:
        raise StorylineError(f"no store at {path}; {MISSING_HINT}")
    parent = path.parent
    if not parent.is_dir():
        what = "is not a directory" if parent.exists() else "does not exist"
        raise StorylineError(f"{path}: cannot create a store there: the folder {parent} {what}")
