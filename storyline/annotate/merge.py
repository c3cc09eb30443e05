"""Consolidation of many articles' facts into one story's facts, every item with its sources.

- entities: one ``Canonicaliser`` over all mentions, article by article;
- quotes: the same words from several outlets are one quote (normalised text equal, one
  containing the other, or token similarity ≥ 0.9); a close rendering (≥ 0.75, same speaker,
  e.g. a translation differing by a word) is kept beside it as a ``variant``;
- timeline: events on the same date that share content words are one entry; the event's
  date stays apart from the sources' publication dates (``reported``);
- figures: the same value and unit at dates less than a week apart are one figure.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import chain, combinations

from storyline.records import normalise_for_hash

from .canonical import Canonicaliser
from .records import (
    ArticleFacts,
    Granularity,
    QuoteKind,
    StoryFacts,
    StoryFigure,
    StoryQuote,
    TimelineEntry,
)

SAME_QUOTE = 0.9
SAME_EVENT_WORDS = 2
VARIANT_QUOTE = 0.75
_STOPWORDS = frozenset(
    """the a an of in on at to for from by with and or but as that which who was were is are be
    been has have had will would could should said says told after before during over its their
    his her this these those it they he she we than also into about more most not no yet first
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december week month year""".split()
)
_WORD = re.compile(r"[a-z][a-z'-]+")

Item = tuple[str, str | None, str | None, ArticleFacts]


@dataclass
class _QuoteGroup:
    speaker_id: str | None
    speaker: str | None
    text: str
    norm: str
    tokens: list[str]
    kind: QuoteKind
    sources: dict[str, None] = field(default_factory=dict)
    variants: dict[str, str] = field(default_factory=dict)  # norm -> text
    token_set: frozenset[str] = frozenset()


@dataclass
class _EventGroup:
    date: str
    granularity: Granularity
    text: str
    words: set[str]
    actors: dict[str, None] = field(default_factory=dict)
    sources: dict[str, None] = field(default_factory=dict)
    reported: dict[str, None] = field(default_factory=dict)


@dataclass
class _FigureGroup:
    value: float | None
    unit: str
    text: str
    date: str | None
    qualifier: str | None
    actor: str | None
    sources: dict[str, None] = field(default_factory=dict)


def merge_facts(items: list[Item], canonicaliser: Canonicaliser | None = None) -> StoryFacts:
    """Merge ``(article_id, published, outlet, ArticleFacts)`` items, in the given order.

    Pass a long-lived ``canonicaliser`` to keep entity ids stable across calls.
    """
    canon = canonicaliser or Canonicaliser()
    for article_id, _, _, facts in items:
        for m in facts.entities:
            canon.add(m.text, m.type, source=article_id, role=m.role)

    quotes: list[_QuoteGroup] = []
    quote_index: dict[str, list[int]] = {}
    quote_sets: dict[frozenset[str], list[int]] = {}
    events: list[_EventGroup] = []
    figures: list[_FigureGroup] = []
    for article_id, published, _, facts in items:
        for q in facts.quotes:
            _add_quote(
                quotes,
                quote_index,
                quote_sets,
                canon,
                article_id,
                q.speaker,
                q.speaker_type,
                q.text,
                q.kind,
            )
        for e in facts.events:
            actors = [canon.name_of(i) for a in e.actors if (i := canon.resolve(a))]
            _add_event(events, article_id, published, e.date, e.granularity, e.text, actors)
        for f in facts.figures:
            actor = None
            if f.actor and (i := canon.resolve(f.actor)):
                actor = canon.name_of(i)
            _add_figure(figures, article_id, f.value, f.unit, f.text, f.date, f.qualifier, actor)

    story_ids = {article_id for article_id, _, _, _ in items}
    entities = tuple(e for e in canon.entities() if story_ids & set(e.sources))
    return StoryFacts(
        entities=entities,
        quotes=tuple(
            StoryQuote(
                speaker=canon.name_of(g.speaker_id) if g.speaker_id else g.speaker,
                text=g.text,
                sources=tuple(g.sources),
                variants=tuple(g.variants.values()),
                kind=g.kind,
            )
            for g in quotes
        ),
        timeline=tuple(
            TimelineEntry(
                date=g.date,
                granularity=g.granularity,
                text=g.text,
                sources=tuple(g.sources),
                actors=tuple(g.actors),
                reported=tuple(g.reported),
            )
            for g in sorted(events, key=lambda g: g.date)
        ),
        figures=tuple(
            StoryFigure(
                value=g.value,
                unit=g.unit,
                text=g.text,
                date=g.date,
                sources=tuple(g.sources),
                qualifier=g.qualifier,
                actor=g.actor,
            )
            for g in sorted(figures, key=lambda g: -len(g.sources))
        ),
    )


def _tokens(norm: str) -> list[str]:
    return norm.split()


_COMMON_POSTINGS = 32
"""A token held by more quote groups than this is not used to find a quote's candidates
(while the rule below allows it), so that "the" does not make every group one."""
_MAX_COMMON = 4


def _quote_candidates(
    groups: list[_QuoteGroup],
    index: dict[str, list[int]],
    by_tokens: dict[frozenset[str], list[int]],
    token_set: frozenset[str],
) -> list[int]:
    """The groups that can match a quote of these tokens, in the groups' order.

    A match is equal to the quote, contains it, is contained in it (every token of one in
    the other), or overlaps it by half (3 × shared ≥ both sizes), so it shares at least a
    third of the quote's tokens or holds only tokens of the quote. When the quote's ``k``
    most common tokens are under a third of them, every match therefore shares one of its
    other tokens, or holds only some of those ``k`` (looked up in ``by_tokens``, the groups
    by their exact token sets); and a group sharing ``c`` of the other tokens shares at most
    ``c + k``, which rules most groups out on counts alone. Otherwise (a short quote of
    common words) the counts run over all its tokens."""
    size = len(token_set)
    ranked = sorted(token_set, key=lambda t: -len(index.get(t, ())))
    common = [t for t in ranked[:_MAX_COMMON] if len(index.get(t, ())) > _COMMON_POSTINGS]
    if not common or 3 * len(common) >= size:
        common = []
    k = len(common)
    counts = Counter(chain.from_iterable(index.get(t, ()) for t in ranked[k:]))
    found = [
        i for i, c in counts.items()
        if c + k >= size or c + k >= (m := len(groups[i].token_set)) or 3 * (c + k) >= size + m
    ]  # fmt: skip
    for n in range(1, k + 1):
        for subset in combinations(common, n):
            found.extend(by_tokens.get(frozenset(subset), ()))
    return sorted(set(found))


def _add_quote(
    groups: list[_QuoteGroup],
    index: dict[str, list[int]],
    by_tokens: dict[frozenset[str], list[int]],
    canon: Canonicaliser,
    source: str,
    speaker: str | None,
    speaker_type,
    text: str,
    kind: QuoteKind,
) -> None:
    """Add one quote to the story's groups. ``index`` maps each token to the groups that
    hold it: only groups sharing a token can match (equal, containing or overlapping by
    half), so a story's quotes are compared with their likely matches, not all with all."""
    speaker_id = None
    if speaker:
        speaker_id = canon.resolve(speaker, speaker_type, source) or canon.add(
            speaker, speaker_type or "ORG", source=source
        )
    norm = normalise_for_hash(text)
    if not norm:
        return
    tokens = _tokens(norm)
    token_set = frozenset(tokens)
    size = len(token_set)
    best: tuple[float, int] | None = None
    for i in _quote_candidates(groups, index, by_tokens, token_set):
        g = groups[i]
        inter = len(token_set & g.token_set)
        # a match is equal, contains or is contained (every token of one in the other), or
        # overlaps by half (3 × shared ≥ both sizes): any other group is passed at once
        if inter != size and inter != len(g.token_set) and 3 * inter < size + len(g.token_set):
            continue
        if speaker_id and g.speaker_id and speaker_id != g.speaker_id:
            continue
        if g.norm == norm:
            best = (1.0, i)
            break
        # containment means every token of the shorter text is in the longer one
        if inter in (len(token_set), len(g.token_set)):
            shorter, longer = sorted((norm, g.norm), key=len)
            if len(shorter.split()) >= 4 and f" {shorter} " in f" {longer} ":
                best = (1.0, i)
                break
        overlap = inter / max(len(token_set) + len(g.token_set) - inter, 1)
        if overlap < 0.5:
            continue
        ratio = SequenceMatcher(None, tokens, g.tokens, autojunk=False).ratio()
        if ratio >= VARIANT_QUOTE and (best is None or ratio > best[0]):
            best = (ratio, i)
    if best is None:
        for t in token_set:
            index.setdefault(t, []).append(len(groups))
        by_tokens.setdefault(token_set, []).append(len(groups))
        groups.append(
            _QuoteGroup(
                speaker_id, speaker, text, norm, tokens, kind, sources={source: None},
                token_set=token_set,
            )
        )  # fmt: skip
        return
    ratio, position = best
    g = groups[position]
    g.sources[source] = None
    if g.speaker_id is None and speaker_id is not None:
        g.speaker_id, g.speaker = speaker_id, speaker
    if kind == "direct" and g.kind != "direct":
        g.kind = kind
    if ratio < SAME_QUOTE and norm != g.norm and norm not in g.variants:
        g.variants[norm] = text
    elif len(norm) > len(g.norm) and f" {g.norm} " in f" {norm} ":
        # keep the fuller rendering; its tokens include the old ones
        for t in token_set - g.token_set:
            index.setdefault(t, []).append(position)
        if token_set != g.token_set:
            by_tokens[g.token_set].remove(position)
            by_tokens.setdefault(token_set, []).append(position)
        g.text, g.norm, g.tokens, g.token_set = text, norm, tokens, token_set


def _content_words(text: str) -> set[str]:
    return {
        w for w in _WORD.findall(text.lower().replace("’", "'"))
        if w not in _STOPWORDS and len(w) > 2
    }  # fmt: skip


def _add_event(
    groups: list[_EventGroup],
    source: str,
    published: str | None,
    when: str,
    granularity: Granularity,
    text: str,
    actors: list[str],
) -> None:
    words = _content_words(text)
    for g in groups:
        if g.date != when or g.granularity != granularity:
            continue
        shared = len(words & g.words)
        # one happening told twice shares most of its words; two happenings of one day in
        # one region share a few ("Kursk", "region") and stay apart
        if shared >= SAME_EVENT_WORDS and shared / max(min(len(words), len(g.words)), 1) >= 0.3:
            break
    else:
        g = _EventGroup(when, granularity, text, set(words))
        groups.append(g)
    g.words |= words
    g.sources[source] = None
    if published:
        g.reported[published[:10]] = None
    for a in actors:
        g.actors[a] = None


def _close_dates(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    if len(a) == len(b) == 10:
        from datetime import date

        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= 7
    return a[: min(len(a), len(b))] == b[: min(len(a), len(b))]


def _add_figure(
    groups: list[_FigureGroup],
    source: str,
    value: float | None,
    unit: str,
    text: str,
    when: str | None,
    qualifier: str | None,
    actor: str | None,
) -> None:
    for g in groups:
        if (
            g.unit == unit
            and (
                g.value == value  # vague quantities have no value: same words, same figure
                if g.value is None or value is None
                else abs(g.value - value) <= 1e-9 * max(1.0, abs(value))
            )
            and (_close_dates(g.date, when))
        ):
            break
    else:
        g = _FigureGroup(value, unit, text, when, qualifier, actor)
        groups.append(g)
    g.sources[source] = None
