"""Lineage + story clustering through the real store path, measured in one run.

1. Overhead: real news pages (the aeb-dev HTML pages of the shared corpus, ~600 words each)
   ingested into a fresh SQLite store with and without the lineage and story stages (facts
   off in both), best of ``--rounds`` each, so the difference is what lineage and clustering
   add to an article's ingest (target ≤ 25%); CPU time is printed beside wall time, as it is
   steadier on a busy machine. Then the same for synthetic variations of the ECB+ development
   docs (`bench/stories_core.py`) given as clean bodies: what the stages cost in ms where
   articles do share stories and copy.
2. Scaling: the cost per article of the same kind of articles ingested (lineage, stories
   and threads on) into a store of 1,000 and one of ``--total`` minus ``--window`` articles
   (default 50,000 minus 500), their ratio (target ≤ 1.5), in wall and in CPU time (steadier
   when other processes share the machine), and the process's peak RSS (target < 2 GB). The
   two windows are ingested into copies of the two stores alternately, ``--rounds`` times,
   so that both see the same load. The stores are built once through `ingest_items`; with
   ``--stores DIR`` they are kept and later runs only measure. ``--scaling-only`` runs only
   this part.

    .venv/bin/python bench/stories.py --scaling-only [--total 50000] [--stores DIR]
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from stories_core import stream  # noqa: E402

from storyline.ingest import ingest_items  # noqa: E402
from storyline.records import GivenMeta, Page  # noqa: E402
from storyline.store.db import Store  # noqa: E402


def pages(total: int, seed: int = 0):
    for doc_id, title, text, published in stream(total, seed):
        yield Page(
            ref=doc_id, origin=doc_id, kind="body", content=text,
            given=GivenMeta(title=title, published=published, outlet=f"Outlet {hash(doc_id) % 40}"),
        )  # fmt: skip


def timed_ingest(store: Store, items, derive: bool) -> list[float]:
    """Ingest, returning the time each page took (ms), measured between progress calls."""
    times: list[float] = []
    last = [time.perf_counter()]

    def tick(*_):
        now = time.perf_counter()
        times.append((now - last[0]) * 1000)
        last[0] = now

    ingest_items(items, store, progress=tick, derive=derive, facts=False)
    return times


def html_overhead(folder: Path, rounds: int, tmp: Path) -> None:
    """Ingest of real HTML pages with and without lineage + stories, best of ``rounds``."""
    from storyline.ingest import ingest

    best: dict[bool, tuple[float, float]] = {}
    count = 0
    for i in range(rounds + 1):
        for derive in (False, True):
            store = Store.open(tmp / f"html-{derive}-{i}.db")
            wall, cpu = time.perf_counter(), time.process_time()
            report = ingest([str(folder)], store, derive=derive, facts=False)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            store.close()
            count = report.new
            if i == 0:  # warm-up: imports, caches
                continue
            old = best.get(derive, (float("inf"), float("inf")))
            best[derive] = (min(old[0], wall * 1000 / count), min(old[1], cpu * 1000 / count))
    (base_wall, base_cpu), (full_wall, full_cpu) = best[False], best[True]
    print(f"ingest of {count} HTML pages ({folder}), best of {rounds}:")
    print(f"  wall: {base_wall:.2f} ms/page without lineage+stories, {full_wall:.2f} with: "
          f"+{full_wall - base_wall:.2f} ms = {(full_wall - base_wall) / base_wall:.0%} "
          f"(target ≤ 25%)")  # fmt: skip
    print(f"  cpu:  {base_cpu:.2f} ms/page without, {full_cpu:.2f} with: "
          f"+{full_cpu - base_cpu:.2f} ms = {(full_cpu - base_cpu) / base_cpu:.0%}")  # fmt: skip


def overhead(n: int, tmp: Path) -> None:
    items = list(pages(n, seed=1))
    base = timed_ingest(Store.open(tmp / "plain.db"), items, derive=False)
    full = timed_ingest(Store.open(tmp / "derived.db"), items, derive=True)
    b, f = statistics.mean(base), statistics.mean(full)
    added = f - b
    print(f"ingest of {n} synthetic ECB+ clean bodies: {b:.2f} ms/article without "
          f"lineage+stories, {f:.2f} ms with: +{added:.2f} ms")  # fmt: skip


def _copy(src: Path, dst: Path) -> None:
    """A consistent copy of a SQLite store (its WAL included), through SQLite's backup."""
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)


def build(total: int, window: int, folder: Path) -> tuple[Path, Path]:
    """The two stores the scaling measure starts from: the synthetic stream's first 1,000
    articles, and its first ``total - window``, ingested with lineage and stories on (the
    second grows from a copy of the first). Kept in ``folder`` and reused when already
    there: building 50,000 articles takes most of an hour of CPU, measuring a few minutes."""
    folder.mkdir(parents=True, exist_ok=True)
    small, large = folder / "stored-1000.db", folder / f"stored-{total - window}.db"
    if not small.exists():
        print("building the store of 1,000 articles …", flush=True)
        partial = folder / "building-small.db"
        partial.unlink(missing_ok=True)
        store = Store.open(partial)
        ingest_items(islice(pages(1000, seed=2), 1000), store, derive=True, facts=False)
        store.close()
        partial.rename(small)
    if not large.exists():
        print(f"building the store of {total - window:,} articles (progress every 5,000) …",
              flush=True)  # fmt: skip
        partial = folder / "building-large.db"
        _copy(small, partial)
        store = Store.open(partial)
        started, count, block = time.process_time(), [1000], [time.process_time(), 1000]

        def tick(*_):
            """Every 5,000 articles, the CPU per article since the last report: a build cut
            short still says how the cost grew up to there."""
            count[0] += 1
            if count[0] % 5000 == 0:
                now = time.process_time()
                per = (now - block[0]) * 1000 / (count[0] - block[1])
                print(f"  {count[0]:,} stored, {now - started:.0f} s CPU; {per:.1f} ms CPU per "
                      f"article since {block[1]:,}", flush=True)  # fmt: skip
                block[:] = [now, count[0]]

        ingest_items(islice(pages(total - window, seed=2), 1000, None), store, progress=tick,
                     derive=True, facts=False)  # fmt: skip
        store.close()
        partial.rename(large)
    return small, large


def measure(stored: Path, start: int, window: int, work: Path) -> tuple[float, float]:
    """Wall and CPU ms per article of ingesting the stream's articles ``start`` to
    ``start + window`` into a copy of ``stored`` (which holds the ``start`` before them)."""
    _copy(stored, work)
    store = Store.open(work)
    items = list(islice(pages(start + window, seed=2), start, None))
    wall, cpu = time.perf_counter(), time.process_time()
    ingest_items(items, store, derive=True, facts=False)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    store.close()
    work.unlink()
    return wall * 1000 / window, cpu * 1000 / window


def scaling(total: int, window: int, folder: Path, rounds: int) -> None:
    """Cost per article with 1,000 and with ``total - window`` stored: the same window of
    the stream ingested into copies of the two stores, alternately, ``rounds`` times (so
    both sides see the same neighbours' load); the best round of each is compared."""
    small, large = build(total, window, folder)
    runs: dict[int, list[tuple[float, float]]] = {1000: [], total - window: []}
    for r in range(rounds):
        for start, stored in ((1000, small), (total - window, large)):
            wall, cpu = measure(stored, start, window, folder / "measuring.db")
            runs[start].append((wall, cpu))
            print(f"  round {r + 1}: {window} articles after {start:,} stored: "
                  f"{wall:.2f} ms/article wall, {cpu:.2f} CPU", flush=True)  # fmt: skip
    (e_wall, e_cpu), (l_wall, l_cpu) = (
        (min(w for w, _ in runs[k]), min(c for _, c in runs[k])) for k in (1000, total - window)
    )
    print(f"cost per article, best of {rounds}: {e_wall:.2f} ms wall / {e_cpu:.2f} ms CPU with "
          f"1,000 stored; {l_wall:.2f} / {l_cpu:.2f} with {total - window:,} stored")  # fmt: skip
    print(f"  ratio {l_wall / e_wall:.2f} wall, {l_cpu / e_cpu:.2f} CPU (target ≤ 1.5)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB (target < 2048 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--total", type=int, default=50_000)
    parser.add_argument("--window", type=int, default=500)
    parser.add_argument("--overhead", type=int, default=1500)
    parser.add_argument("--html", type=Path, default=ROOT.parent / "shared/corpus/aeb-dev/html")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--scaling-only", action="store_true", help="Only the growing store (part 2)."
    )
    parser.add_argument(
        "--stores", type=Path, default=None,
        help="Keep the stores the scaling measure starts from here, and reuse them when a "
        "later run finds them (default: a temporary folder, built anew).",
    )  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        stores = args.stores or Path(tmp) / "stores"
        if not args.scaling_only:
            if args.html.is_dir():
                html_overhead(args.html, args.rounds, Path(tmp))
            else:
                print(f"no HTML pages at {args.html}: overhead on real pages skipped")
            overhead(args.overhead, Path(tmp))
        scaling(args.total, args.window, stores, args.rounds)


if __name__ == "__main__":
    main()
