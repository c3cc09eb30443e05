"""How storyline installs: the runtime for `make run`, the test extras only for `make test`."""

from __future__ import annotations

import re
import tomllib

from conftest import ROOT


def _recipe(makefile: str, target: str) -> str:
    match = re.search(rf"(?m)^{re.escape(target)}:.*\n((?:\t.*\n)*)", makefile)
    assert match, target
    return match.group(0)


def test_make_run_installs_the_runtime_only():
    makefile = (ROOT / "Makefile").read_text()
    assert _recipe(makefile, "run").startswith("run: install\n")
    assert _recipe(makefile, "install").split()[1] == "$(VENV)/.installed"
    runtime = _recipe(makefile, "$(VENV)/.installed")
    assert "pip install" in runtime and "[test]" not in runtime
    assert _recipe(makefile, "test").startswith("test: install-test\n")
    assert "[test]" in _recipe(makefile, "$(VENV)/.installed-test")


def test_licence_is_an_spdx_expression():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["license"] == "Apache-2.0"
