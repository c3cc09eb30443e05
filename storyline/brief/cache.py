"""Incremental briefs: per-article preparation cached, per-story state kept between updates.

A brief depends on every article of its story (centrality, origins, disagreements), so it is
recomputed per story, but only for the stories a new article touched, and only the
cross-article part: each article's sentences and word sets are prepared once
(``BriefCache``, keyed by id and text) and reused by every later brief of its story.
``update_brief`` is what an ingest hook calls for each touched story.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field, replace

from storyline.reuse import ReuseLink

from .prepare import PreparedArticle, prepare
from .records import Brief, BriefArticle, BriefInput


class BriefCache:
    """A bounded LRU of prepared articles (``max_articles`` of them)."""

    def __init__(self, max_articles: int = 50_000) -> None:
        self.max_articles = max_articles
        self._items: OrderedDict[tuple[str, str, int], PreparedArticle] = OrderedDict()

    def prepared(self, article: BriefArticle) -> PreparedArticle:
        # keyed by the facts too: a re-annotated article (new annotator version) is prepared anew
        digest = hashlib.blake2b(article.text.encode(), digest_size=8).hexdigest()
        key = (article.id, digest, hash(article.facts))
        found = self._items.get(key)
        if found is None:
            found = prepare(article)
            self._items[key] = found
            if len(self._items) > self.max_articles:
                self._items.popitem(last=False)
        else:
            self._items.move_to_end(key)
        return found

    def __len__(self) -> int:
        return len(self._items)


@dataclass(frozen=True)
class BriefState:
    """A story's input and its current brief."""

    story: BriefInput
    brief: Brief
    cache: BriefCache = field(default_factory=BriefCache, compare=False)


def start_brief(story: BriefInput, cache: BriefCache | None = None) -> BriefState:
    from .build import build_brief

    cache = cache if cache is not None else BriefCache()
    return BriefState(story=story, brief=build_brief(story, cache), cache=cache)


def update_brief(
    previous: BriefState, new_article: BriefArticle, links: list[ReuseLink] | tuple = ()
) -> BriefState:
    """The story's state after ``new_article`` (and its reuse links) joined it. Story facts
    are recomputed from the articles (a caller holding merged facts passes them in the
    input instead)."""
    from .build import build_brief

    story = previous.story
    articles = [a for a in story.articles if a.id != new_article.id] + [new_article]
    ids = {a.id for a in articles}
    new_links = [lk for lk in links if lk.a in ids and lk.b in ids]
    updated = replace(
        story, articles=articles, links=list(story.links) + new_links, story_facts=None
    )
    return BriefState(
        story=updated, brief=build_brief(updated, previous.cache), cache=previous.cache
    )
