"""`storyline load`: the Parquet output of `storyline batch` into a store.

A loaded store is one that ingest could have written: pages, articles, lineage keys and
links, stories (with the clustering state that lets later ingests and loads continue them),
facts and failures. What the batch computed on the cluster is taken as it is (extraction,
the lineage join, facts); what ties the output to the store's own history is redone here,
at the cost per article of a lookup rather than of the stages:

- **identity**: articles are matched by content hash and pages by raw hash, so loading the
  same output twice adds nothing, and an article already ingested stays as it was;
- **lineage**: the batch's links between its own articles are kept as they are; when the
  store already held articles, each new article is also looked up against those (the store's
  key table, the same lookup and alignment ingest uses), so a later day's wire copy finds
  yesterday's original;
- **stories**: articles are fed, in the batch's publication order and with their links, to
  the store's own story clusterer — into an empty store this repeats the batch's clustering
  step for step (same order, same evidence), and into a store with stories it continues
  them, as ingest would.

Articles are loaded one at a time in savepoints committed in groups (`Writer`), so an
interrupted load keeps what it committed and running it again completes it. The output's
tables are read into memory (one day of a crawl is a few GB at most; load day by day).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from storyline.records import Article, Failure, GivenMeta, Page, Removed, StorylineError
from storyline.reuse import ReuseLink, SharedPassage
from storyline.serial import loads
from storyline.store import lineage
from storyline.store import schema as t
from storyline.store.db import Store, Writer
from storyline.store.rawcodec import decompress_raw

FORMAT = "storyline-batch"
MANIFEST = "_storyline.json"
SUPPORTED_VERSIONS = (1,)

Progress = Callable[[str, int], None]
"""Called with ``("article", n)`` as articles are loaded (n so far)."""


@dataclass
class LoadReport:
    new: int = 0
    known: int = 0
    pages: int = 0
    links: int = 0
    failures: int = 0
    facts: int = 0
    stories: set[int] = field(default_factory=set)
    """Stories that loaded articles joined, created or merged (their briefs are stale)."""


def read_manifest(folder: str | Path) -> dict[str, Any]:
    """The output's manifest; `StorylineError` naming the folder when it is not one."""
    path = Path(folder) / MANIFEST
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise StorylineError(f"{folder}: not a storyline batch output (no {MANIFEST})") from None
    except (OSError, ValueError) as exc:
        raise StorylineError(f"{path}: cannot read ({type(exc).__name__})") from None
    if manifest.get("format") != FORMAT or manifest.get("version") not in SUPPORTED_VERSIONS:
        raise StorylineError(
            f"{path}: format {manifest.get('format')!r} version {manifest.get('version')!r} "
            "is not one this storyline reads"
        )
    return manifest


def _table(folder: Path, name: str) -> list[dict[str, Any]]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise StorylineError("storyline load needs pyarrow: pip install 'storyline[spark]'"
                             ) from None  # fmt: skip
    path = folder / name
    if not path.exists():
        raise StorylineError(f"{path}: table missing from the batch output")
    try:
        return pq.read_table(str(path)).to_pylist()
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types on bad files
        raise StorylineError(f"{path}: cannot read ({type(exc).__name__}: {exc})") from None


def load_batch(folder: str | Path, store: Store, *, progress: Progress | None = None
               ) -> LoadReport:  # fmt: skip
    """Load one batch output into ``store`` (see the module docstring)."""
    from storyline.pipeline import FACTS_VERSION

    folder = Path(folder)
    manifest = read_manifest(folder)
    articles = sorted(_table(folder, "articles"), key=lambda row: row["sort_key"])
    pages: dict[str, list[dict]] = {}
    for row in sorted(_table(folder, "pages"), key=lambda row: row["order"]):
        pages.setdefault(row["article_id"], []).append(row)
    links: dict[str, list[dict]] = {}
    for row in _table(folder, "reuse_links"):
        links.setdefault(row["article_id"], []).append(row)
    same_facts = manifest.get("facts_version") == FACTS_VERSION
    facts = {r["article_id"]: r["facts"] for r in _table(folder, "facts")} if same_facts else {}
    failures = sorted(_table(folder, "failures"), key=lambda row: row["order"])

    report = LoadReport()
    with store.engine.connect() as conn:
        before = conn.execute(select(func.max(t.articles.c.id))).scalar() or 0
    loader = _Loader(before, links, facts, FACTS_VERSION, report)
    with store.writer() as writer:
        pipeline = loader.start(writer)
        for n, row in enumerate(articles, 1):
            rows = pages.get(row["id"]) or []
            if not rows:
                continue  # a page-less article cannot be: the output was cut, skip it
            loader.article(writer, row, rows)
            if progress is not None:
                progress("article", n)
        for row in failures:
            writer.record_failure(Failure(row["input"], row["stage"], row["error"]))
            report.failures += 1
        report.stories = set(pipeline.touched)
    return report


class _Loader:
    """The per-article work of a load: identity, lineage, story, facts."""

    def __init__(self, before: int, links: dict[str, list[dict]], facts: dict[str, str],
                 facts_version: int, report: LoadReport) -> None:  # fmt: skip
        self.before = before
        """Articles with ids up to this were in the store before the load."""
        self.links = links
        self.facts = facts
        self.facts_version = facts_version
        self.report = report
        self.ids: dict[str, int] = {}
        """Batch article id (content hash) → store id, for this output's articles."""

    def start(self, writer: Writer):
        from storyline.pipeline import Pipeline

        try:  # the pipeline loads its state at the writer's first lock …
            pipeline = Pipeline(facts=False)
            writer.after_lock = pipeline.refresh
        except TypeError:  # … or, on a store API without a writers' lock, right away
            pipeline = Pipeline(writer.conn, facts=False)
        writer.before_commit = pipeline.before_commit
        self.pipeline = pipeline
        return pipeline

    def article(self, writer: Writer, row: dict, page_rows: list[dict]) -> None:
        article = _article(row, page_rows[0])
        first = _page(page_rows[0])
        known = writer.known_bytes(first)
        if known is None:
            try:
                result = writer.add_article(first, article, then=self._derive(row))
            except Exception as err:  # noqa: BLE001 - a bug in a stage costs this article only
                self.pipeline.rolled_back()
                reason = " ".join(str(err).split()) or type(err).__name__
                failure = Failure(first.origin, "derive",
                                  f"{first.origin}: {type(err).__name__}: {reason}")  # fmt: skip
                writer.record_failure(failure)
                self.report.failures += 1
                return
            if result.status == "new":
                self.report.new += 1
                self.report.pages += 1
            else:
                self.report.known += 1
            self.ids[row["id"]] = result.article_id
        else:
            self.report.known += 1
            self.ids[row["id"]] = known
        for extra in page_rows[1:]:  # the same text at other places: more pages, one article
            page = _page(extra)
            if writer.known_bytes(page) is None:
                writer.add_article(page, article)
                self.report.pages += 1

    def _derive(self, row: dict) -> Callable[[Connection, int, Article], None]:
        def derive(conn: Connection, article_id: int, article: Article) -> None:
            found = self._lineage(conn, article_id, article, row)
            self.pipeline.assign_story(conn, article_id, article, found)
            facts = self.facts.get(row["id"])
            if facts is not None:
                conn.execute(insert(t.article_facts).values(
                    article_id=article_id, version=self.facts_version, facts=facts))  # fmt: skip
                self.report.facts += 1

        return derive

    def _lineage(self, conn: Connection, article_id: int, article: Article, row: dict
                 ) -> list[ReuseLink]:  # fmt: skip
        """The batch's links to this output's earlier articles, plus, when the store held
        articles before, those found by the store's lookup among them; keys filed either way."""
        index = lineage.reuse_index(conn)
        found: dict[str, ReuseLink] = {}
        if self.before:
            for link in index.add(str(article_id), article.text, article.published):
                if int(link.b) <= self.before:
                    found[link.b] = link
        else:
            index.register(str(article_id), article.text, article.published)
        for link_row in self.links.get(row["id"], ()):
            other = self.ids.get(link_row["other_id"])
            if other is None or str(other) in found or other == article_id:
                continue
            origin = link_row["origin_id"]
            mapped = str(article_id) if origin == row["id"] else str(other)
            found[str(other)] = ReuseLink(
                a=str(article_id),
                b=str(other),
                shared_a=link_row["shared"],
                shared_b=link_row["other_shared"],
                passages=loads(tuple[SharedPassage, ...], link_row["passages"]),
                origin=mapped if origin is not None else None,
                exact_duplicate=bool(link_row["exact"]),
            )
        ordered = sorted(found.values(),
                         key=lambda k: (not k.exact_duplicate, -k.shared_a, k.b))  # fmt: skip
        lineage.save_links(conn, ordered)
        self.report.links += len(ordered)
        return ordered


def _article(row: dict, page_row: dict) -> Article:
    text = row["text"] or ""
    return Article(
        ref=row["ref"],
        origin=row["origin"] or row["ref"],
        kind=row["kind"],
        paragraphs=tuple(p for p in text.split("\n\n") if p),
        url=row["url"],
        outlet=row["outlet"],
        title=row["title"],
        published=row["published"],
        language=row["language"],
        authors=tuple(row["authors"] or ()),
        removed=tuple(Removed(r["text"], r["reason"]) for r in row["removed"] or ()),
        raw_hash=page_row["raw_hash"],
    )


def _page(row: dict) -> Page:
    return Page(
        ref=row["ref"],
        origin=row["origin"],
        kind=row["kind"],
        content="",
        raw=decompress_raw(row["raw"]),
        given=GivenMeta(url=row["url"]),
    )
