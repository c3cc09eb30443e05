"""A story's stamp: the few stored values that change whenever its page or JSON would.

The web app keeps rendered story pages keyed by this stamp, so that a page asked for again
costs two small reads instead of reading and parsing the story's brief (tens of kilobytes of
JSON), attaching its notes and rendering it. The stamp holds the story row's ``updated_at``
(any article joining, leaving or being revised), the stored brief's version and time (a
refresh), the thread's id and title (threads grow and merge without the story changing),
the count and last id of the notes anchored to the story's articles (notes are only ever
added), and the related stories with their titles and sizes. Read it *before* reading the
view it guards: the view is then at least as new as the stamp, never older.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from storyline.store.reads import moment

if TYPE_CHECKING:
    from storyline.store.reads import Reads

_STAMP = (
    "SELECT s.updated_at, s.related, s.thread_id, t.title AS thread_title, "
    "b.version AS brief_version, b.updated_at AS brief_at, "
    "(SELECT count(*) FROM notes n WHERE n.story_anchor IN "
    " (SELECT a.content_hash FROM articles a WHERE a.story_id = s.id)) AS notes, "
    "(SELECT max(n.id) FROM notes n WHERE n.story_anchor IN "
    " (SELECT a.content_hash FROM articles a WHERE a.story_id = s.id)) AS last_note "
    "FROM stories s LEFT JOIN threads t ON t.id = s.thread_id "
    "LEFT JOIN story_briefs b ON b.story_id = s.id WHERE s.id = :id"
)


def story_stamp(reads: Reads, story_id: int, brief_version: int) -> tuple[Any, ...] | None:
    """The story's stamp (hashable), None when there is no such story or when its page may
    not be kept: its stored brief is missing, of another version than ``brief_version`` or
    older than the story (the view is then built in memory from rows the stamp does not
    cover, such as facts an ingest has not committed yet)."""
    rows = reads.rows.all(_STAMP, {"id": story_id})
    if not rows:
        return None
    r = rows[0]
    changed, briefed = moment(r["updated_at"]), moment(r["brief_at"])
    if r["brief_version"] != brief_version or briefed is None:
        return None
    if changed is not None and briefed < changed:
        return None
    related = json.loads(r["related"] or "[]")
    titles = tuple((t["id"], t["title"], t["size"]) for t in reads.story_titles(related))
    return (
        changed, r["thread_id"], r["thread_title"], r["brief_version"], briefed,
        r["notes"], r["last_note"], titles,
    )  # fmt: skip
