"""Reported (indirect) speech: "X said (that) …", "…, X said.", "according to X, …".

Only sentences without quote marks are read (a sentence with quote marks is a direct or
partial quote, found in ``quotes``). A speech verb splits the sentence into the reporting
clause and the content: when the verb comes early, the content is what follows it (after
"that", an object of "told" and time or setting adverbials: "told reporters on Tuesday in
Kyiv that"); when the sentence ends with a short "…, X said." clause, the content is what
precedes it. "According to X" takes the other side of its phrase. Verbs that do not report
speech on their own ("denied", "promised") need "that". The reporting clause alone is handed
to the parser (``Reported.window``), which gives the speaker; content spans come from the
text, so their offsets are exact.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .speakers import Resolver

_SAY = r"said|says|say|told|tells|added|adds|argued|argues|claimed|claims|stated|states|wrote|writes|tweeted|explained|explains|insisted|insists|noted|notes|warned|warns|asserted|asserts|contended|contends|maintained|maintains|acknowledged|acknowledges|admitted|admits|conceded|concedes|stressed|stresses|emphasi[sz]ed|reiterated|testified|declared|declares|announced|announces|predicted|predicts|suggested|suggests|recalled|replied|responded|countered|complained|cautioned|confirmed|confirms"  # noqa: E501
_THAT_ONLY = r"denied|denies|promised|promises|vowed|vows|pledged|disclosed|revealed|reported|reports|assured|believes|believed|hinted|signaled|signalled"  # noqa: E501
_VERB = re.compile(rf"\b(?:(?P<say>{_SAY})|(?P<that>{_THAT_ONLY}))\b")
_ACCORDING = re.compile(r"\b[Aa]ccording to\b")
# another speaker's clause inside the content ("…, but Kiev said it needed…"): the content
# ends before it, so the second speaker's words are never credited to the first
_ANOTHER = re.compile(rf",\s+(?:but|while|whereas|although|and)\s+[^,;]{{1,60}}?\s+(?:{_SAY})\b")
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_SETTING = (
    r"(?:statement|interview|speech|tweet|email|e-mail|post|op-ed|letter|memo|video|"
    r"press release|conference call|news conference|press conference|radio interview|"
    r"television interview|TV interview|appearance|message|report|filing|remarks|town hall|"
    r"rally|event|debate|hearing|briefing|meeting|call)"
)
_ADVERBIAL = re.compile(
    rf"(?:\s*,?\s*(?:(?:on|late|early)\s+)?{_DAY}(?:\s+(?:night|morning|evening|afternoon))?"
    rf"|\s*,?\s*(?:in|at|during|on|via|through)\s+(?:an?|the|his|her|their|its)\s+"
    rf"(?:[\w’'-]+\s+){{0,2}}?{_SETTING}"
    r"(?:\s+(?:with|to|on|in|at|for)\s+(?:the\s+)?(?:[A-Z][\w’'.-]*\s*)+)?"
    r"|\s*,?\s*(?:last|this|earlier this|next)\s+(?:week|month|year|night|morning|weekend)"
    r"|\s*,?\s*(?:earlier|later|yesterday|today|tonight|recently|repeatedly|also|again|"
    r"previously|then|publicly|privately|flatly|now|once|often|simply|bluntly|frequently))+"
    r"\s*,?"
)
_TOLD_OBJECT = re.compile(
    r"\s+(?:(?:the|a|an|his|her|their)\s+)?(?:[A-Z][\w’'.&-]*\s+){0,4}(?:[A-Z][\w’'.&-]*|"
    r"reporters|journalists|him|her|them|us|me|supporters|voters|listeners|viewers|audiences?|"
    r"crowds?|lawmakers|members|donors|students|investigators|police|officials|people|"
    r"senators|delegates|correspondents|interviewers?|the\s+\w+)\b"
)
_APPOSED = re.compile(r"\s+(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]*\s*,")
_DESCRIBED = re.compile(r"\s+(?:an?|the)\s+[^,.;]{3,80},")  # ", a hydrologist at X,"
_THAT_NEAR = re.compile(  # "told reporters in the capital, Vostrava, that"
    r"\s+(?:in|at|on|during|from|via|after|before|while)\s(?:(?!\band\b|\bbut\b)[^.;]){0,50}?"
    r",?\s+that\b"
)
_THAT = re.compile(r"\s*,?\s*that\b")


@dataclass(frozen=True)
class Reported:
    """Content span ``start``–``end``; the reporting clause ``window`` holds the cue at
    ``cue_at``."""

    start: int
    end: int
    window: tuple[int, int]
    cue_at: int
    cue: str
    keep_unattributed: bool = True


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",:;—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:!?—–-"):
        end -= 1
    return start, end


def _enough(text: str, start: int, end: int) -> bool:
    return len(text[start:end].split()) >= 4


def find_reported(
    text: str, sentences: list[tuple[int, int, int]], resolver: Resolver
) -> list[Reported]:
    """Candidate reported speech of each quote-free sentence (at most one per sentence)."""
    out: list[Reported] = []
    for s_start, s_end, _ in sentences:
        if s_end - s_start > 1500 or resolver.in_quote(s_start) or resolver.in_quote(s_end - 1):
            continue
        q = bisect.bisect_left(resolver.quote_starts, s_start)
        if q < len(resolver.quote_starts) and resolver.quote_starts[q] < s_end:
            continue
        if any(c in text[s_start:s_end] for c in '"“”'):
            continue
        found = _said(text, s_start, s_end) or _according(text, s_start, s_end)
        if found is not None:
            out.append(found)
    return out


def _said(text: str, s_start: int, s_end: int) -> Reported | None:
    for verb in _VERB.finditer(text, s_start, s_end):
        before = text[s_start : verb.start()]
        pos = verb.end()
        adv = _ADVERBIAL.match(text, pos, s_end)
        pos = adv.end() if adv else pos
        if verb.group() in ("told", "tells"):
            obj = _TOLD_OBJECT.match(text, pos, s_end)
            if obj is None:
                continue
            pos = obj.end()
            adv = _ADVERBIAL.match(text, pos, s_end)
            pos = adv.end() if adv else pos
        that = _THAT.match(text, pos, s_end) or _THAT_NEAR.match(text, pos, s_end)
        if that:
            pos = that.end()
        elif verb.group("that"):
            pos = -1
        after_words = len(text[verb.end() : s_end].split())
        comma = before.rstrip().endswith(",") or ", " in before[-120:]
        if pos >= 0 and not re.match(
            r"\s*(?:of|about|on|in|to|for|with|by|at|from|as|so|and|or|but|nothing|it\.)\b",
            text[pos:s_end],
        ):
            other = _ANOTHER.search(text, pos, s_end)
            start, end = _trim(text, pos, other.start() if other else s_end)
            if _enough(text, start, end) and len(before.split()) <= 40:
                w_start = max(s_start, verb.start() - 250)
                while w_start > s_start and not text[w_start - 1].isspace():
                    w_start += 1
                return Reported(start, end, (w_start, verb.end()), verb.start(), verb.group())
        if comma and after_words <= 12 and verb.group("say"):
            cut = text.rfind(",", s_start, verb.start())
            if cut > s_start:
                start, end = _trim(text, s_start, cut)
                # the reporting clause: from the comma to the sentence end
                gap = text[cut + 1 : verb.start()]
                opener = gap.split()[0].lower() if gap.split() else ""
                if (
                    _enough(text, start, end)
                    and len(gap.split()) <= 10
                    and after_words <= 8
                    and opener not in ("and", "but", "that", "which", "who", "while", "as")
                ):
                    w_start = cut + 1
                    while w_start < verb.start() and text[w_start].isspace():
                        w_start += 1
                    return Reported(start, end, (w_start, s_end), verb.start(), verb.group())
    return None


def _according(text: str, s_start: int, s_end: int) -> Reported | None:
    acc = _ACCORDING.search(text, s_start, s_end)
    if acc is None:
        return None
    comma = text.find(",", acc.end(), s_end)
    if comma > 0:  # "according to the mayor of Orsk, Pavel Hrynko, the city …"
        named = _APPOSED.match(text, comma + 1, s_end) or _DESCRIBED.match(text, comma + 1, s_end)
        if named:
            comma = named.end() - 1
    phrase_end = comma if comma > 0 else s_end
    window = (acc.start(), phrase_end)
    before = _trim(text, s_start, acc.start())
    if _enough(text, *before):
        return Reported(before[0], before[1], window, acc.start(), "according to")
    if comma > 0:
        start, end = _trim(text, comma + 1, s_end)
        if _enough(text, start, end):
            return Reported(start, end, window, acc.start(), "according to")
    return None
