"""The one runner over its two storages: the in-memory ports against SQLite.

Feeds the first ``--docs`` ECB+ development articles (``../shared/corpus/ecbplus-dev``,
facts off) through `storyline.runner.Runner` into `MemoryStorage` and into a fresh SQLite
store (story state read per article, `storyline.store.clusterstate`), and prints, for each,
articles, stories, wall time, and whether the two story partitions (by content id) agree.

Usage: .venv/bin/python bench/runner.py [--docs 300]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DOCS = ROOT.parent / "shared" / "corpus" / "ecbplus-dev" / "docs.jsonl"


def pages(n: int):
    from storyline.records import GivenMeta, Page

    with DOCS.open(encoding="utf-8") as lines:
        for _, line in zip(range(n), lines, strict=False):
            doc = json.loads(line)
            text = f"{doc.get('title') or ''}\n\n{doc['text']}"
            yield Page(ref=doc["id"], origin=doc["id"], kind="text", content=text,
                       raw=text.encode(), given=GivenMeta(title=doc.get("title")),
                       group=doc["id"])  # fmt: skip


def main() -> None:
    from storyline.ingest import runner_for
    from storyline.ports.memory import MemoryStorage
    from storyline.runner import Runner, RunSettings
    from storyline.store.db import Store

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=300)
    n = parser.parse_args().docs
    if not DOCS.exists():
        sys.exit(f"{DOCS} not found")
    settings = RunSettings(facts=False, briefs=False)
    memory = MemoryStorage()
    start = time.perf_counter()
    in_memory = Runner(memory, settings).run(pages(n))
    memory_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.db")
        start = time.perf_counter()
        in_sql = runner_for(store, settings).run(pages(n))
        sql_s = time.perf_counter() - start
        sql_stories: dict[int | None, set[str]] = {}
        for held in store.iter_articles(with_parts=False):
            sql_stories.setdefault(held.story_id, set()).add(held.content_id)
        store.close()
    memory_stories: dict[int | None, set[str]] = {}
    for record in memory.records()["articles"]:
        memory_stories.setdefault(record["story"], set()).add(record["content_id"])
    same = {frozenset(s) for s in memory_stories.values()} == {
        frozenset(s) for s in sql_stories.values()
    }
    print(f"memory: {in_memory.new} articles, {len(memory_stories)} stories, {memory_s:.1f} s")
    print(f"sqlite: {in_sql.new} articles, {len(sql_stories)} stories, {sql_s:.1f} s")
    print(f"same story partition: {same}")


if __name__ == "__main__":
    main()
