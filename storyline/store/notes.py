"""Analyst notes in the store (table ``notes``, migration 0007).

A note is anchored to its story through the content hash of one of the story's articles,
and it is read back for whichever story holds that article now: a rebuild or a merge that
changes a story's id moves its notes along with its articles.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from storyline.notes import Note, note_key
from storyline.store import schema as t


def article_keys(conn: Connection, article_ids: list[int]) -> dict[int, str]:
    """Content-derived keys of these articles (the first characters of their content hash)."""
    if not article_ids:
        return {}
    rows = conn.execute(
        select(t.articles.c.id, t.articles.c.content_hash).where(
            t.articles.c.id.in_(article_ids)
        )
    )
    return {row.id: row.content_hash[:12] for row in rows}


def add_note(
    conn: Connection, story_id: int, article_ids: list[int], *, on_kind: str,
    on_key: str | None, text: str, author: str | None, mark: str | None,
) -> Note:  # fmt: skip
    """Store one (already checked) note on the story made of ``article_ids``."""
    anchor_id = min(article_ids)
    anchor = conn.execute(
        select(t.articles.c.content_hash).where(t.articles.c.id == anchor_id)
    ).scalar_one()
    created = datetime.now(UTC).isoformat(timespec="seconds")
    on = "story" if on_kind == "story" else f"{on_kind}:{on_key}"
    key = note_key(anchor, on, text, author, created)
    conn.execute(
        insert(t.notes).values(
            key=key, story_anchor=anchor, story_id=story_id, on_kind=on_kind, on_key=on_key,
            text=text, author=author, mark=mark, created=created,
        )
    )  # fmt: skip
    return Note(key, story_id, on_kind, on_key, text, author, mark, created)


def story_notes(conn: Connection, story_id: int) -> list[Note]:
    """The notes on the story ``story_id``, oldest first: those anchored to any of its
    articles now."""
    hashes = select(t.articles.c.content_hash).where(t.articles.c.story_id == story_id)
    rows = conn.execute(
        select(t.notes).where(t.notes.c.story_anchor.in_(hashes)).order_by(t.notes.c.id)
    )
    return [
        Note(r.key, story_id, r.on_kind, r.on_key, r.text, r.author, r.mark, r.created)
        for r in rows
    ]



def article_notes(conn: Connection, article_id: int) -> tuple[str | None, list[Note]]:
    """The article's content-derived key and the notes about it (in whatever story)."""
    content_hash = conn.execute(
        select(t.articles.c.content_hash).where(t.articles.c.id == article_id)
    ).scalar()
    if content_hash is None:
        return None, []
    key = content_hash[:12]
    rows = conn.execute(
        select(t.notes)
        .where(t.notes.c.on_kind == "article", t.notes.c.on_key == key)
        .order_by(t.notes.c.id)
    )
    notes = [
        Note(r.key, r.story_id, r.on_kind, r.on_key, r.text, r.author, r.mark, r.created)
        for r in rows
    ]
    return key, notes
