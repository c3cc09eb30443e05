"""`storyline batch` on Spark and `storyline load`: the same articles, lineage and stories as
ingest of the same pages; damaged WARC records as failures; a re-run writes the same output;
loading twice adds nothing; a later day's output continues the stories.

One ``local[2]`` SparkSession serves the whole test session; inputs are the example corpus
and a few generated pages, so each job takes seconds, not minutes.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import EXAMPLES
from warcgen import write_warc

from storyline.evaluate.clustering import bcubed_prf
from storyline.ingest import ingest
from storyline.store.db import Store
from storyline.store.load import load_batch


def _need(what: str) -> None:
    if os.environ.get("STORYLINE_REQUIRE_ALL"):
        pytest.fail(f"{what} is required (STORYLINE_REQUIRE_ALL is set)")
    pytest.skip(f"{what} not available")


@pytest.fixture(scope="session")
def spark():
    try:
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError:
        _need("pyspark and pyarrow (pip install 'storyline[spark]')")
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        _need("Java")
    from storyline.batch import spark_session

    session = spark_session("local[2]", app="storyline tests", shuffle_partitions="2")
    yield session
    session.stop()


def batch(spark, inputs: list, out: Path, *, facts: bool = False, briefs: bool = False):
    from storyline.batch import BatchSettings, run_batch

    settings = BatchSettings(facts=facts, briefs=briefs, output_files=1)
    return run_batch([str(i) for i in inputs], out, spark=spark, settings=settings)


def table(out: Path, name: str) -> list[dict]:
    import pyarrow.parquet as pq

    return pq.read_table(str(out / name)).to_pylist()


def summary(db: str):
    """Articles (content hashes), lineage (pair, origin) and the story partition of a store."""
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT id, content_hash, story_id FROM articles").fetchall()
    hashes = {i: h for i, h, _ in rows}
    links = {
        (frozenset((hashes[a], hashes[b])), hashes.get(o))
        for a, b, o in conn.execute("SELECT article_id, other_id, origin_id FROM reuse_links")
    }
    stories = {h: s for _, h, s in rows}
    conn.close()
    return set(hashes.values()), links, stories


def ingested(tmp_path: Path, inputs: list, name: str = "ingest.db") -> str:
    db = str(tmp_path / name)
    store = Store.open(db)
    ingest([str(i) for i in inputs], store, facts=False)
    store.close()
    return db


def loaded(out: Path, db: str):
    store = Store.open(db)
    try:
        return load_batch(out, store)
    finally:
        store.close()


def example_warc(tmp_path: Path) -> Path:
    """The example corpus's HTML pages as one crawl (their manifest URLs where given)."""
    urls = {
        "radio-meridian-toll-17.html": "https://www.radiomeridian.example/news/2026/03/12/toll",
        "valley-courier-tarnovec-night.html": "https://www.valleycourier.example/tarnovec/night",
    }
    files = sorted((EXAMPLES / "pages").glob("*.html")) + [
        EXAMPLES / "manifest_pages" / "radio-meridian-toll-17.html"
    ]
    pages = [(urls.get(f.name, f"https://site.example/{f.stem}"), f.read_bytes()) for f in files]
    return write_warc(tmp_path / "examples.warc.gz", pages)


def damaged_warc(tmp_path: Path) -> Path:
    """Four generated pages; the third record's gzip member corrupted, the last cut short."""
    from warcio.archiveiterator import ArchiveIterator

    pages = []
    for i in range(4):
        body = " ".join(
            f"Paragraph {j} of report {i}: the harbour authority in Port Adrin counted "
            f"{100 + 7 * i + j} ships waiting for the lock to reopen after repairs."
            for j in range(6)
        )
        html = f"<html><head><title>Harbour report {i}</title></head><body><article>"
        html += "".join(f"<p>{body}</p>" for _ in range(2)) + "</article></body></html>"
        pages.append((f"https://harbour.example/report-{i}", html.encode()))
    path = write_warc(tmp_path / "damaged.warc.gz", pages)
    data = bytearray(path.read_bytes())
    records = ArchiveIterator(open(path, "rb"))
    offsets = [records.offset for _ in records]
    data[offsets[3] + 40 : offsets[3] + 60] = bytes(20)  # record 4: the third page
    path.write_bytes(bytes(data[:-60]))  # record 5 (the last page) cut off
    return path


def test_batch_then_load_gives_what_ingest_gives(spark, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = batch(spark, [EXAMPLES], out)
    assert (report.articles, report.failures) == (15, 0)
    db = str(tmp_path / "loaded.db")
    assert loaded(out, db).new == 15
    articles, links, stories = summary(db)
    want_articles, want_links, want_stories = summary(ingested(tmp_path, [EXAMPLES]))
    assert articles == want_articles
    assert links == want_links  # the same pairs, with the same likely origin
    assert {a for pair, _ in links for a in pair} <= articles
    assert bcubed_prf(stories, want_stories).f1 >= 0.95
    # the Parquet stories are the ones the store now holds
    parquet = {a: s["id"] for s in table(out, "stories") for a in s["articles"]}
    assert bcubed_prf(parquet, stories).f1 == 1.0


def test_crawl_with_facts_and_briefs(spark, tmp_path: Path, cli) -> None:
    crawl = example_warc(tmp_path)
    out = tmp_path / "out"
    report = batch(spark, [crawl, EXAMPLES / "crawl.warc.gz"], out, facts=True, briefs=True)
    assert (report.pages, report.articles, report.failures) == (10, 10, 0)
    facts = table(out, "facts")
    assert len(facts) == 10 and all('"entities"' in row["facts"] for row in facts)
    stories = table(out, "stories")
    briefs = {row["story_id"]: row for row in table(out, "briefs")}
    assert set(briefs) == {s["id"] for s in stories}
    dam = max(stories, key=lambda s: s["size"])
    assert dam["size"] >= 6 and "dam" in (dam["title"] or "").lower()
    assert briefs[dam["id"]]["error"] is None and '"summary"' in briefs[dam["id"]]["brief"]

    db = str(tmp_path / "crawl.db")
    result = cli("load", out, "--db", db)
    assert result.exit_code == 0, result.output
    assert "10 new" in result.output
    articles, links, partition = summary(db)
    want = summary(ingested(tmp_path, [crawl, EXAMPLES / "crawl.warc.gz"]))
    assert (articles, links) == want[:2]
    assert bcubed_prf(partition, want[2]).f1 >= 0.95
    shown = cli("story", "top", "--db", db)
    assert shown.exit_code == 0 and "Korvel" in shown.output


def test_damaged_records_rerun_reload_and_a_later_day(spark, tmp_path: Path) -> None:
    # Day one: the CPA originals (12-13 March) and a damaged crawl.
    damaged = damaged_warc(tmp_path)
    day1, again, day2 = tmp_path / "day1", tmp_path / "again", tmp_path / "day2"
    report = batch(spark, [damaged, EXAMPLES / "crawl.warc.gz"], day1)
    assert report.articles == 5  # two harbour reports survive, and the three example pages
    failures = table(day1, "failures")
    reasons = sorted(row["error"] for row in failures)
    assert reasons[0].startswith(f"{damaged}#record 4: malformed at offset ")
    assert reasons[1].startswith(f"{damaged}#record 5: truncated at offset ")
    assert {row["stage"] for row in failures} == {"source"}

    # The same input again: the same rows.
    batch(spark, [damaged, EXAMPLES / "crawl.warc.gz"], again)
    for name in ("articles", "pages", "reuse_links", "stories", "failures"):
        key = sorted(table(day1, name)[0])
        rows = [sorted(map(repr, (tuple(r[k] for k in key) for r in table(d, name))))
                for d in (day1, again)]  # fmt: skip
        assert rows[0] == rows[1], name

    # Loaded twice: nothing added the second time.
    db = str(tmp_path / "days.db")
    first = loaded(day1, db)
    assert (first.new, first.failures) == (5, 2)
    before = summary(db)
    reloaded = loaded(day1, db)
    assert (reloaded.new, reloaded.known, reloaded.links) == (0, 5, 0)
    assert summary(db) == before

    # Day two: outlets' pages, copies of the CPA story among them.
    batch(spark, [EXAMPLES / "pages"], day2)
    assert loaded(day2, db).new == 6
    conn = sqlite3.connect(db)
    ids = dict(conn.execute("SELECT ref, id FROM articles").fetchall())
    story = dict(conn.execute("SELECT id, story_id FROM articles").fetchall())
    cpa = ids["https://www.cpa-wire.example/world/europe/korvel-dam-death-toll-14"]
    ledger = next(i for ref, i in ids.items() if ref.endswith("northern-ledger-korvel-dam.html"))
    origin = conn.execute(
        "SELECT origin_id FROM reuse_links WHERE article_id = ? AND other_id = ?", (ledger, cpa)
    ).fetchone()
    conn.close()
    assert origin == (cpa,)  # yesterday's original found from today's copy
    assert story[ledger] == story[cpa]  # and the copy joined the story loaded the day before
