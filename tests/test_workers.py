"""Ingest on several cores gives exactly what one process gives: extraction and facts run in
worker processes, one writer applies the results in input order."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES
from sqlalchemy import select

from storyline.store import schema as t
from storyline.store.db import Store


def _timeless(view: dict) -> dict:
    """A story view without the moment it was computed at."""
    return {k: v for k, v in view.items() if k != "updated_at"}


def _contents(path: str) -> dict[str, list]:
    """Everything ingest derives, in a comparable form."""
    store = Store.open(path)
    with store.engine.connect() as conn:
        out = {
            "articles": conn.execute(
                select(t.articles.c.id, t.articles.c.ref, t.articles.c.title,
                       t.articles.c.published, t.articles.c.text, t.articles.c.removed,
                       t.articles.c.story_id).order_by(t.articles.c.id)
            ).all(),  # fmt: skip
            "stories": conn.execute(
                select(t.stories.c.id, t.stories.c.title, t.stories.c.size)
                .order_by(t.stories.c.id)
            ).all(),
            "links": conn.execute(select(t.reuse_links).order_by(*t.reuse_links.c)).all(),
            "facts": conn.execute(
                select(t.article_facts.c.article_id, t.article_facts.c.facts)
                .order_by(t.article_facts.c.article_id)
            ).all(),
            "failures": conn.execute(select(t.failures.c.input, t.failures.c.error)).all(),
            "views": [
                (story_id, _timeless(json.loads(brief)))
                for story_id, brief in conn.execute(
                    select(t.story_briefs.c.story_id, t.story_briefs.c.brief)
                    .order_by(t.story_briefs.c.story_id)
                )
            ],
        }
    store.close()
    return out


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[int, str]:
    from typer.testing import CliRunner

    from storyline.cli import app

    folder = tmp_path_factory.mktemp("workers")
    (folder / "empty.html").write_text("<html><body></body></html>")  # a failure, in order
    paths = {}
    for workers in (1, 2):
        path = str(folder / f"w{workers}.db")
        result = CliRunner().invoke(
            app,
            ["ingest", str(EXAMPLES / "pages"), str(EXAMPLES / "dumps"), str(folder / "empty.html"),
             "--db", path, "-q", "--workers", str(workers)],
        )  # fmt: skip
        assert result.exit_code in (0, 1), result.output
        paths[workers] = path
    return paths


def test_two_workers_store_the_same_articles_stories_lineage_and_facts(stores):
    one, two = _contents(stores[1]), _contents(stores[2])
    assert one["articles"] and one["facts"] and one["links"] and one["failures"]
    assert len(one["views"]) >= 2  # briefs refreshed in the workers too
    for part in one:
        assert one[part] == two[part], part


def test_rebuild_with_two_workers_agrees_with_one(stores, tmp_path):
    from typer.testing import CliRunner

    from storyline.cli import app

    copies = {}
    for workers in (1, 2):
        copy = tmp_path / f"r{workers}.db"
        for suffix in ("", "-wal"):  # the store as a reader would see it
            if os.path.exists(stores[1] + suffix):
                shutil.copy(stores[1] + suffix, str(copy) + suffix)
        result = CliRunner().invoke(app, ["rebuild", "--db", str(copy), "--workers", str(workers)])
        assert result.exit_code == 0, result.output
        copies[workers] = _contents(str(copy))
    for part in copies[1]:
        assert copies[1][part] == copies[2][part], part


def test_pages_of_very_different_sizes_come_back_in_input_order():
    """Whichever page a worker finishes first, the results follow the input."""
    from storyline.records import Page
    from storyline.workers import PagePreparer, prepare_page

    sizes = [3, 40, 1, 25, 2, 60, 5, 1, 30, 8]
    pages = [
        Page(ref=f"p{i}", origin=f"p{i}.txt", kind="clean",
             content=" ".join(f"Paragraph {k} of page {i} says something." for k in range(n)))
        for i, n in enumerate(sizes)
    ]  # fmt: skip
    with PagePreparer(2, facts=False) as preparer:
        ticket = preparer.submit(pages)
        got = ticket.results()
    assert [p.page.ref for p in got] == [p.ref for p in pages]
    assert [p.article for p in got] == [prepare_page(p, None, False).article for p in pages]


@pytest.mark.parametrize("warm", [False, True], ids=["while-warming-up", "warm-workers"])
def test_pages_prepared_here_or_in_workers_are_the_same(warm):
    """While the workers warm up, this process extracts pages itself and the workers do the
    rest; once they run, they do it all. Either way each page gives what one process gives:
    its article, facts, and story features."""
    from storyline.records import Page
    from storyline.stories import article_features
    from storyline.workers import PagePreparer, prepare_page

    pages = [
        Page(ref=f"p{i}", origin=f"p{i}.html", kind="html",
             content=f"<html><head><title>Harbour wall vote {i}</title></head><body><article>"
             f"<p>The council of Northport voted on Tuesday to rebuild the harbour wall, "
             f"Mayor Jane Smith said. \"We start in March,\" she said. About {100 + i} "
             f"workers will be hired, the council said on its website.</p>"
             f"<p>The wall cost {i + 2} million pounds when it was built in 1961.</p>"
             f"</article></body></html>")
        for i in range(8)
    ] + [Page(ref="empty", origin="empty.html", kind="html", content="<html></html>")]
    # fmt: skip
    with PagePreparer(2, facts=True) as preparer:
        if warm:
            preparer.wait_ready()
        got = preparer.submit(pages).results()
    assert [p.page.ref for p in got] == [p.ref for p in pages]
    for page, result in zip(pages, got, strict=True):
        alone = prepare_page(page, None, True)
        assert result.article == alone.article and result.error == alone.error
        assert result.facts == alone.facts
        if alone.article is not None:
            assert result.facts is not None
            article = alone.article
            assert result.features == article_features(
                "", article.text, title=article.title, published=article.published,
                language=article.language,
            )  # fmt: skip
    assert got[-1].article is None and got[-1].error


def test_workers_compute_facts_as_the_pipeline_does():
    """Workers compute facts without importing the pipeline module (it loads the store);
    what they compute is what the writer would (`storyline.pipeline.article_facts`)."""
    from storyline.pipeline import article_facts
    from storyline.records import Page
    from storyline.workers import facts_of, prepare_page

    page = Page(
        ref="q", origin="q.html", kind="html",
        content="<html><head><title>Port strike ends</title></head><body><article>"
        "<p>Dock workers in Easthaven ended their strike on Monday, union leader Ana Ruiz "
        "said. \"We won a 4 percent raise,\" she told reporters.</p><p>The strike had "
        "lasted 12 days and cost the port about 30 million euros, the port authority said."
        "</p></article></body></html>",
    )  # fmt: skip
    article = prepare_page(page, None, False).article
    assert article is not None
    facts = facts_of(article)
    assert facts == article_facts(article)
    assert facts.quotes and facts.figures


def test_the_fork_server_leaves_workers_nothing_to_load():
    """A worker forked from the warmed-up server imports no module of its own to prepare a
    page (each import would be paid once per worker), and the server never loads the store.

    Run in a fresh interpreter: multiprocessing keeps one fork server per process, so in a
    test session an earlier test's server (warmed without facts) would be reused here."""
    done = subprocess.run(
        [sys.executable, "-c", _FRESH_SERVER_CHECK], capture_output=True, text=True,
        timeout=300, cwd=Path(__file__).resolve().parents[1],
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().endswith("ok"), done.stdout[-3000:]


_FRESH_SERVER_CHECK = """
from storyline.records import Page
from storyline.workers import PagePreparer

MODULES = "set(__import__('sys').modules)"
page = Page(
    ref="c", origin="c.html", kind="html",
    content="<html><head><title>Caf\u00e9 reopens</title></head><body><article><p>The caf\u00e9 "
    "in Northport reopened on 2 May 2024, its owner Jos\u00e9 \u00c1lvarez said. "
    "\\"We are back,\\" he "
    "said. About 40 people came.</p><p>It had been closed for 18 months.</p></article>"
    "</body></html>",
)
if __name__ == "__main__":
    with PagePreparer(2, facts=True) as preparer:
        preparer.wait_ready()
        pool = preparer._start()
        before = pool.submit(eval, MODULES).result()
        preparer.submit([page]).results()
        after = set().union(*(pool.submit(eval, MODULES).result() for _ in range(4)))
    store = sorted(m for m in before if m.startswith(("sqlalchemy", "storyline.store")))
    assert not store, store
    assert not after - before, sorted(after - before)
    print("ok")
"""
"""The check, as a script for a fresh interpreter (its pages and modules as in a worker)."""


def test_small_chunks_with_workers_give_what_one_process_gives(tmp_path):
    """With workers, the next chunk is taken while the last pages of this one are written;
    each page still sees the line counts of the chunks up to its own (text dumps), so many
    small chunks give, page for page, what one process gives."""
    from storyline.ingest import ingest_items
    from storyline.sources.inputs import iter_pages

    got = {}
    for workers in (1, 2):
        path = str(tmp_path / f"w{workers}.db")
        store = Store.open(path)
        items = iter_pages([str(EXAMPLES / "dumps"), str(EXAMPLES / "pages")])
        report = ingest_items(items, store, facts=False, chunk_size=3, workers=workers)
        store.close()
        assert report.new > 6 and not report.stopped
        got[workers] = _contents(path)
    for part in ("articles", "stories", "links", "failures"):
        assert got[1][part] == got[2][part], part
