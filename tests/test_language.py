"""Language labels: the article text outweighs a page's declared language once there is
enough of it; a short text keeps what the page declares."""

from __future__ import annotations

import pytest

from storyline.extract import extract_page
from storyline.records import Page

GERMAN = (
    "Die Stadtverwaltung hat am Montag den neuen Haushalt für den Hafen beschlossen. Nach einer "
    "langen Debatte stimmten die meisten Abgeordneten für die Reparatur der nördlichen Mole, "
    "die seit dem Sturm im Winter gesperrt ist. Die Arbeiten sollen im nächsten Monat beginnen "
    "und bis zum Herbst dauern, teilte der Bürgermeister mit. Die Fischer begrüßten die "
    "Entscheidung, weil sie ihre Boote seit Monaten in einem anderen Hafen liegen lassen müssen."
)
ENGLISH = (
    "The city council approved the new harbour budget on Monday. After a long debate most "
    "members voted to repair the northern pier, which has been closed since the winter storm. "
    "Work is due to start next month and last until the autumn, the mayor said. Fishermen "
    "welcomed the decision because they have had to keep their boats in another harbour for "
    "months, and the ferry company said it would restore the morning service once it reopens."
)


def _page(lang: str, body: str, title: str = "Hafen") -> Page:
    paragraphs = "".join(f"<p>{s.strip()}.</p>" for s in body.split(". ") if s.strip())
    html = (f'<!doctype html><html lang="{lang}"><head><title>{title}</title></head>'
            f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>")  # fmt: skip
    return Page(ref="p", origin="p", kind="html", content=html, raw=html.encode(), group="g")


@pytest.mark.parametrize(
    ("declared", "body", "expected"),
    [("en", GERMAN, "de"), ("de", ENGLISH, "en"), ("de", GERMAN, "de"), ("en", ENGLISH, "en")],
)
def test_long_text_outweighs_the_declared_language(declared, body, expected):
    assert extract_page(_page(declared, body)).language == expected


def test_a_short_text_keeps_the_declared_language():
    from storyline.extract.language import choose_language

    assert choose_language("Hafen wieder offen. Fähre fährt.", "de") == "de"
    assert choose_language("Harbour open again", None) is None  # too little to say
