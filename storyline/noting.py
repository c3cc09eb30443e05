"""Writing and reading analyst notes over the store: one place for the CLI and the web.

`add` checks the note (`storyline.notes.check_note`), finds the item it is about in the
story's current view (by key, key prefix, or article id) and stores it; `attach` puts a
story's notes into its view (`storyline.views.story_view` calls it, so the terminal, the
web page, the JSON twin and the export all show them).
"""

from __future__ import annotations

from typing import Any

from storyline.notes import Note, check_note, decorate, resolve
from storyline.records import StorylineError


def add(
    store, story_id: int, text: str, *, on: tuple[str, str] | None = None,
    author: str | None = None, mark: str | None = None,
) -> Note:  # fmt: skip
    """Store a note on story ``story_id`` (or on its item ``on`` = (kind, key or id))."""
    from storyline.store import notes as db
    from storyline.views import story_view

    kind, ref = on if on is not None else ("story", "")
    text, author = check_note(text, author, kind, mark)
    view = story_view(store, story_id)
    if view is None:
        raise StorylineError(f"no story {story_id}")
    article_ids = [int(a) for a in view.get("articles") or ()]
    if not article_ids:
        raise StorylineError(f"story {story_id} has no articles to note on")
    with store.engine.begin() as conn:
        keys = db.article_keys(conn, article_ids)
        on_key = None if kind == "story" else resolve(kind, ref, view, keys)
        return db.add_note(conn, story_id, article_ids, on_kind=kind, on_key=on_key,
                           text=text, author=author, mark=mark)  # fmt: skip


def attach(store, story_id: int, view: dict[str, Any]) -> dict[str, Any]:
    """``view`` with its notes: ``notes[]``, and ``key``/``mark``/``notes`` on each item."""
    reads = store.reads
    article_ids = [int(a) for a in view.get("articles") or ()]
    decorate(view, reads.story_notes(story_id), reads.article_keys(article_ids))
    return view


def notes_of(store, story_id: int) -> list[Note]:
    return store.reads.story_notes(story_id)


def attach_article(store, view: dict[str, Any]) -> dict[str, Any]:
    """An article view with its ``key``, the notes about it and its latest ``mark``."""
    key, notes = store.reads.article_notes(int(view["id"]))
    view["key"] = key
    view["notes"] = [n.to_export() for n in notes]
    marks = [n.mark for n in notes if n.mark]
    if marks:
        view["mark"] = marks[-1]
    return view
