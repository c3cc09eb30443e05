"""SQL lives under `storyline/store/`: no other module imports SQLAlchemy or the table
definitions, or holds SQL text of its own; the modules that show what is stored read it
through the store's read API (`storyline.store.reads`)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "storyline"
NOT_YET_MOVED: set[str] = set()
"""Modules outside the store still holding SQL (issue 13 emptied it; it may only stay so)."""
OWN_FILES = {"stories/background.py": "words"}
"""Modules with SQL over a file of their own that is not storyline's store, and the one table
they may name: background word shares read a read-only SQLite copy of wordfreq's English list
kept in the user's cache folder."""

READERS = ("views.py", "web/data.py", "export.py", "thread_views.py", "noting.py",
           "revisions.py", "evaluate/threads.py")  # fmt: skip
"""Modules that show stored data: they ask `storyline.store.reads`, not a connection."""

SQL = re.compile(
    r"\b(?:SELECT\b[\s\S]+?\bFROM|INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET"
    r"|CREATE\s+(?:TABLE|INDEX|VIRTUAL\s+TABLE)|DROP\s+TABLE|PRAGMA\s+\w+)\b"
)


def _outside_store() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] != "store"]


def _name(path: Path) -> str:
    return str(path.relative_to(PACKAGE))


def _imports(path: Path, wanted) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(wanted(a.name) for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if wanted(module) or any(wanted(f"{module}.{a.name}") for a in node.names):
                return True
    return False


def _is_sqlalchemy(name: str) -> bool:
    return name.split(".")[0] == "sqlalchemy"


def _is_schema(name: str) -> bool:
    return name == "storyline.store.schema"


def _sql_strings(path: Path) -> list[str]:
    """String constants of ``path`` that read as SQL statements."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.value[:60]
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and SQL.search(node.value)
    ]  # fmt: skip


def test_only_the_store_imports_sqlalchemy() -> None:
    offenders = {_name(p) for p in _outside_store() if _imports(p, _is_sqlalchemy)}
    assert offenders <= NOT_YET_MOVED, f"SQL outside storyline/store/: {offenders - NOT_YET_MOVED}"


def test_only_the_store_uses_the_table_definitions() -> None:
    offenders = {_name(p) for p in _outside_store() if _imports(p, _is_schema)}
    assert offenders == set(), f"storyline.store.schema used outside the store: {offenders}"


def test_no_sql_text_outside_the_store() -> None:
    offenders = {
        _name(p): found for p in _outside_store()
        if (found := _sql_strings(p)) and _name(p) not in OWN_FILES
    }  # fmt: skip
    assert offenders == {}, f"SQL text outside storyline/store/: {offenders}"


def test_sql_of_own_files_names_only_their_table() -> None:
    """A module with a file of its own may not reach the store's tables through it."""
    for name, table in OWN_FILES.items():
        found = _sql_strings(PACKAGE / name)
        assert found, f"{name} holds no SQL any more: drop it from OWN_FILES"
        for statement in found:
            named = set(re.findall(r"\b(?:FROM|INTO|TABLE)\s+(\w+)", statement))
            assert named == {table}, f"{name}: {statement!r} names {named}, not only {table}"


def test_readers_read_through_the_read_api() -> None:
    for name in READERS:
        source = (PACKAGE / name).read_text(encoding="utf-8")
        assert "engine.connect(" not in source, f"{name} opens its own connection to read"


def test_the_checks_see_what_they_look_for(tmp_path) -> None:
    """The checks above look at real imports and real SQL text (they can fail)."""
    assert _imports(PACKAGE / "store" / "db.py", _is_sqlalchemy)
    assert _imports(PACKAGE / "store" / "db.py", _is_schema)
    assert _sql_strings(PACKAGE / "store" / "reads.py")
    sample = tmp_path / "sample.py"
    sample.write_text('Q = "UPDATE stories SET title = :t"\nfrom storyline.store import schema\n')
    assert _sql_strings(sample) and _imports(sample, _is_schema)
