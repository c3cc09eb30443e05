"""`storyline eval extraction`: our extractor scored on an Article Extraction Benchmark set."""

from __future__ import annotations

import json
from pathlib import Path

from storyline.evaluate.extraction import ExtractionScore, score
from storyline.extract.batch import extract_files

SUFFIXES = {"html": (".html.gz", ".html", ".htm.gz", ".htm"), "text": (".txt", ".txt.gz")}


def find_page(pages: Path, page_id: str, mode: str) -> Path | None:
    for suffix in SUFFIXES[mode]:
        candidate = pages / f"{page_id}{suffix}"
        if candidate.exists():
            return candidate
    return None


def run_aeb(gold_path: Path, pages: Path, mode: str) -> ExtractionScore:
    """Extract every gold page found in ``pages`` and score it; a missing page scores as
    nothing extracted."""
    gold = {k: v["articleBody"] for k, v in json.loads(gold_path.read_text("utf-8")).items()}
    found = {pid: path for pid in gold if (path := find_page(pages, pid, mode))}
    by_path = {path: pid for pid, path in found.items()}
    extracted = {
        by_path[path]: body
        for path, body, problem in extract_files(list(found.values()))
        if problem is None
    }
    return score(extracted, gold)
