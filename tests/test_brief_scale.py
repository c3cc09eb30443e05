"""A large story's brief is the brief the plain path computes, only cheaper.

The sentence graph of a large story finds its candidate pairs by a sparse product
(`storyline.brief.graph._sparse_candidates`); a story's quotes are matched through an index
of their tokens (`storyline.annotate.merge`). Both must give exactly what comparing every
pair gives: the same units, the same similarities, in the same order. The stories here are
generated from a small invented vocabulary, so that many sentences share words.
"""

from __future__ import annotations

import random

import pytest

from storyline.annotate import ArticleFacts
from storyline.brief import BriefArticle, BriefInput, build_brief
from storyline.brief import graph as graph_module
from storyline.brief.graph import build_graph
from storyline.brief.prepare import prepare

_WORDS = (
    "ferry harbour council storm rescue crew island mayor engineers bridge pier tide "
    "volunteers coastguard cargo ministry inquiry funding repairs evacuation shelter "
    "villagers fishermen boats road power outage hospital school forecast winds"
).split()


def _article(rng: random.Random, i: int) -> BriefArticle:
    sentences = []
    for _ in range(rng.randint(6, 14)):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 16))]
        if rng.random() < 0.3:
            words.append(str(rng.randint(2, 40)))
        sentences.append("The " + " ".join(words) + ".")
    day = 1 + i % 20
    return BriefArticle(
        f"a{i}", f"Title {i}", f"Outlet {i % 7}", f"2031-04-{day:02d}", None,
        " ".join(sentences), ArticleFacts(),
    )  # fmt: skip


@pytest.fixture(scope="module")
def story() -> list[BriefArticle]:
    rng = random.Random(3)
    articles = [_article(rng, i) for i in range(40)]
    # copies with a word changed: near-identical sentences across articles
    for i in range(10):
        a = articles[rng.randrange(len(articles))]
        articles.append(
            BriefArticle(f"c{i}", a.title, "Wire", a.published, None,
                         a.text.replace("storm", "gale", 1), ArticleFacts())
        )  # fmt: skip
    return articles


def test_sparse_candidates_give_the_same_graph(story, monkeypatch) -> None:
    prepared = [prepare(a) for a in story]
    monkeypatch.setattr(graph_module, "_SPARSE_FROM", 10**9)
    plain = build_graph(prepared)
    monkeypatch.setattr(graph_module, "_SPARSE_FROM", 0)
    monkeypatch.setattr(graph_module, "_BLOCK", 37)  # several blocks
    sparse = build_graph(prepared)
    assert sum(len(n) for n in plain.neighbours) > 100  # the story has paraphrases
    assert [[s.text for s in u.members] for u in sparse.units] == [
        [s.text for s in u.members] for u in plain.units
    ]
    assert [list(n.items()) for n in sparse.neighbours] == [
        list(n.items()) for n in plain.neighbours
    ]


def test_large_story_brief_is_the_same_either_way(story, monkeypatch) -> None:
    inp = BriefInput("s", story)
    monkeypatch.setattr(graph_module, "_SPARSE_FROM", 10**9)
    plain = build_brief(inp)
    monkeypatch.setattr(graph_module, "_SPARSE_FROM", 0)
    assert build_brief(inp) == plain


def _pairwise_quotes(items: list[tuple[str, list[str]]]) -> list[tuple[str, tuple, tuple]]:
    """The quote rule of `storyline.annotate.merge` applied by comparing every pair (no
    speakers): (text, sources, variants) per group."""
    from difflib import SequenceMatcher

    from storyline.records import normalise_for_hash

    groups: list[dict] = []
    for source, texts in items:
        for text in texts:
            norm = normalise_for_hash(text)
            tokens = norm.split()
            best = None
            for g in groups:
                if g["norm"] == norm:
                    best = (1.0, g)
                    break
                shorter, longer = sorted((norm, g["norm"]), key=len)
                if len(shorter.split()) >= 4 and f" {shorter} " in f" {longer} ":
                    best = (1.0, g)
                    break
                a, b = set(tokens), set(g["tokens"])
                if len(a & b) / max(len(a | b), 1) < 0.5:
                    continue
                ratio = SequenceMatcher(None, tokens, g["tokens"], autojunk=False).ratio()
                if ratio >= 0.75 and (best is None or ratio > best[0]):
                    best = (ratio, g)
            if best is None:
                groups.append({"text": text, "norm": norm, "tokens": tokens,
                               "sources": {source: None}, "variants": {}})  # fmt: skip
                continue
            ratio, g = best
            g["sources"][source] = None
            if ratio < 0.9 and norm != g["norm"] and norm not in g["variants"]:
                g["variants"][norm] = text
            elif len(norm) > len(g["norm"]) and f" {g['norm']} " in f" {norm} ":
                g["text"], g["norm"], g["tokens"] = text, norm, tokens
    return [(g["text"], tuple(g["sources"]), tuple(g["variants"].values())) for g in groups]


@pytest.mark.parametrize("common", [32, 2])  # 2: most quotes find candidates the short way
def test_quotes_indexed_by_token_merge_as_comparing_every_pair(common, monkeypatch) -> None:
    from storyline.annotate import merge as merge_module
    from storyline.annotate import merge_facts
    from storyline.annotate.records import Quote

    monkeypatch.setattr(merge_module, "_COMMON_POSTINGS", common)

    rng = random.Random(5)
    said = [" ".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 12))) for _ in range(12)]
    items = []
    for a in range(30):
        texts = []
        for _ in range(rng.randint(1, 5)):
            words = rng.choice(said).split()
            roll = rng.random()
            if roll < 0.3 and len(words) > 5:
                words = words[1:-1]  # a shorter excerpt
            elif roll < 0.5:
                words = words + [rng.choice(_WORDS)]  # a fuller rendering
            elif roll < 0.7:
                words[rng.randrange(len(words))] = rng.choice(_WORDS)  # a variant
            texts.append(" ".join(words).capitalize() + ".")
        items.append((f"a{a}", texts))
    facts = merge_facts([
        (aid, None, None, ArticleFacts(quotes=tuple(
            Quote(text=t, start=0, end=len(t), kind="direct", speaker=None) for t in texts)))
        for aid, texts in items
    ])  # fmt: skip
    got = [(q.text, q.sources, q.variants) for q in facts.quotes]
    expected = _pairwise_quotes(items)
    assert any(len(sources) > 1 for _, sources, _ in expected)
    assert any(variants for _, _, variants in expected)
    assert got == expected
