"""Briefs per story, built in parallel: one `build_brief` call per story, in the task that
holds the story's articles, facts and links (grouped by story id by Spark)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from storyline.annotate import ArticleFacts
from storyline.brief import BriefArticle, BriefInput, build_brief
from storyline.reuse import ReuseLink, SharedPassage
from storyline.serial import loads

BRIEF_COLUMNS = ("story_id", "brief", "error")


def story_briefs(groups: Iterable[tuple[str, tuple[Iterable, Iterable]]]) -> Iterator[tuple]:
    """``(story_id, brief JSON, None)`` — or ``(story_id, None, error)`` when the brief stage
    fails on the story — for each ``(story_id, (articles, links))`` group: articles
    as ``(id, title, outlet, published, url, text, facts JSON)``, links as link rows."""
    for story_id, (articles, links) in groups:
        brief_articles = [
            BriefArticle(
                id=a[0], title=a[1], outlet=a[2], published=a[3], url=a[4], text=a[5],
                facts=loads(ArticleFacts, a[6]) if a[6] else ArticleFacts(),
            )
            for a in sorted(articles, key=lambda a: (a[3] or "", a[0]))
        ]  # fmt: skip
        reuse = [_link(row) for row in sorted(links, key=lambda r: (r[0], r[1]))]
        try:
            brief = build_brief(BriefInput(story_id, brief_articles, reuse))
        except Exception as err:  # noqa: BLE001 - a bug in the stage costs this brief only
            yield story_id, None, f"{type(err).__name__}: {' '.join(str(err).split())}"
            continue
        yield story_id, json.dumps(brief.to_export(), ensure_ascii=False, sort_keys=True), None


def _link(row) -> ReuseLink:
    return ReuseLink(
        a=row[0],
        b=row[1],
        shared_a=row[2],
        shared_b=row[3],
        passages=loads(tuple[SharedPassage, ...], row[6]),
        origin=row[4],
        exact_duplicate=row[5],
    )
