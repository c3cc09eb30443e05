"""Speed in one run: ingest cost against trafilatura, workers, and start-up of read commands.

On the aeb-dev HTML pages of the shared corpus (decompressed once into a temporary folder, so
that both tools read the same plain files), prints:

- CPU seconds (user + system, the process and its children) of ``trafilatura --input-dir``
  (its own command line, one process) and of ``storyline ingest`` into a fresh store with
  and without facts, one worker; pages per CPU-second for each and their ratio to trafilatura
  (targets: ≥ 0.4 with facts, ≥ 0.7 without);
- the wall time of ``storyline ingest --workers 2`` against ``--workers 1`` (with facts;
  target ≥ 1.7 on 2 free cores) and whether both stores hold the same articles and stories;
- the wall time of ``storyline stories`` on a small store (the example corpus) and of
  ``storyline --help`` against ``python -c pass`` (targets ≤ 0.5 s and ≤ 0.3 s).

Commands run whole, alternating, ``--rounds`` times each; medians are printed, because a
shared machine is noisy (CPU seconds drift less than wall time).

Usage: .venv/bin/python bench/speed.py [--corpus ../shared/corpus/aeb-dev] [--rounds 3]
       [--pages N]
"""

from __future__ import annotations

import argparse
import gzip
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
STORYLINE = str(BIN / "storyline")
TRAFILATURA = str(BIN / "trafilatura")


def run(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and its children) of one whole run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def fresh(db: Path) -> str:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    return str(db)


def contents(db: str) -> tuple:
    with sqlite3.connect(db) as conn:
        articles = conn.execute(
            "SELECT id, ref, text, story_id FROM articles ORDER BY id"
        ).fetchall()
        stories = conn.execute("SELECT id, title, size FROM stories ORDER BY id").fetchall()
    return articles, stories


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "aeb-dev"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pages", type=int, default=0, help="only the first N pages (0: all)")
    args = parser.parse_args()
    sources = sorted((args.corpus / "html").glob("*.html.gz"))
    if args.pages:
        sources = sources[: args.pages]
    if not sources:
        raise SystemExit(f"no pages under {args.corpus / 'html'}")

    with tempfile.TemporaryDirectory(prefix="storyline-speed-") as tmp:
        work = Path(tmp)
        pages = work / "pages"
        pages.mkdir()
        for src in sources:
            (pages / src.name.removesuffix(".gz")).write_bytes(gzip.decompress(src.read_bytes()))
        n = len(sources)
        db = work / "bench.db"
        commands = {
            "trafilatura": [TRAFILATURA, "--input-dir", str(pages), "-o", str(work / "out"),
                            "--parallel", "1"],
            "ingest, no facts": [STORYLINE, "ingest", str(pages), "--db", str(db), "-q",
                                 "--no-facts", "--workers", "1"],
            "ingest with facts": [STORYLINE, "ingest", str(pages), "--db", str(db), "-q",
                                  "--workers", "1"],
            "ingest --workers 2": [STORYLINE, "ingest", str(pages), "--db", str(db), "-q",
                                   "--workers", "2"],
        }  # fmt: skip
        print(f"{n} aeb-dev pages, {args.rounds} rounds each, alternating; medians")
        walls: dict[str, list[float]] = {k: [] for k in commands}
        cpus: dict[str, list[float]] = {k: [] for k in commands}
        for cmd in commands.values():  # warm-up: disk cache, .pyc files
            fresh(db)
            run(cmd)
        same = None
        for _ in range(args.rounds):
            for name, cmd in commands.items():
                fresh(db)
                wall, cpu = run(cmd)
                walls[name].append(wall)
                cpus[name].append(cpu)
                if name == "ingest with facts":
                    one = contents(str(db))
                elif name == "ingest --workers 2":
                    same = (same is not False) and contents(str(db)) == one
        base = statistics.median(cpus["trafilatura"])
        print(f"{'':22} {'CPU s':>7} {'pages/CPU-s':>12} {'vs trafilatura':>15} {'wall s':>7}")
        for name in commands:
            cpu = statistics.median(cpus[name])
            print(f"{name:22} {cpu:7.2f} {n / cpu:12.1f} {base / cpu:15.2f} "
                  f"{statistics.median(walls[name]):7.2f}")  # fmt: skip
        ratios = [a / b for a, b in zip(walls["ingest with facts"], walls["ingest --workers 2"],
                                        strict=True)]  # fmt: skip
        print(f"--workers 2 vs --workers 1 (with facts), wall: {statistics.median(ratios):.2f}x "
              f"(pairs {', '.join(f'{r:.2f}' for r in ratios)}); same articles and stories: "
              f"{same}; cores free now: {os.getloadavg()[0]:.1f} load on {os.cpu_count()}")

        small = fresh(work / "small.db")
        subprocess.run([STORYLINE, "ingest", str(ROOT / "examples"), "--db", small, "-q",
                        "--no-facts"], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        startup = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "storyline --help": [STORYLINE, "--help"],
            "storyline stories": [STORYLINE, "stories", "--db", small],
            "storyline story top": [STORYLINE, "story", "top", "--db", small],
        }
        times: dict[str, list[float]] = {k: [] for k in startup}
        for _ in range(max(5, args.rounds)):
            for name, cmd in startup.items():
                times[name].append(run(cmd)[0])
        base = statistics.median(times["python -c pass"])
        for name in startup:
            wall = statistics.median(times[name])
            print(f"{name:22} wall {wall:6.3f} s  ({wall / base:5.1f} x python -c pass)")


if __name__ == "__main__":
    main()
