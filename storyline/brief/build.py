"""``build_brief``: a story's articles, facts and reuse links in, its ``Brief`` out.

Pure and store-independent: the store (or the CLI, or a Spark task) gathers a ``BriefInput``
and calls this. Per-article work (sentence splitting, word sets) goes through a
``BriefCache`` when one is given, so re-briefing a story after one new article only redoes
the cross-article part.
"""

from __future__ import annotations

from storyline.annotate import StoryFacts, merge_facts

from .cache import BriefCache
from .canon import MemoCanonicaliser
from .coverage import coverage
from .differences import framing_differences, name_differences
from .figures import figure_ledger
from .graph import build_graph
from .origins import origin_groups
from .quotes import quote_ledger
from .records import Brief, BriefArticle, BriefInput, SummarySentence
from .summary import Summariser, when
from .timeline import build_timeline, default_timeline


class Briefing:
    """The scored state of one story: ``brief()`` for the whole brief, ``since(moment)`` for
    what is new since a time, both from one set of scores."""

    def __init__(self, story: BriefInput, cache: BriefCache | None = None) -> None:
        self.story = story
        self.cache = cache if cache is not None else BriefCache()
        articles = brief_order(story.articles)
        self.articles = articles
        self.by_id = {a.id: a for a in articles}
        self.published = {a.id: a.published for a in articles}
        self.order = {a.id: (when(a.published) or "9999", i) for i, a in enumerate(articles)}
        self.labels = {a.id: a.label for a in articles}
        links = [lk for lk in story.links if lk.a in self.by_id and lk.b in self.by_id]
        self.origins = origin_groups(self.published, links)
        self.canon = MemoCanonicaliser()
        if story.story_facts is not None:
            self.facts: StoryFacts = story.story_facts
            for art in articles:
                for m in art.facts.entities:
                    self.canon.add(m.text, m.type, source=art.id, role=m.role)
        else:  # merge_facts feeds every mention to the canonicaliser it is given
            self.facts = merge_facts(
                [(a.id, a.published, a.outlet, a.facts) for a in articles], self.canon
            )
        self.prepared = [self.cache.prepared(a) for a in articles]
        self.graph = build_graph(self.prepared)
        self.summariser = Summariser(self.graph, self.origins, self.published, self.labels)

    def since(self, moment: str) -> tuple[SummarySentence, ...]:
        return self.summariser.since(moment)

    def brief(self) -> Brief:
        prepared = self.prepared
        figures, figure_disagreements = figure_ledger(
            [(p.id, p.figures) for p in prepared], self.origins, self.canon, self.order
        )
        # spellings of one name are noted apart: they are not disagreements about a fact
        differences = figure_disagreements + framing_differences(
            [(p.id, p.framings) for p in prepared], self.order
        )
        names_used = name_differences([(p.id, p.names) for p in prepared], self.canon, self.order)
        timeline = build_timeline(
            self.facts, self.published, self.order, self.labels, origins=self.origins
        )
        return Brief(
            story_id=self.story.story_id,
            summary=self.summariser.summary(),
            timeline=default_timeline(timeline),
            timeline_all=timeline,
            quotes=quote_ledger(self.facts, self.by_id, self.order),
            figures=figures,
            disagreements=differences,
            coverage=coverage(self.articles, self.origins, self.order),
            exclusives=self.summariser.exclusives(),
            labels=dict(self.labels),
            published=dict(self.published),
            names_used=names_used,
        )


def build_brief(story: BriefInput, cache: BriefCache | None = None) -> Brief:
    """The brief of one story."""
    return Briefing(story, cache).brief()


def summary_since(
    story: BriefInput, moment: str, cache: BriefCache | None = None
) -> tuple[SummarySentence, ...]:
    """What the story's articles published at or after ``moment`` add to what was known."""
    return Briefing(story, cache).since(moment)


def brief_order(articles: list[BriefArticle]) -> list[BriefArticle]:
    """The story's distinct articles earliest first, the order in which the brief merges
    their facts (so that merged items carry the first reporter's wording). A caller whose
    articles already come in this order leaves ``story_facts`` out and lets the brief merge
    them: the mentions are then canonicalised once, not once for the facts and again for
    the brief."""
    return sorted(_unique(articles), key=lambda a: when(a.published) or "9999")


def _unique(articles: list[BriefArticle]) -> list[BriefArticle]:
    seen: dict[str, BriefArticle] = {}
    for a in articles:
        seen.setdefault(a.id, a)
    return list(seen.values())
