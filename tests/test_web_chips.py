"""The story page's source chips and item notes, built in Python, equal the macros' output
(which escape every part of untrusted labels) byte for byte."""

from storyline.web.chips import Chips, notes_on
from storyline.web.render import make_env

LABELS = {
    1: {"title": 'Dam "breach" <script>alert(1)</script>', "outlet": "A & B News",
        "published": "2026-03-12T09:15:00+00:00"},
    2: {"title": None, "outlet": None, "published": "2026-03"},
    3: {"label": "<b>wire</b>", "title": "x' onmouseover='y"},
}  # fmt: skip


def _macros(source: str, **context) -> str:
    env = make_env()
    head = '{% from "_macros.html" import chips, chip %}{% from "_notes.html" import item_notes %}'
    return env.from_string(head + source).render(**context)


def test_chips_equal_the_macros_and_escape_labels():
    chips = Chips(LABELS)
    for ids in ([1, 2, 3], [], [4, 1, 1], ["7"]):
        assert str(chips.many(ids)) == _macros("{{ chips(ids, labels) }}", ids=ids, labels=LABELS)
    for one in (1, 2, 3, 99):
        assert str(chips.one(one)) == _macros("{{ chip(i, labels) }}", i=one, labels=LABELS)
    html = str(chips.many([1, 3]))
    assert "<script>" not in html and "<b>" not in html and "onmouseover='" not in html
    assert str(Chips(None).many([5])) == _macros("{{ chips([5], None) }}")


def test_item_notes_equal_the_macro_with_and_without_notes():
    notes = [{"id": "n1", "text": "<i>checked</i>", "author": None, "mark": "checked",
              "created": "2026-03-12T10:00:00"}]  # fmt: skip
    on = notes_on(make_env(), notes)
    for item in ({}, {"mark": "disputed"}, {"notes": ["n1"], "mark": "checked"}):
        expected = _macros("{{ item_notes(item, notes) }}", item=item, notes=notes)
        assert str(on(item)) == expected
    assert "<i>" not in str(on({"notes": ["n1"]}))
