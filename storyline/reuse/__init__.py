"""Wire lineage: which articles share agency copy, how much, and who published it first.

``ReuseIndex.add(doc_id, text, published)`` returns ``ReuseLink`` records; ``keys(text)`` are
the integers a store persists (``key -> doc_id``) through a ``KeyBackend``.
"""

from storyline.reuse.backend import KeyBackend, MemoryKeyBackend
from storyline.reuse.index import DocumentSource, MemoryDocuments, ReuseIndex, compare
from storyline.reuse.keys import KEY_VERSION, keys
from storyline.reuse.records import ReuseLink, SharedPassage

__all__ = [
    "KEY_VERSION",
    "DocumentSource",
    "KeyBackend",
    "MemoryDocuments",
    "MemoryKeyBackend",
    "ReuseIndex",
    "ReuseLink",
    "SharedPassage",
    "compare",
    "keys",
]
