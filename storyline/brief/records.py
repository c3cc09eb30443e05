"""Records of the story brief: what goes in (``BriefInput``) and what comes out (``Brief``).

Every text a brief shows is a verbatim span of at least one article it cites, so a reader can
always be sent to the words; ``sources`` are article ids, earliest published first. Records
are frozen: a brief is computed once per story state and only read afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from storyline.annotate import ArticleFacts, StoryFacts
from storyline.reuse import ReuseLink

DifferenceKind = Literal["figure", "name", "framing"]


@dataclass(frozen=True)
class BriefArticle:
    """One article of the story with its facts (offsets into ``text``)."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    text: str
    facts: ArticleFacts = field(default_factory=ArticleFacts)

    @property
    def label(self) -> str:
        """What a person calls the source: the outlet, else the URL's host, else the id."""
        if self.outlet:
            return self.outlet
        if self.url:
            host = self.url.split("//", 1)[-1].split("/", 1)[0]
            if host:
                return host.removeprefix("www.")
        return self.id


@dataclass(frozen=True)
class BriefInput:
    """A story as the brief needs it; ``story_facts`` is computed when not given."""

    story_id: str
    articles: list[BriefArticle]
    links: list[ReuseLink] = field(default_factory=list)
    story_facts: StoryFacts | None = None


@dataclass(frozen=True)
class SummarySentence:
    """An extracted sentence: ``text`` is ``article_text[start:end]`` of article ``article``;
    ``sources`` are all articles carrying it or a near-identical sentence; ``origins`` how many
    independent origins they come from."""

    text: str
    sources: tuple[str, ...]
    article: str
    start: int
    end: int
    origins: int = 1

    def to_export(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "sources": list(self.sources),
            "article": self.article,
            "start": self.start,
            "end": self.end,
            "origins": self.origins,
        }


@dataclass(frozen=True)
class TimelineItem:
    """A dated event; ``date`` is when it happens, ``reported`` when it was first published
    (by ``first``): the two are never confused."""

    date: str
    granularity: str
    text: str
    sources: tuple[str, ...]
    first: str | None
    reported: str | None

    def to_export(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "granularity": self.granularity,
            "text": self.text,
            "sources": list(self.sources),
            "first": self.first,
            "reported": self.reported,
        }


@dataclass(frozen=True)
class Variant:
    """Another outlet's wording of a quote, with the articles using it."""

    text: str
    sources: tuple[str, ...]

    def to_export(self) -> dict[str, Any]:
        return {"text": self.text, "sources": list(self.sources)}


@dataclass(frozen=True)
class QuoteItem:
    speaker: str | None
    role: str | None
    text: str
    kind: str
    sources: tuple[str, ...]
    first: str | None
    first_published: str | None
    variants: tuple[Variant, ...] = ()

    def to_export(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "role": self.role,
            "text": self.text,
            "kind": self.kind,
            "sources": list(self.sources),
            "first": self.first,
            "first_published": self.first_published,
            "variants": [v.to_export() for v in self.variants],
        }


@dataclass(frozen=True)
class FigureItem:
    """One value of one quantity at one time. ``about`` is what is counted (unit and the
    predicate read next to the number, e.g. ``people died``); ``origins`` counts the
    independent origins among ``sources`` (copies of one wire story count once)."""

    value: float
    unit: str
    text: str
    date: str | None
    sources: tuple[str, ...]
    about: str
    qualifier: str | None = None
    actor: str | None = None
    origins: int = 1

    def to_export(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "unit": self.unit,
            "text": self.text,
            "date": self.date,
            "sources": list(self.sources),
            "about": self.about,
            "qualifier": self.qualifier,
            "actor": self.actor,
            "origins": self.origins,
        }


@dataclass(frozen=True)
class DifferenceItem:
    text: str
    sources: tuple[str, ...]
    value: float | str | None = None

    def to_export(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "sources": list(self.sources)}
        if self.value is not None:
            out["value"] = self.value
        return out


@dataclass(frozen=True)
class Difference:
    """Sources that say the same thing differently, shown side by side; no winner is chosen."""

    kind: DifferenceKind
    about: str
    items: tuple[DifferenceItem, ...]

    def to_export(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "about": self.about,
            "items": [i.to_export() for i in self.items],
        }


@dataclass(frozen=True)
class OutletCoverage:
    outlet: str
    articles: tuple[str, ...]
    first_published: str | None
    republishes: bool
    copies_of: tuple[str, ...] = ()

    def to_export(self) -> dict[str, Any]:
        return {
            "outlet": self.outlet,
            "articles": list(self.articles),
            "first_published": self.first_published,
            "republishes": self.republishes,
            "copies_of": list(self.copies_of),
        }


@dataclass(frozen=True)
class Coverage:
    """Who covered the story, how many independent origins the coverage has, who was first."""

    outlets: tuple[OutletCoverage, ...]
    articles: int
    origins: int
    first: str | None
    first_outlet: str | None
    first_published: str | None
    origin_groups: tuple[tuple[str, ...], ...] = ()

    def to_export(self) -> dict[str, Any]:
        return {
            "outlets": [o.to_export() for o in self.outlets],
            "articles": self.articles,
            "origins": self.origins,
            "first": self.first,
            "first_outlet": self.first_outlet,
            "first_published": self.first_published,
            "origin_groups": [list(g) for g in self.origin_groups],
            "republishers": [o.outlet for o in self.outlets if o.republishes],
        }


@dataclass(frozen=True)
class Brief:
    story_id: str
    summary: tuple[SummarySentence, ...]
    timeline: tuple[TimelineItem, ...]
    quotes: tuple[QuoteItem, ...]
    figures: tuple[FigureItem, ...]
    disagreements: tuple[Difference, ...]
    coverage: Coverage
    exclusives: dict[str, tuple[SummarySentence, ...]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    """article id -> outlet label, for rendering source chips."""
    published: dict[str, str | None] = field(default_factory=dict)

    def to_export(self) -> dict[str, Any]:
        return {
            "summary": [s.to_export() for s in self.summary],
            "timeline": [t.to_export() for t in self.timeline],
            "quotes": [q.to_export() for q in self.quotes],
            "figures": [f.to_export() for f in self.figures],
            "disagreements": [d.to_export() for d in self.disagreements],
            "coverage": self.coverage.to_export(),
            "exclusives": {
                outlet: [s.to_export() for s in items] for outlet, items in self.exclusives.items()
            },
        }
