# Developer commands. `make demo` and `make test` work on a fresh clone (they create .venv).
# Tests run on DATABASE_URL / REDIS_URL when set, otherwise on SQLite and the embedded queue.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CODE := core graph workers integrations

.PHONY: venv demo test lint schema clean web web-check graphiql-assets

WEB := web
WEB_STAMP := $(WEB)/node_modules/.installed

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# `make demo PORT=8100` serves the demo on another port (OAuth redirects follow it).
HOST ?= 127.0.0.1
PORT ?= 8000

demo: venv
	$(BIN)/ledgersync demo --host $(HOST) --port $(PORT)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(CODE)
	$(BIN)/lint-imports --no-cache

schema: venv
	$(BIN)/ledgersync export-schema

# The settings app (web/): dependencies only from the lockfile.
$(WEB_STAMP): $(WEB)/package-lock.json
	cd $(WEB) && npm ci --no-audit --no-fund
	touch $(WEB_STAMP)

# Rebuild the app into core/static/app (shipped in the package; commit the result).
web: $(WEB_STAMP)
	cd $(WEB) && npm run build

# Types from schema.graphql, type check, lint, component tests, and a fresh build compared with
# the shipped one (stale or over the 300 KB first-load budget fails).
web-check: $(WEB_STAMP)
	cd $(WEB) && npm run check && node scripts/check-build.mjs

# pytest exits 5 when it collects no test; like any non-zero exit, that fails the target.
test: lint web-check
	$(BIN)/ledgersync export-schema --check
	$(BIN)/python -m pytest -q

# Fetch GraphiQL's browser assets again from the npm registry (graph/graphiql/NOTICE.md).
graphiql-assets:
	sh graph/graphiql/fetch-assets.sh

clean:
	rm -rf $(VENV) .ledgersync .pytest_cache .mypy_cache .ruff_cache .hypothesis $(WEB)/node_modules
