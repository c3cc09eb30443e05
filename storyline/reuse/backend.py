"""Where candidate keys live: a protocol the store implements in SQL, and a dict version."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class KeyBackend(Protocol):
    """A ``key -> doc_id`` table.

    ``lookup`` returns, for every document holding at least one of ``keys``, how many of them
    it holds, and the documents holding ``whole`` (a text key: exact duplicates), in one
    round trip. A backend may ignore keys held by very many documents (boilerplate sentences
    shared by hundreds of pages say nothing about who copied whom, and would make every lookup
    as costly as the corpus is large); ``whole`` is never ignored.
    """

    def add_keys(self, doc_id: str, keys: Sequence[int]) -> None: ...

    def lookup(
        self, keys: Sequence[int], whole: int | None = None
    ) -> tuple[dict[str, int], set[str]]: ...


class MemoryKeyBackend:
    """``KeyBackend`` in a dict; keys held by more than ``max_postings`` documents are
    ignored by ``lookup`` (see ``KeyBackend``)."""

    def __init__(self, max_postings: int = 200) -> None:
        self.max_postings = max_postings
        self.postings: dict[int, list[str]] = {}

    def add_keys(self, doc_id: str, keys: Sequence[int]) -> None:
        for key in dict.fromkeys(keys):
            self.postings.setdefault(key, []).append(doc_id)

    def lookup(
        self, keys: Sequence[int], whole: int | None = None
    ) -> tuple[dict[str, int], set[str]]:
        hits: dict[str, int] = {}
        for key in dict.fromkeys(keys):
            docs = self.postings.get(key)
            if docs and len(docs) <= self.max_postings:
                for doc_id in docs:
                    hits[doc_id] = hits.get(doc_id, 0) + 1
        duplicates = set(self.postings.get(whole, ())) if whole is not None else set()
        return hits, duplicates
