"""The store keeps one article per clean text, records failures once, and searches text."""

from __future__ import annotations

from storyline.records import Article, Failure, GivenMeta, Page
from storyline.store.db import Store
from storyline.store.search import fts5_query


def _page(content: str, url: str | None = None, ref: str = "p.txt") -> Page:
    return Page(ref=ref, origin=ref, kind="body", content=content, given=GivenMeta(url=url))


def _article(page: Page, paragraphs: tuple[str, ...], title: str = "Dam talks resume") -> Article:
    return Article(
        ref=page.ref,
        origin=page.origin,
        kind=page.kind,
        paragraphs=paragraphs,
        url=page.given.url,
        title=title,
        outlet="Valley Courier",
        published="2026-03-12",
        raw_hash=page.raw_hash,
    )


def test_same_text_at_two_urls_is_one_article_with_two_places(tmp_path):
    store = Store.open(tmp_path / "s.db")
    body = ("Negotiators met in Corvane on Tuesday.", "They agreed to meet again next week.")
    p1 = _page("\n\n".join(body), url="https://a.example/1")
    p2 = _page("\n\n".join(body) + "\n", url="https://b.example/2")
    first = store.add_article(p1, _article(p1, body))
    second = store.add_article(p2, _article(p2, body))
    assert first.status == "new" and second.status == "known"
    assert first.article_id == second.article_id
    assert store.count_articles() == 1
    stored = store.get_article(first.article_id)
    assert stored.urls == ("https://a.example/1", "https://b.example/2")
    assert stored.article.paragraphs == body


def test_known_page_by_bytes_and_by_url(tmp_path):
    store = Store.open(tmp_path / "s.db")
    page = _page("Flood waters receded overnight in the lower valley.", url="https://a.example/x")
    assert store.known_page(page) is None
    result = store.add_article(page, _article(page, (page.content,)))
    assert store.known_page(page) == result.article_id
    same_url = _page("A different rendering of the page.", url="https://a.example/x")
    assert store.known_page(same_url) == result.article_id


def test_failures_are_recorded_once(tmp_path):
    store = Store.open(tmp_path / "s.db")
    failure = Failure("broken.html", "source", "binary content, not a page")
    store.record_failure(failure)
    store.record_failure(failure)
    assert store.failures() == [failure]


def test_search_finds_words_and_phrases_and_survives_punctuation(tmp_path):
    store = Store.open(tmp_path / "s.db")
    page = _page("The reservoir at Lake Ostrava reached record levels.")
    store.add_article(page, _article(page, (page.content,), title="Reservoir at record"))
    assert [h.id for h in store.search("reservoir")] == [1]
    assert [h.id for h in store.search('"lake ostrava"')] == [1]
    assert store.search("ostrava lake-side AND (") == []
    assert store.search('"*') == []
    assert "\x02reservoir\x03" in store.search("reservoirs")[0].snippet.lower()


def test_fts5_query_quotes_every_term():
    assert fts5_query('kyiv "second round" OR-') == '"kyiv" "second round" "OR"'
    assert fts5_query("!!!") == ""


def test_reopen_keeps_data_and_schema(tmp_path):
    path = tmp_path / "s.db"
    store = Store.open(path)
    page = _page("Engineers inspected the spillway gates.")
    store.add_article(page, _article(page, (page.content,)))
    store.close()
    assert Store.open(path).count_articles() == 1


def test_bulk_helpers_write_and_read_many_rows(tmp_path) -> None:
    """More keys than one SQLite statement takes, replaced or kept on conflict as asked."""
    from storyline.store import schema as t
    from storyline.store.bulk import MAX_PARAMETERS, insert_many, rows_in

    store = Store.open(tmp_path / "bulk.db")
    keys = list(range(1, 2 * MAX_PARAMETERS + 7))
    with store.engine.begin() as conn:
        insert_many(
            conn, t.term_df, ("term", "df"), [(f"w{k}", 1) for k in keys], conflict=("term",)
        )
        insert_many(conn, t.term_df, ("term", "df"), [("w1", 5)], conflict=("term",))
        insert_many(conn, t.term_df, ("term", "df"), [("w2", 9)], conflict=("term",), replace=False)
        asked = [f"w{k}" for k in keys]
        rows = dict(rows_in(conn, "SELECT term, df FROM term_df WHERE term IN ({})", asked))
    assert len(rows) == len(keys)
    assert rows["w1"] == 5 and rows["w2"] == 1 and rows["w3"] == 1


def test_migration_0004_keeps_lineage_keys_and_statistics(tmp_path) -> None:
    """A store made before 0004 (ordinary tables) is upgraded in place, rows kept."""
    from alembic import command
    from sqlalchemy import text

    from storyline.ingest import ingest
    from storyline.store.migrate import _config

    page = tmp_path / "a.txt"
    page.write_text(
        "Harbour cranes idle\n\nThe harbour cranes at Eastvale stood idle on Monday after the "
        "port operator and the dockers' union failed to agree on night shifts. Ships queued "
        "outside the breakwater while talks went on at the town hall.\n",
        "utf-8",
    )
    db = tmp_path / "old.db"
    store = Store.open(db)
    ingest([str(page)], store, facts=False)

    def counts(conn) -> tuple[int, int, int]:
        return tuple(  # type: ignore[return-value]
            conn.execute(text(f"SELECT count(*) FROM {name}")).scalar()
            for name in ("reuse_keys", "story_terms", "term_df")
        )

    with store.engine.begin() as conn:
        before = counts(conn)
        command.downgrade(_config(conn), "0003")
        schema = conn.execute(text("SELECT sql FROM sqlite_master WHERE name='term_df'")).scalar()
    store.close()
    assert "WITHOUT ROWID" not in schema and all(before)
    store = Store.open(db)  # upgrades again
    with store.engine.connect() as conn:
        assert counts(conn) == before
        schema = conn.execute(text("SELECT sql FROM sqlite_master WHERE name='term_df'")).scalar()
    assert "WITHOUT ROWID" in schema


def test_sql_key_lookup_counts_as_the_memory_backend_does(tmp_path) -> None:
    """Hits counted in SQL equal the reference in memory, boilerplate keys (held by more
    than ``max_postings`` articles) ignored, exact duplicates found through the text key."""
    import random

    from storyline.reuse import MemoryKeyBackend
    from storyline.store.lineage import SqlKeys

    rng = random.Random(5)
    pool = [rng.getrandbits(62) for _ in range(60)]
    memory = MemoryKeyBackend(max_postings=4)
    store = Store.open(tmp_path / "keys.db")
    with store.engine.begin() as conn:
        sql = SqlKeys(conn, max_postings=4)
        for doc in range(1, 30):
            keys = rng.sample(pool, 8)
            memory.add_keys(str(doc), keys)
            sql.add_keys(str(doc), keys)
        for _ in range(20):
            asked = rng.sample(pool, 12)
            assert sql.lookup(asked, asked[0]) == memory.lookup(asked, asked[0])


def test_bulk_writes_store_dates_as_core_does(tmp_path) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import insert, select

    from storyline.store import schema as t
    from storyline.store.bulk import update_many

    store = Store.open(tmp_path / "dates.db")
    moment = datetime(2026, 3, 12, 9, 30, 5, 123456, tzinfo=UTC)
    row = {"story_id": 1, "version": 1, "brief": "{}", "updated_at": moment}
    with store.engine.begin() as conn:
        conn.execute(insert(t.story_briefs).values(**row))
        core = conn.exec_driver_sql("SELECT updated_at FROM story_briefs").scalar()
        update_many(conn, t.story_briefs, "story_id", ("updated_at",), [(moment, 1)])
        bulk = conn.exec_driver_sql("SELECT updated_at FROM story_briefs").scalar()
        read = conn.execute(select(t.story_briefs.c.updated_at)).scalar()
    assert bulk == core
    assert read.replace(tzinfo=UTC) == moment
