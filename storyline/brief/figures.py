"""The figure ledger and figure disagreements.

The ledger lists each value of each quantity once: statements of the same value of the
same counted thing (its unit's head: "prisoners of war" and "prisoners" alike) with
compatible qualifiers and dates that agree (a day inside a month) are one item with all
their sources. Its "about" is the figure's own noun phrase as first written.

Disagreement is stricter: the counted thing, the predicate read next to the number ("people
... died", "drones ... fired"), the actor in its clause and the date must all match and the
values differ, so the ledger never invents a disagreement:

- different dates are different facts (105 drones one night, 90 another night);
- a number whose predicate cannot be read is listed but never compared;
- qualifiers must be compatible ("at least 14" vs "17" are comparable; "€2,000 each" and a
  total are not; "about 5,000" and "5,100" are the same);
- vague quantities ("dozens", "tens of thousands") are never compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as _date

from storyline.annotate import Canonicaliser, Figure, Mention

from .origins import Origins
from .records import BriefArticle, Difference, DifferenceItem, FigureItem

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|[,;:()–—]")
_CLAUSE_END = frozenset(",;:()–—")
_SKIP = frozenset(
    """have has had be been being is are was were will would could may might now still so far
    known believed reported feared thought said says confirmed estimated expected to as of
    already reportedly officially remain remained remains also since all in total more who
    which that overnight yesterday today""".split()
)
_IRREGULAR = frozenset(
    """dead died killed missing shot fell lost hit sent left held took gave won built sold paid
    cut struck injured wounded hurt displaced homeless stranded trapped""".split()
)
_SYNONYMS = {
    "died": "died", "dead": "died", "killed": "died", "perished": "died",
    "evacuated": "evacuated", "displaced": "evacuated", "moved": "evacuated",
    "injured": "injured", "wounded": "injured", "hurt": "injured",
    "rescued": "rescued", "lifted": "rescued", "saved": "rescued",
    "detained": "detained", "arrested": "detained",
    "downed": "shot down", "shot": "shot down", "intercepted": "shot down",
    "repelled": "shot down", "destroyed": "destroyed",
}  # fmt: skip
_VAGUE = re.compile(r"\b(dozens|scores|hundreds|thousands|millions|billions|tens of)\b", re.I)
_ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_CLASS = {
    None: "point", "exactly": "point", "around": "point", "nearly": "point",
    "at least": "lower", "more than": "lower", "up to": "upper", "less than": "upper",
    "each": "each",
}  # fmt: skip
_APPROXIMATE = frozenset({"around", "nearly"})


@dataclass(frozen=True)
class FigureReading:
    """A figure with what its clause says it counts: the predicate and the actor mention
    (resolved to a canonical name per story)."""

    figure: Figure
    predicate: str | None
    actor: Mention | None
    vague: bool = False


@dataclass(frozen=True)
class _Reading:
    article: str
    figure: Figure
    predicate: str | None
    actor: str | None
    vague: bool


def read_figures(article: BriefArticle) -> tuple[FigureReading, ...]:
    """The article's figures with predicate and actor read from their clauses."""
    text, mentions = article.text, article.facts.entities
    return tuple(
        FigureReading(
            figure=f,
            predicate=predicate(text, f),
            actor=clause_actor(text, f, mentions),
            vague=f.value is None or bool(_VAGUE.search(f.text)),
        )
        for f in article.facts.figures
    )


def predicate(text: str, figure: Figure) -> str | None:
    """The verb or state word telling what the number counts, read in the figure's clause:
    first after the number ("14 people have died"), else just before ("fired 90 drones")."""
    after = _TOKEN.findall(text[figure.end : figure.sentence_end])
    for tok in after[:8]:
        if tok in _CLAUSE_END or tok.lower() == "and":
            break
        word = tok.lower()
        if word in _SKIP:
            continue
        if _verbish(word):
            return _SYNONYMS.get(word, word)
        if after.index(tok) > 3:
            break
    before = _TOKEN.findall(text[figure.sentence_start : figure.start])
    for tok in reversed(before[-3:]):
        if tok in _CLAUSE_END:
            break
        word = tok.lower()
        if _verbish(word) and word not in _SKIP:
            return _SYNONYMS.get(word, word)
    return None


def _verbish(word: str) -> bool:
    return word in _IRREGULAR or (len(word) > 4 and word.endswith("ed"))


def clause_actor(text: str, figure: Figure, mentions: tuple[Mention, ...]) -> Mention | None:
    """The nearest named actor before the figure in its own clause (a dateline or an earlier
    clause names places, not who did the counting)."""
    best = None
    for m in mentions:
        if m.type not in _ACTOR_TYPES or m.end > figure.start or m.start < figure.sentence_start:
            continue
        if any(c in _CLAUSE_END for c in text[m.end : figure.start]):
            continue
        if best is None or m.start > best.start:
            best = m
    return best


def _actor_name(mention: Mention | None, canon: Canonicaliser) -> str | None:
    if mention is None:
        return None
    found = canon.resolve(mention.text, mention.type)
    return canon.name_of(found) if found else mention.text


def _about(figure: Figure) -> str:
    """What the figure counts, in its own words: its noun phrase, else its unit."""
    return figure.noun or figure.unit


def _head(unit: str) -> str:
    """The counted thing without its "of" tail: "prisoner of war" counts prisoners."""
    return unit if unit.startswith("share of") else unit.split(" of ")[0]


def _dates_agree(a: str | None, b: str | None) -> bool:
    """Same date, one inside the other ("2031-05" holds "2031-05-16"), or days less than a
    week apart: a figure dated by its report ("as of" the publication date) is the same
    figure as the one another outlet printed two days later."""
    if a is None or b is None:
        return a == b
    if a.startswith(b) or b.startswith(a):
        return True
    try:
        return abs((_day(a) - _day(b)).days) <= 7
    except ValueError:
        return False


def _day(value: str) -> _date:
    return _date.fromisoformat(value[:10])


def _same(a: float | None, qa: str | None, b: float | None, qb: str | None) -> bool:
    if a is None or b is None:
        return a is b
    if abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b)):
        return True
    if qa in _APPROXIMATE or qb in _APPROXIMATE:
        return abs(a - b) <= 0.1 * max(abs(a), abs(b))
    return False


def _compatible(qa: str | None, qb: str | None) -> bool:
    ca, cb = _CLASS.get(qa, "other"), _CLASS.get(qb, "other")
    if "each" in (ca, cb) or "other" in (ca, cb):
        return ca == cb
    return ca == cb or "point" in (ca, cb)


def figure_ledger(
    articles: list[tuple[str, tuple[FigureReading, ...]]],
    origins: Origins,
    canon: Canonicaliser,
    order: dict[str, tuple[str, int]],
) -> tuple[tuple[FigureItem, ...], tuple[Difference, ...]]:
    """All figures of ``(article id, readings)`` grouped by quantity, time and value, and the
    disagreements among them."""
    readings = [
        _Reading(aid, r.figure, r.predicate, _actor_name(r.actor, canon), r.vague)
        for aid, rs in articles
        for r in sorted(rs, key=lambda r: r.figure.start)
    ]
    readings.sort(key=lambda r: order[r.article])  # stable: earliest source first
    clusters: list[list[_Reading]] = []
    by_kind: dict[tuple, list[int]] = {}
    home: dict[int, int] = {}
    for n, r in enumerate(readings):
        f = r.figure
        kind = (_head(f.unit), _CLASS.get(f.qualifier, "other"), f.whole, f.low, f.high)
        for i in by_kind.setdefault(kind, []):
            first = clusters[i][0].figure
            if _same(first.value, first.qualifier, f.value, f.qualifier) and all(
                _dates_agree(x.figure.date, f.date) for x in clusters[i]
            ):
                clusters[i].append(r)
                home[n] = i
                break
        else:
            home[n] = len(clusters)
            by_kind[kind].append(len(clusters))
            clusters.append([r])
    items: list[FigureItem] = []
    for members in clusters:
        srcs = sorted(dict.fromkeys(r.article for r in members), key=lambda a: order[a])
        first = members[0].figure
        date = max((r.figure.date for r in members if r.figure.date), key=len, default=None)
        items.append(
            FigureItem(
                value=first.value,
                unit=first.unit,
                text=first.text,
                date=date,
                sources=tuple(srcs),
                about=_about(first),
                qualifier=first.qualifier,
                actor=members[0].actor,
                origins=origins.count(srcs),
                low=first.low,
                high=first.high,
                whole=first.whole,
            )
        )
    disagreements = _disagreements(readings, home, items)
    ranked = sorted(
        range(len(items)),
        key=lambda i: (items[i].about.lower(), items[i].date or "",
                       items[i].value if items[i].value is not None else items[i].low or 0),
    )  # fmt: skip
    return tuple(items[i] for i in ranked), disagreements


def _disagreements(
    readings: list[_Reading], home: dict[int, int], items: list[FigureItem]
) -> tuple[Difference, ...]:
    """Items that give different values of one quantity (same counted thing, predicate,
    actor and date) with compatible qualifiers."""
    by_quantity: dict[tuple, list[int]] = {}
    for n, r in enumerate(readings):
        f = r.figure
        if r.vague or f.value is None or not r.predicate or not f.date:
            continue
        key = (_head(f.unit), f.whole, r.predicate, r.actor, f.date)
        by_quantity.setdefault(key, []).append(n)
    out = []
    for key, found in sorted(by_quantity.items(), key=lambda kv: str(kv[0])):
        involved: dict[int, None] = {}
        for i, a in enumerate(found):
            for b in found[i + 1 :]:
                fa, fb = readings[a].figure, readings[b].figure
                if home[a] == home[b] or not _compatible(fa.qualifier, fb.qualifier):
                    continue
                if not _same(fa.value, fa.qualifier, fb.value, fb.qualifier):
                    involved[home[a]] = None
                    involved[home[b]] = None
        if not involved:
            continue
        chosen = sorted((items[i] for i in involved), key=lambda i: i.value or 0)
        out.append(
            Difference(
                kind="figure",
                about=f"{_about(readings[found[0]].figure)} on {key[-1]}",
                items=tuple(
                    DifferenceItem(text=i.text, sources=i.sources, value=i.value) for i in chosen
                ),
            )
        )
    return tuple(out)
