"""What ``POST /api/ingest`` accepts, turned into the Pages the pipeline ingests.

The web endpoint must never read the server's own files: a manifest line with a ``path``
field (which the CLI resolves against the manifest's folder, or takes as absolute) is
refused here, before the manifest reader sees it, and every other line is re-serialised
from its parsed object, so what the reader gets is exactly what was checked.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator

from storyline.records import Failure, Page, StorylineError
from storyline.sources.manifest import iter_manifest
from storyline.sources.pages import fail, failed, make_page

STAGE = "source"
_NOWHERE = "/nonexistent-storyline-upload-dir"
"""base_dir for uploaded manifests: no line can use it (``path`` lines are refused)."""

FILE_KINDS = {".html": "html", ".htm": "html", ".txt": "text", ".jsonl": "manifest"}


def page_from_bytes(data: bytes, *, kind: str, name: str) -> Iterator[Page | Failure]:
    """A raw HTML page or text dump (an uploaded file or a request body)."""
    try:
        yield make_page(data, kind=kind, ref=name, origin=name, group="upload")  # type: ignore[arg-type]
    except StorylineError as exc:
        yield failed(name, exc)


def upload_pages(filename: str | None, data: bytes, max_bytes: int) -> Iterator[Page | Failure]:
    """The pages of one uploaded file, chosen by its extension."""
    name = "upload:" + os.path.basename(filename or "unnamed")
    ext = os.path.splitext(name.lower())[1]
    kind = FILE_KINDS.get(ext)
    if kind is None:
        yield fail(name, "unsupported file type (expected .html, .htm, .txt or .jsonl)")
    elif kind == "manifest":
        yield from manifest_pages(data, name=name, max_bytes=max_bytes)
    else:
        yield from page_from_bytes(data, kind=kind, name=name)


def manifest_pages(data: bytes, *, name: str, max_bytes: int) -> Iterator[Page | Failure]:
    """Pages of an uploaded JSONL manifest; ``path`` lines become Failures."""
    checked: list[bytes] = []
    refused: list[Failure] = []
    lines = data.split(b"\n")
    for number, line in enumerate(lines, start=1):
        raw = line.removeprefix(b"\xef\xbb\xbf") if number == 1 else line
        try:
            obj = json.loads(raw) if raw.strip() else None
        except (ValueError, RecursionError):
            checked.append(raw)  # the manifest reader reports it as malformed
            continue
        if isinstance(obj, dict) and "path" in obj:
            refused.append(
                fail(
                    f"{name} line {number}",
                    "'path' entries are not accepted by the web API (they would read files "
                    "on the server); send the page itself as 'html', 'text' or 'body'",
                    input=f"{name}:{number}",
                )
            )
            checked.append(b"")
        elif obj is None:
            checked.append(b"")
        else:
            checked.append(json.dumps(obj).encode("ascii"))  # lone surrogates stay escaped
    yield from refused
    stream = io.BytesIO(b"\n".join(checked))
    yield from iter_manifest(stream, name=name, base_dir=_NOWHERE, max_bytes=max_bytes)
