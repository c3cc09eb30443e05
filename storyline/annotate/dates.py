"""Temporal expressions and their resolution against the publication date, as a reader would.

Explicit dates ("16 May 2025", "June 2", "February 2022", "in 2014", "nineteen ninety-six"),
relative ones ("Thursday", "next Monday", "yesterday", "earlier this week", "last month",
"January this year", "June last year", "a year earlier") and the rest — ranges ("2014-2016"),
durations ("for three years", "over the past week") and periods ("the 1860s") — are found by
one regular expression; a sentence may hold any number of them. A relative expression needs
the publication date: without one it stays unresolved (``resolved=False``) and is never
resolved against the clock. Durations and periods keep their words and no value.

Weekdays, bare months and days without a year are resolved by the tense and aspect of their
clause (:func:`tense`): past narrative ("said Tuesday", "met in December") points back,
future and modal forms ("will meet on Monday", "is expected in December", "agreed to meet
Friday") point forward; "this/next/last" forms have their usual reading ("last February"
written in March is a year back, the month just ended being "last month"). Four-digit
numbers that are clock times ("1800 CDT", "at 0600"), counts, decades or parts of larger
numbers are not years. Anaphoric forms ("the following year", "that day", "the same day",
"two days later", "a week earlier", "the previous Friday") count from the narrative's own
time — the last date the text named before them, as a reader keeps it in mind — and keep no
value when the text named none, or only a coarser one ("In 2029 … two days later").

The grammar is ours: dateparser and its kin parse one expression at a time and do not read
the clause around it, which is where these errors come from.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import NamedTuple

from .records import Granularity, TimeExpr, TimeKind

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
_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9,
}  # fmt: skip
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "couple": 2} | _UNITS | _TEENS
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
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
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_ZONE = (
    r"GMT|UTC|CDT|CST|EDT|EST|PDT|PST|MDT|MST|BST|CET|CEST|EET|EEST|MSK|IST|JST|AEST|AEDT|"
    r"hrs|hours|h\b|local\s+time|[AP]\.?M\b|Z\b"
)
_SPOKEN_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_SPOKEN_UNIT = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_SPOKEN_TEEN = (
    r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
)
_SPOKEN_YEAR = (
    rf"(?:(?:nineteen|eighteen)[\s-]+(?:hundred|{_SPOKEN_TEEN}|{_SPOKEN_TENS}(?:[\s-]+{_SPOKEN_UNIT})?"
    rf"|oh[\s-]+{_SPOKEN_UNIT})|two\s+thousand(?:\s+(?:and\s+)?(?:{_SPOKEN_TEEN}|{_SPOKEN_UNIT}))?)"
)
_ORDINAL_WORD = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    r"thirtieth|(?:twenty|thirty)[\s-]+(?:first|second|third|fourth|fifth|sixth|seventh|"
    r"eighth|ninth))"
)
_COUNT = (
    r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|couple\s+of)"
)
_UNIT = r"(?:day|week|month|year|decade|hour|minute|fortnight)"
_PATTERN = re.compile(
    # an expression starts a word: the guard fails at once inside words, where the
    # alternatives below would otherwise each be tried at every character
    rf"""
    (?<![A-Za-z0-9])(?:
    (?P<md>(?:{_WEEKDAY},?\s+)?{_MONTH.format(n="m1")}\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\b
        (?:\s*(?:-|–|to|through|and)\s*(?P<d1b>[0-3]?\d)(?:st|nd|rd|th)?\b)?
        (?:,?\s+(?P<y1>{_YEAR})\b)?(?!\s*[:.]\d))
  | (?P<dm>(?:{_WEEKDAY},?\s+)?(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?
        (?:\s*(?:-|–|to|and)\s*(?P<d2b>[0-3]?\d)(?:st|nd|rd|th)?)?\s+(?:of\s+)?
        {_MONTH.format(n="m2")}(?:,?\s+(?P<y2>{_YEAR})\b)?)
  | (?P<mdw>{_MONTH.format(n="m8")}\s+(?:the\s+)?(?P<dw>{_ORDINAL_WORD})\b)
  | (?P<iso>\b(?P<y3>{_YEAR})-(?P<m3>[01]\d)-(?P<d3>[0-3]\d)\b)
  | (?P<dmy>\b(?P<d4>[0-3]\d)[-.](?P<m4>[01]\d)[-.](?P<y4>{_YEAR})\b)
  | (?P<my>{_MONTH.format(n="m5")}\s+(?:of\s+)?(?:(?P<y5>{_YEAR})\b|(?P<sy5>{_SPOKEN_YEAR})\b))
  | (?P<mrel>(?:\b(?:early|late|mid-?|the\s+end\s+of)\s*)?{_MONTH.format(n="m7")}\s+
        (?:of\s+)?(?P<mrwhich>this|last|next|the\s+previous|the\s+following)\s+year\b)
  | (?P<ana>\b(?:the\s+(?P<awhich>following|next|previous|preceding|same)|(?P<athat>that))\s+
        (?P<aunit>day|week|month|year|morning|afternoon|evening|night)\b(?![-'’]\w))
  | (?P<rel>(?:\b(?P<rmod>earlier|later|early|late|mid-?|the\s+end\s+of|the\s+start\s+of|
        the\s+beginning\s+of)\s*)?
        \b(?P<rwhich>this|last|next|past|previous|coming)\s+
        (?P<runit>week|month|year|weekend|fiscal\s+year)\b)
  | (?P<inthe>\b(?P<imod>earlier|later)\s+in\s+the\s+(?P<iunit>week|month|year)\b)
  | (?P<cur>\bthe\s+(?:current|full|latest|fiscal)\s+(?:fiscal\s+)?year\b|
        \b(?:the\s+)?(?:fiscal\s+)?year[-\s]end\b|\byear['’]s\s+end\b|
        \bthe\s+end\s+of\s+the\s+(?P<cunit>year|month|week)\b)
  | (?P<ago>\b(?P<an>{_COUNT})\s+(?P<au>day|week|month|year)s?\s+(?:ago|earlier|before)\b)
  | (?P<later>\b(?P<ln>{_COUNT})\s+(?P<lu>day|week|month|year)s?\s+later\b)
  | (?P<yago>\byear[-\s](?:earlier|ago)\b)
  | (?P<word>\b(?:yesterday|today|tomorrow|overnight|tonight|last\s+night|
        this\s+(?:morning|afternoon|evening))\b)
  | (?P<wd>(?:\b(?P<wmod>last|next|this(?:\s+coming)?|coming|on|early|late|since|by|until|
        the\s+previous|the\s+following)\s+)?
        (?P<wday>{_WEEKDAY})(?:['’]s)?\b(?!,?\s+(?:{_MONTH_NAMES})\.?\s+\d|,?\s+\d{{1,2}}(?:st|nd|rd|th)?\s+
        (?:of\s+)?(?:{_MONTH_NAMES}))(?:\s+(?:morning|afternoon|evening|night))?)
  | (?P<mon>(?:\b(?P<mmod>last|next|this|early|late|mid-?|earlier|in|since|by|until|through)\s*)?
        {_MONTH.format(n="m6")}(?!\w)(?!\s+(?:of\s+)?\d)
        (?!\s+(?:of\s+)?(?:this|last|next|the\s+previous|the\s+following)\s+year))
  | (?P<decade>\b(?:the\s+)?(?:early\s+|late\s+|mid-?)?(?:1[6-9]|20)\d0['’]?s\b)
  | (?P<clock>(?<![\d,.])(?P<cy>{_YEAR})(?:\s*(?:-|–|to)\s*\d{{4}})?\s*(?:{_ZONE}))
  | (?P<yrange>(?<![\d,.$€£#-])(?P<y8>{_YEAR})\s*(?:-|–|to)\s*(?P<y8b>{_YEAR}|\d\d)(?![\d%]))
  | (?P<year>(?:\b(?:fiscal|mid-?|early|late)\s*|(?<![\d,.$€£#-]))(?P<y7>{_YEAR})
        (?![\d%]|,\d|\.\d|-\d|\s*(?:km|kilomet|miles|metres|meters|feet|ft|kg|tonnes|tons|people|
        troops|soldiers|residents|men|women|points|votes|units|pages|cases|deaths)\b))
  | (?P<spoken>\b(?:the\s+year\s+)?{_SPOKEN_YEAR}\b)
  | (?P<dur>\b(?:(?:past|last|next|first|coming)\s+)?
        {_COUNT}[\s-]+{_UNIT}s?\b(?!\s+(?:ago|earlier|before)\b)(?:[\s-]+long\b)?
      | \b(?:over|in|during|for|within|throughout)\s+the\s+(?:past|last|next|coming)\s+
        (?:{_UNIT}|weekend)\b))
    """,
    re.VERBOSE | re.IGNORECASE,
)
_CASED = re.compile(r"[A-Z]")
# Cheap test run first: most sentences hold no date, and the full pattern is slow to fail.
_TRIGGER = re.compile(
    r"\d|day|week|month|year|yesterday|tomorrow|tonight|overnight|night|hour|minute|decade|"
    r"morning|afternoon|evening|"
    r"teen|thousand|fortnight|"
    r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec",
    re.IGNORECASE,
)

# -- tense and aspect of the clause -------------------------------------------------------
_FUTURE = frozenset(
    """will 'll ’ll shall would 'd ’d won't won’t wouldn't wouldn’t going gonna scheduled
    upcoming next coming due expected expects expect expecting plans intends intend aims hopes
    slated supposed payable effective forthcoming tomorrow planned""".split()
)
_PRESENT_SCHEDULE = frozenset(
    """meets visits travels arrives begins starts opens heads holds hosts returns leaves
    resumes ends expires expire closes convenes reconvenes departs launches kicks reopens
    hears testifies sails""".split()
)
# the same verbs with a plural subject ("Netanyahu and Arafat meet separately Monday"), unless
# an auxiliary or "to" governs them ("did not meet Monday", "failed to meet Friday")
_PRESENT_SCHEDULE_BASE = frozenset(
    """meet visit travel arrive begin start open head hold host return leave resume convene
    depart launch reopen""".split()
)
_NOT_SCHEDULE_BEFORE = frozenset(
    "to not did didn't didn’t never failed could couldn't couldn’t would".split()
)
_PAST = frozenset(
    """said told met held was were had did took made gave came went began spoke saw knew got
    left led sent struck shot fell rose won lost found brought became ago killed hit broke
    chose drew drove fled flew fought froze grew heard kept laid meant paid ran sat sold spent
    stood stole swore taught thought threw tore understood woke wore wrote bought caught sought
    felt dealt built lent quit shut spread upheld withdrew overtook undertook oversaw forgot
    hung sank sang shook slid stuck stung swept swung wept wound last previous earlier
    began begun beat bled bore dug fed forbade forgave rang rode sprang strode strove""".split()
)
_NOT_PAST = frozenset(
    """need needed based red bed shed hundred united related limited armed advanced detailed
    alleged so-called concerned indeed expected scheduled planned supposed slated proposed
    wanted preferred""".split()
)
_PROGRESSIVE = frozenset({"is", "are", "it’s", "it's", "’s", "'s", "we're", "they're", "am"})
_NOT_INFINITIVE = frozenset(
    """the a an his her their its our my your this that these those him them us me it he she
    they we date more less about around nearly almost some all any both each every one two
    three four five six seven eight nine ten in on at by from with""".split()
)
_PASSIVE = frozenset("be is are am being been was were".split())
# "agreed to meet on Friday" is a plan; "pleased to note", "allowed to inspect" are not
_PLAN_TO = frozenset(
    """agreed agree agrees plan plans planned expected expect expects due set scheduled hope
    hopes hoped want wants wanted intend intends intended decided decide promised promise
    pledged pledge vowed vow is are was were going likely ready prepared aims aim seeks seek
    offered offer threatened threaten slated supposed poised able needs need has have""".split()
)
_DETERMINER = frozenset("a an the its his her their our my your this that".split())
# words and numbers: a number after "to" is not an infinitive ("rose to 16.25 on Friday")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|[$€£#]?\d[\d.,:]*")
_BOUNDARY = re.compile(r"[;:—–]|\s--\s")


class _Reading(NamedTuple):
    value: str | None
    granularity: Granularity | None  # None: not a date at all
    relative: bool
    kind: TimeKind = "point"
    until: str | None = None


_NOT_A_DATE = _Reading(None, None, False)


class _Anchor(NamedTuple):
    """The narrative's own time: the last date the text named before an anaphoric expression
    ("On May 22, 1995 … the following year"), as the first day of its period."""

    day: date
    granularity: Granularity


_FINENESS = {"day": 0, "week": 1, "month": 2, "year": 3}


def tense(
    text: str, sent_start: int, sent_end: int, start: int, end: int, deadline_ahead: bool = True
) -> str | None:
    """``"future"``, ``"past"`` or ``None`` (no marker) for the expression at
    ``start:end``: the nearest tense marker of its clause (up to 10 words before, 8 after,
    not across a semicolon or dash; the words before win a tie). Future and modal forms
    ("will", "would", "is expected", "agreed to meet", "is travelling", "meets") point
    forward; past forms ("said", "had", "met", any other "-ed") point back."""
    lo = max(sent_start, start - 90)
    for m in _BOUNDARY.finditer(text, lo, start):
        lo = m.end()
    words = [m.group() for m in _WORD.finditer(text, lo, start)]
    before = words[-10:]
    edge = words[-11] if len(words) > 10 else ""  # the word before the window's first
    hi = min(sent_end, end + 80)
    cut = _BOUNDARY.search(text, end, hi)
    if cut:
        hi = cut.start()
    if len(before) > 1:  # a clause that opens with the date may go on past a comma
        comma = text.find(",", end, hi)
        hi = comma if comma >= 0 else hi
    after = [m.group() for m in _WORD.finditer(text, end, hi)][:8]
    # (distance, word, the word before it, the word after it, before the expression?): the
    # verb a date modifies mostly comes before it, so words after count at a longer distance
    candidates: list[tuple[float, str, str, str, bool]] = [
        (d, before[-1 - d], before[-2 - d] if d + 1 < len(before) else edge,
         before[-d] if d else "", True)
        for d in range(len(before))
    ]  # fmt: skip
    candidates += [
        (2 * d + 1.5, after[d], after[d - 1] if d else "",
         after[d + 1] if d + 1 < len(after) else "", False)
        for d in range(len(after))
    ]  # fmt: skip
    deadline = False  # "by August", "until Friday": forward unless a past verb says otherwise
    planned = any(w.lower() in _FUTURE for w in before)
    for d, raw, previous, following, is_before in sorted(candidates):
        word = raw.lower()
        prev = previous.lower()
        if word in _FUTURE:
            return "future"
        if word == "since" and d == 0:
            return "past"
        if word == "set":
            if following.lower() in ("to", "for"):
                return "future"
            if following.lower() in ("on", "in", "at", "off", "up", "out"):
                return "past"  # "the record set on Aug. 6", "the fire set off Monday"
            continue
        if d == 0 and word in ("by", "until", "till"):
            deadline = True
            continue
        if is_before and word == "to" and following and following[:1].islower():
            nxt = following.lower()
            if prev not in _PLAN_TO:
                continue
            if nxt not in _NOT_INFINITIVE and not (nxt.endswith("s") and not nxt.endswith("ss")):
                if not nxt.endswith("ed") or nxt in _NOT_PAST:
                    return "future"  # "agreed to meet on Friday"
        if is_before and word.endswith("ing") and prev == "after" and not planned:
            return "past"  # "boosting output after activating a pump on Wednesday"
        if is_before and word.endswith("ing") and prev in _PROGRESSIVE:
            return "future"  # "is sending a delegation … Monday": a plan
        if is_before and word == "takes" and following.lower() in ("effect", "place", "office"):
            return "future"  # "the ceasefire takes effect Friday"
        if is_before and word in _PRESENT_SCHEDULE:
            return "future"  # "the monarch meets Bush on Thursday"
        if is_before and word in _PRESENT_SCHEDULE_BASE and prev not in _NOT_SCHEDULE_BEFORE:
            return "future"  # "they meet separately Monday"
        if d == 0 and word in ("to", "until", "till"):
            return None  # "extended to Nov. 20": a deadline, whatever the verb's tense
        participle = word in _PAST or word.endswith("ed") and len(word) > 4
        if is_before and participle and prev == "be" and _future_be(words, len(words) - 2 - int(d)):
            return "future"  # "will be named … for a mission in December"
        if word in _PAST and prev not in _PASSIVE:
            return "past"
        if word.endswith("ed") and len(word) > 4 and word not in _NOT_PAST:
            if prev in _PASSIVE or prev in _DETERMINER or word.startswith("un"):
                continue  # "was exercised", "the increased dividend", "unspecified"
            if not word.endswith("eed"):
                return "past"
    return "future" if deadline and deadline_ahead else None


def _future_be(words: list[str], at: int) -> bool:
    """The bare "be" at ``words[at]`` follows "will"/"would"/"shall" or a plan's "to" ("is
    to be signed", "agreed to be named"), not "could" or "had to" ("could not be reached
    Tuesday", "had to be removed")."""
    before = [w.lower() for w in words[max(0, at - 3) : at] if w.lower() not in ("not", "also")]
    if not before:
        return False
    if before[-1] in ("will", "'ll", "’ll", "would", "shall", "won't", "won’t"):
        return True
    return before[-1] == "to" and len(before) > 1 and before[-2] in _PLAN_TO - {"has", "have"}


# -- calendar arithmetic -------------------------------------------------------------------
def _month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


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


def _spoken_number(words: str) -> int | None:
    """ "nineteen ninety-six" → 1996, "two thousand and one" → 2001, "the year two
    thousand" → 2000."""
    parts = [w for w in re.split(r"[\s-]+", words.lower()) if w not in ("the", "year", "and")]
    if parts[:2] == ["two", "thousand"]:
        rest = parts[2:]
        if not rest:
            return 2000
        n = _TEENS.get(rest[0]) or _UNITS.get(rest[0])
        return 2000 + n if n else None
    century = {"nineteen": 1900, "eighteen": 1800}.get(parts[0])
    if century is None or len(parts) < 2:
        return None
    rest = parts[1:]
    if rest == ["hundred"]:
        return century
    if rest[0] == "oh" and len(rest) == 2:
        return century + _UNITS.get(rest[1], 0)
    if rest[0] in _TEENS:
        return century + _TEENS[rest[0]]
    if rest[0] in _TENS:
        return century + _TENS[rest[0]] + (_UNITS.get(rest[1], 0) if len(rest) > 1 else 0)
    return None


def _ordinal(words: str) -> int | None:
    parts = re.split(r"[\s-]+", words.lower())
    if len(parts) == 2:
        tens = _TENS.get(parts[0])
        unit = _ORDINALS.get(parts[1])
        return tens + unit if tens and unit else None
    return _ORDINALS.get(parts[0])


def _day_without_year(month: int, day: int, pub: date, when: str | None) -> date | None:
    """The date with this month and day that a reader of an article of ``pub`` means:
    the nearest one, unless the clause's tense points the other way (past: not after the
    day after publication; future: not before the day before)."""
    options = [d for y in (pub.year - 1, pub.year, pub.year + 1) if (d := _valid(y, month, day))]
    if when == "past":
        options = [d for d in options if d <= pub + timedelta(days=1)] or options
    elif when == "future":
        options = [d for d in options if d >= pub - timedelta(days=1)] or options
    return min(options, key=lambda d: abs((d - pub).days)) if options else None


def _month_year(month: int, pub: date, mod: str, when: str | None) -> int:
    """The year of a bare month name: "this" is this year's; "last"/"next" the nearest
    one before/after the publication month, a year further when that is the month just
    ended or about to begin (those are "last month" and "next month"); otherwise the
    clause's tense, past narrative by default."""
    if mod == "this":
        return pub.year
    if mod == "last":
        year = pub.year if month < pub.month else pub.year - 1
        return year - 1 if _months_between(year, month, pub) == -1 else year
    if mod == "next":
        year = pub.year if month > pub.month else pub.year + 1
        return year + 1 if _months_between(year, month, pub) == 1 else year
    if when == "future" or mod in ("until", "by") and when != "past":
        return pub.year if month >= pub.month else pub.year + 1
    if when is None and month > pub.month and month - pub.month < 6:
        return pub.year  # no tense to go by: the nearer one
    if when is None and month < pub.month and pub.month - month > 6:
        return pub.year + 1
    return pub.year if month <= pub.month else pub.year - 1


def _months_between(year: int, month: int, pub: date) -> int:
    return (year * 12 + month) - (pub.year * 12 + pub.month)


# -- resolution of one match -----------------------------------------------------------------
def _resolve(
    m: re.Match, text: str, sent: tuple[int, int], pub: date | None, anchor: _Anchor | None
) -> _Reading:
    """What one match means: its value (None when it cannot be resolved), granularity
    (None when the match is not a date at all) and kind. ``anchor`` is the last date the
    text named before the match, the time anaphoric forms ("the following year", "that
    day", "two days later", "the previous Friday") count from."""
    g = m.groupdict()
    kind = m.lastgroup
    start, end = m.span()
    if kind in ("md", "dm"):
        month_name, d, y, d_end = (
            (g["m1"], g["d1"], g["y1"], g["d1b"]) if kind == "md"
            else (g["m2"], g["d2"], g["y2"], g["d2b"])
        )  # fmt: skip
        if not _CASED.match(month_name):
            return _NOT_A_DATE
        if month_name == "May" and kind == "md" and _may_is_modal(text, start):
            return _NOT_A_DATE
        return _day(int(d), int(d_end) if d_end else None, _month_number(month_name), y,
                    text, sent, m, pub)  # fmt: skip
    if kind == "mdw":
        if not _CASED.match(g["m8"]) or (day_n := _ordinal(g["dw"])) is None:
            return _NOT_A_DATE
        return _day(day_n, None, _month_number(g["m8"]), None, text, sent, m, pub)
    if kind in ("iso", "dmy"):
        y, mo, d = (g["y3"], g["m3"], g["d3"]) if kind == "iso" else (g["y4"], g["m4"], g["d4"])
        found = _valid(int(y), int(mo), int(d))
        return _Reading(found.isoformat(), "day", False) if found else _NOT_A_DATE
    if kind == "my":
        if not _CASED.match(g["m5"]):
            return _NOT_A_DATE
        year = int(g["y5"]) if g["y5"] else _spoken_number(g["sy5"])
        if year is None:
            return _NOT_A_DATE
        return _Reading(f"{year:04d}-{_month_number(g['m5']):02d}", "month", False)
    if kind == "mrel":
        if not _CASED.match(g["m7"]):
            return _NOT_A_DATE
        if pub is None:
            return _Reading(None, "month", True)
        which = g["mrwhich"].lower().split()[-1]
        step = {"this": 0, "last": -1, "previous": -1, "next": 1, "following": 1}[which]
        return _Reading(f"{pub.year + step:04d}-{_month_number(g['m7']):02d}", "month", True)
    if kind == "ana":
        unit = g["aunit"].lower()
        unit = unit if unit in _FINENESS else "day"  # "the next morning", "that night"
        which = (g["awhich"] or g["athat"]).lower()
        step = {"following": 1, "next": 1, "previous": -1, "preceding": -1}.get(which, 0)
        if anchor is None and which in ("next", "previous") and unit != "day" and pub:
            # no date named before: "the next year" counts from publication, like "next year"
            return _Reading(_shift(pub, unit, step), unit, True)  # type: ignore[arg-type]
        return _from_anchor(anchor, unit, step)
    if kind == "later":
        n = g["ln"].lower().split()[0]
        count = int(n) if n.isdigit() else _NUMBER_WORDS.get(n, 0)
        return _from_anchor(anchor, g["lu"].lower(), count) if count else _NOT_A_DATE
    if kind == "rel":
        which, unit = g["rwhich"].lower(), g["runit"].lower().split()[-1]
        unit = "week" if unit == "weekend" else unit
        if which in ("past", "coming") and not g["rmod"]:
            before = text[max(sent[0], start - 12) : start].lower().split()
            if before and before[-1] in ("the", "over", "in", "during", "for", "within"):
                return _Reading(None, unit, False, "duration")  # type: ignore[arg-type]
        granularity: Granularity = unit  # type: ignore[assignment]
        if pub is None:
            return _Reading(None, granularity, True)
        step = {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}[which]
        return _Reading(_shift(pub, unit, step), granularity, True)
    if kind == "inthe":
        unit = g["iunit"].lower()
        return _Reading(_shift(pub, unit, 0) if pub else None, unit, True)  # type: ignore[arg-type]
    if kind == "cur":
        unit = (g["cunit"] or "year").lower()
        if "latest" in m.group().lower():
            # a company's latest fiscal year may have ended this year or last: no value
            return _Reading(None, "year", True)
        # "since year-end": the end already passed, the period's before this one
        step = -1 if _word_before(text, start) == "since" and "end" in m.group().lower() else 0
        return _Reading(_shift(pub, unit, step) if pub else None, unit, True)  # type: ignore[arg-type]
    if kind == "ago":
        n = " ".join(g["an"].lower().split()[:1])
        count = int(n) if n.isdigit() else _NUMBER_WORDS.get(n, 0)
        unit = g["au"].lower()
        if not count:
            return _NOT_A_DATE
        if m.group().lower().endswith("before") and re.match(r"\s+[\w$€£]", text[end : end + 3]):
            return _Reading(None, unit, True)  # type: ignore[arg-type]  # "… before the vote"
        if pub is None:
            return _Reading(None, unit, True)  # type: ignore[arg-type]
        if unit != "year" and not m.group().lower().endswith("ago"):
            # "three days earlier" counts from the narrative's own time, not publication
            return _from_anchor(anchor, unit, -count)
        if unit == "day":
            return _Reading((pub - timedelta(days=count)).isoformat(), "day", True)
        if unit == "week":
            return _Reading(_week_start(pub - timedelta(weeks=count)).isoformat(), "week", True)
        if unit == "month":
            y, mo = _add_months(pub, -count)
            return _Reading(f"{y:04d}-{mo:02d}", "month", True)
        return _Reading(f"{pub.year - count:04d}", "year", True)
    if kind == "yago":
        return _Reading(f"{pub.year - 1:04d}" if pub else None, "year", True)
    if kind == "word":
        word = " ".join(g["word"].lower().split())
        if pub is None:
            return _Reading(None, "day", True)
        shift = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(word, 0)
        return _Reading((pub + timedelta(days=shift)).isoformat(), "day", True)
    if kind == "wd":
        return _weekday(g, text, sent, start, end, pub, anchor)
    if kind == "mon":
        name = g["m6"]
        mod = (g["mmod"] or "").lower().rstrip("-")
        if not _CASED.match(name):
            return _NOT_A_DATE
        if name == "May" and mod not in ("last", "next", "this", "early", "late", "mid"):
            # "May" opening a clause is the modal more often than the month
            if mod not in ("in", "since", "by", "until", "through") and _may_is_modal(text, start):
                return _NOT_A_DATE
            if _may_is_modal(text, start, after_only=True):
                return _NOT_A_DATE
        if pub is None:
            return _Reading(None, "month", True)
        month = _month_number(name)
        if mod in ("early", "late", "mid") and _word_before(text, start) in ("until", "by"):
            mod = _word_before(text, start)  # "until mid-November": a deadline
        when = None
        attributive = text[max(0, start - 5) : start].lower().split()[-1:]  # "a June deal"
        if mod in ("until", "by", "through"):
            when = None  # a deadline or a period's end: the nearest, not the verb's tense
        elif mod not in ("last", "next", "this") and not (set(attributive) & _DETERMINER):
            when = tense(text, *sent, start, end)
        return _Reading(f"{_month_year(month, pub, mod, when):04d}-{month:02d}", "month", True)
    if kind == "decade":
        return _Reading(None, "year", False, "period")
    if kind == "clock":
        return _NOT_A_DATE
    if kind == "yrange":
        first, last = int(g["y8"]), g["y8b"]
        last_year = int(last) if len(last) == 4 else first // 100 * 100 + int(last)
        if not 0 < last_year - first <= 50:
            return _NOT_A_DATE
        return _Reading(f"{first:04d}", "year", False, "range", f"{last_year:04d}")
    if kind == "year":
        lead = text[max(0, start - 6) : start].lower()
        if re.search(r"(?:\bat|\bno\.|#)\s*$", lead):
            return _NOT_A_DATE  # "at 1800": a clock time; "No. 1999": a number
        return _Reading(g["y7"], "year", False)
    if kind == "spoken":
        year = _spoken_number(m.group())
        return _Reading(f"{year:04d}", "year", False) if year else _NOT_A_DATE
    if kind == "dur":
        return _Reading(None, "day", False, "duration")
    return _NOT_A_DATE


def _from_anchor(anchor: _Anchor | None, unit: str, step: int) -> _Reading:
    """``step`` units from the narrative's time, at the unit's granularity; no value (right
    or silent) when the text named no date before, or only a coarser one ("In March … two
    days later")."""
    granularity: Granularity = unit  # type: ignore[assignment]
    if anchor is None or _FINENESS[anchor.granularity] > _FINENESS[unit]:
        return _Reading(None, granularity, True)
    if unit == "month":
        y, mo = _add_months(anchor.day, step)
        return _Reading(f"{y:04d}-{mo:02d}", granularity, True)
    return _Reading(_shift(anchor.day, unit, step), granularity, True)


def _as_anchor(reading: _Reading) -> _Anchor | None:
    """A resolved point in time as the narrative's new time."""
    if reading.value is None or reading.kind != "point" or reading.granularity is None:
        return None
    parts = [int(p) for p in reading.value.split("-")]
    day = _valid(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    return _Anchor(day, reading.granularity) if day else None


def _shift(pub: date, unit: str, step: int) -> str:
    if unit == "week":
        return (_week_start(pub) + timedelta(weeks=step)).isoformat()
    if unit == "month":
        y, mo = _add_months(pub, step)
        return f"{y:04d}-{mo:02d}"
    if unit == "day":
        return (pub + timedelta(days=step)).isoformat()
    return f"{pub.year + step:04d}"


def _day(
    day_n: int,
    day_end: int | None,
    month: int,
    year: str | None,
    text: str,
    sent: tuple[int, int],
    m: re.Match,
    pub: date | None,
) -> _Reading:
    if not 1 <= day_n <= 31:
        return _NOT_A_DATE
    if day_end is not None and not day_n < day_end <= 31:
        day_end = None
    if year:
        found = _valid(int(year), month, day_n)
        relative = False
    elif pub is None:
        return _Reading(None, "day", True)
    else:
        # "respond by Oct. 31", "extended until May 3": a deadline is the nearest such day
        deadline = _word_before(text, m.start()) in ("by", "until", "till", "to")
        # "will rule by Dec. 5" is ahead; "extended the offer until May 3", "gushed for 87
        # days until July 15" may lie either side: the nearest such day
        when = tense(text, *sent, *m.span(), deadline_ahead=not deadline)
        if deadline and when == "past":
            when = None
        found = _day_without_year(month, day_n, pub, when)
        relative = True
    if found is None:
        return _NOT_A_DATE
    if day_end is not None and (last := _valid(found.year, month, day_end)):
        return _Reading(found.isoformat(), "day", relative, "range", last.isoformat())
    return _Reading(found.isoformat(), "day", relative)


def _weekday(
    g: dict,
    text: str,
    sent: tuple[int, int],
    start: int,
    end: int,
    pub: date | None,
    anchor: _Anchor | None,
) -> _Reading:
    if not _CASED.match(g["wday"]):
        return _NOT_A_DATE
    target = WEEKDAYS[g["wday"].lower()]
    mod = " ".join((g["wmod"] or "").lower().split())
    if mod in ("the previous", "the following") and anchor and anchor.granularity == "day":
        # "down 4.5% from the previous Friday": the one before the day the narrative is at
        day = anchor.day.weekday()
        delta = -((day - target) % 7 or 7) if mod == "the previous" else (target - day) % 7 or 7
        return _Reading((anchor.day + timedelta(days=delta)).isoformat(), "day", True)
    if pub is None:
        return _Reading(None, "day", True)
    back = -((pub.weekday() - target) % 7)  # the most recent one, publication day included
    ahead = (target - pub.weekday()) % 7  # the coming one, publication day included
    if mod == "next":
        delta = ahead or 7
    elif mod in ("last", "the previous"):
        delta = back or -7  # "the previous Friday": the one before, not publication day
    elif mod in ("this coming", "coming", "the following"):
        delta = ahead or 7
    elif mod in ("since",):
        delta = back
    else:
        when = tense(text, *sent, start, end)
        if mod in ("by", "until") and when != "past":
            when = "future"
        if mod == "this" and when is None:
            when = "future"
        delta = ahead if when == "future" else back
    return _Reading((pub + timedelta(days=delta)).isoformat(), "day", True)


def _word_before(text: str, start: int) -> str:
    words = text[max(0, start - 12) : start].lower().split()
    return words[-1] if words else ""


def _may_is_modal(text: str, start: int, after_only: bool = False) -> bool:
    """ "May" followed by a verb-like lowercase word ("May be", "it may rain") is the modal;
    so is "May" opening a sentence or following a pronoun or noun phrase it could govern."""
    nxt = text[start + 3 : start + 16].split()
    if nxt and nxt[0][:1].islower() and nxt[0] not in ("and", "or", "to", "through", "of"):
        return True
    if after_only:
        return False
    prev = text[max(0, start - 3) : start].strip()
    return not prev or prev[-1:] in '.!?"“'


def find_dates(
    text: str, sentences: list[tuple[int, int, int]], published: str | None
) -> list[TimeExpr]:
    """All temporal expressions in ``text``, sentence by sentence (any number per sentence),
    resolved against ``published`` (an ISO date or datetime; ``None`` leaves relative ones
    unresolved)."""
    pub = parse_published(published)
    out = []
    anchor: _Anchor | None = None  # the last date named so far: the narrative's time
    for s_start, s_end, _ in sentences:
        if not _TRIGGER.search(text, s_start, s_end):
            continue
        for m in _PATTERN.finditer(text, s_start, s_end):
            reading = _resolve(m, text, (s_start, s_end), pub, anchor)
            if reading.granularity is None:
                continue
            if m.lastgroup != "word" or "overnight" not in m.group().lower():
                anchor = _as_anchor(reading) or anchor
            start, end = m.span()
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            out.append(
                TimeExpr(
                    text=text[start:end],
                    start=start,
                    end=end,
                    value=reading.value,
                    granularity=reading.granularity,
                    resolved=reading.value is not None,
                    relative=reading.relative,
                    kind=reading.kind,
                    until=reading.until,
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
