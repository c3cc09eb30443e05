"""The quote ledger: who said what, where it first appeared, and how outlets worded it.

Quotes come merged from ``merge_facts`` (one quote per utterance, speakers canonicalised); the
ledger adds the speaker's role, the first article to carry the quote, and the articles behind
each variant wording, so "faster" vs "quicker" can be traced to who wrote which.
"""

from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher

from storyline.annotate import StoryFacts
from storyline.annotate.canonical import _generic, ascii_fold
from storyline.records import normalise_for_hash

from .records import BriefArticle, QuoteItem, Variant


def quote_ledger(
    facts: StoryFacts,
    articles: dict[str, BriefArticle],
    order: dict[str, tuple[str, int]],
) -> tuple[QuoteItem, ...]:
    """Quotes grouped by speaker (most quoted first), each speaker's quotes by first report."""
    roles = {e.name: (e.roles[0] if e.roles else None) for e in facts.entities}
    items = []
    for q in facts.quotes:
        sources = tuple(sorted((s for s in q.sources if s in articles), key=lambda a: order[a]))
        if not sources:
            continue
        found: dict[str, dict[str, None]] = {}
        for v in q.variants:
            for a in sources:
                if v in articles[a].text:
                    found.setdefault(v, {})[a] = None
        main = tuple(a for a in sources if q.text in articles[a].text)
        for a in sources:
            if a not in main and not any(a in srcs for srcs in found.values()):
                wording = _own_wording(q.text, articles[a])
                if wording:
                    found.setdefault(wording, {})[a] = None
        variants = [Variant(text=v, sources=tuple(srcs)) for v, srcs in found.items()]
        # an article carrying only a variant is still a source of the quote, listed first
        # where the main wording appears so the text can be checked against it
        rest = tuple(a for a in sources if a not in main)
        first = sources[0]
        items.append(
            QuoteItem(
                speaker=q.speaker,
                role=roles.get(q.speaker) if q.speaker else None,
                text=q.text,
                kind=q.kind,
                sources=main + rest,
                first=first,
                first_published=articles[first].published,
                variants=tuple(variants),
            )
        )
    items = _apart(items, articles)
    count: dict[str | None, int] = {}
    earliest: dict[str | None, tuple[str, int]] = {}
    for it in items:
        count[it.speaker] = count.get(it.speaker, 0) + 1
        key = order[it.first] if it.first else ("9999", 0)
        earliest[it.speaker] = min(earliest.get(it.speaker, key), key)
    items.sort(
        key=lambda it: (
            it.speaker is None,
            -count[it.speaker],
            earliest[it.speaker],
            it.speaker or "",
            order[it.first] if it.first else ("9999", 0),
        )
    )
    return tuple(items)


def _own_wording(text: str, article: BriefArticle) -> str | None:
    """How ``article`` words a quote it was merged into, when not word for word."""
    target = normalise_for_hash(text).split()
    best, best_ratio = None, 0.6
    for q in article.facts.quotes:
        tokens = normalise_for_hash(q.text).split()
        if tokens == target:
            return None  # same words, other punctuation: not a variant
        ratio = SequenceMatcher(None, target, tokens, autojunk=False).ratio()
        if ratio > best_ratio:
            best, best_ratio = q.text, ratio
    return best


def _apart(items: list[QuoteItem], articles: dict[str, BriefArticle]) -> list[QuoteItem]:
    """An institution named without its country ("Defense Ministry") is a different speaker
    in each article that names it so (Germany's in one, Russia's in another): when several
    articles do, each one's quotes go under the name as written and the article that wrote it,
    never under one shared heading."""
    firsts: dict[str, set[str]] = {}
    for it in items:
        if it.speaker and it.first and _generic(ascii_fold(it.speaker), "ORG"):
            firsts.setdefault(it.speaker, set()).add(it.first)
    shared = {name for name, seen in firsts.items() if len(seen) > 1}
    if not shared:
        return items
    return [
        replace(it, speaker=f"{it.speaker} ({articles[it.first].label})")
        if it.speaker in shared and it.first
        else it
        for it in items
    ]
