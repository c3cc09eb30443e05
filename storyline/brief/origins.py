"""Origin groups: count origins, not copies.

An article whose text is mostly shared with an earlier one (``MOSTLY`` of its sentence
characters, or an exact duplicate) belongs to that article's origin group; five republished
copies of one agency story are one origin. Articles that share only some passages (an outlet
embedding a few wire paragraphs in its own reporting) keep their own group, but the pair is
remembered as *linked*: a sentence both carry is counted once, since it is most likely the
shared wire copy rather than two confirmations.

*Independent origins* are the components of groups and links: two articles that share wire
copy (at least ``WIRE`` of either one's text) are not two independent reports, however much
each adds of its own. A shorter shared passage (one quote both took from a press
conference) links nothing. `lineage` says, for each independent origin, which article came
first and which articles republish its copy: every view shows that one answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from storyline.reuse import ReuseLink

MOSTLY = 0.5
WIRE = 0.1
"""Share of an article's text, found in another, from which the two share wire copy."""


@dataclass(frozen=True)
class Origins:
    """``group[article]`` is the id of its group's origin (earliest article of the group);
    ``copy_of[article]`` the article it was mostly copied from; ``linked`` holds the pairs of
    groups that share some copy."""

    group: dict[str, str]
    copy_of: dict[str, str]
    linked: frozenset[tuple[str, str]]
    shares: dict[tuple[str, str], tuple[float, bool]] = field(default_factory=dict)
    """``(a, b)`` → (share of ``a``'s text found in ``b``, whether edited) for articles that
    share wire copy, both ways round."""

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
            # the pairs that may join two roots: the linked ones among them, found from
            # whichever side is smaller (a large story's unit can have hundreds of roots)
            if len(self.linked) < len(roots) * (len(roots) - 1) // 2:
                pairs = [(r, s) for r, s in self.linked if r < s and r in parent and s in parent]
            else:
                pairs = [
                    (r, s) for i, r in enumerate(roots) for s in roots[i + 1 :]
                    if (r, s) in self.linked
                ]  # fmt: skip
            for r, s in pairs:
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
    shares: dict[tuple[str, str], tuple[float, bool]] = {}
    for link in links:
        if link.a not in parent or link.b not in parent:
            continue
        if max(link.shared_a, link.shared_b) < WIRE and not link.exact_duplicate:
            continue  # a quote both carry, not shared copy
        edited = any(p.kind == "edited" for p in link.passages)
        shares[(link.a, link.b)] = (link.shared_a, edited)
        shares[(link.b, link.a)] = (link.shared_b, edited)
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
    return Origins(group=group, copy_of=copy_of, linked=frozenset(linked), shares=shares)


@dataclass(frozen=True)
class Copy:
    """An article that republishes copy first published by ``source``: ``shared`` is the
    share of its own text found there; ``edited`` when the shared passages were reworded."""

    article: str
    source: str
    shared: float
    edited: bool


@dataclass(frozen=True)
class OriginGroup:
    """One independent origin: the article that published the copy first and the articles
    that republish it (wholly or in part)."""

    origin: str
    copies: tuple[Copy, ...] = ()


def lineage(
    origins: Origins, articles: Iterable[str], order: dict[str, tuple[str, int]]
) -> tuple[OriginGroup, ...]:
    """The articles as independent origins, each with the articles republishing its copy;
    groups with copies first, then by first publication. Each copy names the earlier
    article of its origin it shares most of its text with."""
    ids = list(articles)
    out = []
    for component in origins.components(ids):
        members = sorted(
            (a for a in ids if origins.group.get(a, a) in component), key=lambda a: order[a]
        )
        first, copies = members[0], []
        for i, art in enumerate(members[1:], 1):
            # the earlier article it shares most with; a later one only when it is linked to
            # the group through that one alone
            others = members[:i] + members[i + 1 :]
            (shared, edited), source = max(
                ((origins.shares.get((art, o), (0.0, False)), o) for o in others),
                key=lambda t: (t[0][0] > 0 and members.index(t[1]) < i, t[0][0]),
            )
            if shared == 0.0:
                source = origins.copy_of.get(art, first)
            copies.append(Copy(art, source, round(shared, 4), edited or shared < 0.9))
        out.append(OriginGroup(first, tuple(copies)))
    out.sort(key=lambda g: (not g.copies, order[g.origin]))
    return tuple(out)
