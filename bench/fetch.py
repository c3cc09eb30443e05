"""Fetch throughput, and politeness as the servers see it, on loopback.

Serves fictional article pages from 20 hosts (127.0.0.2 … 127.0.0.21, each its own HTTP
server in a thread of this process) and prints:
- fetch rate with politeness delay 0 (pages/s), through Fetcher.fetch_many;
- fetch rate with politeness on (delay 0.05 s, concurrency 1), and the check, from each
  server's request log, that no host saw two requests closer than the delay.

Both servers and fetcher share this process (and its GIL), so the rate is a lower bound of
what the fetcher does against real sites, where the time goes into the network instead.

Usage: .venv/bin/python bench/fetch.py [--pages 1000] [--hosts 20] [--delay 0.05]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyline.fetch.client import Fetcher, FetchPolicy  # noqa: E402
from storyline.fetch.testing import LoopbackSite, Reply  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--delay", type=float, default=0.05)
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
    finally:
        for site in sites:
            site.stop()


if __name__ == "__main__":
    main()
