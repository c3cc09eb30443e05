"""What every interface shows: articles, stories and briefs as plain JSON-ready dicts.

The CLI renders these dicts in the terminal, the web app in HTML and as its JSON twins, and
the export writes them to files, so a story looks the same wherever it is read. The shapes
are those of the export schema (`storyline/schema/export-1.json`, `docs/export.md`); article
and story ids are integers everywhere.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from storyline.store.reads import Reads, StoredBrief, StoryFilter, moment
from storyline.store.records import StoredArticle

if TYPE_CHECKING:  # the records below load where a brief is built or an article shown
    from storyline.brief import Brief, BriefCache
    from storyline.reuse import ReuseLink
    from storyline.store.db import Connection, Store

    Source = Store | Reads
    """What the views read from: an open `Store` (its ``reads``) or a `Reads` itself."""

BRIEF_VERSION = 5
"""Stored briefs of another version are not shown: the brief is built in memory instead
(see `story_view`), until the runner or `storyline refresh` stores a new one."""

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
        "content_id": stored.content_id or a.content_hash,
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


def article_view(store: Source, article_id: int) -> dict[str, Any] | None:
    """An article with what was removed, its lineage and its facts."""
    reads = store.reads
    stored = reads.article(article_id)
    if stored is None:
        return None
    links = reads.links_of(article_id)
    facts = reads.facts([article_id]).get(article_id)
    others = reads.article_labels([int(link.b) for link in links])
    from storyline.revisions import revision_records

    revisions = revision_records(reads, article_id)
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


# -- stories -----------------------------------------------------------------------------
def story_rows(
    store: Source, *, limit: int = 50, offset: int = 0, where: StoryFilter | None = None
) -> list[dict[str, Any]]:
    """Stories, most recently updated first, with their size, outlets and dates."""
    return store.reads.story_rows(limit=limit, offset=offset, where=where)


def top_story(store: Source) -> int | None:
    """The story with the most articles (the most recently updated among equals)."""
    return store.reads.top_story()


def count_stories(store: Source, where: StoryFilter | None = None) -> int:
    return store.reads.count_stories(where)


def story_view(store: Source, story_id: int) -> dict[str, Any] | None:
    """A story with its articles, lineage groups, facts and brief (the export shape).

    Reading never writes (a read-only server or file stays so). The stored brief is shown
    when it is current: built by this version of the code (`BRIEF_VERSION`) and no older
    than the story's last change. Otherwise (a store from an older version, an ingest still
    running, a story changed since its brief) the brief is built in memory for this reader
    and not saved. Bringing stored briefs up to date is the runner's job (at the end of
    ingest, watch, the web ingest and rebuild: `refresh_stories`) and `storyline refresh`'s.
    Related stories are read from the story's row (they are recomputed at the end of an
    ingest without touching the story), so a brief stays current when only they changed."""
    reads = store.reads
    row = reads.story(story_id)
    if row is None:
        return None
    stored = reads.brief(story_id)
    if stored is not None and brief_is_current(stored, row):
        view = stored.brief | {"related": row["related"]}
    else:
        view, _ = compute_story(store, story_id, row)
    return _with_notes(store, story_id, _with_thread(store, story_id, view))


def _with_thread(store: Source, story_id: int, view: dict[str, Any]) -> dict[str, Any]:
    """The story's thread (``thread``: its id, as in the export; ``thread_title``), read
    fresh: threads grow and merge without the story changing."""
    thread = store.reads.story_thread(story_id)
    return view | {
        "thread": thread["id"] if thread else None,
        "thread_title": thread["title"] if thread else None,
    }


def brief_is_current(stored: StoredBrief, row: dict[str, Any]) -> bool:
    """Whether a stored brief may be shown for the story ``row`` as it is now."""
    if stored.version != BRIEF_VERSION:
        return False
    changed = moment(row.get("updated_at"))
    return changed is None or (stored.updated_at is not None and stored.updated_at >= changed)


def _with_notes(store: Source, story_id: int, view: dict[str, Any]) -> dict[str, Any]:
    """Analyst notes are read fresh on every view (the cached brief does not hold them)."""
    from storyline.noting import attach

    return attach(store, story_id, view)


def save_story(conn: Connection, story_id: int, view: dict[str, Any]) -> None:
    """Store a story's brief (the runner's write, inside its transaction)."""
    from storyline.store.briefs import save_brief

    save_brief(conn, story_id, BRIEF_VERSION, view)


def refresh_stories(store: Store, story_ids: set[int]) -> None:
    """Bring the cached briefs of these stories up to date (after an ingest).
    `storyline.workers.refresh_views` does the same on several cores."""
    for story_id in sorted(story_ids):
        view = fresh_view(store, story_id)
        if view is not None:
            with store.engine.begin() as conn:
                save_story(conn, story_id, view)


def fresh_view(store: Source, story_id: int) -> dict[str, Any] | None:
    """The story's view computed afresh (not saved); None when it is gone (merged away)."""
    row = store.reads.story(story_id)
    return compute_story(store, story_id, row)[0] if row is not None else None


def story_brief(store: Source, story_id: int) -> Brief | None:
    """The story's `Brief` record (for Markdown and CSV), computed afresh in memory."""
    row = store.reads.story(story_id)
    return compute_story(store, story_id, row)[1] if row is not None else None


def compute_story(store: Source, story_id: int, row=None) -> tuple[dict[str, Any], Brief]:
    """The story's view (for JSON and the web) and its `Brief` record, computed afresh."""
    from storyline.brief import Briefing

    row, articles, links, story_input = _story_input(store, story_id, row)
    briefing = Briefing(story_input, _prepared_articles())
    brief = briefing.brief()
    story = dict(row)
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
            "entities": briefing.facts.to_export()["entities"],
        }
    )  # fmt: skip
    story.update(_int_ids(brief.to_export()))
    return story, brief


@cache
def _prepared_articles() -> BriefCache:
    """The articles this process has prepared for briefs (sentences, word sets, figures),
    kept for the next brief of their story: a growing story is briefed again at every
    refresh, and then only its new articles are prepared. Bounded: a few thousand articles'
    sentences stay in memory."""
    from storyline.brief import BriefCache

    return BriefCache(max_articles=_PREPARED_KEPT)


_PREPARED_KEPT = 2_000


def story_since(store: Source, story_id: int, moment: str) -> dict[str, Any] | None:
    """The story view with what changed since ``moment``: a summary of only what is new
    (newest first), and ``changes``: the articles published since, and the figures and
    quotes only they report (`storyline.brief.since`). ``ValueError`` for a moment that is
    not an ISO date or datetime."""
    from storyline.brief.since import changes_since, parse_moment

    parse_moment(moment)
    view = story_view(store, story_id)
    if view is None:
        return None
    from storyline.brief import summary_since

    *_, story_input = _story_input(store, story_id)
    sentences = summary_since(story_input, moment)
    return view | {
        "since": moment,
        "summary": _int_ids([sentence.to_export() for sentence in sentences]),
        "changes": changes_since(view, moment),
    }


def _story_input(store: Source, story_id: int, row=None):
    from storyline.annotate import ArticleFacts
    from storyline.brief import BriefArticle, BriefInput  # records: the builder loads apart

    reads = store.reads
    if row is None:
        row = reads.story(story_id)
    articles = reads.story_articles(story_id)
    ids = [a.id for a in articles]
    facts = reads.facts(ids)
    links = reads.links_among(ids)
    brief_articles = [
        BriefArticle(
            id=str(a.id), title=a.article.title, outlet=a.article.outlet,
            published=a.article.published, url=a.article.url, text=a.article.text,
            facts=facts.get(a.id) or ArticleFacts(),
        )
        for a in articles
    ]  # fmt: skip
    from storyline.brief.build import brief_order

    story_facts = None  # merged by the brief, whose order is the store's publication order
    if [b.id for b in brief_order(brief_articles)] != [b.id for b in brief_articles]:
        from storyline.annotate import merge_facts  # the story's facts keep the store's order

        story_facts = merge_facts([(b.id, b.published, b.outlet, b.facts) for b in brief_articles])
    return row, articles, links, BriefInput(str(story_id), brief_articles, links, story_facts)


COPY_SHARE = 0.5
"""An article at least this much shared with an earlier one republishes it."""


def _flip(link: ReuseLink) -> ReuseLink:
    from storyline.store.linkcodec import flip

    return flip(link)


def lineage_groups(articles: list[StoredArticle], links: list[ReuseLink]) -> list[dict]:
    """Articles grouped by origin: the text first published at one article, the articles that
    republish it (with their share, verbatim or edited), then independent reports."""
    by_id = {str(a.id): a for a in articles}
    parent: dict[str, tuple[str, ReuseLink]] = {}
    for link in sorted(links, key=lambda x: (-x.shared_a, x.a, x.b)):
        newer, older = (link.a, link.b) if link.origin != link.a else (link.b, link.a)
        seen = link if newer == link.a else _flip(link)
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
    result: list[dict[str, Any]] = []
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
        copies: list[dict[str, Any]] = [
            {"article": int(c.article), "outlet": by_id[c.article].article.outlet,
             "label": brief.labels.get(c.article), "shared": c.shared,
             "from": int(c.source), "edited": c.edited}
            for c in group.copies
        ]  # fmt: skip
        result.append(
            {"origin": int(group.origin), "outlet": a.outlet, "published": a.published,
             "title": a.title, "label": brief.labels.get(group.origin),
             "copies": sorted(copies, key=lambda c: (-c["shared"], c["article"]))}
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
def iter_story_views(store: Source):
    for story_id in store.reads.story_ids():
        view = story_view(store, story_id)
        if view is not None:
            yield view


def article_revisions(store: Source, article_id: int) -> list[dict[str, Any]]:
    """``articles[].revisions``: the earlier versions of an edited article."""
    from storyline.revisions import revision_records

    return revision_records(store.reads, article_id)


def article_reuse(store: Source, article_id: int) -> list[dict[str, Any]]:
    return reuse_summary(store.reads.links_of(article_id))


__all__ = [
    "StoryFilter", "article_record", "article_reuse", "article_revisions", "article_view",
    "count_stories", "iter_story_views", "refresh_stories", "story_brief", "story_rows",
    "story_since", "story_view",
]  # fmt: skip
