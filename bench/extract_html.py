"""Benchmark the HTML extractor on the Article Extraction Benchmark pages.

Prints the AEB metric (precision, recall, F1) of `extract_html`, and its throughput beside
plain ``trafilatura.extract`` on the same decoded pages, timed page by page in alternation so
that load from other processes hits both alike.

    .venv/bin/python bench/extract_html.py [CORPUS_DIR] [--rounds N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

import trafilatura
from charset_normalizer import from_bytes

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyline.evaluate.extraction import score  # noqa: E402
from storyline.extract.html import extract_html  # noqa: E402
from storyline.records import StorylineError  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "aeb-dev"


def decode(raw: bytes) -> str:
    """UTF-8 when it is, else the charset-normalizer guess: decoding is not what we time."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(raw).best()
        return str(best) if best is not None else raw.decode("latin-1")


def load(corpus: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Decoded pages, gold bodies and URLs, keyed by page id."""
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {
        path.name.split(".")[0]: decode(gzip.decompress(path.read_bytes()))
        for path in sorted((corpus / "html").glob("*.html.gz"))
    }
    gold = {k: v["articleBody"] for k, v in truth.items() if k in pages}
    urls = {k: v.get("url") for k, v in truth.items() if k in pages}
    return pages, gold, urls


def ours(html: str) -> str:
    """Our body as scored: paragraphs joined by blank lines, no title."""
    try:
        return "\n\n".join(extract_html(html).paragraphs)
    except StorylineError:
        return ""


def plain(html: str) -> str:
    return trafilatura.extract(html) or ""


def timed(pages: list[str], rounds: int) -> tuple[float, float]:
    """Pages per second of plain trafilatura and of ours.

    The two run page by page in alternation, each page's time is the best of ``rounds``
    tries, and time is this process's CPU time, so that load from other processes on a
    shared machine hits both alike and mostly drops out.
    """
    for html in pages[:3]:  # warm caches (tld list, compiled XPaths) outside the timing
        plain(html), ours(html)
    spent = {"plain": 0.0, "ours": 0.0}
    for html in pages:
        for name, fn in (("plain", plain), ("ours", ours)):
            best = float("inf")
            for _ in range(rounds):
                start = time.process_time()
                fn(html)
                best = min(best, time.process_time() - start)
            spent[name] += best
    return len(pages) / spent["plain"], len(pages) / spent["ours"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=3, help="tries per page (best counts)")
    args = parser.parse_args()
    pages, gold, _ = load(args.corpus)
    result = score({k: ours(h) for k, h in pages.items()}, gold)
    print(f"pages {result.pages}")
    print(f"F1 {result.f1:.4f}  P {result.precision:.4f}  R {result.recall:.4f}")
    plain_rate, our_rate = timed(list(pages.values()), args.rounds)
    print(f"trafilatura.extract {plain_rate:.1f} pages/s")
    print(f"extract_html        {our_rate:.1f} pages/s")
    print(f"ratio               {our_rate / plain_rate:.3f}")


if __name__ == "__main__":
    main()
