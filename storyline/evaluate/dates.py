"""`storyline eval dates`: date expressions found and resolved, scored on TimeML news.

TimeML (TimeBank, AQUAINT) marks every temporal expression as ``TIMEX3`` with its normalised
``value``, and the document creation time (``functionInDocument="CREATION_TIME"``). The
measure covers the annotated expressions of type ``DATE`` whose value storyline can express
— a day (``1998-01-08``), a month (``1998-01``), a year (``1998``) or a week (``1998-W02``)
— and asks two things of each, with the creation time as publication date:

- **found**: some expression storyline finds overlaps the annotated span;
- **value right**: the overlapping expression (the one sharing most characters) resolves to
  the annotated value. Storyline's weeks (the Monday's date) are compared as ISO weeks.

Values storyline cannot express (``PRESENT_REF``, quarters, seasons, ``1989-WXX``) are left
out of both rates, as are expressions it finds that are not annotated (TimeML leaves out
many it would count, so precision is not measured here).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from storyline.annotate.dates import find_dates
from storyline.annotate.records import TimeExpr
from storyline.annotate.sentences import split

EXPRESSIBLE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?$")
_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class GoldDate:
    text: str
    start: int
    end: int
    value: str


@dataclass(frozen=True)
class TimeMLDoc:
    name: str
    text: str
    created: str | None
    dates: tuple[GoldDate, ...]


@dataclass(frozen=True)
class Miss:
    """One expressible gold date that was not found or not resolved to its value."""

    doc: str
    text: str
    gold: str
    found: str | None  # the overlapping expression's text, None when nothing overlaps
    value: str | None  # what storyline resolved it to
    context: str


@dataclass
class DateScore:
    documents: int = 0
    gold: int = 0
    found: int = 0
    right: int = 0
    misses: list[Miss] = field(default_factory=list)

    @property
    def found_rate(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def right_rate(self) -> float:
        """Value right among the found ones (the issue's measure)."""
        return self.right / self.found if self.found else 0.0

    @property
    def right_of_gold(self) -> float:
        return self.right / self.gold if self.gold else 0.0


def read_timeml(path: Path) -> TimeMLDoc:
    """The text inside ``<TEXT>`` with its markup removed, its expressible ``DATE``
    expressions as offsets into that text, and the creation time."""
    raw = path.read_text("utf-8", errors="replace")
    created = None
    dct = re.search(r"<TIMEX3[^>]*functionInDocument=\"CREATION_TIME\"[^>]*>", raw)
    if dct:
        created = dict(_ATTR.findall(dct.group())).get("value")
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.DOTALL)
    source = body.group(1) if body else ""
    out: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    dates: list[GoldDate] = []
    pos = 0
    for m in _TAG.finditer(source):
        piece = html.unescape(source[pos : m.start()])
        out.append(piece)
        length += len(piece)
        pos = m.end()
        closing, name = m.group(1), m.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(m.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            open_timex = None
            value = attrs.get("value", "")
            if attrs.get("type") == "DATE" and EXPRESSIBLE.match(value):
                dates.append(GoldDate("", start, length, value))
    tail = html.unescape(source[pos:])
    out.append(tail)
    text = "".join(out)
    dates = [GoldDate(text[d.start : d.end], d.start, d.end, d.value) for d in dates]
    return TimeMLDoc(path.stem, text, created, tuple(dates))


def as_timeml(expr: TimeExpr) -> str | None:
    """Storyline's value in TimeML's notation (weeks as ``YYYY-Www``)."""
    if expr.value is None:
        return None
    if expr.granularity == "week" and len(expr.value) == 10:
        year, week, _ = date.fromisoformat(expr.value).isocalendar()
        return f"{year:04d}-W{week:02d}"
    return expr.value


def score_document(doc: TimeMLDoc, result: DateScore) -> None:
    found = find_dates(doc.text, split(doc.text), doc.created)
    result.documents += 1
    for gold in doc.dates:
        result.gold += 1
        best, overlap = None, 0
        for expr in found:
            shared = min(expr.end, gold.end) - max(expr.start, gold.start)
            if shared > overlap:
                best, overlap = expr, shared
        value = as_timeml(best) if best is not None else None
        if best is not None:
            result.found += 1
            if value == gold.value:
                result.right += 1
                continue
        context = doc.text[max(0, gold.start - 60) : gold.end + 60].replace("\n", " ")
        result.misses.append(
            Miss(doc.name, gold.text, gold.value, best.text if best else None, value, context)
        )


def timeml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".tml", ".xml") and p.is_file())


def run_timeml(paths: Iterable[Path]) -> DateScore:
    result = DateScore()
    for path in paths:
        score_document(read_timeml(path), result)
    return result
