"""Source chips of a story page, each article's chip escaped once per page.

A large story page shows thousands of chips but only as many different ones as the story
has articles; rendering each through a Jinja macro was about a third of the page's cost.
`Chips` builds an article's chip the first time it is asked (escaping every part of it,
exactly as the ``chip`` macro in ``_macros.html`` does) and joins the stored strings
afterwards. The output is the macro's, byte for byte (a test compares them).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from .render import human_date


class Chips:
    """``one(id)`` is ``chip(id, labels)``; ``many(ids)`` is ``chips(ids, labels)``."""

    def __init__(self, labels: dict[Any, dict[str, Any]] | None) -> None:
        self.labels = labels or {}
        self._html: dict[Any, str] = {}

    def _chip(self, id: Any) -> str:
        html = self._html.get(id)
        if html is None:
            a = self.labels.get(id) or {}
            title = escape(a.get("title") or "")
            if a.get("published"):
                title += " · " + escape(human_date(a["published"]))
            text = a.get("label") or a.get("outlet") or f"#{id}"
            href = f"/articles/{escape(id)}"
            html = f'<a class="chip" href="{href}" title="{title}">{escape(text)}</a>'
            self._html[id] = html
        return html

    def one(self, id: Any) -> Markup:
        return Markup(self._chip(id))

    def many(self, ids: Any) -> Markup:
        return Markup('<span class="chips">' + "".join(map(self._chip, ids or ())) + "</span>")


_NO_NOTES = Markup("\n")


def notes_on(env: Any, notes: Any) -> Any:
    """``item_notes(item, notes)`` of ``_notes.html`` for one page, answering at once for
    the many items that carry no note and no mark (the macro's output for them is a newline)."""
    macro = env.get_template("_notes.html").module.item_notes

    def on(item: Any) -> Any:
        if not item.get("mark") and not item.get("notes"):
            return _NO_NOTES
        return macro(item, notes)

    return on
