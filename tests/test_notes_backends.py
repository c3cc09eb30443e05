"""Notes, the related-story refresh and the store check on both backends (SQLite and
PostgreSQL through tests/pg.py)."""

from __future__ import annotations

from conftest import EXAMPLES

from storyline.ingest import ingest
from storyline.noting import add, notes_of
from storyline.relations import refresh_related
from storyline.store.db import Store
from storyline.store.locate import check_target
from storyline.views import story_view


def test_notes_and_related_refresh_on_each_backend(store_url):
    check_target(store_url, create=True)  # a URL or a new file: nothing to refuse
    store = Store.open(store_url)
    try:
        ingest([str(EXAMPLES / "dumps")], store, facts=False)
        refresh_related(store)
        assert refresh_related(store) == 0  # nothing changed since
        story_id = min(int(s) for s in store_ids(store))
        article = story_view(store, story_id)["article_list"][0]["id"]
        add(store, story_id, "Checked <b>with</b> the desk", author="Ana")
        add(store, story_id, "Wire copy", on=("article", str(article)), mark="disputed")
        notes = notes_of(store, story_id)
        assert [n.text for n in notes] == ["Checked <b>with</b> the desk", "Wire copy"]
        view = story_view(store, story_id)
        assert next(a for a in view["article_list"] if a["id"] == article)["mark"] == "disputed"
    finally:
        store.close()


def store_ids(store) -> list[int]:
    from storyline.views import story_rows

    return [row["id"] for row in story_rows(store, limit=100, offset=0)]
