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

from orchestration import warm_dbt
from orchestration.definitions import ALL_ASSETS, defs, make_definitions
from orchestration.defs.assets import gazette_files
from orchestration.defs.checks import gx_checks
from orchestration.defs.dbt_project import dbt_project
from orchestration.defs.resources import WarehouseResource
from orchestration.defs.writer import WRITER_POOL
from orchestration.quality.suites import SUITES
from orchestration.settings import REPO_ROOT, build_log, build_path, instance_config
from tests.conftest import FIXTURES, query, reported_by_fresh_process

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
    assert (key(["staging", "stg_clauses"]), "clauses_text_present") in check_keys  # runs after dbt
    assert (key(["marts", "dim_documents"]), "primary_key_dim_documents_document_id") in check_keys
    dbt_test_layers = {k.path[0] for k, name in check_keys if name.startswith(("primary_key_", "not_null_"))}
    assert dbt_test_layers == {"staging", "marts"}  # the others' run in dbt build, not as Dagster checks
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
    """(schema.table, column, test) of every dbt primary_key / not_null / relationships /
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
    assert ("marts.fct_tasks", "task_id", "primary_key") in dbt
    gx_expectations = {
        (table, type(check.build()).__name__, getattr(check.build(), "column", None))
        for table, checks in SUITES.items()
        for check in checks
    }
    assert not [e for e in gx_expectations if "Unique" in e[1] and e[1] != "ExpectCompoundColumnsToBeUnique"]
    gx_present = {(table, column) for table, kind, column in gx_expectations if kind == "ExpectColumnValuesToNotBeNull"}
    dbt_present = {(table, column) for table, column, test in dbt if test in ("not_null", "primary_key")}
    assert gx_present and not gx_present & dbt_present
    wired = {key.name for key in gx_checks.check_keys}
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
def test_console_script_waits_its_turn_builds_and_reports(tmp_path: Path) -> None:
    """Another run holds the warehouse writer slot (as a sensor run would): `gazette build`
    names it, waits, builds once the slot is freed, prints a line per stage (dbt's own output
    goes to the log) and ends with the status of what it published."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text(instance_config(home))
    source = tmp_path / "in"
    source.mkdir()
    (source / "web.txt").write_bytes((FIXTURES / "web_capture.txt").read_bytes())
    warehouse = tmp_path / "wh" / "gazette.duckdb"
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    stdout, stderr = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    with dg.DagsterInstance.from_config(str(home)) as instance:
        storage = instance.event_log_storage
        storage.initialize_concurrency_limit_to_default(WRITER_POOL)
        assert storage.claim_concurrency_slot(WRITER_POOL, "other-run", "dbt_models").slot_status.value == "CLAIMED"
        with open(stdout, "w") as out, open(stderr, "w") as err:
            build = subprocess.Popen(
                [str(GAZETTE), "build", "--source", str(source), "--warehouse", str(warehouse)],
                env=env,
                stdout=out,
                stderr=err,
            )
            try:
                deadline = time.monotonic() + 300
                while "waiting for the build already running (run other-run)" not in stderr.read_text():
                    assert build.poll() is None and time.monotonic() < deadline, stderr.read_text()[-2000:]
                    time.sleep(0.5)
                storage.free_concurrency_slot_for_step("other-run", "dbt_models")
                assert build.wait(timeout=900) == 0, stderr.read_text()[-2000:]
            finally:
                if build.poll() is None:
                    build.kill()
        runs = instance.get_runs()
        messages = [entry.user_message for entry in instance.all_logs(runs[0].run_id)]
    assert any(f"Running dbt command: `{warm_dbt.CLIENT} " in message for message in messages)  # dbt started ahead
    progress = stderr.read_text()
    for stage in ("ingest:", "dbt:", "checks:", "publish:"):
        assert stage in progress, (stage, progress[-2000:])
    assert "START sql table model" not in progress + stdout.read_text()  # dbt's own output only with -v
    assert "START sql table model" in build_log(warehouse).read_text(encoding="utf-8")
    assert len(runs) == 1 and runs[0].is_success
    printed = stdout.read_text().splitlines()
    assert printed[0] == f"published warehouse: {warehouse}"
    assert printed[2].startswith(f"  run {runs[0].run_id}, checked at ")
    lines = _gazette("status", "--warehouse", str(warehouse), env=env, timeout=120).stdout.splitlines()
    assert lines[0] == f"published warehouse: {warehouse}"
    assert lines[1].startswith("  published at ")
    assert lines[2].startswith(f"  run {runs[0].run_id}, checked at ")
    assert lines[3].startswith("  checks: ") and " passed" in lines[3]
    assert any(line.split()[:2] == ["marts.dim_documents", "1"] for line in lines)
    status = [str(GAZETTE), "status", "--warehouse", str(warehouse)]
    reader = subprocess.Popen(status, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader.stdout.close()  # as `gazette status | head` does once it has its lines; here before the first
    _, errors = reader.communicate(timeout=120)
    assert reader.returncode == 1 and "Traceback" not in errors.decode(), errors.decode()[-2000:]


def test_an_empty_landing_folder_fails_the_ingest_unless_allowed(tmp_path: Path) -> None:
    """What the UI and the sensor run: the ingest asset itself refuses an empty folder."""
    empty = tmp_path / "landing"
    empty.mkdir()

    def ingest(allow_empty: bool) -> dg.ExecuteInProcessResult:
        warehouse = WarehouseResource(
            source=str(empty), path=str(tmp_path / f"{allow_empty}.duckdb"), allow_empty=allow_empty
        )
        return dg.materialize([gazette_files], resources={"warehouse": warehouse}, raise_on_error=False)

    refused = ingest(allow_empty=False)
    assert not refused.success
    (failure,) = refused.get_step_failure_events()
    assert f"no gazette files in {empty}" in failure.step_failure_data.error.message
    allowed = ingest(allow_empty=True)
    assert allowed.success
    assert query(build_path(tmp_path / "True.duckdb"), "select count(*) from raw.files") == [(0,)]


def test_the_ui_gets_a_landing_folder_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`landing/` starts with copies of the samples (the tests read `seeds/gazettes/`, never
    it); a folder named by GAZETTE_SOURCE is created empty."""
    from orchestration import settings

    monkeypatch.delenv("GAZETTE_SOURCE", raising=False)
    monkeypatch.setattr(settings, "DEFAULT_LANDING", tmp_path / "landing")
    landing = settings.ensure_landing()
    assert landing == (tmp_path / "landing").resolve()
    assert sorted(p.name for p in landing.iterdir()) == sorted(p.name for p in settings.DEFAULT_SOURCE.iterdir())
    (landing / sorted(landing.iterdir())[0].name).unlink()
    assert len(list(settings.ensure_landing().iterdir())) == len(list(settings.DEFAULT_SOURCE.iterdir())) - 1
    monkeypatch.setenv("GAZETTE_SOURCE", str(tmp_path / "mine"))
    assert not list(settings.ensure_landing().iterdir())
    assert settings.source_dir() == (tmp_path / "mine").resolve()  # gazette build reads it too
    assert "landing/" in (REPO_ROOT / ".gitignore").read_text().splitlines()


# The code location loaded in a fresh process, after dbt-core (argv[1] == "core") or not; what
# it holds, and which of dbt-core's modules the process imported for it.
GRAPH = """
import json, sys
if sys.argv[1] == "core":
    import dbt.version, dbt.contracts.graph.manifest
from orchestration.definitions import defs
from dagster_dbt.compat import DBT_PYTHON_VERSION
from dagster_shared.libraries import DagsterLibraryRegistry
graph = defs.resolve_asset_graph()
print(json.dumps({
    "dbt_core_seen": DBT_PYTHON_VERSION is not None,
    "dbt_modules": sorted(m for m in sys.modules if m.startswith("dbt.")),
    "assets": sorted(
        (key.to_user_string(), sorted(p.to_user_string() for p in graph.get(key).parent_keys))
        for key in graph.get_all_asset_keys()
    ),
    "checks": sorted(f"{c.asset_key.to_user_string()}:{c.name}" for c in graph.asset_check_keys),
    "jobs": sorted(job.name for job in defs.resolve_all_job_defs()),
    "libraries": {k: v for k, v in DagsterLibraryRegistry.get().items() if "dbt" in k},
}))
"""


def test_the_code_location_loads_without_dbt_core_and_holds_the_same_graph() -> None:
    """dagster-dbt is imported out of dbt-core's sight (orchestration/defs/__init__.py): loading
    the code location imports no dbt-core module, and the assets, their dependencies, the checks
    and the jobs are those dagster-dbt makes when it does see dbt-core."""
    alone, after_core = reported_by_fresh_process(GRAPH, "alone"), reported_by_fresh_process(GRAPH, "core")
    assert not alone["dbt_core_seen"] and alone["dbt_modules"] == []
    assert after_core["dbt_core_seen"]
    for part in ("assets", "checks", "jobs", "libraries"):  # the versions Dagster shows: dbt-core's
        assert alone[part] == after_core[part], part
    assert "dbt-core" in alone["libraries"]
    assert len(alone["assets"]) > 40 and len(alone["checks"]) > 60
