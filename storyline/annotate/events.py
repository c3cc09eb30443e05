"""Events: happenings with their own date, one per sentence at most, with their actors.

A sentence may hold several dates; the event's own date is the one a reader would give the
happening, not the date it was reported, not a date inside a subordinate phrase, a quote or
a dateline:

- dates inside quotation marks are the speaker's words, not the article's narrative;
- a date right after "since", "after", "before", "until", "than", "following", "who",
  "which" belongs to a subordinate phrase ("visited Kursk on Tuesday for the first time
  since … last month": Tuesday);
- a date next to a speech verb ("said Thursday", "on Wednesday told reporters") is the
  reporting date: used only when the sentence has no other, and then the event is the
  statement itself;
- durations, periods, ranges and years far in the future (targets such as "by 2050") are
  not event dates.

Sentences that are page furniture carry no event: a dateline ("TARNOVETS, Marvenia, March 12
(CPA) -" loses its date), a timestamp or byline ("Thursday 12 March 2026, 16:20",
"Published 10:02 GMT"), a caption-like paragraph without a sentence end, or a sentence that is
little more than its date. The event's text is the whole sentence, or in a long one the part
between semicolons or dashes that holds the date when that part reads as a clause of its own:
never a dangling fragment ("who this week has expressed …").
"""

from __future__ import annotations

import bisect
import re
from datetime import date

from .canonical import ascii_fold
from .records import Event, Mention, TimeExpr

_CLAUSE_BREAK = re.compile(r"\s*(?:;|\s--\s|\s—\s|\s–\s)\s*")
_LONG = 45
_ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC"})
_SUBORDINATE = frozenset(
    "since after before until till than following who which whose whom as-of ahead".split()
)
_SPEECH = (
    r"said|says|say|told|tells|announced|announces|added|adds|stated|claimed|claims|confirmed|"
    r"reported|warned|warns|wrote|tweeted|posted|insisted|argued|noted|disputed|denied|"
    r"acknowledged|declared|explained|suggested|urged|accused|indicated|signaled|signalled"
)
_SPEECH_BEFORE = re.compile(rf"\b(?:{_SPEECH})(?:\s+\w+){{0,2}}\s+(?:on\s+|late\s+|early\s+)?$")
_SPEECH_AFTER = re.compile(rf"^,?\s+(?:he\s+|she\s+|they\s+|it\s+)?(?:{_SPEECH})\b")
_FURNITURE = re.compile(
    r"\b(?:photo|image|credit|picture)s?\s*(?::|by\b)|\bfile\s+photo\b|\bphotograph(?:ed)?\b|"
    r"\bhandout\b|\bpool\s+photo\b|\bvia\s+(?:AP|Reuters|AFP|Getty)\b|getty\s+images|©|"
    r"\bcopyright\b|all\s+rights\s+reserved|"
    r"^\s*(?:published|updated|last\s+modified)\b|\b(?:published|updated)\s*(?:on|at|:)\s*\d|"
    r"\b\d{1,2}:\d{2}\b|,\s*(?:left|right|centre|center)\s*,",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^\s*By\s+[A-Z]")
# a caption ends on its picture's full date: "… in Moscow, Russia, Thursday, May 22, 2025."
_CAPTION_END = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+\w+\.?\s+\d{1,2},\s+\d{4}\.\s*$"
)
_DATELINE_HEAD = re.compile(r"^[A-Z][A-Z .'’-]{2,}(?:\s*,\s*[A-Z][\w .'’-]*){0,2}\s*,?\s*$")
_DATELINE_TAIL = re.compile(r"^\s*(?:,?\s*\d{4})?\s*(?:\([^)]{1,30}\)\s*)?(?:[-—–:]|\(|$)")
_WORDS = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s*$")
_OPEN_QUOTES = '“"«'
_CLOSE_QUOTES = '”"»'
FAR_FUTURE_YEARS = 2
"""A date more than this many years after publication is a target or a projection, not an
event of the story."""


def _is_dateline(text: str, paragraph: tuple[int, int], d: TimeExpr) -> bool:
    """ "TARNOVETS, Marvenia, March 12 (CPA) - …": an upper-case place and a date opening
    the paragraph, then the agency or a dash."""
    p_start, _ = paragraph
    if d.start - p_start > 80:
        return False
    head = text[p_start : d.start]
    return bool(_DATELINE_HEAD.match(head)) and bool(_DATELINE_TAIL.match(text[d.end : d.end + 40]))


def _in_quote(text: str, s_start: int, at: int) -> bool:
    """Whether offset ``at`` lies between quotation marks opened in its sentence."""
    inside = False
    for ch in text[s_start:at]:
        if ch in _OPEN_QUOTES and (ch != '"' or not inside):
            inside = True
        elif ch in _CLOSE_QUOTES:
            inside = False
    return inside


def _is_furniture(text: str, s_start: int, s_end: int, paragraph: tuple[int, int]) -> bool:
    """A timestamp, byline, credit or caption rather than a sentence of the story."""
    sentence = text[s_start:s_end]
    if _FURNITURE.search(sentence) or _CAPTION_END.search(sentence):
        return True
    if _BYLINE.match(sentence) and len(sentence.split()) < 10:
        return True
    p_start, p_end = paragraph
    whole_paragraph = s_start <= p_start and s_end >= p_end
    # headlines, captions and timestamps stand alone without a sentence end
    return whole_paragraph and not _SENTENCE_END.search(sentence)


def _content_left(text: str, s_start: int, s_end: int, dates: list[TimeExpr]) -> int:
    """Words of the sentence outside its date expressions."""
    words = 0
    pos = s_start
    for d in dates:
        words += len(_WORDS.findall(text, pos, max(pos, d.start)))
        pos = max(pos, d.end)
    return words + len(_WORDS.findall(text, pos, s_end))


def _word_before(text: str, start: int, lo: int) -> str:
    words = text[max(lo, start - 14) : start].lower().split()
    return words[-1].strip(",;:(") if words else ""


_TIME_PHRASE = re.compile(r"\b(?:after|since|before|following|until)\b", re.IGNORECASE)
_PHRASE_BREAK = re.compile(r"[,;:—–]|\s-\s")


def _in_time_phrase(text: str, s_start: int, at: int) -> bool:
    """The date sits in a phrase that places the sentence's happening against another one:
    "…, nearly a week after their first session since Moscow's invasion in 2022" dates the
    invasion, not the sentence (searched back to the nearest comma, semicolon or dash). Such
    a date is the event's only when the sentence has no other."""
    start = max(s_start, at - 120)
    for m in _PHRASE_BREAK.finditer(text, start, at):
        start = m.end()
    return bool(_TIME_PHRASE.search(text, start, at))


def _is_reporting(text: str, d: TimeExpr, s_start: int, s_end: int) -> bool:
    """ "said Thursday", "told reporters on Wednesday", "on Wednesday said"."""
    before = text[max(s_start, d.start - 40) : d.start]
    after = text[d.end : min(s_end, d.end + 20)]
    return bool(_SPEECH_BEFORE.search(before) or _SPEECH_AFTER.match(after))


def _far_future(d: TimeExpr, published: date | None) -> bool:
    if published is None or d.value is None:
        return False
    return int(d.value[:4]) > published.year + FAR_FUTURE_YEARS


def event_date(
    text: str,
    sentence: tuple[int, int],
    paragraph: tuple[int, int],
    dates: list[TimeExpr],
    published: date | None = None,
) -> TimeExpr | None:
    """The date of the sentence's own happening among its ``dates`` (in text order), or
    None when the sentence has none (only quoted, subordinate or dateline dates)."""
    s_start, s_end = sentence
    own: list[TimeExpr] = []
    reporting: list[TimeExpr] = []
    placed: list[TimeExpr] = []  # in a phrase placing the happening against another one
    for d in dates:
        if d.kind != "point" or not d.resolved or d.value is None or d.granularity is None:
            continue
        if _far_future(d, published) or _is_dateline(text, paragraph, d):
            continue
        if _in_quote(text, s_start, d.start):
            continue
        if _word_before(text, d.start, s_start) in _SUBORDINATE:
            continue
        if _in_time_phrase(text, s_start, d.start):
            placed.append(d)
            continue
        if _is_reporting(text, d, s_start, s_end):
            reporting.append(d)
        else:
            own.append(d)
    if own:
        return own[0]
    if reporting:
        return reporting[0]
    # the only date is in an "after/since …" phrase: often the happening's own time ("captured
    # Monday after a weeklong manhunt", "shortly before noon Tuesday"), so it is kept
    return placed[0] if placed else None


def _clause(text: str, start: int, end: int, at: int) -> tuple[int, int]:
    """The sentence, or in a long one the part between semicolons or dashes holding ``at``
    when that part reads as a clause (opens with a capital or is the sentence's first)."""
    if len(text[start:end].split()) <= _LONG:
        return start, end
    c_start, c_end = start, end
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        if m.start() >= at:
            c_end = m.start()
            break
        c_start = m.end()
    if c_start != start and not text[c_start : c_start + 1].isupper():
        return start, end
    if len(text[c_start:c_end].split()) < 6:
        return start, end
    return c_start, c_end


def find_events(
    text: str,
    sentences: list[tuple[int, int, int]],
    dates: list[TimeExpr],
    mentions: list[Mention],
    paragraphs: list[tuple[int, int]] | None = None,
    published: date | None = None,
) -> list[Event]:
    """One event per sentence that has a date of its own (see :func:`event_date`).

    ``paragraphs`` (spans, indexed by the sentences' third field) let datelines and
    captions be recognised; ``published`` lets far-future targets be left out."""
    full_names: dict[str, str] = {}
    for m in mentions:
        if m.type == "PERSON":
            last = (ascii_fold(m.text).split() or [""])[-1]
            if len(m.text) > len(full_names.get(last, "")):
                full_names[last] = m.text
    mention_starts = [m.start for m in mentions]
    dates = sorted(dates, key=lambda d: d.start)
    date_starts = [d.start for d in dates]
    out = []
    for s_start, s_end, p_index in sentences:
        i = bisect.bisect_left(date_starts, s_start)
        j = bisect.bisect_left(date_starts, s_end)
        in_sentence = dates[i:j]
        if not any(d.resolved for d in in_sentence):
            continue
        paragraph = (
            paragraphs[p_index] if paragraphs and p_index < len(paragraphs) else (s_start, s_end)
        )
        if _is_furniture(text, s_start, s_end, paragraph):
            continue
        if _content_left(text, s_start, s_end, in_sentence) < 5:
            continue  # little more than a date: a timestamp or a heading
        d = event_date(text, (s_start, s_end), paragraph, in_sentence, published)
        if d is None or d.value is None or d.granularity is None:
            continue
        c_start, c_end = _clause(text, s_start, s_end, d.start)
        while c_end > c_start and text[c_end - 1].isspace():
            c_end -= 1
        actors: list[str] = []
        k = bisect.bisect_left(mention_starts, c_start)
        while k < len(mentions) and mentions[k].start < c_end:
            m = mentions[k]
            k += 1
            if m.type not in _ACTOR_TYPES:
                continue
            name = m.text
            if m.type == "PERSON":
                name = full_names.get((ascii_fold(m.text).split() or [""])[-1], m.text)
            if name not in actors:
                actors.append(name)
        out.append(
            Event(
                text=text[c_start:c_end],
                start=c_start,
                end=c_end,
                date=d.value,
                granularity=d.granularity,
                time=d,
                actors=tuple(actors),
            )
        )
    return out
