"""A stored lineage link as a `ReuseLink`, and the same link seen from its other side.

Kept apart from `storyline.store.lineage` (which writes links with SQLAlchemy) so that the
read API can decode links without importing it."""

from __future__ import annotations

from typing import Any

from storyline import serial
from storyline.reuse.records import ReuseLink, SharedPassage


def link_from_row(row: Any) -> ReuseLink:
    """A ``reuse_links`` row (a mapping, or a row with those attributes) as a `ReuseLink`."""
    get = row.__getitem__ if isinstance(row, dict) else row._mapping.__getitem__
    origin = get("origin_id")
    return ReuseLink(
        a=str(get("article_id")),
        b=str(get("other_id")),
        shared_a=get("shared"),
        shared_b=get("other_shared"),
        passages=serial.loads(tuple[SharedPassage, ...], get("passages")),
        origin=str(origin) if origin is not None else None,
        exact_duplicate=bool(get("exact")),
    )


def flip(link: ReuseLink) -> ReuseLink:
    """The same link seen from its other article."""
    return ReuseLink(
        a=link.b,
        b=link.a,
        shared_a=link.shared_b,
        shared_b=link.shared_a,
        passages=tuple(
            SharedPassage(p.b_start, p.b_end, p.a_start, p.a_end, p.b_text, p.a_text, p.kind)
            for p in link.passages
        ),
        origin=link.origin,
        exact_duplicate=link.exact_duplicate,
    )
