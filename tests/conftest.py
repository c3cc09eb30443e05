"""Shared fixtures: paths to the example corpus and the shared corpus, and a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"

pytest_plugins = ["pg"]  # postgres_server, store_url: the store tests on both backends


def require_path(path: Path) -> Path:
    """Skip when a shared input is absent locally; fail in CI (STORYLINE_REQUIRE_ALL=1)."""
    if not path.exists():
        if os.environ.get("STORYLINE_REQUIRE_ALL"):
            pytest.fail(f"{path} is required (STORYLINE_REQUIRE_ALL is set)")
        pytest.skip(f"{path} not present")
    return path


@pytest.fixture
def cli():
    """Run the CLI in-process: ``cli("ingest", path, "--db", db)`` → click Result."""
    from storyline.cli import app

    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "test.db")
