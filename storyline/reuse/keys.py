"""Candidate keys: per-sentence MinHash bands, plus one key for the whole normalised text.

Why per sentence: wire copy is reused as passages, often a few sentences of a long article, so
a signature of the whole article (whose Jaccard with a partial copy may fall far below any LSH
threshold) misses exactly the interesting cases. Each sentence with at least
``MIN_SENTENCE_WORDS`` content words gets a 16-permutation MinHash of its word set (datasketch),
cut into 4 bands of 4 rows; a band is one 63-bit key. Two sentences share a key with
probability 1-(1-J^4)^4: 0.91 for a sentence with one word of ten changed (J~0.8), 0.43 at
J=0.6, ~0 for unrelated sentences, so a lightly edited copy of even a short passage is found
while the key table stays small: 4 keys per sentence, ~60-100 per article, plain integers
that a SQL table ``key -> doc_id`` stores and joins cheaply.

``KEY_VERSION`` changes whenever the keys would change (tokenising, hashing, banding): a store
holding keys of another version must recompute them from the stored texts.
"""

from __future__ import annotations

import hashlib
import struct

from datasketch import MinHash

from storyline.records import normalise_for_hash
from storyline.reuse.sentences import Sentence, split_sentences

KEY_VERSION = 1
NUM_PERM = 16
BANDS = 4
ROWS = NUM_PERM // BANDS
MIN_SENTENCE_WORDS = 5
_SEED = 1
_MASK = (1 << 63) - 1

# Words that carry no lineage evidence; dropping them makes the word sets of two copies of a
# sentence more alike than their function words would.
FUNCTION_WORDS = frozenset(
    "a an the of to in on at for by with from and or but as is are was were be been has have "
    "had it its this that these those he she they we you i his her their our said says".split()
)
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=_SEED)
_TEXT_TAG = b"text"


def content_words(sentence: Sentence) -> frozenset[str]:
    """The sentence's folded words minus function words: what its MinHash is taken over."""
    return frozenset(t for t in sentence.tokens if t not in FUNCTION_WORDS)


def _as_key(digest: bytes) -> int:
    return struct.unpack(">Q", digest[:8])[0] & _MASK


def text_key(text: str) -> int | None:
    """The key of the whole normalised text (same as ``Article.content_hash`` normalisation);
    equal keys mean an exact duplicate. ``None`` for an empty text."""
    normalised = normalise_for_hash(text)
    if not normalised:
        return None
    return _as_key(hashlib.blake2b(_TEXT_TAG + normalised.encode("utf-8"), digest_size=8).digest())


def sentence_keys(words: frozenset[str]) -> list[int]:
    """The ``BANDS`` band keys of one sentence's word set (empty when it is too short)."""
    if len(words) < MIN_SENTENCE_WORDS:
        return []
    m = MinHash(
        num_perm=NUM_PERM, permutations=_PERMUTATIONS.permutations, scheme=_PERMUTATIONS.scheme
    )
    m.update_batch([w.encode("utf-8") for w in sorted(words)])
    values = m.hashvalues
    keys = []
    for band in range(BANDS):
        row = values[band * ROWS : (band + 1) * ROWS].astype(">u8").tobytes()
        keys.append(_as_key(hashlib.blake2b(bytes([band]) + row, digest_size=8).digest()))
    return keys


def keys(text: str) -> list[int]:
    """All candidate keys of a text, deduplicated, in first-seen order: the text key first,
    then the band keys of its sentences. This is what the store keeps as ``key -> doc_id``."""
    out: dict[int, None] = {}
    whole = text_key(text)
    if whole is not None:
        out[whole] = None
    for sentence in split_sentences(text):
        for key in sentence_keys(content_words(sentence)):
            out[key] = None
    return list(out)
