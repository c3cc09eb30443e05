"""`storyline eval dates`: date expressions found and resolved, scored on TimeML news.

TimeML (TimeBank, AQUAINT) marks every temporal expression as ``TIMEX3`` with its normalised
``value``, and the document creation time (``functionInDocument="CREATION_TIME"``). The
measure covers only the annotated expressions of type ``DATE`` whose value storyline can
express — a day (``1998-01-08``), a month (``1998-01``), a year (``1998``) or a week
(``1998-W02``) — and asks two things of each, with the creation time as publication date:

- **found**: some expression storyline finds overlaps the annotated span *and has a value*.
  An overlapping expression storyline keeps without a value ("over the past year", a
  duration to storyline) is counted apart as *silent*: a miss of recall, never a wrong value
  ("right or silent").
- **value right (exact)**, the headline: among the found ones, the overlapping expression
  (the one sharing most characters) has the annotated value character for character.
  Storyline's weeks (the Monday's date) are written as ISO weeks first.

Gold values storyline cannot express are left out of both rates and counted by kind
(``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``, values with unknown digits such as ``XXXX-10``
or ``1989-WXX``, quarters, halves and seasons, weekends, times of day, decades), as are
expressions storyline finds that are not annotated (TimeML leaves out many it would count,
so precision is not measured here).

A **lenient** rate is printed second, with two documented rules for the same value:

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

Two kinds of gold are left out as inconsistent with their own annotation, and counted:

- a bare weekday name ("Tuesday") anchored on the creation time whose value lies more than
  a week from it — a weekday name reaches at most a week either way (AP900815-0044 annotates
  "Tuesday" both as the day before its creation time and as the Tuesday a week earlier);
- a value that contradicts the year or the month its own words name: "July last year"
  annotated ``1997-06``, "Sept. 27, 1989" annotated ``1989-11-27``, "the 1988 period"
  annotated ``1998`` (not fiscal years, which some companies name by the year they start
  in, nor spans such as "1998-99").
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from storyline.annotate.dates import MONTHS, find_dates
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
    inexpressible: tuple[str, ...] = ()  # the DATE values storyline cannot write


@dataclass(frozen=True)
class Miss:
    """One expressible gold date that was not found or not resolved to its value."""

    doc: str
    text: str
    gold: str
    found: str | None  # the overlapping expression's text, None when nothing overlaps
    value: str | None  # what storyline resolved it to
    context: str
    # "not found", "silent", "granularity" (right by the lenient rules only), "wrong", or
    # "left out: …" (gold not scored, listed so that each can be checked)
    kind: str = "wrong"


@dataclass
class DateScore:
    documents: int = 0
    gold: int = 0  # expressible gold dates scored
    found: int = 0  # overlapped by an expression of storyline's with a value
    silent: int = 0  # overlapped by an expression storyline keeps without a value
    right: int = 0  # the lenient rate's numerator (module docstring's two rules)
    exact: int = 0  # the very same value
    inconsistent: int = 0  # gold left out: a weekday more than a week from its anchor
    contradicting: int = 0  # gold left out: a value against the year or month it names
    inexpressible: Counter[str] = field(default_factory=Counter)  # left out, by kind
    misses: list[Miss] = field(default_factory=list)

    @property
    def found_rate(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def exact_rate(self) -> float:
        """Value right, character for character, among the found ones: the headline."""
        return self.exact / self.found if self.found else 0.0

    @property
    def right_rate(self) -> float:
        """Value right among the found ones under the module's two granularity rules."""
        return self.right / self.found if self.found else 0.0

    @property
    def exact_of_gold(self) -> float:
        return self.exact / self.gold if self.gold else 0.0

    @property
    def right_of_gold(self) -> float:
        return self.right / self.gold if self.gold else 0.0


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
    inexpressible: list[str] = []
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
            if attrs.get("type") != "DATE":
                continue
            if EXPRESSIBLE.match(value):
                anchored = created_tid is not None and attrs.get("anchorTimeID") == created_tid
                dates.append(GoldDate("", start, length, value, anchored))
            else:
                inexpressible.append(value)
    tail = html.unescape(source[pos:])
    out.append(tail)
    text = "".join(out)
    dates = [
        GoldDate(text[d.start : d.end], d.start, d.end, d.value, d.anchored_on_creation)
        for d in dates
    ]
    return TimeMLDoc(path.stem, text, created, tuple(dates), tuple(inexpressible))


def inexpressible_kind(value: str) -> str:
    """Why storyline cannot write a TimeML value, in a few words."""
    if value.endswith("_REF"):
        return "PRESENT/PAST/FUTURE_REF"
    if "X" in value:
        return "unknown digits (XXXX)"
    if re.search(r"-(?:Q\d|H\d|SP|SU|FA|WI)\b", value):
        return "quarter, half or season"
    if value.endswith("-WE"):
        return "weekend"
    if "T" in value:
        return "time of day"
    if re.fullmatch(r"\d{2,3}", value):
        return "decade or century"
    return "other"


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


_NAMED_YEAR = re.compile(r"(?<![\d.,$])(1[6-9]\d\d|20\d\d)(?![\d%])")
_NAMED_MONTH = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b"
)


def contradicts(gold: GoldDate) -> bool:
    """The gold value disagrees with the one year or the one month its words name."""
    years = set(_NAMED_YEAR.findall(gold.text))
    # a fiscal year may be named by the calendar year it starts in, and "1998-99" names two
    spans = re.search(r"fiscal|\d{4}\s*[-–/]\s*\d", gold.text, re.IGNORECASE)
    if len(years) == 1 and not spans and not gold.value.startswith(years.pop()):
        return True
    months = {MONTHS[m.lower()] for m in _NAMED_MONTH.findall(gold.text)}
    if len(months) == 1 and len(gold.value) >= 7 and "W" not in gold.value:
        return int(gold.value[5:7]) != months.pop()
    return False


def score_document(doc: TimeMLDoc, result: DateScore) -> None:
    found = find_dates(doc.text, split(doc.text), doc.created)
    result.documents += 1
    result.inexpressible.update(inexpressible_kind(v) for v in doc.inexpressible)
    for gold in doc.dates:
        context = doc.text[max(0, gold.start - 60) : gold.end + 60].replace("\n", " ")
        left_out = None
        if inconsistent(gold, doc.created):
            result.inconsistent += 1
            left_out = "left out: weekday over a week from its anchor"
        elif contradicts(gold):
            result.contradicting += 1
            left_out = "left out: contradicts its own words"
        if left_out:  # listed with the misses so that a reader can check each one
            result.misses.append(
                Miss(doc.name, gold.text, gold.value, None, None, context, left_out)
            )
            continue
        result.gold += 1
        best, overlap = None, 0
        for expr in found:
            shared = min(expr.end, gold.end) - max(expr.start, gold.start)
            if shared > overlap:
                best, overlap = expr, shared
        value = as_timeml(best) if best is not None else None
        if best is None:
            kind = "not found"
        elif value is None:
            result.silent += 1
            kind = "silent"
        else:
            result.found += 1
            result.exact += value == gold.value
            lenient = agrees(best, gold.value)
            result.right += lenient
            if value == gold.value:
                continue
            kind = "granularity" if lenient else "wrong"
        result.misses.append(
            Miss(doc.name, gold.text, gold.value, best.text if best else None, value, context, kind)
        )


def timeml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".tml", ".xml") and p.is_file())


def run_timeml(paths: Iterable[Path]) -> DateScore:
    result = DateScore()
    for path in paths:
        score_document(read_timeml(path), result)
    return result


def report_lines(result: DateScore, misses: int = 0) -> list[str]:
    """What `storyline eval dates` prints: up to ``misses`` misses (each with its kind), then
    the exact rate as the headline, the lenient rate with its rule, and what was left out."""
    lines = [
        f"[{m.kind}] {m.doc}: {m.text!r} gold {m.gold}"
        + (
            ""
            if m.kind.startswith("left out")
            else f" → {m.found or '(not found)'} {m.value or ''}"
        )
        + f" | {m.context}"
        for m in result.misses[:misses]
    ]
    lines.append(
        f"value right (exact) {result.exact_rate:.4f} of found ({result.exact}/{result.found})"
        f"  found {result.found_rate:.4f} ({result.found}/{result.gold} expressible gold dates,"
        f" {result.documents} documents)"
    )
    lines.append(
        f"lenient {result.right_rate:.4f} of found ({result.right}/{result.found}): a value "
        "inside a coarser gold period, or a relative expression's period holding a finer gold "
        "value, also counts"
    )
    left_out = ", ".join(f"{kind} {n}" for kind, n in result.inexpressible.most_common())
    lines.append(
        f"silent (found, kept without a value) {result.silent}; left out: gold storyline cannot "
        f"express ({left_out or 'none'}), bare weekdays more than a week from their anchor "
        f"{result.inconsistent}, values contradicting the year or month they name "
        f"{result.contradicting}"
    )
    return lines
