"""The sources stage: everything that turns user inputs into Page records.

``iter_pages`` takes what a user points storyline at (files, folders, WARC crawls, JSONL
manifests, news-please JSON, ``-`` for standard input) and streams one ``Page`` per page, or
one ``Failure`` per input that cannot be read, so that a single bad file never stops an
ingest. ``decode_bytes`` is the decoder every reader shares, exported for other stages that
receive bytes (the fetcher, the web app's upload endpoint).
"""

from .decode import decode_bytes
from .inputs import DEFAULT_MAX_BYTES, iter_pages

__all__ = ["DEFAULT_MAX_BYTES", "decode_bytes", "iter_pages"]
