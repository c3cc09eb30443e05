"""Fetch throughput, and politeness as the servers see it, on loopback.

Serves fictional article pages from 20 hosts (127.0.0.2 … 127.0.0.21, each its own HTTP
server in a thread of this process) and prints:
- fetch rate with politeness delay 0 (pages/s), through Fetcher.fetch_many;
- fetch rate with politeness on (delay 0.05 s, concurrency 1), and the check, from each
  server's request log, that no host saw two requests closer than the delay;
- fetch + ingest rate (``storyline ingest URL…``'s path: crawl, extraction, storage, delay 0;
  the fetching in its `FetchWorker` process, whose start and stop are timed too) against
  the same pages served from a child process (as real sites are not in ours), next to the
  rate of ingesting them from files in a temporary folder, and their ratio (target ≥ 0.8:
  fetching should cost little beside extraction). Both ingest without lineage, stories and
  facts (``--derive``/``--facts`` to include them), so the ratio measures what fetching adds
  to the same work. The in-process sites are stopped before this comparison. The two run in
  turn ``--rounds`` times (others' work on the machine comes and goes); each round is
  printed, with the CPU each process used, and the verdict is on the median round.

In the first two, servers and fetcher share this process (and its GIL), so the rate is a
lower bound of what the fetcher does against real sites, where the time goes into the
network instead.

Usage: .venv/bin/python bench/fetch.py [--pages 1000] [--hosts 20] [--delay 0.05]
                                      [--derive] [--facts] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyline.fetch.client import Fetcher, FetchPolicy  # noqa: E402
from storyline.fetch.testing import LoopbackSite, Reply  # noqa: E402
from storyline.fetch.worker import FetchWorker  # noqa: E402
from storyline.ingest import IngestReport, ingest, ingest_items  # noqa: E402
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


@dataclass(frozen=True)
class Timed:
    """Wall seconds, and CPU seconds in this process and in its children reaped meanwhile
    (the fetch worker is reaped when it closes; the sites' process only at the end)."""

    seconds: float
    cpu: float
    child_cpu: float


@contextmanager
def timed(into: list[Timed]) -> Iterator[None]:
    def children() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    start, cpu, child = time.perf_counter(), time.process_time(), children()
    yield
    into.append(Timed(time.perf_counter() - start, time.process_time() - cpu, children() - child))


def ingest_from_web(urls: list[str], policy: FetchPolicy, tmp: Path, **stages: bool):
    """Time and report of fetching + ingesting ``urls`` into a fresh store."""
    store = Store.open(tmp / "web.db")
    took: list[Timed] = []
    try:
        with timed(took), FetchWorker(policy) as fetcher:  # its start and stop count too
            run = live_items(urls, store, fetcher)
            report = ingest_items(run.items, store, chunk_size=LIVE_CHUNK, **run.hooks, **stages)
        return took[0], report
    finally:
        store.close()


def ingest_from_files(pages: dict[str, str], tmp: Path, **stages: bool):
    """Time and report of ingesting the same pages written to a folder."""
    folder = tmp / "pages"
    folder.mkdir()
    for n, body in enumerate(pages.values()):
        (folder / f"page-{n:05d}.html").write_text(body, encoding="utf-8")
    store = Store.open(tmp / "files.db")
    took: list[Timed] = []
    try:
        with timed(took):
            report = ingest([str(folder)], store, **stages)
        return took[0], report
    finally:
        store.close()


def cpu_seconds(pid: int | None) -> float:
    """CPU seconds process ``pid`` has used so far (Linux /proc; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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


def served_pages(sites: list[LoopbackSite]) -> dict[str, str]:
    """``"host path"`` → HTML of every page the sites serve."""
    return {
        f"{site.host} {path}": str(reply.body)
        for site in sites
        for path, reply in site.routes.items()
        if isinstance(reply, Reply)
    }


@dataclass(frozen=True)
class Round:
    """One fetch + ingest run and the file ingest right after it."""

    web: Timed
    web_report: IngestReport
    sites_cpu: float
    files: Timed
    files_report: IngestReport

    @property
    def web_rate(self) -> float:
        return self.web_report.new / self.web.seconds

    @property
    def file_rate(self) -> float:
        return self.files_report.new / self.files.seconds

    @property
    def ratio(self) -> float:
        return self.web_rate / self.file_rate


def one_round(
    urls: list[str], pages: dict[str, str], policy: FetchPolicy, tmp: Path, sites_pid: int,
    **stages: bool,
) -> Round:  # fmt: skip
    tmp.mkdir()
    sites_cpu = cpu_seconds(sites_pid)
    web_t, web = ingest_from_web(urls, policy, tmp, **stages)
    sites_cpu = cpu_seconds(sites_pid) - sites_cpu
    file_t, files = ingest_from_files(pages, tmp, **stages)
    return Round(web_t, web, sites_cpu, file_t, files)


def compare_ingest(
    pages: dict[str, str],
    hosts: list[str],
    *,
    derive: bool,
    facts: bool,
    workers: int = 16,
    rounds: int = 3,
) -> None:
    """Fetch + ingest against the same pages as ingest from files, ``rounds`` times in turn
    (other work on the machine comes and goes: each round's two runs are close in time, and
    the verdict is on the median round). The sites run in a child process here: real sites
    do not share our interpreter (and its GIL), and the fetch threads have run in a process
    of their own since `FetchWorker` (see `storyline.fetch.worker`)."""
    import multiprocessing as mp

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
            done = [
                one_round(urls, pages, fast, Path(tmp) / f"round-{n}", server.pid, **stages)
                for n in range(max(1, rounds))
            ]
    finally:
        stop.set()
        server.join(timeout=10)
    what = "extraction + storage" + (" + lineage/stories" if derive else "")
    what += " + facts" if facts else ""
    for n, result in enumerate(done, 1):
        print_round(f"round {n}/{len(done)}: " if len(done) > 1 else "", result, what, workers)
    median = sorted(done, key=lambda r: r.ratio)[len(done) // 2]
    verdict = "OK" if median.ratio >= 0.8 else "BELOW TARGET"
    which = f"median of {len(done)} rounds" if len(done) > 1 else "one round"
    print(
        f"fetch+ingest / file ingest: {median.ratio:.2f} ({which}: "
        f"{median.web_rate:.0f} / {median.file_rate:.0f} pages/s; target ≥ 0.8): {verdict}"
    )


def print_round(prefix: str, result: Round, what: str, workers: int) -> None:
    web, files = result.web_report, result.files_report
    print(
        f"{prefix}fetch + ingest, delay 0 ({what}; {workers} fetch threads in a worker "
        f"process, sites in another process): {web.new} new, {web.failed} failed "
        f"in {result.web.seconds:.2f} s = {result.web_rate:.0f} pages/s "
        f"(CPU {result.web.cpu:.2f} s here + {result.web.child_cpu:.2f} s in the fetch worker; "
        f"the sites took {result.sites_cpu:.2f} s of the same cores)"
    )
    print(
        f"{prefix}ingest from files ({what}): {files.new} new, {files.failed} failed "
        f"in {result.files.seconds:.2f} s = {result.file_rate:.0f} pages/s "
        f"(CPU {result.files.cpu:.2f} s); ratio {result.ratio:.2f}"
    )


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
    parser.add_argument(
        "--rounds", type=int, default=3, help="Fetch + ingest and file ingest runs, in turn."
    )
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
        pages = served_pages(sites)
    finally:
        for site in sites:  # before the comparison: their threads would share its GIL
            site.stop()
    hosts = [site.host for site in sites]
    compare_ingest(
        pages, hosts, derive=args.derive, facts=args.facts, workers=args.workers,
        rounds=args.rounds,
    )  # fmt: skip


if __name__ == "__main__":
    main()
