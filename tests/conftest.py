from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
import duckdb
import pytest

os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = ROOT / "seeds" / "gazettes"


@pytest.fixture
def fixture_text():
    def read(name: str) -> str:
        return (FIXTURES / name).read_text(encoding="utf-8")

    return read


def query(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Run a query against a warehouse file opened read-only, as a BI tool would."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def build_ok(source: Path, warehouse: Path) -> tuple[Path, str]:
    """A real in-process Dagster build of `source` into `warehouse` that must succeed."""
    from orchestration.build import build

    outcome = build(source, warehouse, instance=dg.DagsterInstance.ephemeral())
    assert outcome.success, outcome.failures
    return warehouse, outcome.run_id


def both_scripts(cases: list[tuple], xfail: dict[str, str] | None = None) -> list:
    """(case_id, simplified, traditional, *expected) → one pytest param per script, so every
    pattern is tested in both; ids in `xfail` are known gaps, kept visible as strict xfails."""
    params = []
    for case_id, simplified, traditional, *expected in cases:
        for script, text in (("simp", simplified), ("trad", traditional)):
            param_id = f"{case_id}-{script}"
            marks = [pytest.mark.xfail(reason=xfail[param_id], strict=True)] if xfail and param_id in xfail else []
            params.append(pytest.param(text, *expected, id=param_id, marks=marks))
    return params
