"""Figures: numbers with what they count, qualifiers, and what is not a figure."""

from __future__ import annotations

import pytest

from storyline.annotate.dates import find_dates, parse_published
from storyline.annotate.figures import find_figures
from storyline.annotate.records import Mention
from storyline.annotate.sentences import split

PUB = "2031-03-13"


def figures(text: str, mentions: list[Mention] | None = None, published: str | None = PUB):
    sentences = split(text)
    dates = find_dates(text, sentences, published)
    return find_figures(text, sentences, dates, mentions or [], parse_published(published))


@pytest.mark.parametrize(
    ("sentence", "value", "unit", "qualifier"),
    [
        ("Rebels launched 90 drones at the city.", 90, "drone", None),
        ("The army massed more than 50,000 troops near Orsk.", 50000, "troop", "more than"),
        ("Both sides swapped 1,000 prisoners of war each.", 1000, "prisoner of war", "each"),
        ("The fund asked donors for $30 billion.", 30e9, "USD", None),
        ("Velmark pledged €5 billion ($5.7 billion) in aid.", 5e9, "EUR", None),
        (
            "Rebels hold around a fifth of the country's territory.",
            0.2,
            "share of territory",
            "around",
        ),
        (
            "Shelling continued along the 1,000-kilometer (620-mile) front line.",
            1000,
            "kilometer",
            None,
        ),
        ("At least seven people were killed.", 7, "person", "at least"),
        ("Up to 12 ships were damaged.", 12, "ship", "up to"),
        ("Inflation reached 7.5% in January.", 7.5, "percent", None),
        ("Turnout was 64 percent.", 64, "percent", None),
        ("Air defences shot down 105 Valdorian drones overnight.", 105, "drone", None),
    ],
)
def test_figure_forms(sentence: str, value: float, unit: str, qualifier: str | None) -> None:
    found = figures(sentence)
    assert found, sentence
    figure = found[0]
    assert figure.value == pytest.approx(value)
    assert figure.unit == unit
    assert figure.qualifier == qualifier
    assert sentence[figure.start : figure.end] == figure.text


def test_conversion_kept_as_alt() -> None:
    (figure,) = figures("Velmark pledged €5 billion ($5.7 billion) in aid.")
    assert figure.alt == "$5.7 billion"
    assert figure.text == "€5 billion ($5.7 billion)"


@pytest.mark.parametrize(
    "sentence",
    [
        "The port was annexed in 2014.",
        "The talks were held on May 16 and March 3, 2030.",
        "The strike occurred at 12:50 p.m. (0950 GMT).",
        "It was the second round of talks and the 45th session.",
        "A 50-year-old man was injured.",
        "The F-16 and the Su-34 were seen over Orsk.",
        "The count reached 1,0000 by noon.",
    ],
)
def test_not_figures(sentence: str) -> None:
    assert figures(sentence) == []


def test_malformed_number_invents_nothing() -> None:
    found = figures("Officials counted 1,0000 drones and 12 tanks.")
    assert [(f.value, f.unit) for f in found] == [(12, "tank")]


def test_actor_and_date() -> None:
    text = "Ostrava said Thursday that Velmark had fired 40 missiles."
    mentions = [Mention("Ostrava", 0, 7, "GPE"), Mention("Velmark", 27, 34, "GPE")]
    (figure,) = figures(text, mentions)
    assert figure.actor == "Velmark"
    assert figure.date == "2031-03-13"
    assert (figure.sentence_start, figure.sentence_end) == (0, len(text))


def test_date_falls_back_to_publication() -> None:
    (figure,) = figures("Rebels hold 40 villages.")
    assert figure.date == PUB
    (figure,) = figures("Rebels hold 40 villages.", published=None)
    assert figure.date is None


@pytest.mark.parametrize(
    "sentence",
    [
        "The delegations talked for two hours in Ostrava.",
        "Velmark will decide within about two weeks.",
        "The three-year conflict has emptied the valley.",
        "They proposed a 30-day ceasefire to the council.",
        "It was their first meeting in over three years.",
        "The two sides met again in Ostrava.",
        "Talks between both delegations resumed.",
        "Two sides of the river were flooded.",
    ],
)
def test_durations_and_fixed_phrases_are_not_figures(sentence: str) -> None:
    assert figures(sentence) == []


def test_a_figure_needs_a_counted_noun_or_unit() -> None:
    assert figures("The vote was 12 to 3.") == []
    assert [f.unit for f in figures("The council counted 12 ballots.")] == ["ballot"]


def test_vague_quantity_keeps_its_words_and_a_range_not_a_number() -> None:
    (figure,) = figures("The flood has caused tens of thousands of evacuations.")
    assert figure.value is None
    assert figure.text == "tens of thousands of evacuations"
    assert (figure.low, figure.high) == (20000, 99999)
    assert figure.unit == "evacuation"
    (figure,) = figures("Dozens of barges ran aground.")
    assert figure.value is None and figure.low == 24 and figure.unit == "barge"


def test_part_of_a_whole_keeps_both() -> None:
    text = "Flights were halted at three of Ostrava's four regional airports on Monday."
    (figure,) = figures(text)
    assert figure.text == "three of Ostrava's four regional airports"
    assert (figure.value, figure.whole, figure.unit) == (3, 4, "airport")
    assert figure.noun == "regional airports"
    (figure,) = figures("Rebels shelled 7 of the 12 bridges.")
    assert (figure.value, figure.whole, figure.unit) == (7, 12, "bridge")
    assert figures("Two of them were hurt.") == []


def test_the_same_figure_in_one_article_once() -> None:
    sentence = "Both armies agreed to free 400 prisoners of war each. "
    found = figures(sentence + "The mayor welcomed it. " + sentence)
    assert [f.text for f in found] == ["400 prisoners of war each"]


@pytest.mark.parametrize(
    ("sentence", "noun"),
    [
        ("Air defences shot down 105 Valdorian drones overnight.", "Valdorian drones"),
        ("Rebels hold 40 villages near the lake.", "villages"),
        ("Velmark pledged €5 billion in military aid.", "military aid"),
        ("Shelling hit the 1,000-kilometer front line.", "front line"),
        ("Both sides swapped 1,000 prisoners of war each.", "prisoners of war"),
    ],
)
def test_noun_is_the_figures_own_noun_phrase(sentence: str, noun: str) -> None:
    (figure,) = figures(sentence)
    assert figure.noun == noun
