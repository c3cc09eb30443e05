"""A story's stamp: the few stored values that change whenever its page or JSON would.

The web app keeps rendered story pages keyed by this stamp, so that a page asked for again
costs one small read instead of reading and parsing the story's brief (tens of kilobytes of
JSON), attaching its notes and rendering it. The stamp holds the story row's ``updated_at``
(any article joining, leaving or being revised), the stored brief's version and time (a
refresh), the thread's id and title (threads grow and merge without the story changing),
the count and last id of the notes anchored to the story's articles (notes are only ever
added), and the related stories with their titles and sizes, in one statement (one round
trip on PostgreSQL). Read it *before* reading the view it guards: the view is then at
least as new as the stamp, never older.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storyline.store.reads import moment

if TYPE_CHECKING:
    from storyline.store.reads import Reads

_RELATED = {  # the related stories as "id:size:title" joined by U+001F, in one column
    "sqlite": "(SELECT group_concat(r.id || ':' || r.size || ':' || coalesce(r.title, ''), "
    "char(31)) FROM stories r WHERE r.id IN (SELECT value FROM json_each(s.related)))",
    "postgresql": "(SELECT string_agg(r.id || ':' || r.size || ':' || coalesce(r.title, ''), "
    "chr(31) ORDER BY r.id) FROM stories r WHERE r.id IN "
    "(SELECT CAST(value AS INTEGER) FROM json_array_elements_text(CAST(s.related AS JSON))))",
}

_STAMP = (
    "SELECT s.updated_at, {related} AS related, s.thread_id, t.title AS thread_title, "
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
    rows = reads.rows.all(_STAMP.format(related=_RELATED[reads.dialect]), {"id": story_id})
    if not rows:
        return None
    r = rows[0]
    changed, briefed = moment(r["updated_at"]), moment(r["brief_at"])
    if r["brief_version"] != brief_version or briefed is None:
        return None
    if changed is not None and briefed < changed:
        return None
    return (
        changed, r["thread_id"], r["thread_title"], r["brief_version"], briefed,
        r["notes"], r["last_note"], r["related"],
    )  # fmt: skip
