"""Sentences of a story grouped into units (one sentence and its near-identical copies) and
linked by similarity (paraphrases), built once per brief and shared by the summary, the
``since`` view and the exclusives.

Similarity is the cosine of content-word sets, each word weighted by a mild idf (the
story's topic words still count, at a third of a rare word). Candidates come from an inverted
index that leaves out the story's most common words (they say "this is the story", not "this
is the same sentence"), so the cost grows with the overlap between sentences, not with the
square of their number.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from .prepare import PreparedArticle
from .sentences import Sentence

NEAR = 0.8
"""Similarity at or above which two sentences are one (an edited copy: a changed word)."""
PARA = 0.25
"""Similarity at or above which a sentence counts as paraphrasing another."""
_COMMON = 0.3
"""Words in more than this share of units are not used to find candidates."""
_SPARSE_FROM = 2000
"""Sentence groups from which candidates are found by a sparse product (`_sparse_candidates`)."""
_BLOCK = 512
"""Rows of the sparse product computed at a time (memory stays near ``_BLOCK`` × groups)."""
_SLACK = 1 - 1e-9
"""The sparse product sums in another order: it keeps pairs a rounding error short of
``PARA``, which the exact sum then judges."""


@dataclass
class Unit:
    """A sentence and its near-identical renderings in other articles."""

    id: int
    members: list[Sentence]
    words: frozenset[str]
    carriers: dict[str, None] = field(default_factory=dict)
    eligible: bool = False
    facts: set[tuple] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)


@dataclass
class SentenceGraph:
    units: list[Unit]
    neighbours: list[dict[int, float]]
    """``neighbours[u][v]``: similarity of two different units, only when ≥ ``PARA``."""
    position: dict[tuple[str, int], int]
    """(article, sentence index) → unit id."""

    def sim(self, u: int, v: int) -> float:
        return 1.0 if u == v else self.neighbours[u].get(v, 0.0)


def build_graph(articles: list[PreparedArticle]) -> SentenceGraph:
    """Units and their similarity links for all sentences of the given articles."""
    exact: dict[str, list[Sentence]] = {}
    for art in articles:
        for s in art.sentences:
            if s.norm and s.words:
                exact.setdefault(s.norm, []).append(s)
    groups = list(exact.values())
    words = [g[0].words for g in groups]
    n_articles = max(len(articles), 1)
    df: dict[str, int] = defaultdict(int)
    for art in articles:
        for w in {w for s in art.sentences for w in s.words}:
            df[w] += 1
    idf = {w: math.log(1.0 + n_articles / c) for w, c in df.items()}
    # in sorted word order: the norms and dot products below are float sums, and a set's
    # order follows the hash seed (a sum a rounding error either side of ``PARA``, ``NEAR``
    # or the summary's thresholds would change the brief from one process to the next)
    weights = [{w: idf[w] for w in sorted(ws)} for ws in words]
    norms = [math.sqrt(sum(ws.values())) or 1.0 for ws in weights]

    figures = [_figures(g[0]) for g in groups]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, terms in enumerate(words):
        for w in terms:
            postings[w].append(i)
    limit = max(40, int(_COMMON * len(groups)))
    edges: dict[tuple[int, int], float] = {}
    if len(groups) >= _SPARSE_FROM:
        candidates = _sparse_candidates(weights, postings, limit, norms)
    else:
        candidates = _candidates(weights, postings, limit)
    for i, ws, dots in candidates:
        for j, dot in dots.items():
            if dot < PARA * norms[i] * norms[j]:
                continue
            full = sum(wt for w, wt in ws.items() if w in weights[j])
            sim = full / (norms[i] * norms[j])
            if _other_numbers(figures[i], figures[j]):
                sim *= 0.5
            if sim >= PARA:
                edges[(i, j)] = sim

    parent = list(range(len(groups)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (i, j), sim in edges.items():
        if sim >= NEAR:
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
    unit_of: dict[int, int] = {}
    units: list[Unit] = []
    for i, members in enumerate(groups):
        root = find(i)
        if root not in unit_of:
            unit_of[root] = len(units)
            units.append(Unit(id=len(units), members=[], words=words[root]))
        unit = units[unit_of[root]]
        unit_of[i] = unit.id
        for s in members:
            unit.members.append(s)
            unit.carriers[s.article] = None
            unit.eligible = unit.eligible or s.eligible
            unit.facts |= s.facts
            unit.dates.update(s.dates)
    neighbours: list[dict[int, float]] = [{} for _ in units]
    for (i, j), sim in edges.items():
        u, v = unit_of[i], unit_of[j]
        if u != v and sim > neighbours[u].get(v, 0.0):
            neighbours[u][v] = sim
            neighbours[v][u] = sim
    position = {(s.article, s.index): unit.id for unit in units for s in unit.members}
    return SentenceGraph(units=units, neighbours=neighbours, position=position)


def _candidates(
    weights: list[dict[str, float]], postings: dict[str, list[int]], limit: int
) -> Iterator[tuple[int, dict[str, float], dict[int, float]]]:
    """Per sentence group ``i``: the later groups sharing one of its words that are not
    too common, with the summed weight of those words (in the order they are met)."""
    for i, ws in enumerate(weights):
        dots: dict[int, float] = defaultdict(float)
        for w, wt in ws.items():
            plist = postings[w]
            if len(plist) > limit:
                continue
            for j in plist:
                if j > i:
                    dots[j] += wt
        yield i, ws, dots


def _sparse_candidates(
    weights: list[dict[str, float]],
    postings: dict[str, list[int]],
    limit: int,
    norms: list[float],
) -> Iterator[tuple[int, dict[str, float], dict[int, float]]]:
    """``_candidates`` for a large story, less the pairs that cannot pass ``PARA``.

    Summing the shared weights pair by pair in Python grows with the square of the story
    (words in up to ``_COMMON`` of its sentences still count), so a 300-article story took
    many seconds. Here a sparse product finds the pairs whose shared weight can reach
    ``PARA``; for those the sum is redone in Python in the same order, and the pairs come out
    in the same order, so the graph is exactly ``_candidates``' graph."""
    import numpy as np
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for i, ws in enumerate(weights):
        for w, wt in ws.items():
            if len(postings[w]) <= limit:
                rows.append(i)
                cols.append(vocab.setdefault(w, len(vocab)))
                vals.append(wt)
    n = len(weights)
    shape = (n, max(len(vocab), 1))
    matrix = csr_matrix((vals, (rows, cols)), shape=shape)
    # a shared word adds its weight once (not squared): weights times the words present
    present = csr_matrix((np.ones(len(vals)), (rows, cols)), shape=shape).T.tocsr()
    norm = np.asarray(norms)
    for start in range(0, n, _BLOCK):
        block = (matrix[start : start + _BLOCK] @ present).tocoo()
        row = block.row + start
        keep = (block.col > row) & (block.data >= PARA * norm[row] * norm[block.col] * _SLACK)
        found: dict[int, list[int]] = defaultdict(list)
        for i, j in zip(row[keep].tolist(), block.col[keep].tolist(), strict=True):
            found[i].append(j)
        for i in range(start, min(start + _BLOCK, n)):
            ws = weights[i]
            if i not in found:
                yield i, ws, {}
                continue
            usable = [(w, wt) for w, wt in ws.items() if len(postings[w]) <= limit]
            met: list[tuple[int, int, float]] = []
            for j in found[i]:
                other = weights[j]
                dot, first = 0.0, -1
                for k, (w, wt) in enumerate(usable):
                    if w in other:
                        dot += wt
                        if first < 0:
                            first = k
                met.append((first, j, dot))
            met.sort()
            yield i, ws, {j: dot for _, j, dot in met}


def _figures(s: Sentence) -> dict[str, set[float]]:
    out: dict[str, set[float]] = {}
    for f in s.facts:
        if f[0] == "figure":
            out.setdefault(f[1], set()).add(f[2])
    return out


def _other_numbers(a: dict[str, set[float]], b: dict[str, set[float]]) -> bool:
    """Whether two sentences count the same thing with different numbers: alike in form
    ("said it shot down N drones overnight"), different in fact, so not paraphrases."""
    return any(unit in b and not (values & b[unit]) for unit, values in a.items())
