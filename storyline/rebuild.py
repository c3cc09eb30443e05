"""`storyline rebuild`: recompute lineage, stories (and facts) from the stored articles.

Everything derived is cleared and the articles are replayed through the same stages as
ingest (the one runner, `storyline.runner.Runner.rebuild`), in publication order (undated
last, then by id), inside one transaction: the result does not depend on the order pages
arrived in, two rebuilds agree, and an interrupted rebuild leaves the previous state
untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.runner import RunSettings

if TYPE_CHECKING:
    from storyline.store.db import Store

BATCH = 16
"""Articles whose facts are computed ahead of their replay."""


@dataclass(frozen=True)
class RebuildResult:
    articles: int
    stories: int
    links: int


def rebuild(
    store: Store,
    *,
    facts: bool = True,
    progress: Callable[[], None] | None = None,
    workers: int = 1,
) -> RebuildResult:
    """Recompute everything derived, then related stories and the briefs. With ``workers``
    > 1 the facts of the next few articles are computed in worker processes while this one
    replays the stages in order (`storyline.workers`); the result is the same."""
    from storyline.ingest import runner_for

    runner = runner_for(store, RunSettings(facts=facts, workers=workers))
    articles, stories, links = runner.rebuild(progress=progress, batch=BATCH)
    return RebuildResult(articles, stories, links)
