"""Wire lineage: which articles share agency copy, how much, and who published it first.

``ReuseIndex.add(doc_id, text, published)`` returns ``ReuseLink`` records; ``keys(text)`` are
the integers a store persists (``key -> doc_id``) through a ``KeyBackend``.

Names load on first use (`storyline.lazy`): reading a stored ``ReuseLink`` does not import
MinHash.
"""

from typing import TYPE_CHECKING

from storyline.lazy import lazy_exports

lazy_exports(__name__, {
    "KeyBackend": "backend", "MemoryKeyBackend": "backend",
    "DocumentSource": "index", "MemoryDocuments": "index", "ReuseIndex": "index",
    "compare": "index", "KEY_VERSION": "keys", "keys": "keys",
    "ReuseLink": "records", "SharedPassage": "records",
})  # fmt: skip

if TYPE_CHECKING:
    from storyline.reuse.backend import KeyBackend, MemoryKeyBackend
    from storyline.reuse.index import DocumentSource, MemoryDocuments, ReuseIndex, compare
    from storyline.reuse.keys import KEY_VERSION, keys
    from storyline.reuse.records import ReuseLink, SharedPassage

__all__ = [
    "KEY_VERSION",
    "DocumentSource",
    "KeyBackend",
    "MemoryKeyBackend",
    "MemoryDocuments",
    "ReuseIndex",
    "ReuseLink",
    "SharedPassage",
    "compare",
    "keys",
]
