"""Wire lineage and stories through the whole ingest, on the example corpus and the seeds."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES, SHARED_CORPUS, require_path

from storyline.ingest import ingest
from storyline.rebuild import rebuild
from storyline.store.db import Store
from storyline.views import article_view, story_rows, story_view


def _by_ref(store: Store) -> dict[str, int]:
    return {s.article.ref.rsplit("/", 1)[-1]: s.id for s in store.iter_articles(with_parts=False)}


@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    store = Store.open(tmp_path_factory.mktemp("ex") / "ex.db")
    report = ingest([str(EXAMPLES)], store, facts=False)
    assert report.new == 15 and not report.failures
    return store


def test_example_stories_are_the_dam_the_transfer_and_the_launch(examples):
    rows = story_rows(examples)
    sizes = sorted(row["size"] for row in rows)
    assert sizes == [2, 2, 11]
    dam = next(row for row in rows if row["size"] == 11)
    assert any(word in dam["title"].lower() for word in ("korvel", "dam", "flood"))


def test_the_wire_story_is_traced_to_its_origin_with_each_copy_share(examples):
    refs = _by_ref(examples)
    wire = next(i for r, i in refs.items() if r.endswith("korvel-dam-death-toll-14"))
    copies = {
        "northern-ledger-korvel-dam": (0.9, 1.0),
        "harbor-times-korvel-dam": (0.6, 0.95),
        "valley-courier-tarnovec-night": (0.15, 0.5),
    }
    for ref, (low, high) in copies.items():
        refs[ref] = next(i for r, i in refs.items() if r.startswith(ref))
        view = article_view(examples, refs[ref])
        link = next(x for x in view["lineage"] if x["article"] == wire)
        assert link["origin"] == wire, ref
        # the share of the agency text found in the copy, seen from the agency's side
        agency_side = next(
            x for x in article_view(examples, wire)["lineage"] if x["article"] == refs[ref]
        )
        assert low <= max(link["other_shared"], agency_side["other_shared"]) <= high, ref


def test_story_groups_articles_by_origin(examples):
    dam = next(row for row in story_rows(examples) if row["size"] == 11)
    view = story_view(examples, dam["id"])
    groups = {g["outlet"]: g for g in view["lineage"]}
    agency = [g for g in view["lineage"] if g["outlet"] == "Continental Press Agency"]
    copied_by = {c["outlet"] for g in agency for c in g["copies"]}
    assert {"Northern Ledger", "Harbor Times", "NewsPulse"} <= copied_by
    assert "Radio Meridian" in groups  # an independent report


def test_unrelated_stories_never_share_a_story(examples):
    refs = _by_ref(examples)
    story_of = {ref: examples.get_article(i).story_id for ref, i in refs.items()}
    football = {story_of[r] for r in refs if "kessling" in r}
    tech = {story_of[r] for r in refs if "lumora" in r}
    dam = {story_of[r] for r in refs if "kessling" not in r and "lumora" not in r}
    assert len(football) == len(tech) == len(dam) == 1
    assert len(football | tech | dam) == 3


def test_rebuild_is_deterministic(tmp_path):
    store = Store.open(tmp_path / "r.db")
    ingest([str(EXAMPLES)], store, facts=False)

    def layout() -> set[frozenset[str]]:
        groups: dict[int, set[str]] = {}
        for s in store.iter_articles(with_parts=False):
            groups.setdefault(s.story_id, set()).add(s.article.ref)
        return {frozenset(g) for g in groups.values()}

    before = layout()
    first = rebuild(store, facts=False)
    after_first = layout()
    second = rebuild(store, facts=False)
    assert layout() == after_first == before
    assert (first.stories, first.links) == (second.stories, second.links)


def test_seeds_form_one_story_and_only_copy_sharing_seeds_are_linked(tmp_path):
    seeds = require_path(SHARED_CORPUS / "seeds")
    store = Store.open(tmp_path / "seeds.db")
    ingest([str(seeds / "manifest.jsonl")], store, facts=False)
    assert len(story_rows(store)) == 1
    refs = {s.id: s.article.ref.rsplit("/", 1)[-1][:3] for s in store.iter_articles()}
    linked = set()
    for article_id, prefix in refs.items():
        for link in article_view(store, article_id)["lineage"]:
            linked.add(frozenset((prefix, refs[link["article"]])))
    # 000 and 003 carry the same agency copy; 002 and 003 the same statements
    assert frozenset(("000", "003")) in linked
    assert frozenset(("002", "003")) in linked
    assert not any("001" in pair or "004" in pair for pair in linked)


def test_keys_of_an_older_version_are_recomputed_so_old_and_new_articles_still_link(tmp_path):
    """A store written by a storyline whose lineage keys differ (another KEY_VERSION) is
    re-keyed when ingest opens it: a copy arriving later still finds its original."""
    from sqlalchemy import select, update

    from storyline.store import schema as t
    from storyline.store.lineage import KEY_VERSION_META

    body = (
        "Engineers at the Lisk reservoir opened two spillway gates on Friday after a week of "
        "heavy rain raised the water to within a metre of the crest. The regional authority "
        "said the release would continue for at least three days and warned farmers along the "
        "lower valley to move livestock to higher ground. Inspectors found no cracks in the "
        "concrete face during an overnight survey, the authority added in a statement."
    )
    wire, copy = tmp_path / "wire.txt", tmp_path / "copy.txt"
    wire.write_text("Spillway gates opened at Lisk reservoir\n\n" + body + "\n", "utf-8")
    copy.write_text("Lisk dam releases water\n\n" + body + " Local schools stay open.\n", "utf-8")
    store = Store.open(tmp_path / "old.db")
    ingest([str(wire)], store, facts=False)
    with store.engine.begin() as conn:  # what an older version left: other keys, version 1
        conn.execute(update(t.reuse_keys).values(key=t.reuse_keys.c.key + 1))
        conn.execute(update(t.meta).where(t.meta.c.key == KEY_VERSION_META).values(value="1"))
    ingest([str(copy)], store, facts=False)
    with store.engine.connect() as conn:
        links = conn.execute(select(t.reuse_links.c.article_id, t.reuse_links.c.other_id)).all()
        version = conn.execute(
            select(t.meta.c.value).where(t.meta.c.key == KEY_VERSION_META)
        ).scalar()
    assert len(links) == 1
    from storyline.reuse import KEY_VERSION

    assert version == str(KEY_VERSION)


def test_the_dam_story_is_titled_by_its_latest_toll(examples):
    """The title follows the story's latest central development: the toll reported last
    (23, on 14 March), not the first wire headline's 14."""
    dam = next(row for row in story_rows(examples) if row["size"] == 11)
    assert "toll" in dam["title"].lower() and "23" in dam["title"]


def test_what_changed_since_a_day_lists_only_what_the_later_articles_added(examples):
    """`story ID --since DAY`: the articles published since, and summary sentences dated
    from that day on (newest first after the lead); figures and quotes: see test_stories."""
    from storyline.views import story_since

    dam = next(row for row in story_rows(examples) if row["size"] == 11)
    view = story_since(examples, dam["id"], "2026-03-14")
    listed = {a["id"]: a for a in view["article_list"]}
    new = view["changes"]["articles"]
    assert [listed[i]["outlet"] for i in new] == ["Valley Courier", "Eastgate Gazette"]
    dates = [s["date"] for s in view["summary"]]
    assert dates and all(d >= "2026-03-14" for d in dates)
    assert dates[1:] == sorted(dates[1:], reverse=True)
    assert any("23" in s["text"] for s in view["summary"])
    nothing = story_since(examples, dam["id"], "2026-04-01")
    assert nothing["changes"]["articles"] == [] and nothing["summary"] == []
    with pytest.raises(ValueError):
        story_since(examples, dam["id"], "next week")


def test_the_story_view_names_its_thread(examples):
    dam = next(row for row in story_rows(examples) if row["size"] == 11)
    view = story_view(examples, dam["id"])
    assert isinstance(view["thread"], int) and view["thread_title"]
