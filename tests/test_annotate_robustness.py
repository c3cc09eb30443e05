"""Bad input: nothing crashes, nothing is invented, every span is verbatim."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.annotate import annotate
from storyline.annotate.records import ArticleFacts


def check_spans(text: str, facts: ArticleFacts) -> None:
    for group in (facts.entities, facts.quotes, facts.events, facts.figures, facts.dates):
        for item in group:
            assert text[item.start : item.end] == item.text
            assert item.text.strip()


def test_non_english_is_skipped() -> None:
    facts = annotate(
        '"Wir verhandeln," sagte Oleg Brannov am Montag.', published="2031-03-13", language="de"
    )
    assert facts.skipped and "de" in facts.skipped
    assert facts == ArticleFacts(skipped=facts.skipped)


def test_english_variants_accepted() -> None:
    assert annotate("Rebels fired 40 rockets.", published=None, language="en-GB").figures


def test_empty_and_blank() -> None:
    assert annotate("", published=None, language=None) == ArticleFacts()
    assert annotate(" \n\n ", published="2031-03-13", language="en") == ArticleFacts()


def test_no_publication_date_guesses_nothing() -> None:
    text = "The ministry said on Thursday that 40 rockets hit Orsk overnight."
    facts = annotate(text, published=None, language="en")
    assert facts.events == ()
    assert all(not d.resolved for d in facts.dates)
    (figure,) = facts.figures
    assert figure.date is None


def test_malformed_number() -> None:
    facts = annotate("Officials said 1,0000 people fled.", published="2031-03-13", language="en")
    assert facts.figures == ()


def test_unbalanced_marks_everywhere() -> None:
    text = '"\n\n“ ” ‘ \' " "unclosed\n\nIt said "yes\n\n”closing only” and ’ stray.'
    check_spans(text, annotate(text, published="2031-03-13", language="en"))


def test_very_long_sentence() -> None:
    sentence = " ".join(
        f'Official {i} said that "Velmark" sent {i + 2} drones to Orsk on Monday, and'
        for i in range(1500)
    )
    text = sentence + " nothing else happened."
    start = time.perf_counter()
    facts = annotate(text, published="2031-03-13", language="en")
    assert time.perf_counter() - start < 60
    check_spans(text, facts)
    assert len(facts.figures) >= 1000


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                '"',
                "“",
                "”",
                "'",
                "’",
                "‘",
                "said",
                "Oleg",
                "Brannov",
                "Orsk",
                "1,0000",
                "$5",
                "billion",
                "30-day",
                "June 2",
                "Monday",
                "next",
                "yesterday",
                ",",
                ".",
                "\n\n",
                "according to",
                "he",
                "told",
                "reporters",
                "more than",
                "50,000",
                "troops",
                "—",
            ]
        ),
        max_size=60,
    ),
    st.sampled_from([None, "2031-03-13", "garbage"]),
)
def test_arbitrary_token_soup(tokens: list[str], published: str | None) -> None:
    text = " ".join(tokens)
    check_spans(text, annotate(text, published=published, language="en"))


@settings(max_examples=25, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text(text: str) -> None:
    check_spans(text, annotate(text, published="2031-03-13", language=None))
