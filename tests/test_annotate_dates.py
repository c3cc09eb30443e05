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
