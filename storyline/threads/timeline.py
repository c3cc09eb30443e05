"""A thread's timeline as a journalist would write it: the dates that matter over months,
one sentence each saying what happened, with the sources that report it.

Why these signals (the timeline-summarisation literature's, Tran et al. 2013; Gholipour
Ghalandari & Ifrim 2020): a date matters when many *independent* sources report something
on it — by publishing about it that day or the next (news is written the day after), and by
naming it later ("on April 20, the rig exploded"), which is how the turning points of a
long story keep being recalled months on. Mentions count per source, not per sentence, so
one wordy article or one wire text republished fifty times does not outweigh the field.

A date's sentence is the most central of the sentences that name that date (or, for a
publication-day date, the leads of that day's articles): the one closest to what all of
them say, so the line is what most sources agree happened. Right or silent: a date without
a sentence that names or leads it is dropped rather than given someone else's line.

Pure: articles in, entries out; no store.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.annotate.dates import find_dates
from storyline.annotate.sentences import split
from storyline.stories.features import STOP

PUBLISHED_WEIGHT = 0.5
"""What one source publishing on a day (or the day after) adds to that day, against 1 for
one source naming the day in a sentence: publication days are many and cheap (a slow news
day still has articles), named days are the ones reporters chose to recall."""
LEAD_SENTENCES = 2
"""Sentences of an article that may speak for its publication day (the lead)."""
MIN_WORDS, MAX_WORDS = 6, 60
"""A timeline line is a sentence, not a caption or a paragraph."""

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


@dataclass(frozen=True)
class ThreadArticle:
    """One article of a thread, as the timeline needs it: ``source`` tells independent
    reports apart (an outlet, or a wire text's origin; the article id when neither is
    known)."""

    article_id: str
    published: date | None
    text: str
    source: str


@dataclass(frozen=True)
class TimelineItem:
    """One date of a thread's timeline: what happened (``text``, from ``article_id``), the
    sources reporting something on that date, and the date's weight (independent sources)."""

    date: date
    text: str
    article_id: str
    sources: tuple[str, ...]
    weight: float


@dataclass
class _Candidate:
    text: str
    article_id: str
    source: str
    words: frozenset[str]
    named: bool  # names the date (else: a lead on publication day)


def _words(sentence: str) -> frozenset[str]:
    return frozenset(w for w in (m.group().lower() for m in _WORD.finditer(sentence))
                     if w not in STOP and len(w) > 2)  # fmt: skip


def _clean(sentence: str) -> str:
    return " ".join(sentence.split())


def _collect(
    articles: Iterable[ThreadArticle],
) -> tuple[dict[date, set[str]], dict[date, set[str]], dict[date, list[_Candidate]]]:
    named: dict[date, set[str]] = defaultdict(set)
    published: dict[date, set[str]] = defaultdict(set)
    candidates: dict[date, list[_Candidate]] = defaultdict(list)
    for article in articles:
        text = article.text or ""
        sentences = split(text)
        if article.published is not None:
            for day in (article.published, article.published - timedelta(days=1)):
                published[day].add(article.source)
            for start, end, _ in sentences[:LEAD_SENTENCES]:
                sentence = _clean(text[start:end])
                if MIN_WORDS <= len(sentence.split()) <= MAX_WORDS:
                    candidates[article.published].append(
                        _Candidate(
                            sentence, article.article_id, article.source, _words(sentence), False
                        )  # fmt: skip
                    )
        pub = article.published.isoformat() if article.published else None
        seen: set[tuple[date, int]] = set()
        for expr in find_dates(text, sentences, pub):
            if expr.kind != "point" or not expr.value or len(expr.value) != 10:
                continue
            try:
                day = date.fromisoformat(expr.value)
            except ValueError:
                continue
            if article.published is not None and day > article.published:
                continue  # plans and forecasts are not what happened
            index = next((i for i, (s, e, _) in enumerate(sentences) if s <= expr.start < e),
                         None)  # fmt: skip
            if index is None or (day, index) in seen:
                continue
            seen.add((day, index))
            named[day].add(article.source)
            start, end, _ = sentences[index]
            sentence = _clean(text[start:end])
            if MIN_WORDS <= len(sentence.split()) <= MAX_WORDS:
                candidates[day].append(
                    _Candidate(
                        sentence, article.article_id, article.source, _words(sentence), True
                    )  # fmt: skip
                )
    return named, published, candidates


def _central(candidates: Sequence[_Candidate]) -> tuple[_Candidate, tuple[str, ...]]:
    """The candidate closest to all others (sum of word overlaps, named dates first), and the
    sources whose sentences share its content."""
    pool = [c for c in candidates if c.named] or list(candidates)
    df: Counter[str] = Counter()
    for c in candidates:
        df.update(c.words)

    def score(c: _Candidate) -> float:
        if not c.words:
            return 0.0
        return math.fsum(math.log(1 + df[w]) for w in c.words) / math.sqrt(len(c.words))

    best = max(pool, key=lambda c: (score(c), -len(c.text), c.article_id))
    sources = {best.source}
    for c in candidates:
        overlap = len(c.words & best.words) / max(1, min(len(c.words), len(best.words)))
        if overlap >= 0.3:
            sources.add(c.source)
    return best, tuple(sorted(sources))


def rank_dates(articles: Iterable[ThreadArticle]) -> list[tuple[date, float]]:
    """Every date with evidence, weighted by independent sources (see the module docstring),
    heaviest first (ties: the earlier date)."""
    named, published, _ = _collect(articles)
    return _ranked(named, published)


def _ranked(
    named: dict[date, set[str]], published: dict[date, set[str]]
) -> list[tuple[date, float]]:
    days = set(named) | set(published)
    weights = {d: len(named.get(d, ())) + PUBLISHED_WEIGHT * len(published.get(d, ()))
               for d in days}  # fmt: skip
    return sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))


@dataclass(frozen=True)
class Evidence:
    """What a thread's articles say about dates, read once (`collect`) and cut many ways."""

    named: dict[date, set[str]]
    published: dict[date, set[str]]
    candidates: dict[date, list[_Candidate]]


def collect(articles: Iterable[ThreadArticle]) -> Evidence:
    return Evidence(*_collect(articles))


def thread_timeline(
    articles: Iterable[ThreadArticle] | Evidence,
    limit: int = 15,
    start: date | None = None,
    end: date | None = None,
) -> list[TimelineItem]:
    """The ``limit`` dates that matter (between ``start`` and ``end`` when given), each with
    its sentence and sources, in date order. ``articles`` may be `collect`'s evidence."""
    evidence = articles if isinstance(articles, Evidence) else collect(articles)
    named, published, candidates = evidence.named, evidence.published, evidence.candidates
    items = []
    for day, weight in _ranked(named, published):
        if (start and day < start) or (end and day > end):
            continue
        pool = candidates.get(day)
        if not pool:
            continue
        best, sources = _central(pool)
        items.append(TimelineItem(day, best.text, best.article_id, sources, weight))
        if len(items) >= limit:
            break
    return sorted(items, key=lambda item: item.date)
