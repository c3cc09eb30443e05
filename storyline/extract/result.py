"""What an extractor returns for one page, before it is merged with given metadata."""

from __future__ import annotations

from dataclasses import dataclass

from storyline.records import Removed


@dataclass(frozen=True)
class Extraction:
    """Clean paragraphs plus the metadata an extractor could infer from the page itself.

    ``removed`` lists every block dropped as furniture with the rule that dropped it, in page
    order, so a reader can audit what was taken away.
    """

    paragraphs: tuple[str, ...]
    removed: tuple[Removed, ...] = ()
    title: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO date or datetime
    language: str | None = None
