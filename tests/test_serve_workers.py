"""`storyline serve --workers N`: several server processes answer from one store."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time

import httpx
from conftest import EXAMPLES


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_with_two_workers_answers_pages_and_json(cli, tmp_path):
    db = str(tmp_path / "serve.db")
    assert cli("ingest", EXAMPLES / "pages", "--db", db, "--no-facts", "-q").exit_code == 0
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "storyline.cli", "serve", "--db", db, "--port", str(port),
         "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                listing = httpx.get(base + "/stories.json", timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.3)
        assert listing.status_code == 200
        story = listing.json()["stories"][0]["id"]
        with httpx.Client(base_url=base, timeout=30) as client:
            for _ in range(6):  # connections spread over both workers
                assert client.get(f"/stories/{story}").status_code == 200
                assert client.get(f"/stories/{story}.json").json()["id"] == story
    finally:
        server.send_signal(signal.SIGINT)
        out, _ = server.communicate(timeout=60)
    assert "2 workers" in out
    assert out.count("Started server process") == 2
