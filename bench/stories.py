"""Lineage + story clustering through the real store path, measured in one run.

1. Overhead: real news pages (the aeb-dev HTML pages of the shared corpus, ~600 words each)
   ingested into a fresh SQLite store with and without the lineage and story stages (facts
   off in both), best of ``--rounds`` each, so the difference is what lineage and clustering
   add to an article's ingest (target ≤ 25%); CPU time is printed beside wall time, as it is
   steadier on a busy machine. Then the same for synthetic variations of the ECB+ development
   docs (`bench/stories_core.py`) given as clean bodies: what the stages cost in ms where
   articles do share stories and copy.
2. Scaling: one store grown to ``--total`` articles (default 50,000) through `ingest_items`
   with lineage and stories on; the cost per article over a window after 1,000 and at the end,
   their ratio (target ≤ 1.5), in wall and in CPU time (steadier when other processes share
   the machine), and the process's peak RSS (target < 2 GB). ``--scaling-only`` runs only
   this part; it prints the ratio so far every 5,000 articles.

    .venv/bin/python bench/stories.py [--total 50000] [--window 500]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
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


def timed_ingest(
    store: Store, items, derive: bool, report_every: int = 0, window: int = 500
) -> list[float]:
    """Ingest, returning the time each page took (ms), measured between progress calls.
    With ``report_every``, print the cost per article over the last ``window`` articles
    against the window after 1,000 every ``report_every`` articles (a run cut short still
    says how the cost grew up to there)."""
    times: list[float] = []
    last = [time.perf_counter(), time.process_time()]

    def tick(*_):
        now, cpu = time.perf_counter(), time.process_time()
        times.append((now - last[0]) * 1000)
        cpu_times.append((cpu - last[1]) * 1000)
        last[0], last[1] = now, cpu
        n = len(times)
        if report_every and n % report_every == 0 and n >= 1000 + window:
            early = statistics.mean(times[1000 : 1000 + window])
            late = statistics.mean(times[-window:])
            early_cpu = statistics.mean(cpu_times[1000 : 1000 + window])
            late_cpu = statistics.mean(cpu_times[-window:])
            print(f"  at {n}: {late:.2f} ms/article (after 1,000: {early:.2f}), ratio "
                  f"{late / early:.2f}; CPU {late_cpu:.2f} ms/article (after 1,000: "
                  f"{early_cpu:.2f}), ratio {late_cpu / early_cpu:.2f}", flush=True)  # fmt: skip

    cpu_times: list[float] = []
    ingest_items(items, store, progress=tick, derive=derive, facts=False)
    timed_ingest.cpu = cpu_times  # type: ignore[attr-defined]
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


def scaling(total: int, window: int, tmp: Path) -> None:
    store = Store.open(tmp / "large.db")
    times = timed_ingest(store, pages(total, seed=2), derive=True, report_every=5000,
                         window=window)  # fmt: skip
    early = times[1000 : 1000 + window]
    late = times[-window:]
    e, late_ms = statistics.mean(early), statistics.mean(late)
    print(f"store of {total} articles: {e:.2f} ms/article after 1,000, "
          f"{late_ms:.2f} ms at {total} (median {statistics.median(early):.2f} / "
          f"{statistics.median(late):.2f}); ratio {late_ms / e:.2f} (target ≤ 1.5)")  # fmt: skip
    cpu = timed_ingest.cpu  # type: ignore[attr-defined]
    e_cpu, l_cpu = statistics.mean(cpu[1000 : 1000 + window]), statistics.mean(cpu[-window:])
    print(f"  CPU time (steadier on a shared machine): {e_cpu:.2f} ms/article after 1,000, "
          f"{l_cpu:.2f} at {total}; ratio {l_cpu / e_cpu:.2f}")  # fmt: skip
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.scaling_only:
            scaling(args.total, args.window, Path(tmp))
            return
        if args.html.is_dir():
            html_overhead(args.html, args.rounds, Path(tmp))
        else:
            print(f"no HTML pages at {args.html}: overhead on real pages skipped")
        overhead(args.overhead, Path(tmp))
        scaling(args.total, args.window, Path(tmp))


if __name__ == "__main__":
    main()
