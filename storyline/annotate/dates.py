"""Temporal expressions and their resolution against the publication date.

Explicit dates ("16 May 2025", "June 2", "February 2022", "in 2014") and relative ones
("Thursday", "next Monday", "yesterday", "overnight", "earlier this week", "last month") are
found by one regular expression. A relative expression needs the publication date: without one
it stays unresolved (``resolved=False``) and is never resolved against the clock. A weekday
resolves by the tense of the words around it: "said Thursday" is the most recent Thursday on or
before publication, "will meet on Monday" or "next Monday" the coming one.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .records import Granularity, TimeExpr

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip

_MONTH = (
    r"(?P<{n}>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_MONTH_NAMES = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_PATTERN = re.compile(
    rf"""
    (?P<md>(?:{_WEEKDAY},?\s+)?{_MONTH.format(n="m1")}\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\b
        (?:,?\s+(?P<y1>{_YEAR})\b)?)
  | (?P<dm>(?:{_WEEKDAY},?\s+)?(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?
        {_MONTH.format(n="m2")}(?:,?\s+(?P<y2>{_YEAR})\b)?)
  | (?P<iso>\b(?P<y3>{_YEAR})-(?P<m3>[01]\d)-(?P<d3>[0-3]\d)\b)
  | (?P<dmy>\b(?P<d4>[0-3]\d)[-.](?P<m4>[01]\d)[-.](?P<y4>{_YEAR})\b)
  | (?P<my>{_MONTH.format(n="m5")}\s+(?:of\s+)?(?P<y5>{_YEAR})\b)
  | (?P<rel>(?P<rmod>earlier|later)?\s*\b(?P<rwhich>this|last|next|past)\s+
        (?P<runit>week|month|year|weekend)\b)
  | (?P<ago>\b(?P<an>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1, 2})\s+
        (?P<au>day|week|month|year)s?\s+ago\b)
  | (?P<word>\b(?:yesterday|today|tomorrow|overnight|tonight|last\s+night)\b)
  | (?P<wd>(?:\b(?P<wmod>last|next|this|on|early|late)\s+)?
        (?P<wday>{_WEEKDAY})\b(?!,?\s+(?:{_MONTH_NAMES})\.?\s+\d|,?\s+\d{{1,2}}(?:st|nd|rd|th)?\s+
        (?:of\s+)?(?:{_MONTH_NAMES}))(?:\s+(?:morning|afternoon|evening|night))?)
  | (?P<mon>(?:\b(?P<mmod>last|next|this|early|late|mid-?|earlier|in)\s+)?
        {_MONTH.format(n="m6")}(?!\w)(?!\s+(?:of\s+)?\d))
  | (?P<year>(?<![\d,.$€£-])(?P<y7>{_YEAR})(?![\d,%]|-\d|\s*(?:GMT|hours|a\.m|p\.m)))
    """,
    re.VERBOSE | re.IGNORECASE,
)
_CASED_MONTH = re.compile(r"[A-Z]")
# Cheap test run first: most sentences hold no date, and the full pattern is slow to fail.
_TRIGGER = re.compile(
    r"\d|day|week|month|year|yesterday|tomorrow|tonight|overnight|night|"
    r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec",
    re.IGNORECASE,
)

_FUTURE = frozenset(
    "will 'll ’ll shall going scheduled upcoming next plans plan planned due would set "
    "expects intends visits meets travels".split()
)
_PAST = frozenset(
    """said told met held was were had took made gave came went began spoke saw knew got left
    led sent struck shot fell rose won lost put found brought became ago last killed""".split()
)
_NOT_PAST = frozenset("need needed based red bed speed shed proceed".split())
_WORD = re.compile(r"[A-Za-z'’]+")
_PROGRESSIVE = frozenset({"is", "are", "it’s", "it's", "’s", "'s", "we're", "they're"})


def _month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _tense(text: str, sent_start: int, sent_end: int, start: int, end: int) -> str:
    """``future`` or ``past`` for the expression at ``start:end``, from the nearest tense
    marker in its sentence (up to 8 words before, 6 after; before wins a tie); past by
    default, as news mostly reports what happened."""
    before = [m.group().lower() for m in _WORD.finditer(text, max(sent_start, start - 80), start)]
    after = [m.group().lower() for m in _WORD.finditer(text, end, min(sent_end, end + 50))]
    before = before[-8:]
    after = after[:6]
    # (distance, word, the word before it in reading order)
    candidates = [
        (d, before[-1 - d], before[-2 - d] if d + 1 < len(before) else "")
        for d in range(len(before))
    ]
    candidates += [(d + 0.5, after[d], after[d - 1] if d else "") for d in range(len(after))]
    for _, word, previous in sorted(candidates):
        if word in _FUTURE:
            return "future"
        if word.endswith("ing") and previous in _PROGRESSIVE:
            return "future"  # "is sending a delegation … Monday": a plan
        if word in _PAST or (word.endswith("ed") and len(word) > 4 and word not in _NOT_PAST):
            return "past"
    return "past"


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _add_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_without_year(month: int, day: int, pub: date) -> date | None:
    """The date nearest to publication with this month and day."""
    options = [d for y in (pub.year - 1, pub.year, pub.year + 1) if (d := _valid(y, month, day))]
    return min(options, key=lambda d: abs((d - pub).days)) if options else None


def _resolve(m: re.Match, text: str, sent: tuple[int, int], pub: date | None):
    """``(value, granularity, relative)`` for one match; value None when it cannot be
    resolved, granularity None when the match is not a date at all."""
    g = m.groupdict()
    start, end = m.span()
    if g["md"] or g["dm"]:
        month_name, d, y = (g["m1"], g["d1"], g["y1"]) if g["md"] else (g["m2"], g["d2"], g["y2"])
        if not _CASED_MONTH.match(month_name):
            return None, None, False
        month, day_n = _month_number(month_name), int(d)
        if y:
            found = _valid(int(y), month, day_n)
            return (found.isoformat() if found else None), ("day" if found else None), False
        if not 1 <= day_n <= 31:
            return None, None, False
        if pub is None:
            return None, "day", True
        found = _day_without_year(month, day_n, pub)
        if found is not None and abs((found - pub).days) > 60:
            # far from publication: the tense decides between last year's and this year's
            future = _tense(text, sent[0], sent[1], start, end) == "future"
            options = [
                d for y in (pub.year - 1, pub.year, pub.year + 1)
                if (d := _valid(y, month, day_n)) and ((d >= pub) if future else (d <= pub))
            ]  # fmt: skip
            if options:
                found = min(options, key=lambda d: abs((d - pub).days))
        return (found.isoformat() if found else None), ("day" if found else None), True
    if g["iso"] or g["dmy"]:
        y, mo, d = (g["y3"], g["m3"], g["d3"]) if g["iso"] else (g["y4"], g["m4"], g["d4"])
        found = _valid(int(y), int(mo), int(d))
        return (found.isoformat() if found else None), ("day" if found else None), False
    if g["my"]:
        if not _CASED_MONTH.match(g["m5"]):
            return None, None, False
        return f"{int(g['y5']):04d}-{_month_number(g['m5']):02d}", "month", False
    if g["rel"]:
        which, unit = g["rwhich"].lower(), g["runit"].lower()
        unit = "week" if unit == "weekend" else unit
        granularity: Granularity = unit  # type: ignore[assignment]
        if pub is None:
            return None, granularity, True
        step = {"this": 0, "last": -1, "past": -1, "next": 1}[which]
        if unit == "week":
            return (_week_start(pub) + timedelta(weeks=step)).isoformat(), "week", True
        if unit == "month":
            y, mo = _add_months(pub, step)
            return f"{y:04d}-{mo:02d}", "month", True
        return f"{pub.year + step:04d}", "year", True
    if g["ago"]:
        n = g["an"].lower()
        count = int(n) if n.isdigit() else _NUMBER_WORDS[n]
        unit = g["au"].lower()
        if pub is None:
            return None, unit, True
        if unit == "day":
            return (pub - timedelta(days=count)).isoformat(), "day", True
        if unit == "week":
            return _week_start(pub - timedelta(weeks=count)).isoformat(), "week", True
        if unit == "month":
            y, mo = _add_months(pub, -count)
            return f"{y:04d}-{mo:02d}", "month", True
        return f"{pub.year - count:04d}", "year", True
    if g["word"]:
        word = " ".join(g["word"].lower().split())
        if pub is None:
            return None, "day", True
        shift = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(word, 0)
        return (pub + timedelta(days=shift)).isoformat(), "day", True
    if g["wd"]:
        if not _CASED_MONTH.match(g["wday"]):
            return None, None, False
        if pub is None:
            return None, "day", True
        target = WEEKDAYS[g["wday"].lower()]
        mod = (g["wmod"] or "").lower()
        if mod == "next":
            delta = (target - pub.weekday()) % 7 or 7
        elif mod == "last":
            delta = -((pub.weekday() - target) % 7 or 7)
        elif _tense(text, sent[0], sent[1], start, end) == "future":
            delta = (target - pub.weekday()) % 7
        else:
            delta = -((pub.weekday() - target) % 7)
        return (pub + timedelta(days=delta)).isoformat(), "day", True
    if g["mon"]:
        name = g["m6"]
        if not _CASED_MONTH.match(name) or name.lower() == "may" and not g["mmod"]:
            # "may" is a modal verb far more often than a month when it stands alone
            if name != "May" or _may_is_modal(text, end):
                return None, None, False
        if pub is None:
            return None, "month", True
        month = _month_number(name)
        mod = (g["mmod"] or "").lower()
        if mod == "next" or (mod != "last" and _tense(text, *sent, start, end) == "future"):
            year = pub.year if month >= pub.month else pub.year + 1
        else:
            year = pub.year if month <= pub.month else pub.year - 1
        if mod == "last" and month == pub.month:
            year -= 1
        return f"{year:04d}-{month:02d}", "month", True
    if g["year"]:
        return g["y7"], "year", False
    return None, None, False


def _may_is_modal(text: str, end: int) -> bool:
    """ "May" followed by a verb-like lowercase word ("May be", "May have") is the modal."""
    nxt = text[end : end + 12].split()
    return bool(nxt) and nxt[0][:1].islower()


def find_dates(
    text: str, sentences: list[tuple[int, int, int]], published: str | None
) -> list[TimeExpr]:
    """All temporal expressions in ``text``, sentence by sentence, resolved against
    ``published`` (an ISO date or datetime; ``None`` leaves relative ones unresolved)."""
    pub = parse_published(published)
    out = []
    for s_start, s_end, _ in sentences:
        if not _TRIGGER.search(text, s_start, s_end):
            continue
        for m in _PATTERN.finditer(text, s_start, s_end):
            value, granularity, relative = _resolve(m, text, (s_start, s_end), pub)
            if granularity is None:
                continue
            start, end = m.span()
            while start < end and text[start].isspace():
                start += 1
            out.append(
                TimeExpr(
                    text=text[start:end],
                    start=start,
                    end=end,
                    value=value,
                    granularity=granularity,
                    resolved=value is not None,
                    relative=relative,
                )
            )
    return out


def parse_published(published: str | None) -> date | None:
    """The day of an ISO date or datetime string; None when absent or unreadable."""
    if not published:
        return None
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", published)
    if not match:
        return None
    return _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))
