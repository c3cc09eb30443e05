"""Events: the clause that carries a resolved date, with the entities acting in it.

The clause is the sentence, cut at semicolons and dashes when the sentence is long, so that
"X happened on May 16 -- the first talks in years" keeps its own date and actors.
"""

from __future__ import annotations

import bisect
import re

from .canonical import ascii_fold
from .records import Event, Mention, TimeExpr

_CLAUSE_BREAK = re.compile(r"\s*(?:;|\s--\s|\s—\s|\s–\s)\s*")
_LONG = 35
_SHORT = 10
_COMMA = re.compile(r",\s+")
_ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC"})


def _clause(text: str, start: int, end: int, at: int) -> tuple[int, int]:
    """The sentence, or in a long one the part between clause breaks (then commas) that
    holds offset ``at``; the work is bounded by a window around ``at``."""
    if end - start <= _LONG * 6 and len(text[start:end].split()) <= _LONG:
        return start, end
    lo, hi = max(start, at - 400), min(end, at + 400)
    c_start = start if lo == start else lo
    c_end = end if hi == end else hi
    for m in _CLAUSE_BREAK.finditer(text, lo, hi):
        if m.start() >= at:
            c_end = m.start()
            break
        c_start = m.end()
    if len(text[c_start:c_end].split()) > _LONG:
        c_start, c_end = _comma_part(text, c_start, c_end, at)
    while c_start < c_end and text[c_start].isspace():
        c_start += 1
    return c_start, c_end


def _comma_part(text: str, start: int, end: int, at: int) -> tuple[int, int]:
    """The comma-separated part of ``text[start:end]`` holding ``at``, grown over its
    neighbours (the left one first, where the subject usually is) until it reads as a clause
    of at least ``_SHORT`` words."""
    cuts = [start] + [m.end() for m in _COMMA.finditer(text, start, end)] + [end]
    i = max(k for k in range(len(cuts) - 1) if cuts[k] <= at)
    lo, hi = i, i + 1
    while len(text[cuts[lo] : cuts[hi]].split()) < _SHORT and (lo > 0 or hi < len(cuts) - 1):
        if lo > 0:
            lo -= 1
        else:
            hi += 1
    stop = cuts[hi]
    if hi < len(cuts) - 1:
        stop = text.rfind(",", cuts[lo], stop)
    return cuts[lo], stop


def find_events(
    text: str,
    sentences: list[tuple[int, int, int]],
    dates: list[TimeExpr],
    mentions: list[Mention],
) -> list[Event]:
    """One event per resolved date expression."""
    starts = [s for s, _, _ in sentences]
    full_names: dict[str, str] = {}
    for m in mentions:
        if m.type == "PERSON":
            last = (ascii_fold(m.text).split() or [""])[-1]
            if len(m.text) > len(full_names.get(last, "")):
                full_names[last] = m.text
    mention_starts = [m.start for m in mentions]
    out = []
    for d in dates:
        if not d.resolved or d.value is None or d.granularity is None:
            continue
        i = bisect.bisect_right(starts, d.start) - 1
        if i < 0:
            continue
        s_start, s_end, _ = sentences[i]
        c_start, c_end = _clause(text, s_start, s_end, d.start)
        actors: list[str] = []
        j = bisect.bisect_left(mention_starts, c_start)
        while j < len(mentions) and mentions[j].start < c_end:
            m = mentions[j]
            j += 1
            if m.type not in _ACTOR_TYPES:
                continue
            name = m.text
            if m.type == "PERSON":
                name = full_names.get((ascii_fold(m.text).split() or [""])[-1], m.text)
            if name not in actors:
                actors.append(name)
        out.append(
            Event(
                text=text[c_start:c_end],
                start=c_start,
                end=c_end,
                date=d.value,
                granularity=d.granularity,
                time=d,
                actors=tuple(actors),
            )
        )
    return out
