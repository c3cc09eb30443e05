"""Fetch throughput, and politeness as the servers see it, on loopback.

Serves fictional article pages from 20 hosts (127.0.0.2 … 127.0.0.21, each its own HTTP
server in a thread of this process) and prints:
- fetch rate with politeness delay 0 (pages/s), through Fetcher.fetch_many;
- fetch rate with politeness on (delay 0.05 s, concurrency 1), and the check, from each
  server's request log, that no host saw two requests closer than the delay;
- fetch + ingest rate (``storyline ingest URL…``'s path: crawl, extraction, storage, delay 0)
  against the same pages served from a child process (as real sites are not in ours),
  next to the rate of ingesting them from files in a temporary folder, and their ratio
  (target ≥ 0.8: fetching should cost little beside extraction). Both ingest without
  lineage, stories and facts (``--derive``/``--facts`` to include them), so the ratio
  measures what fetching adds to the same work.

Both servers and fetcher share this process (and its GIL), so the rate is a lower bound of
what the fetcher does against real sites, where the time goes into the network instead.

Usage: .venv/bin/python bench/fetch.py [--pages 1000] [--hosts 20] [--delay 0.05]
                                      [--derive] [--facts]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyline.fetch.client import Fetcher, FetchPolicy  # noqa: E402
from storyline.fetch.testing import LoopbackSite, Reply  # noqa: E402
from storyline.ingest import ingest, ingest_items  # noqa: E402
from storyline.store.db import Store  # noqa: E402
from storyline.watch import LIVE_CHUNK, live_items  # noqa: E402

TOPICS = [
    "ferry strike",
    "harbour dredging",
    "council budget",
    "rail reopening",
    "flood barrier",
    "school meals",
    "wind farm",
    "bridge repairs",
    "port tariffs",
    "library hours",
]
PLACES = ["Northport", "Eastvale", "Kestrel Bay", "Lowmoor", "Ashby Cross"]


def article_html(host: int, n: int, rng: random.Random) -> str:
    """A small fictional article page with the usual furniture around it."""
    topic, place = rng.choice(TOPICS), rng.choice(PLACES)
    body = "".join(
        f"<p>Officials in {place} said on Tuesday that the {topic} plan would be reviewed "
        f"again in {rng.randint(2, 11)} weeks, after {rng.randint(40, 900)} residents wrote "
        f"to the council. Paragraph {i} of story {n}.</p>"
        for i in range(rng.randint(4, 9))
    )
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{place}: {topic} update #{n}</title>"
        f"<meta property='og:type' content='article'></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/local'>Local</a></nav>"
        f"<article><h1>{place}: {topic} update</h1><p class='byline'>By Desk {host}</p>"
        f"{body}</article><aside>Related Articles</aside>"
        f"<footer>© Site {host} News</footer></body></html>"
    )


def start_sites(hosts: int, pages: int) -> tuple[list[LoopbackSite], list[str]]:
    rng = random.Random(7)
    sites, urls = [], []
    for h in range(hosts):
        site = LoopbackSite(f"127.0.0.{h + 2}").start()
        sites.append(site)
    for n in range(pages):
        site = sites[n % hosts]
        path = f"/news/{n}"
        site.routes[path] = Reply(article_html(n % hosts, n, rng))
        urls.append(site.url(path))
    return sites, urls


def run(urls: list[str], policy: FetchPolicy) -> tuple[float, int]:
    with Fetcher(policy) as fetcher:
        start = time.perf_counter()
        ok = sum(1 for result in fetcher.fetch_many(urls) if result.ok)
        elapsed = time.perf_counter() - start
    return elapsed, ok


def ingest_from_web(urls: list[str], policy: FetchPolicy, tmp: Path, **stages: bool):
    """Seconds and report of fetching + ingesting ``urls`` into a fresh store."""
    store = Store.open(tmp / "web.db")
    try:
        with Fetcher(policy) as fetcher:
            start = time.perf_counter()
            run = live_items(urls, store, fetcher)
            report = ingest_items(run.items, store, chunk_size=LIVE_CHUNK, **run.hooks, **stages)
            return time.perf_counter() - start, report
    finally:
        store.close()


def ingest_from_files(pages: dict[str, str], tmp: Path, **stages: bool):
    """Seconds and report of ingesting the same pages written to a folder."""
    folder = tmp / "pages"
    folder.mkdir()
    for n, body in enumerate(pages.values()):
        (folder / f"page-{n:05d}.html").write_text(body, encoding="utf-8")
    store = Store.open(tmp / "files.db")
    try:
        start = time.perf_counter()
        report = ingest([str(folder)], store, **stages)
        return time.perf_counter() - start, report
    finally:
        store.close()


def _serve(pages: dict[str, str], hosts: list[str], conn, stop) -> None:
    """Child process: serve ``pages`` (host → path → html) and report each host's port."""
    sites = {host: LoopbackSite(host).start() for host in hosts}
    for key, body in pages.items():
        host, path = key.split(" ", 1)
        sites[host].routes[path] = Reply(body)
    conn.send({host: site.port for host, site in sites.items()})
    stop.wait()
    for site in sites.values():
        site.stop()


def compare_ingest(
    sites: list[LoopbackSite], *, derive: bool, facts: bool, workers: int = 16
) -> None:
    """Fetch + ingest against the same pages as ingest from files. The sites run in a
    child process here: real sites do not share our interpreter (and its GIL)."""
    import multiprocessing as mp

    pages = {
        f"{site.host} {path}": str(reply.body)
        for site in sites
        for path, reply in site.routes.items()
        if isinstance(reply, Reply)
    }
    hosts = [site.host for site in sites]
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe()
    stop = ctx.Event()
    server = ctx.Process(target=_serve, args=(pages, hosts, child, stop), daemon=True)
    server.start()
    try:
        ports = parent.recv()
        urls = [f"http://{key.split(' ')[0]}:{ports[key.split(' ')[0]]}{key.split(' ', 1)[1]}"
                for key in pages]  # fmt: skip
        stages = {"derive": derive, "facts": facts}
        fast = FetchPolicy(
            allow_private=True, delay=0.0, concurrency=2, workers=workers, timeout=10, retries=1
        )
        with tempfile.TemporaryDirectory() as tmp:
            warm = Path(tmp) / "warm"  # imports, trafilatura's first calls: paid by neither
            warm.mkdir()
            ingest_from_web(urls[:20], fast, warm, **stages)
            web_s, web = ingest_from_web(urls, fast, Path(tmp), **stages)
            file_s, files = ingest_from_files(pages, Path(tmp), **stages)
    finally:
        stop.set()
        server.join(timeout=10)
    web_rate, file_rate = web.new / web_s, files.new / file_s
    what = "extraction + storage" + (" + lineage/stories" if derive else "")
    what += " + facts" if facts else ""
    print(
        f"fetch + ingest, delay 0 ({what}; {workers} fetch threads, sites in another "
        f"process): {web.new} new, "
        f"{web.failed} failed in {web_s:.2f} s = {web_rate:.0f} pages/s"
    )
    print(
        f"ingest from files ({what}): {files.new} new, {files.failed} failed "
        f"in {file_s:.2f} s = {file_rate:.0f} pages/s"
    )
    ratio = web_rate / file_rate
    verdict = "OK" if ratio >= 0.8 else "BELOW TARGET"
    print(f"fetch+ingest / file ingest: {ratio:.2f} (target ≥ 0.8): {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--delay", type=float, default=0.05)
    parser.add_argument("--derive", action="store_true", help="Include lineage and stories.")
    parser.add_argument(
        "--workers", type=int, default=16, help="Fetch threads of fetch + ingest (as the CLI)."
    )
    parser.add_argument("--facts", action="store_true", help="Include facts (spaCy).")
    args = parser.parse_args()
    sites, urls = start_sites(args.hosts, args.pages)
    try:
        fast = FetchPolicy(
            allow_private=True, delay=0.0, concurrency=2, workers=32, timeout=10, retries=1
        )
        elapsed, ok = run(urls, fast)
        print(
            f"fetch, delay 0 (concurrency 2/host, 32 workers): {ok}/{len(urls)} pages "
            f"in {elapsed:.2f} s = {ok / elapsed:.0f} pages/s"
        )

        for site in sites:
            site.log.clear()
        polite = FetchPolicy(
            allow_private=True, delay=args.delay, concurrency=1, workers=32, timeout=10, retries=1
        )
        elapsed, ok = run(urls, polite)
        print(
            f"fetch, delay {args.delay} s (concurrency 1/host): {ok}/{len(urls)} pages "
            f"in {elapsed:.2f} s = {ok / elapsed:.0f} pages/s "
            f"(ceiling {args.hosts / args.delay:.0f} pages/s)"
        )
        gaps = {site.host: site.min_gap() for site in sites}
        worst_host, worst = min(gaps.items(), key=lambda kv: kv[1] if kv[1] is not None else 1e9)
        requests = sum(len(site.log) for site in sites)
        verdict = "OK" if worst is not None and worst >= args.delay else "VIOLATED"
        print(
            f"politeness check from server logs: {requests} requests on {len(sites)} hosts, "
            f"smallest gap between two requests to one host {worst:.3f} s ({worst_host}) "
            f"≥ {args.delay} s: {verdict}"
        )
        compare_ingest(sites, derive=args.derive, facts=args.facts, workers=args.workers)
    finally:
        for site in sites:
            site.stop()


if __name__ == "__main__":
    main()
