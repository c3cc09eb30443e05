"""Several `storyline ingest` processes on one store at once, against one ingest of it all.

Disjoint inputs (the example corpus split by folder, plus generated pages dealt round-robin)
are ingested by N processes started together, and by one process into another store. Prints,
per N: every exit code, articles stored against the sum of the inputs' articles, duplicate
articles, whether the story partition (stories as sets of article refs) equals the single
ingest's, and the wall time of each.

Usage: .venv/bin/python bench/writers.py [--writers 2 4] [--pages 200]
       [--db postgresql://user@host/postgres]   (fresh databases are created on that server)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "storyline.cli", *args]


def fresh(tmp: str, name: str, server: str | None) -> str:
    if server is None:
        return str(Path(tmp) / f"{name}.db")
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return server.rsplit("/", 1)[0] + "/" + name


def partition(db: str) -> tuple[list[str], set[frozenset[str]]]:
    out = subprocess.run(_cli("export", "--format", "jsonl", "--db", db), check=True,
                         capture_output=True, text=True, cwd=ROOT).stdout  # fmt: skip
    articles = [json.loads(line) for line in out.splitlines()]
    articles = [a for a in articles if "text" in a]
    stories: dict[object, set[str]] = {}
    for a in articles:
        stories.setdefault(a["story"], set()).add(a["ref"])
    return [a["ref"] for a in articles], {frozenset(s) for s in stories.values()}


def run(writers: int, pages: list[Path], tmp: str, server: str | None) -> None:
    inputs = [[str(ROOT / "examples" / "pages")], [str(ROOT / "examples" / "dumps")]]
    inputs += [[] for _ in range(2, writers)]
    for i, path in enumerate(pages):
        inputs[i % writers].append(str(path))
    single = fresh(tmp, f"single_{writers}", server)
    start = time.perf_counter()
    subprocess.run(_cli("ingest", *[p for part in inputs for p in part], "--db", single,
                        "--no-facts", "-q"), check=True, cwd=ROOT)  # fmt: skip
    single_s = time.perf_counter() - start
    shared = fresh(tmp, f"shared_{writers}", server)
    start = time.perf_counter()
    procs = [subprocess.Popen(_cli("ingest", *part, "--db", shared, "--no-facts", "-q"),
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for part in inputs]  # fmt: skip
    codes = [p.wait() for p in procs]
    shared_s = time.perf_counter() - start
    refs, stories = partition(shared)
    expected_refs, expected_stories = partition(single)
    duplicates = sum(n - 1 for n in Counter(refs).values() if n > 1)
    backend = "PostgreSQL" if server else "SQLite"
    print(f"{backend} {writers} writers: exit codes {codes}, articles {len(refs)} "
          f"(single ingest {len(expected_refs)}), duplicates {duplicates}, stories "
          f"{len(stories)} partition {'==' if stories == expected_stories else '!='} single; "
          f"{shared_s:.1f} s at once vs {single_s:.1f} s alone")


def main() -> None:
    from pagegen import write_dumps

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, nargs="+", default=[2, 4])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--db", help="a postgresql:// URL of a server to create stores on")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pages = sorted(write_dumps(Path(tmp) / "pages", args.pages).iterdir())
        for writers in args.writers:
            run(writers, pages, tmp, args.db)


if __name__ == "__main__":
    main()
