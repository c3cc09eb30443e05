"""Per-article cost of lineage + clustering at 1,000 and 50,000 stored articles.

Synthetic stream built from the ECB+ development docs (../shared/corpus/ecbplus-dev): every
synthetic *event* takes one doc and renames its capitalised words (people, places) with
made-up names of its own, so events share topic vocabulary but not names, like the real
thing; each event gets a handful of *articles*, variations of it (sentences shuffled and
dropped, some words swapped for others). Every article goes through the full core path that
ingest runs: ``ReuseIndex.add`` -> ``article_features`` -> ``StoryClusterer.add``, in memory.

Prints the mean and median cost per article over a window of articles once 1,000 and 50,000
are stored, their ratio (must stay <= 1.5: the cost must not grow with the store) and the
peak resident memory (must stay < 2 GB at 50,000).

The in-memory backends hold the whole state as millions of Python objects; Python's cyclic
garbage collector rescans all of them on every full collection, a cost that grows with the
store and has nothing to do with the algorithms (the work per article, under a profiler, is
the same at 1,000 and 50,000). The bench therefore ``gc.freeze()``s the settled state every
5,000 articles, as a long-running in-memory ingest should; ``--no-freeze`` shows the
difference. With the SQL backends the state is not in the Python heap at all. Wall time on a
shared machine moves with the neighbours' load; the CPU time of the bench's own thread is
printed beside it.

    .venv/bin/python bench/stories_core.py [--total 50000] [--window 300]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import resource
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from storyline.reuse import ReuseIndex
from storyline.stories import StoryClusterer, article_features

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "ecbplus-dev"
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")
_WORD = re.compile(r"\b[a-z]{4,}\b")
_SYLLABLES = ["ka", "lo", "ve", "ri", "sa", "mun", "tor", "bel", "an", "dri", "os", "fen"]


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _event(base: dict, vocabulary: list[str], rng: random.Random) -> tuple[str, str]:
    """A new event from a base doc: its names renamed and half of its other words replaced,
    consistently, so that two events made from one doc share a topic but not copy
    (real wire copy is shared by the outlets covering one event, not across events)."""
    names: dict[str, str] = {}

    def rename(match: re.Match[str]) -> str:
        word = match.group()
        if word not in names:
            names[word] = _name(rng) if rng.random() < 0.8 else word
        return names[word]

    def reword(match: re.Match[str]) -> str:
        word = match.group()
        if word not in names:
            names[word] = rng.choice(vocabulary) if rng.random() < 0.5 else word
        return names[word]

    title = _CAPITALISED.sub(rename, base.get("title") or "")
    text = _WORD.sub(reword, _CAPITALISED.sub(rename, base["text"]))
    return title, text


def _article(title: str, text: str, vocabulary: list[str], rng: random.Random) -> str:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
    lead, rest = sentences[:2], sentences[2:]
    rng.shuffle(rest)
    rest = rest[: max(1, int(len(rest) * rng.uniform(0.5, 1.0)))]

    def swap(match: re.Match[str]) -> str:
        return rng.choice(vocabulary) if rng.random() < 0.05 else match.group()

    return "\n\n".join(_WORD.sub(swap, s) for s in lead + rest)


def stream(total: int, seed: int = 0):
    """Yield ``(doc_id, title, text, published)`` for ``total`` synthetic articles."""
    docs = [json.loads(line) for line in open(CORPUS / "docs.jsonl", encoding="utf-8")]
    docs = [d for d in docs if len((d.get("text") or "").split()) >= 60]
    vocabulary = sorted({w for d in docs for w in _WORD.findall(d["text"])})
    rng = random.Random(seed)
    day = date(2024, 1, 1)
    n = 0
    while n < total:
        base = rng.choice(docs)  # random, so every window has the same mix of lengths
        title, text = _event(base, vocabulary, rng)
        for _ in range(rng.randint(3, 12)):
            if n >= total:
                break
            published = (day + timedelta(days=n // 400 + rng.randint(0, 2))).isoformat()
            yield f"a{n}", title, _article(title, text, vocabulary, rng), published
            n += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--total", type=int, default=50_000)
    parser.add_argument("--window", type=int, default=500)
    parser.add_argument(
        "--no-freeze",
        action="store_true",
        help="leave the cyclic GC scanning the whole in-memory state (see module docstring)",
    )
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"{CORPUS} not found")
    marks = sorted({1_000, args.total})
    reuse = ReuseIndex()
    clusterer = StoryClusterer()
    costs: dict[int, list[float]] = {m: [] for m in marks}
    cpu_costs: dict[int, list[float]] = {m: [] for m in marks}
    started = time.perf_counter()
    for i, (doc_id, title, text, published) in enumerate(stream(args.total + args.window)):
        t0, c0 = time.perf_counter(), time.thread_time()
        links = reuse.add(doc_id, text, published)
        duplicate = next((link.b for link in links if link.exact_duplicate), None)
        shares = tuple((link.b, link.shared_a) for link in links if not link.exact_duplicate)
        features = article_features(
            doc_id, text, title, published, "en", reuse=shares, duplicate_of=duplicate
        )
        clusterer.add(features)
        elapsed = time.perf_counter() - t0
        cpu = time.thread_time() - c0
        for mark in marks:
            if mark <= i < mark + args.window:
                costs[mark].append(elapsed)
                cpu_costs[mark].append(cpu)
        if not args.no_freeze and (i + 1) % 5_000 == 0:
            gc.freeze()  # what a long-running in-memory ingest does with its settled state
        if (i + 1) % 10_000 == 0:
            print(
                f"  {i + 1:>6} articles stored, {time.perf_counter() - started:.0f} s",
                file=sys.stderr,
            )
    stories = len(getattr(clusterer.backend, "stories", {}))
    for mark in marks:
        window = costs[mark]
        print(
            f"at {mark:>6} stored: mean {statistics.mean(window) * 1000:.2f} ms/article, "
            f"median {statistics.median(window) * 1000:.2f} ms; CPU mean "
            f"{statistics.mean(cpu_costs[mark]) * 1000:.2f} ms ({len(window)} articles)"
        )
    first, last = marks[0], marks[-1]
    ratio = statistics.mean(costs[last]) / statistics.mean(costs[first])
    cpu_ratio = statistics.mean(cpu_costs[last]) / statistics.mean(cpu_costs[first])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"ratio {last}/{first}: wall {ratio:.2f}, CPU {cpu_ratio:.2f} (must be <= 1.5)")
    print(f"stories: {stories}; peak RSS {peak:.0f} MiB (must be < 2048 MiB)")


if __name__ == "__main__":
    main()
