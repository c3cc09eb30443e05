"""`storyline batch --master local[2]` against single-process ingest of the same crawl.

Builds a synthetic crawl in a temporary folder (never in the repository): WARC files of HTML
pages, generated here (fictional events, each a wire original, outlets' copies with light
edits and own paragraphs, and independent reports) and — when ``../shared/corpus/aeb-dev`` is
present — up to half the development pages of the extraction benchmark with a controlled
rewrite (a generated sentence put into the first paragraph; ``--aeb-copies`` per page).
Then, for each size in ``--sizes``:

- `storyline batch` in this process on a fresh ``local[2]`` SparkSession: Spark's start-up,
  the job's time per step (extract, lineage join, stories, briefs, write), pages/s over
  start-up plus job, the peak resident memory of a Python worker (the stages) and of the JVM;

and, at the largest size, single-process `ingest` of the same WARC files into a fresh SQLite
store (pages/s), the throughput ratio (target ≥ 1.7 with start-up < 10% of the run), and the
agreement of `batch` + `load` with ingest (identical articles and lineage pairs, BCubed F1 of
the story partitions). The lineage join's time ratio between the smallest and the largest
size is printed last (target ≤ 4.5 for 2,000 → 8,000 pages).

    .venv/bin/python bench/batch.py [--sizes 2000,8000] [--facts/--no-facts] [--per-file 250]
                                    [--no-ingest] [--aeb-copies 2] [--crawl DIR [--build-only]]
    .venv/bin/python bench/batch.py --join-only --sizes 2000,8000   # the lineage join alone

``--crawl DIR`` keeps the crawls in ``DIR/crawl-SIZE`` (built once, re-used by later runs);
with ``--build-only`` the bench stops there, so that the two sides can be timed as whole
processes, alternating, by any process timer:

    storyline ingest DIR/crawl-4000/*.warc.gz --db fresh.db --workers 1
    storyline batch DIR/crawl-4000/*.warc.gz --out fresh-out/ --master 'local[2]'

Spark's JVM starts once per process: the start-up printed for the second size is only the
new session's, so the first size's start-up is the one a fresh `storyline batch` pays.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# bench/ itself off the path: bench/concurrent.py would shadow the standard library's package
sys.path = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "tests"))

from pagegen import PEOPLE, PLACES, THINGS, VERBS  # noqa: E402
from warcgen import write_warc  # noqa: E402

AEB = ROOT.parent / "shared" / "corpus" / "aeb-dev" / "html"
OUTLETS = ["Harbor Times", "Valley Courier", "Northern Ledger", "Daily Sentinel", "Eastgate",
           "Radio Meridian", "Coastline Post", "Metro Wire"]  # fmt: skip
START = datetime(2026, 3, 1, 6, 0)
HAZARDS = ["storm", "flood", "strike", "fire"]


SYLLABLES = ("ka ro vel mi dra son te lu bar is gon ne ul fa rek o sti man yo per zan it cor "
             "ha").split()


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def _cast(event: int) -> dict[str, list[str]]:
    """An event's own people and places (invented names, drawn per event): distinct events
    name distinct people, as real ones do, so that each is a story of its own rather than
    all generated pages one story (which made one brief the whole job's tail)."""
    rng = random.Random(f"cast-{event}")
    return {
        "people": [f"{_name(rng, 2)} {_name(rng, 3)}" for _ in range(3)],
        "places": [_name(rng, 3) for _ in range(2)],
    }


def _sentence(rng: random.Random, event: int, cast: dict[str, list[str]] | None = None) -> str:
    people, places = (cast["people"], cast["places"]) if cast else (PEOPLE, PLACES)
    return (
        f"{rng.choice(people)} said crews {rng.choice(VERBS)} {rng.choice(THINGS)} near "
        f"{rng.choice(places)} after incident {event}, and that {rng.randint(2, 900)} residents "
        f"in {rng.choice(places)} were affected by the {rng.choice(HAZARDS)}."
    )


def _html(title: str, outlet: str, published: datetime, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{title} | {outlet}</title>"
        f'<meta property="og:site_name" content="{outlet}">'
        f'<meta property="article:published_time" content="{published.isoformat()}Z">'
        f"</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        f"<footer>© 2026 {outlet}. All rights reserved.</footer></body></html>"
    ).encode()


def generated_pages(count: int, seed: int = 0):
    """Events of 2-12 pages each: a wire original, copies of it with edits, own reports;
    each event with its own cast (`_cast`)."""
    rng = random.Random(seed)
    event = 0
    while count > 0:
        size = min(count, rng.randint(2, 12))
        when = START + timedelta(hours=event * 3)
        cast = _cast(event)
        wire = [" ".join(_sentence(rng, event, cast) for _ in range(3)) for _ in range(8)]
        place, hazard = cast["places"][0], rng.choice(["flood", "strike", "fire"])
        title = f"Incident {event}: {place} {hazard}"
        yield f"https://wire.example/{event}", _html(title, "Wire Agency", when, wire)
        for copy in range(1, size):
            moment = when + timedelta(minutes=20 * copy)
            outlet = OUTLETS[(event + copy) % len(OUTLETS)]
            if copy % 3 == 0:  # an independent report of the same event
                paras = [" ".join(_sentence(rng, event, cast) for _ in range(3))
                         for _ in range(6)]  # fmt: skip
            else:  # a copy of the wire text, lightly edited, with a paragraph of its own
                kept = [p for p in wire if rng.random() < 0.8]
                paras = [p.replace(" said ", " told reporters ", 1) if rng.random() < 0.3 else p
                         for p in kept]  # fmt: skip
                paras.insert(1, " ".join(_sentence(rng, event, cast) for _ in range(2)))
            slug = re.sub(r"\W+", "-", outlet.lower())
            yield f"https://{slug}.example/{event}/{copy}", _html(title, outlet, moment, paras)
        count -= size
        event += 1


def rewritten_pages(count: int, seed: int = 1):
    """The aeb-dev HTML pages, each with a generated sentence put into its first paragraph."""
    import gzip

    files = sorted(AEB.glob("*.html.gz"))
    rng = random.Random(seed)
    for i in range(count):
        source = files[i % len(files)]
        html = gzip.decompress(source.read_bytes()).decode("utf-8", "replace")
        added = _sentence(rng, 10_000 + i)
        html = re.sub(r"(<p[^>]*>)", lambda m, added=added: m.group(1) + added + " ", html,
                      count=1)  # fmt: skip
        yield f"https://aeb.example/{i}/{source.name.removesuffix('.html.gz')}", html.encode()


def build_crawl(folder: Path, pages: int, per_file: int, copies: int) -> list[Path]:
    """At most ``copies`` rewrites of each aeb-dev page (rewrites of one page share most of
    their sentences: more of them would make the crawl's copy structure depend on its size)."""
    real = min(pages // 2, copies * len(list(AEB.glob("*.html.gz")))) if AEB.exists() else 0
    items = list(generated_pages(pages - real)) + list(rewritten_pages(real))
    random.Random(2).shuffle(items)  # a crawl's order is not publication order
    return [
        write_warc(folder / f"crawl-{n:04d}.warc.gz", items[start : start + per_file])
        for n, start in enumerate(range(0, len(items), per_file))
    ]


def jvm_peak_mb(spark) -> float:
    """The JVM's peak resident memory (local mode: driver and executor are one JVM)."""
    proc = getattr(spark.sparkContext._gateway, "proc", None)
    if proc is None:
        return float("nan")
    for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and every live descendant, reaped children
    included (the JVM, the pyspark daemon and its Python workers)."""
    tick = 100.0
    children: dict[int, list[int]] = {}
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(entry.name)] = fields
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        fields = stats.get(current)
        if fields is not None:  # utime stime cutime cstime: fields 14-17 of stat
            total += sum(int(f) for f in fields[11:15]) / tick
        todo.extend(children.get(current, ()))
    return total


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_batch_once(warcs: list[Path], out: Path, facts: bool, conf: dict[str, str]):
    from storyline.batch import BatchSettings, run_batch, spark_session
    from storyline.batch.cpu import tree_cpu

    start, cpu_start = time.perf_counter(), _self_cpu()
    spark = spark_session("local[2]", **conf)
    startup = time.perf_counter() - start
    print(f"  start-up CPU {sum(tree_cpu().values()) - cpu_start:.1f} s")
    report = run_batch([str(w) for w in warcs], out, spark=spark,
                       settings=BatchSettings(facts=facts, briefs=facts))  # fmt: skip
    total = time.perf_counter() - start
    jvm = jvm_peak_mb(spark)
    proc = getattr(spark.sparkContext._gateway, "proc", None)
    cpu = _self_cpu() - cpu_start + (tree_cpu_seconds(proc.pid) if proc else float("nan"))
    spark.stop()
    return report, startup, total, jvm, cpu


def join_only(sizes: list[int]) -> None:
    """Time the global lineage join alone at each size, on the generated pages' texts (no HTML
    extraction, no facts): the join's scaling, measured where the rest of the job would take
    longer than a shared machine allows. The texts are the generated paragraphs, so the copy
    structure is the same at every size (events of 2-12 pages)."""
    import hashlib

    from storyline.batch import spark_session
    from storyline.batch.join import JoinSettings, lineage_links
    from storyline.batch.partition import sentence_keys, sort_key
    from storyline.batch.tables import schemas

    start = time.perf_counter()
    spark = spark_session("local[2]")
    print(f"start-up {time.perf_counter() - start:.1f} s")
    schema = "content_hash string, sort_key string, keys array<long>, text string, published string"
    for size in sizes:
        rows = []
        for order, (_, html) in enumerate(generated_pages(size)):
            page = html.decode()
            text = "\n\n".join(re.findall(r"<p>(.*?)</p>", page))
            published = re.search(r'published_time" content="([^"]+)"', page).group(1)
            rows.append((hashlib.sha256(text.encode()).hexdigest(), sort_key(published, order),
                         sentence_keys(text), text, published))  # fmt: skip
        articles = spark.createDataFrame(rows, schema).repartition(4).cache()
        articles.count()
        start, cpu_start = time.perf_counter(), _self_cpu()
        proc = getattr(spark.sparkContext._gateway, "proc", None)
        tree_start = tree_cpu_seconds(proc.pid) if proc else float("nan")
        links = lineage_links(articles, JoinSettings(), schemas()["reuse_links"]).count()
        elapsed = time.perf_counter() - start
        cpu = _self_cpu() - cpu_start + (tree_cpu_seconds(proc.pid) - tree_start if proc else 0)
        print(f"join only, {size} generated pages: {links} links, {elapsed:.1f} s, "
              f"CPU {cpu:.1f} s")  # fmt: skip
        articles.unpersist()
    spark.stop()


def summary(db: str):
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT id, content_hash, story_id FROM articles").fetchall()
    hashes = {i: h for i, h, _ in rows}
    links = {frozenset((hashes[a], hashes[b]))
             for a, b in conn.execute("SELECT article_id, other_id FROM reuse_links")}  # fmt: skip
    conn.close()
    return set(hashes.values()), links, {h: s for _, h, s in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2000,8000")
    parser.add_argument("--per-file", type=int, default=250)
    parser.add_argument("--facts", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--ingest", action=argparse.BooleanOptionalAction, default=True,
                        help="Also ingest the largest crawl and compare (else: batch only).")
    parser.add_argument("--aeb-copies", type=int, default=2)
    parser.add_argument("--crawl", type=Path, default=None,
                        help="Keep (and re-use) the crawls in DIR/crawl-SIZE.")
    parser.add_argument("--build-only", action="store_true",
                        help="Only build the crawls (with --crawl) and list their files.")
    parser.add_argument("--join-only", action="store_true",
                        help="Time the lineage join alone at each size (generated texts).")
    parser.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                        help="A Spark setting for the batch's session (repeatable).")  # fmt: skip
    args = parser.parse_args()
    conf = dict(item.split("=", 1) for item in args.conf)
    if args.build_only and args.crawl is None:
        parser.error("--build-only needs --crawl DIR")
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.join_only:
        join_only(sizes)
        return

    from storyline.evaluate.clustering import bcubed_prf
    from storyline.ingest import ingest
    from storyline.store.db import Store
    from storyline.store.load import load_batch

    joins: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            folder = (args.crawl or Path(tmp)) / f"crawl-{size}"
            warcs = sorted(folder.glob("crawl-*.warc.gz")) if args.crawl else []
            if not warcs:
                warcs = build_crawl(folder, size, args.per_file, args.aeb_copies)
            if args.build_only:
                print(f"{folder}: {len(warcs)} WARC files, {size} pages")
                continue
            report, startup, total, jvm, cpu = run_batch_once(warcs, Path(tmp) / f"out-{size}",
                                                         args.facts, conf)  # fmt: skip
            joins[size] = report.seconds["lineage join"]
            rate = report.pages / total
            print(f"batch {size} pages ({len(warcs)} WARC files, facts {args.facts}): "
                  f"{report.articles} articles, {report.links} links, {report.stories} stories, "
                  f"{report.failures} failures")  # fmt: skip
            print(f"  start-up {startup:.1f} s ({startup / total:.0%} of {total:.1f} s), "
                  f"steps {report.seconds}")  # fmt: skip
            print(f"  CPU {cpu:.1f} s (driver, JVM and Python workers: "
                  f"{cpu / report.pages:.3f} s per page); per step {report.cpu}")
            print(f"  {rate:.1f} pages/s; peak RSS per Python worker "
                  f"{report.worker_peak_rss_mb:.0f} MB, JVM {jvm:.0f} MB")  # fmt: skip
            if size != max(sizes) or not args.ingest:
                continue
            db = str(Path(tmp) / "ingest.db")
            store = Store.open(db)
            start, cpu_start = time.perf_counter(), _self_cpu()
            done = ingest([str(w) for w in warcs], store, facts=args.facts, briefs=args.facts)
            elapsed = time.perf_counter() - start
            ingest_cpu = _self_cpu() - cpu_start
            store.close()
            ingest_rate = (done.new + done.known + done.failed) / elapsed
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"ingest {size} pages: {ingest_rate:.1f} pages/s (peak RSS {rss:.0f} MB), "
                  f"CPU {ingest_cpu:.1f} s ({ingest_cpu / max(1, done.new + done.known):.3f} "
                  "s per page)")  # fmt: skip
            print(f"  ratio batch/ingest: {rate / ingest_rate:.2f} (target ≥ 1.7); CPU "
                  f"ingest/batch {ingest_cpu / cpu:.2f} (2 cores: ratio ≤ 2 × this)")  # fmt: skip
            loaded = str(Path(tmp) / "loaded.db")
            store = Store.open(loaded)
            start = time.perf_counter()
            load_batch(Path(tmp) / f"out-{size}", store)
            print(f"load: {time.perf_counter() - start:.1f} s")
            store.close()
            (a1, l1, s1), (a2, l2, s2) = summary(db), summary(loaded)
            print(f"  agreement: articles identical {a1 == a2} ({len(a1)} / {len(a2)}), "
                  f"lineage pairs identical {l1 == l2} ({len(l1)} / {len(l2)}), "
                  f"stories BCubed F1 {bcubed_prf(s2, s1).f1:.3f}")  # fmt: skip
    if len(joins) > 1:
        small, large = min(joins), max(joins)
        print(f"lineage join: {joins[small]:.1f} s at {small} pages, {joins[large]:.1f} s at "
              f"{large}: ratio {joins[large] / joins[small]:.2f} for {large / small:.0f}x pages "
              "(target ≤ 4.5 for 4x)")  # fmt: skip


if __name__ == "__main__":
    main()
