"""Thread evaluation on Timeline17 (news-tls format): folders of long-running stories
ingested as one stream, through the same pipeline as `storyline ingest`.

Each folder holds articles about one long-running story (several folders may share a story:
``bpoil_bbc`` and ``bpoil_reuters`` are both the BP oil spill; the story is the folder name
before its first ``_``) and one or more journalists' timelines of it. The articles become
manifest ``body`` records with their publication date, written in date order and ingested
into a fresh store (facts off: threads do not need them). Then, per folder and overall:

- how the folder's articles spread over threads and stories: the share in the thread
  holding most of them, whether that thread also holds another story's articles, and BCubed
  precision/recall/F1 of threads and of stories against the folder's story;
- Date F1 of the timeline of that thread against each journalist timeline, the system
  timeline cut to as many dates as the journalist's. The headline figure follows the
  field's standard protocol on Timeline17, that of news-tls (Gholipour Ghalandari & Ifrim,
  "Examining the State-of-the-Art in News Timeline Summarization", ACL 2020;
  github.com/complementizer/news-tls, ``experiments/evaluate.py``): for each journalist
  timeline the input is cut to the timeline's own span (``get_input_time_span`` with no
  extension for Timeline17: only articles published between its first and last date), the
  ranked dates are kept inside that span, and the system gives as many dates as the
  journalist. The same figure over the thread's whole span (all its articles, any date) is
  printed next to it: what a reader of the thread's own timeline gets.

Timeline17's texts are tokenised ("BP 's", "-LRB-"); they are detokenised the simple way
before ingest so that the pipeline sees prose. The clusterer never sees the folder names.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from storyline.evaluate.clustering import bcubed_prf

_DETOK = [
    (re.compile(r"-LRB-\s*"), "("), (re.compile(r"\s*-RRB-"), ")"),
    (re.compile(r"-LSB-\s*"), "["), (re.compile(r"\s*-RSB-"), "]"),
    (re.compile(r"``\s*"), '"'), (re.compile(r"\s*''"), '"'),
    (re.compile(r" (n't|'s|'re|'ve|'ll|'d|'m)\b"), r"\1"),
    (re.compile(r" ([,.;:?!%])"), r"\1"), (re.compile(r"\$ (?=\d)"), "$"),
    (re.compile(r"[ \t]+\n"), "\n"),
]  # fmt: skip


def detokenise(text: str) -> str:
    """Penn-Treebank tokenised text back to plain prose (enough for sentence splitting,
    capitalised names and dates)."""
    for pattern, repl in _DETOK:
        text = pattern.sub(repl, text)
    return text


@dataclass(frozen=True)
class FolderScore:
    folder: str
    articles: int
    top_share: float  # share of the folder's articles in the thread holding most of them
    mixed: bool  # that thread also holds articles of another story
    threads: int  # threads the folder's articles are spread over
    stories: int
    date_f1: tuple[float, ...]  # one per journalist timeline, whole thread span
    date_f1_in_span: tuple[float, ...]  # news-tls protocol: the journalist timeline's span


@dataclass(frozen=True)
class ThreadsEval:
    folders: tuple[FolderScore, ...]
    story_share: dict[str, float]  # per long-running story: share in its top thread
    mixed_threads: int  # threads holding articles of two or more stories (of >=5% each)
    thread_bcubed: tuple[float, float, float]
    story_bcubed: tuple[float, float, float]
    date_f1: float
    date_f1_in_span: float
    seconds: float


def read_folder(folder: Path, limit: int | None = None) -> tuple[list[dict], list[list]]:
    articles = []
    with open(folder / "articles.jsonl", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                articles.append(json.loads(line))
                if limit and len(articles) >= limit:
                    break
    timelines = []
    path = folder / "timelines.jsonl"
    if path.exists():
        with open(path, encoding="utf-8") as f:
            timelines = [json.loads(line) for line in f if line.strip()]
    return articles, timelines


def date_f1(system: set[date], reference: set[date]) -> float:
    hit = len(system & reference)
    if not hit:
        return 0.0
    p, r = hit / len(system), hit / len(reference)
    return 2 * p * r / (p + r)


def run_threads_eval(
    root: Path | str,
    limit: int | None = None,
    verbose: bool = True,
    progress: Callable[[], None] | None = None,
    db: Path | str | None = None,
) -> ThreadsEval:
    """Ingest every folder under ``root`` (at most ``limit`` articles each) as one stream
    into a fresh store (``db``, a temporary one by default) and score threads and their
    timelines (see the module docstring)."""
    from storyline.ingest import ingest
    from storyline.store.db import Store
    from storyline.threads.timeline import Evidence, ThreadArticle, collect, thread_timeline

    root = Path(root)
    folders = sorted(p for p in root.iterdir() if (p / "articles.jsonl").exists())
    if not folders:
        raise ValueError(f"{root}: no folder with articles.jsonl")
    records: list[dict] = []
    timelines: dict[str, list[list]] = {}
    gold: dict[str, str] = {}  # document -> its long-running story
    copy_of: dict[str, str] = {}  # document -> the ingested document with the same text
    first_of: dict[str, str] = {}
    for folder in folders:
        articles, timelines[folder.name] = read_folder(folder, limit)
        for a in articles:
            doc = f"{folder.name}/{a['id']}"
            text = detokenise(a.get("text") or "")
            gold[doc] = folder.name.split("_")[0]
            key = " ".join(text.split())
            copy_of[doc] = first_of.setdefault(key, doc)
            if copy_of[doc] == doc:
                records.append({"id": doc, "body": text, "published": str(a["time"])[:10]})
    records.sort(key=lambda r: (r["published"], r["id"]))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        manifest = Path(tmp) / "timeline17.jsonl"
        with open(manifest, "w", encoding="utf-8") as f:
            for record in records:
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
        store = Store.open(str(db) if db else str(Path(tmp) / "eval.db"))
        try:
            notify = (lambda *_: progress()) if progress else None
            ingest([str(manifest)], store, facts=False, progress=notify)
            seconds = time.perf_counter() - started
            reads = store.reads
            by_ref = {ref: (s, th) for ref, s, th in reads.placements().values()}
            story_of: dict[str, object] = {}
            thread_of: dict[str, object] = {}
            for doc, first in copy_of.items():
                if first in by_ref:
                    story_of[doc], thread_of[doc] = by_ref[first]

            evidence: dict[tuple, Evidence] = {}
            read: dict[int, list[ThreadArticle]] = {}  # thread -> its articles

            def timeline_of(thread_id: int, k: int, start=None, end=None) -> set[date]:
                """The thread timeline's ``k`` dates; between ``start`` and ``end`` (both
                or neither) as news-tls does: from the articles published in that span."""
                if thread_id not in read:
                    rows = reads.thread_articles(thread_id)
                    read[thread_id] = [
                        ThreadArticle(str(i), _day(p), text, s) for i, p, text, s in rows
                    ]
                key = (thread_id, start, end)
                if key not in evidence:
                    evidence[key] = collect(
                        a for a in read[thread_id]
                        if start is None or (a.published and start <= a.published <= end)
                    )  # fmt: skip
                items = thread_timeline(evidence[key], limit=k, start=start, end=end)
                return {item.date for item in items}

            return _score(folders, timelines, gold, story_of, thread_of, timeline_of,
                          seconds, verbose)  # fmt: skip
        finally:
            store.close()


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _score(folders, timelines, gold, story_of, thread_of, timeline_of, seconds, verbose):
    """Per folder and overall scores (see `ThreadsEval`); prints them when ``verbose``."""
    members: dict[object, Counter] = {}
    for doc, thread in thread_of.items():
        members.setdefault(thread, Counter())[gold[doc]] += 1
    mixed = [
        counts
        for counts in members.values()
        if sum(1 for n in counts.values() if n >= 0.05 * sum(counts.values())) > 1
    ]
    mixed_threads = len(mixed)
    if verbose:
        for counts in mixed:
            print("thread holding two stories:", dict(counts))
    scores = []
    for folder in folders:
        docs = [d for d in gold if d.startswith(folder.name + "/") and d in thread_of]
        if not docs:
            continue
        counts = Counter(thread_of[d] for d in docs)
        top, n = counts.most_common(1)[0]
        story = gold[docs[0]]
        others = sum(c for g, c in members[top].items() if g != story)
        mixed = others >= 0.05 * sum(members[top].values())
        whole, in_span = [], []
        for timeline in timelines.get(folder.name, []):
            reference = {date.fromisoformat(str(d)[:10]) for d, _ in timeline}
            if not reference or top is None:
                continue
            k = len(reference)
            whole.append(date_f1(timeline_of(top, k), reference))
            in_span.append(date_f1(timeline_of(top, k, min(reference), max(reference)), reference))
        scores.append(
            FolderScore(
                folder.name,
                len(docs),
                n / len(docs),
                mixed,
                len(counts),
                len({story_of[d] for d in docs}),
                tuple(whole),
                tuple(in_span),
            )  # fmt: skip
        )
    share = {}
    for story in sorted(set(gold.values())):
        docs = [d for d in gold if gold[d] == story and d in thread_of]
        if docs:
            share[story] = Counter(thread_of[d] for d in docs).most_common(1)[0][1] / len(docs)
    tb = bcubed_prf({d: ("t", x) for d, x in thread_of.items()}, {d: gold[d] for d in thread_of})
    sb = bcubed_prf({d: ("s", x) for d, x in story_of.items()}, {d: gold[d] for d in story_of})
    f1s = [f for s in scores for f in s.date_f1]
    span = [f for s in scores for f in s.date_f1_in_span]
    result = ThreadsEval(
        tuple(scores), share, mixed_threads, (tb.precision, tb.recall, tb.f1),
        (sb.precision, sb.recall, sb.f1), sum(f1s) / len(f1s) if f1s else 0.0,
        sum(span) / len(span) if span else 0.0, seconds,
    )  # fmt: skip
    if verbose:
        _print(result)
    return result


def _print(result: ThreadsEval) -> None:
    print(f"{'folder':<22} {'articles':>8} {'top thread':>10} {'mixed':>5} {'threads':>7} "
          f"{'stories':>7}  Date F1 (whole thread / journalist span)")  # fmt: skip
    for s in result.folders:
        f1 = " ".join(f"{a:.3f}/{b:.3f}" for a, b in zip(s.date_f1, s.date_f1_in_span, strict=True))
        mixed = "yes" if s.mixed else "no"
        print(f"{s.folder:<22} {s.articles:>8} {s.top_share:>10.1%} {mixed:>5} "
              f"{s.threads:>7} {s.stories:>7}  {f1}")  # fmt: skip
    print()
    for story, share in result.story_share.items():
        print(f"story {story:<16} share of its articles in its top thread {share:.1%}")
    tp, tr, tf = result.thread_bcubed
    sp, sr, sf = result.story_bcubed
    print(f"threads holding two stories (>=5% each): {result.mixed_threads}")
    print(f"BCubed against the long-running stories: threads P {tp:.3f} R {tr:.3f} F1 {tf:.3f};"
          f" stories P {sp:.3f} R {sr:.3f} F1 {sf:.3f}")  # fmt: skip
    print(
        f"Date F1 mean: {result.date_f1_in_span:.3f} (news-tls protocol: the journalist "
        f"timeline's span); {result.date_f1:.3f} over the thread's whole span"
    )
    print(f"ingest {result.seconds:.1f} s")
