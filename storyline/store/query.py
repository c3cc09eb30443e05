"""The search query language users type, above what each engine is given.

Words and "quoted phrases" must all match (`storyline.store.search.query_terms` turns one
such query into the engine's terms: FTS5 on SQLite, ``tsvector`` on PostgreSQL). On top of
that, ``OR`` (upper case, as FTS5 and web search engines spell it) between alternatives
matches any of them: ``Peskov OR Lavrov``, ``"grain deal" OR "grain corridor" Odesa``
(each alternative is itself words and phrases that must all match). Each alternative is
searched on its own and the hits are merged, best of each first, so no engine ever sees
the operator and no query can be a syntax error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, TypeVar

_OR = re.compile(r'"[^"]*"?|\bOR\b|[^"O]+|O', re.UNICODE)

QUERY_HELP = (
    'how queries work: every word must match; "a quoted phrase" matches those words in '
    "order; OR between alternatives matches either (Peskov OR Lavrov); case and "
    "punctuation are ignored"
)


def or_alternatives(query: str) -> list[str]:
    """``Peskov OR "Sergey Lavrov" Moscow`` → ``["Peskov", '"Sergey Lavrov" Moscow']``:
    the query split at each ``OR`` outside quotes; empty alternatives dropped."""
    parts: list[str] = []
    current: list[str] = []
    for token in _OR.findall(query):
        if token == "OR":
            parts.append("".join(current))
            current = []
        else:
            current.append(token)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


class _Hit(Protocol):
    @property
    def id(self) -> int: ...


H = TypeVar("H", bound=_Hit)


def merge_hits(results: Sequence[Sequence[H]], limit: int) -> list[H]:
    """The hits of several alternatives interleaved (each one's best first), each article
    once, at most ``limit``: relevance scores of separate queries are not comparable, so
    no alternative crowds out the others."""
    merged: list[H] = []
    seen: set[int] = set()
    for rank in range(max((len(r) for r in results), default=0)):
        for hits in results:
            if rank < len(hits) and hits[rank].id not in seen:
                seen.add(hits[rank].id)
                merged.append(hits[rank])
    return merged[:limit]
