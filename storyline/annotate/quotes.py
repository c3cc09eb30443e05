"""Who said what: direct, partial and indirect quotes, and their speakers.

Quote marks are paired paragraph by paragraph (straight, curly and single marks; apostrophes
inside words are not marks), so an unbalanced mark can at most reach its paragraph's end and
never swallows the rest of the article. A speaker is found from the cue next to the quote
("…," X said / said X / X added: "…") as the entity, pronoun or nominal ("the spokesman",
"Ukraine's foreign ministry") nearest the speech verb; names resolve to the fullest form
used in the article, "he"/"she" to the latest person in subject position, "the spokesman" to
the latest person with that title. A quote with no cue of its own continues the previous one
when it follows it in the same paragraph ("…," X said. "…") or opens the next paragraph.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .canonical import ascii_fold, similar
from .records import EntityType, Mention, Quote

_SPEECH = (
    r"said|says|say|told|tells|added|adds|warned|warns|wrote|writes|stated|explained|insisted|"
    r"noted|argued|declared|responded|replied|asked|urged|claimed|claims|announced|stressed|"
    r"acknowledged|admitted|complained|recalled|posted|tweeted|continued|confirmed|"
    r"emphasi[sz]ed|signaled|signalled"
)
_PARTIAL_CUES = r"called|calling|described|describing|dubbed|termed|branded|calls|describes"
_SPEECH_RE = re.compile(rf"\b(?:{_SPEECH})\b")
_CUE_RE = re.compile(rf"\b(?:{_SPEECH}|{_PARTIAL_CUES})\b")
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+")
_PRONOUN = re.compile(r"\b(?:he|she|He|She|it|It)\b")
_NOMINAL = re.compile(
    r"(?:\b(?:the|The|a|A|an|An)\s+(?:(?!the\b|a\b|an\b)[\w-]+\s+){0,3}?"
    r"|\b[A-Z][\w-]*[’']s\s+(?:[\w-]+\s+){0,3}?"
    r"|\b[A-Z][\w-]*\s+(?:[a-z][\w-]*\s+){1,2}?|\b(?:[A-Z][\w-]*\s+){0,3}?)"
    r"(?:spokesman|spokeswoman|spokesperson|ministry|Ministry|government|Government|Kremlin|"
    r"army|military|statement|officials?|authorities|administration|office|agency|sources|"
    r"air force|police|embassy|prosecutor|committee|Committee|mayor|governor|president|"
    r"minister|envoy|ambassador|commander|chief|spokesman)\b"
)
_PREPOSITIONS = frozenset(
    """in for at to from with of on by alongside near against about between into over under
    including and""".split()
)
_APPOSITION = re.compile(r"(?:\s+of\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)?\s*,\s*")
_NOT_SPEAKERS = frozenset({"statement", "a statement", "the statement"})
_SPEAKER_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_NOMINAL_PERSON = ("spokesman", "spokeswoman", "spokesperson")


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


@dataclass
class _Speaker:
    name: str
    type: EntityType | None
    cue: str


def _marks(text: str, start: int, end: int) -> list[_Mark]:
    out = []
    for i in range(start, end):
        c = text[i]
        if c not in "\"“”'‘’":
            continue
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if c == "“":
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
        for mark in _marks(text, p_start, p_end):
            if open_mark is None:
                if mark.can_open:
                    open_mark = mark
                continue
            if mark.double != open_mark.double:
                continue  # a nested quote of the other kind
            if mark.can_close:
                out.append(_Raw(open_mark.pos + 1, mark.pos, open_mark.pos, mark.pos, index))
                open_mark = None
            elif mark.can_open:
                open_mark = mark  # the earlier mark was never closed: drop it
        if open_mark is not None and open_mark.double:
            lead = text[p_start : open_mark.pos].rstrip()
            if not lead or lead.endswith((":", ",")):
                out.append(_Raw(open_mark.pos + 1, p_end, open_mark.pos, None, index))
    return [r for r in out if _trim(text, r) is not None]


def _trim(text: str, raw: _Raw) -> tuple[int, int] | None:
    s, e = raw.start, raw.end
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:"):
        e -= 1
    if e <= s or not any(c.isalpha() for c in text[s:e]):
        return None
    return s, e


class _Context:
    """Mentions, quote spans and sentences of one article, indexed for the cue search."""

    def __init__(
        self,
        text: str,
        mentions: list[Mention],
        sentences: list[tuple[int, int, int]],
        raws: list[_Raw],
    ) -> None:
        self.text = text
        self.sentences = sentences
        self.sentence_starts = [s for s, _, _ in sentences]
        self.quote_spans = [
            (r.open_at, (r.close_at if r.close_at is not None else r.end)) for r in raws
        ]
        self.quote_starts = [s for s, _ in self.quote_spans]
        self.mentions = [
            m for m in mentions if m.type in _SPEAKER_TYPES and not self.in_quote(m.start)
        ]
        self.mention_starts = [m.start for m in self.mentions]
        self.full_names: dict[str, str] = {}
        for m in mentions:
            if m.type == "PERSON":
                last = ascii_fold(m.text).split()[-1:] or [""]
                current = self.full_names.get(last[0])
                if current is None or len(m.text) > len(current):
                    self.full_names[last[0]] = m.text

    def in_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.quote_starts, pos) - 1
        return i >= 0 and pos <= self.quote_spans[i][1]

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(self.sentence_starts, pos) - 1)
        s, e, _ = self.sentences[i]
        return s, e

    def full_name(self, name: str) -> str:
        folded = ascii_fold(name).split()
        if not folded:
            return name
        if len(folded) > 1:
            best = self.full_names.get(folded[-1], name)
            return best if len(best) > len(name) else name
        for last, full in self.full_names.items():
            if similar(folded[-1], last, person=True):
                return full
        return name

    def mentions_in(self, lo: int, hi: int) -> list[Mention]:
        i = bisect.bisect_left(self.mention_starts, lo)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < hi:
            if self.mentions[i].end <= hi:
                out.append(self.mentions[i])
            i += 1
        return out

    def after_preposition(self, start: int) -> bool:
        words = self.text[max(0, start - 20) : start].split()
        return bool(words) and words[-1].lower() in _PREPOSITIONS

    def candidates(self, lo: int, hi: int) -> list[tuple[int, int, str, str]]:
        """Possible speakers in ``text[lo:hi]``: ``(start, end, kind, text)`` where start
        includes a person's title; kind is an entity type, ``pronoun`` or ``nominal``."""
        out = []
        for m in self.mentions_in(lo, hi):
            start = m.start
            if m.role:
                role_start = self.text.rfind(m.role, max(0, m.start - len(m.role) - 2), m.start)
                if role_start >= lo:
                    start = role_start
            out.append((start, m.end, m.type, m.text))
        for rx, kind in ((_PRONOUN, "pronoun"), (_NOMINAL, "nominal")):
            for p in rx.finditer(self.text, lo, hi):
                out.append((p.start(), p.end(), kind, p.group()))
        # a span inside a longer one is part of it ("Ukrainian" in "Ukrainian foreign
        # ministry spokesperson Georgiy Tykhy", "Turkish" in "Turkish diplomatic sources")
        kept = [
            c for c in out
            if not any(o is not c and o[0] <= c[0] and c[1] <= o[1]
                       and (o[1] - o[0]) > (c[1] - c[0]) for o in out)
        ]  # fmt: skip
        return sorted(set(kept))

    def resolve(self, cand: tuple[int, int, str, str], cue: str) -> _Speaker | None:
        start, end, kind, surface = cand
        if kind == "PERSON":
            return _Speaker(self.full_name(surface), "PERSON", cue)
        if kind in ("ORG", "GPE", "NORP"):
            return _Speaker(surface, kind, cue)  # type: ignore[arg-type]
        if kind == "pronoun":
            low = surface.lower()
            wanted = ("PERSON",) if low in ("he", "she") else ("ORG", "GPE")
            for m in reversed(self.mentions_in(0, start)):
                if m.type in wanted and not self.after_preposition(
                    self.text.rfind(m.role, 0, m.start) if m.role else m.start
                ):
                    name = self.full_name(m.text) if m.type == "PERSON" else m.text
                    return _Speaker(name, m.type, cue)
            return None
        low = surface.lower()
        if any(low.endswith(n) for n in _NOMINAL_PERSON):
            head = low.split()[-1]
            for m in reversed(self.mentions_in(0, start)):
                if m.type == "PERSON" and m.role and head in m.role.lower():
                    return _Speaker(self.full_name(m.text), "PERSON", cue)
        name = re.sub(r"^(?:the|The|a|A)\s+", "", surface)
        if name.lower() in _NOT_SPEAKERS:
            return None
        return _Speaker(name, "ORG", cue)


def _subject_before(ctx: _Context, lo: int, verb_at: int) -> tuple | None:
    """The speaker candidate nearest before the verb, not governed by a preposition."""
    for cand in reversed(ctx.candidates(lo, verb_at)):
        if ctx.after_preposition(cand[0]):
            continue
        gap = ctx.text[cand[1] : verb_at]
        if len(gap) > 100 or any(c in gap for c in '"“”‘'):
            return None
        return cand
    return None


def _subject_after(ctx: _Context, verb_end: int, hi: int) -> tuple | None:
    cands = ctx.candidates(verb_end, min(hi, verb_end + 80))
    if cands and not ctx.text[verb_end : cands[0][0]].strip(" ,"):
        first = cands[0]
        if first[2] in ("nominal", "GPE", "ORG"):
            # "the mayor of Orsk, Pavel Hrynko, ...": the name in apposition speaks
            for cand in cands[1:]:
                if cand[2] == "PERSON" and _APPOSITION.fullmatch(ctx.text[first[1] : cand[0]]):
                    return cand
        return first
    return None


def _tail_cue(ctx: _Context, after: int) -> _Speaker | None:
    """'"…," X said' / '"…," said X' right after a closing mark."""
    _, s_end = ctx.sentence_of(after)
    hi = min(s_end, after + 160)
    segment = ctx.text[after:hi]
    cut = min((i for i in (segment.find(c) for c in '"“‘') if i >= 0), default=len(segment))
    verb = _SPEECH_RE.search(ctx.text, after, after + cut)
    if verb is None:
        return None
    subject = _subject_before(ctx, after, verb.start())
    if subject is None:
        subject = _subject_after(ctx, verb.end(), hi)
    return ctx.resolve(subject, verb.group()) if subject else None


def _head_cue(ctx: _Context, before: int) -> _Speaker | None:
    """'X said: "…"', 'X said Russia was "…"', 'calling it "…"' before an opening mark."""
    s_start, _ = ctx.sentence_of(before)
    s_start = max(s_start, before - 400)  # bounded work on run-on sentences
    verbs = [v for v in _CUE_RE.finditer(ctx.text, s_start, before) if not ctx.in_quote(v.start())]
    verbs = verbs[-4:]
    for verb in reversed(verbs):
        subject = _subject_before(ctx, s_start, verb.start())
        if subject is None and verb.group() in ("calling", "describing"):
            continue
        if subject is None:
            subject = _subject_after(ctx, verb.end(), before)
        if subject is not None:
            return ctx.resolve(subject, verb.group())
    accordings = list(_ACCORDING.finditer(ctx.text, s_start, before))
    if accordings:
        acc = accordings[-1]
        subject = _subject_after(ctx, acc.end(), before)
        if subject:
            return ctx.resolve(subject, "according to")
    return None


def _chains(
    text: str,
    paragraphs: list[tuple[int, int]],
    raws: list[_Raw],
    own: list[_Speaker | None],
) -> dict[int, tuple[_Speaker | None, int]]:
    """Quotes running over paragraphs (no closing mark at a paragraph's end, the next
    paragraph opening again): every piece gets the chain's first cued speaker and its part
    number."""
    out: dict[int, tuple[_Speaker | None, int]] = {}
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
                out[j] = (own[j] if part == 0 and own[j] else speaker, part)
        i = chain[-1] + 1
    return out


def find_quotes(
    text: str,
    paragraphs: list[tuple[int, int]],
    sentences: list[tuple[int, int, int]],
    mentions: list[Mention],
) -> list[Quote]:
    """Direct, partial and indirect quotes of an article, in order."""
    raws = _pair(text, paragraphs)
    ctx = _Context(text, mentions, sentences, raws)
    own: list[_Speaker | None] = []
    for raw in raws:
        close = raw.close_at + 1 if raw.close_at is not None else raw.end
        speaker = _tail_cue(ctx, close) if raw.close_at is not None else None
        if speaker is None:
            speaker = _head_cue(ctx, raw.open_at)
        own.append(speaker)
    chained = _chains(text, paragraphs, raws, own)

    out: list[Quote] = []
    previous: Quote | None = None
    previous_paragraph = -1
    for index, raw in enumerate(raws):
        span = _trim(text, raw)
        if span is None:
            continue
        start, end = span
        close = raw.close_at + 1 if raw.close_at is not None else raw.end
        speaker = own[index]
        part = 0
        if index in chained:
            speaker, part = chained[index]
        s_start, _ = ctx.sentence_of(raw.open_at)
        lead = text[s_start : raw.open_at].strip()
        cue_nearby = raw.close_at is not None and _SPEECH_RE.search(
            text, close, ctx.sentence_of(close)[1]
        )
        if (
            speaker is None
            and index not in chained
            and not cue_nearby
            and previous is not None
            and previous.speaker is not None
        ):
            same_paragraph = raw.paragraph == previous_paragraph
            next_paragraph = (
                raw.paragraph == previous_paragraph + 1
                and not text[paragraphs[raw.paragraph][0] : raw.open_at].strip()
            )
            if (same_paragraph and not lead) or next_paragraph:
                speaker = _Speaker(previous.speaker, previous.speaker_type, "continued")
                part = previous.part + 1
        words = len(text[start:end].split())
        at_clause_start = not lead or lead.endswith((":",))
        # a quote opening its sentence (or after a colon) is a direct quote; one embedded in
        # the reporter's sentence is partial unless it runs long
        kind = "direct" if at_clause_start or words >= 8 else "partial"
        if speaker is None and (kind == "partial" or words < 4):
            continue  # scare quotes, titles: no one is quoted
        quote = Quote(
            text=text[start:end],
            start=start,
            end=end,
            kind=kind,
            speaker=speaker.name if speaker else None,
            speaker_type=speaker.type if speaker else None,
            cue=speaker.cue if speaker else None,
            part=part,
        )
        out.append(quote)
        if kind == "direct":
            previous, previous_paragraph = quote, raw.paragraph
    out.extend(_indirect(ctx, sentences))
    return sorted(out, key=lambda q: q.start)


_INDIRECT_VERBS = re.compile(
    r"\b(?:said|says|say|told|added|warned|claimed|stressed|announced|insisted|noted|"
    r"acknowledged|confirmed)\b"
)
_CLAUSE_LEAD = re.compile(
    r"(?:\s*(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"earlier this (?:week|month|year)|(?:this|last) (?:week|month|year)|"
    r"a (?:week|month|year) ago|earlier|later|yesterday|today|also)\b)*\s*(?:that\b)?\s*"
)
_TOLD_OBJECT = re.compile(
    r"\s*(?:reporters|journalists|lawmakers|parliament|(?:the\s+)?[\w’']+(?:\s+\w+){0,2}?"
    r"\s+(?:television|TV|agency|radio|newspaper|broadcaster|network))\b"
)


def _indirect(ctx: _Context, sentences: list[tuple[int, int, int]]) -> list[Quote]:
    """Reported speech in sentences without quote marks: "X said (that) …", "…, X said.",
    "according to X"."""
    text = ctx.text
    out = []
    for s_start, s_end, _ in sentences:
        sentence = text[s_start:s_end]
        q = bisect.bisect_right(ctx.quote_starts, s_end) - 1
        if any(c in sentence for c in '"“”‘') or (q >= 0 and ctx.quote_spans[q][1] >= s_start):
            continue
        found = None
        for verb in _INDIRECT_VERBS.finditer(text, s_start, min(s_end, s_start + 2000)):
            subject = _subject_before(ctx, max(s_start, verb.start() - 200), verb.start())
            if subject is None:
                continue
            gap = text[subject[1] : verb.start()]
            if len(gap) > 40 and not gap.lstrip().startswith(","):
                continue
            lead = text[s_start : subject[0]].strip()
            if lead.endswith(","):  # "…, X said." : the clause comes first
                rest = text[verb.end() : s_end]
                if len(rest.split()) > 6 or " that " in rest:
                    continue
                clause = (s_start, s_start + len(text[s_start : subject[0]].rstrip(" ,")))
            elif not lead or lead.lower() in ("but", "and", "meanwhile", "however,"):
                pos = verb.end()
                if verb.group() == "told":
                    obj = _TOLD_OBJECT.match(text, pos, s_end)
                    pos = obj.end() if obj else pos
                lead_m = _CLAUSE_LEAD.match(text, pos, s_end)
                clause = (lead_m.end() if lead_m else pos, s_end)
                if re.match(r"(?:of|about|against|on|in|to)\b", text[clause[0] : clause[0] + 8]):
                    continue  # "warned of a buildup": what it was about, not what was said
            else:
                continue
            speaker = ctx.resolve(subject, verb.group())
            if speaker is not None:
                found = (clause, speaker)
                break
        if found is None:
            acc = _ACCORDING.search(text, s_start, s_end)
            if acc:
                subject = _subject_after(ctx, acc.end(), s_end)
                speaker = ctx.resolve(subject, "according to") if subject else None
                if speaker is not None:
                    before = text[s_start : acc.start()].rstrip(" ,")
                    if len(before.split()) >= 4:
                        found = ((s_start, s_start + len(before)), speaker)
                    else:  # "According to X, the city has …"
                        comma = text.find(",", subject[1], s_end)
                        if comma > 0:
                            found = ((comma + 1, s_end), speaker)
        if found is None:
            continue
        (c_start, c_end), speaker = found
        while c_end > c_start and text[c_end - 1] in ".,;: ":
            c_end -= 1
        while c_start < c_end and text[c_start].isspace():
            c_start += 1
        if len(text[c_start:c_end].split()) < 4:
            continue
        out.append(
            Quote(
                text=text[c_start:c_end],
                start=c_start,
                end=c_end,
                kind="indirect",
                speaker=speaker.name,
                speaker_type=speaker.type,
                cue=speaker.cue,
            )
        )
    return out
