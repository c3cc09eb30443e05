"""The extract stage: one raw `Page` in, one clean `Article` out.

HTML goes through trafilatura and our furniture post-filter (`html.py`), page dumps through
our own boilerplate remover (`text.py`), and already clean bodies pass through as they are.
Metadata the user gave wins over what the page says about itself, and what the page says
wins over its ``fallback`` (a feed item's metadata).
"""

from __future__ import annotations

import re

from storyline.extract.language import choose_language
from storyline.extract.recurring import RecurringLines
from storyline.extract.result import Extraction
from storyline.records import Article, Page, StorylineError

__all__ = ["Extraction", "RecurringLines", "extract_page", "extract_content"]

_BLANK_LINES = re.compile(r"\n\s*\n")


def split_body(text: str) -> tuple[str, ...]:
    """Paragraphs of an already clean body: blank-line separated, or one per line when the
    body has no blank lines at all."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    blocks = _BLANK_LINES.split(text) if _BLANK_LINES.search(text) else text.split("\n")
    return tuple(" ".join(b.split()) for b in blocks if b.strip())


def extract_content(
    kind: str,
    content: str,
    *,
    url: str | None = None,
    recurring: RecurringLines | None = None,
    group: str = "",
) -> Extraction:
    """Clean one page's decoded content according to its kind."""
    if kind == "html":
        from storyline.extract.html import extract_html

        return extract_html(content, url=url)
    if kind == "text":
        from storyline.extract.text import clean_text_dump

        return clean_text_dump(content, recurring=recurring, group=group)
    return Extraction(paragraphs=split_body(content))


def extract_page(page: Page, *, recurring: RecurringLines | None = None) -> Article:
    """Turn a page into its clean article; raises `StorylineError` when there is none."""
    try:
        result = extract_content(
            page.kind, page.content, url=page.given.url, recurring=recurring, group=page.group
        )
    except StorylineError as err:
        raise StorylineError(f"{page.origin}: {err}") from None
    if not result.paragraphs:
        raise StorylineError(f"{page.origin}: no article text found")
    given, fallback = page.given, page.fallback
    body = "\n\n".join(result.paragraphs)
    return Article(
        ref=page.ref,
        origin=page.origin,
        kind=page.kind,
        paragraphs=result.paragraphs,
        url=given.url,
        outlet=given.outlet or result.outlet or fallback.outlet,
        title=given.title or result.title or fallback.title,
        published=given.published or result.published or fallback.published,
        language=given.language or choose_language(body, result.language or fallback.language),
        authors=given.authors or result.authors or fallback.authors,
        removed=result.removed,
        raw=page.raw,
        raw_hash=page.raw_hash,
    )
