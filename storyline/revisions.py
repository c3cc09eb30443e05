"""Revisions: the same URL fetched again with different article text.

News pages are edited after publication — a corrected figure, a new paragraph, a sharper
headline. The article row always holds the newest version (so search, facts, stories and
briefs describe what the outlet says now); each version it replaced is kept in the
``revisions`` table, so that what changed, and when, can be shown (`storyline article ID
--revisions`) and exported.

Versions are numbered from 1 (the first text fetched); the article row is the version after
the last stored revision. Texts are compared by their normalised hash
(`Article.content_hash`), so a page that only changed its furniture or its whitespace is
not a new version. Reading and writing them is the store's (`storyline.store.revisions`);
this module shows them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from storyline.store.records import Version

if TYPE_CHECKING:
    from storyline.store.reads import Reads
    from storyline.store.revisions import Revised, revise  # noqa: F401  (loaded on use)

__all__ = ["Revised", "Version", "diff_lines", "revise", "revision_records", "versions"]


def __getattr__(name: str):
    """The writing side (`revise`, `Revised`) lives in the store and loads on first use, so
    that showing revisions needs no SQLAlchemy."""
    if name in ("Revised", "revise"):
        from storyline.store import revisions

        return getattr(revisions, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def versions(reads: Reads, article_id: int) -> list[Version]:
    """Every version of an article, oldest first, the current text last ([] if unknown)."""
    return reads.versions(article_id)


def revision_records(reads: Reads, article_id: int) -> list[dict]:
    """``articles[].revisions`` of the export: each earlier version, with whether the
    headline changed when the next version replaced it. Empty for an unrevised article."""
    history = reads.versions(article_id)
    return [
        {
            "revision": old.revision,
            "title": old.title,
            "fetched_at": old.fetched_at.isoformat(timespec="seconds") if old.fetched_at else None,
            "title_changed": old.title != new.title,
        }
        for old, new in zip(history, history[1:], strict=False)
    ]


def diff_lines(history: list[Version]) -> Iterator[str]:
    """A unified diff (one paragraph per line) between each version and the next, with the
    headline change called out first."""
    for old, new in zip(history, history[1:], strict=False):
        label = "current" if new.current else f"revision {new.revision}"
        yield f"== revision {old.revision} → {label} (fetched {_when(new.fetched_at)})"
        if old.title != new.title:
            yield f"headline changed: {old.title!r} → {new.title!r}"
        yield from difflib.unified_diff(
            old.paragraphs,
            new.paragraphs,
            fromfile=f"revision {old.revision} ({_when(old.fetched_at)})",
            tofile=f"{label} ({_when(new.fetched_at)})",
            lineterm="",
        )


def _when(moment: datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment else "unknown"
