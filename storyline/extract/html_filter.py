"""Post-filter for the page furniture trafilatura leaves in an article body.

trafilatura finds the article container well, but news templates put furniture *inside* that
container: "Related:" link lists, newsletter and subscription promos, "follow us" lines,
copyright and photo-credit lines, comment prompts, and the headline repeated as the first line.
These rules work on trafilatura's output lines, are written for the kind of furniture news
sites use in general (never for one site), and report every line they drop with a reason slug
so the article page can show what was taken away.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from storyline.records import Removed

_WORD = re.compile(r"\w+", re.UNICODE)
_LIST_ITEM = re.compile(r"^[-•*–]\s+")

# Lines that are furniture on their own, whatever surrounds them. Each pattern is anchored or
# narrow enough that an ordinary news sentence does not match it; the length caps in
# `line_reason` add a second guard.
_LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "newsletter-promo",
        re.compile(
            r"(sign up|subscribe|signing up|subscribing)\b.{0,80}\b(newsletters?|"
            r"inbox|e-?mail alerts?|briefing)|\bnewsletters?\b.{0,60}\b(sign up|subscribe|inbox)|"
            r"delivered (straight |directly )?(to|in(to)?) your inbox|right in your inbox|"
            r"^(get|sign up for) (our|the) .{0,40}newsletter|^[\w' ]{0,40}newsletter$",
            re.I,
        ),
    ),
    (
        "subscription-promo",
        re.compile(
            r"^if you (enjoyed|liked|value) (this|our) (article|story|journalism|reporting)|"
            r"subscri.{0,80}for as little as|"
            r"^(subscribe|become a (member|subscriber)|support our journalism)\b|"
            r"unlimited (digital )?access|"
            r"^(already a subscriber|get (full|unlimited) access)",
            re.I,
        ),
    ),
    (
        "app-promo",
        re.compile(
            r"download (our|the) .{0,30}\bapp\b|^(get it on|available on|download on) (the )?"
            r"(app store|google play)|^get the [\w' ]{1,30} app\b",
            re.I,
        ),
    ),
    (
        "social-share",
        re.compile(
            r"^(share( this)?( article| story| post| page)?( on| via)?|follow us( on)?|like us on)"
            r"\s*:?\s*((facebook|twitter|instagram|linkedin|whatsapp|e-?mail|youtube|tiktok|"
            r"pinterest|reddit|print|copy link|x)[\s,|/•]*)*$|"
            r"^follow @?[\w'’. ]{1,60} on (instagram|facebook|twitter|youtube|tiktok|x)\b|"
            r"^follow [\w'’. ]{1,40}(full |latest )?coverage\b.{0,80}https?://|"
            r"^(click|tap) (here )?to share\b|"
            r"^((facebook|twitter|instagram|linkedin|whatsapp|e-?mail|youtube|tiktok|pinterest|"
            r"reddit|flipboard|telegram|messenger|copy link)[\s,|/•·]*){1,8}$",
            re.I,
        ),
    ),
    (
        "navigation",
        re.compile(
            r"^(home|menu|close|search|sign in|log in|log out|register|skip to (main )?content|"
            r"privacy policy|terms (of use|of service|and conditions)|contact us|about us|"
            r"advertise( with us)?|site ?map|cookie (policy|settings)|back to top|"
            r"(next|previous) (article|story|post)|print( this (article|page))?)$",
            re.I,
        ),
    ),
    (
        "copyright",
        re.compile(
            r"^(copyright|\(c\)|©)\s|(©|\(c\)|copyright)\s*\d{4}\b|all rights reserved",
            re.I,
        ),
    ),
    (
        "photo-credit",
        re.compile(
            r"^(image|media) (caption|copyright)\b|"
            r"^(photo|photos|image|images|picture|pictures|video|credit|photograph)"
            r"( credit)?s?\s*(:|©|by\b)|\bphotos? ©|\((photo|image)s? (by|:|courtesy)[^)]*\)$|"
            r"^(getty images|afp|reuters|ap photo|shutterstock)\b[^.]{0,40}$",
            re.I,
        ),
    ),
    (
        "comment-prompt",
        re.compile(
            r"^(leave|post|add|write) a (comment|reply)|^(tell us|let us know) what you think|"
            r"^\d*\s*comments?$|^(show|view|load|read) (all )?\d*\s*comments|"
            r"^join the (conversation|discussion)|^comments? (are|have been) closed|"
            r"^what do you think\?\s*(let us know|tell us|leave|share)",
            re.I,
        ),
    ),
    (
        "related-links",
        re.compile(
            r"^(related|see more|read more|see also|also read|read also|more|don'?t miss|"
            r"recommended|watch|listen|trending|most read|most popular|more from [\w ]{1,30}|"
            r"you may also like|you might also like|related (articles?|stories|content|links?|"
            r"coverage|news|posts?|reading))\s*(:|\.\.\.|…|$)",
            re.I,
        ),
    ),
    (
        "byline",
        re.compile(
            r"^by\s+[A-Z][\w.'’-]*(\s+(and\s+)?[A-Z][\w.'’-]*){0,5}\s*[,|]?\s*$|"
            r"^(additional )?reporting by\b.{0,100}$|^(edited|written|compiled) by\b.{0,60}$"
        ),
    ),
    (
        "advertisement",
        re.compile(
            r"^(advertisement|advertising|sponsored( content)?|ad)$|"
            r"^(story|article) continues (below|after)( (this )?(advertisement|ad))?$|"
            r"^continue reading (the main story|below)$|^scroll to continue|"
            r"^(loading|please wait)\W*$|^please enable javascript|"
            r"^(this video (is|has been) (unavailable|removed)|your browser does not support)",
            re.I,
        ),
    ),
    (
        "shortcode",
        re.compile(r"^\[/?[a-z_]+(\s+[a-z_-]+=[\"”'][^\]]*)*\]"),
    ),
    (
        "author-contact",
        re.compile(r"^(have|got) a (news )?tip\b|\b(may|can) be reached at \S+@", re.I),
    ),
    (
        "tags",
        re.compile(r"^(filed under|tags?|tagged( with)?|categories|topics)\s*:", re.I),
    ),
    (
        "reading-time",
        re.compile(
            r"^(\d+\s*(min(ute)?s?|mins?) read|reading time:?.{0,20}|"
            r"tempo de leitura:?.{0,20}|lesezeit:?.{0,20}|temps de lecture:?.{0,20})$",
            re.I,
        ),
    ),
    (
        "updated-line",
        re.compile(
            r"^(updated|published|posted|last updated|first published)( on| at)?:?\s"
            r"[\w ,:./-]{0,40}(\d{1,2}[:.]\d{2}|\d{4})\s*([ap]\.?m\.?)?\s*\w{0,4}\.?$",
            re.I,
        ),
    ),
)

# Rules that search the whole line (not anchored at its start) are costly on long body lines;
# they are tried only when the line holds one of their cue words, found in one scan.
_CUES: dict[str, str] = {
    "newsletter-promo": r"newsletter|inbox|subscri|sign(?:ing)? up",
    "subscription-promo": r"if you|as little as|subscri|become a|support our|unlimited|get full",
    "app-promo": r"app\b",
    "copyright": r"copyright|rights reserved",
    "photo-credit": r"photo|image|picture|video|credit|getty|afp|reuters|shutterstock",
    "author-contact": r"tip\b|reached at",
}
_CUE = re.compile(r"\b(?:" + "|".join(_CUES.values()) + r")|©|\(c\)", re.I)
_DIGIT = re.compile(r"\d")


# Headers that introduce a run of links to other articles: the header and the link-like lines
# right after it go together.
_RELATED_HEADER = re.compile(
    r"^(related|see more|read more|see also|also read|more|don'?t miss|recommended|"
    r"trending|most read|most popular|more (stories|news|from [\w ]{1,30})|"
    r"you (may|might) also like|related (articles?|stories|content|links?|coverage|news|posts?|"
    r"reading))\s*(:|\.\.\.|…)?$",
    re.I,
)

_DATE_WORDS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june "
    "july august september october november december mon tue tues wed thu thur thurs fri sat "
    "sun monday tuesday wednesday thursday friday saturday sunday am pm a m p est edt cst cdt "
    "mst mdt pst pdt gmt utc bst cet cest et pt ct ist jst updated published posted modified "
    "last on at".split()
)
_STAMP = re.compile(r"\b(updated|published|posted|modified)\b|\bby\s+[A-Z]", re.I)
_TRAILING_BYLINE = re.compile(r"\s*[|,•-]?\s*\bby\s+([A-Z][\w.'’-]*\s*){1,4}$")


def is_dateline(line: str) -> bool:
    """A line holding only a date or time (and perhaps a byline): page metadata that we
    return as ``published``, not body text."""
    if len(line) > 100 or not _DIGIT.search(line):
        return False
    rest = _TRAILING_BYLINE.sub("", line)
    tokens = [t.lower() for t in _WORD.findall(rest)]
    return bool(tokens) and all(t.isdigit() or t in _DATE_WORDS for t in tokens)


BODY_WORDS = 15
"""A kept line this long means the article body has begun."""

MAX_FURNITURE_WORDS = 60
"""Furniture lines are short; a long line that happens to match a pattern is body text."""


def word_count(line: str) -> int:
    """Words as the extraction metric counts them (``\\w+`` runs)."""
    return len(_WORD.findall(line))


def line_reason(line: str, *, at_top: bool = True) -> str | None:
    """Why a single line is furniture, or None when it reads as body text.

    ``at_top`` says no body paragraph has been kept yet: a bare date there is the page's
    dateline, while further down it is more likely part of the text (an event's dates).
    """
    if not _WORD.search(line):  # "* * *"; an AP-style "___" rule is kept, as the wires do
        return "separator"
    if line.count(" ") >= MAX_FURNITURE_WORDS:
        return None
    if is_dateline(line) and (at_top or _STAMP.search(line)):
        return "dateline"
    cued = _CUE.search(line) is not None
    for reason, pattern in _LINE_RULES:
        if (cued or reason not in _CUES) and pattern.search(line):
            return reason
    return None


def _token_set(text: str) -> set[str]:
    return {t.lower() for t in _WORD.findall(text)}


def is_title_repeat(line: str, title: str | None) -> bool:
    """True when a line restates the headline: trafilatura often keeps the page's <h1>, which
    is the title we already return separately, so keeping it would double it."""
    if not title:
        return False
    a, b = _token_set(line), _token_set(title)
    if not a or not b or len(a) > 2 * len(b) + 3:
        return False
    return len(a & b) / len(a | b) >= 0.7


def _is_link_like(line: str) -> bool:
    """A line that reads like the headline of another article: short, a list item or no
    sentence-ending punctuation."""
    words = word_count(line)
    if _LIST_ITEM.match(line):
        return words <= 25
    return 3 <= words <= 20 and not line.rstrip().endswith((".", "!", "?", ":", '"', "”"))


def _list_run(lines: Sequence[str], start: int) -> int:
    """End index of the short list items (link lists) starting at ``start``."""
    end = start
    while end < len(lines) and _LIST_ITEM.match(lines[end]) and word_count(lines[end]) <= 25:
        end += 1
    return end


def _related_run(lines: Sequence[str], start: int) -> int:
    """End index of the link list that follows a related-links header at ``start``."""
    end = start + 1
    while end < len(lines) and _is_link_like(lines[end]):
        end += 1
    return end


_PITCH = re.compile(r"^(get|sign up|subscribe|receive|stay|be the first|never miss)\b", re.I)


def _is_promo_pitch(lines: Sequence[str], index: int, header: str) -> bool:
    """The sales line under a newsletter's name ("Morning Briefing" / "Get the day's top
    stories..."): furniture only in that position, so it is checked after a promo header."""
    if index >= len(lines) or word_count(header) > 6 or header.endswith((".", "!", "?")):
        return False
    return word_count(lines[index]) <= 40 and bool(_PITCH.match(lines[index]))


class _Collector:
    """Accumulates kept paragraphs and removed blocks in page order."""

    def __init__(self) -> None:
        self.kept: list[str] = []
        self.removed: list[Removed] = []

        self.body_started = False

    def keep(self, line: str) -> None:
        self.kept.append(line)
        self.body_started = self.body_started or word_count(line) >= BODY_WORDS

    def drop(self, text: str, reason: str) -> None:
        self.removed.append(Removed(text, reason))

    def drop_run(self, lines: Sequence[str], start: int, end: int, reason: str) -> int:
        """Drop ``lines[start:end]`` for one reason; return ``end``."""
        for line in lines[start:end]:
            self.drop(line, reason)
        return end


def filter_lines(
    lines: Sequence[str],
    *,
    title: str | None = None,
    extra_reason: Callable[[str], str | None] | None = None,
) -> tuple[tuple[str, ...], tuple[Removed, ...]]:
    """Split trafilatura's body lines into kept paragraphs and removed furniture.

    ``extra_reason`` lets the caller plug in a shared furniture lexicon (the text-dump
    cleaner's) without this module depending on it.
    """
    lines = [" ".join(line.split()) for line in lines]
    lines = [line for line in lines if line]
    out = _Collector()
    i = 0
    while i < len(lines):
        i = _step(lines, i, out, title, extra_reason)
    return tuple(out.kept), tuple(out.removed)


def _step(
    lines: Sequence[str],
    i: int,
    out: _Collector,
    title: str | None,
    extra_reason: Callable[[str], str | None] | None,
) -> int:
    """Classify ``lines[i]`` (and any lines that belong with it); return the next index."""
    line = lines[i]
    if i < 3 and not out.kept and is_title_repeat(line, title):
        out.drop(line, "title-repeat")
        return i + 1
    if _RELATED_HEADER.match(line) and i + 1 < len(lines):
        return out.drop_run(lines, i, _related_run(lines, i), "related-links")
    reason = line_reason(line, at_top=not out.body_started)
    if reason is None and extra_reason is not None:
        reason = extra_reason(line)
    if reason is None:
        out.keep(line)
        return i + 1
    end = i + 1
    if reason == "related-links":  # "Related: X" then more links as list items
        end = _list_run(lines, end)
    elif reason == "newsletter-promo" and _is_promo_pitch(lines, end, line):
        end += 1
    return out.drop_run(lines, i, end, reason)
