"""Who a cue names as the speaker: the subject of the speech verb in its dependency parse.

The quote stage hands over short *frames* — the words around a quote outside its marks
("…," the spokesman for the ministry said), the reporting clause of a sentence of reported
speech — and they are parsed once, in one batch (``nlp.parse``). From the speech verb the
speaker is its subject (``nsubj``; through ``conj``/``advcl`` for "…, then leaned in and
boomed:", "…, telling the crowd"), the object of "according to", the head a relative
"who" hangs on ("Smith, who …, said"). The subject's noun phrase is then read as a reader
would:

* a name (an entity mention, or capitalised words the entity model missed) speaks as its
  fullest form in the article ("Peskov" → "Dmitry Peskov");
* a description with a name in apposition or compound speaks as that name ("Turkey's top
  diplomat Hakan Fidan" → Hakan Fidan, never "Turkey"; "the mayor, Vesna Adamik");
* a pronoun resolves to the nearest earlier person (he/she, skipping those of the other
  gender where the text shows it with Mr/Ms or a gendered title) or organisation (it);
* a bare description ("the spokesman", "the mayor") resolves to the earlier person holding
  that title, else stays unattributed — a title or a place is never a person's name;
* an organisation speaks only as the subject itself ("the Defence Ministry of Russia said"
  keeps its possessor: "Russia's Defence Ministry"); generic plurals ("analysts say",
  "officials said") name no one.

Each answer carries a confidence and the cue it rests on; callers drop answers below
``MIN_CONFIDENCE`` (right or silent).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from .canonical import ascii_fold, similar
from .records import EntityType, Mention

MIN_CONFIDENCE = 0.5


def _capitalised_first(words: str) -> str:
    """The alternatives of ``words`` with a capital first letter ("Said", "Tweeted")."""
    return "|".join(w[:1].upper() + w[1:] for w in words.split("|"))


# Verbs that report speech (or writing), inflected as news uses them.
SPEECH_WORDS = (
    r"said|says|say|saying|told|tells|telling|added|adds|adding|asked|asks|asking|replied|"
    r"replies|responded|responds|answered|answers|concluded|concludes|stated|states|wrote|"
    r"writes|writing|tweeted|tweets|posted|continued|continues|explained|explains|insisted|"
    r"insists|argued|argues|arguing|declared|declares|announced|announces|warned|warns|"
    r"warning|joked|quipped|boomed|shouted|yelled|exclaimed|recalled|recalls|remarked|noted|"
    r"notes|noting|observed|acknowledged|acknowledges|admitted|admits|conceded|concedes|"
    r"complained|charged|countered|counters|claimed|claims|predicted|promised|promises|"
    r"vowed|vows|pledged|urged|urges|pleaded|agreed|agrees|mused|reiterated|repeated|"
    r"stressed|stresses|emphasi[sz]ed|confirmed|confirms|suggested|suggests|maintained|"
    r"maintains|contended|contends|asserted|asserts|assured|cautioned|testified|chanted|"
    r"cried|screamed|proclaimed|opined|thundered|fumed|snapped|retorted|interjected|"
    r"interjecting|barked|beamed|gushed|echoed|yelling|shouting|joking|jokes|chanting|chants|"
    r"(?:shot|shoots|fired|fires) back|went on|(?:pointed|points) out"
)
# A sentence may open with the verb ("Tweeted Murphy: …", "Said Dorothy Poynter, …"), so the
# first letter may be a capital.
SPEECH_RE = re.compile(rf"\b(?:{SPEECH_WORDS}|{_capitalised_first(SPEECH_WORDS)})\b")
# Cues of a partial quote inside the reporter's sentence: calling the demand "non-serious".
PARTIAL_RE = re.compile(
    r"\b(?:called|calling|calls|described|describing|describes|dubbed|dubbing|termed|"
    r"branded|labell?ed|labell?ing)\b"
)
ACCORDING_RE = re.compile(r"\b[Aa]ccording to\b")
_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f", "it": "o", "they": "p"}
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_CLIMB_DEPS = ("conj", "advcl", "xcomp", "dep", "pcomp", "acl", "prep")  # "…, by saying"
_RELATIVE = frozenset({"who", "that", "which"})
# Heads of descriptions of a person: resolvable to an earlier named holder, never a name.
PERSON_ROLES = frozenset(
    """spokesman spokeswoman spokesperson mayor minister president senator governor secretary
    official candidate nominee chairman chairwoman chair director leader commander chief
    ambassador envoy diplomat prosecutor judge lawyer attorney manager aide adviser advisor
    representative congressman congresswoman lawmaker premier chancellor king queen general
    resident farmer witness survivor hydrologist expert analyst economist professor officer
    sheriff coach councillor councilor councilman councilwoman founder executive ceo
    strategist pollster organizer activist woman man""".split()
)
# Heads that make a noun phrase an organisation when a proper name qualifies them.
ORG_HEADS = frozenset(
    """ministry department campaign committee office agency government administration party
    council commission army military police embassy court company group union service
    authority authorities board bureau cabinet parliament team network newspaper foundation
    institute university center centre coalition alliance federation organization
    organisation kremlin presidency""".split()
)
_GENDERED = {
    "spokeswoman": "f", "chairwoman": "f", "congresswoman": "f", "businesswoman": "f",
    "mother": "f", "wife": "f", "widow": "f", "daughter": "f", "sister": "f", "actress": "f",
    "queen": "f", "grandmother": "f", "woman": "f", "spokesman": "m", "chairman": "m",
    "congressman": "m", "businessman": "m", "father": "m", "husband": "m", "son": "m",
    "brother": "m", "king": "m", "grandfather": "m", "man": "m", "actor": "m",
}  # fmt: skip
_HONORIFIC_LEAD = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+(?=[A-Z])")
_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+(?:[A-Z][\w’'-]+\s+)?([A-Z][\w’'-]+)")
_TITLES = frozenset(
    """sen rep gov mr mrs ms dr prof gen lt col capt sgt adm rev hon pres former deputy vice
    foreign interior defence defense prime first acting interim state senior""".split()
)
_GOVERNING = frozenset(
    "with to by for of from at on in about against alongside between among including than".split()
)
_FUNCTION_CAPS = frozenset(
    "The A An This That These Those It He She They We I You His Her Its Their Our".split()
)


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: ``name`` as the article gives it at its fullest, ``cue`` the words
    the attribution rests on ("said", "according to", "continued", "transcript"), and
    ``confidence`` in [0, 1]. ``start``/``end`` point at the words naming the speaker in the
    frame (the pronoun or description when resolved through one)."""

    name: str
    type: EntityType | None
    cue: str
    confidence: float
    start: int | None = None
    end: int | None = None


class Resolver:
    """The article's people and organisations, indexed for names, pronouns and titles."""

    def __init__(self, text: str, mentions: list[Mention], quote_spans: list[tuple[int, int]]):
        self.text = text
        self.quote_spans = quote_spans
        self.quote_starts = [s for s, _ in quote_spans]
        self.mentions = sorted(_more_people(text, mentions), key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.full_names: dict[str, str] = {}
        self.gender: dict[str, str] = {}
        for m in self.mentions:
            if m.type != "PERSON":
                continue
            last = self.surname(m.text)
            current = self.full_names.get(last)
            if current is None or len(_untitled(m.text)) > len(current):
                self.full_names[last] = _untitled(m.text)
            for word in (m.role or "").lower().split():
                if word in _GENDERED:
                    self.gender.setdefault(last, _GENDERED[word])
        for h in _HONORIFIC.finditer(text):
            self.gender.setdefault(
                ascii_fold(h.group(2)).lower(), "m" if h.group(1) == "Mr" else "f"
            )

    @staticmethod
    def surname(name: str) -> str:
        words = ascii_fold(name).replace("’", "'").lower().split()
        while len(words) > 1 and words[-1].strip(".,") in ("jr", "sr", "ii", "iii", "iv"):
            words.pop()
        last = words[-1] if words else ""
        return last[:-2] if last.endswith("'s") else last

    def in_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.quote_starts, pos) - 1
        return i >= 0 and pos < self.quote_spans[i][1]

    def mention_at(self, start: int, end: int) -> Mention | None:
        """The mention overlapping ``[start, end)``, the longest if several."""
        i = bisect.bisect_right(self.starts, end) - 1
        best = None
        while i >= 0 and self.mentions[i].end > start - 200:
            m = self.mentions[i]
            if m.start < end and m.end > start and (best is None or len(m.text) > len(best.text)):
                best = m
            i -= 1
        return best

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            out.append(self.mentions[i])
            i += 1
        return out

    def full_name(self, name: str) -> str:
        """The fullest form the article uses for a person ("Kovalska", "Mr Ostrik" → "Pavel
        Ostrik")."""
        name = _untitled(name)
        last = self.surname(name)
        if not last:
            return name
        best = self.full_names.get(last)
        if best is None:
            for known, full in self.full_names.items():
                if len(known) > 3 and similar(last, known, person=True):
                    best = full
                    break
        if best and len(best) > len(name):
            first = ascii_fold(name).lower().split()
            full_first = ascii_fold(best).lower().split()
            if len(first) > 1 and first[0] != full_first[0]:
                return name  # "Bill Clinton" is not "Hillary Clinton"
            return best
        return name

    def is_person(self, name: str) -> bool:
        return self.surname(name) in self.full_names

    def person_before(self, pos: int, gender: str | None, window: int = 1500) -> Mention | None:
        """The nearest earlier person, not inside a quote, not of the other gender."""
        i = bisect.bisect_left(self.starts, pos) - 1
        while i >= 0 and self.mentions[i].start > pos - window:
            m = self.mentions[i]
            i -= 1
            if m.type != "PERSON" or self.in_quote(m.start):
                continue
            if self.governed(m):
                continue  # "walked with the mayor, Vesna Adamik": not who "he" is
            known = self.gender.get(self.surname(m.text))
            if gender and known and known != gender:
                continue
            return m
        return None

    def governed(self, m: Mention) -> bool:
        """Whether a preposition governs the mention ("with the mayor, X"; "according to X"
        does not count: X is a speaker there)."""
        lead = self.text[max(0, m.start - 40) : m.start]
        lead = re.split(r"[.;:!?\n]", lead)[-1]
        words = lead.replace(",", " ").split()[-4:]
        for i, w in enumerate(words):
            if w.lower() in _GOVERNING and not (
                w.lower() == "to" and i > 0 and words[i - 1].lower() == "according"
            ):
                return True
        return False

    def org_before(self, pos: int, window: int = 600) -> Mention | None:
        i = bisect.bisect_left(self.starts, pos) - 1
        while i >= 0 and self.mentions[i].start > pos - window:
            m = self.mentions[i]
            i -= 1
            if m.type == "ORG" and not self.in_quote(m.start):
                return m
        return None

    def qualified(self, name: str, pos: int) -> str:
        """An institution named bare ("the Defense Ministry") as the article qualified it
        earlier ("Russia's Defense Ministry", "the Defense Ministry of Ukraine") when it did
        so in one way only; else as written, so two countries' ministries never merge."""
        if not name or len(name) < 4:
            return name
        bare = re.escape(name)
        forms = {
            m.group(0).replace("’", "'")
            for m in re.finditer(
                rf"\b[A-Z][\w.-]*(?:\s[A-Z][\w.-]*)?(?:'s|’s)\s+{bare}\b"
                rf"|\b{bare}\s+of\s+(?:the\s+)?[A-Z][\w-]*(?:\s[A-Z][\w-]*)?",
                self.text[:pos],
            )
        }
        return forms.pop() if len(forms) == 1 else name

    def role_holder(self, role: str, pos: int) -> Mention | None:
        """The latest earlier person the article gave this title ("the spokesman")."""
        i = bisect.bisect_left(self.starts, pos) - 1
        while i >= 0:
            m = self.mentions[i]
            i -= 1
            if m.type != "PERSON":
                continue
            if m.role and role in m.role.lower().split():
                return m
            around = self.text[m.end : m.end + 60].lower()  # "Tomas Brenner, a spokesman for"
            if m.end <= pos <= m.end + 60:
                continue  # "… and Trump, Turkey's top diplomat said": the very description
            if around.startswith(",") and role in around.split(",")[1].split():
                return m
        return None


_NAMED_AS = re.compile(
    r"\b[Aa]ccording to ((?:[A-Z][\w’'-]+ ){1,2}[A-Z][\w’'-]+)(?=, (?:an?|the) [a-z])"
)


def _more_people(text: str, mentions: list[Mention]) -> list[Mention]:
    """The entity model's mentions, plus the people it missed where the text is plain: a
    known person's surname used again ("Mr Ostrik's party"), a name described right after
    "according to" ("according to Helena Marsh, a hydrologist")."""
    covered = [(m.start, m.end) for m in mentions]
    extra: list[Mention] = []

    def free(a: int, b: int) -> bool:
        return not any(s < b and a < e for s, e in covered)

    for m in _NAMED_AS.finditer(text):
        # a name described as a person ("a hydrologist") is one, whatever the model said
        wrong = [
            x for x in mentions if x.type != "PERSON" and x.start < m.end(1) and m.start(1) < x.end
        ]
        if wrong:
            mentions = [x for x in mentions if x not in wrong]
            covered = [(x.start, x.end) for x in mentions]
        if free(m.start(1), m.end(1)):
            extra.append(Mention(m.group(1), m.start(1), m.end(1), "PERSON"))
            covered.append((m.start(1), m.end(1)))
    surnames = {
        m.text.split()[-1]
        for m in [*mentions, *extra]
        if m.type == "PERSON" and len(m.text.split()) > 1 and len(m.text.split()[-1]) > 3
    }
    if surnames:
        # one pass over the text for all surnames (not one per surname); a hit inside a
        # mention is skipped by bisecting the sorted mention spans
        spans = sorted(covered)
        starts = [a for a, _ in spans]
        longest = max(b - a for a, b in spans) if spans else 0
        pattern = "|".join(re.escape(n) for n in sorted(surnames, key=lambda n: (-len(n), n)))
        for hit in re.finditer(rf"\b(?:{pattern})\b", text):
            a, b = hit.span()
            i = bisect.bisect_left(starts, b) - 1
            while i >= 0 and starts[i] > a - longest - 1:
                if spans[i][1] > a:
                    break
                i -= 1
            else:
                extra.append(Mention(hit.group(), a, b, "PERSON"))
    return [*mentions, *extra]


def _untitled(name: str) -> str:
    """A name without the honorific or title written into it ("Councillor Sara Wend")."""
    words = (_HONORIFIC_LEAD.sub("", name) or name).split()
    while len(words) > 2 and words[0].lower().strip(".") in PERSON_ROLES | _TITLES:
        words.pop(0)
    return " ".join(words)


def _opens_sentence(doc: Any, tok: Any) -> bool:
    return tok.i == 0 or doc[tok.i - 1].text in (".", "!", "?", "“", '"', "—", "\n\n")


def _token_at(doc: Any, base: int, pos: int) -> Any | None:
    for tok in doc:
        if base + tok.idx == pos:
            return tok
    return None


def _capitalised(tok: Any) -> bool:
    return tok.text[:1].isupper() and tok.text not in _FUNCTION_CAPS


def _subject(verb: Any) -> Any | None:
    """The subject of a speech verb, climbing through conjoined and adverbial verbs."""
    node = verb
    for _ in range(4):
        subjects = [c for c in node.children if c.dep_ in _SUBJECT_DEPS]
        if subjects:
            best = min(subjects, key=lambda c: (not _capitalised(c), abs(c.i - node.i)))
            return best
        if node.dep_ in _CLIMB_DEPS and node.head is not node:
            node = node.head
            continue
        return None
    return None


def _inverted(verb: Any) -> Any | None:
    """The subject after the verb in "…," said Petrik, 54: the noun right after it."""
    for child in verb.rights:
        if child.dep_ in ("punct", "prep", "advmod", "npadvmod") and child.i <= verb.i + 1:
            continue
        if child.dep_ in ("dobj", "attr", "appos", "dep", "oprd", "dative", "nsubj", "npadvmod"):
            if child.left_edge.i <= verb.i + 2:
                return child
        return None
    return None


def _compound_span(tok: Any) -> tuple[int, int]:
    """Token indices [first, last] of a name: the head and its capitalised compounds."""
    first = tok.i
    for child in sorted(tok.lefts, key=lambda c: -c.i):
        if (
            child.dep_ in ("compound", "nmod", "amod")
            and _capitalised(child)
            and child.i == first - 1
        ):
            first = child.i
        elif child.dep_ == "punct" and child.text == "." and child.i == first - 1:
            continue
    last = tok.i
    for child in tok.rights:
        if child.dep_ in ("flat", "compound") and child.i == last + 1:
            last = child.i
    return first, last


def speaker_of(
    doc: Any,
    base: int,
    verb_pos: int,
    cue: str,
    resolver: Resolver,
    confidence: float = 0.9,
    main_clause: bool = False,
) -> Speaker | None:
    """The speaker the parsed frame ``doc`` (at offset ``base`` in the article) gives the
    speech verb (or "according") starting at ``verb_pos``; ``None`` if it names no one.
    ``main_clause`` refuses verbs inside a relative or adjectival clause ("the man who said
    he was a doctor was arrested": no one is reported there)."""
    verb = _token_at(doc, base, verb_pos)
    if verb is None:
        return None
    if main_clause and verb.dep_ in ("relcl", "acl", "amod", "csubj", "pobj", "compound"):
        return None
    if verb.lower_ == "according":
        subject = None
        for child in verb.children:
            if child.lower_ == "to":
                subject = next((c for c in child.children if c.dep_ == "pobj"), None)
        if subject is None and verb.i + 2 < len(doc):
            subject = doc[verb.i + 2]
            while subject.dep_ == "compound" and subject.head.i > subject.i:
                subject = subject.head
    else:
        subject = _subject(verb) or _inverted(verb)
    if subject is not None and subject.dep_ == "nsubjpass" and subject.head.i == verb.i:
        # "Sanders was asked by host Bill Maher, …": the agent of the speech verb speaks, not
        # its subject; no agent, no speaker ("X was joined by Y and joked" is X's: the
        # passive there is not the speech verb)
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        subject = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    if subject is not None and subject.lower_ == "it" and subject.head.i != verb.i:
        return None  # "… insisted it was premature, while adding": "it" is another clause's
    if subject is None:
        return None
    if any(c.dep_ == "conj" for c in subject.children):
        return None  # "government and military analysts say": no one speaker
    if subject.lower_ in _RELATIVE and subject.head.dep_ == "relcl":
        subject = subject.head.head  # "Smith, who …, said"
    return _noun_phrase(doc, base, subject, cue, resolver, confidence)


def _noun_phrase(
    doc: Any, base: int, head: Any, cue: str, resolver: Resolver, confidence: float
) -> Speaker | None:
    low = head.lower_
    start = base + head.idx
    end = start + len(head.text)
    if low in _PRONOUNS:
        return resolve_pronoun(low, start, cue, resolver)
    # a name in apposition or compound speaks for a description ("the mayor, Vesna Adamik";
    # "Turkey's top diplomat Hakan Fidan")
    if not _capitalised(head) or low in PERSON_ROLES:
        for child in head.children:
            if child.dep_ in ("appos", "nsubj") and _capitalised(child):
                named = _name(doc, base, child, cue, resolver, confidence)
                if named is not None and named.type in ("PERSON", None):
                    return named
        edge = head.right_edge.i
        if edge + 2 < len(doc) and doc[edge + 1].text == "," and _capitalised(doc[edge + 2]):
            name_tok = doc[edge + 2]  # "the mayor of Orsk, Pavel Hrynko": apposition by commas
            while name_tok.dep_ == "compound" and name_tok.head.i > name_tok.i:
                name_tok = name_tok.head
            named = _name(doc, base, name_tok, cue, resolver, confidence)
            if named is not None and named.type == "PERSON":
                return named
        nxt = doc[head.i + 1] if head.i + 1 < len(doc) else None
        if nxt is not None and _capitalised(nxt) and nxt.dep_ in ("nsubj", "appos", "compound"):
            named = _name(doc, base, nxt, cue, resolver, confidence)
            if named is not None and named.type in ("PERSON", None):
                return named
    if _capitalised(head):
        return _name(doc, base, head, cue, resolver, confidence)
    return _description(doc, base, head, cue, resolver, start, end)


def _name(
    doc: Any, base: int, tok: Any, cue: str, resolver: Resolver, confidence: float
) -> Speaker | None:
    first, last = _compound_span(tok)
    start = base + doc[first].idx
    end = base + doc[last].idx + len(doc[last].text)
    tok_start = base + tok.idx
    mention = resolver.mention_at(tok_start, tok_start + len(tok.text))
    if (
        mention is not None
        and mention.type != "PERSON"
        and first == last
        and _opens_sentence(doc, tok)
        and re.search(rf"(?<![.!?]\s)\b{re.escape(tok.lower_)}\b", resolver.text)
    ):
        return None  # "Farmers say": a common noun that opens the sentence
    if mention is not None and mention.start <= tok_start and mention.end >= tok_start + 1:
        start, end = max(start, mention.start), max(end, mention.end)
        kind = mention.type
        text = mention.text
        if kind == "PERSON":
            return Speaker(resolver.full_name(text), "PERSON", cue, confidence, start, end)
        if kind in ("LOC",):
            return None  # a place never speaks
        if kind == "GPE":
            return Speaker(text, "GPE", cue, confidence - 0.1, start, end)
        owner = _owner(tok)
        if owner and text.startswith(owner.strip()):
            owner = ""  # the mention already carries its possessor
        if not owner and kind == "ORG":
            text = resolver.qualified(text, start)
        return Speaker(owner + text, kind, cue, confidence - 0.05, start, end)
    written = first
    while first < last and (
        doc[first].lower_.strip(".") in PERSON_ROLES or doc[first].lower_.strip(".") in _TITLES
    ):
        first += 1  # "Minister", "Sen.": a title, not part of the name
    if written < first == last and tok.lower_ in ORG_HEADS and not _owner(tok):
        # "The Defense Ministry claimed": an institution the entity model did not mark, as
        # the article qualified it before when it did so one way only
        name = resolver.qualified(doc[written : last + 1].text, start)
        if name != doc[written : last + 1].text:
            return Speaker(name, "ORG", cue, confidence - 0.1, start, end)
    for child in tok.rights:  # "the Ministry of the Environment"
        if child.dep_ == "prep" and child.lower_ == "of" and _capitalised(child.right_edge):
            last = child.right_edge.i
    words = doc[first : last + 1].text
    if first == last and (tok.lower_ in PERSON_ROLES or tok.lower_ in ORG_HEADS):
        return None  # "Spokeswoman", "Campaign" alone: a title, not a name
    if resolver.is_person(words):
        return Speaker(resolver.full_name(words), "PERSON", cue, confidence, start, end)
    if (
        first == last
        and _opens_sentence(doc, tok)
        and re.search(rf"(?<![.!?]\s)\b{re.escape(tok.lower_)}\b", resolver.text)
    ):
        return None  # "Residents said": a common noun that opens the sentence
    if mention is not None and mention.type in ("GPE", "LOC"):
        return None
    return Speaker(_owner(tok) + words, None, cue, confidence - 0.15, start, end)


def _owner(tok: Any) -> str:
    """ "Russia's " of "Russia's Defense Ministry": an institution keeps its country, so
    Germany's and Russia's ministries stay two speakers."""
    for child in tok.lefts:
        if child.dep_ == "poss" and _capitalised(child) and child.lower_ not in _PRONOUNS:
            return "".join(t.text_with_ws for t in child.subtree)
    return ""


def _description(
    doc: Any, base: int, head: Any, cue: str, resolver: Resolver, start: int, end: int
) -> Speaker | None:
    low = head.lower_
    left = [c for c in head.lefts if c.dep_ in ("det", "poss", "compound", "amod", "nmod")]
    first = min([c.i for c in left] + [head.i])
    # the possessor's own subtree ("Russia's", "the Kremlin's")
    for c in left:
        if c.dep_ == "poss":
            first = min(first, min(t.i for t in c.subtree))
    np_start = base + doc[first].idx
    words = [t for t in doc[first : head.i + 1]]
    has_proper = any(_capitalised(t) for t in words[:-1] if t.i != first or t.dep_ != "det")
    if low in ORG_HEADS or (head.text[:1].isupper() and low in ORG_HEADS):
        if has_proper or low == "kremlin":
            text = doc[first : head.i + 1].text.strip()
            text = re.sub(r"^(?:the|The|a|A|an|An)\s+", "", text)
            return Speaker(text, "ORG", cue, 0.75, np_start, end)
        return None
    if low in PERSON_ROLES:
        holder = resolver.role_holder(low, start)
        if holder is not None and start - holder.end < 2500:
            name = resolver.full_name(holder.text)
            return Speaker(name, "PERSON", cue, 0.6, np_start, end)
    return None


def resolve_pronoun(low: str, pos: int, cue: str, resolver: Resolver) -> Speaker | None:
    kind = _PRONOUNS.get(low)
    if kind in ("m", "f"):
        m = resolver.person_before(pos, kind)
        if m is None:
            return None
        return Speaker(resolver.full_name(m.text), "PERSON", cue, 0.65, pos, pos + len(low))
    if kind == "o":
        m = resolver.org_before(pos)
        if m is None:
            return None
        return Speaker(resolver.qualified(m.text, m.start), "ORG", cue, 0.55, pos, pos + len(low))
    return None


def reports_speech(doc: Any, base: int, verb_pos: int) -> bool:
    """Whether the verb at ``verb_pos`` has a subject and heads a main or adverbial clause:
    reported speech even when its subject cannot be resolved to a name ("officials said")."""
    verb = _token_at(doc, base, verb_pos)
    if verb is None:
        return False
    if verb.lower_ == "according":
        return True
    if verb.dep_ in ("relcl", "acl", "amod", "csubj", "pobj", "compound"):
        return False
    subject = _subject(verb)
    return subject is not None and subject.lower_ not in _RELATIVE
