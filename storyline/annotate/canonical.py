"""One name per entity across articles and outlets.

Names are compared on an ASCII-folded, transliteration-normalised form (``y`` → ``i``,
doubled letters collapsed, Slavic feminine surname endings folded for people), so that
Zelensky/Zelenskyy/Zelenskiy, Kyiv/Kiev, Sergei/Sergey and Zakharov/Zakharova meet without a
table of known variants; one-letter typos are accepted on longer names (Damerau distance 1)
when the consonant skeleton agrees. People are matched surname first ("Peskov" joins
"Dmitry Peskov"), with first names compared when both sides have one; a type must agree
(a person never merges with a place). Usable incrementally, article by article.

An institution named only generically ("the Defense Ministry", "the army", "the Foreign
Ministry") is some country's: without the country in its name it is merged only within one
article, so that Germany's and Russia's defence ministries, named alike by two outlets, stay
two entities. "Russian Foreign Ministry" and "Turkish Foreign Ministry" differ by their words.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .records import EntityType, StoryEntity

_PLACES = frozenset({"GPE", "LOC"})
_NON_PERSON = frozenset({"GPE", "LOC", "ORG"})
_HONORIFICS = frozenset("mr mrs ms dr prof sir dame gov sen rep gen col president".split())
_FEMININE = (("skaya", "sky"), ("tskaya", "tsky"), ("ova", "ov"), ("eva", "ev"), ("ina", "in"))
_GENERIC_WORDS = frozenset(
    """the of and for ministry ministries defense defence foreign affairs interior internal
    government army military armed forces force police parliament president presidential
    office navy air security service services intelligence central bank supreme court cabinet
    embassy state department general staff national guard border prosecutor prosecutors health
    finance justice emergency emergencies economy trade energy agency council committee
    spokesman spokeswoman command""".split()
)
_INSTITUTIONS = frozenset(
    """ministry ministries government army military forces police parliament office navy
    force service services intelligence bank court cabinet embassy department staff guard
    prosecutor agency council committee command""".split()
)
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 16)  # pure; a story asks about the same names again and again
def ascii_fold(name: str) -> str:
    """Lowercase ASCII letters, digits and single spaces (accents dropped, "’s" removed)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’]s\b", "", text)
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    return " ".join(text.split())


@lru_cache(maxsize=1 << 16)  # pure; asked again for every pair of names compared
def normalise(word: str, person: bool = False) -> str:
    """Transliteration-neutral spelling: y→i, j→i before a vowel, doubled letters collapsed;
    for surnames, feminine endings folded to the masculine."""
    w = word
    if person:
        for fem, masc in _FEMININE:
            if w.endswith(fem) and len(w) > len(fem) + 2:
                w = w[: -len(fem)] + masc
                break
    w = w.replace("y", "i").replace("kh", "h").replace("w", "v")
    w = re.sub(r"j(?=[aeiou])", "i", w)
    return _DOUBLE.sub(r"\1", w)


@lru_cache(maxsize=1 << 16)  # pure; asked again for every pair of names compared
def skeleton(word: str) -> str:
    """First letter plus the consonants that follow it."""
    return word[:1] + _VOWELS.sub("", word[1:])


def damerau(a: str, b: str, limit: int = 2) -> int:
    """Optimal-string-alignment distance, cut off above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


@lru_cache(maxsize=1 << 16)  # pure; a story asks about the same names again and again
def similar(a: str, b: str, person: bool = False) -> bool:
    """Whether two folded words are spellings of one name."""
    if a == b:
        return True
    if not a or not b or a[0] != b[0] and {a[0], b[0]} != {"y", "i"}:
        return False
    na, nb = normalise(a, person), normalise(b, person)
    if na == nb:
        return True
    if min(len(a), len(b)) < 4:
        return False
    if skeleton(na) == skeleton(nb) and damerau(na, nb) <= 1:
        return True
    return (
        min(len(a), len(b)) >= 6 and damerau(na, nb) <= 1 and skeleton(na)[:3] == skeleton(nb)[:3]
    )


def spelling_variant(a: str, b: str) -> bool:
    """Whether two different folded words are spellings of one name (Kyiv/Kiev,
    Zelensky/Zelenskyy, Turkey/Türkiye as "turkei"/"turkiy"), not a plural or another word:
    the same transliteration-neutral form, or one letter apart in the same consonant
    skeleton."""
    if a == b or not a or not b or min(len(a), len(b)) < 4:
        return False
    if a[0] != b[0] and {a[0], b[0]} != {"y", "i"}:
        return False
    na, nb = normalise(a), normalise(b)
    if na == nb:
        return True
    if a.startswith(b) or b.startswith(a):
        return False  # "ministers", "Russian": another word made from this one
    if damerau(na, nb) > 1:
        return False
    return skeleton(na) == skeleton(nb) or (
        min(len(a), len(b)) >= 6 and skeleton(na)[:3] == skeleton(nb)[:3]
    )


@lru_cache(maxsize=1 << 16)  # pure; a story asks about the same names again and again
def similar_names(a: str, b: str) -> bool:
    """Whole-name comparison for non-person names, word by word."""
    wa, wb = a.split(), b.split()
    return len(wa) == len(wb) and all(similar(x, y) for x, y in zip(wa, wb, strict=True))


@dataclass
class _Entity:
    id: str
    types: Counter = field(default_factory=Counter)
    forms: Counter = field(default_factory=Counter)
    folded: set[str] = field(default_factory=set)
    firsts: set[str] = field(default_factory=set)
    lasts: set[str] = field(default_factory=set)
    roles: Counter = field(default_factory=Counter)
    sources: dict[str, None] = field(default_factory=dict)
    _type: EntityType | None = field(default=None, repr=False, compare=False)
    """``type`` kept until the next mention changes ``types`` (every lookup asks it of every
    entity it compares with)."""

    @property
    def type(self) -> EntityType:
        if self._type is None:
            self._type = self.types.most_common(1)[0][0]
        return self._type

    @property
    def name(self) -> str:
        """The most frequent form, preferring full (multi-word) names for people."""
        forms = self.forms.most_common()
        if self.type == "PERSON":
            full = [f for f in forms if len(f[0].split()) > 1]
            if full:
                return max(full, key=lambda f: (f[1], len(f[0])))[0]
        return max(forms, key=lambda f: (f[1], -forms.index(f)))[0]


class Canonicaliser:
    """Assigns canonical entity ids to mentions fed article by article."""

    def __init__(self) -> None:
        self._entities: list[_Entity] = []
        # candidates are looked for only among entities whose name starts alike: spellings
        # that ``similar`` accepts always share a first letter (y and i counted as one)
        self._blocks: dict[str, list[_Entity]] = {}
        self._exact: dict[tuple[str, str], str] = {}
        self._by_id: dict[str, _Entity] = {}
        # generically named institutions, by the article that names them
        self._local: dict[str, list[_Entity]] = {}

    def add(
        self, name: str, type: EntityType, source: str | None = None, role: str | None = None
    ) -> str | None:
        """Record a mention and return its entity id (None for an empty name)."""
        folded = _strip_honorifics(ascii_fold(name))
        if not folded:
            return None
        local = _generic(folded, type)
        if local and source is None:
            source = ""  # one anonymous article: still never merged with a named one
        entity = self._find(folded, type, source)
        if entity is None:
            entity = _Entity(id=f"E{len(self._entities) + 1}")
            self._entities.append(entity)
            if local:
                self._local.setdefault(source or "", []).append(entity)
            else:
                self._blocks.setdefault(_block(folded, type), []).append(entity)
            self._by_id[entity.id] = entity
        entity.types[type] += 1
        entity._type = None
        entity.forms[" ".join(name.split())] += 1
        entity.folded.add(folded)
        words = folded.split()
        if type == "PERSON":
            entity.lasts.add(words[-1])
            if len(words) > 1:
                entity.firsts.add(words[0])
        if role:
            entity.roles[role] += 1
        if source is not None:
            entity.sources[source] = None
        if local:
            pass  # found again through its article only
        elif type != "PERSON" or " " in folded:  # a lone surname may be several people's
            self._exact[(_group(type), folded)] = entity.id
        return entity.id

    def resolve(self, name: str, type: EntityType | None = None, source: str | None = None):
        """The id a name would get, without recording it (None if unknown)."""
        folded = _strip_honorifics(ascii_fold(name))
        if not folded:
            return None
        types: list[EntityType] = [type] if type else ["PERSON", "ORG", "GPE", "NORP"]
        for t in types:
            found = self._find(folded, t, source)
            if found is not None:
                return found.id
        return None

    def name_of(self, entity_id: str) -> str:
        return self._by_id[entity_id].name

    def entity(self, entity_id: str) -> StoryEntity:
        e = self._by_id[entity_id]
        return StoryEntity(
            id=e.id,
            name=e.name,
            type=e.type,
            aliases=tuple(sorted(f for f in e.forms if f != e.name)),
            roles=tuple(r for r, _ in e.roles.most_common()),
            sources=tuple(e.sources),
        )

    def entities(self) -> list[StoryEntity]:
        """All entities, most mentioned first."""
        ordered = sorted(self._entities, key=lambda e: -sum(e.forms.values()))
        return [self.entity(e.id) for e in ordered]

    def _find(self, folded: str, type: EntityType, source: str | None) -> _Entity | None:
        if _generic(folded, type):
            if source is None:
                return None  # whose ministry it is depends on the article
            return next(
                (e for e in self._local.get(source, ()) if any(
                    similar_names(folded, f) for f in e.folded)),
                None,
            )  # fmt: skip
        exact = self._exact.get((_group(type), folded))
        if exact is not None:
            return self._by_id[exact]
        if type == "PERSON":
            return self._find_person(folded, source)
        candidates = [
            e for e in self._blocks.get(_block(folded, type), ())
            if _compatible(e.type, type) and any(similar_names(folded, f) for f in e.folded)
        ]  # fmt: skip
        return _best(candidates, source)

    def _find_person(self, folded: str, source: str | None) -> _Entity | None:
        words = folded.split()
        last, first = words[-1], words[0] if len(words) > 1 else None
        candidates = []
        for e in self._blocks.get(_block(folded, "PERSON"), ()):
            if e.type != "PERSON" or not any(similar(last, x, person=True) for x in e.lasts):
                continue
            if first and e.firsts and not any(_first_names_agree(first, f) for f in e.firsts):
                continue
            candidates.append(e)
        return _best(candidates, source)


def _first_names_agree(a: str, b: str) -> bool:
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return similar(a, b) or normalise(a)[:4] == normalise(b)[:4]


def _best(candidates: list[_Entity], source: str | None) -> _Entity | None:
    """Among entities a name could be, the one seen in the same article, else the one
    mentioned most."""
    if not candidates:
        return None
    return max(
        candidates,
        key=lambda e: (source is not None and source in e.sources, sum(e.forms.values())),
    )


def _block(folded: str, type: str) -> str:
    words = folded.split()
    first = (words[-1] if type == "PERSON" else words[0])[:1]
    return "i" if first == "y" else first


def _group(type: str) -> str:
    return "PLACE" if type in _PLACES else type


def _compatible(a: str, b: str) -> bool:
    return _group(a) == _group(b) or (a in _NON_PERSON and b in _NON_PERSON)


def _strip_honorifics(folded: str) -> str:
    words = folded.split()
    while len(words) > 1 and words[0] in _HONORIFICS:
        words = words[1:]
    return " ".join(words)


def _generic(folded: str, type: str) -> bool:
    """An institution named without its country ("defense ministry", "the army")."""
    if type != "ORG":
        return False
    words = folded.split()
    return all(w in _GENERIC_WORDS for w in words) and any(w in _INSTITUTIONS for w in words)
