"""Analyst notes: what a note is, which item it is about, and how a story view shows them.

A note is about a story or one of its items: a quote, a figure, a timeline event or an
article. Items have no stable row ids (`storyline rebuild` recomputes facts), so each gets a
short key derived from its content (`item_key`): the same quote, figure or event gets the
same key after a rebuild, and a note keeps its place. A note may mark its item as checked or
disputed; the latest mark wins and is shown as a badge on the item in every view.

Note text is untrusted input: it is length-limited here, stored as given, and escaped by
every renderer (Jinja autoescape on the web, Rich markup escape in the terminal).
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from typing import Any

from storyline.records import StorylineError

MAX_TEXT = 4000
MAX_AUTHOR = 80
KINDS = ("story", "quote", "figure", "event", "article")
MARKS = ("checked", "disputed")
# Where each kind of item sits in a story view.
VIEW_LISTS = {"quote": ("quotes",), "figure": ("figures",), "event": ("timeline", "timeline_all")}


@dataclass(frozen=True)
class Note:
    id: str
    story_id: int
    on_kind: str
    on_key: str | None
    text: str
    author: str | None
    mark: str | None
    created: str

    @property
    def on(self) -> str:
        """``story`` or ``kind:key`` (``quote:3f2a1b4c5d6e``)."""
        return "story" if self.on_kind == "story" else f"{self.on_kind}:{self.on_key}"

    def to_export(self) -> dict[str, Any]:
        return {"id": self.id, "on": self.on, "text": self.text, "author": self.author,
                "mark": self.mark, "created": self.created}  # fmt: skip


def clean_text(text: str, *, limit: int, what: str) -> str:
    """Note text as stored: NFC, control characters (but newlines) dropped, trimmed; refused
    when empty or longer than ``limit`` characters."""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C").strip()
    if not text:
        raise StorylineError(f"empty {what}")
    if len(text) > limit:
        raise StorylineError(f"{what} too long ({len(text)} characters, at most {limit})")
    return text


def check_note(
    text: str, author: str | None, kind: str, mark: str | None
) -> tuple[str, str | None]:
    """The cleaned text and author; raises `StorylineError` (one line) on bad input."""
    if kind not in KINDS:
        raise StorylineError(f"cannot note on {kind!r}: choose one of {', '.join(KINDS)}")
    if mark is not None and mark not in MARKS:
        raise StorylineError(f"unknown mark {mark!r}: choose checked or disputed")
    if mark is not None and kind == "story":
        raise StorylineError("a mark needs an item: add --on quote|figure|event|article ID")
    text = clean_text(text, limit=MAX_TEXT, what="note text")
    if author is not None:
        author = " ".join(clean_text(author, limit=MAX_AUTHOR, what="author name").split())
    return text, author


def _norm(value: Any) -> str:
    return " ".join(str(value or "").casefold().split())


def item_key(kind: str, item: dict[str, Any]) -> str:
    """A short key for a quote, figure or event, derived from what it says (so a rebuild,
    which renumbers everything, gives it the same key)."""
    parts: tuple[Any, ...]
    if kind == "quote":
        parts = (item.get("speaker"), item.get("text"))
    elif kind == "figure":
        parts = (item.get("text"), item.get("value"), item.get("unit"))
    elif kind == "event":
        parts = (item.get("date"), item.get("text"))
    else:
        raise ValueError(kind)
    digest = hashlib.sha1("\x1f".join([kind, *map(_norm, parts)]).encode()).hexdigest()
    return digest[:12]


def article_key(content_hash: str) -> str:
    return content_hash[:12]


def note_key(anchor: str, on: str, text: str, author: str | None, created: str) -> str:
    raw = "\x1f".join((anchor, on, text, author or "", created))
    return "n" + hashlib.sha1(raw.encode()).hexdigest()[:11]


def story_items(view: dict[str, Any], article_keys: dict[int, str]) -> dict[str, list[dict]]:
    """Every notable item of a story view by kind, each with its ``key`` set."""
    items: dict[str, list[dict]] = {"quote": [], "figure": [], "event": [], "article": []}
    for kind, lists in VIEW_LISTS.items():
        for name in lists:
            for item in view.get(name) or ():
                if isinstance(item, dict):
                    item["key"] = item_key(kind, item)
                    items[kind].append(item)
    for entry in view.get("article_list") or ():
        key = article_keys.get(entry.get("id"))
        if key:
            entry["key"] = key
            items["article"].append(entry)
    return items


def resolve(kind: str, ref: str, view: dict[str, Any], article_keys: dict[int, str]) -> str:
    """The key of the item ``ref`` names in a story: a key or a unique prefix of one (for
    articles also the article id). Raises `StorylineError` naming what was not found."""
    items = story_items(view, article_keys)[kind]
    ref = ref.strip().lower()
    if kind == "article" and ref.isdigit():
        for item in items:
            if item.get("id") == int(ref):
                return item["key"]
        raise StorylineError(f"article {ref} is not in story {view.get('id')}")
    keys = sorted({item["key"] for item in items if item["key"].startswith(ref)})
    if ref and len(keys) == 1:
        return keys[0]
    if len(keys) > 1:
        raise StorylineError(f"{kind} {ref!r} is ambiguous in story {view.get('id')}: "
                             f"{', '.join(keys[:5])}")  # fmt: skip
    raise StorylineError(f"no {kind} {ref!r} in story {view.get('id')} "
                         "(keys are shown by `storyline story ID` and in its JSON)")  # fmt: skip


def decorate(view: dict[str, Any], notes: list[Note], article_keys: dict[int, str]) -> None:
    """Put the notes into a story view: ``notes[]`` on the story, and on each item its
    ``key``, the ids of its notes (``notes``) and its latest ``mark``."""
    items = story_items(view, article_keys)
    by_item: dict[tuple[str, str], list[Note]] = {}
    for note in notes:
        if note.on_key is not None:
            by_item.setdefault((note.on_kind, note.on_key), []).append(note)
    for kind, entries in items.items():
        for item in entries:
            attached = by_item.get((kind, item["key"]), [])
            item.pop("mark", None)
            item.pop("notes", None)
            if attached:
                item["notes"] = [n.id for n in attached]
                marks = [n.mark for n in attached if n.mark]
                if marks:
                    item["mark"] = marks[-1]
    view["notes"] = [n.to_export() for n in notes]
