"""What `storyline batch` was pointed at, cut into units of work for Spark tasks.

A unit is what one task reads from start to end: one WARC file (local, ``file://``,
``https://`` or ``s3://``), or one other input as `storyline ingest` would read it (a folder,
a page, a manifest). The driver only lists and names units; their bytes are read in the task
that processes them, as Common Crawl's cc-pyspark does, so a month of CC-NEWS costs the
driver a list of paths, not a download.

Inputs, in the order given (the order decides which of two copies of a page is kept, as in
ingest):

- a WARC file, or a glob matching some (``crawl/*.warc.gz``);
- a list of WARC locations one per line, the shape of CC-NEWS's ``warc.paths`` (a file named
  ``*.paths``, ``*.paths.gz``, or a ``.txt`` whose every line names a WARC); relative entries
  are resolved against ``base`` (``https://data.commoncrawl.org/`` for CC-NEWS) or else
  against the list's own folder;
- a URL of a WARC file (``https://…``, ``s3://…``);
- anything else `storyline ingest` reads (folders, pages, manifests): one unit each.
"""

from __future__ import annotations

import glob
import gzip
import os
from dataclasses import dataclass
from typing import Literal

from storyline.records import Failure

UnitKind = Literal["warc", "path"]
REMOTE = ("http://", "https://", "s3://", "s3a://", "s3n://")
_WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")
_MAX_LIST_BYTES = 50_000_000


@dataclass(frozen=True)
class Unit:
    """One task's input: ``index`` orders units (and the pages in them) as given."""

    index: int
    kind: UnitKind
    location: str


def is_warc_name(name: str) -> bool:
    return name.lower().split("?", 1)[0].endswith(_WARC_SUFFIXES)


def expand_inputs(inputs: list[str], base: str | None = None) -> tuple[list[Unit], list[Failure]]:
    """The units behind ``inputs``, and a Failure for each input that names nothing."""
    locations: list[tuple[UnitKind, str]] = []
    failures: list[Failure] = []
    for item in inputs:
        if item.startswith(REMOTE) or item.startswith("file://"):
            if is_warc_name(item):
                locations.append(("warc", item))
            else:
                failures.append(Failure(item, "source", f"{item}: not a WARC file URL"))
            continue
        if any(ch in item for ch in "*?[") and not os.path.exists(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                failures.append(Failure(item, "source", f"{item}: no file matches"))
            for match in matches:
                locations.append(("warc" if is_warc_name(match) else "path", match))
            continue
        if os.path.isfile(item) and _is_list(item):
            listed, problem = _read_list(item, base)
            if problem:
                failures.append(Failure(item, "source", f"{item}: {problem}"))
            locations.extend(("warc", entry) for entry in listed)
            continue
        locations.append(("warc" if is_warc_name(item) and os.path.isfile(item) else "path", item))
    return [Unit(i, kind, loc) for i, (kind, loc) in enumerate(locations)], failures


def _is_list(path: str) -> bool:
    """A WARC path list: named ``*.paths[.gz]``, or a ``.txt`` naming only WARC files."""
    name = path.lower()
    if name.endswith((".paths", ".paths.gz")):
        return True
    if not name.endswith(".txt"):
        return False
    lines = _lines(path)
    return bool(lines) and all(is_warc_name(line) for line in lines)


def _lines(path: str) -> list[str]:
    try:
        opener = gzip.open if path.lower().endswith(".gz") else open
        with opener(path, "rb") as fh:
            data = fh.read(_MAX_LIST_BYTES)
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError, EOFError):
        return []
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _read_list(path: str, base: str | None) -> tuple[list[str], str | None]:
    lines = _lines(path)
    if not lines:
        return [], "no WARC paths in the list (or it cannot be read)"
    folder = os.path.dirname(path)
    resolved = []
    for line in lines:
        if line.startswith(REMOTE) or line.startswith("file://") or os.path.isabs(line):
            resolved.append(line)
        elif base:
            resolved.append(base.rstrip("/") + "/" + line.lstrip("/"))
        else:
            resolved.append(os.path.join(folder, line))
    return resolved, None
