from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest

os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = ROOT / "seeds" / "gazettes"


OLDEST_READER_SCRIPT = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(duckdb.__version__)
for sql in sys.argv[2:]:
    print(con.execute(sql).fetchall())
"""


@pytest.fixture(scope="session")
def oldest_duckdb() -> Path:
    """The oldest DuckDB the README promises can read the published file, installed on its own
    (pip --target, outside the venv) once per machine."""
    from orchestration.warehouse import OLDEST_READER

    target = ROOT / ".cache" / f"duckdb-{OLDEST_READER}"
    target.parent.mkdir(exist_ok=True)
    with open(target.parent / f".duckdb-{OLDEST_READER}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel test workers install it once
        if not (target / "duckdb").exists():
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--no-deps",
                    "--target",
                    str(target),
                    f"duckdb=={OLDEST_READER}",
                ],
                check=False,
                timeout=900,
                capture_output=True,
            )
    assert (target / "duckdb").exists(), f"could not install duckdb {OLDEST_READER} into {target}"
    return target


def read_with(duckdb_dir: Path, database: Path, *sql: str) -> list[str]:
    """Run queries in a separate interpreter that sees only the DuckDB in `duckdb_dir` (-S: no
    site-packages), as a BI tool with its own driver would; returns its lines, version first."""
    done = subprocess.run(
        [sys.executable, "-S", "-c", OLDEST_READER_SCRIPT, str(database), *sql],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(duckdb_dir)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.splitlines()


def reported_by_fresh_process(script: str, *args: str, timeout: float = 900) -> dict:
    """Run `script` in a new interpreter from the repository (nothing imported yet, as a command
    starts) and return the JSON object its last line of output prints."""
    import json

    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


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
