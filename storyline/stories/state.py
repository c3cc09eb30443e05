"""The clusterer's persistent state as plain data, behind a small backend protocol.

Everything the clusterer needs between two articles lives here, so that the store can keep it in
tables and a crash loses nothing: one ``StoryState`` row per story (its centroid is a plain
``{term: weight}`` map capped to ``ClusterSettings.centroid_terms`` terms and its headlines to a
few dozen, so a story's row grows only by its member ids), the inverted index ``term ->
stories`` used to find candidate stories without scanning them all, the document frequencies
that turn counts into TF-IDF, and ``doc -> story``. The in-memory backend below is the reference
implementation and what tests and evaluation use; a SQL backend implements the same methods over
tables."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Protocol


@dataclass
class StoryState:
    """One story as persisted.

    ``seq`` is the creation order (smaller = older; merges keep the older id). ``centroid`` is
    the sum of the members' unit-length TF-IDF vectors (IDF as it was when each joined), each
    times its weight; ``mass``/``mass2`` are the sums of those weights and of their squares,
    ``norm2`` the centroid's squared length: together they give the members' mean pairwise
    similarity without keeping the members' vectors. ``titles`` holds ``(doc_id, title,
    title_terms)`` of members with distinct headlines (the most central few once a story is
    large, see ``ClusterSettings.title_candidates``), for picking the representative headline;
    ``dated`` the publication dates of those members that have one (the title follows the
    latest development by when it was published, not by when it arrived).
    ``indexed`` lists the terms the story is currently filed under in the inverted index;
    ``years`` counts the years its members name; ``first``/``last`` bound its members'
    publication dates.

    ``youth`` counts down the articles still to arrive close to the story before its
    neighbourhood is mature (see ``ClusterSettings.mature``): a new story starts one below the
    most mature story its first article was close to (``mature - 1`` on a new subject), each
    article that arrives close to it takes one off, and at 0 it stays 0. States stored before
    it was kept load with 0, as mature, so that an existing store does not go cold again.
    """

    story_id: str
    seq: int
    centroid: dict[str, float] = field(default_factory=dict)
    size: int = 0
    norm2: float = 0.0  # squared length of ``centroid``
    mass: float = 0.0  # sum of member weights (see ``StoryClusterer``)
    mass2: float = 0.0  # sum of squared member weights
    members: list[str] = field(default_factory=list)
    titles: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    dated: dict[str, date] = field(default_factory=dict)
    first: date | None = None
    last: date | None = None
    indexed: tuple[str, ...] = ()
    years: dict[int, float] = field(default_factory=dict)
    youth: int = 0


class StoryBackend(Protocol):
    """Where the clusterer keeps its state. All methods are small point reads and writes."""

    def get(self, story_id: str) -> StoryState | None: ...

    def put(self, story: StoryState) -> None: ...

    def delete(self, story_id: str) -> None: ...

    def next_seq(self) -> int:
        """A new, strictly increasing creation number."""
        ...

    def story_of(self, doc_id: str) -> str | None: ...

    def assign(self, doc_id: str, story_id: str) -> None: ...

    def file(self, story_id: str, add: Iterable[str], remove: Iterable[str]) -> None:
        """Update the inverted index: file the story under ``add``, withdraw it from ``remove``."""
        ...

    def stories_under(self, terms: Iterable[str], per_term: int) -> dict[str, list[str]]:
        """For each term, at most ``per_term`` stories filed under it, most recent first."""
        ...

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]: ...

    def count_document(self, terms: Iterable[str]) -> None:
        """Add one document containing ``terms`` to the document frequencies."""
        ...

    def documents(self) -> int:
        """How many documents ``count_document`` has seen."""
        ...


class MemoryStoryBackend:
    """``StoryBackend`` in dictionaries (tests, evaluation, and a template for SQL)."""

    def __init__(self) -> None:
        self.stories: dict[str, StoryState] = {}
        self.doc_story: dict[str, str] = {}
        self.postings: dict[str, dict[str, None]] = {}
        self.df: dict[str, int] = {}
        self.n_docs = 0
        self._seq = 0

    def get(self, story_id: str) -> StoryState | None:
        return self.stories.get(story_id)

    def put(self, story: StoryState) -> None:
        self.stories[story.story_id] = story

    def delete(self, story_id: str) -> None:
        self.stories.pop(story_id, None)

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def story_of(self, doc_id: str) -> str | None:
        return self.doc_story.get(doc_id)

    def assign(self, doc_id: str, story_id: str) -> None:
        self.doc_story[doc_id] = story_id

    def file(self, story_id: str, add: Iterable[str], remove: Iterable[str]) -> None:
        for term in remove:
            posting = self.postings.get(term)
            if posting is not None:
                posting.pop(story_id, None)
                if not posting:
                    del self.postings[term]
        for term in add:
            posting = self.postings.setdefault(term, {})
            posting.pop(story_id, None)  # re-filing moves it to the most recent end
            posting[story_id] = None

    def stories_under(self, terms: Iterable[str], per_term: int) -> dict[str, list[str]]:
        found = {}
        for term in terms:
            posting = self.postings.get(term)
            if posting:
                found[term] = list(islice(reversed(posting), per_term))
        return found

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        df = self.df
        return {t: df.get(t, 0) for t in terms}

    def count_document(self, terms: Iterable[str]) -> None:
        df = self.df
        for t in terms:
            df[t] = df.get(t, 0) + 1
        self.n_docs += 1

    def documents(self) -> int:
        return self.n_docs


def top_terms(weights: Mapping[str, float], n: int) -> list[str]:
    """The ``n`` heaviest terms, ties broken by the term itself (deterministic). Plain tuples
    compared in C, and a heap when few of many are wanted: this runs several times per
    article over hundreds of terms."""
    ranked = [(-w, t) for t, w in weights.items()]
    chosen = heapq.nsmallest(n, ranked) if n < len(ranked) // 4 else sorted(ranked)[:n]
    return [t for _, t in chosen]
