"""Events and the story timeline: happenings with their own dates (hand-written articles)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from storyline.annotate import annotate, merge_facts
from storyline.brief.origins import Origins
from storyline.brief.timeline import build_timeline, default_timeline

PUB = "2031-03-13"  # a Thursday


def events(text: str, published: str = PUB) -> list[tuple[str, str]]:
    facts = annotate(text, published=published, language="en")
    return [(e.date, e.text) for e in facts.events]


def test_event_takes_its_own_date_not_the_reporting_date() -> None:
    found = events("The ministry said Thursday that rebels shelled the port of Orsk on Tuesday.")
    assert [d for d, _ in found] == ["2031-03-11"]


def test_subordinate_phrase_date_is_not_the_event_date() -> None:
    text = (
        "Governor Alva Renn visited Orsk on Tuesday for the first time since the army "
        "retook the town last month."
    )
    assert [d for d, _ in events(text)] == ["2031-03-11"]


def test_date_deep_in_an_after_phrase_is_not_the_event_date() -> None:
    text = (
        "Velgrad and Orsk have no talks scheduled, the council said Thursday, nearly a week "
        "after their first session since shortly after the flood in 2029."
    )
    assert [d for d, _ in events(text)] == ["2031-03-13"]  # the day it was said, not 2029


def test_one_event_per_sentence_with_several_dates() -> None:
    text = "Velgrad said Wednesday it wanted new talks with Orsk in Tarnovets next Monday."
    assert [d for d, _ in events(text)] == ["2031-03-17"]


def test_statement_with_only_its_reporting_date_is_an_event() -> None:
    found = events("The two sides have no talks planned, the council said Thursday.")
    assert [d for d, _ in found] == ["2031-03-13"]


def test_quoted_date_is_the_speakers_not_the_narratives() -> None:
    assert events('"We will win this year," the general told troops in a long speech.') == []


def test_datelines_timestamps_captions_and_bylines_are_not_events() -> None:
    text = (
        "TARNOVETS, Marvenia, March 12 (CPA) - Flood waters rose across the valley.\n"
        "Thursday 12 March 2026, 16:20\n"
        "Photo: Rescue workers on the Korvel dam on March 10.\n"
        "Updated March 12, 2031 at 10:02 GMT\n"
        "Rescuers pulled four people from the river on Wednesday."
    )
    found = events(text)
    assert [d for d, _ in found] == ["2031-03-12"]
    assert found[0][1].startswith("Rescuers")


def test_no_dangling_fragments() -> None:
    text = (
        "The president, who this week has expressed frustration with the slow pace of the "
        "talks and with the rival delegation's refusal to present its terms in writing, "
        "agreed on Monday to a second round in Tarnovets, aides said, adding that the date "
        "was not final and that a third round could follow in April if both sides agree."
    )
    for _, text_ in events(text):
        assert text_[0].isupper(), text_


def test_far_future_years_are_not_events() -> None:
    assert events("The ministry plans to plant a million trees by 2050.") == []


def _story(articles: list[tuple[str, str, str]], origins: Origins | None = None):
    items = [(aid, pub, None, annotate(text, published=pub, language="en"))
             for aid, pub, text in articles]  # fmt: skip
    facts = merge_facts(items)
    published = {aid: pub for aid, pub, _ in articles}
    order = {aid: (pub, i) for i, (aid, pub, _) in enumerate(articles)}
    return build_timeline(facts, published, order, origins=origins)


def test_same_happening_from_several_articles_is_one_entry() -> None:
    timeline = _story(
        [
            ("a", "2031-03-13", "Delegates from Velgrad and Orsk met in Tarnovets on Tuesday "
                                "for their first direct talks in three years."),
            ("b", "2031-03-14", "The first direct talks in three years between Velgrad and "
                                "Orsk were held in Tarnovets on Tuesday, March 11."),
        ]
    )  # fmt: skip
    tuesday = [t for t in timeline if t.date == "2031-03-11"]
    assert len(tuesday) == 1 and set(tuesday[0].sources) == {"a", "b"}


def test_same_sentence_is_not_repeated_under_two_dates() -> None:
    wire = "Rebels shelled the port of Orsk on Wednesday, killing two dock workers."
    timeline = _story([("a", "2031-03-13", wire), ("b", "2031-03-20", wire)])
    assert len(timeline) == 1
    assert timeline[0].date == "2031-03-12"  # as its first reporter dates it
    assert set(timeline[0].sources) == {"a", "b"}


def test_wire_copies_count_as_one_independent_source() -> None:
    text = "Rebels shelled the port of Orsk on Wednesday, killing two dock workers."
    origins = Origins(group={"a": "a", "b": "a", "c": "c"}, copy_of={"b": "a"}, linked=frozenset())
    (item,) = _story(
        [("a", PUB, text), ("b", PUB, text), ("c", PUB, "Two dock workers died when rebels "
                                                      "shelled the port of Orsk on Wednesday.")],
        origins,
    )  # fmt: skip
    assert item.independent == 2 and len(item.sources) == 3


def test_default_timeline_is_short_and_keeps_the_best_told_events() -> None:
    happenings = [
        "Medics opened a field hospital in Lorn", "Engineers repaired the Velka bridge",
        "Soldiers evacuated the Brenna school", "Volunteers filled sandbags near Ostra",
        "Pilots dropped food parcels over Miren", "Divers searched the flooded Kalt mine",
        "Officials closed the northern highway", "Farmers moved cattle to Drovsk hills",
    ]  # fmt: skip
    days = ["Monday", "Tuesday", "Wednesday", "Sunday"]
    articles = [(f"s{i}", PUB, f"{h} on {days[i % 4]}.") for i, h in enumerate(happenings)]
    shared = "The Korvel dam failed on Saturday, flooding the valley below Tarnovets."
    articles += [("x", PUB, shared), ("y", PUB, shared)]
    timeline = _story(articles)
    short = default_timeline(timeline, limit=5)
    assert len(short) == 5 and len(timeline) > 5
    assert any("dam failed" in t.text for t in short)
    assert [t.date for t in short] == sorted(t.date for t in short)


# -- the five real seed pages (shared corpus; read, never copied) ---------------------------
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]{2,},|\((?:AP|AFP|Reuters|CPA)\)|\b\d{1,2}:\d{2}\b")


def test_seed_timeline_is_short_dated_once_and_free_of_datelines_and_fragments() -> None:
    if not SEEDS.exists():
        if os.environ.get("STORYLINE_REQUIRE_ALL") == "1":
            pytest.fail(f"{SEEDS} is required (STORYLINE_REQUIRE_ALL=1)")
        pytest.skip(f"{SEEDS} not present")
    from test_brief import load_story

    from storyline.brief import build_brief

    brief = build_brief(load_story([str(SEEDS / "manifest.jsonl")]))
    assert 0 < len(brief.timeline) <= 15
    dates: dict[str, set[str]] = {}
    for item in brief.timeline_all:
        dates.setdefault(item.text, set()).add(item.date)
        assert not _DATELINE.search(item.text), item.text
        assert item.text[:1].isupper() or item.text[:1] in "\"“‘'0123456789", item.text
    assert all(len(d) == 1 for d in dates.values())  # no sentence under two dates
    # the Kursk visit "on Tuesday", published Thursday 22 May 2025, is Tuesday 20 May
    (kursk,) = [i for i in brief.timeline_all if "visited the Kursk region on Tuesday" in i.text]
    assert kursk.date == "2025-05-20"
