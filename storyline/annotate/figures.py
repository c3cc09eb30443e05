"""Figures: numbers with what they count, how they are qualified, who and when.

Regex-first: numbers in digits ("50,000", "$30 billion", "€5 billion ($5.7 billion)",
"1,000-kilometer"), in words ("seven", "tens of thousands", "a fifth of"), then the counted
noun read off the words that follow. A figure is a quantity *of something*: without a
counted noun, a currency or a unit there is no figure. Not figures either:

- years, dates, times, ordinals, ages ("50-year-old"), numbers glued to letters ("F-16"),
  malformed numbers ("1,0000");
- durations ("two hours", "about two weeks", "a three-year conflict", "a 30-day ceasefire"):
  they say how long, not how many;
- references to a known set ("the two sides", "both leaders") and fixed phrases ("two
  sides", "in two ways").

Vague quantities ("tens of thousands of deaths", "dozens of drones") keep their words and a
range, never a number; a part of a whole ("three of Moscow's four main airports") keeps both.
One article states a figure once: a repeated sentence does not count twice.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from datetime import date

from .lemmas import looks_plural, singular
from .records import Figure, Mention, TimeExpr

_CURRENCIES = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_CURRENCY_WORDS = {
    "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP",
    "rubles": "RUB", "roubles": "RUB", "hryvnias": "UAH", "yuan": "CNY", "yen": "JPY",
}  # fmt: skip
_SCALES = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6,
    "m": 1e6, "k": 1e3, "b": 1e9,
}  # fmt: skip
_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12,
}  # fmt: skip
# Vague quantities: no value, only the range the words allow (plural: at least two of them).
_VAGUE = {
    "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2000, 9999),
    "tens of thousands": (20000, 99999), "hundreds of thousands": (200000, 999999),
    "millions": (2e6, 9.99e8), "tens of millions": (2e7, 9.99e7), "billions": (2e9, 9.99e11),
}  # fmt: skip
# Units of time: a number of them is a duration, not a count of something.
_DURATIONS = frozenset(
    """second minute hour day night week weekend fortnight month year decade century
    millennium time""".split()
)
# Nouns that a small number in words turns into a fixed phrase ("two sides", "in two ways").
_FIXED_NOUNS = frozenset("side way hand thing sense eye foot step".split())
_DETERMINER_BEFORE = re.compile(
    r"\b(?:the|these|those|its|their|our|his|her|both|all|whose)\s+$", re.IGNORECASE
)
_PART_OF = re.compile(
    r"\s+of\s+(?:(?:the|its|their|his|her|our|these|those)\s+)?(?:[\w-]+(?:'s|’s)\s+)?"
)
_OF_NOUN = re.compile(r"\s+(?:in|of|for|on)\s+(?:the\s+)?")
_FRACTIONS = {
    "half": 0.5, "a half": 0.5, "a third": 1 / 3, "one third": 1 / 3, "a quarter": 0.25,
    "one quarter": 0.25, "a fifth": 0.2, "one fifth": 0.2, "a sixth": 1 / 6, "a tenth": 0.1,
    "two-thirds": 2 / 3, "two thirds": 2 / 3, "three-quarters": 0.75, "three quarters": 0.75,
}  # fmt: skip
_QUALIFIERS = {
    "more than": "more than", "over": "more than", "upwards of": "more than",
    "at least": "at least", "no fewer than": "at least", "around": "around", "about": "around",
    "roughly": "around", "approximately": "around", "some": "around", "an estimated": "around",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "up to": "up to",
    "as many as": "up to", "at most": "up to", "fewer than": "less than",
    "less than": "less than", "under": "less than", "just over": "more than",
    "roughly a": "around", "exactly": "exactly",
}  # fmt: skip
_STOP = frozenset(
    """of in on at to for from by with and or but as than that which who whom whose was were
    is are be been being has have had will would could should may might can did do does not
    overnight yesterday today tomorrow each ago earlier later since during after before across
    between into onto over under about around per a an the this these those its their his her
    our your my it they he she we i you also only more most other said says told according
    while when where if so then there here near including inside outside against toward towards
    through via up down out off away amid among""".split()
)
_SKIP_MODIFIERS = frozenset("more additional other new further extra".split())
_NOT_UNITS = frozenset({"other", "one", "more", "near", "way", "time", "times"})
_COMPOUNDS = ("prisoners of war", "prisoner of war", "heads of state", "members of parliament")
_WORD_NUMBER = "|".join(
    sorted(
        (re.escape(w) for w in list(_UNITS) + list(_VAGUE) + list(_FRACTIONS)),
        key=len,
        reverse=True,
    )
)
_NUMBER = re.compile(
    rf"""
    (?<![\w.,/:'’-])(?P<cur>US\$|\$|€|£|¥)?\s?
    (?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)
    (?![\d]|[,.:/]\d|[A-Za-z])
  | \b(?P<word>(?:{_WORD_NUMBER})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?)\b
    """,
    re.VERBOSE | re.IGNORECASE,
)
_AFTER = re.compile(
    r"""(?P<scale>\s*(?:thousand|million|billion|trillion|bn|mn)\b|(?<=\d)(?:m|bn|k)\b)?
        (?P<pct>\s?%|\s+per\s?cent\b|\s+percent\b)?
        (?P<hyphen>-(?P<hunit>[a-z]+(?:-[a-z]+)?))?""",
    re.VERBOSE | re.IGNORECASE,
)
_ALT = re.compile(r"\s*\((?P<alt>(?:US\$|\$|€|£|¥)?\s?\d[\d,.]*(?:\s*[a-z]+)?(?:-[a-z]+)?)\)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|[^\sA-Za-z]")
_QUALIFIER_BEFORE = re.compile(
    r"\b(?P<q>" + "|".join(sorted(map(re.escape, _QUALIFIERS), key=len, reverse=True)) + r")\s+$",
    re.IGNORECASE,
)
_EACH = re.compile(r"\s+each\b")
_OF = re.compile(r"\s+of\s+(?:(?:the|its|their|his|her|our|[A-Z][\w-]*(?:'s|’s))\s+)?")
_TIME_AFTER = re.compile(r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC|hours?\s+GMT)", re.IGNORECASE)
_ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE"})
_HYPHEN_UNIT = re.compile(r"-(?P<u>[a-z]+)")
_OF_WORD = re.compile(r"\s+of\b")
_CURRENCY_AFTER = re.compile(r"\s+([A-Za-z]+)")
_YEAR_OLD = re.compile(r"-(?:year|month|week|day)s?-old\b|\s+years?\s+old\b")


def _number_value(raw: str) -> float | None:
    try:
        return float(raw.replace(",", ""))
    except ValueError:
        return None


def _word_value(word: str) -> tuple[float, str | None] | None:
    """Value and implied qualifier of a number written in words (vague words excepted)."""
    w = word.lower()
    if w in _FRACTIONS:
        return _FRACTIONS[w], None
    if "-" in w:
        tens, _, ones = w.partition("-")
        if tens in _UNITS and ones in _UNITS:
            return float(_UNITS[tens] + _UNITS[ones]), None
        return None
    if w in _UNITS:
        return float(_UNITS[w]), None
    return None


def _noun_phrase(text: str, pos: int, limit: int, plural: bool) -> tuple[str, int, int] | None:
    """The counted noun after ``pos``: ``(lemma, end offset, start offset)`` or None; the
    noun phrase as written is ``text[start:end]``.

    Up to three words of the noun phrase are read (skipping "more", "other" and national
    adjectives such as "Ukrainian"), stopping at function words and punctuation; the head is
    the first plural-looking word when the number is plural, else the last word read.
    """
    lowered = text[pos : min(limit, pos + 40)].lower()
    for compound in _COMPOUNDS:
        if lowered.lstrip().startswith(compound):
            at = pos + lowered.index(compound)
            offset = at + len(compound)
            return singular(compound.split()[0]) + compound[len(compound.split()[0]) :], offset, at
    words: list[tuple[str, int]] = []
    first = None
    for m in _WORD.finditer(text, pos, min(limit, pos + 80)):
        token = m.group()
        low = token.lower()
        if not token[0].isalpha() or low in _STOP or len(words) == 3:
            break
        if token[0].isupper() and not low.endswith(("ian", "ese", "ish", "i", "an")):
            break
        if low in _SKIP_MODIFIERS and not words:
            continue
        if first is None:
            first = m.start()
        words.append((low.strip("'’"), m.end()))
    if not words or (len(words) == 1 and words[0][0].endswith(("ian", "ese", "ish"))):
        return None  # a lone national adjective ("Ukrainian") names no counted thing
    assert first is not None
    if plural:
        for word, end in words:
            if looks_plural(word):
                return singular(word), end, first
    word, end = words[-1]
    return singular(word), end, first


def find_figures(
    text: str,
    sentences: list[tuple[int, int, int]],
    dates: list[TimeExpr],
    mentions: list[Mention],
    published: date | None,
) -> list[Figure]:
    """All figures of ``text``, sentence by sentence; a figure the article repeats (same
    quantity, same date) is kept at its first statement only."""
    dates = sorted(dates, key=lambda d: d.start)
    mentions = sorted(mentions, key=lambda m: m.start)
    index = _Index(dates, mentions)
    out: list[Figure] = []
    seen: set[tuple] = set()
    for s_start, s_end, _ in sentences:
        taken_until = s_start
        for m in _NUMBER.finditer(text, s_start, s_end):
            if m.start() < taken_until:
                continue
            figure = _figure(text, m, s_start, s_end, index)
            if figure is None:
                continue
            figure = _attach(text, figure, index, published)
            taken_until = figure.end
            key = (figure.value, figure.low, figure.unit, figure.qualifier, figure.whole,
                   figure.date)  # fmt: skip
            if key in seen:
                continue
            seen.add(key)
            out.append(figure)
    return out


class _Index:
    """Dates and mentions sorted by offset, for nearest-neighbour look-ups in O(log n)."""

    def __init__(self, dates: list[TimeExpr], mentions: list[Mention]) -> None:
        self.dates = dates
        self.date_starts = [d.start for d in dates]
        self.mentions = mentions
        self.mention_starts = [m.start for m in mentions]

    def inside_date(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.date_starts, end - 1) - 1
        while i >= 0 and self.dates[i].end > start - 40:
            d = self.dates[i]
            if d.start <= start < d.end or d.start < end <= d.end:
                return True
            i -= 1
        return False


@dataclass
class _Reading:
    """A number as read so far: its value (None for a vague quantity, with its range), where
    it ends, and what it already says about its unit (a currency sign, "%", a hyphenated unit
    as in "1,000-kilometer"), and the counted noun phrase when already read."""

    value: float | None
    end: int
    qualifier: str | None = None
    currency: str | None = None
    unit: str | None = None
    plural: bool = True
    low: float | None = None
    high: float | None = None
    noun: str | None = None
    words: bool = False


def _read_digits(text: str, m: re.Match) -> _Reading | None:
    raw = m.group("num")
    value = _number_value(raw)
    if value is None:
        return None
    end = m.end()
    currency = _CURRENCIES[m.group("cur").lower()] if m.group("cur") else None
    after = _AFTER.match(text, end)
    assert after is not None  # every group of _AFTER is optional: it always matches
    scale = (after.group("scale") or "").strip().lower()
    is_year = "," not in raw and "." not in raw and 1900 <= value <= 2099
    if is_year and not currency and not scale:
        return None
    if _TIME_AFTER.match(text, end) or _YEAR_OLD.match(text, end):
        return None
    reading = _Reading(value * _SCALES.get(scale, 1.0), end, currency=currency)
    if scale:
        reading.end = after.end("scale")
    if after.group("pct"):
        reading.unit, reading.end = "percent", after.end("pct")
    elif after.group("hyphen"):
        reading.unit, reading.end = singular(after.group("hunit").lower()), after.end("hyphen")
    reading.plural = value != 1
    return reading


def _read_words(text: str, m: re.Match, s_end: int) -> _Reading | None:
    word = m.group("word").lower()
    end = m.end()
    if word == "one" or _YEAR_OLD.match(text, end):
        return None
    if word in _FRACTIONS or word in _VAGUE:
        # "a fifth of its land", "tens of thousands of deaths": the noun follows "of"
        of = _OF.match(text, end)
        head = _noun_phrase(text, of.end(), s_end, plural=word in _VAGUE) if of else None
        if head is None:
            return None
        noun = text[head[2] : head[1]]
        if word in _VAGUE:
            low, high = _VAGUE[word]
            return _Reading(None, head[1], unit=head[0], low=low, high=high, noun=noun)
        return _Reading(_FRACTIONS[word], head[1], unit=f"share of {head[0]}", noun=noun)
    parsed = _word_value(word)
    if parsed is None:
        return None
    value, qualifier = parsed
    hyphen = _HYPHEN_UNIT.match(text, end)
    if hyphen:  # "three-year conflict", "two-seat plane"
        return _Reading(value, hyphen.end(), unit=singular(hyphen.group("u").lower()), words=True)
    return _Reading(value, end, qualifier=qualifier, plural=value != 1, words=True)


def _reading(text: str, m: re.Match, s_end: int) -> _Reading | None:
    return _read_digits(text, m) if m.group("num") else _read_words(text, m, s_end)


def _part_of_whole(
    text: str, m: re.Match, part: _Reading, s_end: int
) -> tuple[_Reading, float] | None:
    """Part and whole ("three of Moscow's four main airports"): the part's reading, extended
    over the whole's noun phrase, and the whole; None when no number follows "of"."""
    of = _PART_OF.match(text, part.end)
    if of is None:
        return None
    whole_m = _NUMBER.match(text, of.end())
    if whole_m is None or part.value is None:
        return None
    whole = _reading(text, whole_m, s_end)
    if whole is None or whole.value is None or whole.unit or whole.value < part.value:
        return None
    head = _noun_phrase(text, whole.end, s_end, plural=True)
    if head is None:
        return None
    reading = _Reading(part.value, head[1], qualifier=part.qualifier, unit=head[0],
                       noun=text[head[2] : head[1]])  # fmt: skip
    return reading, whole.value


def _figure(text: str, m: re.Match, s_start: int, s_end: int, index: _Index) -> Figure | None:
    start = m.start()
    while text[start].isspace():
        start += 1
    if index.inside_date(start, m.end()):
        return None
    reading = _reading(text, m, s_end)
    if reading is None:
        return None
    if reading.words and _DETERMINER_BEFORE.search(text, max(s_start, start - 12), start):
        return None  # "the two sides", "both leaders": a set named before, not a count
    whole = None
    if reading.unit is None and reading.currency is None and _OF_WORD.match(text, reading.end):
        found = _part_of_whole(text, m, reading, s_end)
        if found is None:
            return None  # "two of them": a part of something named elsewhere
        reading, whole = found
    end, unit, qualifier, noun = reading.end, reading.unit, reading.qualifier, reading.noun
    alt = None
    if alt_m := _ALT.match(text, end):  # "€5 billion ($5.7 billion)", "(620-mile)"
        alt, end = alt_m.group("alt"), alt_m.end()
    currency = reading.currency
    if currency is None and unit is None:
        word_after = _CURRENCY_AFTER.match(text, end)
        if word_after and word_after.group(1).lower() in _CURRENCY_WORDS:
            currency, end = _CURRENCY_WORDS[word_after.group(1).lower()], word_after.end()
    if currency:
        unit = currency
        noun = _noun_after(text, end, s_end)  # "€5 billion in military aid"
    elif unit is None:
        head = _noun_phrase(text, end, s_end, reading.plural)
        if head is None:
            return None
        unit, end = head[0], head[1]
        noun = text[head[2] : head[1]]
    elif unit == "percent":
        noun = _noun_after(text, end, s_end)  # "64 percent of voters"
    elif noun is None and (head := _noun_phrase(text, end, s_end, plural=False)):
        end = head[1]  # "1,000-kilometer front line": unit "kilometer", noun "front line"
        noun = text[head[2] : head[1]]
    if unit in _NOT_UNITS or unit.split()[0] in _DURATIONS:
        return None
    if reading.words and unit in _FIXED_NOUNS:
        return None
    if alt is None and (alt_m := _ALT.match(text, end)):  # "4,500 kilometers (2,800 miles)"
        alt, end = alt_m.group("alt"), alt_m.end()
    each = _EACH.match(text, end)
    if each and each.end() <= s_end:
        qualifier, end = "each", each.end()
    before = _QUALIFIER_BEFORE.search(text, max(s_start, start - 25), start)
    if before:
        if qualifier != "each":
            qualifier = _QUALIFIERS[before.group("q").lower()]
        start = before.start("q")
    return Figure(
        text=text[start:end],
        start=start,
        end=end,
        value=reading.value,
        unit=unit,
        qualifier=qualifier,
        sentence_start=s_start,
        sentence_end=s_end,
        alt=alt,
        low=reading.low,
        high=reading.high,
        whole=whole,
        noun=noun,
    )


def _noun_after(text: str, end: int, s_end: int) -> str | None:
    """The noun phrase of "in/of/for …" right after a sum or a share, as written."""
    of = _OF_NOUN.match(text, end)
    if of is None:
        return None
    head = _noun_phrase(text, of.end(), s_end, plural=False)
    return text[head[2] : head[1]] if head else None


def _attach(text: str, figure: Figure, index: _Index, published: date | None) -> Figure:
    """Add the actor (the nearest entity before the figure in its sentence, else the first
    after it) and the date: the nearest resolved date before the figure in its sentence, or
    after it in the same clause (no comma between), else the publication date."""
    lo, hi = figure.sentence_start, figure.sentence_end
    actor = None
    i = bisect.bisect_left(index.mention_starts, figure.start) - 1
    while i >= 0 and index.mentions[i].start >= lo and actor is None:
        m = index.mentions[i]
        if m.end <= figure.start and m.type in _ACTOR_TYPES:
            actor = m.text
        i -= 1
    j = bisect.bisect_left(index.mention_starts, figure.end)
    while actor is None and j < len(index.mentions) and index.mentions[j].end <= hi:
        if index.mentions[j].type in _ACTOR_TYPES:
            actor = index.mentions[j].text
        j += 1
    when = published.isoformat() if published is not None else None
    candidates = []
    i = bisect.bisect_left(index.date_starts, figure.start) - 1
    while i >= 0 and index.dates[i].start >= lo:
        if index.dates[i].resolved:
            candidates.append(index.dates[i])
            break
        i -= 1
    j = bisect.bisect_left(index.date_starts, figure.end)
    while j < len(index.dates) and index.dates[j].start < hi:
        d = index.dates[j]
        if "," in text[figure.end : d.start]:
            break
        if d.resolved:
            candidates.append(d)
            break
        j += 1
    if candidates:
        when = min(candidates, key=lambda d: abs(d.start - figure.start)).value
    return replace(figure, actor=actor, date=when)
