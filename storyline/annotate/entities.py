"""People, organisations, places and groups mentioned in an article.

spaCy's NER proposes spans (run only on windows around capitalised words, see ``nlp``); our
rules then fix what it gets wrong on news about unfamiliar names:

- type agreement inside the article: a surname that ends a PERSON mention ("Zelenskyy" after
  "Volodymyr Zelenskyy") is a PERSON even where NER called it ORG;
- context: a title right before a name ("President X", "spokesman X") makes it a PERSON, a
  place preposition ("in X", "to X") a place, for capitalised words NER left out ("Kyiv");
- every surface form typed somewhere is typed everywhere it occurs in the article.

Titles before a person's name are kept as the mention's ``role``, not as part of the name.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from typing import cast

from . import nlp
from .records import EntityType, Mention

TITLE_HEADS = frozenset(
    """spokesman spokeswoman spokesperson president minister secretary chancellor envoy aide
    gov. governor leader chief head director commander ambassador mayor senator general premier
    negotiator adviser advisor diplomat king queen pope prince official representative
    spokesmen lawmaker deputy prosecutor judge mr. mrs. ms. dr. prof. sen. rep. gen. col.
    lt. capt. sgt. adm. pres. chairman chairwoman ceo founder analyst""".split()
)
_ROLE_WORDS = frozenset(
    """foreign defence defense deputy acting regional top former state prime vice chief senior
    ministry military presidential special first interior finance justice health economy
    economic security intelligence national federal general press the army navy air force
    office kremlin white house""".split()
)
_ORG_WORDS = frozenset(
    """ministry council kremlin army committee agency department office union news journal
    times force forces government parliament bank party administration university
    organisation organization commission service railways tv post press group institute
    court assembly police navy guard media network fund company corporation inc ltd""".split()
)
_PLACE_PREPS = frozenset(
    "in to from near at across outside inside around into toward towards for".split()
)
_SPEECH_AFTER = re.compile(
    r"\s+(?:said|says|told|added|warned|wrote|stated|explained|insisted|noted|argued)\b"
)
_PLACE_POSSESSIVE = re.compile(
    r"[’']s\s+(?:capital|army|forces|government|president|territory|region|border|foreign|"
    r"defen[cs]e|military|economy|people|war|troops|cities|city|air\s+force)\b"
)
_CAPS = re.compile(r"[A-Z][\w’'.-]*[\w](?:\s+[A-Z][\w’'-]*[\w])*")
_POSSESSIVE = re.compile(r"[’']s$|[’']$")
_LABEL_MAP: dict[str, EntityType] = {
    "PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP", "FAC": "LOC",
}  # fmt: skip
_TOKEN = re.compile(r"\S+")
# Sentences that can carry a fact (a quote, a number, a date, a speech verb) get NER around
# every name; the others only around names not yet seen in the article (names recur, and a
# known one is typed from its other occurrences).
_RELEVANT = re.compile(
    r"[\"“”‘]|\d|\b(?:said|says|told|according|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|yesterday|today|tomorrow|overnight|week|month|year|January|February|"
    r"March|April|May|June|July|August|September|October|November|December|hundreds|"
    r"thousands|dozens|millions|billions)\b|(?<![\w’'])'(?=\w)"
)
_RUN = re.compile(r"[A-Z][\w’'-]*[\w](?:[ ]+[A-Z][\w’'-]*[\w])*")
_RUN_WORD = re.compile(r"[A-Z][\w’'-]*[\w]")


def _clean(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim a leading "the", a possessive and punctuation off a span; None if nothing
    name-like is left."""
    span = text[start:end]
    lead = re.match(r"(?:the|The)\s+", span)
    if lead:
        start += lead.end()
    span = text[start:end]
    poss = _POSSESSIVE.search(span)
    if poss:
        end = start + poss.start()
    while end > start and text[end - 1] in ".,;:!?\"'”’)-—":
        if text[end - 1] == "." and re.search(
            r"\b[A-Z]\.$|\b(?:U\.S|U\.K|Jr|Sr)\.$", text[start:end]
        ):
            break
        end -= 1
    while start < end and text[start] in "\"'“‘(-—":
        start += 1
    if end <= start or not text[start].isupper():
        return None
    return start, end


def fold_key(name: str) -> str:
    return " ".join(name.replace("’", "'").lower().split())


def _role(text: str, start: int) -> str | None:
    """The title written right before a name ("Kremlin spokesman", "Ukrainian defence
    minister"), or None. The word right before the name must be a title."""
    tokens = [m for m in _TOKEN.finditer(text, max(0, start - 80), start)]
    picked: list[re.Match] = []
    for m in reversed(tokens):
        word = m.group()
        low = word.lower()
        if word.endswith((",", ";", ":", ")", "”", '"')) or "\n" in text[m.end() : start]:
            break
        if not picked:
            if low not in TITLE_HEADS:
                return None
            picked.append(m)
            continue
        bare = low.rstrip("'’s") if low.endswith(("'s", "’s")) else low
        if (
            low in TITLE_HEADS
            or low in _ROLE_WORDS
            or bare in _ROLE_WORDS
            or (word[:1].isupper() and word not in nlp.FUNCTION_CAPS)
        ):
            picked.append(m)
            if len(picked) == 5:
                break
            continue
        break
    while picked and picked[-1].group().lower() in {"the", "and"}:
        picked.pop()
    picked.reverse()
    return text[picked[0].start() : picked[-1].end()] if picked else None


def find_entities(text: str, sentences: list[tuple[int, int, int]]) -> list[Mention]:
    """All mentions in ``text``, sorted by offset."""
    relevant: list[tuple[int, int]] = []
    other: list[tuple[int, int]] = []
    for s_start, s_end, _ in sentences:
        (relevant if _RELEVANT.search(text, s_start, s_end) else other).append((s_start, s_end))
    spans = [w for s_start, s_end in relevant for w in nlp.windows(text, s_start, s_end)]
    raw = nlp.entities(text, spans)
    # second pass: in the other sentences, only around names not yet seen in the article
    known = frozenset(
        word
        for start, end, _ in raw
        for word in text[start:end].lower().replace("’", "'").replace("'s", "").split()
    )
    spans = [w for s_start, s_end in other for w in nlp.windows(text, s_start, s_end, known=known)]
    raw += nlp.entities(text, spans)

    votes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    found: dict[tuple[int, int], str] = {}
    for start, end, label in raw:
        cleaned = _clean(text, start, end)
        if cleaned is None:
            continue
        s, e = cleaned
        key = fold_key(text[s:e])
        found[(s, e)] = key
        votes[key][_LABEL_MAP[label]] += 1.0

    covered = sorted(found)
    covered_starts = [c[0] for c in covered]
    for s_start, s_end, _ in sentences:
        for m in _CAPS.finditer(text, s_start, s_end):
            cleaned = _clean(text, *m.span())
            if cleaned is None:
                continue
            s, e = cleaned
            words = text[s:e].split()
            while words and words[0] in nlp.FUNCTION_CAPS:
                s += len(words[0]) + (
                    len(text[s + len(words[0]) : e]) - len(text[s + len(words[0]) : e].lstrip())
                )
                words = words[1:]
            k = bisect.bisect_left(covered_starts, e) - 1
            if not words or e - s < 3 or (k >= 0 and covered[k][1] > s):
                continue
            guess = _context_type(text, s, e)
            if guess is None:
                continue
            key = fold_key(text[s:e])
            found[(s, e)] = key
            votes[key][guess[0]] += guess[1]

    surnames = _person_surnames(votes)
    evidence = _context_evidence(text, found)
    types = {}
    for key, counts in votes.items():
        best = max(counts.items(), key=lambda kv: kv[1])[0]
        person_ev, place_ev = evidence.get(key, (0, 0))
        if " " not in key and key in surnames:
            best = "PERSON"
        elif best == "PERSON" and " " not in key and not person_ev and place_ev:
            best = "GPE"  # "in Kyiv", "Kyiv's capital": NER's PERSON on a lone unknown word
        if best == "PERSON" and set(key.split()) & _ORG_WORDS:
            best = "ORG"
        types[key] = best
    for key in list(types):
        if types[key] == "PERSON" and " " in key:
            types.setdefault(key.split()[-1], "PERSON")
    _propagate(text, sentences, types, found)

    mentions = []
    last_end = -1
    for (s, e), key in sorted(found.items()):
        if s < last_end:
            continue
        kind = types.get(key)
        if kind is None:
            continue
        role = _role(text, s) if kind == "PERSON" else None
        entity_type = cast(EntityType, kind)
        mentions.append(Mention(text=text[s:e], start=s, end=e, type=entity_type, role=role))
        last_end = e
    return mentions


def _context_type(text: str, start: int, end: int) -> tuple[str, float] | None:
    """A type for a capitalised span NER missed, from the words around it."""
    before = text[max(0, start - 30) : start].split()
    prev = before[-1].lower() if before else ""
    if prev in TITLE_HEADS:
        return "PERSON", 3.0
    if prev in _PLACE_PREPS and " " not in text[start:end]:
        return "GPE", 1.0
    if _PLACE_POSSESSIVE.match(text, end):
        return "GPE", 1.0
    if _SPEECH_AFTER.match(text, end) and len(text[start:end].split()) <= 3:
        return "PERSON", 0.6
    return None


def _person_surnames(votes: dict[str, dict[str, float]]) -> set[str]:
    """Last words of the multi-word PERSON names of the article."""
    return {
        key.split()[-1] for key, counts in votes.items()
        if " " in key and max(counts.items(), key=lambda kv: kv[1])[0] == "PERSON"
    }  # fmt: skip


def _context_evidence(text: str, found: dict[tuple[int, int], str]) -> dict[str, tuple[int, int]]:
    """For each surface form, how many of its occurrences stand in a person context (title
    before, speech verb after) and how many in a place context (place preposition before,
    "'s capital" after)."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (s, e), key in found.items():
        guess = _context_type(text, s, e)
        if guess is None:
            continue
        if guess[0] != "PERSON":
            out[key][1] += 1
        elif guess[1] >= 3.0:  # a title; "X said" fits a government as well as a person
            out[key][0] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def _propagate(
    text: str,
    sentences: list[tuple[int, int, int]],
    types: dict[str, str],
    found: dict[tuple[int, int], str],
) -> None:
    """Add every other occurrence of a typed surface form: runs of capitalised words are
    looked up, longest word sequence first, so "Kyiv" is found wherever NER did not run."""
    occupied = sorted(found)
    starts = [s for s, _ in occupied]
    max_words = max((k.count(" ") + 1 for k in types), default=0)
    if not max_words:
        return
    for run in _RUN.finditer(text):
        words = [(m.start(), m.end()) for m in _RUN_WORD.finditer(text, *run.span())]
        i = 0
        while i < len(words):
            for n in range(min(max_words, len(words) - i), 0, -1):
                s, e = words[i][0], words[i + n - 1][1]
                key = fold_key(text[s:e])
                if key in types and len(key) >= 3:
                    j = bisect.bisect_right(starts, e) - 1
                    if j < 0 or occupied[j][1] <= s:
                        found[(s, e)] = key
                    i += n - 1
                    break
            i += 1
