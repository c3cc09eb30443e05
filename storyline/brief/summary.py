"""The extractive summary: 4–8 sentences, each a verbatim sentence of a cited article.

Why these sentences:

- **centrality across independent sources**: a sentence is close to the story's centroid,
  in which a word counts once per independent origin that uses it; and it is supported by
  every origin that carries it (1 each) or paraphrases it (its best similarity), origins
  being counted once however many copies they have (``Origins.components``), so a sentence
  five outlets reported on their own outranks one wire sentence republished five times;
- **coverage of the story's facts**: dated events, figures and speakers, each weighted by how
  many independent origins report it, earn a sentence a bonus until the summary holds them;
- **low redundancy**: maximal marginal relevance against the sentences already chosen;
- **dated, newest first**: each sentence carries the day it was first reported (a date
  named inside the sentence may belong to a subordinate phrase — "will vote on a fund …
  after the dam ruptured last Wednesday" — so it is the timeline's business, not the
  summary's), and the summary runs from the newest to the
  oldest after the lead, the latest development (the most central sentence weighted towards
  the most recently reported news): an earlier statement does not sit above a later one as if
  the two contradicted each other.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from .graph import SentenceGraph, Unit
from .origins import Origins
from .records import SummarySentence

LIMIT = 8
MINIMUM = 4
REDUNDANT = 0.5
"""Similarity to a chosen sentence above which a candidate repeats it."""


def when(published: str | None) -> str:
    """A sortable UTC-less key for an ISO date or datetime ('' when unknown)."""
    if not published:
        return ""
    try:
        moment = datetime.fromisoformat(published.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = datetime.fromisoformat(published.strip()[:10])
        except ValueError:
            return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat()


class Summariser:
    """Scores the units of one story once; ``summary``, ``since`` and ``exclusives`` reuse
    the scores."""

    def __init__(
        self,
        graph: SentenceGraph,
        origins: Origins,
        published: dict[str, str | None],
        labels: dict[str, str],
    ) -> None:
        self.graph = graph
        self.origins = origins
        self.published = {a: when(p) for a, p in published.items()}
        self.order = {a: i for i, a in enumerate(published)}
        self.labels = labels
        self.support = {
            u.id: self._support(u) for u in graph.units if u.eligible and not self._about_outlet(u)
        }
        self.centrality = self._centrality()
        self.fact_weight = self._fact_weights()
        top_s = max(self.support.values(), default=1.0) or 1.0
        top_c = max(self.centrality.values(), default=1.0) or 1.0
        self.relevance = {
            uid: (0.6 * self.centrality[uid] / top_c + 0.4 * s / top_s)
            * _position_prior(graph.units[uid])
            for uid, s in self.support.items()
        }
        self.first = {u.id: self._first_reported(u) for u in graph.units}
        known = sorted(p for p in self.published.values() if p)
        self.span = (known[0], known[-1]) if known else ("", "")

    def _about_outlet(self, unit: Unit) -> bool:
        """Whether the sentence is its outlet talking about itself ("Tarnovets Today will
        update this story"), which is no news of the story."""
        head = unit.members[0].text.removeprefix("The ")
        return any(
            len(label) > 3 and head.startswith(label.removeprefix("The "))
            for label in {self.labels.get(a, a) for a in unit.carriers}
        )

    # --- scores -------------------------------------------------------------------------
    def _support(self, unit: Unit) -> float:
        best: dict[str, float] = dict.fromkeys(unit.carriers, 1.0)
        for v, sim in self.graph.neighbours[unit.id].items():
            for a in self.graph.units[v].carriers:
                if sim > best.get(a, 0.0):
                    best[a] = sim
        by_root: dict[str, list[float]] = {}
        for a, sim in best.items():
            by_root.setdefault(self.origins.group.get(a, a), []).append(sim)
        return sum(
            max(sim for root in comp for sim in by_root[root])
            for comp in self.origins.components(best)
        )

    def _centrality(self) -> dict[int, float]:
        """Closeness to the story's centroid, where a word weighs by how many independent
        origins use it (words of a single origin weigh nothing): the sentences that state
        what every outlet is writing about."""
        vocab: dict[str, set[str]] = {}
        for u in self.graph.units:
            for a in u.carriers:
                vocab.setdefault(self.origins.group.get(a, a), set()).update(u.words)
        df: dict[str, int] = {}
        for words in vocab.values():
            for w in words:
                df[w] = df.get(w, 0) + 1
        spread = max(len(vocab) - 1, 1)
        weight = {w: (c - 1) / spread for w, c in df.items()}
        # fsum over a set: exactly rounded, so the same whatever order the hash seed gives
        return {
            uid: math.fsum(weight.get(w, 0.0) for w in self.graph.units[uid].words)
            / math.sqrt(len(self.graph.units[uid].words) + 4)
            for uid in self.support
        }

    def _fact_weights(self) -> dict[tuple, float]:
        holders: dict[tuple, set[str]] = {}
        for u in self.graph.units:
            for f in u.facts:
                holders.setdefault(f, set()).update(u.carriers)
        # a fact only one origin reports earns little: coverage is for what the story is about
        return {f: self.origins.count(arts) - 0.9 for f, arts in holders.items()}

    def _first_reported(self, unit: Unit) -> str:
        dates = [self.published.get(a, "") for a in unit.carriers]
        dates = [d for d in dates if d]
        return min(dates) if dates else ""

    def _recency(self, uid: int) -> float:
        lo, hi = self.span
        first = self.first[uid]
        if not first or not lo or hi == lo:
            return 1.0
        a, b, x = (datetime.fromisoformat(v).timestamp() for v in (lo, hi, first))
        return max(0.0, min(1.0, (x - a) / (b - a)))

    def _gain(self, uid: int, covered: set[tuple]) -> float:
        # fsum: the facts are a set, whose order follows the hash seed
        return math.fsum(
            self.fact_weight.get(f, 0.0) for f in self.graph.units[uid].facts - covered
        )

    # --- selection ----------------------------------------------------------------------
    def select(
        self, candidates: set[int] | None = None, limit: int = LIMIT, minimum: int = MINIMUM
    ) -> tuple[SummarySentence, ...]:
        pool = [uid for uid in self.relevance if candidates is None or uid in candidates]
        if not pool:
            return ()
        max_gain = max((self._gain(u, set()) for u in pool), default=0.0) or 1.0
        lead = max(
            pool,
            key=lambda u: (
                self.relevance[u] * (0.3 + 0.7 * self._recency(u))
                + 0.2 * self._gain(u, set()) / max_gain,
                -u,
            ),
        )
        chosen = [lead]
        covered = set(self.graph.units[lead].facts)
        while len(chosen) < limit:
            best, best_score = None, float("-inf")
            for u in pool:
                if u in chosen:
                    continue
                redundancy = max(self.graph.sim(u, c) for c in chosen)
                if redundancy >= REDUNDANT:
                    continue
                score = (
                    0.55 * self.relevance[u]
                    + 0.45 * self._gain(u, covered) / max_gain
                    - 0.5 * redundancy
                    - 0.3 * _repeated_figures(self.graph.units[u], covered)
                )
                if score > best_score:
                    best, best_score = u, score
            if best is None or (len(chosen) >= minimum and best_score <= 0.05):
                break
            chosen.append(best)
            covered |= self.graph.units[best].facts
        rest = sorted(chosen[1:], key=lambda u: self._anchor(u)[0], reverse=True)
        return tuple(self.sentence(u) for u in [lead, *rest])

    def _anchor(self, uid: int) -> tuple[str, str, int]:
        unit = self.graph.units[uid]
        first = self.first[uid]
        return (first[:10], first, min(s.index for s in unit.members))

    def sentence(self, uid: int) -> SummarySentence:
        """The unit as a summary sentence: the wording of its earliest carrier, every carrier
        as a source."""
        unit = self.graph.units[uid]
        members = [s for s in unit.members if s.eligible] or unit.members
        rep = min(members, key=lambda s: (self._date(s.article), self.order.get(s.article, 0)))
        sources = tuple(sorted(unit.carriers, key=self._article_key))
        return SummarySentence(
            text=rep.text,
            sources=sources,
            article=rep.article,
            start=rep.start,
            end=rep.end,
            origins=self.origins.count(unit.carriers),
            date=self._anchor(uid)[0][:10] or None,
        )

    def _date(self, article: str) -> str:
        return self.published.get(article) or "9999"

    def _article_key(self, article: str) -> tuple[str, int]:
        return (self._date(article), self.order.get(article, 0))

    # --- views --------------------------------------------------------------------------
    def summary(self) -> tuple[SummarySentence, ...]:
        return self.select()

    def since(self, moment: str, limit: int = LIMIT) -> tuple[SummarySentence, ...]:
        """What is new since ``moment``: sentences carried only by articles published at or
        after it, leaving out anything an earlier article said or closely paraphrased."""
        cutoff = when(moment)
        if not cutoff:
            raise ValueError(f"since: {moment!r} is not an ISO date or datetime")
        old = {a for a, p in self.published.items() if not p or p < cutoff}
        fresh = set()
        for u in self.graph.units:
            if u.id not in self.relevance or any(a in old for a in u.carriers):
                continue
            said = any(
                sim >= REDUNDANT and any(a in old for a in self.graph.units[v].carriers)
                for v, sim in self.graph.neighbours[u.id].items()
            )
            if not said:
                fresh.add(u.id)
        return self.select(fresh, limit=limit, minimum=1)

    def exclusives(self, per_outlet: int = 3) -> dict[str, tuple[SummarySentence, ...]]:
        """Per outlet, fact-bearing sentences that no other outlet carries or paraphrases
        (none when a single outlet covers the story: there is nothing to compare with)."""
        if len(set(self.labels.values())) < 2:
            return {}
        found: dict[str, list[int]] = {}
        for u in self.graph.units:
            if u.id not in self.relevance or not u.facts:
                continue
            outlets = {self.labels.get(a, a) for a in u.carriers}
            if len(outlets) != 1:
                continue
            (outlet,) = outlets
            echoed = any(
                sim >= REDUNDANT
                and any(self.labels.get(a, a) != outlet for a in self.graph.units[v].carriers)
                for v, sim in self.graph.neighbours[u.id].items()
            )
            if not echoed:
                found.setdefault(outlet, []).append(u.id)
        out = {}
        for outlet, uids in sorted(found.items()):
            best = sorted(
                uids, key=lambda u: (-self._gain(u, set()), -self.relevance[u], self._anchor(u))
            )[:per_outlet]
            out[outlet] = tuple(self.sentence(u) for u in sorted(best, key=self._anchor))
        return out


def _position_prior(unit: Unit) -> float:
    """Ledes summarise their article: early sentences get a modest boost."""
    index = min(s.index for s in unit.members)
    return 1.0 + 0.3 / (1.0 + index)


def _repeated_figures(unit: Unit, covered: set[tuple]) -> float:
    """Share of a sentence's figures the summary already gives: a second sentence with the
    same numbers adds words, not news."""
    figures = [f for f in unit.facts if f[0] == "figure"]
    if not figures:
        return 0.0
    return sum(f in covered for f in figures) / len(figures)
