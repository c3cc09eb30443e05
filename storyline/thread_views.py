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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storyline.store.reads import Reads

TIMELINE_DATES = 15
"""Dates in a thread's timeline by default: a journalist's timeline of a months-long story
holds one to a few dozen."""
PEOPLE = 10
FACT_ARTICLES = 400
"""Articles read for a thread's people: the most recent this many (facts are per article)."""


def thread_rows(store, limit: int | None = None) -> list[dict]:
    """Threads, most recently active first (``store``: a `Store` or its `Reads`)."""
    return store.reads.threads(limit)


def resolve(store, thread_id: int) -> int | None:
    return store.reads.resolve_thread(thread_id)


def thread_view(store, thread_id: int, dates: int = TIMELINE_DATES) -> dict | None:
    """One thread: ``id``, ``title``, ``articles``, ``first_seen``/``last_seen``,
    ``stories`` (developments in the order they began), ``timeline`` (``date``, ``text``,
    ``sources``, ``article``), ``people`` (name, articles)."""
    from storyline.threads.timeline import ThreadArticle, thread_timeline

    reads = store.reads
    found = reads.resolve_thread(thread_id)
    if found is None:
        return None
    row = reads.thread(found)
    if row is None:
        return None
    stories = reads.thread_stories(found)
    articles = reads.thread_articles(found)
    outlets = reads.article_outlets([a[0] for a in articles])
    items = thread_timeline(
        [ThreadArticle(str(i), _day(p), text, source) for i, p, text, source in articles],
        limit=dates,
    )
    people = _people(reads, [a[0] for a in articles][-FACT_ARTICLES:])
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


def _people(reads: Reads, article_ids: list[int]) -> list[dict]:
    """The people named in most of the thread's articles; a surname alone counts for the
    full name it ends (one person, "Hayward" and "Tony Hayward")."""
    counts: Counter[str] = Counter()
    for facts in reads.facts(article_ids).values():
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


def story_threads(store) -> dict[int, int]:
    """Every story's thread id (stories without one are absent)."""
    return store.reads.story_threads()


def iter_thread_exports(store):
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
