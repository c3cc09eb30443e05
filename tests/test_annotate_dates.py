"""Temporal expressions resolved against the publication date (hand-written sentences)."""

from __future__ import annotations

import pytest

from storyline.annotate.dates import find_dates
from storyline.annotate.sentences import split

PUB = "2031-03-13"  # a Thursday


def dates(text: str, published: str | None = PUB) -> dict[str, tuple]:
    return {d.text: (d.value, d.granularity) for d in find_dates(text, split(text), published)}


@pytest.mark.parametrize(
    ("sentence", "expression", "value", "granularity"),
    [
        ("The talks were held on June 2.", "June 2", "2030-06-02", "day"),
        ("The summit is set for March 20.", "March 20", "2031-03-20", "day"),
        ("They first met on 16 May 2025 in Velgrad.", "16 May 2025", "2025-05-16", "day"),
        ("They met on May 16, 2025, in Velgrad.", "May 16, 2025", "2025-05-16", "day"),
        ("The war began in February 2022.", "February 2022", "2022-02", "month"),
        ("The peninsula was annexed in 2014.", "2014", "2014", "year"),
        ("Talks resume on Monday, March 17, in Orsk.", "Monday, March 17", "2031-03-17", "day"),
        ("The ministry said Tuesday it had closed the port.", "Tuesday", "2031-03-11", "day"),
        ("Minister Alva Renn warned Wednesday of shortages.", "Wednesday", "2031-03-12", "day"),
        ("The council said Thursday that it agreed.", "Thursday", "2031-03-13", "day"),
        ("Delegates will meet on Monday in Orsk.", "on Monday", "2031-03-17", "day"),
        ("The envoy is travelling to Orsk Saturday.", "Saturday", "2031-03-15", "day"),
        ("Both sides agreed to meet next Monday.", "next Monday", "2031-03-17", "day"),
        ("He arrived last Thursday.", "last Thursday", "2031-03-06", "day"),
        ("The mayor resigned yesterday.", "yesterday", "2031-03-12", "day"),
        ("Rebels fired 40 rockets overnight.", "overnight", "2031-03-13", "day"),
        (
            "She said earlier this week that talks had stalled.",
            "earlier this week",
            "2031-03-10",
            "week",
        ),
        ("Prices rose last month.", "last month", "2031-02", "month"),
        ("We want to finish this year.", "this year", "2031", "year"),
        ("He was elected two years ago.", "two years ago", "2029", "year"),
        ("The vote took place in January.", "in January", "2031-01", "month"),
    ],
)
def test_resolves(sentence: str, expression: str, value: str, granularity: str) -> None:
    found = dates(sentence)
    assert found.get(expression) == (value, granularity), found


def test_text_is_verbatim_span() -> None:
    text = "Officials said Friday the convoy left on 3 April 2030.\n\nIt returned yesterday."
    for d in find_dates(text, split(text), PUB):
        assert text[d.start : d.end] == d.text


def test_no_publication_date_leaves_relative_unresolved() -> None:
    text = "The ministry said Tuesday that talks on June 2 would go ahead, as agreed in 2019."
    found = {d.text: d for d in find_dates(text, split(text), None)}
    assert not found["Tuesday"].resolved and found["Tuesday"].value is None
    assert not found["June 2"].resolved
    assert found["2019"].resolved and found["2019"].value == "2019"


def test_may_the_verb_is_not_a_month() -> None:
    assert "May" not in dates("May be it is late. The deal may collapse.")
    assert "may" not in dates("The deal may collapse.")


def test_unreadable_publication_date_is_ignored() -> None:
    found = find_dates("He left yesterday.", split("He left yesterday."), "not a date")
    assert found and not found[0].resolved


# -- issue 11: dates resolved as a reader would (invented sentences) ----------------------
WED = "2031-03-12"  # a Wednesday


@pytest.mark.parametrize(
    ("sentence", "published", "expression", "value", "granularity"),
    [
        # past narrative on a Wednesday: "on Friday" is the Friday before, not the coming one
        ("The ferry sank on Friday near Orsk.", WED, "on Friday", "2031-03-07", "day"),
        ("Delegates will meet on Friday in Orsk.", WED, "on Friday", "2031-03-14", "day"),
        ("Both sides agreed to meet on Friday.", WED, "on Friday", "2031-03-14", "day"),
        ("The envoy is expected in Orsk on Friday.", WED, "on Friday", "2031-03-14", "day"),
        # a March article about the coming December
        ("The new bridge will open in December.", "2031-03-04", "in December", "2031-12", "month"),
        ("The old bridge closed in December.", "2031-03-04", "in December", "2030-12", "month"),
        # "last February" written on 1 March is a year back: the month just ended is "last month"
        ("The dam failed last February.", "2031-03-01", "last February", "2030-02", "month"),
        ("The dam failed last November.", "2031-03-01", "last November", "2030-11", "month"),
        ("Elections are due this September.", "2031-06-10", "this September", "2031-09", "month"),
        ("In January this year, the mill closed.", WED, "January this year", "2031-01", "month"),
        ("In June last year, the mill closed.", WED, "June last year", "2030-06", "month"),
        ("Prices rose earlier this month.", WED, "earlier this month", "2031-03", "month"),
        ("The river flooded late last year.", WED, "late last year", "2030", "year"),
        ("Sales were 4% higher than a year earlier.", WED, "a year earlier", "2030", "year"),
        ("The plant opened in mid-2024.", WED, "mid-2024", "2024", "year"),
        ("The fort was built in 1995, officials said.", WED, "1995", "1995", "year"),
        ("The levy is payable Jan. 2 to holders.", "2031-11-02", "Jan. 2", "2032-01-02", "day"),
        ("Offers must arrive by Nov. 20.", "2031-10-26", "Nov. 20", "2031-11-20", "day"),
        ("The record high was set on Aug. 6.", "2031-02-06", "Aug. 6", "2030-08-06", "day"),
        ("Police came ten days ago.", WED, "ten days ago", "2031-03-02", "day"),
        ("In nineteen ninety-six the mill burned.", WED, "nineteen ninety-six", "1996", "year"),
        # a plural subject's scheduled meeting points forward; "did not meet" does not
        ("Renn and Ostrik meet separately Friday.", WED, "Friday", "2031-03-14", "day"),
        ("The envoys did not meet Friday.", WED, "Friday", "2031-03-07", "day"),
        # "the previous Friday" is the one before, never the publication day
        (
            "Shares fell from the previous Friday.",
            "2031-03-14",
            "the previous Friday",
            "2031-03-07",
            "day",
        ),
        # deadlines and a period's end: the nearest such month, whatever the verb's tense
        (
            "The board gave the mill until mid-November.",
            "2031-10-30",
            "mid-November",
            "2031-11",
            "month",
        ),
        (
            "Banks extended loans through January.",
            "2031-10-30",
            "through January",
            "2032-01",
            "month",
        ),
        (
            "Sales this year through August fell.",
            "2031-10-30",
            "through August",
            "2031-08",
            "month",
        ),
        # "since year-end" counts from the end of the year before
        ("The index has risen 4% since year-end.", "2031-10-30", "year-end", "2030", "year"),
    ],
)
def test_resolves_as_a_reader_would(sentence, published, expression, value, granularity) -> None:
    found = dates(sentence, published)
    assert found.get(expression) == (value, granularity), found


def test_several_dates_in_one_sentence() -> None:
    found = dates("The convoy left on 3 March and returned on Monday, 10 March, officials said.")
    assert found["3 March"][0] == "2031-03-03"
    assert found["Monday, 10 March"][0] == "2031-03-10"


def test_clock_times_are_not_years() -> None:
    text = "The storm made landfall at 1800 CDT and the warning ran 2055-2057 GMT."
    assert not [d for d in find_dates(text, split(text), PUB) if d.value and d.value[:2] in "1820"]


def test_decade_is_a_period_not_a_year() -> None:
    text = "The canal was dug in the 1860s."
    (decade,) = find_dates(text, split(text), PUB)
    assert decade.kind == "period" and decade.value is None and "1860s" in decade.text


def test_ranges_and_durations_are_not_points() -> None:
    text = "The siege lasted three years, from 2014-2016, and talks ran for two weeks."
    found = {d.text: d for d in find_dates(text, split(text), PUB)}
    span = next(d for d in found.values() if d.text.startswith("2014"))
    assert span.kind == "range" and (span.value, span.until) == ("2014", "2016")
    assert all(d.kind == "duration" and d.value is None for t, d in found.items() if "week" in t)
    assert found["three years"].kind == "duration"


def test_counts_and_numbers_are_not_years() -> None:
    text = "Some 1900 troops crossed; the index rose to 2031.5 and 1,998 people fled."
    assert not [d for d in find_dates(text, split(text), PUB) if d.granularity == "year"]


def test_unresolvable_keeps_its_words() -> None:
    text = "Three days earlier, the mayor had resigned."
    (d,) = find_dates(text, split(text), PUB)
    assert d.text == "Three days earlier" and d.value is None and not d.resolved


# -- anaphoric forms count from the narrative's time: the last date the text named --------
@pytest.mark.parametrize(
    ("text", "published", "expression", "value"),
    [
        (
            "The dam failed on 4 May 2029, and the following year it was rebuilt.",
            WED,
            "the following year",
            "2030",
        ),
        ("The rig exploded on June 3 and sank two days later.", "2031-06-10", "two days later",
         "2031-06-05"),
        ("The ferry left on Tuesday. Later that day, it ran aground.", WED, "that day",
         "2031-03-11"),
        ("The mill closed in March. The following month, it reopened.", "2031-10-30",
         "The following month", "2031-04"),
        ("The mayor resigned in 2024; that year, the river flooded twice.", WED, "that year",
         "2024"),
        # a week is written as its Monday: the week holding Sunday 26 May
        ("Talks began on 2 June 2030. A week earlier, the envoy had resigned.", WED,
         "A week earlier", "2030-05-20"),
        # a market report on Monday: "the previous Friday" is the one before the Friday the
        # story is about, not the Friday before publication
        ("Shares closed lower Friday. The index ended 4% down from the previous Friday.",
         "2031-03-17", "the previous Friday", "2031-03-07"),
        # a bare "be" follows a modal or "to": "will be named … in December" points forward
        ("Renn will be named commander of the orbital station for a mission in December.",
         "2031-03-04", "in December", "2031-12"),
        # present-tense schedules point forward; "after" with a gerund looks back
        ("The concert, which takes place on 8 October, is sold out.", "2031-08-23", "8 October",
         "2031-10-08"),
        ("The ceasefire takes effect on Friday.", WED, "on Friday", "2031-03-14"),
        ("The mill is raising output after starting a new kiln on Monday.", WED, "on Monday",
         "2031-03-10"),
        # a deadline with a future verb is ahead; without one, the nearest such day
        ("The court will rule by Dec. 5.", WED, "Dec. 5", "2031-12-05"),
        ("Oil gushed for 87 days until July 15, when engineers capped the well.", "2031-09-19",
         "July 15", "2031-07-15"),
        ("The minister said this morning that the port had reopened.", WED, "this morning", WED),
        # … but "had to be" and "could not be" are past: the reporter already tried
        ("The wreck had to be towed away on Friday.", WED, "on Friday", "2031-03-07"),
        ("Ostrik could not be reached for comment on Friday.", WED, "on Friday", "2031-03-07"),
    ],
)  # fmt: skip
def test_anaphoric_forms_count_from_the_narratives_time(text, published, expression, value):
    assert dates(text, published).get(expression, (None,))[0] == value, dates(text, published)


@pytest.mark.parametrize(
    ("text", "expression"),
    [
        ("Two days later, the mill reopened.", "Two days later"),  # no date named before
        ("The dam failed in 2029. Two days later, the mill closed.", "Two days later"),  # coarser
        ("That day, the mill closed.", "That day"),
        ("Sales rose in the latest fiscal year.", "the latest fiscal year"),  # this year or last?
        # counted from another happening, whose date the text does not give
        ("The mayor resigned on 3 June 2030, two days before the vote.", "two days before"),
    ],
)
def test_anaphoric_forms_without_a_fine_enough_date_keep_no_value(text, expression) -> None:
    found = {d.text: d for d in find_dates(text, split(text), WED)}
    assert expression in found and found[expression].value is None, found


def test_that_is_not_an_anaphor_before_a_compound() -> None:
    assert "that year" not in dates("In 2029 he said that year-end bonuses would stop.")
