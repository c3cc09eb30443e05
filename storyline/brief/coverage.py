"""Coverage by outlet: who covered the story, from how many independent origins, who was
first, and which outlets only republish others' copy (every article of theirs mostly copied
from another outlet's)."""

from __future__ import annotations

from .origins import Origins
from .records import BriefArticle, Coverage, OutletCoverage


def coverage(
    articles: list[BriefArticle], origins: Origins, order: dict[str, tuple[str, int]]
) -> Coverage:
    by_id = {a.id: a for a in articles}
    outlets: dict[str, list[BriefArticle]] = {}
    for art in sorted(articles, key=lambda a: order[a.id]):
        outlets.setdefault(art.label, []).append(art)
    rows = []
    for outlet, arts in outlets.items():
        sources = [by_id[origins.copy_of[a.id]].label for a in arts if a.id in origins.copy_of]
        copied = [a for a in arts if a.id in origins.copy_of]
        republishes = len(copied) == len(arts) and all(s != outlet for s in sources)
        rows.append(
            OutletCoverage(
                outlet=outlet,
                articles=tuple(a.id for a in arts),
                first_published=arts[0].published,
                republishes=republishes,
                copies_of=tuple(dict.fromkeys(s for s in sources if s != outlet)),
            )
        )
    rows.sort(key=lambda r: order[r.articles[0]])
    groups: dict[str, list[str]] = {}
    for art in sorted(articles, key=lambda a: order[a.id]):
        groups.setdefault(origins.group.get(art.id, art.id), []).append(art.id)
    first = min(articles, key=lambda a: order[a.id]) if articles else None
    return Coverage(
        outlets=tuple(rows),
        articles=len(articles),
        origins=len(groups),
        first=first.id if first else None,
        first_outlet=first.label if first else None,
        first_published=first.published if first else None,
        origin_groups=tuple(tuple(g) for g in groups.values()),
    )
