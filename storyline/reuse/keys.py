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
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from storyline.records import normalise_for_hash
from storyline.reuse.sentences import Sentence, split_sentences

KEY_VERSION = 2
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
# The permutations of datasketch's ``MinHash(num_perm=16, seed=1, scheme="affine32")``, written
# out: importing datasketch (it loads scipy) costs more start-up than lineage's whole work on a
# small batch. tests/test_reuse.py holds them equal to datasketch's.
_PERMUTATIONS_A = np.array(
    [3582191691, 4270784983, 1892572953, 3715639441, 982527, 1100580627, 2597016983,
     4286725387, 1260623519, 2027988865, 793182497, 3406602499, 1599963033, 3332127887,
     2968344027, 1458107385], dtype=np.uint32,
)  # fmt: skip
_PERMUTATIONS_B = np.array(
    [1704103302, 4018109721, 2314200242, 3634877716, 1800426750, 1345499493, 2942995346,
     2252917204, 878115723, 1904615676, 3771485674, 986026652, 117628829, 2295290254,
     2879636018, 3925436996], dtype=np.uint32,
)  # fmt: skip
_TEXT_TAG = b"text"
_BAND_SALTS = np.array(
    [(band + 1) * 0x9E3779B97F4A7C15 % (1 << 64) for band in range(BANDS)], dtype=np.uint64
)
"""A band's key starts from its own constant, so equal values in two bands differ."""


def content_words(sentence: Sentence) -> frozenset[str]:
    """The sentence's folded words minus function words: what its MinHash is taken over."""
    return frozenset(sentence.tokens).difference(FUNCTION_WORDS)


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
    return all_sentence_keys([words])[0]


def all_sentence_keys(word_sets: Sequence[frozenset[str]]) -> list[list[int]]:
    """The band keys of many sentences at once (each list empty when it is too short).

    One numpy pass over all of an article's sentences: a ``MinHash`` object and four digests
    per sentence cost ~10 µs each, as much as the rest of lineage for a long article."""
    out: list[list[int]] = [[] for _ in word_sets]
    kept = [i for i, ws in enumerate(word_sets) if len(ws) >= MIN_SENTENCE_WORDS]
    if not kept:
        return out
    bands = signatures([word_sets[i] for i in kept]).astype(np.uint64).reshape(-1, BANDS, ROWS)
    key = np.broadcast_to(_BAND_SALTS, bands.shape[:2])
    for row in range(ROWS):
        key = _fmix64(key ^ bands[:, :, row])
    for i, band_keys in zip(kept, (key & np.uint64(_MASK)).tolist(), strict=True):
        out[i] = band_keys
    return out


def signatures(word_sets: Sequence[frozenset[str]]) -> np.ndarray:
    """The ``NUM_PERM`` MinHash values of each (non-empty) word set, one row each.

    The same values as one datasketch ``MinHash`` per set (its permutations, hash function
    and affine32 scheme; a test holds them equal), computed for all sets at once. Word hashes
    are cached, as news repeats its words."""
    hashes: list[int] = []
    starts: list[int] = []
    for words in word_sets:
        starts.append(len(hashes))
        hashes.extend(map(_word_hash, words))
    a, b = _PERMUTATIONS_A, _PERMUTATIONS_B
    hv = _fmix32(np.array(hashes, dtype=np.uint32).reshape(-1, 1))
    return np.minimum.reduceat(hv * a + b, starts, axis=0)


@lru_cache(maxsize=1 << 17)
def _word_hash(word: str) -> int:
    """datasketch's ``sha1_hash32``: the first four bytes of SHA-1, little-endian."""
    return struct.unpack("<I", hashlib.sha1(word.encode("utf-8")).digest()[:4])[0]


def _fmix64(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer: folds a band's values into one well-mixed key."""
    hv = hv ^ (hv >> np.uint64(33))
    hv = hv * np.uint64(0xFF51AFD7ED558CCD)
    hv = hv ^ (hv >> np.uint64(33))
    hv = hv * np.uint64(0xC4CEB9FE1A85EC53)
    return hv ^ (hv >> np.uint64(33))


def _fmix32(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, which datasketch's affine32 scheme applies to each
    word hash before permuting it (multiplication wraps modulo 2^32 as intended)."""
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    return hv ^ (hv >> np.uint32(16))


def keys(text: str) -> list[int]:
    """All candidate keys of a text, deduplicated, in first-seen order: the text key first,
    then the band keys of its sentences. This is what the store keeps as ``key -> doc_id``."""
    out: dict[int, None] = {}
    whole = text_key(text)
    if whole is not None:
        out[whole] = None
    word_sets = [content_words(sentence) for sentence in split_sentences(text)]
    for band_keys in all_sentence_keys(word_sets):
        for key in band_keys:
            out[key] = None
    return list(out)
