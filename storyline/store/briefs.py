"""Stored story briefs (table ``story_briefs``): written by the runner and `storyline
refresh` (`storyline.views.refresh_stories`), read through `storyline.store.reads`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.engine import Connection

from storyline.store import schema as t


def save_brief(conn: Connection, story_id: int, version: int, view: dict[str, Any]) -> None:
    """Replace the story's stored brief with ``view``, built by code version ``version``."""
    conn.execute(delete(t.story_briefs).where(t.story_briefs.c.story_id == story_id))
    conn.execute(
        insert(t.story_briefs).values(
            story_id=story_id,
            version=version,
            brief=json.dumps(view, ensure_ascii=False),
            updated_at=datetime.now(UTC),
        )
    )
