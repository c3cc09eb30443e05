"""Lineage + story clustering through the real store path, measured in one run.

1. Overhead: the same synthetic articles ingested into SQLite with and without the lineage
   and story stages (facts off in both), so the difference is what lineage and clustering add
   to an article's ingest (target ≤ 25%). The articles are synthetic variations of the ECB+
   development docs (`bench/stories_core.py`), given as clean bodies, so the ingest time
   compared against is store + pipeline, not HTML parsing: a conservative measure (with HTML
   extraction in the ingest time the share is smaller still, also printed).
2. Scaling: one store grown to ``--total`` articles (default 50,000) through `ingest_items`
   with lineage and stories on; the cost per article over a window after 1,000 and at the end,
   their ratio (target ≤ 1.5), and the process's peak RSS (target < 2 GB).

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

HTML_PAGE_MS = 17.0
"""Measured ms per HTML page for extraction + store (bench/ingest.py), for the second ratio."""


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


def overhead(n: int, tmp: Path) -> None:
    items = list(pages(n, seed=1))
    base = timed_ingest(Store.open(tmp / "plain.db"), items, derive=False)
    full = timed_ingest(Store.open(tmp / "derived.db"), items, derive=True)
    b, f = statistics.mean(base), statistics.mean(full)
    added = f - b
    print(f"ingest of {n} clean bodies: {b:.2f} ms/article without lineage+stories, "
          f"{f:.2f} ms with: +{added:.2f} ms")  # fmt: skip
    print(f"  lineage+stories add {added / b:.0%} to a clean-body ingest, "
          f"{added / HTML_PAGE_MS:.0%} to an HTML page's ingest "
          f"(~{HTML_PAGE_MS:.0f} ms, bench/ingest.py) (target ≤ 25%)")  # fmt: skip


def scaling(total: int, window: int, tmp: Path) -> None:
    store = Store.open(tmp / "large.db")
    times = timed_ingest(store, pages(total, seed=2), derive=True)
    early = times[1000 : 1000 + window]
    late = times[-window:]
    e, late_ms = statistics.mean(early), statistics.mean(late)
    print(f"store of {total} articles: {e:.2f} ms/article after 1,000, "
          f"{late_ms:.2f} ms at {total} (median {statistics.median(early):.2f} / "
          f"{statistics.median(late):.2f}); ratio {late_ms / e:.2f} (target ≤ 1.5)")  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB (target < 2048 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--total", type=int, default=50_000)
    parser.add_argument("--window", type=int, default=500)
    parser.add_argument("--overhead", type=int, default=1500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        overhead(args.overhead, Path(tmp))
        scaling(args.total, args.window, Path(tmp))


if __name__ == "__main__":
    main()
