"""Reading one WARC unit inside the task that processes it.

Local files are read in place. Remote ones are streamed to a temporary file on the executor
first (as cc-pyspark does): the WARC reader of the sources stage seeks back to recover from a
damaged record, which a network stream cannot do, and one ~1 GB CC-NEWS file at a time per
task is what an executor's local disk is for. A download that fails is a Failure naming the
URL, never a failed job.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from urllib.parse import urlsplit

from storyline.records import Failure, Page
from storyline.sources.warc import iter_warc

_CHUNK = 1 << 20


class FetchError(Exception):
    """A remote WARC could not be downloaded; the message is one line."""


def iter_warc_unit(location: str, *, max_bytes: int, temp_dir: str | None = None
                   ) -> Iterator[Page | Failure]:  # fmt: skip
    """Pages and Failures of one WARC, named by ``location`` however it was read."""
    if location.startswith("file://"):
        location = urlsplit(location).path
    if "://" not in location:
        yield from iter_warc(location, max_bytes=max_bytes)
        return
    try:
        with _downloaded(location, temp_dir) as path:
            for item in iter_warc(path, max_bytes=max_bytes):
                yield _renamed(item, path, location)
    except FetchError as exc:
        yield Failure(location, "source", f"{location}: {exc}")


def _renamed(item: Page | Failure, path: str, location: str) -> Page | Failure:
    """Name the URL, not the temporary file, in origins and messages."""
    if isinstance(item, Failure):
        return Failure(
            item.input.replace(path, location), item.stage, item.error.replace(path, location)
        )
    origin = item.origin.replace(path, location)
    ref = item.ref.replace(path, location)
    return replace(item, origin=origin, ref=ref)


@contextmanager
def _downloaded(url: str, temp_dir: str | None) -> Iterator[str]:
    fd, path = tempfile.mkstemp(suffix=".warc.gz" if url.endswith(".gz") else ".warc",
                                dir=temp_dir)  # fmt: skip
    try:
        with os.fdopen(fd, "wb") as out:
            if url.startswith(("http://", "https://")):
                _http(url, out)
            else:
                _s3(url, out)
        yield path
    finally:
        os.unlink(path)


def _http(url: str, out) -> None:
    import httpx

    try:
        with httpx.stream("GET", url, follow_redirects=True, timeout=60.0) as response:
            if response.status_code != 200:
                raise FetchError(f"download failed (HTTP {response.status_code})")
            for chunk in response.iter_bytes(_CHUNK):
                out.write(chunk)
    except httpx.HTTPError as exc:
        raise FetchError(f"download failed ({type(exc).__name__})") from None


def _s3(url: str, out) -> None:
    try:
        import boto3  # type: ignore[import-not-found]
        from botocore.exceptions import BotoCoreError, ClientError  # type: ignore
    except ImportError:
        raise FetchError("s3:// needs boto3 on the executors (pip install boto3)") from None
    parts = urlsplit(url)
    try:
        boto3.client("s3").download_fileobj(parts.netloc, parts.path.lstrip("/"), out)
    except (BotoCoreError, ClientError) as exc:
        raise FetchError(f"download failed ({type(exc).__name__})") from None
