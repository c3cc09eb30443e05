"""The newest schema revision, read from the migration files without Alembic or SQLAlchemy
(the read-only path checks a store against it with the standard library alone)."""

from __future__ import annotations

import re
from pathlib import Path

MIGRATIONS = Path(__file__).with_name("migrations")

_REVISION = re.compile(
    r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(None|['\"]([^'\"]+)['\"])", re.M
)


def head_from_files() -> str | None:
    """The head revision read from the version files' ``revision``/``down_revision`` lines,
    without Alembic; None when the files do not make one linear history."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        if path.name.startswith("_"):
            continue
        found = dict((m.group(1), m.group(3)) for m in _REVISION.finditer(path.read_text()))
        if "revision" not in found or "down_revision" not in found or not found["revision"]:
            return None
        revisions.add(found["revision"])
        if found["down_revision"]:
            parents.add(found["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None
