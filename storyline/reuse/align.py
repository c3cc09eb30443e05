"""Sentence alignment of two articles into shared passages, tolerant of light edits.

Two sentences match when their word sets are close: Jaccard >= ``MIN_JACCARD`` (a changed
word, a spelling variant such as Kiev/Kyiv, a reordered clause), or one contains nearly all of
the other's words (containment >= ``MIN_CONTAINMENT``, both with enough words: a dropped or
added clause). Each sentence is matched at most once (best pairs first), and matched pairs
that follow each other in both texts (gaps of one unmatched sentence allowed, as outlets drop
or insert a sentence) merge into one passage. Word sets rather than difflib: set operations
cost microseconds per pair and are indifferent to the reordering editors do inside sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.reuse.keys import FUNCTION_WORDS
from storyline.reuse.records import SharedPassage
from storyline.reuse.sentences import Sentence

MIN_JACCARD = 0.6
MIN_CONTAINMENT = 0.85
MIN_WORDS = 4
"""Sentences with fewer words never match on their own ("He said so." is everywhere)."""
MIN_CONTAINMENT_WORDS = 6
MAX_GAP = 2


@dataclass(frozen=True)
class Alignment:
    """The passages two texts share and the share of each text's sentence characters."""

    passages: tuple[SharedPassage, ...]
    shared_a: float
    shared_b: float
    chars_a: int
    chars_b: int


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    common = len(a & b)
    if not common:
        return 0.0
    jaccard = common / len(a | b)
    if jaccard >= MIN_JACCARD:
        return jaccard
    small = min(len(a), len(b))
    if small >= MIN_CONTAINMENT_WORDS and common / small >= MIN_CONTAINMENT:
        return MIN_JACCARD  # a clause dropped: a match, ranked below close copies
    return 0.0


def _sentence_chars(text: str, sentences: list[Sentence]) -> int:
    return sum(s.end - s.start for s in sentences)


def align(text_a: str, sa: list[Sentence], text_b: str, sb: list[Sentence]) -> Alignment:
    """Align sentences ``sa`` of ``text_a`` with ``sb`` of ``text_b`` (from ``split_sentences``)."""
    sets_a = [frozenset(s.tokens) for s in sa]
    sets_b = [frozenset(s.tokens) for s in sb]
    # Sentence pairs are proposed by shared content words only (function words would pair
    # every sentence with every other), and must share at least two of them.
    by_word: dict[str, list[int]] = {}
    for j, words in enumerate(sets_b):
        if len(words) >= MIN_WORDS:
            for w in words - FUNCTION_WORDS:
                by_word.setdefault(w, []).append(j)
    pairs: list[tuple[float, int, int]] = []
    for i, words in enumerate(sets_a):
        if len(words) < MIN_WORDS:
            continue
        shared: dict[int, int] = {}
        for w in words - FUNCTION_WORDS:
            for j in by_word.get(w, ()):
                shared[j] = shared.get(j, 0) + 1
        for j, count in shared.items():
            if count < 2:
                continue
            score = _similarity(words, sets_b[j])
            if score:
                pairs.append((score, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    matched: list[tuple[int, int]] = []
    for _, i, j in pairs:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            matched.append((i, j))
    matched.sort()
    runs: list[list[tuple[int, int]]] = []
    for i, j in matched:
        if runs:
            pi, pj = runs[-1][-1]
            if i - pi <= MAX_GAP and 0 < j - pj <= MAX_GAP:
                runs[-1].append((i, j))
                continue
        runs.append([(i, j)])
    passages = []
    for run in runs:
        (i0, j0), (i1, j1) = run[0], run[-1]
        a_start, a_end = sa[i0].start, sa[i1].end
        b_start, b_end = sb[j0].start, sb[j1].end
        verbatim = all(sa[i].tokens == sb[j].tokens for i, j in run)
        passages.append(
            SharedPassage(
                a_start,
                a_end,
                b_start,
                b_end,
                text_a[a_start:a_end],
                text_b[b_start:b_end],
                "verbatim" if verbatim else "edited",
            )
        )
    chars_a, chars_b = _sentence_chars(text_a, sa), _sentence_chars(text_b, sb)
    shared_a = sum(sa[i].end - sa[i].start for i, _ in matched)
    shared_b = sum(sb[j].end - sb[j].start for _, j in matched)
    return Alignment(
        tuple(passages),
        shared_a / chars_a if chars_a else 0.0,
        shared_b / chars_b if chars_b else 0.0,
        chars_a,
        chars_b,
    )
