"""Who said what: direct and partial quotes, transcript turns, and their speakers.

Quote marks are paired paragraph by paragraph (straight, curly and single marks; apostrophes
inside words are not marks), so an unbalanced mark can at most reach its paragraph's end and
never swallows the rest of the article; a quote of several sentences is one quote. Its
speaker comes from its own *frame*: the words after the closing mark up to the end of the
sentence ("…," said Petrik, 54) or, failing a speech verb there, the words before the opening
mark in its sentence (X told reporters: "…"), or a previous paragraph ending in a colon.
Frames are parsed once, in one batch, and read by ``speakers.speaker_of``. A quote with no
frame of its own continues the previous quote's speaker when it follows it in the same
paragraph, or opens the next paragraph right after it; a quote running over paragraphs (no
closing mark at a paragraph's end) keeps one speaker. Interview transcripts ("PENCE: …")
are quotes of the named speaker. Reported speech is found in ``reported``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from . import nlp
from .records import Mention, Quote
from .reported import find_reported
from .speakers import (
    ACCORDING_RE,
    MIN_CONFIDENCE,
    PARTIAL_RE,
    PERSON_ROLES,
    SPEECH_RE,
    Resolver,
    Speaker,
    reports_speech,
    resolve_pronoun,
    speaker_of,
)

_STATED = re.compile(
    r"\s*(?:Said|Stated|Added|Asked|Wrote|Tweeted|Replied|Continued)\s+"
    r"([A-Z][\w.’'-]*(?:\s[A-Z][\w.’'-]*){0,3}):\s*$"
)
# '“…!” Murphy, the head of Right to Rise USA, tweeted': a name and its description
_APPOSED = re.compile(r"[A-Z][\w.’'-]*(?:\s[A-Z][\w.’'-]*){0,3},\s[^,“”\"]{3,80},\s*")
_TURN = re.compile(r"([A-Z][A-Z’'.\-]+(?: [A-Z][A-Z’'.\-]+){0,2}):\s+(?=\S)")
_NOT_TURNS = frozenset(
    """UPDATE UPDATED NOTE EDITOR'S EDITOR’S WATCH READ MORE PHOTOS PHOTO VIDEO RELATED Q A
    SOURCE SOURCES CORRECTION CLARIFICATION ALSO SEE TRANSCRIPT BREAKING""".split()
)


@dataclass
class _Mark:
    pos: int
    double: bool
    can_open: bool
    can_close: bool


@dataclass
class _Raw:
    start: int  # text start (inside the marks)
    end: int
    open_at: int  # position of the opening mark
    close_at: int | None  # position of the closing mark, None if it runs to paragraph end
    paragraph: int


def _marks(text: str, start: int, end: int) -> list[_Mark]:
    out = []
    for i in range(start, end):
        c = text[i]
        if c not in "\"“”'‘’":
            continue
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if c == "“" and before in ".,!?" and after.isspace():
            out.append(_Mark(i, True, False, True))  # a closing mark typed the wrong way round
        elif c == "“":
            out.append(_Mark(i, True, True, False))
        elif c == "”":
            out.append(_Mark(i, True, False, True))
        elif c == '"':
            opens = before.isspace() or before in "([—-–/:" or i == start
            out.append(_Mark(i, True, opens, not opens or after.isspace()))
        else:
            if before.isalnum() and after.isalnum():
                continue  # apostrophe inside a word
            opens = (
                (before.isspace() or before in '([—-–"“:' or i == start)
                and (after.isalnum() or after in "….")
                and c != "’"
            )
            closes = (
                (before.isalnum() or before in ".,!?…")
                and (after.isspace() or after in ',.;:!?)—-–"”' or i + 1 == end)
                and c != "‘"
            )
            if (before == "s" or before == "S") and after.isspace() and not closes:
                continue
            if opens or closes:
                out.append(_Mark(i, False, opens, closes))
    return out


def _pair(text: str, paragraphs: list[tuple[int, int]]) -> list[_Raw]:
    """Quote spans, paragraph by paragraph."""
    out: list[_Raw] = []
    for index, (p_start, p_end) in enumerate(paragraphs):
        open_mark: _Mark | None = None
        nested: _Mark | None = None  # “ … “inner” … ”: a quote inside the open one
        inner: list[_Raw] = []  # quotes closed inside the open one
        for mark in _marks(text, p_start, p_end):
            if open_mark is None:
                if mark.can_open:
                    open_mark = mark
                continue
            if mark.double != open_mark.double:
                continue  # a nested quote of the other kind
            if mark.can_close:
                if nested is not None and text[mark.pos] != text[open_mark.pos]:
                    inner.append(_Raw(nested.pos + 1, mark.pos, nested.pos, mark.pos, index))
                    nested = None
                    continue
                out.append(_Raw(open_mark.pos + 1, mark.pos, open_mark.pos, mark.pos, index))
                open_mark, inner = None, []
            elif mark.can_open:
                if text[mark.pos] == "“" and text[open_mark.pos] in "“\"":
                    nested = mark  # curly marks say which way they face: a quote within
                else:
                    open_mark, inner = mark, []  # the earlier mark was never closed: drop it
        if open_mark is not None and open_mark.double:
            lead = text[p_start : open_mark.pos].rstrip()
            if not lead or lead.endswith((":", ",")):
                out.append(_Raw(open_mark.pos + 1, p_end, open_mark.pos, None, index))
            else:
                out.extend(inner)  # the outer mark was never closed: the inner quotes stand
                if nested is not None and text[p_start : nested.pos].rstrip().endswith(
                    (":", ",")
                ):
                    out.append(_Raw(nested.pos + 1, p_end, nested.pos, None, index))
    return [r for r in sorted(out, key=lambda r: r.open_at) if _trim(text, r) is not None]


def _trim(text: str, raw: _Raw) -> tuple[int, int] | None:
    s, e = raw.start, raw.end
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:"):
        e -= 1
    if e <= s or not any(c.isalpha() for c in text[s:e]):
        return None
    return s, e


Frame = tuple[int, int, int, str]  # window start, window end, cue position, cue words


def _short(text: str, raw: _Raw) -> bool:
    """A closed quote of one to three words: a title, a name or a scare quote."""
    return raw.close_at is not None and len(text[raw.start : raw.end].split()) < 4


def _word_start(text: str, pos: int, end: int) -> int:
    while pos < end and not (text[pos].isalnum() or text[pos] in "“\"‘'"):
        pos += 1
    return pos


FRAME_AFTER = 400
"""At most this many characters after a quote are parsed for its speaker (short quoted
titles no longer end the frame, so a run-on sentence of many quotes would otherwise give
every quote the whole sentence to parse)."""


def _frames(
    text: str,
    raws: list[_Raw],
    index: int,
    paragraphs: list[tuple[int, int]],
    sentences: list[tuple[int, int, int]],
    sentence_starts: list[int],
) -> list[Frame]:
    """Where the speaker of ``raws[index]`` may be named: the words after it, then before."""
    raw = raws[index]
    p_start, p_end = paragraphs[raw.paragraph]
    out: list[Frame] = []
    # a title or a name in quote marks inside the frame ('Bill Eastland, wearing "Ted Cruz"
    # pins, said') does not end it: only a quote of a few words or more does
    nxt = index + 1
    while nxt < len(raws) and raws[nxt].paragraph == raw.paragraph and _short(text, raws[nxt]):
        nxt += 1
    same_next = nxt < len(raws) and raws[nxt].paragraph == raw.paragraph
    if raw.close_at is not None:
        after = raw.close_at + 1
        first = _word_start(text, after, p_end)
        s = max(0, bisect.bisect_right(sentence_starts, first) - 1)
        end = min(max(sentences[s][1], first), raws[nxt].open_at if same_next else p_end)
        if end - first > FRAME_AFTER:  # a run-on sentence: the speaker is named near the quote
            end = max(first, text.rfind(" ", first, first + FRAME_AFTER))
        verb = SPEECH_RE.search(text, first, end)
        closed = text[raw.close_at - 1 : raw.close_at] in (".", "!", "?", "…")
        if verb and (
            not closed
            or len(text[first : verb.start()].split()) <= 5
            or _APPOSED.fullmatch(text, first, verb.start())
        ):
            out.append((first, end, verb.start(), verb.group()))
    prev = index - 1
    while prev >= 0 and raws[prev].paragraph == raw.paragraph and _short(text, raws[prev]):
        prev -= 1
    same_prev = prev >= 0 and raws[prev].paragraph == raw.paragraph
    s = max(0, bisect.bisect_right(sentence_starts, raw.open_at) - 1)
    h_start = max(p_start, sentences[s][0])
    prev_close = raws[prev].close_at if same_prev else None
    if prev_close is not None:
        h_start = max(h_start, prev_close + 1)
    h_end = raw.open_at
    if not text[h_start:h_end].strip() and raw.paragraph > 0 and h_start == p_start:
        q_start, q_end = paragraphs[raw.paragraph - 1]
        if text[q_start:q_end].rstrip().endswith(":") and not (
            index > 0 and raws[index - 1].paragraph == raw.paragraph - 1
        ):
            s = max(0, bisect.bisect_right(sentence_starts, q_end - 1) - 1)
            h_start, h_end = max(q_start, sentences[s][0]), q_end
    h_start = max(h_start, h_end - 300)
    h_start = _word_start(text, h_start, h_end)
    if h_end - h_start < 2:
        return out
    cues = [(v.start(), v.group()) for v in SPEECH_RE.finditer(text, h_start, h_end)]
    cues += [(v.start(), v.group()) for v in PARTIAL_RE.finditer(text, h_start, h_end)]
    cues += [(a.start(), "according to") for a in ACCORDING_RE.finditer(text, h_start, h_end)]
    if cues:
        pos, cue = max(cues)
        out.append((h_start, h_end, pos, cue))
    return out


def _lead_in(
    text: str,
    raws: list[_Raw],
    index: int,
    paragraphs: list[tuple[int, int]],
    sentences: list[tuple[int, int, int]],
    sentence_starts: list[int],
) -> Frame | None:
    """A quote opening a sentence with no frame of its own, right after a sentence of its
    paragraph that reports speech ("Iowa State's Dianne Bystrom agreed. “Mainstream …”",
    "…, Lieberman told the Journal in July. “These contracts …”"): that sentence's last
    speech verb, unless an earlier quote of the paragraph ends in it (then the quote
    continues that one)."""
    raw = raws[index]
    p_start = paragraphs[raw.paragraph][0]
    s = bisect.bisect_right(sentence_starts, raw.open_at) - 1
    if s < 1 or text[max(p_start, sentences[s][0]) : raw.open_at].strip():
        return None
    w_start = sentences[s - 1][0]
    if w_start < p_start:
        return None
    for other in raws[:index]:
        if other.paragraph == raw.paragraph and (other.close_at or other.end) >= w_start:
            return None
    cues = [(v.start(), v.group()) for v in SPEECH_RE.finditer(text, w_start, raw.open_at)]
    cues += [(a.start(), "according to") for a in ACCORDING_RE.finditer(text, w_start, raw.open_at)]
    if not cues:
        return None
    pos, cue = max(cues)
    return (w_start, raw.open_at, pos, cue)


def _stated(text: str, raw: _Raw, frame: Frame, resolver: Resolver) -> Speaker | None:
    """'Stated Stone:' / 'Said Trump:' before a quote: the inverted subject is the speaker."""
    m = _STATED.match(text, frame[0], frame[1])
    if m is None:
        return None
    mention = resolver.mention_at(m.start(1), m.end(1))
    name = m.group(1).strip()
    if mention is not None and mention.type == "PERSON":
        return Speaker(resolver.full_name(name), "PERSON", frame[3], 0.85)
    if resolver.is_person(name):
        return Speaker(resolver.full_name(name), "PERSON", frame[3], 0.8)
    return None


def _plain(text: str, raw: _Raw, frame: Frame, resolver: Resolver) -> Speaker | None:
    """'"…," Bozell notes.' when the parser reads the verb as a noun: a frame that is only a
    known person's name (or he/she) and the speech verb, right against the quote."""
    first, _, at, cue = frame
    if not SPEECH_RE.fullmatch(cue):
        return None
    if at < raw.open_at and not re.fullmatch(r"[\s,:]*", text[at + len(cue) : raw.open_at]):
        return None
    words = text[first:at].strip(" ,")
    if not words and at > raw.open_at:
        # '“…,” said Skelly, explaining …': the name right after the verb
        after = _AFTER_VERB.match(text, at + len(cue))
        words = after.group(1) if after else ""
        first = at + len(cue)
    if not words or len(words.split()) > 4:
        return None
    start = text.index(words, first)
    if words.lower() in ("he", "she"):
        return resolve_pronoun(words.lower(), start, cue, resolver)
    if not all(w[:1].isupper() for w in words.split()):
        return None
    mention = resolver.mention_at(start, start + len(words))
    if mention is not None and mention.type != "PERSON":
        return None
    if (mention is not None and mention.start <= start and mention.end >= start + len(words)) or (
        resolver.is_person(words)
    ):
        name = resolver.full_name(mention.text if mention is not None else words)
        return Speaker(name, "PERSON", cue, 0.8, start, start + len(words))
    return None


_AFTER_VERB = re.compile(r"\s+((?:[A-Z][\w.’'-]*\s){0,3}[A-Z][\w’'-]*)(?=[,.;]|\s+[a-z(]|$)")
_LABEL_LEAD = re.compile(r"(?:More from|more from|Here's|Here’s|Here is|From)\s+")


def _labelled(
    text: str, raw: _Raw, paragraphs: list[tuple[int, int]], resolver: Resolver
) -> Speaker | None:
    """A quote introduced by a name and a colon, with no verb: "Pollsters agree - Carl
    Bialik: “…”", "More from Jones: “…”". The words between the last dash (or the
    paragraph's start) and the colon must be a person's name, at most after a description
    ("Republican pollster"); two names ("X and Y:") are no one speaker."""
    p_start = paragraphs[raw.paragraph][0]
    lead = text[p_start : raw.open_at].rstrip()
    if not lead.endswith(":"):
        return None
    colon = p_start + len(lead) - 1
    seg_start = p_start
    for m in re.finditer(r"\s[-–—]+\s?|(?<=[a-z0-9”\]]{2}[.!?])\s", text[p_start:colon]):
        seg_start = p_start + m.end()
    while seg_start < colon and text[seg_start].isspace():
        seg_start += 1
    lead_words = _LABEL_LEAD.match(text, seg_start, colon)
    if lead_words:
        seg_start = lead_words.end()
    end = colon
    while end > seg_start and text[end - 1].isspace():
        end -= 1
    mention = resolver.mention_at(end - 1, end)
    if mention is None or mention.type != "PERSON" or mention.end != end:
        return None
    if mention.start < seg_start:
        return None
    for word in text[seg_start : mention.start].split():
        if not (word[:1].isupper() or word.lower() in PERSON_ROLES):
            return None
    return Speaker(resolver.full_name(mention.text), "PERSON", ":", 0.7, mention.start, end)


def _adjacent(text: str, raw: _Raw, frames: list[Frame]) -> bool:
    """Whether a speech verb stands right against the quote ("a man yelled “Stay there!”",
    "“Anybody!” shouted one"): someone is quoted, even when the text does not say who."""
    for _, _, at, cue in frames:
        if not SPEECH_RE.fullmatch(cue):
            continue
        if at < raw.open_at and re.fullmatch(r"[\s,:]*", text[at + len(cue) : raw.open_at]):
            return True
        if raw.close_at is not None and at > raw.close_at and not text[
            raw.close_at + 1 : at
        ].strip(" ,"):
            return True
    return False


def _transcript(
    text: str, paragraphs: list[tuple[int, int]], resolver: Resolver
) -> list[tuple[int, int, int, Speaker]]:
    """Interview turns ("PENCE: …"): ``(start, end, paragraph, speaker)``, when an article
    has at least two of them."""
    turns = []
    for index, (p_start, p_end) in enumerate(paragraphs):
        m = _TURN.match(text, p_start, p_end)
        if m is None:
            continue
        label = m.group(1).strip(" .")
        if label in _NOT_TURNS or len(label) < 2 or len(text[m.end() : p_end].split()) < 2:
            continue
        turns.append((m.end(), p_end, index, label))
    if len(turns) < 2:
        return []
    out = []
    for start, end, index, label in turns:
        name = " ".join(w.capitalize() for w in label.split())
        if resolver.is_person(name):
            speaker = Speaker(resolver.full_name(name), "PERSON", "transcript", 0.85)
        else:
            speaker = Speaker(name, None, "transcript", 0.7)
        while end > start and text[end - 1].isspace():
            end -= 1
        out.append((start, end, index, speaker))
    return out


def _continues(
    text: str,
    paragraphs: list[tuple[int, int]],
    raws: list[_Raw],
    index: int,
    previous: int,
    name: str,
    speaker_at: int | None,
    resolver: Resolver,
) -> float | None:
    """Confidence that ``raws[index]`` (no cue of its own) continues ``raws[previous]``."""
    raw, prev = raws[index], raws[previous]
    if prev.close_at is None:
        return None
    between = text[prev.close_at + 1 : raw.open_at]
    own_frame = (
        raw.paragraph == prev.paragraph
        and speaker_at is not None
        and prev.close_at < speaker_at < raw.open_at
        and len(SPEECH_RE.findall(between)) == 1
    )  # '"…," said X, a 59-year-old from Y. "…"': the names in between are X's frame
    for m in resolver.mentions_between(prev.close_at + 1, raw.open_at):
        if not own_frame and m.type == "PERSON" and resolver.full_name(m.text) != name:
            return None  # someone else is named in between
    if raw.paragraph == prev.paragraph:
        # '"…," said Dino Spencer, who now runs the gym — … in 2010. "…"': however long the
        # earlier quote's own frame, the next quote of the paragraph is the same speaker's
        limit = 60 if own_frame else 25
        return 0.8 if len(between.split()) <= limit else None
    p_start = paragraphs[raw.paragraph][0]
    # the rest of the previous paragraph is the earlier quote's own frame ('"…," Ukrainian
    # defence minister Rustem Umerov, who led the talks in May, said.'): a long one still
    # leads into a paragraph that is only a quote
    frame_between = (
        speaker_at is not None
        and prev.close_at < speaker_at < paragraphs[prev.paragraph][1]
        and len(SPEECH_RE.findall(between)) == 1
        and len(between.split()) <= 30
    )
    if (
        raw.paragraph == prev.paragraph + 1
        and not text[p_start : raw.open_at].strip()
        and (len(between.split()) <= 12 or frame_between)
    ):
        return 0.65
    return None


def _share_frames(text: str, raws: list[_Raw], own: list[Speaker | None]) -> None:
    """A quote with no speaker of its own followed closely, in the same sentence, by one that
    has one ("a 'quite laborious process' that 'requires some time,' Peskov said"): both
    pieces stand in the one frame after the last. Nothing but a few words in between — no
    speech verb, no other quote mark."""
    for i in range(len(raws) - 2, -1, -1):
        raw, nxt, speaker = raws[i], raws[i + 1], own[i + 1]
        if own[i] is not None or speaker is None or raw.close_at is None:
            continue
        if nxt.paragraph != raw.paragraph:
            continue
        between = text[raw.close_at + 1 : nxt.open_at]
        if len(between.split()) > 6 or re.search(r"[.!?;:]", between) or SPEECH_RE.search(between):
            continue
        own[i] = replace(speaker, confidence=speaker.confidence * 0.9)


def _chains(
    text: str,
    paragraphs: list[tuple[int, int]],
    raws: list[_Raw],
    own: list[Speaker | None],
) -> dict[int, tuple[Speaker | None, int]]:
    """Quotes running over paragraphs (no closing mark at a paragraph's end, the next
    paragraph opening again): every piece gets the chain's first cued speaker and its part
    number."""
    out: dict[int, tuple[Speaker | None, int]] = {}
    i = 0
    while i < len(raws):
        chain = [i]
        while (
            raws[chain[-1]].close_at is None and chain[-1] + 1 < len(raws)
            and raws[chain[-1] + 1].paragraph == raws[chain[-1]].paragraph + 1
            and not text[paragraphs[raws[chain[-1] + 1].paragraph][0] : raws[chain[-1] + 1].open_at]
            .strip()
        ):  # fmt: skip
            chain.append(chain[-1] + 1)
        if len(chain) > 1:
            speaker = next((own[j] for j in chain if own[j] is not None), None)
            for part, j in enumerate(chain):
                # a piece naming its own speaker ('“…,” Kelly charged' inside a columnist's
                # quoted paragraphs) is the inner speaker's quote
                mine = own[j]
                named = mine is not None and mine is not speaker and mine.confidence >= 0.85
                out[j] = (mine if named else speaker, part)
        i = chain[-1] + 1
    return out


def find_quotes(
    text: str,
    paragraphs: list[tuple[int, int]],
    sentences: list[tuple[int, int, int]],
    mentions: list[Mention],
) -> list[Quote]:
    """Direct, partial and reported quotes of an article, in order of position."""
    raws = _pair(text, paragraphs)
    spans = [(r.open_at, (r.close_at + 1 if r.close_at is not None else r.end)) for r in raws]
    resolver = Resolver(text, mentions, spans)
    turns = _transcript(text, paragraphs, resolver)
    if turns:
        in_turn = {t[2] for t in turns}
        raws = [r for r in raws if r.paragraph not in in_turn]
    sentence_starts = [s for s, _, _ in sentences]
    frames = [
        _frames(text, raws, i, paragraphs, sentences, sentence_starts) for i in range(len(raws))
    ]
    lead_ins = {
        i: frame
        for i in range(len(raws))
        if not frames[i]
        and (frame := _lead_in(text, raws, i, paragraphs, sentences, sentence_starts))
    }
    reported = find_reported(text, sentences, resolver)
    windows = sorted(
        {(f[0], f[1]) for fs in frames for f in fs}
        | {(f[0], f[1]) for f in lead_ins.values()}
        | {r.window for r in reported}
    )
    docs = dict(zip(windows, nlp.parse(text, windows), strict=True))

    own: list[Speaker | None] = []
    for raw, candidates in zip(raws, frames, strict=True):
        speaker = None
        for frame in candidates:
            speaker = (
                _stated(text, raw, frame, resolver)
                or speaker_of(docs[(frame[0], frame[1])], frame[0], frame[2], frame[3], resolver)
                or _plain(text, raw, frame, resolver)
            )
            if speaker is not None:
                break
        if speaker is None and not candidates:
            speaker = _labelled(text, raw, paragraphs, resolver)
        own.append(
            speaker if speaker is not None and speaker.confidence >= MIN_CONFIDENCE else None
        )
    chained = _chains(text, paragraphs, raws, own)
    _share_frames(text, raws, own)

    out: list[Quote] = []
    last_said: int | None = None  # index of the last quote that had a speaker
    said: dict[int, tuple[Speaker, int]] = {}
    for index, raw in enumerate(raws):
        span = _trim(text, raw)
        if span is None:
            continue
        start, end = span
        speaker, part = own[index], 0
        if index in chained:
            speaker, part = chained[index]
        if speaker is None and not frames[index] and last_said is not None:
            previous, previous_part = said[last_said]
            confidence = _continues(
                text, paragraphs, raws, index, last_said, previous.name, previous.start, resolver
            )
            if confidence is not None:
                speaker = Speaker(previous.name, previous.type, "continued", confidence)
                part = previous_part + 1
        if speaker is None and index in lead_ins:
            w_start, _, at, cue = lead_ins[index]
            found = speaker_of(
                docs[(w_start, raw.open_at)], w_start, at, cue, resolver, 0.75, main_clause=True
            )
            if found is not None and found.type in ("PERSON", None) and found.confidence >= 0.6:
                speaker = found
        s_start = sentences[max(0, bisect.bisect_right(sentence_starts, raw.open_at) - 1)][0]
        lead = text[max(s_start, paragraphs[raw.paragraph][0]) : raw.open_at].strip()
        words = len(text[start:end].split())
        at_clause_start = not lead or lead.endswith(":")
        # a quote opening its sentence (or after a colon) is a direct quote; one embedded in
        # the reporter's sentence is partial unless it runs long
        kind = "direct" if at_clause_start or words >= 8 else "partial"
        if speaker is None and (kind == "partial" or words < 4):
            if not _adjacent(text, raw, frames[index]):
                continue  # scare quotes, titles: no one is quoted
        if speaker is not None:
            said[index] = (speaker, part)
            last_said = index
        out.append(_quote(text, start, end, kind, speaker, part))
    for start, end, _, speaker in turns:
        out.append(_quote(text, start, end, "direct", speaker, 0))
    for r in reported:
        doc = docs[r.window]
        if not reports_speech(doc, r.window[0], r.cue_at):
            continue
        speaker = speaker_of(doc, r.window[0], r.cue_at, r.cue, resolver, main_clause=True)
        if speaker is not None and speaker.confidence < MIN_CONFIDENCE:
            speaker = None
        if speaker is None and not r.keep_unattributed:
            continue
        out.append(_quote(text, r.start, r.end, "indirect", speaker, 0))
    return sorted(out, key=lambda q: q.start)


def _quote(text: str, start: int, end: int, kind, speaker: Speaker | None, part: int) -> Quote:  # type: ignore[no-untyped-def]
    return Quote(
        text=text[start:end],
        start=start,
        end=end,
        kind=kind,
        speaker=speaker.name if speaker else None,
        speaker_type=speaker.type if speaker else None,
        cue=speaker.cue if speaker else None,
        part=part,
        confidence=round(speaker.confidence, 2) if speaker else None,
        speaker_start=speaker.start if speaker else None,
        speaker_end=speaker.end if speaker else None,
    )
