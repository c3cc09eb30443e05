"""The figure ledger and figure disagreements.

A figure is grouped by *what it counts and when*: its unit, the predicate read next to the
number ("people ... died", "drones ... fired"), the actor in its clause, and its date. Two
sources disagree only when all of that matches and the values differ, so the ledger never
invents a disagreement:

- different dates are different facts (105 drones one night, 90 another night);
- a number whose predicate cannot be read is listed but never compared;
- qualifiers must be compatible ("at least 14" vs "17" are comparable; "€2,000 each" and a
  total are not; "about 5,000" and "5,100" are the same);
- vague quantities ("dozens", "tens of thousands") are never compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
            vague=bool(_VAGUE.search(f.text)),
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


def _about(unit: str, pred: str | None, actor: str | None) -> str:
    parts = [unit]
    if pred:
        parts.append(pred)
    if actor:
        parts.append(f"({actor})")
    return " ".join(parts)


def _same(a: float, qa: str | None, b: float, qb: str | None) -> bool:
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
        for r in rs
    ]
    groups: dict[tuple, list[_Reading]] = {}
    for r in readings:
        f = r.figure
        key = (f.unit, r.predicate, r.actor, f.date, _CLASS.get(f.qualifier, "other"))
        bucket = groups.setdefault(key, [])
        bucket.append(r)
    items: list[tuple[tuple, FigureItem, bool]] = []
    for key, rs in groups.items():
        values: list[list[_Reading]] = []
        for r in rs:
            for v in values:
                if _same(
                    v[0].figure.value, v[0].figure.qualifier, r.figure.value, r.figure.qualifier
                ):
                    v.append(r)
                    break
            else:
                values.append([r])
        for v in values:
            srcs = sorted(dict.fromkeys(r.article for r in v), key=lambda a: order[a])
            first = min(v, key=lambda r: order[r.article]).figure
            item = FigureItem(
                value=first.value,
                unit=first.unit,
                text=first.text,
                date=first.date,
                sources=tuple(srcs),
                about=_about(first.unit, key[1], key[2]),
                qualifier=first.qualifier,
                actor=key[2],
                origins=origins.count(srcs),
            )
            items.append((key, item, any(r.vague for r in v)))
    items.sort(key=lambda t: (t[1].about, t[1].date or "", t[1].value))
    disagreements = _disagreements(items)
    return tuple(i for _, i, _ in items), disagreements


def _disagreements(items: list[tuple[tuple, FigureItem, bool]]) -> tuple[Difference, ...]:
    by_quantity: dict[tuple, list[tuple[FigureItem, str | None]]] = {}
    for key, item, vague in items:
        unit, pred, actor, date, _ = key
        if vague or not pred or not date:
            continue
        by_quantity.setdefault((unit, pred, actor, date), []).append((item, item.qualifier))
    out = []
    for (unit, pred, actor, date), found in sorted(by_quantity.items(), key=lambda kv: str(kv[0])):
        if len(found) < 2:
            continue
        clash = [
            (a, b)
            for i, (a, qa) in enumerate(found)
            for b, qb in found[i + 1 :]
            if _compatible(qa, qb) and not _same(a.value, qa, b.value, qb)
        ]
        if not clash:
            continue
        involved = {id(x) for pair in clash for x in pair}
        chosen = [item for item, _ in found if id(item) in involved]
        out.append(
            Difference(
                kind="figure",
                about=f"{_about(unit, pred, actor)} on {date}",
                items=tuple(
                    DifferenceItem(text=i.text, sources=i.sources, value=i.value)
                    for i in sorted(chosen, key=lambda i: i.value)
                ),
            )
        )
    return tuple(out)
