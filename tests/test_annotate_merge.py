"""Merging the facts of several articles into one story's facts (hand-built records)."""

from __future__ import annotations

from storyline.annotate.merge import merge_facts
from storyline.annotate.records import (
    ArticleFacts,
    Event,
    Figure,
    Mention,
    Quote,
    TimeExpr,
)


def quote(text: str, speaker: str) -> Quote:
    return Quote(
        text=text,
        start=0,
        end=len(text),
        kind="direct",
        speaker=speaker,
        speaker_type="PERSON",
        cue="said",
    )


def event(text: str, day: str) -> Event:
    t = TimeExpr("on Monday", 0, 9, day, "day", True, True)
    return Event(
        text=text, start=0, end=len(text), date=day, granularity="day", time=t, actors=("Velgrad",)
    )


def figure(value: float, unit: str, text: str, day: str) -> Figure:
    return Figure(
        text=text,
        start=0,
        end=len(text),
        value=value,
        unit=unit,
        qualifier=None,
        sentence_start=0,
        sentence_end=len(text),
        date=day,
    )


def test_story_merge() -> None:
    a = ArticleFacts(
        entities=(
            Mention("Oleg Brannov", 0, 12, "PERSON", "spokesman"),
            Mention("Velgrad", 20, 27, "GPE"),
        ),
        quotes=(quote("We will not sign this deal under pressure.", "Oleg Brannov"),),
        events=(
            event("Delegations met in Velgrad on Monday for a first round of talks.", "2031-03-10"),
        ),
        figures=(figure(90, "drone", "90 drones", "2031-03-12"),),
    )
    b = ArticleFacts(
        entities=(Mention("Brannov", 0, 7, "PERSON"), Mention("Velgrad", 10, 17, "GPE")),
        quotes=(
            quote("“We will not sign this deal under pressure,”", "Brannov"),
            quote("We shall not sign this deal under pressure.", "Brannov"),
        ),
        events=(event("The first round of talks took place in Velgrad on Monday.", "2031-03-10"),),
        figures=(figure(90, "drone", "some 90 drones", "2031-03-13"),),
    )
    story = merge_facts([("a", "2031-03-12", "Outlet A", a), ("b", "2031-03-13", "B", b)])
    exported = story.to_export()

    people = [e for e in exported["entities"] if e["type"] == "PERSON"]
    assert people == [{"name": "Oleg Brannov", "type": "PERSON", "aliases": ["Brannov"]}]

    (q,) = exported["quotes"]
    assert q["speaker"] == "Oleg Brannov"
    assert q["sources"] == ["a", "b"]
    assert q["variants"] == ["We shall not sign this deal under pressure."]

    (entry,) = exported["timeline"]
    assert entry == {
        "date": "2031-03-10",
        "text": "Delegations met in Velgrad on Monday for a first round of talks.",
        "sources": ["a", "b"],
    }
    assert story.timeline[0].reported == ("2031-03-12", "2031-03-13")

    (f,) = exported["figures"]
    assert f["value"] == 90 and f["unit"] == "drone" and f["sources"] == ["a", "b"]


def test_different_quotes_and_speakers_stay_apart() -> None:
    a = ArticleFacts(quotes=(quote("The port stays closed until further notice.", "Anna Vel"),))
    b = ArticleFacts(
        quotes=(
            quote("The port stays closed until further notice.", "Ivo Marek"),
            quote("Nothing about this is acceptable to us.", "Anna Vel"),
        )
    )
    story = merge_facts([("a", None, None, a), ("b", None, None, b)])
    assert len(story.quotes) == 3


def test_events_on_other_dates_or_topics_stay_apart() -> None:
    a = ArticleFacts(events=(event("Delegations met in Velgrad for talks.", "2031-03-10"),))
    b = ArticleFacts(
        events=(
            event("Delegations met in Velgrad for talks.", "2031-03-11"),
            event("A storm flooded the harbour district.", "2031-03-10"),
        )
    )
    story = merge_facts([("a", None, None, a), ("b", None, None, b)])
    assert len(story.timeline) == 3
    assert [t.date for t in story.timeline] == sorted(t.date for t in story.timeline)


def test_empty() -> None:
    assert merge_facts([]).to_export() == {
        "entities": [],
        "quotes": [],
        "timeline": [],
        "figures": [],
    }
