"""Story pages are rendered once and kept, but never served older than the store."""

from __future__ import annotations

from conftest import EXAMPLES
from fastapi.testclient import TestClient

from storyline.ingest import ingest
from storyline.store.db import Store
from storyline.views import save_story, story_view
from storyline.web import create_app
from storyline.web.pagecache import RenderedPages


def test_a_story_page_follows_its_story_when_the_brief_is_recomputed(tmp_path):
    path = str(tmp_path / "cache.db")
    store = Store.open(path)
    ingest([str(EXAMPLES / "pages")], store, facts=False)
    client = TestClient(create_app(db=path))
    story = client.get("/stories.json").json()["stories"][0]["id"]
    first = client.get(f"/stories/{story}")
    assert first.status_code == 200
    assert client.get(f"/stories/{story}").content == first.content  # served again, same page
    assert client.get(f"/stories/{story}?x=1").status_code == 200

    view = story_view(store, story)
    changed = view | {"title": "Dam inquiry reopens after new evidence",
                      "updated_at": "2099-01-01T00:00:00+00:00"}  # fmt: skip
    with store.engine.begin() as conn:
        save_story(conn, story, changed)  # what ingest's brief refresh writes
    again = client.get(f"/stories/{story}")
    assert "Dam inquiry reopens after new evidence" in again.text
    assert again.headers["etag"] != first.headers["etag"]
    store.close()


def test_the_cache_keeps_to_its_byte_bound():
    pages = RenderedPages(max_bytes=1000)
    for i in range(20):
        pages.put(i, b"x" * 100)
    assert pages.get(0) is None  # the oldest went first
    assert pages.get(19) == b"x" * 100
    assert sum(pages.get(i) is not None for i in range(20)) == 10


def test_a_kept_story_page_and_json_show_a_new_note_and_a_renamed_thread(store_url):
    from storyline.noting import add

    path = store_url
    store = Store.open(path)
    ingest([str(EXAMPLES / "pages")], store, facts=False)
    client = TestClient(create_app(db=path))
    story = client.get("/stories.json").json()["stories"][0]["id"]
    page, twin = client.get(f"/stories/{story}"), client.get(f"/stories/{story}.json")
    assert client.get(f"/stories/{story}").content == page.content  # kept
    add(store, story, "Checked with the <b>council</b>", author="desk")
    noted = client.get(f"/stories/{story}")
    assert "Checked with the &lt;b&gt;council&lt;/b&gt;" in noted.text
    assert noted.headers["etag"] != page.headers["etag"]
    assert [n["text"] for n in client.get(f"/stories/{story}.json").json()["notes"]] == [
        "Checked with the <b>council</b>"
    ]
    thread = client.get(f"/stories/{story}.json").json()["thread"]
    if thread is not None:  # threads are renamed without the story changing
        from sqlalchemy import text

        with store.engine.begin() as conn:
            conn.execute(text("UPDATE threads SET title = 'Renamed thread' WHERE id = :t"),
                         {"t": thread})  # fmt: skip
        assert "Renamed thread" in client.get(f"/stories/{story}").text
        assert client.get(f"/stories/{story}.json").json()["thread_title"] == "Renamed thread"
    assert twin.status_code == 200
    store.close()


def test_kept_lists_and_searches_follow_an_ingest_from_another_connection(store_url):
    pages = EXAMPLES / "pages"
    path = store_url  # a SQLite file, or a PostgreSQL database when a server is found
    store = Store.open(path)
    ingest([str(pages / "harbor-times-korvel-dam.html")], store, facts=False)
    client = TestClient(create_app(db=path))
    urls = ["/", "/stories.json", "/search?q=Kessling", "/search.json?q=Kessling"]
    before = {u: client.get(u) for u in urls}
    assert all(client.get(u).content == before[u].content for u in urls)  # kept
    assert client.get("/search.json?q=Kessling").json()["count"] == 0

    other = Store.open(path)  # another writer, as `storyline ingest` beside the server
    ingest([str(pages / "northern-ledger-kessling-transfer.html")], other, facts=False)
    other.close()
    after = {u: client.get(u) for u in urls}
    assert all(after[u].content != before[u].content for u in urls)
    assert client.get("/search.json?q=Kessling").json()["count"] >= 1
    assert (
        client.get("/stories.json").json()["total"] == before["/stories.json"].json()["total"] + 1
    )
    store.close()


def test_the_store_revision_moves_only_when_someone_commits(tmp_path):
    from sqlalchemy import text

    from storyline.store.revision import StoreRevision

    path = str(tmp_path / "rev.db")
    store = Store.open(path)
    revision = StoreRevision(store.engine)
    first = revision()
    assert first is not None and revision() == first
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE stories SET title = 'x' WHERE id = -1"))  # an empty commit
        conn.execute(text("INSERT INTO meta (key, value) VALUES ('bench', '1')"))
    assert revision() != first
    revision.close()
    store.close()


def test_a_kept_story_page_shows_a_related_story_renamed(tmp_path):
    from sqlalchemy import text

    path = str(tmp_path / "related.db")
    store = Store.open(path)
    ingest([str(EXAMPLES / "pages")], store, facts=False)
    client = TestClient(create_app(db=path))
    first, other = [s["id"] for s in client.get("/stories.json").json()["stories"][:2]]
    with store.engine.begin() as conn:  # as the end of an ingest relates them
        conn.execute(text("UPDATE stories SET related = :r WHERE id = :s"),
                     {"r": f"[{other}]", "s": first})  # fmt: skip
    page = client.get(f"/stories/{first}")
    assert client.get(f"/stories/{first}").content == page.content
    with store.engine.begin() as conn:  # the related story's title follows its latest news
        conn.execute(text("UPDATE stories SET title = 'Ferry <strike> called off' WHERE id = :s"),
                     {"s": other})  # fmt: skip
    assert "Ferry &lt;strike&gt; called off" in client.get(f"/stories/{first}").text
    store.close()
