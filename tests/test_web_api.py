"""The JSON API and the server's protections, in-process through FastAPI's TestClient.

One store of the example corpus is built per module and only read; tests that write get a
store of their own.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from fastapi.testclient import TestClient
from pg import BACKENDS, new_store

from storyline.fetch import guard
from storyline.fetch.testing import LoopbackSite, Reply
from storyline.ingest import ingest
from storyline.store.db import Store
from storyline.web import create_app
from storyline.web.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "storyline/schema/export-1.json").read_text())
TOKEN = "s3cret-token"
XSS_HTML = """<!doctype html><html><head>
<title>Flood &lt;script&gt;alert(1)&lt;/script&gt; report</title>
<meta property="og:site_name" content="Evil &lt;img src=x onerror=alert(2)&gt; Times">
</head><body><article><h1>Flood <script>alert(1)</script> report</h1>
<p>The river rose in the night and <b onmouseover="alert(3)">residents</b> fled to the hills,
officials said on Tuesday. <a href="javascript:alert(4)">Read more</a> about the flood.</p>
<p>&lt;svg onload=alert(5)&gt; Water reached the town hall before dawn, and the mayor said
the council would meet to discuss the damage. &lt;script&gt;alert(6)&lt;/script&gt;</p>
<p>Rescue teams worked through the day to reach the villages cut off by the water, and the
army sent boats to the lower valley where dozens of families were waiting on their roofs.</p>
</article></body></html>"""


class _Markup(HTMLParser):
    """Collects what in a page could run code: scripts, event handlers, script URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "xlink:href", "formaction") and value:
                if value.strip().lower().startswith(("javascript:", "data:text", "vbscript:")):
                    self.found.append(f"<{tag} {name}={value}>")
        if tag == "script" and dict(attrs).get("src") != "/static/app.js":
            self.found.append("<script>")
        if tag in ("iframe", "object", "embed", "base"):
            self.found.append(f"<{tag}>")


def active_content(html: str) -> list[str]:
    parser = _Markup()
    parser.feed(html)
    return parser.found


def _schema_of(name: str) -> dict:
    return {"$defs": SCHEMA["$defs"], **SCHEMA["$defs"][name]}


@pytest.fixture(scope="module", params=BACKENDS)
def example_db(request, tmp_path_factory) -> str:
    """The example corpus in a store, on SQLite and on PostgreSQL (every read test runs on
    both)."""
    path = new_store(request, tmp_path_factory.mktemp("web"))
    store = Store.open(path)
    ingest([str(ROOT / "examples")], store)
    store.close()
    return path


@pytest.fixture(scope="module")
def client(example_db: str) -> TestClient:
    return TestClient(create_app(db=example_db))


@pytest.fixture
def writer(tmp_path: Path) -> TestClient:
    return TestClient(create_app(db=str(tmp_path / "w.db"), token=TOKEN))


def _auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _main_story(client: TestClient) -> dict:
    stories = client.get("/stories.json", params={"limit": 200}).json()["stories"]
    return max(stories, key=lambda s: (s["size"], -s["id"]))


# -- read endpoints --------------------------------------------------------------------------
def test_story_list_json(client: TestClient) -> None:
    r = client.get("/stories.json")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["total"] == len(body["stories"]) > 0
    assert {"self", "next", "prev"} <= set(body["links"])
    updated = [s["updated_at"] for s in body["stories"]]
    assert updated == sorted(updated, reverse=True)
    for story in body["stories"]:
        assert {"id", "title", "size", "outlets", "first_seen", "last_seen", "origins"} <= set(
            story
        )


def test_story_and_article_json_follow_the_export_schema(client: TestClient) -> None:
    main = _main_story(client)
    story = client.get(f"/stories/{main['id']}.json").json()
    jsonschema.validate(story, _schema_of("story"))
    assert "Continental Press Agency" in {g["outlet"] for g in story["lineage"] if g["copies"]}
    for key in ("summary", "timeline", "quotes", "figures", "coverage", "lineage"):
        assert key in story
    article = client.get(f"/articles/{story['articles'][0]}.json").json()
    jsonschema.validate(article, _schema_of("article"))
    assert {"removed", "lineage", "facts"} <= set(article)


def test_search_json_groups_hits_by_story(client: TestClient) -> None:
    body = client.get("/search.json", params={"q": "Korvel dam"}).json()
    assert body["count"] > 0 and body["groups"]
    hits = [h for g in body["groups"] for h in g["hits"]]
    assert all("\x02" not in h["snippet"] for h in hits)
    assert any(part["match"] for h in hits for part in h["highlights"])
    assert client.get("/search.json", params={"q": ""}).json()["count"] == 0
    assert client.get("/search.json", params={"q": '"((( OR'}).status_code == 200


def test_outlet_json(client: TestClient) -> None:
    body = client.get("/outlets/Northern Ledger.json").json()
    assert body["outlet"] == "Northern Ledger" and body["total"] == 2
    assert body["republishes"] >= 1  # it copies the CPA wire story
    cpa = client.get("/outlets/Continental Press Agency.json").json()
    assert cpa["originates"] >= 1 and cpa["republishes"] == 0
    assert client.get("/outlets/Nobody.json").status_code == 404


def test_pagination_links_walk_the_whole_list(client: TestClient) -> None:
    total = client.get("/stories.json").json()["total"]
    seen, url = [], "/stories.json?limit=2"
    for _ in range(total):
        r = client.get(url)
        body = r.json()
        seen += [s["id"] for s in body["stories"]]
        if not body["links"]["next"]:
            break
        assert 'rel="next"' in r.headers["link"]
        url = body["links"]["next"]
    assert len(seen) == len(set(seen)) == total
    assert client.get("/stories.json?offset=1000").json()["stories"] == []
    assert client.get("/stories.json?limit=0").status_code == 422


def test_filters(client: TestClient) -> None:
    only = client.get("/stories.json", params={"outlet": "NewsPulse"}).json()
    assert only["total"] >= 1 and all("NewsPulse" in s["outlets"] for s in only["stories"])
    late = client.get("/stories.json", params={"since": "2026-03-14"}).json()["stories"]
    assert late and all(s["last_seen"] >= "2026-03-14" for s in late)
    early = client.get("/stories.json", params={"until": "2026-03-10"}).json()["stories"]
    assert early and all(s["first_seen"] <= "2026-03-10" for s in early)
    assert client.get("/stories.json", params={"since": ""}).status_code == 200
    assert client.get("/stories.json", params={"since": "yesterday"}).status_code == 422


def test_missing_items_are_404(client: TestClient) -> None:
    for url in ("/stories/99999.json", "/articles/99999.json", "/stories/99999",
                "/articles/99999", "/outlets/Nobody"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert client.get("/stories/abc.json").status_code == 422
    assert client.get("/stories/99999999999999999999999.json").status_code == 422


def test_etag_and_304(client: TestClient) -> None:
    for url in ("/stories.json", "/stories/1.json", "/articles/1.json", "/search.json?q=dam", "/"):
        r = client.get(url)
        assert r.status_code == 200 and r.headers["cache-control"]
        etag = r.headers["etag"]
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_security_headers_on_every_response(client: TestClient) -> None:
    for url in ("/", "/stories.json", "/stories/1", "/static/style.css", "/nope", "/docs"):
        r = client.get(url)
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        if url != "/docs":
            assert "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["server-timing"].startswith("app;dur=")


def test_pages_render(client: TestClient) -> None:
    main = _main_story(client)
    for url in ("/", f"/stories/{main['id']}", "/articles/1", "/search?q=Korvel",
                "/outlets/Harbor%20Times", "/?outlet=NewsPulse&since=2026-03-01"):  # fmt: skip
        r = client.get(url)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), url
    page = client.get(f"/stories/{main['id']}").text
    assert "<svg" in page and "Continental Press Agency" in page
    assert client.get("/openapi.json").json()["paths"]["/api/ingest"]["post"]


# -- writes: auth ---------------------------------------------------------------------------
def test_read_only_without_a_token(client: TestClient) -> None:
    r = client.post("/api/ingest", content=XSS_HTML, headers={"Content-Type": "text/html"})
    assert r.status_code == 403 and "read-only" in r.json()["detail"]
    r = client.post("/api/ingest", content="x", headers={**_auth(), "Content-Type": "text/html"})
    assert r.status_code == 403


def test_wrong_or_missing_token_is_401(writer: TestClient) -> None:
    for headers in ({}, _auth("wrong"), {"Authorization": TOKEN}, {"Authorization": "Basic x"}):
        r = writer.post("/api/ingest", content="<p>x</p>",
                        headers={**headers, "Content-Type": "text/html"})  # fmt: skip
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"


def test_ingest_with_the_right_token(writer: TestClient) -> None:
    r = writer.post("/api/ingest", content=XSS_HTML,
                    headers={**_auth(), "Content-Type": "text/html"})  # fmt: skip
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["new"] == 1 and body["failed"] == 0 and len(body["articles"]) == 1
    again = writer.post("/api/ingest", content=XSS_HTML,
                        headers={**_auth(), "Content-Type": "text/html"}).json()  # fmt: skip
    assert again["new"] == 0 and again["known"] == 1
    article_id = body["articles"][0]
    assert writer.get(f"/articles/{article_id}.json").json()["id"] == article_id
    # every piece of the hostile page is escaped, and no javascript: link is written
    story = body["stories"][0]
    for url in (
        f"/articles/{article_id}",
        "/",
        "/search?q=flood",
        f"/stories/{story}",
        "/outlets/" + writer.get(f"/articles/{article_id}.json").json()["outlet"],
    ):
        page = writer.get(url)
        assert page.status_code == 200, url
        assert active_content(page.text) == [], url


def test_uploads_manifests_and_refused_paths(writer: TestClient, tmp_path: Path) -> None:
    secret = tmp_path / "secret.html"
    secret.write_text("<html><body><p>" + "server secret text. " * 30 + "</p></body></html>")
    manifest = "\n".join([
        json.dumps({"path": str(secret)}),
        json.dumps({"path": "../secret.html"}),
        json.dumps({"\u0070ath": "secret.html"}),
        json.dumps({"body": "A clean body about the harbour strike. " * 10, "title": "Strike",
                    "outlet": "Port News", "published": "2026-03-02"}),
    ])  # fmt: skip
    files = [
        ("files", ("page.html", XSS_HTML.encode(), "text/html")),
        ("files", ("dump.txt", ("Ferry service resumes. " * 20).encode(), "text/plain")),
        ("files", ("list.jsonl", manifest.encode(), "application/x-ndjson")),
        ("files", ("image.png", b"\x89PNG", "image/png")),
    ]  # fmt: skip
    r = writer.post("/api/ingest", files=files, headers=_auth())
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["new"] == 3
    errors = [f["error"] for f in body["failures"]]
    assert sum("'path' entries are not accepted" in e for e in errors) == 3
    assert any("unsupported file type" in e for e in errors)
    texts = [writer.get(f"/articles/{i}.json").json()["text"] for i in body["articles"]]
    assert not any("server secret" in text for text in texts)
    ndjson = {**_auth(), "Content-Type": "application/x-ndjson"}
    jsonl = writer.post("/api/ingest", content=manifest, headers=ndjson).json()
    assert jsonl["known"] == 1 and jsonl["failed"] == 3


def test_bad_write_requests(writer: TestClient) -> None:
    post = lambda body, ctype: writer.post(  # noqa: E731
        "/api/ingest", content=body, headers={**_auth(), "Content-Type": ctype}
    )
    assert post(b"{}", "application/json").status_code == 400
    assert post(b"not json", "application/json").status_code == 400
    assert post(json.dumps({"urls": ["x"] * 500}), "application/json").status_code == 400
    assert post(b"x", "image/png").status_code == 415


# -- SSRF -----------------------------------------------------------------------------------
PRIVATE = ["http://127.0.0.1/", "http://[::1]/", "http://169.254.169.254/latest/meta-data/",
           "http://10.0.0.1/", "http://localhost:8000/", "http://2130706433/"]  # fmt: skip


def test_url_ingest_refuses_private_addresses(writer: TestClient) -> None:
    r = writer.post("/api/ingest", json={"urls": PRIVATE}, headers=_auth())
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["new"] == 0 and body["failed"] == len(PRIVATE)
    for failure in body["failures"]:
        assert "refusing to fetch" in failure["error"], failure


def test_url_ingest_refuses_a_redirect_to_a_private_host(tmp_path: Path, monkeypatch) -> None:
    """127.0.0.2 plays a public news site (the guard is told so), 127.0.0.3 an internal one."""
    real = guard.forbidden_reason
    monkeypatch.setattr(guard, "forbidden_reason",
                        lambda a: None if str(a) == "127.0.0.2" else real(a))  # fmt: skip
    secret = Reply("<html><body><p>" + "internal secret. " * 40 + "</p></body></html>")
    article = Reply("<html><head><title>River news</title></head><body><article><p>"
                    + "The river rose again overnight in the lower valley. " * 12
                    + "</p></article></body></html>")  # fmt: skip
    with LoopbackSite("127.0.0.3", {"/secret": secret}) as internal, LoopbackSite(
        "127.0.0.2", {"/story": Reply(status=302, headers={"Location": internal.url("/secret")}),
                      "/ok": article}
    ) as public:  # fmt: skip
        client = TestClient(create_app(db=str(tmp_path / "s.db"), token=TOKEN))
        r = client.post("/api/ingest", json={"urls": [public.url("/story"), public.url("/ok")]},
                        headers=_auth())  # fmt: skip
        assert internal.requests() == []
    body = r.json()
    assert body["new"] == 1, body
    (failure,) = body["failures"]
    assert "redirected to" in failure["error"] and "loopback" in failure["error"]


def test_allow_private_lets_loopback_through(tmp_path: Path) -> None:
    page = Reply("<html><head><title>Intranet</title></head><body><article><p>"
                 + "The newsroom intranet carries the internal memo about the flood. " * 10
                 + "</p></article></body></html>")  # fmt: skip
    with LoopbackSite("127.0.0.1", {"/memo": page}) as site:
        app = create_app(db=str(tmp_path / "p.db"), token=TOKEN, allow_private=True)
        r = TestClient(app).post("/api/ingest", json={"urls": [site.url("/memo")]},
                                 headers=_auth())  # fmt: skip
    assert r.json()["new"] == 1, r.json()


# -- size limit -----------------------------------------------------------------------------
def test_bodies_over_the_limit_are_413(tmp_path: Path) -> None:
    settings = Settings(db=str(tmp_path / "l.db"), token=TOKEN, max_body=1000)
    client = TestClient(create_app(settings=settings))
    big = b"<p>" + b"x" * 2000 + b"</p>"
    r = client.post("/api/ingest", content=big, headers={**_auth(), "Content-Type": "text/html"})
    assert r.status_code == 413
    chunked = client.post("/api/ingest", content=iter([big[:600], big[600:]]),
                          headers={**_auth(), "Content-Type": "text/html"})  # fmt: skip
    assert chunked.status_code == 413
    files = {"files": ("a.html", big, "text/html")}
    assert client.post("/api/ingest", files=files, headers=_auth()).status_code == 413
    # without a token the size check still comes first: nobody can make us buffer a body
    ro = TestClient(create_app(settings=Settings(db=str(tmp_path / "l.db"), max_body=1000)))
    assert ro.post("/api/ingest", content=big).status_code == 413


# -- entry points ---------------------------------------------------------------------------
def test_asgi_app_reads_the_environment(example_db: str, monkeypatch) -> None:
    import storyline.web as web

    monkeypatch.setenv("STORYLINE_DB", example_db)
    monkeypatch.delenv("STORYLINE_TOKEN", raising=False)
    monkeypatch.delitem(web.__dict__, "app", raising=False)
    try:
        client = TestClient(web.app)
        assert client.get("/stories.json").json()["total"] > 0
        assert client.post("/api/ingest", content=b"x").status_code == 403
    finally:
        web.__dict__.pop("app", None)


def test_serve_command_runs_uvicorn(cli, monkeypatch, example_db: str) -> None:
    import uvicorn

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    result = cli("serve", "--db", example_db, "--port", "8123", "--token", "t", "--allow-private")
    assert result.exit_code == 0, result.output
    assert seen["port"] == 8123 and seen["host"] == "127.0.0.1"
    settings = seen["app"].state.settings
    assert settings.token == "t" and settings.allow_private and settings.db == example_db


def test_disagreements_are_highlighted(client: TestClient, monkeypatch) -> None:
    """A figure disagreement (the corpus's 14 vs 17 death toll) is shown in the warning box
    and both figures are flagged in the table, whatever the clustering put together."""
    from storyline.web import pages

    view = client.get(f"/stories/{_main_story(client)['id']}.json").json()
    first = view["articles"][0]
    fourteen = {"text": "At least 14 people", "sources": [first], "value": 14.0}
    seventeen = {"text": "Seventeen people", "sources": [999], "value": 17.0}
    view["disagreements"] = [
        {"kind": "figure", "about": "person died", "items": [fourteen, seventeen]}
    ]
    view["figures"] = [
        {"value": 14.0, "unit": "person", "text": "At least 14 people", "sources": [first],
         "about": "person died", "date": "2026-03-12", "origins": 1},
        {"value": 17.0, "unit": "person", "text": "Seventeen people", "sources": [999],
         "about": "person died", "date": "2026-03-12", "origins": 1},
    ]  # fmt: skip
    monkeypatch.setattr(pages, "story_view", lambda store, story_id: view)
    html = client.get(f"/stories/{view['id']}").text
    box = html[html.index('id="disagreements"') : html.index('id="timeline"')]
    assert "At least 14 people" in box and "Seventeen people" in box
    assert html.count('<tr class="disputed">') == 2
