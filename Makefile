# The front door. `make run` starts the demo office; `make test` runs every test.
# Both work on a fresh machine with Python 3.11+: they create .venv and install what they need.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip --disable-pip-version-check -q
HOST   ?= 127.0.0.1
PORT   ?= 8000
export LOKET_BIND ?= $(HOST):$(PORT)
export LOKET_PUBLIC_URL ?= http://$(LOKET_BIND)
export LOKET_DATA_DIR ?= $(CURDIR)/data

.PHONY: run test test-pg lint typecheck messages clean help

help:
	@echo "make run      install, prepare the database with the demo office, start everything"
	@echo "make test     install test requirements and run the whole suite (SQLite)"
	@echo "make test-pg  the suite on PostgreSQL (DATABASE_URL, default the local 'test' database)"
	@echo "make lint     ruff and mypy"

$(VENV)/.runtime: requirements/base.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements/base.txt
	$(PIP) install --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements/dev.txt
	$(PIP) install -r requirements/dev.txt
	touch $@

# Translations are compiled from the .po files (the .mo files are not kept in git).
messages: $(VENV)/.runtime
	@command -v msgfmt >/dev/null || scripts/install-system-packages gettext
	@if find src -name '*.po' | grep -q .; then cd src/loket && ../../$(BIN)/loket compilemessages -v 0; fi

run: $(VENV)/.runtime messages
	$(BIN)/loket migrate --noinput -v 0
	$(BIN)/loket createcachetable
	$(BIN)/loket demo --if-empty
# The reference central registry (its own database in the data folder) learns each office's key.
	$(BIN)/loket central migrate
	$(BIN)/loket sync keys --ensure --export | $(BIN)/loket central office import
	$(BIN)/loket sync backfill
	$(BIN)/loket welcome
	PATH="$(CURDIR)/$(BIN):$$PATH" exec $(BIN)/honcho --no-colour start -f Procfile

test: $(VENV)/.dev messages
	@scripts/install-system-packages chromium poppler-utils zbar-tools
	$(BIN)/pytest $(PYTEST_ARGS)

test-pg: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
test-pg: test

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) src/*.egg-info
