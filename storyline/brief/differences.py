"""Differences that are not about numbers: how sources spell a name, how they frame a fact.

- **names**: one entity (as the canonicaliser merged it) written with different spellings
  by different sources (Zakharov/Zakharova, Kiev/Kyiv). Short forms ("Peskov" beside "Dmitry
  Peskov") and plurals ("Russians") are the same spelling, not a difference.
- **framing**: the age of a conflict put differently ("three-year conflict", "now in its fourth
  year", "now in its third year"). Listed side by side, never judged.
"""

from __future__ import annotations

import re
from typing import cast

from storyline.annotate import Canonicaliser
from storyline.annotate.canonical import ascii_fold
from storyline.annotate.records import EntityType

from .records import Difference, DifferenceItem

_TITLES = frozenset("mr mrs ms miss dr prof sir dame".split())
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
_WAR = r"(?:war|conflict|invasion|offensive|fighting|siege|occupation)"
_AGE = re.compile(
    rf"\b(?P<n>\w+)-(?P<unit>year|month)(?:-long|-old)?\s+(?:[\w’'-]+\s+){{0,2}}?{_WAR}\b", re.I
)
_NTH = re.compile(r"\b(?:now\s+)?in\s+its\s+(?P<n>\w+)\s+(?P<unit>year|month)\b", re.I)


def name_differences(
    articles: list[tuple[str, tuple[tuple[str, str], ...]]],
    canon: Canonicaliser,
    order: dict[str, tuple[str, int]],
) -> tuple[Difference, ...]:
    """Entities spelled differently across the story's articles, given as ``(article id,
    distinct (form, type) names)``."""
    forms: dict[str, dict[str, dict[str, None]]] = {}  # entity id -> form -> articles
    for aid, names in articles:
        for text, type_ in names:
            # the same answer for every article: memoised
            found = canon.resolve(text, cast(EntityType, type_))
            if found:
                forms.setdefault(found, {}).setdefault(text, {})[aid] = None
    out = []
    for entity_id, by_form in forms.items():
        spellings = _spellings(list(by_form))
        if len(spellings) < 2:
            continue
        items = []
        for spelling, members in spellings.items():
            srcs: dict[str, None] = {}
            for form in members:
                srcs.update(by_form[form])
            text = max(members, key=lambda f: (len(by_form[f]), len(f)))
            items.append(
                DifferenceItem(
                    text=text,
                    sources=tuple(sorted(srcs, key=lambda a: order[a])),
                    value=spelling,
                )
            )
        items.sort(key=lambda i: order[i.sources[0]])
        out.append(Difference(kind="name", about=canon.name_of(entity_id), items=tuple(items)))
    return tuple(out)


def _spellings(forms: list[str]) -> dict[str, list[str]]:
    """Distinct spellings among the forms of one entity, each with the forms written so.
    A form whose words are the tail of a longer form ("Peskov" of "Dmitry Peskov") follows
    that form; a plural follows its singular."""
    folded = {f: _without_title(ascii_fold(f)) for f in forms}
    fulls = sorted({v for v in folded.values() if v}, key=lambda v: -len(v))
    kept: list[str] = []
    for v in fulls:
        if any(_tail(v, k) or _plural(v, k) for k in kept):
            continue
        kept.append(v)
    out: dict[str, list[str]] = {}
    for form, v in folded.items():
        homes = [k for k in kept if k == v or _tail(v, k) or _plural(v, k)]
        for k in homes:
            out.setdefault(k, []).append(form)
    return out


def _without_title(folded: str) -> str:
    words = folded.split()
    while len(words) > 1 and words[0] in _TITLES:
        words = words[1:]
    return " ".join(words)


def _tail(short: str, full: str) -> bool:
    return short != full and full.endswith(" " + short)


def _plural(a: str, b: str) -> bool:
    return a != b and (a == b + "s" or b == a + "s")


def framing_claims(text: str) -> tuple[tuple[str, str], ...]:
    """(claim, verbatim phrase) for each statement of the conflict's age in ``text``."""
    out = []
    for pattern, kind in ((_AGE, "length"), (_NTH, "ordinal")):
        for m in pattern.finditer(text):
            n = _NUMBERS.get(m.group("n").lower())
            if n is None and m.group("n").isdigit():
                n = int(m.group("n"))
            if n is None:
                continue
            unit = m.group("unit").lower()
            claim = f"{n} {unit}s" if kind == "length" else f"in its {_ordinal(n)} {unit}"
            out.append((claim, m.group(0)))
    return tuple(out)


def framing_differences(
    articles: list[tuple[str, tuple[tuple[str, str], ...]]], order: dict[str, tuple[str, int]]
) -> tuple[Difference, ...]:
    """How the sources state the age of the conflict, when they state it differently; given
    ``(article id, framing claims)``."""
    claims: dict[str, tuple[str, dict[str, None]]] = {}
    for aid, found in articles:
        for claim, phrase in found:
            text, srcs = claims.setdefault(claim, (phrase, {}))
            srcs[aid] = None
    if len(claims) < 2:
        return ()
    items = tuple(
        DifferenceItem(text=text, sources=tuple(sorted(srcs, key=lambda a: order[a])), value=claim)
        for claim, (text, srcs) in sorted(
            claims.items(), key=lambda kv: order[next(iter(kv[1][1]))]
        )
    )
    return (Difference(kind="framing", about="how long the conflict has lasted", items=items),)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
