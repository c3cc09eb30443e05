"""Stored story briefs (table ``story_briefs``): written by the runner and `storyline
refresh` (`storyline.views.refresh_stories`), read through `storyline.store.reads`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Connection

from storyline.store import schema as t
from storyline.store.clusterstate import upsert


def save_brief(conn: Connection, story_id: int, version: int, view: dict[str, Any]) -> None:
    """Replace the story's stored brief with ``view``, built by code version ``version``.

    One upsert, not a delete and an insert: two writers refreshing the same story at once
    would both delete nothing and both insert (a unique-key error on PostgreSQL)."""
    row = {
        "story_id": story_id,
        "version": version,
        "brief": json.dumps(view, ensure_ascii=False),
        "updated_at": datetime.now(UTC),
    }
    upsert(conn, t.story_briefs, [row], ["story_id"])
