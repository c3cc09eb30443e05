"""What changed in a story since a moment: its new articles, figures and quotes.

A reader who saw the story on Thursday wants Friday's news, not the whole story again. The
new summary sentences come from ``Summariser.since`` (sentences no earlier article said or
closely paraphrased); this module adds the rest from the story view's own ledgers, as plain
data: an article is new when it was published at or after the moment, and a figure or a
quote is new when every article that reports it is (a figure an earlier article already
gave is not news, however many outlets repeat it later). Undated articles count as earlier:
when it is not known whether something is new, it is not announced as new.
"""

from __future__ import annotations

from typing import Any

from .summary import when


def parse_moment(moment: str) -> str:
    """The moment as a sortable key; ``ValueError`` naming it when it is not ISO."""
    key = when(moment)
    if not key:
        raise ValueError(f"{moment!r} is not a date (YYYY-MM-DD) or an ISO date and time")
    return key


def changes_since(view: dict[str, Any], moment: str) -> dict[str, Any]:
    """``{"since", "articles", "figures", "quotes"}``: the ids of the story's articles
    published at or after ``moment`` (oldest first), and the figures and quotes reported
    only by them, in the view's own shapes."""
    cutoff = parse_moment(moment)
    published = {
        a["id"]: when(a.get("published")) for a in view.get("article_list") or []
    }
    new = {i for i, key in published.items() if key and key >= cutoff}

    def only_new(item: dict[str, Any]) -> bool:
        sources = item.get("sources") or []
        return bool(sources) and all(s in new for s in sources)

    return {
        "since": moment,
        "articles": sorted(new, key=lambda i: (published[i], i)),
        "figures": [f for f in view.get("figures") or [] if only_new(f)],
        "quotes": [q for q in view.get("quotes") or [] if only_new(q)],
    }
