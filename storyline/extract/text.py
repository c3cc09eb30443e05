"""The plain-text page-dump boilerplate remover.

A page saved as text (a scraper's dump, a browser's ``innerText``) keeps every block of the page
on its own line: menus, the headline, bylines, captions, the article, related links, comments
and the footer. Without markup there is no link density and no tag to go by, so each line is
judged the way jusText judges a paragraph — by its length, its share of stopwords and whether
it reads as a sentence — and then in context:

1. **Lexicon.** Lines the furniture lexicon (`furniture.py`) recognises on their own are
   dropped with its reason (caption, photo-credit, byline, copyright, agency-slug...), as are
   lines that recur on many pages of the same site (`RecurringLines`).
2. **Classes.** Every other line is *good* (long prose), *near* (a shorter sentence) or
   *short* (a label, a heading, a link).
3. **The article span.** Article text is one dense run of text lines; menus and link lists
   are long runs of short lines. The span with the highest score (text lines count for their
   length, short and furniture lines against it) is the article, so a caption or an
   advertisement label inside the article does not split it while a list of twenty related
   headlines does. Below the article, date stamps (teasers, comments) count heavily against
   and text after an end marker counts for less.
4. **End markers.** "Related Articles", "You may also like", "Comments", "Download the app"...
   cut the span: everything from the marker on is furniture unless article text clearly
   resumes (sentences in a row, not a list of headlines and teasers); then only the inset box
   between the marker and the resumed text is dropped.
5. **Inside the span**, short lines are kept only between text lines and in short runs
   (subheadings); a standfirst separated from the body by the byline or the date is dropped;
   a block the page repeats is kept once.
6. **Metadata.** The headline is the best heading-like line above the article; the outlet,
   authors and date come from bylines, copyright and source lines (`outlet.py`).

Every non-empty line of the input ends up either in ``paragraphs`` or in ``removed`` (the
title with reason ``"title"``), so nothing disappears without a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.extract.furniture import (
    DATE_IN_TEXT,
    end_marker_reason_normalised,
    furniture_reason_normalised,
    normalise_line,
)
from storyline.extract.outlet import (
    agency_from_dateline,
    outlet_from_copyright,
    parse_byline,
    parse_date,
    source_and_date,
)
from storyline.extract.recurring import RecurringLines
from storyline.extract.result import Extraction
from storyline.records import Removed, StorylineError, normalise_for_hash

__all__ = ["clean_text_dump"]

MAX_CHARS = 5_000_000
"""Larger inputs are refused: no news page is five million characters of text."""

_WORD = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"[.!?…:;。！？][\"'”’)\]」』]*$|[\"”’」]$")
_STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being between both but by can could did do does doing down during each even few for
    from further had has have having he her here hers herself him himself his how i if in into
    is it its itself just like many may me might more most much must my no nor not now of off
    on once only or other our ours out over own said same says she should since so some still
    such than that the their theirs them then there these they this those through to too under
    until up us very was we were what when where which while who whom why will with would you
    your yet s t d ll re ve m don didn doesn isn wasn aren weren won wouldn couldn shouldn
    de la le les des du un une et est que qui dans pour pas sur au aux il elle ce se ne avec
    el los las y en del por con una para es lo como pero sus al o su más le se
    o os as um uma em do da dos das não com na no ao mais foi ser
    der die das und ist nicht ein eine zu den mit sich auf für von dem im auch es sie ich
    il di che è e per non con una sono della nel gli alla anche""".split()
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")

GOOD, NEAR, SHORT, BAD = "good", "near", "short", "bad"

# Tuning knobs. Weights are in characters of text: a line of prose weighs its length.
SHORT_WEIGHT = -25.0
"""A label, link or heading between text lines costs as much as a short sentence weighs."""
SHORT_PROSE_WEIGHT = -10.0
"""A short line that reads like prose (stopwords, four words or more) costs less."""
FURNITURE_WEIGHT = -30.0
END_MARKER_WEIGHT = -45.0
PAGE_END_WEIGHT = -400.0
"""A copyright or terms line closes the page: spans do not cross it."""
DATE_AFTER_TEXT_WEIGHT = -200.0
"""A date stamp below article text opens a teaser or a comment: articles do not date their
own paragraphs."""
TEXT_SEEN = 150.0
"""Weight of a run of lines from which on the page is taken to have shown article text."""
TAIL_DISCOUNT = 0.5
"""Text after an end marker that follows text, and after which the article does not resume
(the page's tail: comments, teasers, footer blurbs), weighs this much less per marker."""
RESUME_WINDOW = 16
"""How many lines after an end marker are searched for the article resuming."""
MAX_SHORT_RUN = 5
"""Longer runs of short lines inside the article are link lists, not subheadings."""


@dataclass(slots=True)
class _Line:
    """One non-empty line of the page and what we know about it."""

    text: str
    chars: int
    words: int
    stopwords: float
    sentence: bool
    kind: str = SHORT
    reason: str | None = None
    end: str | None = None
    keep: bool = False


def clean_text_dump(
    text: str, *, recurring: RecurringLines | None = None, group: str = ""
) -> Extraction:
    """Clean one page rendered to plain text: the article paragraphs, what was removed and
    why, and the title, outlet, authors and date the page states.

    ``recurring`` holds line statistics of the batch the page came with, and ``group`` names
    the page's site within it. Raises `StorylineError` (and nothing else) on input that cannot
    be cleaned.
    """
    if not isinstance(text, str):
        raise StorylineError(f"expected text, got {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise StorylineError(f"page text too large ({len(text)} characters)")
    try:
        return _clean(text, recurring, group)
    except StorylineError:
        raise
    except Exception as err:  # pragma: no cover - a bug, reported as bad input not a crash
        raise StorylineError(f"text page could not be cleaned: {err!r}") from err


def _clean(text: str, recurring: RecurringLines | None, group: str) -> Extraction:
    """The pipeline of the module docstring, one step per function."""
    lines = [_measure(t) for raw in text.splitlines() if (t := normalise_line(raw))]
    if not lines:
        return Extraction(paragraphs=())
    english = _looks_english(lines)
    for line in lines:
        _classify(line, english, recurring, group)
    start, stop = _article_span(lines)
    stop, end_reason = _cut_at_end_marker(lines, start, stop)
    _keep_in_span(lines, start, stop)
    _drop_standfirst(lines, stop)
    repeats = _drop_repeats(lines)
    if repeats:
        repeats |= _drop_repeated_header(lines)
    _drop_captions(lines)
    title_at = _find_title(lines)
    return _result(lines, stop, end_reason, title_at, repeats)


def _measure(text: str) -> _Line:
    """Length, word count and stopword share; a CJK character counts as three characters
    and half a word, so that a Japanese paragraph weighs what its translation would."""
    words = _WORD.findall(text.lower())
    stop = sum(map(_STOPWORDS.__contains__, words))
    cjk = len(_CJK.findall(text)) if not text.isascii() else 0
    return _Line(
        text=text,
        chars=len(text) + 2 * cjk,
        words=len(words) + cjk // 2,
        stopwords=stop / len(words) if words else 0.0,
        sentence=bool(_SENTENCE_END.search(text[-8:])),
    )


def _looks_english(lines: list[_Line]) -> bool:
    """Stopword density is only evidence in a language whose stopwords we list."""
    words = stops = 0
    for line in lines:
        if line.words >= 15:
            words += line.words
            stops += round(line.stopwords * line.words)
    return words == 0 or stops / words >= 0.15


def _classify(line: _Line, english: bool, recurring: RecurringLines | None, group: str) -> None:
    """Set the line's class and, for furniture, the reason it is furniture."""
    line.end = end_marker_reason_normalised(line.text)
    reason = line.end or furniture_reason_normalised(line.text, end_markers=False)
    if reason is None and recurring is not None and recurring.is_recurring(group, line.text):
        reason = "recurring-line"
    if reason is not None:
        line.kind, line.reason = (SHORT if _weak_dateline(line, reason) else BAD), reason
        return
    density = line.stopwords if english else 0.3
    if line.chars >= 150 and density >= 0.22 or line.chars >= 400 and density >= 0.12:
        line.kind = GOOD
    elif line.chars >= 60 and density >= 0.18 and (line.sentence or line.words >= 15):
        line.kind = NEAR
    elif line.sentence and line.words >= 5 and density >= 0.15 and line.text[-1] != ":":
        line.kind = NEAR
    else:
        line.kind = SHORT


def _weak_dateline(line: _Line, reason: str) -> bool:
    """A line in capitals ("MOSCOW", "SCORES QUARANTINED") is a dateline above the article but
    may be a subheading inside it; "BAAR, SWITZERLAND" or "KYIV (AP) -" is a dateline anyway."""
    return reason == "dateline" and not any(c in line.text for c in ",(-—–:")


def _weight(line: _Line) -> float:
    """How much a line argues for (positive) or against (negative) being inside the article."""
    if line.kind == GOOD:
        return float(line.chars)
    if line.kind == NEAR:
        return 0.6 * line.chars
    if line.kind == SHORT:
        return SHORT_PROSE_WEIGHT if line.words >= 4 and line.stopwords >= 0.3 else SHORT_WEIGHT
    if line.reason == "copyright" and _PAGE_END.search(line.text):
        return PAGE_END_WEIGHT
    return END_MARKER_WEIGHT if line.end else FURNITURE_WEIGHT


_PAGE_END = re.compile(r"rights reserved|may not be|distributed by|terms of (?:use|service)", re.I)


def _article_span(lines: list[_Line]) -> tuple[int, int]:
    """The contiguous run of lines with the highest total weight (Kadane's algorithm),
    as ``[start, stop)``; empty when no line argues for being article text.

    Once a run of text has been seen, positive weights are discounted once per end marker
    passed after which the article does not resume, and a date stamp counts heavily against,
    so that a long comment, a teaser list or a footer blurb does not outweigh a short article
    above it.
    """
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    factor = 1.0
    for i, line in enumerate(lines):
        if total <= 0:
            total, start = 0.0, i
        weight = _weight(line)
        seen_text = max(best, total) >= TEXT_SEEN
        if weight > 0:
            weight *= factor
        elif line.end and seen_text and _resumes(lines, i + 1, len(lines)) is None:
            factor = max(0.25, factor * TAIL_DISCOUNT)
        elif line.reason == "date" and seen_text:
            weight = DATE_AFTER_TEXT_WEIGHT
        total += weight
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def _cut_at_end_marker(lines: list[_Line], start: int, stop: int) -> tuple[int, str | None]:
    """Shorten the span at the first end marker after the article has begun, unless article
    text clearly resumes after it; then only the box between the marker and the resumed text
    (an inset "Read more" or "Most read" list) is dropped."""
    seen_text = False
    i = start
    while i < stop:
        line = lines[i]
        if line.kind == GOOD or line.kind == NEAR:
            seen_text = True
        elif line.end and seen_text:
            resume_at = _resumes(lines, i + 1, stop)
            if resume_at is None:
                return i, line.end
            for boxed in lines[i:resume_at]:
                boxed.kind, boxed.reason = BAD, boxed.reason or line.end
            i = resume_at
            continue
        i += 1
    return stop, None


def _resumes(lines: list[_Line], i: int, stop: int) -> int | None:
    """Where article text clearly goes on after a marker: within the next lines, three
    sentences in a row — furniture aside — or two of which one is a good paragraph.
    Teaser lists and comment threads alternate text with labels and headlines, and a marker
    of another kind (comments after related links) means the page's tail goes on. None if
    the article does not resume."""
    run: list[int] = []
    dates = 0
    marker = lines[i - 1].end
    comments = marker == "end-marker:comments"  # comment forms are short sentences
    for j in range(i, min(i + RESUME_WINDOW, stop)):
        line = lines[j]
        if line.end and line.end != marker:
            return None
        if line.reason == "date":
            dates += 1
            if dates >= 2:
                return None  # a dated list: teasers or comments
            run = []
        elif line.end or line.kind == SHORT or line.kind != BAD and not line.sentence:
            run = []
        elif line.kind != BAD:
            run.append(j)
            good = any(lines[k].kind == GOOD for k in run)
            if len(run) == 2 and good or len(run) >= 3 and (good or not comments):
                return run[0]
    return None


def _keep_in_span(lines: list[_Line], start: int, stop: int) -> None:
    """Keep paragraphs, sentences, and subheadings that sit between kept paragraphs."""
    text_at = [i for i in range(start, stop) if lines[i].kind in (GOOD, NEAR)]
    if not text_at:
        return
    first, last = text_at[0], text_at[-1]
    for i in text_at:
        lines[i].keep = True
    i = first
    while i < last:
        if lines[i].kind != SHORT:
            i += 1
            continue
        j = i
        while j < last and lines[j].kind == SHORT:
            j += 1
        run = lines[i:j]
        if len(run) <= MAX_SHORT_RUN and lines[i - 1].kind != BAD and lines[j].kind != BAD:
            for line in run:
                line.keep = _heading_like(line)
        i = j


def _heading_like(line: _Line) -> bool:
    """A subheading: a few words, not a label that introduces something ("Share:")."""
    return 1 <= line.words <= 20 and line.chars <= 160 and not line.text.endswith(":")


_HEADER_REASONS = frozenset({"byline", "date", "dateline", "source-date"})
STANDFIRST_LINES = 2


def _drop_standfirst(lines: list[_Line], stop: int) -> None:
    """A summary above the byline or the date is the standfirst, not the article: drop up to
    `STANDFIRST_LINES` kept lines that a byline, date or dateline separates from the body."""
    kept = [i for i in range(stop) if lines[i].keep]
    if len(kept) < STANDFIRST_LINES + 2:
        return
    first = kept[0]
    for j in range(first + 1, min(first + 8, stop)):
        line = lines[j]
        if line.keep:
            if kept.index(j) >= STANDFIRST_LINES:
                return
            continue
        if line.reason in _HEADER_REASONS or line.kind != BAD and parse_byline(line.text):
            if sum(1 for i in kept if i > j) >= 2:
                for i in kept:
                    if i < j:
                        lines[i].keep, lines[i].reason = False, "standfirst"
            return


REPEAT_MIN_CHARS = 100
"""Short lines may legitimately repeat inside an article (list items, table labels)."""


def _drop_repeats(lines: list[_Line]) -> set[int]:
    """Keep a repeated kept block once (the first time), return the indexes dropped."""
    seen: set[str] = set()
    dropped: set[int] = set()
    for i, line in enumerate(lines):
        if not line.keep:
            continue
        key = normalise_for_hash(line.text)
        if key in seen and line.chars >= REPEAT_MIN_CHARS:
            line.keep = False
            dropped.add(i)
        seen.add(key)
    return dropped


def _drop_repeated_header(lines: list[_Line]) -> set[int]:
    """When a page repeats its body, it usually repeats the header above it too (headline,
    byline, source line, photo caption): kept copies of lines already seen, short or long,
    go with the repeated block."""
    first = next((i for i, line in enumerate(lines) if line.keep), len(lines))
    seen = {normalise_for_hash(line.text) for line in lines[:first]}
    dropped: set[int] = set()
    for i in range(first, len(lines)):
        line = lines[i]
        key = normalise_for_hash(line.text)
        if line.keep and key in seen:
            line.keep = False
            dropped.add(i)
        seen.add(key)
    return dropped


CAPTION_MAX_WORDS = 40


def _drop_captions(lines: list[_Line]) -> None:
    """A short kept line right above a photo credit ("Photo: X / Outlet") is its caption."""
    for i in range(len(lines) - 1):
        line, below = lines[i], lines[i + 1]
        if line.keep and below.reason == "photo-credit" and line.words <= CAPTION_MAX_WORDS:
            line.keep, line.reason = False, "caption"


def _find_title(lines: list[_Line]) -> int | None:
    """The headline: the best heading-like line above the first kept paragraph — long enough
    to be a headline, not furniture, repeated on the page (a bonus), near the article."""
    first = next((i for i, line in enumerate(lines) if line.keep), None)
    if first is None:
        return None
    counts: dict[str, int] = {}
    for line in lines:
        key = line.text.casefold()
        counts[key] = counts.get(key, 0) + 1
    best, best_score = None, 0.0
    distance = 0
    for i in range(first - 1, max(-1, first - 40), -1):
        line = lines[i]
        if line.reason in _TITLE_REASONS and _title_like(line):
            score = min(line.words, 12) - 0.7 * distance
            if counts[line.text.casefold()] > 1 and line.words >= 4:
                score += 5
            if line.text.isupper():
                score -= 3
            if score > best_score:
                best, best_score = i, score
        if line.reason is None:
            distance += 1
    return best


_TITLE_REASONS = (None, "dateline")
"""Headlines are often short of stopwords, sometimes set in capitals."""


def _title_like(line: _Line) -> bool:
    """Headline-shaped: several words, no closing full stop, not a dateline or a byline."""
    if not 3 <= line.words <= 30 or line.chars > 250:
        return False
    if line.text.endswith((".", ":", ",")) and not line.text.endswith("..."):
        return False
    if line.words <= 10 and DATE_IN_TEXT.search(line.text):
        return False  # "Associated Press November 19, 2019, 9:02 AM"
    return parse_byline(line.text) is None


def _result(
    lines: list[_Line],
    stop: int,
    end_reason: str | None,
    title_at: int | None,
    repeats: set[int],
) -> Extraction:
    """Assemble the extraction: kept lines, every other line with its reason, metadata."""
    paragraphs: list[str] = []
    removed: list[Removed] = []
    first_kept = next((i for i, line in enumerate(lines) if line.keep), len(lines))
    last_kept = max((i for i, line in enumerate(lines) if line.keep), default=-1)
    if end_reason is None:
        tail_at = next((i for i in range(last_kept + 1, len(lines)) if lines[i].end), None)
        if tail_at is not None and tail_at >= first_kept:
            stop, end_reason = tail_at, lines[tail_at].end
    title = lines[title_at].text if title_at is not None else None
    for i, line in enumerate(lines):
        if i >= stop and line.end:
            end_reason = line.end  # the tail's own sections: comments, related links...
        if line.keep:
            paragraphs.append(line.text)
        elif line.text == title:
            removed.append(Removed(line.text, "title"))
        else:
            reason = _removal_reason(line, i, first_kept, stop, end_reason, repeats)
            removed.append(Removed(line.text, reason))
    header = [line.text for line in lines[:first_kept]]
    outlet, authors, published = _metadata(header, paragraphs, _trailer(lines, first_kept))
    return Extraction(
        paragraphs=tuple(paragraphs),
        removed=tuple(removed),
        title=title,
        outlet=outlet,
        authors=authors,
        published=published,
    )


def _trailer(lines: list[_Line], first_kept: int) -> list[str]:
    """Furniture inside the article and just after it, up to the first end marker: where
    credits and copyright lines sit."""
    last_kept = max((i for i, line in enumerate(lines) if line.keep), default=first_kept)
    inside = [line.text for line in lines[first_kept:last_kept] if not line.keep]
    after = []
    for line in lines[last_kept + 1 : last_kept + 16]:
        if line.end:
            break
        after.append(line.text)
    return inside + after


HEADER_LINES = 25
"""How far above the article (or below it) bylines and source lines are looked for."""


def _removal_reason(
    line: _Line, i: int, first_kept: int, stop: int, end_reason: str | None, repeats: set[int]
) -> str:
    """The most specific reason a line was dropped; lines dropped only for where they sit
    are "header", "footer" or "short-block" (a run of short lines inside the article)."""
    if i in repeats:
        return "repeated-block"
    if end_reason and i >= stop:
        return end_reason
    if line.reason:
        return line.reason
    if first_kept - HEADER_LINES <= i < first_kept or stop <= i < stop + HEADER_LINES:
        if source_and_date(line.text) is not None:
            return "source-date"
        if parse_byline(line.text) is not None:
            return "byline"
    if i < first_kept:
        return "header"
    if i >= stop:
        return "footer"
    return "short-block"


def _metadata(
    header: list[str], paragraphs: list[str], dropped_inside: list[str]
) -> tuple[str | None, tuple[str, ...], str | None]:
    """Outlet, authors and date from the lines above the article and the furniture inside
    it (trailing copyright lines included), never from the related links after it."""
    outlet = authors = published = None
    around = header[-HEADER_LINES:] + dropped_inside
    for text in around:
        if (glued := source_and_date(text)) is not None:
            outlet = outlet or glued[0]
            published = published or glued[1]
    for text in around:
        if outlet is None and ("©" in text or "opyright" in text):
            outlet = outlet_from_copyright(text)
    for text in header[-HEADER_LINES:]:
        byline = parse_byline(text)
        if byline is not None:
            authors = authors or byline.authors
            outlet = outlet or byline.outlet
    if outlet is None and paragraphs:
        outlet = agency_from_dateline(paragraphs[0])
    if published is None:
        published = next((d for t in header[-12:] if len(t) <= 90 and (d := parse_date(t))), None)
    return outlet, authors or (), published
