"""Origin groups: count origins, not copies.

An article whose text is mostly shared with an earlier one (``MOSTLY`` of its sentence
characters, or an exact duplicate) belongs to that article's origin group; five republished
copies of one agency story are one origin. Articles that share only some passages (an outlet
embedding a few wire paragraphs in its own reporting) keep their own group, but the pair is
remembered as *linked*: a sentence both carry is counted once, since it is most likely the
shared wire copy rather than two confirmations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from storyline.reuse import ReuseLink

MOSTLY = 0.5


@dataclass(frozen=True)
class Origins:
    """``group[article]`` is the id of its group's origin (earliest article of the group);
    ``copy_of[article]`` the article it was mostly copied from; ``linked`` holds the pairs of
    groups that share some copy."""

    group: dict[str, str]
    copy_of: dict[str, str]
    linked: frozenset[tuple[str, str]]

    def count(self, articles: Iterable[str]) -> int:
        """How many independent origins a set of articles comes from."""
        return len(self.components(articles))

    def components(self, articles: Iterable[str]) -> list[set[str]]:
        """The articles partitioned into independent origins: same group, or linked groups."""
        roots = sorted({self.group.get(a, a) for a in articles})
        parent = {r: r for r in roots}

        def find(x: str) -> str:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        if len(roots) > 1 and self.linked:
            for i, r in enumerate(roots):
                for s in roots[i + 1 :]:
                    if (r, s) in self.linked:
                        parent[find(s)] = find(r)
        out: dict[str, set[str]] = {}
        for r in roots:
            out.setdefault(find(r), set()).add(r)
        return list(out.values())


def origin_groups(
    published: dict[str, str | None], links: Iterable[ReuseLink], mostly: float = MOSTLY
) -> Origins:
    """Group the story's articles (``published``: id → date) by origin using reuse links."""
    ids = list(published)
    parent = {a: a for a in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def order(a: str) -> tuple[str, int]:
        return (published.get(a) or "9999", ids.index(a) if a in parent else len(ids))

    copy_of: dict[str, str] = {}
    pairs: list[tuple[str, str]] = []
    for link in links:
        if link.a not in parent or link.b not in parent:
            continue
        origin = link.origin or link.b
        copy = link.a if origin == link.b else link.b
        share = link.shared_a if copy == link.a else link.shared_b
        pairs.append((link.a, link.b))
        if link.exact_duplicate or share >= mostly:
            copy_of.setdefault(copy, origin)
            ra, rb = find(copy), find(origin)
            if ra != rb:
                first, second = sorted((ra, rb), key=order)
                parent[second] = first
    group = {a: find(a) for a in ids}
    linked = set()
    for a, b in pairs:
        ga, gb = group[a], group[b]
        if ga != gb:
            linked.add((ga, gb))
            linked.add((gb, ga))
    return Origins(group=group, copy_of=copy_of, linked=frozenset(linked))
