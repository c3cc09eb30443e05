# storyline: `make run` sets up (runtime only) and shows the example corpus; `make test`
# adds the test extras and runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
DB ?= storyline.db

.PHONY: run test lint bench clean install install-test

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# `make run` installs the runtime only; `make test` and `make lint` add the test extras
# (pytest, Playwright, schemathesis, …), which a user who only runs storyline never needs.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install
	$(VENV)/bin/storyline ingest examples/ --db $(DB)
	$(VENV)/bin/storyline stories --db $(DB) --limit 5
	$(VENV)/bin/storyline story top --db $(DB)
	$(VENV)/bin/storyline serve --db $(DB)

test: install-test
	$(VENV)/bin/mypy
	$(PY) -m pytest -q

lint: install-test
	$(VENV)/bin/ruff check storyline tests bench

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
