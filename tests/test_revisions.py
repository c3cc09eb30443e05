"""Edited articles: a known URL fetched again with another text keeps both versions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from livesite import NewsSite

from storyline.pipeline import article_facts, load_facts
from storyline.store.db import Store

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "storyline/schema/export-1.json").read_text())
FAST = ("--allow-private", "--delay", "0", "-q")


@pytest.fixture
def news() -> Iterator[NewsSite]:
    site = NewsSite("127.0.0.3", count=2).start()
    yield site
    site.stop()


def article_id(db: str, url: str) -> int:
    store = Store.open(db)
    (found,) = [s.id for s in store.iter_articles() if s.article.url == url]
    return found


def test_an_edited_article_becomes_a_revision(cli, db, news, tmp_path) -> None:
    assert "2 new" in cli("ingest", news.url(), "--db", db, *FAST).output
    first = article_id(db, news.url("/news/1"))
    story = news.stories[0]
    story.title = story.feed_title = "Ferry strike called off"  # the feed lists the edit
    story.paragraphs[1] = (
        "Union leaders in Kestrel Bay said late on Tuesday that the strike was called off "
        "after the operator offered a quinquennial pay settlement."
    )
    result = cli("ingest", news.url(), "--db", db, *FAST)
    assert "0 new" in result.output and "1 revised" in result.output, result.output

    store = Store.open(db)
    assert store.count_articles() == 2
    current = store.get_article(first).article
    assert current.title == "Ferry strike called off" and "quinquennial" in current.text
    assert [hit.id for hit in store.search("quinquennial")] == [first]  # FTS in step
    with store.engine.connect() as conn:
        facts = load_facts(conn, [first])[first]
    assert facts == article_facts(current)  # recomputed for the new text

    shown = cli("article", str(first), "--revisions", "--db", db).output
    assert "headline changed: 'Page headline 1' → 'Ferry strike called off'" in shown
    assert "\n+Union leaders in Kestrel Bay" in shown
    assert "\n-The ferry strike in Kestrel Bay drew 48 residents" in shown

    out = tmp_path / "export.json"
    assert cli("export", "--format", "json", "--out", str(out), "--db", db).exit_code == 0
    document = json.loads(out.read_text())
    jsonschema.validate(document, SCHEMA)
    records = {a["id"]: a for a in document["articles"]}
    (revision,) = records[first]["revisions"]
    assert revision["revision"] == 1 and revision["title"] == "Page headline 1"
    assert revision["title_changed"] is True and revision["fetched_at"]
    assert all(not a["revisions"] for i, a in records.items() if i != first)

    again = cli("ingest", news.url(), "--db", db, *FAST)
    assert "0 new" in again.output and "revised" not in again.output


def test_an_unchanged_text_under_new_bytes_is_not_a_revision(cli, db, news) -> None:
    cli("ingest", news.url(), "--db", db, *FAST, "--no-facts")
    news.stories[0].pub_date = "Tue, 03 Jun 2025 08:00:00 GMT"  # the feed changes, not pages
    news.site.routes["/news/2"] = lambda request: _with_new_furniture(news, request)
    result = cli("ingest", news.url(), "--db", db, *FAST, "--no-facts")
    assert "0 new, 1 already known" in result.output, result.output
    shown = cli("article", str(article_id(db, news.url("/news/2"))), "--revisions", "--db", db)
    assert "no revisions" in shown.output


def _with_new_furniture(news: NewsSite, request):
    from livesite import article_html

    from storyline.fetch.testing import Reply

    html = article_html(news.stories[1]).replace("Copyright", "Cookie settings · Copyright")
    return Reply(html)
