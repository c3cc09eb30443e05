"""The one runner over its ports: the in-memory store and SQLite make the same decisions.

The same pages through `storyline.runner.Runner` into `MemoryStorage` and into a SQLite
store must give the same articles (by content id), the same lineage links and the same
stories and threads; a stage that fails costs its page only, on either storage."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.ingest import runner_for
from storyline.ports.memory import MemoryStorage
from storyline.records import GivenMeta, Page
from storyline.runner import Runner, RunSettings
from storyline.sources import iter_pages
from storyline.store import lineage
from storyline.store.db import Store
from storyline.store.threadstate import story_threads

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SETTINGS = RunSettings(facts=False, briefs=False)


def _pages():
    return iter_pages([str(EXAMPLES)])


def _memory_result(memory: MemoryStorage):
    records = memory.records()
    articles = {a["content_id"] for a in records["articles"]}
    links = {(link["article"], link["other"], round(link["shared"], 6), link["exact"])
             for link in records["links"]}  # fmt: skip
    stories: dict[int, set[str]] = {}
    threads: dict[int, set[str]] = {}
    for a in records["articles"]:
        stories.setdefault(a["story"], set()).add(a["content_id"])
        threads.setdefault(a["thread"], set()).add(a["content_id"])
    return articles, links, _partition(stories), _partition(threads)


def _sql_result(store: Store):
    held = list(store.iter_articles())
    cid = {a.id: a.content_id for a in held}
    stories: dict[int | None, set[str]] = {}
    for a in held:
        stories.setdefault(a.story_id, set()).add(a.content_id)
    links = set()
    with store.engine.connect() as conn:
        for a in held:
            for link in lineage.links_of(conn, a.id):
                if int(link.a) > int(link.b):  # stored from the newer article's side
                    links.add((cid[int(link.a)], cid[int(link.b)], round(link.shared_a, 6),
                               link.exact_duplicate))  # fmt: skip
        thread_of = story_threads(conn, [s for s in stories if s is not None])
    threads: dict[int | None, set[str]] = {}
    for story, members in stories.items():
        threads.setdefault(thread_of.get(story) if story is not None else None, set()).update(
            members
        )
    return set(cid.values()), links, _partition(stories), _partition(threads)


def _partition(groups: dict) -> set[frozenset[str]]:
    return {frozenset(members) for members in groups.values()}


def test_memory_and_sqlite_give_the_same_articles_lineage_and_stories(tmp_path: Path) -> None:
    memory = MemoryStorage()
    in_memory = Runner(memory, SETTINGS).run(_pages())
    store = Store.open(tmp_path / "runner.db")
    in_sql = runner_for(store, SETTINGS).run(_pages())
    assert in_memory.new == in_sql.new == store.count_articles() > 10
    assert in_memory.known == in_sql.known
    assert [f.input for f in in_memory.failures] == [f.input for f in in_sql.failures]

    m_articles, m_links, m_stories, m_threads = _memory_result(memory)
    s_articles, s_links, s_stories, s_threads = _sql_result(store)
    assert m_articles == s_articles
    assert len(m_links) > 5 and m_links == s_links
    assert any(len(s) > 1 for s in m_stories) and m_stories == s_stories
    assert m_threads == s_threads
    # the short ids are each store's own, but both number articles in order of arrival
    assert [a["id"] for a in memory.records()["articles"]] == sorted(in_sql.article_ids)
    store.close()


def test_a_failing_stage_costs_its_page_only_on_both(tmp_path: Path, monkeypatch) -> None:
    """An exception in the story stage for one page: that page is a failure row, with no
    article left behind; every other page is ingested."""
    from storyline.runner import Stages

    original = Stages.assign_story
    calls = {"n": 0}

    def flaky(self, session, article_id, article, links, **given):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("boom")
        return original(self, session, article_id, article, links, **given)

    monkeypatch.setattr(Stages, "assign_story", flaky)
    memory = MemoryStorage()
    report = Runner(memory, SETTINGS).run(_pages())
    assert report.failed == 1 and "boom" in report.failures[0].error
    assert len(memory.articles) == report.new

    calls["n"] = 0
    store = Store.open(tmp_path / "flaky.db")
    sql_report = runner_for(store, SETTINGS).run(_pages())
    assert sql_report.failed == 1 and store.count_articles() == sql_report.new == report.new
    store.close()


@pytest.mark.parametrize("facts", [False, True])
def test_settings_decide_what_a_run_does(tmp_path: Path, facts: bool) -> None:
    """``--no-facts`` is a runner setting: no facts are kept without it."""
    memory = MemoryStorage()
    pages = list(iter_pages([str(EXAMPLES / "pages")]))[:3]
    report = Runner(memory, RunSettings(facts=facts, briefs=True)).run(pages)
    assert report.new == 3
    assert bool(memory.facts) is facts
    assert memory.briefs.stale == report.stories != set()


def _text_page(ref: str, url: str, body: str) -> Page:
    content = f"Harbour talks\n\n{body}\n"
    return Page(ref=ref, origin=ref, kind="text", content=content, raw=content.encode(),
                given=GivenMeta(url=url, title="Harbour talks"), group=ref)  # fmt: skip


FIRST = ("The harbour cranes at Eastvale stood idle on Monday after the port operator and "
         "the dockers' union failed to agree on night shifts. Ships queued outside the "
         "breakwater while talks went on at the town hall.")  # fmt: skip
EDITED = FIRST + (" On Tuesday evening both sides said a deal on night shifts had been reached "
                  "and the first ships were unloaded before midnight.")  # fmt: skip


@pytest.mark.parametrize("where", ["memory", "sqlite"])
def test_content_id_survives_a_revision_and_names_the_article(tmp_path: Path, where) -> None:
    """A revised article keeps its content id (its first text's hash); that first text met
    again at another URL is the same article, not a second one."""
    store = Store.open(tmp_path / "rev.db") if where == "sqlite" else None
    runner = runner_for(store, SETTINGS) if store is not None else Runner(MemoryStorage(), SETTINGS)
    first = runner.run([_text_page("a", "https://example.org/a", FIRST)])
    revised = runner.run([_text_page("a2", "https://example.org/a", EDITED)])
    again = runner.run([_text_page("b", "https://example.org/b", FIRST)])
    assert first.new == 1 and revised.revised == 1
    assert again.new == 0 and again.known == 1 and not again.failures
    if store is not None:
        held = store.get_article(first.article_ids[0])
        assert held is not None and held.content_id != held.article.content_hash
        assert store.count_articles() == 1
        store.close()
