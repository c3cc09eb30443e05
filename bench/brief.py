"""Time to compute one story's brief (``storyline.brief.build_brief``) for a 200-article story,
once its articles are annotated. Target: ≤ 300 ms.

The story is synthetic: the example corpus's dam articles and the seed pages (when the shared
corpus is present), cleaned through the real path (``iter_pages`` + ``extract_page``), then
varied into 200 articles: paragraphs dropped and shuffled, sentences perturbed (a word or a
number changed), outlets and dates varied, and a third of them republished as wire copies of
another. The articles are annotated and linked (``ReuseIndex``) once, outside the timing;
the timed part is ``build_brief`` (with ``merge_facts``), cold (a fresh ``BriefCache``) and
warm (articles already prepared: the incremental case of one new article in a story).

Usage: .venv/bin/python bench/brief.py [--articles 200] [--runs 7] [--seed 1]

``--store DB`` instead times the brief of a real stored story (the largest, or ``--story ID``)
at a quarter, half and all of its articles (earliest first, its facts merged inside the timed
part, a fresh cache each time): CPU seconds for each, and the ratio per doubling, which stays
near 2 when the brief's cost grows with the story and near 4 when it grows with its square.
A large story to measure: ingest a few Timeline17 folders of the shared corpus as one manifest
(``{"id", "body", "published"}`` per line), ``--no-facts`` or with facts, e.g.
``.venv/bin/python bench/brief.py --timeline17 ../shared/corpus/timeline17-dev --folders bpoil``
which builds that store in a temporary folder first.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_SKIP = ("kessling", "lumora")
_OUTLETS = [f"Outlet {c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"] + ["Wire One", "Wire Two"]
_SWAPS = {"said": "says", "told": "informed", "people": "residents", "talks": "negotiations"}


def base_articles() -> list[tuple[str, str | None, tuple[str, ...]]]:
    """(title, published, paragraphs) of the dam articles and the seeds, cleaned."""
    from storyline.extract import RecurringLines, extract_page
    from storyline.records import Page
    from storyline.sources import iter_pages

    inputs = [str(ROOT / "examples")]
    seeds = ROOT.parent / "shared" / "corpus" / "seeds" / "manifest.jsonl"
    if seeds.exists():
        inputs.append(str(seeds))
    pages = [p for p in iter_pages(inputs) if isinstance(p, Page)]
    recurring = RecurringLines()
    for p in pages:
        if p.kind == "text":
            recurring.observe(p.group, p.content)
    out, seen = [], set()
    for p in pages:
        if any(s in p.ref for s in _SKIP):
            continue
        article = extract_page(p, recurring=recurring)
        if article.content_hash in seen:
            continue
        seen.add(article.content_hash)
        out.append((article.title or "", article.published, article.paragraphs))
    return out


def perturb(paragraph: str, rng: random.Random) -> str:
    words = paragraph.split(" ")
    for i, w in enumerate(words):
        if w in _SWAPS and rng.random() < 0.3:
            words[i] = _SWAPS[w]
        elif w.isdigit() and rng.random() < 0.1:
            words[i] = str(int(w) + rng.randint(1, 3))
    return " ".join(words)


def synthetic_story(n: int, seed: int):
    """``n`` BriefArticles with facts, and their reuse links."""
    from storyline.annotate import annotate
    from storyline.brief import BriefArticle
    from storyline.reuse import ReuseIndex

    rng = random.Random(seed)
    bases = base_articles()
    raw: list[tuple[str, str, str | None, str, str]] = []
    for i in range(n):
        if raw and rng.random() < 0.33:  # a wire copy of an earlier synthetic article
            _, title, published, _, text = rng.choice(raw)
            outlet = rng.choice(_OUTLETS)
            raw.append((f"a{i}", title, published, outlet, text))
            continue
        title, published, paragraphs = rng.choice(bases)
        paras = list(paragraphs)
        lede, rest = paras[:1], paras[1:]
        rng.shuffle(rest)
        rest = [perturb(p, rng) for p in rest if rng.random() > 0.25]
        if published:
            day = int(published[8:10])
            published = f"{published[:8]}{min(28, max(1, day + rng.randint(-2, 2))):02d}"
        raw.append((f"a{i}", title, published, rng.choice(_OUTLETS), "\n\n".join(lede + rest)))
    index = ReuseIndex()
    links = []
    articles = []
    for aid, title, published, outlet, text in sorted(raw, key=lambda r: r[2] or ""):
        links.extend(index.add(aid, text, published))
        facts = annotate(text, published=published, language="en")
        articles.append(BriefArticle(aid, title, outlet, published, None, text, facts))
    return articles, links


def timeline17_store(root: Path, prefix: str, db: Path, facts: bool) -> None:
    """Ingest the Timeline17 folders under ``root`` whose names start with ``prefix`` into
    ``db`` as one stream in publication order (texts are read, never copied elsewhere)."""
    import json

    from storyline.evaluate.threads import detokenise, read_folder
    from storyline.ingest import ingest
    from storyline.store.db import Store

    records, seen = [], set()
    for folder in sorted(p for p in root.iterdir() if p.name.startswith(prefix)):
        for a in read_folder(folder)[0]:
            text = detokenise(a.get("text") or "")
            key = " ".join(text.split())
            if key and key not in seen:
                seen.add(key)
                records.append({"id": f"{folder.name}/{a['id']}", "body": text,
                                "published": str(a["time"])[:10]})  # fmt: skip
    records.sort(key=lambda r: (r["published"], r["id"]))
    manifest = db.with_suffix(".jsonl")
    manifest.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    store = Store.open(str(db))
    try:
        ingest([str(manifest)], store, facts=facts)
    finally:
        store.close()


def story_scaling(db: str, story_id: int | None, runs: int) -> None:
    """CPU seconds of one stored story's brief at a quarter, half and all of its articles."""
    from dataclasses import replace

    from storyline.brief import BriefCache, Briefing
    from storyline.store.db import Store
    from storyline.views import _story_input

    store = Store.open(db)
    try:
        story_id = story_id if story_id is not None else store.reads.top_story()
        if story_id is None:
            sys.exit(f"{db}: no story")
        *_, story = _story_input(store, story_id)
    finally:
        store.close()
    articles = story.articles
    print(f"story {story_id}: {len(articles)} articles, {len(story.links)} reuse links")
    Briefing(replace(story, articles=articles[:2], story_facts=None), BriefCache()).brief()
    import scipy.sparse  # noqa: F401  (loaded once per process by large briefs: not timed)
    last = None
    for n in (max(1, len(articles) // 4), max(1, len(articles) // 2), len(articles)):
        part = articles[:n]
        ids = {a.id for a in part}
        links = [lk for lk in story.links if lk.a in ids and lk.b in ids]
        sub = replace(story, articles=part, links=links, story_facts=None)
        times = []
        for _ in range(runs):
            t = time.process_time()
            Briefing(sub, BriefCache()).brief()
            times.append(time.process_time() - t)
        cpu = statistics.median(times)
        words = sum(len(a.text.split()) for a in part)
        ratio = f", ×{cpu / last:.2f} for ×2 articles" if last else ""
        print(f"  {n} articles ({words:,} words): build_brief {cpu:.2f} CPU-s{ratio}")
        last = cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--store", help="time the brief of a stored story (see above)")
    parser.add_argument("--story", type=int, help="with --store: this story, not the largest")
    parser.add_argument("--timeline17", type=Path, help="build a store from these folders")
    parser.add_argument("--folders", default="bpoil", help="with --timeline17: name prefix")
    parser.add_argument("--facts", action="store_true", help="with --timeline17: with facts")
    args = parser.parse_args()
    if args.timeline17 is not None:
        import tempfile

        if not args.timeline17.is_dir():
            sys.exit(f"{args.timeline17}: not a folder (the shared corpus is absent)")
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "timeline17.db"
            t = time.process_time()
            timeline17_store(args.timeline17, args.folders, db, args.facts)
            print(f"store built in {time.process_time() - t:.0f} CPU-s (not timed below)")
            story_scaling(str(db), args.story, min(args.runs, 3))
        return
    if args.store:
        story_scaling(args.store, args.story, min(args.runs, 3))
        return

    from storyline.brief import BriefCache, BriefInput, build_brief

    t0 = time.perf_counter()
    articles, links = synthetic_story(args.articles, args.seed)
    words = sum(len(a.text.split()) for a in articles)
    print(
        f"story: {len(articles)} articles, {words:,} words, {len(links)} reuse links "
        f"(built, annotated and linked in {time.perf_counter() - t0:.1f} s, not timed)"
    )
    story = BriefInput("bench", articles, links)
    cold, warm = [], []
    cache = BriefCache()
    brief = build_brief(story, cache)  # warm-up: imports, first preparation
    for _ in range(args.runs):
        t = time.perf_counter()
        brief = build_brief(story, BriefCache())
        cold.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        build_brief(story, cache)
        warm.append((time.perf_counter() - t) * 1000)
    from storyline.annotate import merge_facts

    merged = merge_facts([(a.id, a.published, a.outlet, a.facts) for a in articles])
    with_facts = BriefInput("bench", articles, links, story_facts=merged)
    given = []
    for _ in range(args.runs):
        t = time.perf_counter()
        build_brief(with_facts, cache)
        given.append((time.perf_counter() - t) * 1000)
    for name, times in (
        ("cold (fresh cache)", cold),
        ("warm (articles prepared)", warm),
        ("warm, story facts given (store keeps merged facts)", given),
    ):
        print(
            f"build_brief {name}: p50 {statistics.median(times):.0f} ms, "
            f"max {max(times):.0f} ms over {len(times)} runs"
        )
    print(
        f"brief: {len(brief.summary)} summary sentences, {len(brief.timeline)} timeline items, "
        f"{len(brief.quotes)} quotes, {len(brief.figures)} figures, "
        f"{len(brief.disagreements)} differences, {brief.coverage.origins} origins"
    )
    target = statistics.median(cold) <= 300
    print(f"target p50 ≤ 300 ms: {'met' if target else 'NOT met'}")


if __name__ == "__main__":
    main()
