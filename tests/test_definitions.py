"""The code location loads and shows one connected graph: files → raw → dbt → checks → publish."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg

from orchestration.definitions import defs
from tests.conftest import FIXTURES


def test_definitions_load_as_one_connected_graph() -> None:
    dg.Definitions.validate_loadable(defs)
    graph = defs.resolve_asset_graph()
    key = dg.AssetKey
    assert key(["raw", "documents"]) in graph.get(key(["staging", "stg_documents"])).parent_keys
    assert key(["staging", "stg_documents"]) in graph.get(key(["intermediate", "int_current_documents"])).parent_keys
    assert key(["marts", "dim_documents"]) in graph.get(key(["published", "gazette_duckdb"])).parent_keys
    check_keys = {(c.asset_key, c.name) for c in graph.asset_check_keys}
    assert (key(["marts", "dim_documents"]), "dim_documents_id_unique") in check_keys
    assert (key(["raw", "clauses"]), "clauses_text_present") in check_keys
    assert (key(["marts", "dim_documents"]), "unique_dim_documents_document_id") in check_keys
    assert [s.name for s in defs.sensors] == ["landing_folder_sensor"]
    assert [s.name for s in defs.schedules] == ["daily_refresh"]


def test_console_script_builds_and_reports(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "web.txt").write_bytes((FIXTURES / "web_capture.txt").read_bytes())
    warehouse = tmp_path / "wh" / "gazette.duckdb"
    gazette = Path(sys.executable).with_name("gazette")
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "dagster_home")}
    done = subprocess.run(
        [str(gazette), "build", "--source", str(source), "--warehouse", str(warehouse)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "marts.dim_documents" in done.stdout and warehouse.exists()
    runs = dg.DagsterInstance.from_config(str(tmp_path / "dagster_home")).get_runs()
    assert len(runs) == 1 and runs[0].is_success
    missing = subprocess.run(
        [str(gazette), "build", "--source", str(tmp_path / "nowhere"), "--warehouse", str(warehouse)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert missing.returncode == 2 and "does not exist" in missing.stderr
