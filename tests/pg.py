"""A throwaway PostgreSQL server for the tests, and the `backend` fixture over both stores.

`postgres_server` runs ``initdb`` in a temporary folder and ``pg_ctl start`` on a free port
(as the ``postgres`` user when the tests run as root: the server refuses to run as root),
once per test session, and stops it at the end. Each test that asks for a PostgreSQL store
gets a database of its own. Without a server binary the PostgreSQL half skips, unless
``STORYLINE_REQUIRE_ALL`` is set (CI), where it fails.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_COUNTER = itertools.count()


def find_bin(name: str) -> str | None:
    """``initdb``/``pg_ctl`` on PATH, or in Debian's versioned folder (newest first)."""
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "postgres", "--", *cmd]
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(cmd)]


def _unavailable(reason: str) -> None:
    if os.environ.get("STORYLINE_REQUIRE_ALL"):
        pytest.fail(f"PostgreSQL is required (STORYLINE_REQUIRE_ALL is set): {reason}")
    pytest.skip(f"PostgreSQL not available: {reason}")


class Server:
    """A running throwaway cluster; `new_database` hands out empty databases."""

    def __init__(self, port: int) -> None:
        self.port = port

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = f"t{os.getpid()}_{next(_COUNTER)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
    if not initdb or not pg_ctl:
        _unavailable("initdb/pg_ctl not found (Debian: apt-get install postgresql)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed (pip install 'storyline[postgres]')")
    folder = Path(tempfile.mkdtemp(prefix="storyline-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = _free_port()
    log = folder / "server.log"
    setup = subprocess.run(
        _as_server_user([initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                         "--no-sync", "--locale=C"]),  # fmt: skip
        capture_output=True,
        text=True,
    )
    if setup.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        _unavailable(f"initdb failed: {setup.stderr.strip()[-300:]}")
    options = f"-p {port} -k {folder} -h 127.0.0.1 -c fsync=off -c full_page_writes=off"
    start = subprocess.run(
        _as_server_user([pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "start"]),
        capture_output=True,
        text=True,
    )
    if start.returncode != 0:
        detail = log.read_text() if log.exists() else start.stderr
        shutil.rmtree(folder, ignore_errors=True)
        _unavailable(f"pg_ctl start failed: {detail.strip()[-300:]}")
    try:
        yield Server(port)
    finally:
        subprocess.run(
            _as_server_user([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


BACKENDS = ["sqlite", "postgresql"]


def new_store(request, folder: Path) -> str:
    """An empty store on the backend ``request.param``: a SQLite file in ``folder`` or a
    fresh database on the throwaway server."""
    if request.param == "sqlite":
        return str(folder / "store.db")
    server: Server = request.getfixturevalue("postgres_server")
    return server.new_database()


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path: Path) -> str:
    """A fresh, empty store on each backend: a SQLite file path, or a PostgreSQL URL."""
    return new_store(request, tmp_path)
