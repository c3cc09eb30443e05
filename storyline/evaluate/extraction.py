"""The Article Extraction Benchmark metric (Zyte/Scrapinghub).

Both bodies are tokenised into lower-cased ``\\w+`` tokens and compared as multisets of
4-token shingles; per page, precision = matched/extracted and recall = matched/gold.
Precision is averaged over the pages where something was extracted, recall over all pages,
and F1 comes from the two averages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    tokens = [t.lower() for t in _TOKEN.findall(text or "")]
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class PageScore:
    id: str
    precision: float | None  # None when nothing was extracted
    recall: float


@dataclass(frozen=True)
class ExtractionScore:
    precision: float
    recall: float
    f1: float
    pages: int
    per_page: tuple[PageScore, ...]


def score_page(page_id: str, extracted: str, gold: str) -> PageScore:
    got, want = shingles(extracted), shingles(gold)
    matched = sum((got & want).values())
    n_got, n_want = sum(got.values()), sum(want.values())
    precision = matched / n_got if n_got else None
    recall = matched / n_want if n_want else 1.0
    return PageScore(page_id, precision, recall)


def score(extracted: Mapping[str, str], gold: Mapping[str, str]) -> ExtractionScore:
    """Score extracted bodies against gold bodies; ids missing from ``extracted`` count as
    nothing extracted."""
    pages = tuple(score_page(i, extracted.get(i, ""), gold[i]) for i in sorted(gold))
    return summarise(pages)


def summarise(pages: Iterable[PageScore]) -> ExtractionScore:
    pages = tuple(pages)
    precisions = [p.precision for p in pages if p.precision is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(p.recall for p in pages) / len(pages) if pages else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ExtractionScore(precision, recall, f1, len(pages), pages)
