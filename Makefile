# Two commands do everything on a fresh machine: `make run` and `make test`.
# Both create .venv (Python 3.11) from pyproject.toml when it is missing or out of date.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export GX_ANALYTICS_ENABLED := false
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: setup run test lint ui status clean

$(BIN)/gazette: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(BIN)/gazette

run: setup
	$(BIN)/gazette build

test: setup
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check orchestration tests

ui: setup
	$(BIN)/gazette ui

status: setup
	$(BIN)/gazette status

clean:
	rm -rf warehouse/*.duckdb warehouse/*.wal dbt_project/target dbt_project/logs .dagster_home
