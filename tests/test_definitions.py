"""The code location: one connected graph, one factory, one owner per check, one click to build,
and a `gazette` command that says what is wrong before it starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest

from orchestration.definitions import ALL_ASSETS, defs, make_definitions
from orchestration.defs.checks import gx_checks
from orchestration.defs.dbt_project import dbt_project
from orchestration.quality.suites import SUITES
from tests.conftest import FIXTURES, query

GAZETTE = Path(sys.executable).with_name("gazette")


def test_definitions_load_as_one_connected_graph() -> None:
    dg.Definitions.validate_loadable(defs)
    graph = defs.resolve_asset_graph()
    key = dg.AssetKey
    assert key(["raw", "documents"]) in graph.get(key(["staging", "stg_documents"])).parent_keys
    assert key(["staging", "stg_documents"]) in graph.get(key(["intermediate", "int_current_documents"])).parent_keys
    assert key(["marts", "dim_documents"]) in graph.get(key(["published", "gazette_duckdb"])).parent_keys
    check_keys = {(c.asset_key, c.name) for c in graph.asset_check_keys}
    assert (key(["marts", "dim_documents"]), "dim_documents_title_present") in check_keys
    assert (key(["raw", "clauses"]), "clauses_text_present") in check_keys
    assert (key(["marts", "dim_documents"]), "unique_dim_documents_document_id") in check_keys
    assert [s.name for s in defs.sensors] == ["landing_folder_sensor"]
    assert [s.name for s in defs.schedules] == ["daily_refresh"]


def test_the_build_uses_the_code_location_with_its_own_folder_and_file(tmp_path: Path) -> None:
    """`gazette build` runs the code location's own job (make_definitions), not a copy of it."""
    other = make_definitions(published=tmp_path / "w.duckdb", source=tmp_path / "in", allow_empty=True)
    assert set(other.resolve_asset_graph().get_all_asset_keys()) == set(defs.resolve_asset_graph().get_all_asset_keys())
    warehouse = other.resources["warehouse"]
    assert (warehouse.published, warehouse.source_dir, warehouse.allow_empty) == (
        (tmp_path / "w.duckdb").resolve(),
        (tmp_path / "in").resolve(),
        True,
    )
    assert all(asset.partitions_def is None for asset in ALL_ASSETS)  # one run builds everything


def _dbt_tested_columns() -> set[tuple[str, str, str]]:
    """(schema.table, column, test) of every dbt unique / not_null / relationships /
    accepted_values test, from the manifest."""
    manifest = json.loads(dbt_project.manifest_path.read_text())
    nodes = manifest["nodes"]
    tested = set()
    for node in nodes.values():
        meta = node.get("test_metadata") or {}
        if node["resource_type"] != "test" or not meta:
            continue
        model = nodes.get(node.get("attached_node") or "", {})
        column = node.get("column_name") or meta.get("kwargs", {}).get("column_name")
        if model and column:
            tested.add((f"{model['schema']}.{model['name']}", column, meta["name"]))
    return tested


def test_checks_have_one_owner() -> None:
    """Structural checks are dbt's, plausibility is Great Expectations': GX makes no
    uniqueness check, and no column is tested for presence by both."""
    dbt = _dbt_tested_columns()
    assert ("marts.fct_tasks", "task_id", "unique") in dbt
    gx_expectations = {
        (table, type(check.build()).__name__, getattr(check.build(), "column", None))
        for table, checks in SUITES.items()
        for check in checks
    }
    assert not [e for e in gx_expectations if "Unique" in e[1] and e[1] != "ExpectCompoundColumnsToBeUnique"]
    gx_present = {(table, column) for table, kind, column in gx_expectations if kind == "ExpectColumnValuesToNotBeNull"}
    dbt_present = {(table, column) for table, column, test in dbt if test == "not_null"}
    assert gx_present and not gx_present & dbt_present
    wired = {key.name for definition in gx_checks for key in definition.check_keys}
    assert wired == {check.name for checks in SUITES.values() for check in checks}


def _gazette(*args: str, env: dict[str, str] | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([str(GAZETTE), *args], capture_output=True, text=True, timeout=timeout, env=env)


def test_build_says_what_is_wrong_before_it_starts(tmp_path: Path) -> None:
    help_text = _gazette("build", "--help", timeout=120).stdout
    for option in ("--source", "--warehouse", "--allow-empty", "--verbose"):
        assert option in help_text
    assert "GAZETTE_SOURCE" in help_text and "(default:" in help_text
    a_file = tmp_path / "issue.txt"
    a_file.write_text("一份公报", encoding="utf-8")
    done = _gazette("build", "--source", str(a_file), "--warehouse", str(tmp_path / "w.duckdb"), timeout=120)
    assert done.returncode == 2 and "is a file" in done.stderr and str(a_file) in done.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".hidden").write_text("x")
    done = _gazette("build", "--source", str(empty), "--warehouse", str(tmp_path / "w.duckdb"), timeout=120)
    assert done.returncode == 2 and f"no gazette files in {empty}" in done.stderr and "--allow-empty" in done.stderr
    missing = _gazette("build", "--source", str(tmp_path / "nowhere"), timeout=120)
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    assert not (tmp_path / "w.duckdb").exists()


@pytest.mark.slow
def test_console_script_builds_and_reports(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "web.txt").write_bytes((FIXTURES / "web_capture.txt").read_bytes())
    warehouse = tmp_path / "wh" / "gazette.duckdb"
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "dagster_home")}
    done = _gazette("build", "--source", str(source), "--warehouse", str(warehouse), env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    progress = done.stderr.splitlines()
    for stage in ("ingest:", "dbt:", "checks:", "publish:"):
        assert any(stage in line for line in progress), (stage, done.stderr[-2000:])
    assert "START sql table model" not in done.stdout + done.stderr  # dbt's own output only with -v
    assert "START sql table model" in settings_log(warehouse)
    runs = dg.DagsterInstance.from_config(str(tmp_path / "dagster_home")).get_runs()
    assert len(runs) == 1 and runs[0].is_success
    status = _gazette("status", "--warehouse", str(warehouse), env=env, timeout=120)
    lines = status.stdout.splitlines()
    assert lines[0] == f"published warehouse: {warehouse}"
    assert lines[1].startswith("  published at ")
    assert lines[2].startswith(f"  run {runs[0].run_id}, checked at ")
    assert lines[3].startswith("  checks: ") and " passed" in lines[3]
    assert any(line.split()[:2] == ["marts.dim_documents", "1"] for line in lines)


def settings_log(warehouse: Path) -> str:
    from orchestration.settings import build_log

    return build_log(warehouse).read_text(encoding="utf-8")


@pytest.mark.slow
def test_an_empty_folder_builds_only_when_allowed(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    warehouse = tmp_path / "w.duckdb"
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "dagster_home")}
    done = _gazette("build", "--source", str(empty), "--warehouse", str(warehouse), "--allow-empty", env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert query(warehouse, "select count(*) from marts.dim_documents") == [(0,)]


@pytest.mark.slow
def test_a_build_says_whom_it_waits_for_and_goes_on_when_the_writer_is_free(tmp_path: Path) -> None:
    """Another run holds the warehouse writer slot (as a sensor run would): `gazette build`
    names it, waits, and builds once the slot is freed."""
    from orchestration.defs.assets import WRITER_POOL
    from orchestration.settings import REPO_ROOT

    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text((REPO_ROOT / "orchestration" / "dagster.yaml").read_text())
    source = tmp_path / "in"
    source.mkdir()
    (source / "web.txt").write_bytes((FIXTURES / "web_capture.txt").read_bytes())
    warehouse = tmp_path / "wh" / "gazette.duckdb"
    with dg.DagsterInstance.from_config(str(home)) as instance:
        storage = instance.event_log_storage
        storage.initialize_concurrency_limit_to_default(WRITER_POOL)
        assert storage.claim_concurrency_slot(WRITER_POOL, "other-run", "dbt_models").slot_status.value == "CLAIMED"
        log = tmp_path / "stderr.txt"
        with open(log, "w") as stderr:
            build = subprocess.Popen(
                [str(GAZETTE), "build", "--source", str(source), "--warehouse", str(warehouse)],
                env={**os.environ, "DAGSTER_HOME": str(home)},
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
            try:
                deadline = time.monotonic() + 300
                while "waiting for the build already running (run other-run)" not in log.read_text():
                    assert build.poll() is None and time.monotonic() < deadline, log.read_text()[-2000:]
                    time.sleep(0.5)
                assert not warehouse.exists()
                storage.free_concurrency_slot_for_step("other-run", "dbt_models")
                assert build.wait(timeout=900) == 0, log.read_text()[-2000:]
            finally:
                if build.poll() is None:
                    build.kill()
    assert query(warehouse, "select count(*) from marts.dim_documents") == [(1,)]
