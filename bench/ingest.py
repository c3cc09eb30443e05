"""Ingest throughput and memory, measured in one run.

Prints, on the aeb-dev pages of the shared corpus:
- trafilatura's `extract` alone on the (already decoded) HTML pages, pages/s;
- `storyline ingest` of the same HTML files into a fresh SQLite store, pages/s, and the ratio
  (target ≥ 0.8);
- `storyline ingest` of the text dumps, pages/s (target ≥ 200);
- the peak RSS of a child process ingesting a 10,000-page batch (target < 1 GB), through the
  command line with lineage and stories on (facts off, to keep the run short).

The first three rates are extraction and storage alone (``derive=False``), the part of the
pipeline the targets are about; the whole pipeline's rates are printed after them.

With ``--db postgresql://user@host/db`` the same runs go into PostgreSQL (a fresh database
per round, created next to the one named, then dropped), and the whole-pipeline rate is also
measured on SQLite, for the ratio (target: PostgreSQL within 2× of SQLite).

Usage: .venv/bin/python bench/ingest.py [--corpus ../shared/corpus/aeb-dev] [--rounds 3]
       [--batch 10000] [--db postgresql://…]
"""

from __future__ import annotations

import argparse
import gzip
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def trafilatura_rate(files: list[Path], rounds: int) -> float:
    import trafilatura

    from storyline.sources.decode import decode_bytes

    pages = [decode_bytes(gzip.decompress(f.read_bytes()), origin=str(f)) for f in files]
    trafilatura.extract(pages[0])  # warm-up: imports and caches
    best = 0.0
    for _ in range(rounds):
        start = time.perf_counter()
        for html in pages:
            trafilatura.extract(html)
        best = max(best, len(pages) / (time.perf_counter() - start))
    return best


def fresh_store(tmp: str, name: str, server: str | None):
    """A new, empty store: a SQLite file in ``tmp``, or a new database on ``server``."""
    from storyline.store.db import Store

    if server is None:
        return Store.open(Path(tmp) / f"{name}.db")
    import psycopg

    base = server.rsplit("/", 1)[0]
    db = "bench_" + "".join(c if c.isalnum() else "_" for c in name).lower()
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}"')
        conn.execute(f'CREATE DATABASE "{db}"')
    return Store.open(f"{base}/{db}")


def ingest_rate(folder: Path, count: int, rounds: int, *, derive: bool = False,
                facts: bool = False, server: str | None = None) -> float:
    """Pages/s of `ingest` into a fresh store; by default extraction and storage only (the
    stage this benchmark is about), or with lineage, stories and facts."""
    from storyline.ingest import ingest

    best = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(rounds + 1):
            store = fresh_store(tmp, f"bench-{folder.name}-{i}", server)
            start = time.perf_counter()
            report = ingest([str(folder)], store, derive=derive, facts=facts)
            elapsed = time.perf_counter() - start
            store.close()
            if i == 0:  # warm-up round: imports, model loading
                continue
            best = max(best, (report.new + report.known + report.failed) / elapsed)
    assert report.new + report.known + report.failed == count, report
    return best


def build_batch(source: Path, folder: Path, size: int) -> None:
    """A large batch of distinct text dumps: aeb-dev dumps with shuffled lines."""
    texts = [p.read_text("utf-8") for p in sorted(source.glob("*.txt"))]
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(0)
    for i in range(size):
        lines = texts[i % len(texts)].splitlines()
        head, body = lines[:3], lines[3:]
        rng.shuffle(body)
        (folder / f"{i:05d}.txt").write_text("\n".join(head + body) + f"\nPage {i}\n", "utf-8")


def batch_peak_rss(folder: Path) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "storyline.cli",
                "ingest",
                str(folder),
                "--db",
                str(Path(tmp) / "batch.db"),
                "-q",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            cwd=ROOT,
        )
        elapsed = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak_kb / 1024, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/aeb-dev")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--db", help="a postgresql:// URL: measure ingest into PostgreSQL")
    args = parser.parse_args()
    if args.db:
        compare_backends(args.corpus, args.db, args.rounds)
        return
    html_files = sorted((args.corpus / "html").glob("*.html.gz"))
    text_files = sorted((args.corpus / "text").glob("*.txt"))

    base = trafilatura_rate(html_files, args.rounds)
    html = ingest_rate(args.corpus / "html", len(html_files), args.rounds)
    text = ingest_rate(args.corpus / "text", len(text_files), args.rounds)
    print(f"trafilatura.extract alone : {base:7.1f} pages/s  ({len(html_files)} HTML pages)")
    print(
        f"ingest HTML into SQLite   : {html:7.1f} pages/s  ratio {html / base:.2f} (target ≥ 0.80)"
    )
    print(f"ingest text dumps         : {text:7.1f} pages/s  (target ≥ 200)")
    full_html = ingest_rate(args.corpus / "html", len(html_files), 1, derive=True)
    full_facts = ingest_rate(args.corpus / "html", len(html_files), 1, derive=True, facts=True)
    print(f"whole pipeline, HTML      : {full_html:7.1f} pages/s with lineage and stories, "
          f"{full_facts:.1f} pages/s with facts too")
    if args.batch:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "batch"
            build_batch(args.corpus / "text", folder, args.batch)
            peak, elapsed = batch_peak_rss(folder)
        print(
            f"batch of {args.batch} text pages: peak RSS {peak:.0f} MB (target < 1024 MB), "
            f"{args.batch / elapsed:.0f} pages/s end to end"
        )


def compare_backends(corpus: Path, server: str, rounds: int) -> None:
    """The ingest rates into SQLite and into PostgreSQL, storage alone and whole pipeline."""
    html_files = sorted((corpus / "html").glob("*.html.gz"))
    for label, derive in (("extraction and storage", False), ("lineage and stories too", True)):
        runs = max(1, rounds if not derive else 1)
        lite = ingest_rate(corpus / "html", len(html_files), runs, derive=derive)
        pg = ingest_rate(corpus / "html", len(html_files), runs, derive=derive, server=server)
        print(f"{label:24}: SQLite {lite:6.1f} pages/s, PostgreSQL {pg:6.1f} pages/s, "
              f"cost per page {lite / pg:.2f}× SQLite's (target ≤ 2)")


if __name__ == "__main__":
    main()
