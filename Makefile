# Two commands do everything on a fresh machine: `make run` and `make test`.
# Both create .venv (Python 3.11) from pyproject.toml when it is missing or out of date.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export GX_ANALYTICS_ENABLED := false

.PHONY: setup run test test-all lint ui docs status clean

$(BIN)/gazette: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(BIN)/gazette

run: setup
	$(BIN)/gazette build

# the default: unit tests and one end-to-end build of the seeds (1-1.5 min)
test: setup
	$(BIN)/pytest -m "not slow"

# everything, as CI runs it: every end-to-end build and process scenario, one test file per
# worker and one worker per core (the builds are single-threaded)
test-all: setup
	$(BIN)/pytest -n auto --dist loadfile

lint: setup
	$(BIN)/ruff check orchestration tests

ui: setup
	$(BIN)/gazette ui

docs: setup
	$(BIN)/gazette docs

status: setup
	$(BIN)/gazette status

clean:
	rm -rf warehouse/*.duckdb warehouse/*.wal warehouse/*.log warehouse/.*.dbt warehouse/.*.dagster dbt_project/target dbt_project/logs .dagster_home
