"""``ReuseIndex``: find the earlier articles a new one shares wire copy with.

Two steps, so that the cost per article does not grow with the corpus: candidate documents
come from the key table (per-sentence MinHash bands, see ``keys``), and only the best
``max_candidates`` of them are aligned sentence by sentence (see ``align``). The index itself
holds only keys; texts and dates of earlier articles are read through a ``DocumentSource``
(the store's article table; a dict in memory here), so nothing is held twice.

Persisting and rebuilding: the store keeps ``keys(text)`` as rows ``key -> doc_id`` (a SQL
``KeyBackend``) and the texts it already has; ``register`` re-files an article without
comparing it, to rebuild the table from stored articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Protocol

from storyline.reuse.align import align
from storyline.reuse.backend import KeyBackend, MemoryKeyBackend
from storyline.reuse.keys import all_sentence_keys, content_words, text_key
from storyline.reuse.records import ReuseLink, SharedPassage
from storyline.reuse.sentences import Sentence, split_sentences

MIN_SHARED_CHARS = 60
"""Less shared text than this (about ten words) is coincidence, not copy."""


class DocumentSource(Protocol):
    """Read access to earlier articles: ``doc_id -> (text, published)`` for those of
    ``doc_ids`` that are known (one round trip for all the candidates of an article)."""

    def documents(self, doc_ids: Sequence[str]) -> dict[str, tuple[str, str | None]]: ...


class MemoryDocuments:
    """``DocumentSource`` in a dict, filled by ``ReuseIndex.add``/``register``."""

    def __init__(self) -> None:
        self.docs: dict[str, tuple[str, str | None]] = {}

    def documents(self, doc_ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
        return {d: self.docs[d] for d in doc_ids if d in self.docs}

    def remember(self, doc_id: str, text: str, published: str | None) -> None:
        self.docs[doc_id] = (text, published)


def utc_moment(published: str | None) -> datetime | None:
    """An ISO date or datetime as naive UTC, for ordering publications; None if unusable."""
    if not published:
        return None
    try:
        moment = datetime.fromisoformat(published.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def likely_origin(
    a: str, a_published: str | None, a_chars: int, b: str, b_published: str | None, b_chars: int
) -> str:
    """The earlier published; if dates are equal (at the coarser precision given) or missing,
    the fuller text; if that ties, ``b`` (the one that reached us first)."""
    ta, tb = utc_moment(a_published), utc_moment(b_published)
    if ta is not None and tb is not None:
        date_only = len(a_published or "") <= 10 or len(b_published or "") <= 10
        ka, kb = (ta.date(), tb.date()) if date_only else (ta, tb)
        if ka != kb:
            return a if ka < kb else b
    if a_chars != b_chars:
        return a if a_chars > b_chars else b
    return b


def compare(
    a: str,
    text_a: str,
    published_a: str | None,
    b: str,
    text_b: str,
    published_b: str | None,
    sentences_a: list[Sentence] | None = None,
    exact: bool | None = None,
) -> ReuseLink | None:
    """The reuse link between two articles, or ``None`` when they share too little.

    ``exact`` says whether the texts are known to be the same normalised text (skips hashing
    them again); ``None`` to find out."""
    sa = sentences_a if sentences_a is not None else split_sentences(text_a)
    sb = split_sentences(text_b)
    if exact is None:
        ka = text_key(text_a)
        exact = ka is not None and ka == text_key(text_b)
    if exact:
        chars = sum(s.end - s.start for s in sa)
        passage = SharedPassage(0, len(text_a), 0, len(text_b), text_a, text_b, "verbatim")
        origin = likely_origin(a, published_a, chars, b, published_b, chars)
        return ReuseLink(a, b, 1.0, 1.0, (passage,), origin, exact_duplicate=True)
    found = align(text_a, sa, text_b, sb)
    if sum(p.a_end - p.a_start for p in found.passages) < MIN_SHARED_CHARS:
        return None
    origin = likely_origin(a, published_a, found.chars_a, b, published_b, found.chars_b)
    return ReuseLink(a, b, found.shared_a, found.shared_b, found.passages, origin)


class ReuseIndex:
    """Finds, for each added article, the earlier articles sharing passages with it.

    A candidate must hold ``min_hits`` of the article's keys (an exact duplicate always
    qualifies): a passage of two sentences, or one sentence close enough to collide in two
    bands. One stray band collision is what similar sentences of *different* stories produce,
    and aligning every such pair would make the cost grow with the corpus. The price: a single
    lightly edited shared sentence is found about half the time (an exact one always).
    ``max_candidates`` (the most keys held first) are aligned."""

    def __init__(
        self,
        backend: KeyBackend | None = None,
        documents: DocumentSource | None = None,
        max_candidates: int = 5,
        min_hits: int = 2,
    ) -> None:
        self.backend: KeyBackend = backend if backend is not None else MemoryKeyBackend()
        self.documents: DocumentSource = documents if documents is not None else MemoryDocuments()
        self.max_candidates = max_candidates
        self.min_hits = min_hits

    def add(self, doc_id: str, text: str, published: str | None = None) -> list[ReuseLink]:
        """Compare the article with earlier ones, then file it. Links come best first (exact
        duplicates, then by ``shared_a``), each with ``a == doc_id``."""
        text = text or ""
        sentences, whole, sentence_keys_ = _take_prepared(text)
        links = []
        if whole is not None:
            hits, duplicates = self.backend.lookup(sentence_keys_, whole)
            for other in duplicates:
                hits[other] = hits.get(other, 0) + 1_000_000
            ranked = sorted(
                ((d, h) for d, h in hits.items() if h >= self.min_hits and d != doc_id),
                key=lambda kv: (-kv[1], kv[0]),
            )
            chosen = [other for other, _ in ranked[: self.max_candidates]]
            stored_texts = self.documents.documents(chosen) if chosen else {}
            for other in chosen:
                stored = stored_texts.get(other)
                if stored is None:
                    continue
                link = compare(
                    doc_id,
                    text,
                    published,
                    other,
                    stored[0],
                    stored[1],
                    sentences,
                    exact=other in duplicates,
                )
                if link is not None:
                    links.append(link)
        links.sort(key=lambda link: (not link.exact_duplicate, -link.shared_a, link.b))
        self._file(doc_id, text, published, whole, sentence_keys_)
        return links

    def register(self, doc_id: str, text: str, published: str | None = None) -> None:
        """File an article without comparing it (rebuilding the index from stored articles)."""
        sentences = split_sentences(text or "")
        keys_ = _sentence_keys(sentences)
        self._file(doc_id, text or "", published, text_key(text or ""), keys_)

    def _file(
        self, doc_id: str, text: str, published: str | None, whole: int | None, keys_: list[int]
    ) -> None:
        all_keys = ([whole] if whole is not None else []) + keys_
        if all_keys:
            self.backend.add_keys(doc_id, list(dict.fromkeys(all_keys)))
        if isinstance(self.documents, MemoryDocuments):
            self.documents.remember(doc_id, text, published)


PreparedText = tuple[list[Sentence], int | None, list[int]]
"""What `ReuseIndex.add` computes from an article's text alone: its sentences, its whole-text
key and its sentence keys."""

MAX_HELD = 512
"""Prepared texts held for `ReuseIndex.add` (a few batches of pages; the oldest go first)."""

_held: dict[str, PreparedText] = {}


def prepare_text(text: str) -> PreparedText:
    """The pure part of `ReuseIndex.add`: it needs no index, so worker processes compute it
    (`storyline.workers`) and the single writer only looks the keys up."""
    sentences = split_sentences(text or "")
    return sentences, text_key(text or ""), _sentence_keys(sentences)


def hold_prepared(text: str, prepared: PreparedText) -> None:
    """Keep ``prepared`` (from `prepare_text`, computed elsewhere) for the `ReuseIndex.add`
    of exactly this ``text``; used once, then dropped."""
    _held[text] = prepared
    while len(_held) > MAX_HELD:
        del _held[next(iter(_held))]


def _take_prepared(text: str) -> PreparedText:
    held = _held.pop(text, None)
    return held if held is not None else prepare_text(text)


def _sentence_keys(sentences: list[Sentence]) -> list[int]:
    return [k for keys in all_sentence_keys([content_words(s) for s in sentences]) for k in keys]
