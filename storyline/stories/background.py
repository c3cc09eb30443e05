"""Background document frequencies: how common a word is in news text at large.

A fresh store has seen too few articles for its own document frequencies to tell a topic's
everyday words ("talks", "said", "government") from an event's own ("Istanbul",
"memorandum"), so everything on one topic looks alike and the clusterer has to wait for
hundreds of articles before trusting a match. Word frequencies from wordfreq (a corpus of
many genres, shipped with the package) give every term a prior document share from the first
article on; the store's own counts take over as they grow.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache

TOKENS_PER_DOCUMENT = 500
"""The length of a typical article, turning a word's frequency into the share of documents
that contain it: 1 - exp(-tokens * frequency)."""


@lru_cache(maxsize=200_000)
def background_share(term: str) -> float:
    """The prior share of news articles containing ``term`` (a folded word, or a phrase:
    as rare as its rarest word); 0 when wordfreq is not installed or knows nothing of it."""
    words = term.lstrip("@").split()
    if not words:
        return 0.0
    return min(_word_share(word) for word in words)


def word_shares(terms: Iterable[str]) -> dict[str, float]:
    """The share of every word of ``terms``: computed where the words are found (a worker
    process, `storyline.workers`) and handed to the process that weighs them (`remember`),
    so that the single writer does no wordfreq lookups of its own."""
    words = {word for term in terms for word in term.lstrip("@").split()}
    return {word: _word_share(word) for word in words}


def remember(shares: dict[str, float]) -> None:
    """Take shares computed elsewhere by `word_shares` (the same pure function of the word,
    so the weights are those this process would compute); each is used once, then cached."""
    _given.update(shares)
    while len(_given) > _GIVEN:  # words this process had weighed already are never taken
        del _given[next(iter(_given))]


_given: dict[str, float] = {}
_GIVEN = 50_000


@lru_cache(maxsize=200_000)
def _word_share(word: str) -> float:
    given = _given.pop(word, None)
    if given is not None:
        return given
    try:
        frequency = _frequency(word)
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return 0.0
    return 1.0 - math.exp(-TOKENS_PER_DOCUMENT * frequency)


_PLAIN = re.compile(r"[a-z]+")


def _frequency(word: str) -> float:
    """``wordfreq.word_frequency(word, "en")``. A plain lowercase ASCII word (nine words in
    ten) is its own only token, so its frequency is its entry in wordfreq's table, rounded to
    three significant digits as wordfreq rounds it: the same value, without running
    wordfreq's tokenizer once per new word. Anything else (digits, hyphens, accents,
    apostrophes) goes through wordfreq itself."""
    if _PLAIN.fullmatch(word):
        frequency = _english().get(word, 0.0)
        if frequency == 0.0:
            return 0.0
        return round(frequency, math.floor(-math.log(frequency, 10)) + 3)
    from wordfreq import word_frequency

    return word_frequency(word, "en")


@lru_cache(maxsize=1)
def _english() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", "best")  # the key word_frequency caches the table under
