# Developer commands. `make demo` and `make test` work on a fresh clone (they create .venv).
# Tests run on DATABASE_URL / REDIS_URL when set, otherwise on SQLite and the embedded queue.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CODE := core graph workers integrations

.PHONY: venv demo test lint schema clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: venv
	$(BIN)/ledgersync demo

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(CODE)
	$(BIN)/lint-imports --no-cache

schema: venv
	$(BIN)/ledgersync export-schema

# pytest exits 5 when it collects no test; like any non-zero exit, that fails the target.
test: lint
	$(BIN)/ledgersync export-schema --check
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .ledgersync .pytest_cache .mypy_cache .ruff_cache .hypothesis
