"""The store on both backends (SQLite and a throwaway PostgreSQL server, see `tests/pg.py`):
the same commands give the same results, full-text search keeps the CLI's query syntax,
several ingests may run on one store at once, and a missing driver is one line."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from pagegen import write_dumps

from storyline.ingest import ingest
from storyline.records import StorylineError
from storyline.store.db import Store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def _storyline(*args: str) -> list[str]:
    return [sys.executable, "-m", "storyline.cli", *map(str, args)]


def _records(db: str) -> list[dict]:
    out = subprocess.run(
        _storyline("export", "--format", "jsonl", "--db", db),
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return [json.loads(line) for line in out.splitlines()]


def _articles_and_partition(db: str) -> tuple[list[str], set[frozenset[str]]]:
    """Article refs (with repeats, to see duplicates) and stories as sets of refs: what a
    reader sees, whatever ids the store gave."""
    articles = [r for r in _records(db) if "text" in r]
    stories: dict[object, set[str]] = {}
    for record in articles:
        stories.setdefault(record["story"], set()).add(record["ref"])
    return sorted(r["ref"] for r in articles), {frozenset(s) for s in stories.values()}


def test_store_opens_migrates_and_ingests_on_both(store_url: str) -> None:
    store = Store.open(store_url)
    report = ingest([str(EXAMPLES)], store, facts=False)
    assert report.new == store.count_articles() > 10
    again = ingest([str(EXAMPLES)], store, facts=False)
    assert again.new == 0 and store.count_articles() == report.new
    Store.open(store_url).close()  # a second open finds the schema up to date
    store.close()


def test_search_syntax_is_the_same_on_both(store_url: str) -> None:
    store = Store.open(store_url)
    ingest([str(EXAMPLES)], store, facts=False)
    dam = {hit.id for hit in store.search("dam")}
    phrase = {hit.id for hit in store.search('"Korvel Dam" toll')}
    assert dam and phrase and phrase <= dam
    assert store.search('"dam korvel"') == [] or len(store.search('"dam korvel"')) < len(dam)
    assert store.search("!!! ( -") == []  # punctuation is never query syntax
    either = {hit.id for hit in store.search("dam OR lumora")}
    assert dam < either and {hit.id for hit in store.search("lumora")} < either
    snippets = [hit.snippet for hit in store.search("flood")]
    assert any("\x02" in s and "\x03" in s for s in snippets)
    store.close()


def test_cli_reads_the_same_on_both(store_url: str, cli) -> None:
    result = cli("ingest", EXAMPLES, "--db", store_url, "--no-facts", "-q")
    assert result.exit_code == 0, result.output
    stories = cli("stories", "--db", store_url)
    assert stories.exit_code == 0 and "Tarnovec" in stories.output  # the dam story
    found = cli("search", "Kessling", "--db", store_url)
    assert found.exit_code == 0 and "Kessling" in found.output


def test_examples_export_the_same_on_both(tmp_path: Path, request) -> None:
    """Articles, lineage and stories of the example corpus are the same JSON on SQLite and on
    PostgreSQL once the store's own ids are replaced by the articles' refs."""
    server = request.getfixturevalue("postgres_server")
    exports = []
    for db in (str(tmp_path / "s.db"), server.new_database()):
        subprocess.run(_storyline("ingest", EXAMPLES, "--db", db, "-q"), check=True)
        exports.append(_comparable(_records(db)))
    assert exports[0] == exports[1]


def _comparable(records: list[dict]) -> dict:
    """Export records with every store id replaced by a ref, in a stable order."""
    articles = [r for r in records if "text" in r]
    ref = {r["id"]: r["ref"] for r in articles}
    story_key = {}
    for record in articles:
        story_key.setdefault(record["story"], set()).add(record["ref"])
    story_key = {k: min(v) for k, v in story_key.items()}

    def swap(value, key=""):
        if isinstance(value, dict):
            return {k: swap(v, k) for k, v in value.items() if k not in ("ingested_at",)}
        if isinstance(value, list):
            return [swap(v, key) for v in value]
        if isinstance(value, int) and not isinstance(value, bool):
            if key in ("story_id", "story"):
                return story_key.get(value, value)
            if key in ("id", "article", "article_id", "other", "origin", "of", "articles"):
                return ref.get(value, value)
        return value

    return {"articles": sorted((swap(r) for r in articles), key=lambda r: r["ref"])}


@pytest.mark.parametrize("writers", [2, 4])
def test_concurrent_ingests_equal_one_ingest(store_url: str, tmp_path: Path, writers: int) -> None:
    """Several `storyline ingest` at once on one store: all succeed, no page is lost, no
    article is stored twice, and the stories are those of one ingest of the same pages in
    the order the writers committed them (the store's ids number articles in that order).

    Not one ingest of the inputs one after the other: story clustering is online, so the
    same pages in another order may end in other stories (on these pages, the flood report
    and the dam politics piece arriving before the first dam reports split the dam story;
    `test_concurrent_order.py` pins this), and how the writers interleave is up to the
    scheduler. A writer clustering against stale state would differ from the replay."""
    from storyline.ports.memory import MemoryStorage
    from storyline.records import Page
    from storyline.runner import Runner, RunSettings
    from storyline.sources import iter_pages

    pages = write_dumps(tmp_path / "gen", 12 * writers)
    files = sorted(pages.iterdir())
    inputs = [[str(EXAMPLES / "pages")], [str(EXAMPLES / "dumps")]]
    inputs += [[] for _ in range(2, writers)]
    for i, path in enumerate(files):
        inputs[i % writers].append(str(path))
    Store.open(store_url).close()
    procs = [
        subprocess.Popen(_storyline("ingest", *part, "--db", store_url, "--no-facts", "-q"),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for part in inputs
    ]  # fmt: skip
    for proc in procs:
        _, errors = proc.communicate(timeout=600)
        assert proc.returncode == 0, errors
    articles = [r for r in _records(store_url) if "text" in r]
    refs, partition = _articles_and_partition(store_url)
    by_ref = {p.ref: p for part in inputs for p in iter_pages(part) if isinstance(p, Page)}
    assert not [ref for ref, n in Counter(refs).items() if n > 1]
    assert refs == sorted(by_ref)

    committed = [by_ref[r["ref"]] for r in sorted(articles, key=lambda r: r["id"])]
    memory = MemoryStorage()
    report = Runner(memory, RunSettings(facts=False, briefs=False)).run(committed)
    assert report.new == len(committed)
    serial: dict[object, set[str]] = {}
    for page, article_id in zip(committed, report.article_ids, strict=True):
        serial.setdefault(memory.story_of(article_id), set()).add(page.ref)
    assert partition == {frozenset(s) for s in serial.values()}


def test_missing_driver_is_one_line(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(StorylineError) as caught:
        Store.open("postgresql://user:secret@127.0.0.1:1/none")
    message = str(caught.value)
    assert "pip install 'storyline[postgres]'" in message and "\n" not in message
    assert "secret" not in message


def test_unreachable_server_is_one_line(cli) -> None:
    pytest.importorskip("psycopg")
    result = cli("stories", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert result.exit_code == 1
    assert "cannot open the store" in result.output and "Traceback" not in result.output


def test_reading_writes_no_brief_and_refresh_stores_them(store_url: str, cli) -> None:
    """A story without a stored brief is shown all the same, but only `storyline refresh`
    (or an ingest) stores it: reading never writes."""
    from sqlalchemy import delete, func, select

    from storyline.store import schema as t
    from storyline.views import story_view

    assert cli("ingest", EXAMPLES / "dumps", "--db", store_url, "--no-facts", "-q").exit_code == 0
    store = Store.open(store_url)

    def stored() -> int:
        with store.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(t.story_briefs)).scalar_one()

    count = stored()
    assert count > 0
    with store.engine.begin() as conn:
        conn.execute(delete(t.story_briefs))
    with store.engine.connect() as conn:
        ids = list(conn.execute(select(t.stories.c.id)).scalars())
    assert all(story_view(store, i) for i in ids) and stored() == 0
    result = cli("refresh", "--db", store_url)
    assert result.exit_code == 0 and f"{count} story briefs refreshed" in result.output
    assert stored() == count
    store.close()
