# storyline: `make run` sets up and shows the example corpus; `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
DB ?= storyline.db

.PHONY: run test lint bench clean install

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed

run: install
	$(VENV)/bin/storyline ingest examples/ --db $(DB)
	$(VENV)/bin/storyline stories --db $(DB) --limit 5
	$(VENV)/bin/storyline story top --db $(DB)
	$(VENV)/bin/storyline serve --db $(DB)

test: install
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check storyline tests bench

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
