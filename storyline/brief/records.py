"""Records of the story brief: what goes in (``BriefInput``) and what comes out (``Brief``).

Every text a brief shows is a verbatim span of at least one article it cites, so a reader can
always be sent to the words; ``sources`` are article ids, earliest published first. Records
are frozen: a brief is computed once per story state and only read afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from storyline.annotate import ArticleFacts, StoryFacts
from storyline.reuse import ReuseLink

from .origins import OriginGroup
from .sources import source_label

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

    @cached_property
    def label(self) -> str:
        """What a person calls the source: the outlet, else what the page says (URL host,
        agency in its dateline or credit line, headline, opening words); never a number."""
        return source_label(self.outlet, self.url, self.title, self.text)


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
    date: str | None = None
    """When what it says happened: the day of the event it dates, else the day it was first
    reported (``YYYY-MM-DD``); None when neither is known."""

    def to_export(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "sources": list(self.sources),
            "article": self.article,
            "start": self.start,
            "end": self.end,
            "origins": self.origins,
            "date": self.date,
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
    actors: tuple[str, ...] = ()
    independent: int = 1
    """How many independent origins tell it (wire copies of one story count once)."""

    def to_export(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "granularity": self.granularity,
            "text": self.text,
            "sources": list(self.sources),
            "first": self.first,
            "reported": self.reported,
            "actors": list(self.actors),
            "independent": self.independent,
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
    """One value of one quantity at one time. ``about`` is what is counted: the figure's own
    noun phrase as its first source wrote it ("Ukrainian drones", "main airports");
    ``origins`` counts the independent origins among ``sources`` (copies of one wire story
    count once). A vague quantity has no ``value``, only ``low``–``high``; a part of a whole
    has its ``whole``."""

    value: float | None
    unit: str
    text: str
    date: str | None
    sources: tuple[str, ...]
    about: str
    qualifier: str | None = None
    actor: str | None = None
    origins: int = 1
    low: float | None = None
    high: float | None = None
    whole: float | None = None

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
            "low": self.low,
            "high": self.high,
            "whole": self.whole,
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
    """Who covered the story, how many independent origins the coverage has, who was first.
    ``origins`` counts the ``lineage`` groups: articles sharing wire copy are one origin,
    and ``lineage`` says which article republishes which."""

    outlets: tuple[OutletCoverage, ...]
    articles: int
    origins: int
    first: str | None
    first_outlet: str | None
    first_published: str | None
    origin_groups: tuple[tuple[str, ...], ...] = ()
    lineage: tuple[OriginGroup, ...] = ()

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
            "lineage": [
                {
                    "origin": g.origin,
                    "copies": [
                        {"article": c.article, "from": c.source, "shared": c.shared,
                         "edited": c.edited}
                        for c in g.copies
                    ],
                }
                for g in self.lineage
            ],
        }  # fmt: skip


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
    timeline_all: tuple[TimelineItem, ...] = ()
    """Every dated event; ``timeline`` is the short default list drawn from it."""
    names_used: tuple[Difference, ...] = ()
    """Spellings of one canonical name across sources (Kyiv/Kiev): a note, not a
    disagreement."""

    def to_export(self) -> dict[str, Any]:
        return {
            "summary": [s.to_export() for s in self.summary],
            "timeline": [t.to_export() for t in self.timeline],
            "timeline_all": [t.to_export() for t in self.timeline_all or self.timeline],
            "quotes": [q.to_export() for q in self.quotes],
            "figures": [f.to_export() for f in self.figures],
            "disagreements": [d.to_export() for d in self.disagreements],
            "names_used": [d.to_export() for d in self.names_used],
            "coverage": self.coverage.to_export(),
            "exclusives": {
                outlet: [s.to_export() for s in items] for outlet, items in self.exclusives.items()
            },
        }
