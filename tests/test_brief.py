"""The story brief (``storyline.brief``) on the example corpus's dam story and on small
hand-written fictional inputs.

The example pages go through the real path (``iter_pages`` + ``extract_page``, ``annotate``,
``ReuseIndex``); the facts asserted here are the ones ``examples/README.md`` plants.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from storyline.annotate import annotate
from storyline.brief import (
    Brief,
    BriefArticle,
    Briefing,
    BriefInput,
    build_brief,
    rows,
    start_brief,
    to_markdown,
    update_brief,
)
from storyline.brief.summary import when
from storyline.extract import RecurringLines, extract_page
from storyline.records import Page, normalise_for_hash
from storyline.reuse import ReuseIndex, ReuseLink
from storyline.sources import iter_pages

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
OTHER_STORIES = ("kessling", "lumora")


def load_story(inputs: list[str], skip: tuple[str, ...] = ()) -> BriefInput:
    """Clean, annotate and link pages the way ingest does; one BriefInput of all of them."""
    pages = [p for p in iter_pages(inputs) if isinstance(p, Page)]
    recurring = RecurringLines()
    for p in pages:
        if p.kind == "text":
            recurring.observe(p.group, p.content)
    articles, seen = [], set()
    for p in pages:
        if any(s in p.ref for s in skip):
            continue
        a = extract_page(p, recurring=recurring)
        if a.content_hash in seen:
            continue
        seen.add(a.content_hash)
        articles.append(a)
    articles.sort(key=lambda a: when(a.published))
    index = ReuseIndex()
    links: list[ReuseLink] = []
    out = []
    for a in articles:
        links.extend(index.add(a.ref, a.text, a.published))
        facts = annotate(a.text, published=a.published, language=a.language)
        out.append(BriefArticle(a.ref, a.title, a.outlet, a.published, a.url, a.text, facts))
    return BriefInput("story", out, links)


def assert_verbatim(brief: Brief, story: BriefInput) -> None:
    """Every text of the brief is a verbatim span of at least one article it cites."""
    texts = {a.id: a.text for a in story.articles}
    items: list[tuple[str, str, tuple[str, ...]]] = []
    items += [("summary", s.text, s.sources) for s in brief.summary]
    items += [("timeline", t.text, t.sources) for t in brief.timeline]
    for q in brief.quotes:
        items.append(("quote", q.text, q.sources))
        items += [("variant", v.text, v.sources) for v in q.variants]
    items += [("figure", f.text, f.sources) for f in brief.figures]
    for d in brief.disagreements:
        items += [(d.kind, i.text, i.sources) for i in d.items]
    for sentences in brief.exclusives.values():
        items += [("exclusive", s.text, s.sources) for s in sentences]
    assert items
    for kind, text, sources in items:
        assert sources, f"{kind} without sources: {text!r}"
        assert all(s in texts for s in sources), f"{kind} cites unknown articles"
        assert any(text in texts[s] for s in sources), f"{kind} not verbatim: {text!r}"
    for s in brief.summary:
        assert texts[s.article][s.start : s.end] == s.text


@pytest.fixture(scope="module")
def dam() -> BriefInput:
    return load_story([str(EXAMPLES)], skip=OTHER_STORIES)


@pytest.fixture(scope="module")
def brief(dam: BriefInput) -> Brief:
    return build_brief(dam)


def _id(story: BriefInput, needle: str) -> str:
    (found,) = [a.id for a in story.articles if needle in a.id]
    return found


def test_dam_story_has_the_eleven_pages(dam):
    assert len(dam.articles) == 11
    assert {a.label for a in dam.articles} >= {"Continental Press Agency", "Radio Meridian"}


def test_every_text_is_a_verbatim_span_of_a_cited_source(brief, dam):
    assert_verbatim(brief, dam)


def test_death_toll_14_vs_17_on_12_march_is_a_disagreement(brief, dam):
    tolls = [
        d
        for d in brief.disagreements
        if d.kind == "figure" and {i.value for i in d.items} >= {14.0, 17.0}
    ]
    assert len(tolls) == 1, [d.to_export() for d in brief.disagreements]
    (toll,) = tolls
    assert "2026-03-12" in toll.about
    by_value = {i.value: i for i in toll.items}
    assert _id(dam, "radio-meridian") in by_value[17.0].sources
    assert _id(dam, "korvel-dam-death-toll-14") in by_value[14.0].sources
    assert _id(dam, "northern-ledger-korvel-dam") in by_value[14.0].sources


def test_later_tolls_are_not_disagreements(brief):
    for d in brief.disagreements:
        if d.kind == "figure":
            assert not {i.value for i in d.items} & {19.0, 23.0}, d.to_export()
    # the only figure disagreement the corpus plants is the toll of 12 March
    assert [d.about for d in brief.disagreements if d.kind == "figure"] == ["people on 2026-03-12"]


def test_wire_copies_count_as_one_origin(brief, dam):
    cov = brief.coverage
    groups = {frozenset(g) for g in cov.origin_groups}
    cpa = _id(dam, "korvel-dam-death-toll-14")
    ledger = _id(dam, "northern-ledger-korvel-dam")
    pulse = _id(dam, "newspulse")
    assert any({cpa, ledger} <= g for g in groups)
    assert any({pulse, _id(dam, "flood-emergency-extended")} <= g for g in groups)
    assert cov.origins < cov.articles
    republishers = {o.outlet for o in cov.outlets if o.republishes}
    assert {"NewsPulse", "Northern Ledger"} <= republishers
    assert "Radio Meridian" not in republishers and "Valley Courier" not in republishers
    assert cov.first_outlet == "Tarnovets Today"
    # the wire figure carried by the agency and its copies is one origin, not three; Radio
    # Meridian's own "more than 6,000 people" is the second
    evacuated = [f for f in brief.figures if f.value == 6000 and cpa in f.sources]
    assert evacuated and evacuated[0].origins == 2
    assert len(evacuated[0].sources) > 2


def test_summary_sources_list_every_carrier(brief, dam):
    assert 4 <= len(brief.summary) <= 8
    for s in brief.summary:
        norm = normalise_for_hash(s.text)
        carriers = {a.id for a in dam.articles if norm in normalise_for_hash(a.text)}
        assert carriers <= set(s.sources), (s.text, carriers, s.sources)
    assert any(len(s.sources) > 1 for s in brief.summary)


def test_summary_is_led_by_the_latest_development(brief, dam):
    latest = max(dam.articles, key=lambda a: when(a.published))
    assert latest.id in brief.summary[0].sources


def test_timeline_orders_events_and_keeps_report_dates_apart(brief, dam):
    dates = [t.date for t in brief.timeline]
    assert dates == sorted(dates)
    published = {a.id: when(a.published) for a in dam.articles}
    for t in brief.timeline:
        assert t.first == min(t.sources, key=lambda s: published[s])
        assert t.reported == (dict((a.id, a.published) for a in dam.articles)[t.first] or "")[:10]
    vote = [t for t in brief.timeline if t.date == "2026-03-16"]
    assert vote and all(t.reported and t.reported <= "2026-03-16" for t in vote)
    assert any(t.date == "1978" for t in brief.timeline)


def test_quote_ledger_has_speakers_roles_and_variants(brief, dam):
    faster = [q for q in brief.quotes if "than any of our models predicted" in q.text]
    assert faster and faster[0].speaker == "Irena Kovalska"
    variants = {v.text: v.sources for v in faster[0].variants}
    assert any("quicker" in v for v in variants)
    assert _id(dam, "harbor-times") in next(s for v, s in variants.items() if "quicker" in v)
    assert faster[0].first == _id(dam, "korvel-dam-death-toll-14")
    voronel = [q for q in brief.quotes if q.speaker == "Aleksandr Voronel"]
    assert voronel and voronel[0].role


def test_name_differences_come_from_aliases_in_different_sources(brief):
    # spellings are a note on the names used, never a disagreement
    assert not [d for d in brief.disagreements if d.kind == "name"]
    names = list(brief.names_used)
    kovalska = [d for d in names if d.about == "Irena Kovalska"]
    assert kovalska
    assert {i.text for i in kovalska[0].items} == {"Irena Kovalska", "Irena Kovalski"}
    # a surname beside the full name, or a title, is the same spelling
    for d in names:
        assert len({i.value for i in d.items}) == len(d.items) >= 2


def test_exclusives_name_what_only_one_outlet_reports(brief):
    assert "NewsPulse" not in brief.exclusives  # a republisher adds nothing of its own
    harbor = " ".join(s.text for s in brief.exclusives.get("Harbor Times", ()))
    assert "barge" in harbor


def test_since_gives_only_what_is_new(dam):
    briefing = Briefing(dam)
    new = briefing.since("2026-03-13")
    assert new
    published = {a.id: when(a.published) for a in dam.articles}
    older = [a.text for a in dam.articles if published[a.id] < "2026-03-13"]
    for s in new:
        assert all(published[a] >= "2026-03-13" for a in s.sources)
        assert not any(s.text in text for text in older)
    assert briefing.since("2030-01-01") == ()


def test_markdown_renders_a_pasteable_brief(brief):
    md = to_markdown(brief)
    for heading in ("## Summary", "## Timeline", "## Quotes", "## Figures", "## Coverage"):
        assert heading in md
    for s in brief.summary:
        assert " ".join(s.text.split()) in md
    assert "[Continental Press Agency, Northern Ledger" in md
    assert "disputed" in md and "Seventeen people" in md
    assert "### Irena Kovalska" in md


def test_csv_rows(brief):
    for part in ("quotes", "figures", "timeline"):
        table = rows(brief, part)
        assert table and all(r.keys() == table[0].keys() for r in table)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
        assert len(out.getvalue().splitlines()) >= len(table) + 1
    figures = rows(brief, "figures")
    assert {r["value"] for r in figures if r["disputed"]} == {14.0, 17.0}
    with pytest.raises(ValueError):
        rows(brief, "entities")  # type: ignore[arg-type]


def test_export_is_json_safe(brief):
    import json

    data = json.loads(json.dumps(brief.to_export()))
    assert set(data) >= {"summary", "timeline", "quotes", "figures", "disagreements", "coverage"}
    assert set(data["summary"][0]) >= {"text", "sources"}
    assert set(data["timeline"][0]) >= {"date", "text", "sources", "first"}
    assert set(data["quotes"][0]) >= {"speaker", "text", "sources", "variants"}
    assert set(data["figures"][0]) >= {"value", "unit", "text", "date", "sources"}
    d = data["disagreements"][0]
    assert d["kind"] in {"figure", "name", "framing"} and d["about"] and d["items"]


# --- small hand-written fictional inputs -----------------------------------------------


def _article(aid: str, outlet: str, published: str, text: str) -> BriefArticle:
    return BriefArticle(
        aid, None, outlet, published, None, text, annotate(text, published=published, language="en")
    )


def _copy_link(copy: str, origin: str) -> ReuseLink:
    return ReuseLink(copy, origin, 0.97, 0.97, (), origin)


HARBOUR = (
    "At least 12 people died when a fire swept through the Glenvale ferry terminal on Tuesday, "
    "the Ardel coastguard said. Rescue crews searched the harbour through the night."
)


def test_figures_same_time_differ_other_times_do_not():
    story = BriefInput(
        "ferry",
        [
            _article("w1", "Ardel Wire", "2031-04-02", HARBOUR),
            _article("c1", "Coast Echo", "2031-04-02", HARBOUR),
            _article(
                "r1",
                "Radio Glenvale",
                "2031-04-02",
                "Fifteen people died in the fire at the Glenvale ferry terminal on Tuesday, "
                "hospital officials told Radio Glenvale.",
            ),
            _article(
                "d1",
                "Daily Ardel",
                "2031-04-04",
                "Twenty people died in the Glenvale terminal fire, officials said on Thursday, "
                "as investigators began work.",
            ),
        ],
        [_copy_link("c1", "w1")],
    )
    brief = build_brief(story)
    figures = [d for d in brief.disagreements if d.kind == "figure"]
    assert len(figures) == 1
    values = {i.value: set(i.sources) for i in figures[0].items}
    assert values == {12.0: {"w1", "c1"}, 15.0: {"r1"}}  # 20 on another day is not in it
    assert brief.coverage.origins == 3
    copied = {o.outlet: o.republishes for o in brief.coverage.outlets}
    assert copied["Coast Echo"] and not copied["Ardel Wire"]
    assert_verbatim(brief, story)


def test_different_things_counted_are_not_disagreements():
    story = BriefInput(
        "drones",
        [
            _article(
                "a",
                "Northwind",
                "2031-06-10",
                "Officials in Ardel said Drevany had fired 90 drones overnight. "
                "Ardel said it had shot down 48 drones, including three near the capital.",
            ),
            _article(
                "b",
                "Southgate",
                "2031-06-10",
                "Households were paid €2,000 each as a first payment, the mayor said. "
                "The fund reached €9,000 in total by the evening, the mayor said.",
            ),
        ],
    )
    brief = build_brief(story)
    assert not [d for d in brief.disagreements if d.kind == "figure"]
    assert {f.value for f in brief.figures} >= {90.0, 48.0}


def test_summary_counts_origins_not_copies():
    wire = (
        "The Glenvale ferry terminal reopened on Friday after repairs, the port authority said. "
        "Ticket prices at the terminal will stay unchanged this summer, the operator said."
    )
    independent = [
        "Harbour workers said the reopening of the Glenvale ferry terminal on Friday came "
        "after weeks of repairs to the damaged pier.",
        "Ferries returned to the Glenvale terminal on Friday as the harbour reopened after "
        "repairs to the pier, port officials said.",
        "The Glenvale terminal reopened to ferries on Friday following repairs to the pier, "
        "officials at the port said.",
    ]
    articles = [_article(f"w{i}", f"Copy {i}", "2031-07-04", wire) for i in range(5)]
    articles += [
        _article(f"i{i}", f"Outlet {i}", "2031-07-04", t) for i, t in enumerate(independent)
    ]
    links = [_copy_link(f"w{i}", "w0") for i in range(1, 5)]
    brief = build_brief(BriefInput("ferry", articles, links))
    texts = [s.text for s in brief.summary]
    prices = next(s for s in brief.summary if "Ticket prices" in s.text)
    assert set(prices.sources) == {f"w{i}" for i in range(5)} and prices.origins == 1
    reopened = [i for i, t in enumerate(texts) if "reopen" in t.lower()]
    assert reopened and reopened[0] < texts.index(prices.text)


def test_update_brief_recomputes_a_story_with_a_new_article():
    first = _article("a", "Northwind", "2031-04-02", HARBOUR)
    state = start_brief(BriefInput("ferry", [first]))
    assert state.brief.coverage.articles == 1
    newer = _article(
        "b",
        "Radio Glenvale",
        "2031-04-02",
        "Fifteen people died in the fire at the Glenvale ferry terminal on Tuesday, "
        "hospital officials told Radio Glenvale.",
    )
    cached = len(state.cache)
    state = update_brief(state, newer)
    assert state.brief.coverage.articles == 2
    assert len(state.cache) == cached + 1  # only the new article was prepared
    assert [d.kind for d in state.brief.disagreements] == ["figure"]


def test_edge_cases_do_not_break_the_brief():
    from storyline.annotate import ArticleFacts

    assert build_brief(BriefInput("empty", [])).summary == ()
    blank = BriefArticle("x", None, None, None, None, "", ArticleFacts())
    french = BriefArticle(
        "y", None, None, "not a date", "https://www.exemple.example/a", "Bonjour.", ArticleFacts()
    )
    only = _article("z", "Northwind", "2031-04-02T10:00:00+02:00", HARBOUR)
    story = BriefInput("odd", [blank, french, only, only])
    brief = build_brief(story)
    assert brief.coverage.articles == 3
    # a source without an outlet, URL or title is never shown as its bare id
    assert {o.outlet for o in brief.coverage.outlets} == {
        "untitled page",
        "exemple.example",
        "Northwind",
    }
    assert brief.summary and brief.exclusives.keys() <= {"Northwind"}
    assert to_markdown(brief)
    with pytest.raises(ValueError):
        Briefing(story).since("last week")


def test_summary_sentences_are_dated_newest_first_after_the_lead(brief):
    dates = [s.date for s in brief.summary]
    assert all(d is not None and len(d) == 10 for d in dates)
    assert dates[1:] == sorted(dates[1:], reverse=True)
    assert all("date" in s.to_export() for s in brief.summary)
