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

Two documented rules for what counts as the same value (the strict, character-equal rate is
printed beside it as ``exact``):

- **at the gold's granularity**: when the gold value is coarser than storyline's, storyline's
  value is right if it lies inside the gold period ("Sept. 30" annotated as ``1989-09``, the
  day of "the week of Feb. 24" annotated as its week);
- **at the expression's own unit**: a relative expression names its unit ("a year ago",
  "later this year", "the end of the month"), and storyline resolves it at that unit. TimeBank
  annotates the same words sometimes at that unit and sometimes as the day exactly so far back
  from the creation time ("a year earlier" is ``1988`` in one sentence of wsj_1011 and
  ``1988-09-30`` in the next); a finer gold value inside storyline's period counts as right.
  Absolute expressions ("June 1989", "1988") are compared exactly: a finer gold value there
  means words were lost.

One kind of gold is left out as inconsistent with its own annotation: a bare weekday name
("Tuesday") anchored on the creation time whose value lies more than a week from it — a
weekday name reaches at most a week either way (AP900815-0044 annotates "Tuesday" both as
the day before its creation time and as the Tuesday a week earlier). Their number is reported.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
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
    anchored_on_creation: bool = False  # anchorTimeID is the creation time's tid


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
    exact: int = 0  # right with the very same value (no granularity rule)
    inconsistent: int = 0  # gold left out: a weekday more than a week from its anchor
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

    @property
    def exact_rate(self) -> float:
        """Same value character for character, among the found ones."""
        return self.exact / self.found if self.found else 0.0


def read_timeml(path: Path) -> TimeMLDoc:
    """The text inside ``<TEXT>`` with its markup removed, its expressible ``DATE``
    expressions as offsets into that text, and the creation time."""
    raw = path.read_text("utf-8", errors="replace")
    created = created_tid = None
    dct = re.search(r"<TIMEX3[^>]*functionInDocument=\"CREATION_TIME\"[^>]*>", raw)
    if dct:
        created = dict(_ATTR.findall(dct.group())).get("value")
        created_tid = dict(_ATTR.findall(dct.group())).get("tid")
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
                anchored = created_tid is not None and attrs.get("anchorTimeID") == created_tid
                dates.append(GoldDate("", start, length, value, anchored))
    tail = html.unescape(source[pos:])
    out.append(tail)
    text = "".join(out)
    dates = [
        GoldDate(text[d.start : d.end], d.start, d.end, d.value, d.anchored_on_creation)
        for d in dates
    ]
    return TimeMLDoc(path.stem, text, created, tuple(dates))


def as_timeml(expr: TimeExpr) -> str | None:
    """Storyline's value in TimeML's notation (weeks as ``YYYY-Www``)."""
    if expr.value is None:
        return None
    if expr.granularity == "week" and len(expr.value) == 10:
        year, week, _ = date.fromisoformat(expr.value).isocalendar()
        return f"{year:04d}-W{week:02d}"
    return expr.value


def period(value: str) -> tuple[date, date]:
    """The first and last day a TimeML value (year, month, day or ISO week) covers."""
    if "-W" in value:
        monday = date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
        return monday, monday + timedelta(days=6)
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        first = date(parts[0], parts[1], 1)
        nxt = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return first, nxt - timedelta(days=1)
    day = date(*parts)
    return day, day


def agrees(expr: TimeExpr, gold: str) -> bool:
    """Storyline's value is the gold one, or agrees with it under the module's two rules:
    inside a coarser gold period, or (relative expressions) holding a finer gold value."""
    value = as_timeml(expr)
    if value is None:
        return False
    if value == gold:
        return True
    try:
        ours, theirs = period(value), period(gold)
    except ValueError:
        return False
    ours_span = (ours[1] - ours[0]).days
    theirs_span = (theirs[1] - theirs[0]).days
    if theirs_span > ours_span:  # gold coarser: judged at the gold's granularity
        return theirs[0] <= ours[0] and ours[1] <= theirs[1]
    if ours_span > theirs_span and expr.relative:  # "a year ago" at its own unit
        return ours[0] <= theirs[0] and theirs[1] <= ours[1]
    return False


_BARE_WEEKDAY = re.compile(
    r"(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)", re.IGNORECASE
)


def inconsistent(gold: GoldDate, created: str | None) -> bool:
    """A bare weekday anchored on the creation time, valued more than a week from it."""
    if not gold.anchored_on_creation or not created or not _BARE_WEEKDAY.fullmatch(gold.text):
        return False
    try:
        anchor = date.fromisoformat(created[:10])
        day = date.fromisoformat(gold.value)
    except ValueError:
        return False
    return abs((day - anchor).days) > 7


def score_document(doc: TimeMLDoc, result: DateScore) -> None:
    found = find_dates(doc.text, split(doc.text), doc.created)
    result.documents += 1
    for gold in doc.dates:
        if inconsistent(gold, doc.created):
            result.inconsistent += 1
            continue
        result.gold += 1
        best, overlap = None, 0
        for expr in found:
            shared = min(expr.end, gold.end) - max(expr.start, gold.start)
            if shared > overlap:
                best, overlap = expr, shared
        value = as_timeml(best) if best is not None else None
        if best is not None:
            result.found += 1
            result.exact += value == gold.value
            if agrees(best, gold.value):
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
