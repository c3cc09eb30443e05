"""Entities: NER fixed by context and type agreement, roles kept apart from names."""

from __future__ import annotations

from storyline.annotate import annotate

TEXT = "\n\n".join(
    [
        "Velmarkian President Oleg Brannov met envoys in Kyrvin on Monday.",
        "Brannov said the talks in Kyrvin would continue, and Kyrvin's mayor agreed.",
        "Kremlin spokesman Dmitry Peskov told reporters nothing was agreed.",
        "Peskov said the Kremlin would reply.",
    ]
)


def mentions():
    return annotate(TEXT, published="2031-03-13", language="en").entities


def test_spans_verbatim_and_types() -> None:
    found = mentions()
    for m in found:
        assert TEXT[m.start : m.end] == m.text
    types = {(m.text, m.type) for m in found}
    assert ("Oleg Brannov", "PERSON") in types
    assert ("Brannov", "PERSON") in types  # surname agrees with the full name
    assert ("Kyrvin", "GPE") in types  # "in Kyrvin", "Kyrvin's mayor"
    assert ("Peskov", "PERSON") in types


def test_roles() -> None:
    roles = {m.text: m.role for m in mentions()}
    assert roles["Oleg Brannov"] == "Velmarkian President"
    assert roles["Dmitry Peskov"] == "Kremlin spokesman"
    assert roles["Peskov"] is None
