"""The text-dump remover on the shared corpus: the five seed pages and the AEB text renderings.

The corpus is not part of the repository. These tests read it from ``../shared/corpus`` when
it is there and skip otherwise — or fail, when ``STORYLINE_REQUIRE_ALL=1`` says it must be.
Expected article lines are named by their line numbers in the seed files, so no page text is
copied here; the needles below are short phrases of furniture that must be gone.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from storyline.evaluate.extraction import score
from storyline.extract.furniture import normalise_line
from storyline.extract.text import clean_text_dump

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SEEDS = CORPUS / "seeds"
AEB = CORPUS / "aeb-dev"


def require(path: Path) -> Path:
    if not path.exists():
        message = f"shared corpus not found at {path}"
        if os.environ.get("STORYLINE_REQUIRE_ALL") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


def seed(prefix: str) -> Path:
    return next(require(SEEDS).glob(f"{prefix}_*.txt"))


def odd(first: int, last: int) -> list[int]:
    return list(range(first, last + 1, 2))


# 1-based line numbers of each seed's article paragraphs, in order, each once.
ARTICLE_LINES = {
    "000": list(range(2, 26)),
    "001": odd(13, 33) + odd(37, 49),
    "002": list(range(1, 13)),  # lines 13-23 repeat 2-12
    "003": list(range(5, 34)),
    "004": list(range(10, 39)),
}
TITLE_LINE = {"000": 1, "001": 7, "002": None, "003": 1, "004": 2}
SUBHEADINGS = {
    "000": ["- 'Shut the door' -"],
    "001": ["Turkish diplomacy"],
    "003": ["'Very disappointed'", "Russia looking for 'reasons'"],
    "004": ["Putin's proposals", "Russia seeks a buffer zone on the border"],
}
FURNITURE = [
    "bur/tw/jhb",
    "Hashtags",
    "Try Our AI Features",
    "Daily8",
    "No comments yet",
    "Related Articles",
    "Sky News AU",
    "You may also like",
    "Delhi-NCR",
    "Current News",
    "ArcaMax",
    "Published in News & Features",
    "Bloomberg News on",
    "With assistance from",
    "Distributed by Tribune",
    "Disqus",
    "Orange background",
    "Download the App",
    "app-store",
    "Pool Photo via AP",
    "This handout photograph",
    "Yomiuri Shimbun23",
    "Nikkei Asia",
    "The Mainichi",
    "----------",
]


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("prefix", sorted(ARTICLE_LINES))
def test_seed_article_paragraphs_kept_exactly_once_in_order(prefix):
    path = seed(prefix)
    raw = lines_of(path)
    expected = [normalise_line(raw[n - 1]) for n in ARTICLE_LINES[prefix]]
    result = clean_text_dump(path.read_text(encoding="utf-8"))
    assert list(result.paragraphs) == expected
    title_line = TITLE_LINE[prefix]
    assert result.title == (normalise_line(raw[title_line - 1]) if title_line else None)


@pytest.mark.parametrize("prefix", sorted(ARTICLE_LINES))
def test_seed_furniture_is_gone_and_accounted_for(prefix):
    path = seed(prefix)
    text = path.read_text(encoding="utf-8")
    result = clean_text_dump(text)
    body = "\n".join(result.paragraphs)
    for needle in FURNITURE:
        assert needle not in body, needle
    assert "MOSCOW" not in result.paragraphs and "logo" not in result.paragraphs
    for subheading in SUBHEADINGS.get(prefix, []):
        assert result.paragraphs.count(subheading) == 1
    non_empty = [line for line in text.splitlines() if normalise_line(line)]
    assert len(result.paragraphs) + len(result.removed) == len(non_empty)
    assert all(r.reason for r in result.removed)


def test_seed_removal_reasons():
    got = {}
    for prefix in ARTICLE_LINES:
        for removed in clean_text_dump(seed(prefix).read_text(encoding="utf-8")).removed:
            got.setdefault(removed.text, removed.reason)
    assert got["bur/tw/jhb"] == "agency-slug"
    assert got["MOSCOW"] == "dateline"
    assert got["—With assistance from Aliaksandr Kudrytski."] == "credit"
    assert got["Alexander Kazakov, Sputnik, Kremlin Pool Photo via AP"] == "photo-credit"
    assert got["Yomiuri Shimbun23-05-2025"] == "source-date"
    assert got["Henry Meyer and Volodymyr Verbianyi, Bloomberg News on"] == "byline"
    assert got["You may also like"] == "end-marker:related"
    assert got["Related Articles"] == "end-marker:related"
    assert got["blog comments powered by Disqus"] == "end-marker:comments"
    assert got["DOWNLOAD THE APP"] == "end-marker:app"
    assert [r for r, reason in got.items() if reason == "caption" and r.startswith("This handout")]
    assert any(t.startswith("©2025 Bloomberg") and r == "copyright" for t, r in got.items())
    assert sum(1 for reason in got.values() if reason == "repeated-block") == 11


def test_seed_metadata():
    bloomberg = clean_text_dump(seed("001").read_text(encoding="utf-8"))
    assert bloomberg.outlet == "Bloomberg"
    assert bloomberg.authors == ("Henry Meyer", "Volodymyr Verbianyi")
    yomiuri = clean_text_dump(seed("004").read_text(encoding="utf-8"))
    assert yomiuri.outlet == "Yomiuri Shimbun"
    assert yomiuri.published == "2025-05-23"
    # Dates inside captions are not publication dates.
    assert clean_text_dump(seed("003").read_text(encoding="utf-8")).published is None


def test_aeb_text_mode_f1():
    root = require(AEB)
    gold_file = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    gold = {page_id: entry["articleBody"] for page_id, entry in gold_file.items()}
    extracted = {}
    for page_id in gold:
        text = (root / "text" / f"{page_id}.txt").read_text(encoding="utf-8")
        extracted[page_id] = "\n\n".join(clean_text_dump(text).paragraphs)
    result = score(extracted, gold)
    assert result.f1 >= 0.90, f"F1 {result.f1:.3f} P {result.precision:.3f} R {result.recall:.3f}"


def test_seeds_ingest_through_their_manifest(tmp_path):
    """The seeds as a user would ingest them: one article each, with the manifest's dates,
    no paragraph twice, none of the furniture."""
    import json

    from storyline.ingest import ingest
    from storyline.store.db import Store

    seeds = require(SEEDS)
    store = Store.open(tmp_path / "seeds.db")
    report = ingest([str(seeds / "manifest.jsonl")], store)
    assert (report.new, report.failed) == (5, 0)
    dates = {
        json.loads(line)["path"]: json.loads(line)["published"]
        for line in (seeds / "manifest.jsonl").read_text().splitlines()
    }
    for stored in store.iter_articles():
        article = stored.article
        assert article.published == dates[Path(article.ref).name]
        assert len(set(article.paragraphs)) == len(article.paragraphs)
        for furniture in ("Related Articles", "You may also like", "Try Our AI Features",
                          "Download the App", "bur/tw/jhb", "Disqus", "Distributed by"):
            assert furniture not in article.text
