"""Web app latency and load, over a synthetic store of 10,000 articles in 1,000 stories.

Builds the store quickly: the example corpus is ingested for real (so its stories have real
briefs), then synthetic articles (perturbed example paragraphs) are written through
`Store.writer()` without deriving anything, grouped into story rows, and each synthetic
story gets a cached brief copied from a real one with its ids remapped, so that story pages
render views of realistic size. The app is served by uvicorn in a child process on
127.0.0.1, and latency is read from the app's ``Server-Timing`` header (time spent in the
app, as the server sees it) as well as on the client.

Targets (p95, server side): story page and story JSON ≤ 50 ms, story list ≤ 30 ms,
search ≤ 100 ms; then 50 concurrent clients for 30 s with no errors.

Usage: .venv/bin/python bench/web.py [--articles 10000] [--stories 1000] [--requests 300]
       [--clients 50] [--duration 30] [--db PATH|postgresql://…] [--workers N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = ("flood dam river valley rescue minister parliament harbour strike ferry storm budget "
         "election court council school hospital bridge power grid port rail airport market "
         "wildfire drought vaccine inquiry protest treaty summit").split()  # fmt: skip
OUTLETS = [f"Outlet {i:02d}" for i in range(60)]


# -- building the store ---------------------------------------------------------------------
def build(db: str, n_articles: int, n_stories: int, seed: int = 7) -> None:
    from sqlalchemy import insert, select, update

    from storyline.ingest import ingest
    from storyline.records import Article, GivenMeta, Page
    from storyline.store import schema as t
    from storyline.store.db import Store
    from storyline.views import BRIEF_VERSION, story_view

    rng = random.Random(seed)
    store = Store.open(db)
    ingest([str(ROOT / "examples")], store)
    with store.engine.connect() as conn:
        real_ids = list(conn.execute(select(t.stories.c.id)).scalars())
    templates = [v for v in (story_view(store, i) for i in real_ids) if v]
    templates.sort(key=lambda v: -len(v["articles"]))
    paragraphs = [
        p
        for a in store.iter_articles(with_parts=False)
        for p in a.article.paragraphs
        if len(p) > 80
    ]
    per_story = max(1, n_articles // n_stories)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    t0 = time.perf_counter()
    story_members: list[list[int]] = []
    with store.writer(commit_every=500, commit_seconds=5) as writer:
        for s in range(n_stories):
            topic = rng.sample(WORDS, 3)
            day = start + timedelta(hours=s * 7)
            members = []
            for k in range(per_story):
                paras = rng.sample(paragraphs, 6)
                paras[0] = f"{' '.join(topic).capitalize()} report {s}-{k}: " + paras[0]
                paras = [p.replace("Korvel", topic[0].capitalize()) for p in paras]
                outlet = rng.choice(OUTLETS)
                published = (day + timedelta(minutes=37 * k)).isoformat()
                ref = f"synthetic-{s}-{k}"
                title = f"{topic[0].capitalize()} {topic[1]} {topic[2]}: update {k} on story {s}"
                page = Page(ref=ref, origin=ref, kind="body", content="\n\n".join(paras),
                            given=GivenMeta(outlet=outlet, title=title, published=published),
                            group="bench")  # fmt: skip
                article = Article(ref=ref, origin=ref, kind="body", paragraphs=tuple(paras),
                                  outlet=outlet, title=title, published=published,
                                  language="en", url=f"https://{outlet.replace(' ', '').lower()}"
                                  f".example/{s}/{k}")  # fmt: skip
                members.append(writer.add_article(page, article).article_id)
            story_members.append(members)
    built = time.perf_counter() - t0
    now = datetime.now(UTC)
    with store.engine.begin() as conn:
        for s, members in enumerate(story_members):
            sid = members[0]
            rows = conn.execute(
                select(t.articles.c.id, t.articles.c.outlet, t.articles.c.title,
                       t.articles.c.published, t.articles.c.url, t.articles.c.word_count)
                .where(t.articles.c.id.in_(members)).order_by(t.articles.c.id)
            ).all()  # fmt: skip
            outlets = list(dict.fromkeys(r.outlet for r in rows))
            conn.execute(
                insert(t.stories).values(
                    id=sid, seq=s + 1000, title=rows[0].title, size=len(rows),
                    first_seen=rows[0].published[:10], last_seen=rows[-1].published[:10],
                    updated_at=now - timedelta(seconds=n_stories - s), outlets=json.dumps(outlets),
                    related=json.dumps([story_members[(s + 1) % n_stories][0]]), state="{}",
                )
            )  # fmt: skip
            conn.execute(
                update(t.articles).where(t.articles.c.id.in_(members)).values(story_id=sid)
            )
            view = _perturbed(templates[s % len(templates)], sid, rows, outlets)
            conn.execute(insert(t.story_briefs).values(
                story_id=sid, version=BRIEF_VERSION, brief=json.dumps(view, ensure_ascii=False),
                updated_at=now))  # fmt: skip
    store.close()
    print(f"built {n_articles} synthetic articles in {n_stories} stories "
          f"({built:.1f} s writing articles)")  # fmt: skip


def _perturbed(template: dict, sid: int, rows, outlets: list[str]) -> dict:
    """A real story view with its article ids and labels replaced by the synthetic story's."""
    old = list(template["articles"])
    new = [r.id for r in rows]
    remap = {o: new[i % len(new)] for i, o in enumerate(old)}

    def walk(value, key=None):
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, key) for v in value]
        if key in ("sources", "article", "first", "articles", "origin", "from") and isinstance(
            value, int
        ):
            return remap.get(value, value)
        return value

    view = walk(template)
    view.update(
        id=sid, title=rows[0].title, size=len(rows), outlets=outlets, articles=new,
        first_seen=rows[0].published[:10], last_seen=rows[-1].published[:10],
        article_list=[{"id": r.id, "title": r.title, "outlet": r.outlet,
                       "published": r.published, "url": r.url, "words": r.word_count}
                      for r in rows],
    )  # fmt: skip
    return view


# -- measuring ------------------------------------------------------------------------------
def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def server_ms(response: httpx.Response) -> float:
    timing = response.headers.get("server-timing", "app;dur=nan")
    return float(timing.split("dur=", 1)[1].split(",")[0])


def report(name: str, server: list[float], client: list[float], target: float | None) -> None:
    verdict = ""
    if target is not None:
        verdict = "  OK" if pct(server, 95) <= target else f"  MISSED (target {target:g} ms)"
    print(f"{name:<14} server p50 {pct(server, 50):6.1f}  p95 {pct(server, 95):6.1f}  "
          f"p99 {pct(server, 99):6.1f} ms | client p50 {pct(client, 50):6.1f}  "
          f"p95 {pct(client, 95):6.1f}  p99 {pct(client, 99):6.1f} ms{verdict}")  # fmt: skip


def latency(base: str, story_ids: list[int], n: int, rng: random.Random) -> None:
    kinds = {
        "story page": (lambda: f"/stories/{rng.choice(story_ids)}", 50),
        "story JSON": (lambda: f"/stories/{rng.choice(story_ids)}.json", 50),
        "story list": (lambda: f"/?offset={rng.randrange(0, 30) * 30}", 30),
        "list JSON": (lambda: f"/stories.json?offset={rng.randrange(0, 20) * 50}", 30),
        "search": (lambda: "/search?q=" + "+".join(rng.sample(WORDS, rng.choice((1, 2)))), 100),
        "search JSON": (lambda: "/search.json?q=" + rng.choice(WORDS), 100),
    }
    with httpx.Client(base_url=base, timeout=30) as client:
        for path_of, _ in kinds.values():  # warm-up: templates compiled, caches filled
            for _ in range(10):
                client.get(path_of())
        for name, (path_of, target) in kinds.items():
            server, wall = [], []
            for _ in range(n):
                t = time.perf_counter()
                r = client.get(path_of())
                wall.append((time.perf_counter() - t) * 1000)
                if r.status_code != 200:
                    raise SystemExit(f"{name}: HTTP {r.status_code} for {r.request.url}")
                server.append(server_ms(r))
            report(name, server, wall, target)


async def load(
    base: str, story_ids: list[int], clients: int, duration: float, server_pid: int | None = None
) -> None:
    rng = random.Random(11)
    paths = [
        ("story page", lambda: f"/stories/{rng.choice(story_ids)}"),
        ("story JSON", lambda: f"/stories/{rng.choice(story_ids)}.json"),
        ("story list", lambda: f"/?offset={rng.randrange(0, 30) * 30}"),
        ("search JSON", lambda: "/search.json?q=" + rng.choice(WORDS)),
    ]
    deadline = time.perf_counter() + duration
    server, wall, errors, count = [], [], [], 0
    by_kind: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name, _ in paths}

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal count
        while time.perf_counter() < deadline:
            kind, path_of = rng.choice(paths)
            path = path_of()
            t = time.perf_counter()
            try:
                r = await client.get(path)
            except httpx.HTTPError as exc:
                errors.append(f"{path}: {type(exc).__name__}")
                continue
            wall.append((time.perf_counter() - t) * 1000)
            count += 1
            if r.status_code != 200:
                errors.append(f"{path}: HTTP {r.status_code}")
            else:
                server.append(server_ms(r))
                by_kind[kind][0].append(server[-1])
                by_kind[kind][1].append(wall[-1])

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        cpu_before = tree_cpu(server_pid) if server_pid else None
        started = time.perf_counter()
        await asyncio.gather(*(client_loop(client) for _ in range(clients)))
        elapsed = time.perf_counter() - started
        cpu_after = tree_cpu(server_pid) if server_pid else None
    print(f"load: {clients} clients for {elapsed:.0f} s: {count} requests "
          f"({count / elapsed:.0f}/s), {len(errors)} errors")  # fmt: skip
    if cpu_before is not None and cpu_after is not None and count:
        used = cpu_after - cpu_before
        print(f"server CPU: {used:.1f} s, {used / count * 1000:.1f} ms per request "
              f"(load average now {os.getloadavg()[0]:.1f})")  # fmt: skip
    report("under load", server, wall, None)
    for kind, (kind_server, kind_wall) in by_kind.items():
        report(f"  {kind}", kind_server, kind_wall, 100 if kind == "story page" else None)
    for e in errors[:5]:
        print("  error:", e)


def tree_cpu(pid: int) -> float | None:
    """CPU seconds used so far by process ``pid`` and its descendants (Linux ``/proc``), or
    None elsewhere: the server's own cost, which other load on the machine does not inflate."""
    stats: dict[int, tuple[int, float]] = {}
    try:
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                ticks = int(fields[11]) + int(fields[12])
                stats[int(entry)] = (int(fields[1]), ticks / os.sysconf("SC_CLK_TCK"))
    except OSError:
        return None
    wanted, total, grew = {pid}, 0.0, True
    while grew:
        grew = False
        for child, (parent, _) in stats.items():
            if parent in wanted and child not in wanted:
                wanted.add(child)
                grew = True
    for member in wanted:
        total += stats.get(member, (0, 0.0))[1]
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _has_articles(db: str) -> bool:
    if "://" not in db:
        return Path(db).exists()
    from storyline.store.db import Store

    store = Store.open(db)
    try:
        return store.count_articles() > 0
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--stories", type=int, default=1_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--db", help="reuse (or keep) the store here instead of a temp file: "
                        "a SQLite path or a postgresql:// URL (built when it has no articles)")
    parser.add_argument("--workers", type=int, default=1,
                        help="server processes (storyline serve --workers N)")
    args = parser.parse_args()

    folder = tempfile.TemporaryDirectory(prefix="storyline-bench-web-")
    db = args.db or str(Path(folder.name) / "bench.db")
    if not _has_articles(db):  # a SQLite path or a postgresql:// URL (an empty database)
        build(db, args.articles, args.stories)
    from sqlalchemy import select

    from storyline.store import schema as t
    from storyline.store.db import Store

    store = Store.open(db)
    with store.engine.connect() as conn:
        story_ids = list(conn.execute(select(t.stories.c.id)).scalars())
    articles = store.count_articles()
    store.close()
    print(f"store: {articles} articles, {len(story_ids)} stories ({db}); "
          f"{args.workers} server worker(s)")  # fmt: skip

    port = free_port()
    env = {**os.environ, "STORYLINE_DB": db}
    env.pop("STORYLINE_TOKEN", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "storyline.web:app_from_env", "--factory",
         "--workers", str(args.workers), "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log",
         "--timeout-keep-alive", "30"],
        env=env, cwd=str(ROOT),
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(base + "/stories.json?limit=1", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise SystemExit("server did not start")
        latency(base, story_ids, args.requests, random.Random(3))
        asyncio.run(load(base, story_ids, args.clients, args.duration, server.pid))
    finally:
        server.terminate()
        server.wait(timeout=10)
        folder.cleanup()


if __name__ == "__main__":
    main()
