"""What every interface shows: articles, stories and briefs as plain JSON-ready dicts.

The CLI renders these dicts in the terminal, the web app in HTML and as its JSON twins, and
the export writes them to files, so a story looks the same wherever it is read. The shapes
are those of the export schema (`storyline/schema/export-1.json`, `docs/export.md`); article
and story ids are integers everywhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Connection

from storyline.annotate import ArticleFacts
from storyline.brief import Brief, BriefArticle, BriefInput  # records only: builder loads lazily
from storyline.pipeline import load_facts
from storyline.reuse import ReuseLink
from storyline.revisions import revision_records
from storyline.store import lineage
from storyline.store import schema as t
from storyline.store.db import Store, StoredArticle

BRIEF_VERSION = 5
"""Cached briefs of another version are rebuilt when read."""

_ID_FIELDS = frozenset(
    {"sources", "article", "first", "articles", "origin", "from", "origin_groups"}
)


# -- articles ----------------------------------------------------------------------------
def article_record(
    stored: StoredArticle, reuse: list[dict] | None = None, revisions: list[dict] | None = None
) -> dict[str, Any]:
    """The export shape of one article. ``revisions`` are its earlier versions (see
    `article_revisions`); empty for an article whose page never changed."""
    a = stored.article
    return {
        "id": stored.id,
        "ref": a.ref,
        "url": a.url,
        "urls": list(stored.urls),
        "outlet": a.outlet,
        "title": a.title,
        "published": a.published,
        "language": a.language,
        "authors": list(a.authors),
        "word_count": a.word_count,
        "text": a.text,
        "story": stored.story_id,
        "reuse": reuse or [],
        "revisions": revisions or [],
    }


def reuse_summary(links: list[ReuseLink]) -> list[dict[str, Any]]:
    """``articles[].reuse``: the other article and the share of this one found in it."""
    return [{"article": int(link.b), "shared": round(link.shared_a, 4)} for link in links]


def lineage_record(link: ReuseLink) -> dict[str, Any]:
    """One link seen from article ``a``, with the passages shared and who came first."""
    return {
        "article": int(link.b),
        "shared": round(link.shared_a, 4),
        "other_shared": round(link.shared_b, 4),
        "origin": int(link.origin) if link.origin else None,
        "exact": link.exact_duplicate,
        "edited": any(p.kind == "edited" for p in link.passages),
        "passages": [
            {"start": p.a_start, "end": p.a_end, "text": p.a_text, "kind": p.kind,
             "other_start": p.b_start, "other_end": p.b_end}
            for p in link.passages
        ],
    }  # fmt: skip


def article_view(store: Store, article_id: int) -> dict[str, Any] | None:
    """An article with what was removed, its lineage and its facts."""
    stored = store.get_article(article_id)
    if stored is None:
        return None
    with store.engine.connect() as conn:
        links = lineage.links_of(conn, article_id)
        facts = load_facts(conn, [article_id]).get(article_id)
        others = _article_labels(conn, [int(link.b) for link in links])
        revisions = revision_records(conn, article_id)
    record = article_record(stored, reuse_summary(links), revisions)
    record["removed"] = [{"reason": r.reason, "text": r.text} for r in stored.article.removed]
    record["lineage"] = [lineage_record(link) | others.get(int(link.b), {}) for link in links]
    record["facts"] = _article_facts(facts)
    from storyline.noting import attach_article

    return attach_article(store, record)  # analyst notes about this article, with its mark


def _article_facts(facts) -> dict[str, Any]:
    if facts is None:
        return {"entities": [], "quotes": [], "events": [], "figures": [], "skipped": None}
    return {
        "entities": [
            {"text": m.text, "type": m.type, "role": m.role, "start": m.start, "end": m.end}
            for m in facts.entities
        ],
        "quotes": [
            {"speaker": q.speaker, "text": q.text, "kind": q.kind, "start": q.start, "end": q.end}
            for q in facts.quotes
        ],
        "events": [
            {"date": e.date, "text": e.text, "actors": list(e.actors), "when": e.time.text,
             "start": e.start, "end": e.end}
            for e in facts.events
        ],
        "figures": [
            {"value": f.value, "unit": f.unit, "qualifier": f.qualifier, "text": f.text,
             "date": f.date, "actor": f.actor, "start": f.start, "end": f.end}
            for f in facts.figures
        ],
        "skipped": facts.skipped,
    }  # fmt: skip


def _article_labels(conn: Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    rows = conn.execute(
        select(
            t.articles.c.id, t.articles.c.outlet, t.articles.c.title, t.articles.c.published
        ).where(t.articles.c.id.in_(ids))
    )
    return {r.id: {"outlet": r.outlet, "title": r.title, "published": r.published} for r in rows}


# -- stories -----------------------------------------------------------------------------
@dataclass(frozen=True)
class StoryFilter:
    outlet: str | None = None
    since: str | None = None  # last seen on or after (ISO date)
    until: str | None = None  # first seen on or before

    def apply(self, query):
        """``query`` over ``stories`` narrowed to the stories this filter lets through."""
        if self.since:
            query = query.where(t.stories.c.last_seen >= self.since)
        if self.until:
            query = query.where(t.stories.c.first_seen <= self.until[:10] + "\uffff")
        if self.outlet:
            members = select(t.articles.c.story_id).where(t.articles.c.outlet == self.outlet)
            query = query.where(t.stories.c.id.in_(members))
        return query


def story_rows(
    store: Store, *, limit: int = 50, offset: int = 0, where: StoryFilter | None = None
) -> list[dict[str, Any]]:
    """Stories, most recently updated first, with their size, outlets and dates."""
    query = select(t.stories).order_by(t.stories.c.updated_at.desc(), t.stories.c.id.desc())
    query = (where or StoryFilter()).apply(query)
    with store.engine.connect() as conn:
        rows = conn.execute(query.limit(limit).offset(offset)).all()
    return [_story_row(row) for row in rows]


def top_story(store: Store) -> int | None:
    """The story with the most articles (the most recently updated among equals)."""
    query = select(t.stories.c.id).order_by(
        t.stories.c.size.desc(), t.stories.c.updated_at.desc(), t.stories.c.id
    )
    with store.engine.connect() as conn:
        return conn.execute(query.limit(1)).scalar()


def count_stories(store: Store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(t.stories)).scalar_one()


def _story_row(row) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "size": row.size,
        "outlets": json.loads(row.outlets),
        "first_seen": row.first_seen,
        "last_seen": row.last_seen,
        "updated_at": row.updated_at.isoformat() if row.updated_at else None,
        "related": json.loads(row.related),
    }


def story_view(store: Store, story_id: int) -> dict[str, Any] | None:
    """A story with its articles, lineage groups, facts and brief (the export shape)."""
    with store.engine.connect() as conn:
        row = conn.execute(select(t.stories).where(t.stories.c.id == story_id)).first()
        if row is None:
            return None
        cached = conn.execute(
            select(t.story_briefs).where(
                t.story_briefs.c.story_id == story_id,
                t.story_briefs.c.version == BRIEF_VERSION,
            )
        ).first()
    if cached is not None:
        return _with_notes(store, story_id, json.loads(cached.brief))
    # Not cached yet (a store from an older version, an ingest still running): computed for
    # this reader but not saved, so reading never writes (a read-only server stays so);
    # ingest, watch and `storyline refresh` store briefs.
    view, _ = compute_story(store, story_id, row)
    return _with_notes(store, story_id, view)


def _with_notes(store: Store, story_id: int, view: dict[str, Any]) -> dict[str, Any]:
    """Analyst notes are read fresh on every view (the cached brief does not hold them)."""
    from storyline.noting import attach

    return attach(store, story_id, view)


def save_story(conn: Connection, story_id: int, view: dict[str, Any]) -> None:
    conn.execute(delete(t.story_briefs).where(t.story_briefs.c.story_id == story_id))
    conn.execute(
        insert(t.story_briefs).values(
            story_id=story_id,
            version=BRIEF_VERSION,
            brief=json.dumps(view, ensure_ascii=False),
            updated_at=datetime.now(UTC),
        )
    )


def refresh_stories(store: Store, story_ids: set[int]) -> None:
    """Bring the cached briefs of these stories up to date (after an ingest).
    `storyline.workers.refresh_views` does the same on several cores."""
    for story_id in sorted(story_ids):
        view = fresh_view(store, story_id)
        if view is not None:
            with store.engine.begin() as conn:
                save_story(conn, story_id, view)


def fresh_view(store: Store, story_id: int) -> dict[str, Any] | None:
    """The story's view computed afresh (not saved); None when it is gone (merged away)."""
    with store.engine.connect() as conn:
        row = conn.execute(select(t.stories).where(t.stories.c.id == story_id)).first()
    return compute_story(store, story_id, row)[0] if row is not None else None


def story_brief(store: Store, story_id: int) -> Brief | None:
    """The story's `Brief` record (for Markdown and CSV), computed afresh."""
    with store.engine.connect() as conn:
        row = conn.execute(select(t.stories).where(t.stories.c.id == story_id)).first()
    return compute_story(store, story_id, row)[1] if row is not None else None


def compute_story(store: Store, story_id: int, row=None) -> tuple[dict[str, Any], Brief]:
    """The story's view (for JSON and the web) and its `Brief` record, computed afresh."""
    from storyline.brief import build_brief

    row, articles, links, story_input = _story_input(store, story_id, row)
    brief = build_brief(story_input)
    story = _story_row(row)
    story.update(
        {
            "articles": [a.id for a in articles],
            "article_list": [
                {"id": a.id, "title": a.article.title, "outlet": a.article.outlet,
                 "published": a.article.published, "url": a.article.url,
                 "words": a.article.word_count, "label": brief.labels.get(str(a.id))}
                for a in articles
            ],
            "lineage": story_lineage(brief, articles),
            "entities": story_input.story_facts.to_export()["entities"],
        }
    )  # fmt: skip
    story.update(_int_ids(brief.to_export()))
    return story, brief


def story_since(store: Store, story_id: int, moment: str) -> dict[str, Any] | None:
    """The story view with a summary of only what is new since ``moment``."""
    view = story_view(store, story_id)
    if view is None:
        return None
    from storyline.brief import summary_since

    *_, story_input = _story_input(store, story_id)
    sentences = summary_since(story_input, moment)
    return view | {
        "since": moment,
        "summary": _int_ids([sentence.to_export() for sentence in sentences]),
    }


def _story_input(store: Store, story_id: int, row=None):
    with store.engine.connect() as conn:
        if row is None:
            row = conn.execute(select(t.stories).where(t.stories.c.id == story_id)).first()
        ids = list(
            conn.execute(
                select(t.articles.c.id)
                .where(t.articles.c.story_id == story_id)
                .order_by(t.articles.c.published, t.articles.c.id)
            ).scalars()
        )
        facts = load_facts(conn, ids)
        links = lineage.links_among(conn, ids)
    articles = [a for a in (store.get_article(i) for i in ids) if a is not None]
    brief_articles = [
        BriefArticle(
            id=str(a.id), title=a.article.title, outlet=a.article.outlet,
            published=a.article.published, url=a.article.url, text=a.article.text,
            facts=facts.get(a.id) or ArticleFacts(),
        )
        for a in articles
    ]  # fmt: skip
    from storyline.annotate import merge_facts

    story_facts = merge_facts([(b.id, b.published, b.outlet, b.facts) for b in brief_articles])
    return row, articles, links, BriefInput(str(story_id), brief_articles, links, story_facts)


COPY_SHARE = 0.5
"""An article at least this much shared with an earlier one republishes it."""


def lineage_groups(articles: list[StoredArticle], links: list[ReuseLink]) -> list[dict]:
    """Articles grouped by origin: the text first published at one article, the articles that
    republish it (with their share, verbatim or edited), then independent reports."""
    by_id = {str(a.id): a for a in articles}
    parent: dict[str, tuple[str, ReuseLink]] = {}
    for link in sorted(links, key=lambda x: (-x.shared_a, x.a, x.b)):
        newer, older = (link.a, link.b) if link.origin != link.a else (link.b, link.a)
        seen = link if newer == link.a else lineage.flip(link)
        if seen.shared_a >= COPY_SHARE and newer not in parent:
            parent[newer] = (older, seen)

    def root(doc: str) -> str:
        hops = 0
        while doc in parent and hops < len(parent):
            doc, hops = parent[doc][0], hops + 1
        return doc

    groups: dict[str, list[dict]] = {}
    for doc in by_id:
        if doc in parent:
            origin, link = parent[doc]
            groups.setdefault(root(doc), []).append(
                {"article": int(doc), "outlet": by_id[doc].article.outlet,
                 "shared": round(link.shared_a, 4), "from": int(origin),
                 "edited": any(p.kind == "edited" for p in link.passages) or link.shared_a < 0.9}
            )  # fmt: skip
        else:
            groups.setdefault(doc, [])
    result = []
    for origin, copies in groups.items():
        a = by_id[origin].article
        result.append(
            {"origin": int(origin), "outlet": a.outlet, "published": a.published,
             "title": a.title,
             "copies": sorted(copies, key=lambda c: (-c["shared"], c["article"]))}
        )  # fmt: skip
    result.sort(key=lambda g: (-len(g["copies"]), g["published"] or "", g["origin"]))
    return result


def story_lineage(brief: Brief, articles: list[StoredArticle]) -> list[dict]:
    """``stories[].lineage`` from the brief's own origins, so that the groups shown and the
    count of independent origins are one answer: each independent origin with the articles
    that republish its copy (wholly or in part), then the independent reports."""
    by_id = {str(a.id): a for a in articles}
    result = []
    for group in brief.coverage.lineage:
        a = by_id[group.origin].article
        result.append(
            {"origin": int(group.origin), "outlet": a.outlet, "published": a.published,
             "title": a.title, "label": brief.labels.get(group.origin),
             "copies": sorted(
                 ({"article": int(c.article), "outlet": by_id[c.article].article.outlet,
                   "label": brief.labels.get(c.article), "shared": c.shared,
                   "from": int(c.source), "edited": c.edited}
                  for c in group.copies),
                 key=lambda c: (-c["shared"], c["article"]))}
        )  # fmt: skip
    return result


def _int_ids(value: Any, key: str | None = None) -> Any:
    """Brief records name articles by string ids; every interface uses integers."""
    if isinstance(value, dict):
        return {k: _int_ids(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_int_ids(v, key) for v in value]
    if key in _ID_FIELDS and isinstance(value, str) and value.isdigit():
        return int(value)
    return value


# -- export ------------------------------------------------------------------------------
def iter_story_views(store: Store):
    with store.engine.connect() as conn:
        ids = list(conn.execute(select(t.stories.c.id).order_by(t.stories.c.id)).scalars())
    for story_id in ids:
        view = story_view(store, story_id)
        if view is not None:
            yield view


def article_revisions(store: Store, article_id: int) -> list[dict[str, Any]]:
    """``articles[].revisions``: the earlier versions of an edited article."""
    with store.engine.connect() as conn:
        return revision_records(conn, article_id)


def article_reuse(store: Store, article_id: int) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        return reuse_summary(lineage.links_of(conn, article_id))


__all__ = [
    "StoryFilter", "article_record", "article_reuse", "article_revisions", "article_view",
    "count_stories", "iter_story_views", "refresh_stories", "story_brief", "story_rows",
    "story_since", "story_view",
]  # fmt: skip
