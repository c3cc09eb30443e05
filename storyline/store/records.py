"""Records the store hands out, kept apart from `storyline.store.db` so that reading them
(`storyline.store.reads` over the standard library's ``sqlite3``) does not import SQLAlchemy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storyline.records import Article


@dataclass(frozen=True)
class StoredArticle:
    """An article as kept in the store, with its id and where it sits in a story."""

    id: int
    article: Article
    story_id: int | None
    ingested_at: datetime
    urls: tuple[str, ...] = ()
    content_id: str = ""
    """Its identity across stores: the hash of its first clean text (`storyline.ports`)."""


@dataclass(frozen=True)
class SearchHit:
    id: int
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str
    story_id: int | None


@dataclass(frozen=True)
class Version:
    """One version of an article's text: a stored revision, or the current text."""

    revision: int
    title: str | None
    text: str
    fetched_at: datetime | None
    current: bool = False

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p]
