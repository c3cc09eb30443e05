"""Records of the fact stage: what one article says (``ArticleFacts``) and what a story says
across its articles (``StoryFacts``).

Every article-level fact carries ``start``/``end`` character offsets into the text it was found
in, and its ``text`` is exactly ``article_text[start:end]``: a reader can always be shown the
words the fact comes from. Records are frozen so that later stages cannot alter them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

EntityType = Literal["PERSON", "ORG", "GPE", "LOC", "NORP"]
Granularity = Literal["day", "week", "month", "year"]
TimeKind = Literal["point", "range", "duration", "period"]
QuoteKind = Literal["direct", "partial", "indirect"]


@dataclass(frozen=True)
class Mention:
    """One mention of a person, organisation, place or group in an article.

    ``role`` is the title the article gives the person right before the name ("Kremlin
    spokesman"); roles are kept apart from names so that "Kremlin spokesman Dmitry Peskov" and
    "Peskov" are one person with one role.
    """

    text: str
    start: int
    end: int
    type: EntityType
    role: str | None = None


@dataclass(frozen=True)
class TimeExpr:
    """A temporal expression and its resolution against the publication date.

    ``value`` is ``YYYY-MM-DD`` (day, and week: the Monday of the week), ``YYYY-MM`` (month) or
    ``YYYY`` (year); ``None`` with ``resolved=False`` when the expression is relative and no
    publication date was given: it is never guessed from the clock.

    ``kind`` keeps points in time apart from the rest: a ``range`` ("2014-2016", "May 16-18")
    has its first ``value`` and its last in ``until``; a ``duration`` ("for three years",
    "over the past week") and a ``period`` without a value storyline can write ("the 1860s")
    keep their text with ``value=None``. Only points are events' dates.
    """

    text: str
    start: int
    end: int
    value: str | None
    granularity: Granularity | None
    resolved: bool
    relative: bool
    kind: TimeKind = "point"
    until: str | None = None


@dataclass(frozen=True)
class Quote:
    """Something a speaker said, quoted directly, partially or reported indirectly.

    ``speaker`` is the name the article uses at its fullest ("Dmitry Peskov" for "Peskov" or
    "he"), or an organisation ("the Kremlin"); ``None`` when no speaker could be found or the
    evidence was too weak (unattributed). ``part`` numbers the pieces of one quote split
    around its cue or over paragraphs (0 for the first piece). ``kind`` ``indirect`` is
    reported speech: its ``text`` is the reporter's paraphrase, never to be shown in quote
    marks. ``cue`` is what the attribution rests on ("said", "according to", "continued",
    "transcript"), ``confidence`` how sure it is (0–1), and ``speaker_start``/``speaker_end``
    the words naming the speaker (a pronoun or description when resolved through one).
    """

    text: str
    start: int
    end: int
    kind: QuoteKind
    speaker: str | None
    speaker_type: EntityType | None = None
    cue: str | None = None
    part: int = 0
    confidence: float | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None


@dataclass(frozen=True)
class Event:
    """A clause carrying a resolved date, with the entities acting in it."""

    text: str
    start: int
    end: int
    date: str
    granularity: Granularity
    time: TimeExpr
    actors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figure:
    """A number with what it counts.

    ``value`` is normalised (``"$30 billion"`` → 3e10, unit ``USD``); ``unit`` is the singular
    head of the counted noun phrase or a currency code; ``alt`` is a conversion given beside it
    ("($5.7 billion)"). ``date`` is the sentence's resolved date, else the publication date.
    ``text`` spans the number and its unit; ``sentence_start``/``sentence_end`` the sentence.
    A vague quantity ("tens of thousands") has no ``value``: only its range ``low``–``high``.
    ``whole`` is the whole a part is taken from ("three of Moscow's four main airports": 3 of
    4); ``noun`` is the counted noun phrase as written ("main airports", "Ukrainian drones").
    """

    text: str
    start: int
    end: int
    value: float | None
    unit: str
    qualifier: str | None
    sentence_start: int
    sentence_end: int
    actor: str | None = None
    date: str | None = None
    alt: str | None = None
    low: float | None = None
    high: float | None = None
    whole: float | None = None
    noun: str | None = None


@dataclass(frozen=True)
class ArticleFacts:
    """All facts of one article; ``skipped`` says why none were looked for (e.g. language)."""

    entities: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    figures: tuple[Figure, ...] = ()
    dates: tuple[TimeExpr, ...] = ()
    skipped: str | None = None


@dataclass(frozen=True)
class StoryEntity:
    id: str
    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def to_export(self) -> dict:
        return {"name": self.name, "type": self.type, "aliases": list(self.aliases)}


@dataclass(frozen=True)
class StoryQuote:
    speaker: str | None
    text: str
    sources: tuple[str, ...]
    variants: tuple[str, ...] = ()
    kind: QuoteKind = "direct"

    def to_export(self) -> dict:
        return {
            "speaker": self.speaker,
            "text": self.text,
            "sources": list(self.sources),
            "variants": list(self.variants),
        }


@dataclass(frozen=True)
class TimelineEntry:
    """One dated event; ``reported`` holds the sources' publication dates, kept apart from
    the event's own ``date``."""

    date: str
    granularity: Granularity
    text: str
    sources: tuple[str, ...]
    actors: tuple[str, ...] = ()
    reported: tuple[str, ...] = ()

    def to_export(self) -> dict:
        return {"date": self.date, "text": self.text, "sources": list(self.sources)}


@dataclass(frozen=True)
class StoryFigure:
    value: float | None
    unit: str
    text: str
    date: str | None
    sources: tuple[str, ...]
    qualifier: str | None = None
    actor: str | None = None

    def to_export(self) -> dict:
        return {
            "value": self.value,
            "unit": self.unit,
            "text": self.text,
            "date": self.date,
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class StoryFacts:
    entities: tuple[StoryEntity, ...] = ()
    quotes: tuple[StoryQuote, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    figures: tuple[StoryFigure, ...] = ()

    def to_export(self) -> dict:
        return {
            "entities": [e.to_export() for e in self.entities],
            "quotes": [q.to_export() for q in self.quotes],
            "timeline": [t.to_export() for t in self.timeline],
            "figures": [f.to_export() for f in self.figures],
        }
