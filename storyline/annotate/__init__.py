"""The fact stage: entities, quotes, dates and events, figures of one article
(``annotate``), and their consolidation across the articles of a story (``merge_facts``).

Pure functions over text: no store, no network. spaCy's NER is loaded once per process and
run only on windows around capitalised words; everything else is rules (see each module).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.lazy import lazy_exports

from .records import (
    ArticleFacts,
    Event,
    Figure,
    Mention,
    Quote,
    StoryEntity,
    StoryFacts,
    StoryFigure,
    StoryQuote,
    TimeExpr,
    TimelineEntry,
)

# The finders and the merge load on first use (`storyline.lazy`): reading stored facts needs
# only the records.
lazy_exports(__name__, {
    "Canonicaliser": "canonical", "find_dates": "dates", "parse_published": "dates",
    "find_entities": "entities", "find_events": "events", "find_figures": "figures",
    "merge_facts": "merge", "find_quotes": "quotes", "paragraphs": "sentences",
    "split": "sentences",
})  # fmt: skip

if TYPE_CHECKING:
    from .canonical import Canonicaliser
    from .merge import merge_facts

__all__ = [
    "ArticleFacts", "Canonicaliser", "Event", "Figure", "Mention", "Quote", "StoryEntity",
    "StoryFacts", "StoryFigure", "StoryQuote", "TimeExpr", "TimelineEntry", "annotate",
    "merge_facts",
]  # fmt: skip


def annotate(
    article_text: str,
    *,
    published: str | None,
    language: str | None,
    title: str | None = None,
) -> ArticleFacts:
    """All facts of one article; offsets are into ``article_text``.

    ``published`` (ISO date or datetime) anchors relative dates; without it they stay
    unresolved. A ``language`` other than English returns empty facts marked ``skipped``;
    ``None`` is taken as English. ``title`` is accepted for callers' convenience and not
    annotated: facts point into the body only.
    """
    if language and not language.lower().replace("_", "-").startswith("en"):
        return ArticleFacts(skipped=f"language {language!r} is not supported")
    if not article_text or not article_text.strip():
        return ArticleFacts()
    from .dates import find_dates, parse_published
    from .entities import find_entities
    from .events import find_events
    from .figures import find_figures
    from .quotes import find_quotes
    from .sentences import paragraphs, split

    sentences = split(article_text)
    dates = find_dates(article_text, sentences, published)
    mentions = find_entities(article_text, sentences)
    quotes = find_quotes(article_text, paragraphs(article_text), sentences, mentions)
    events = find_events(
        article_text,
        sentences,
        dates,
        mentions,
        paragraphs(article_text),
        parse_published(published),
    )
    figures = find_figures(article_text, sentences, dates, mentions, parse_published(published))
    return ArticleFacts(
        entities=tuple(mentions),
        quotes=tuple(quotes),
        events=tuple(events),
        figures=tuple(figures),
        dates=tuple(dates),
    )
