"""Property-based contract test of the JSON API: schemathesis generates requests from the
app's own OpenAPI document and checks that no answer is a server error and every answer
matches its documented status codes, content types and schemas.

It runs in-process over ASGI against a store of the example corpus, with a bounded number
of examples per operation so the whole run stays well under a minute.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402

from storyline.ingest import ingest  # noqa: E402
from storyline.store.db import Store  # noqa: E402
from storyline.web import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


_FOLDER = tempfile.TemporaryDirectory(prefix="storyline-schemathesis-")  # removed at exit


def _app():
    db = str(Path(_FOLDER.name) / "examples.db")
    store = Store.open(db)
    ingest([str(ROOT / "examples")], store)
    store.close()
    return create_app(db=db)


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@pytest.mark.filterwarnings("ignore:Skipped test cases with unsupported payload")
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_matches_its_openapi_document(case) -> None:
    case.call_and_validate()
