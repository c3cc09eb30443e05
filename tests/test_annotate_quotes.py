"""Quotes and speakers on hand-written fictional news (spaCy NER + our rules)."""

from __future__ import annotations

import pytest

from storyline.annotate import annotate

ARTICLE = "\n\n".join(
    [
        "Velmark said on Tuesday it would send a delegation to Orsk next Monday.",
        "\u201cWe are ready to talk, but not under fire,\u201d Velmarkian foreign ministry "
        "spokeswoman Irina Sokolova told reporters. \u201cThe next round must bring results.\u201d",
        'Sokolova said the proposal was "unserious" and "doomed to fail".',
        "'There is no concrete agreement yet,' Deputy Minister Tomas Velk told reporters.",
        'He added: "We will wait for their answer."',
        '"Our soldiers will hold the line.',
        '"Every village will be defended," said General Marek Dovran, the army chief.',
        "According to the mayor of Orsk, Pavel Hrynko, the city has enough fuel for a month.",
        "Velk told reporters the port would reopen soon.",
        'The Kremnov government said the talks were "a waste of time."',
        "\u201cNobody wants this war,\u201d the spokeswoman said.",
        "Grain exports fell sharply, Velmark's agriculture ministry said.",
        'Velk rejected the offer on Wednesday, calling the demand "non-serious".',
        "Sokolova said that the border crossings would stay closed until April.",
    ]
)


@pytest.fixture(scope="module")
def quotes():
    return annotate(ARTICLE, published="2031-03-13", language="en").quotes


def find(quotes, needle: str):
    matches = [q for q in quotes if needle in q.text]
    assert matches, f"no quote with {needle!r}: {[q.text for q in quotes]}"
    return matches[0]


def test_every_span_is_verbatim(quotes) -> None:
    for q in quotes:
        assert ARTICLE[q.start : q.end] == q.text


@pytest.mark.parametrize(
    ("needle", "speaker", "kind"),
    [
        ("We are ready to talk", "Irina Sokolova", "direct"),  # curly, cue after, title
        ("The next round must bring results", "Irina Sokolova", "direct"),  # split around cue
        ("unserious", "Irina Sokolova", "partial"),  # partial, surname → full name
        ("doomed to fail", "Irina Sokolova", "partial"),
        ("There is no concrete agreement yet", "Tomas Velk", "direct"),  # single quotes
        ("We will wait for their answer", "Tomas Velk", "direct"),  # pronoun + colon cue
        ("Our soldiers will hold the line", "Marek Dovran", "direct"),  # over two paragraphs
        ("Every village will be defended", "Marek Dovran", "direct"),  # "said X"
        ("the city has enough fuel", "Pavel Hrynko", "indirect"),  # according to
        ("the port would reopen soon", "Tomas Velk", "indirect"),  # X told reporters …
        ("it would send a delegation", "Velmark", "indirect"),  # organisation as speaker
        ("a waste of time", "Kremnov government", "partial"),
        ("Nobody wants this war", "Irina Sokolova", "direct"),  # "the spokeswoman"
        ("Grain exports fell sharply", "Velmark's agriculture ministry", "indirect"),
        ("non-serious", "Tomas Velk", "partial"),  # "calling the demand …"
        ("the border crossings would stay closed", "Irina Sokolova", "indirect"),  # said that
    ],
)
def test_quote_forms(quotes, needle: str, speaker: str, kind: str) -> None:
    q = find(quotes, needle)
    assert (q.speaker, q.kind) == (speaker, kind)


def test_parts_are_numbered(quotes) -> None:
    assert find(quotes, "The next round must bring results").part == 1
    assert find(quotes, "Every village will be defended").part == 1


def test_quote_marks_are_not_part_of_text(quotes) -> None:
    for q in quotes:
        assert not q.text.startswith(('"', "'", "\u201c", "\u2018"))


def test_unbalanced_quote_does_not_swallow_article() -> None:
    text = "\n\n".join(
        [
            'Minister Tomas Velk said the "deal was off, and then left the room.',
            "Negotiators from Orsk arrived on Friday.",
            '"We are staying," said Irina Sokolova.',
        ]
    )
    facts = annotate(text, published="2031-03-13", language="en")
    first_paragraph_end = text.index("\n\n")
    for q in facts.quotes:
        assert text[q.start : q.end] == q.text
        if q.start < first_paragraph_end:
            assert q.end <= first_paragraph_end
    assert any(q.speaker == "Irina Sokolova" and q.text == "We are staying" for q in facts.quotes)


def test_apostrophes_are_not_quotes() -> None:
    text = "Velmark's army didn't retreat, the officers' union said in Orsk's main square."
    facts = annotate(text, published=None, language="en")
    assert all(q.kind == "indirect" for q in facts.quotes)
