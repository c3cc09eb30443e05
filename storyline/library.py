"""storyline as a library: open a store, ingest pages or files, read stories and briefs.

The command line and the web app are built on the same calls; this module gathers them
behind one small object so that a script or a notebook needs no knowledge of the store's
modules::

    import storyline

    with storyline.open("news.db") as s:          # or "postgresql://…"
        s.ingest(["pages/", "crawl.warc.gz"])      # files, folders, manifests, WARCs
        s.ingest_html("<html>…</html>", url="https://example.org/a", outlet="Example")
        for story in s.stories(limit=10):          # most recently updated first
            brief = s.brief(story["id"])           # a `storyline.brief.Brief` record
            print(story["title"], brief.summary if brief else "")

Ingest brings the briefs of the stories it touched up to date before it returns (as the
command does), so reads never compute or write anything.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.records import Failure, GivenMeta, Page

if TYPE_CHECKING:
    from storyline.brief import Brief
    from storyline.ingest import IngestReport
    from storyline.store.db import SearchHit, Store


def open(db: str | os.PathLike[str] | None = None) -> Storyline:  # noqa: A001
    """Open (creating or upgrading) the store ``db``: a SQLite path, a ``postgresql://``
    URL, or ``STORYLINE_DB`` / ``./storyline.db`` when None."""
    from storyline.store.db import Store

    return Storyline(Store.open(db))


class Storyline:
    """One store and what can be done with it; close it (or use ``with``) when done."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> Storyline:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # -- writing --------------------------------------------------------------------------
    def ingest(
        self, inputs: Sequence[str | os.PathLike[str]], *, facts: bool = True
    ) -> IngestReport:
        """Ingest files, folders, manifests and WARC files (as ``storyline ingest``)."""
        from storyline.sources import iter_pages

        return self.ingest_pages(iter_pages([str(i) for i in inputs]), facts=facts)

    def ingest_pages(self, pages: Iterable[Page | Failure], *, facts: bool = True) -> IngestReport:
        """Ingest `Page` records made by the caller (a crawler of its own, a queue), through
        the one runner (`storyline.runner`), briefs brought up to date at the end."""
        from storyline.ingest import RunSettings, runner_for

        return runner_for(self.store, RunSettings(facts=facts)).run(pages)

    def ingest_html(
        self,
        html: str | bytes,
        *,
        url: str | None = None,
        outlet: str | None = None,
        title: str | None = None,
        published: str | None = None,
        facts: bool = True,
    ) -> IngestReport:
        """Ingest one HTML page held in memory; what the caller gives (URL, outlet, title,
        publication time as ISO 8601) wins over what extraction reads from the page, as a
        manifest's fields do."""
        from storyline.sources.decode import decode_bytes

        ref = url or "html"
        raw = html.encode("utf-8") if isinstance(html, str) else html
        content = html if isinstance(html, str) else decode_bytes(raw, origin=ref)
        given = GivenMeta(url=url, outlet=outlet, title=title, published=published)
        group = url.split("/")[2] if url and "://" in url else "library"
        page = Page(ref=ref, origin=ref, kind="html", content=content, raw=raw, given=given,
                    group=group)  # fmt: skip
        return self.ingest_pages([page], facts=facts)

    def refresh(self, story_ids: Iterable[int] | None = None) -> None:
        """Bring the cached briefs of these stories (all when None) up to date."""
        from storyline.views import refresh_stories

        ids = set(story_ids) if story_ids is not None else {s["id"] for s in self.stories()}
        if ids:
            refresh_stories(self.store, ids)

    # -- reading --------------------------------------------------------------------------
    def count_articles(self) -> int:
        return self.store.count_articles()

    def stories(self, *, limit: int | None = None, outlet: str | None = None,
                page_size: int = 200) -> Iterator[dict[str, Any]]:  # fmt: skip
        """Stories, most recently updated first: ``{"id", "title", "size", "outlets",
        "first_seen", "last_seen", …}``, read page by page."""
        from storyline.views import StoryFilter, story_rows

        where = StoryFilter(outlet=outlet)
        offset, given = 0, 0
        while limit is None or given < limit:
            rows = story_rows(self.store, limit=page_size, offset=offset, where=where)
            for row in rows:
                if limit is not None and given >= limit:
                    return
                given += 1
                yield row
            if len(rows) < page_size:
                return
            offset += page_size

    def story(self, story_id: int) -> dict[str, Any] | None:
        """A story as the export and the web show it (summary, lineage, timeline, quotes,
        figures, coverage), or None."""
        from storyline.views import story_view

        return story_view(self.store, story_id)

    def brief(self, story_id: int) -> Brief | None:
        """The story's brief as typed records (`storyline.brief.Brief`), or None."""
        from storyline.views import story_brief

        return story_brief(self.store, story_id)

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Full-text search: words and "quoted phrases" must all match; ``a OR b``."""
        return self.store.search(query, limit=limit)


def ingest_paths(db: str | os.PathLike[str] | None, paths: Sequence[str | Path]) -> IngestReport:
    """One call: open ``db``, ingest ``paths`` (briefs brought up to date), close."""
    with open(db) as s:
        return s.ingest(paths)
