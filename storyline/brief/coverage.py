"""Coverage by outlet: who covered the story, from how many independent origins, who was
first, and which outlets only republish others' copy (every article of theirs republishes
copy first published by another outlet).

The numbers come from one `lineage` of the story's origins, so the count of independent
origins, the "republishes" column and the wire-lineage groups can never disagree.
"""

from __future__ import annotations

from .origins import Origins, lineage
from .records import BriefArticle, Coverage, OutletCoverage


def coverage(
    articles: list[BriefArticle], origins: Origins, order: dict[str, tuple[str, int]]
) -> Coverage:
    by_id = {a.id: a for a in articles}
    ordered = sorted(articles, key=lambda a: order[a.id])
    groups = lineage(origins, [a.id for a in ordered], order)
    copied_from = {c.article: c.source for g in groups for c in g.copies}
    outlets: dict[str, list[BriefArticle]] = {}
    for art in ordered:
        outlets.setdefault(art.label, []).append(art)
    rows = []
    for outlet, arts in outlets.items():
        sources = [by_id[copied_from[a.id]].label for a in arts if a.id in copied_from]
        republishes = len(sources) == len(arts) and all(s != outlet for s in sources)
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
    first = ordered[0] if ordered else None
    return Coverage(
        outlets=tuple(rows),
        articles=len(articles),
        origins=len(groups),
        first=first.id if first else None,
        first_outlet=first.label if first else None,
        first_published=first.published if first else None,
        origin_groups=tuple(
            tuple(sorted((g.origin, *(c.article for c in g.copies)), key=lambda a: order[a]))
            for g in groups
        ),
        lineage=groups,
    )
