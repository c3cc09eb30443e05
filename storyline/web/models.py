"""Response models of the JSON API, for the OpenAPI document at ``/docs``.

They describe the export schema's shapes (`storyline/schema/export-1.json`) and the list
envelopes; extra fields are allowed because, within one export schema version, fields are
only ever added. Handlers return the dicts of `storyline.views` as they are (the models are
documentation and the schemathesis contract, not a second serialisation pass).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Links(BaseModel):
    self: str
    next: str | None
    prev: str | None


class StoryRow(Open):
    id: int
    title: str | None
    size: int
    outlets: list[str]
    first_seen: str | None
    last_seen: str | None
    updated_at: str | None
    related: list[int]
    origins: int | None = None


class StoryList(BaseModel):
    stories: list[StoryRow]
    total: int
    limit: int
    offset: int
    links: Links


class LineageCopy(Open):
    article: int
    outlet: str | None
    shared: float


class LineageGroup(Open):
    origin: int
    outlet: str | None
    copies: list[LineageCopy]


class Story(Open):
    """A story: its articles, wire-lineage groups, facts and sourced brief."""

    id: int
    title: str | None
    articles: list[int]
    related: list[int] = []
    lineage: list[LineageGroup] = []


class Reuse(Open):
    article: int
    shared: float


class Article(Open):
    """An article with what was removed as furniture, its lineage and its facts."""

    id: int
    ref: str
    url: str | None
    outlet: str | None
    title: str | None
    published: str | None
    language: str | None
    text: str
    story: int | None
    reuse: list[Reuse]


class Highlight(BaseModel):
    text: str
    match: bool


class SearchHit(Open):
    article: int
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str
    highlights: list[Highlight]


class StoryRef(Open):
    id: int
    title: str | None


class SearchGroup(BaseModel):
    story: StoryRef | None
    hits: list[SearchHit]


class SearchResults(BaseModel):
    query: str
    count: int
    more: bool
    groups: list[SearchGroup]
    limit: int
    offset: int
    links: Links


class OutletArticle(Open):
    id: int
    title: str | None
    published: str | None
    story: int | None


class OutletStory(Open):
    id: int
    title: str | None
    size: int


class Outlet(BaseModel):
    outlet: str
    articles: list[OutletArticle]
    total: int
    stories: list[OutletStory]
    story_count: int
    originates: int
    republishes: int
    independent: int
    limit: int
    offset: int
    links: Links


class Problem(BaseModel):
    detail: str
