"""Stored ``stories.related`` lists, brought up to date from the stored story state.

Each commit of an ingest describes the stories it changed, including their related
stories, with the state of that moment; which moment that is depends on where the commits
fell (a time-based group size, an interrupted run). `storyline.relations` therefore
recomputes, at the end of a run, the related lists of every story changed since the last
such refresh (``meta['stories.related_at']``), and of the stories that list them or that
they now list, from the final state: the stored lists are a function of the stored state,
whatever the history of commits and crashes.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection

from storyline.store import schema as t

KEY = "stories.related_at"


def stale_stories(conn: Connection) -> tuple[set[int], datetime]:
    """Stories changed since the last refresh, and the moment this refresh starts from."""
    now = datetime.now(UTC)
    since = conn.execute(select(t.meta.c.value).where(t.meta.c.key == KEY)).scalar()
    query = select(t.stories.c.id)
    if since:
        query = query.where(t.stories.c.updated_at > datetime.fromisoformat(since))
    return set(conn.execute(query).scalars()), now


def stored_related(conn: Connection) -> dict[int, list[int]]:
    """Every story's stored related list (an empty list for most)."""
    rows = conn.execute(select(t.stories.c.id, t.stories.c.related))
    return {row.id: json.loads(row.related or "[]") for row in rows}


def write_related(conn: Connection, changed: dict[int, list[int]], at: datetime) -> None:
    """Store the new lists and the moment of this refresh. Stored briefs stay: a story's
    related list is read from its row when the story is shown (`storyline.views.story_view`)."""
    if changed:
        conn.execute(
            update(t.stories).where(t.stories.c.id == bindparam("sid"))
            .values(related=bindparam("related")),
            [{"sid": s, "related": json.dumps(r)} for s, r in sorted(changed.items())],
        )  # fmt: skip
    from storyline.store.db import dialect_module

    statement = dialect_module(conn.dialect.name).upsert(t.meta, ("key",))
    conn.execute(statement, [{"key": KEY, "value": at.isoformat()}])
