"""Story-clustering evaluation: pairwise and BCubed precision/recall/F1 over stream orders.

Online clustering depends on the order articles arrive in, so the ECB+ development set is
streamed in its fixed ``seq`` order and then in shuffled orders (seeded, reproducible), and the
scores are reported per order and averaged. The docs' ``url`` field is never read: some URLs
contain the headline, which a real clusterer would not get for free.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path

from storyline.reuse.index import ReuseIndex
from storyline.stories.clusterer import StoryClusterer
from storyline.stories.features import article_features


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def pairwise_prf(pred: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> PRF:
    """Precision/recall/F1 over the pairs of documents put together (documents in ``gold``
    only; a document missing from ``pred`` counts as a singleton). Counted from the contingency
    table, so the cost is linear in the number of documents."""
    docs = list(gold)
    pred_of = {d: pred.get(d, ("__singleton__", d)) for d in docs}

    def pairs(counts: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    both = pairs(Counter((pred_of[d], gold[d]) for d in docs))
    in_pred = pairs(Counter(pred_of[d] for d in docs))
    in_gold = pairs(Counter(gold[d] for d in docs))
    p = both / in_pred if in_pred else 1.0
    r = both / in_gold if in_gold else 1.0
    return PRF(p, r, _f1(p, r))


def bcubed_prf(pred: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> PRF:
    """BCubed (Bagga & Baldwin): per document, the share of its predicted cluster that shares
    its gold cluster (precision) and of its gold cluster that shares its predicted cluster
    (recall), averaged over the documents of ``gold``."""
    docs = list(gold)
    if not docs:
        return PRF(1.0, 1.0, 1.0)
    pred_of = {d: pred.get(d, ("__singleton__", d)) for d in docs}
    joint = Counter((pred_of[d], gold[d]) for d in docs)
    pred_size = Counter(pred_of[d] for d in docs)
    gold_size = Counter(gold[d] for d in docs)
    p = sum(joint[pred_of[d], gold[d]] / pred_size[pred_of[d]] for d in docs) / len(docs)
    r = sum(joint[pred_of[d], gold[d]] / gold_size[gold[d]] for d in docs) / len(docs)
    return PRF(p, r, _f1(p, r))


@dataclass(frozen=True)
class OrderScore:
    order: str  # "seq" or "shuffle-<seed>"
    pairwise: PRF
    bcubed: PRF
    stories: int
    seconds_per_doc: float


@dataclass(frozen=True)
class ClusteringEval:
    orders: tuple[OrderScore, ...]
    pairwise_f1: float  # mean over orders
    bcubed_f1: float


def read_docs(docs_jsonl: Path | str) -> list[dict]:
    """The docs without their ``url`` (never read by the clusterer)."""
    docs = []
    with open(docs_jsonl, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                doc = json.loads(line)
                doc.pop("url", None)
                docs.append(doc)
    return docs


def read_gold(gold_tsv: Path | str) -> dict[str, str]:
    gold = {}
    with open(gold_tsv, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[0]:
                gold[parts[0]] = parts[1]
    return gold


def cluster_stream(docs: list[dict], use_reuse: bool = True) -> dict[str, str]:
    """Run lineage + clustering over ``docs`` in the given order; doc id -> final story id."""
    clusterer = StoryClusterer()
    reuse = ReuseIndex() if use_reuse else None
    for doc in docs:
        text = doc.get("text") or ""
        links = reuse.add(doc["id"], text, doc.get("date")) if reuse else []
        duplicate = next((link.b for link in links if link.exact_duplicate), None)
        shares = tuple((link.b, link.shared_a) for link in links if not link.exact_duplicate)
        features = article_features(
            doc["id"],
            text,
            doc.get("title"),
            doc.get("date"),
            doc.get("lang"),
            reuse=shares,
            duplicate_of=duplicate,
        )
        clusterer.add(features)
    return {doc["id"]: clusterer.story_of(doc["id"]) or doc["id"] for doc in docs}


def run_clustering_eval(
    docs_jsonl: Path | str,
    gold_tsv: Path | str,
    orders: int = 5,
    seed: int = 0,
    verbose: bool = True,
) -> ClusteringEval:
    """Stream the docs in ``seq`` order, then in ``orders - 1`` shuffled orders (seeds
    ``seed + 1``, ``seed + 2``, ...); print and return per-order and mean scores."""
    docs = sorted(read_docs(docs_jsonl), key=lambda d: d.get("seq", 0))
    gold = read_gold(gold_tsv)
    results = []
    for k in range(orders):
        name = "seq" if k == 0 else f"shuffle-{seed + k}"
        stream = list(docs)
        if k:
            random.Random(seed + k).shuffle(stream)
        started = time.perf_counter()
        pred = cluster_stream(stream)
        elapsed = (time.perf_counter() - started) / max(len(stream), 1)
        score = OrderScore(
            name,
            pairwise_prf(pred, gold),
            bcubed_prf(pred, gold),
            len(set(pred.values())),
            elapsed,
        )
        results.append(score)
        if verbose:
            print(
                f"{name:>12}  pairwise P {score.pairwise.precision:.3f} R "
                f"{score.pairwise.recall:.3f} F1 {score.pairwise.f1:.3f}  BCubed P "
                f"{score.bcubed.precision:.3f} R {score.bcubed.recall:.3f} F1 "
                f"{score.bcubed.f1:.3f}  stories {score.stories}  {elapsed * 1000:.2f} ms/doc"
            )
    mean_pw = sum(r.pairwise.f1 for r in results) / len(results)
    mean_b3 = sum(r.bcubed.f1 for r in results) / len(results)
    if verbose:
        print(f"{'mean':>12}  pairwise F1 {mean_pw:.3f}  BCubed F1 {mean_b3:.3f}")
    return ClusteringEval(tuple(results), mean_pw, mean_b3)
