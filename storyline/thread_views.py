"""What readers see of threads: the list, and one thread (its developments in order, its
timeline across months, its people), as plain dicts shared by the terminal, the web page,
its JSON twin and the export.

The timeline is computed when asked (`storyline.threads.timeline`), from the thread's
stored articles: it depends on every article of the thread, so keeping it up to date at each
ingest would cost more than reading it.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from storyline.store import threadstate
from storyline.store.db import Store

TIMELINE_DATES = 15
"""Dates in a thread's timeline by default: a journalist's timeline of a months-long story
holds one to a few dozen."""
PEOPLE = 10
FACT_ARTICLES = 400
"""Articles read for a thread's people: the most recent this many (facts are per article)."""


def thread_rows(store: Store, limit: int | None = None) -> list[dict]:
    with store.engine.connect() as conn:
        return threadstate.list_threads(conn, limit)


def resolve(store: Store, thread_id: int) -> int | None:
    with store.engine.connect() as conn:
        return threadstate.resolve_thread(conn, thread_id)


def thread_view(store: Store, thread_id: int, dates: int = TIMELINE_DATES) -> dict | None:
    """One thread: ``id``, ``title``, ``articles``, ``first_seen``/``last_seen``,
    ``stories`` (developments in the order they began), ``timeline`` (``date``, ``text``,
    ``sources``, ``article``), ``people`` (name, articles)."""
    from storyline.threads.timeline import ThreadArticle, thread_timeline

    with store.engine.connect() as conn:
        found = threadstate.resolve_thread(conn, thread_id)
        if found is None:
            return None
        row = next((r for r in threadstate.list_threads(conn) if r["id"] == found), None)
        if row is None:
            return None
        stories = threadstate.thread_stories(conn, found)
        articles = threadstate.thread_articles(conn, found)
        outlets = threadstate.article_outlets(conn, [a[0] for a in articles])
        items = thread_timeline(
            [ThreadArticle(str(i), _day(p), text, source) for i, p, text, source in articles],
            limit=dates,
        )
        people = _people(conn, [a[0] for a in articles][-FACT_ARTICLES:])
    timeline = []
    for item in items:
        shown = sorted({_source_name(s, outlets) for s in item.sources})
        timeline.append({"date": item.date.isoformat(), "text": item.text,
                         "sources": shown, "article": int(item.article_id)})  # fmt: skip
    return {**row, "stories": stories, "timeline": timeline, "people": people}


def _source_name(source: str, outlets: dict[int, str | None]) -> str:
    """A source as readers know it: the outlet of the article (or of the copied text's
    origin), else ``article N``."""
    kind, _, ref = source.partition(":")
    if kind in ("copy", "article") and ref.isdigit():
        return outlets.get(int(ref)) or f"article {ref}"
    return source


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _people(conn, article_ids: list[int]) -> list[dict]:
    """The people named in most of the thread's articles; a surname alone counts for the
    full name it ends (one person, "Hayward" and "Tony Hayward")."""
    from storyline.store.facts import load_facts

    counts: Counter[str] = Counter()
    for facts in load_facts(conn, article_ids).values():
        counts.update({m.text.strip() for m in facts.entities if m.type == "PERSON"})
    full = [n for n in counts if " " in n]
    merged: Counter[str] = Counter()
    for name, n in counts.items():
        if " " not in name:
            longer = [f for f in full if f.split()[-1] == name]
            if len(longer) == 1:
                merged[longer[0]] += n
                continue
        merged[name] += n
    return [{"name": name, "articles": n} for name, n in merged.most_common(PEOPLE) if n >= 2]


def story_threads(store: Store) -> dict[int, int]:
    """Every story's thread id (stories without one are absent)."""
    with store.engine.connect() as conn:
        placed = threadstate.placements(conn)
    return {story: thread for _, story, thread in placed.values()
            if story is not None and thread is not None}  # fmt: skip


def iter_thread_exports(store: Store):
    """``threads[]`` of the export: ``id``, ``title``, ``stories`` (ids, in the order they
    began), ``timeline`` (``date``, ``text``, ``sources``)."""
    for row in thread_rows(store):
        view = thread_view(store, row["id"])
        if view is None:
            continue
        yield {
            "id": view["id"],
            "title": view["title"],
            "stories": [s["id"] for s in view["stories"]],
            "timeline": [
                {"date": i["date"], "text": i["text"], "sources": i["sources"]}
                for i in view["timeline"]
            ],
        }
