"""The API documentation page needs nothing from the internet."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from storyline.web import create_app


def test_docs_page_and_its_assets_are_served_locally(tmp_path):
    client = TestClient(create_app(db=str(tmp_path / "none.db")))
    page = client.get("/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/") for s in sources), sources
    for source in sources:
        asset = client.get(source)
        assert asset.status_code == 200 and len(asset.content) > 100, source
    assert "cdn" not in page.headers["content-security-policy"]
    assert "<script>" not in page.text  # no inline script: the policy can forbid them
    assert client.get("/openapi.json").json()["info"]["title"] == "storyline"
    assert client.get("/redoc", follow_redirects=False).headers["location"] == "/docs"
