# Two commands for a fresh machine (see README.md):
#   make serve   build the site (with the case check) and serve it on http://127.0.0.1:8000
#   make test    run every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup build serve test lint bench screenshots lock clean

setup: $(STAMP)

# One stamp for the whole toolchain: re-run when a pin changes.
$(STAMP): pyproject.toml requirements.lock package.json package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -c requirements.lock -e '.[site,test]'
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build: $(STAMP)
	$(BIN)/mkdocs build --strict --clean

serve: build
	@echo "Serving site/ on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python -m http.server $(PORT) --bind $(HOST) --directory site

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check calc guideline_site tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m bench

# README screenshots of the case check and its printout (.github/images/; needs Chromium).
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

# Regenerate the transitive pins after changing a direct pin in pyproject.toml.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install -q --disable-pip-version-check '.[site,test]'
	.lock-venv/bin/pip freeze --exclude-editable | grep -v '^hr-breast-liver-met-guideline' > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
