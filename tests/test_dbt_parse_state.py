"""A new warehouse's dbt starts from the project's saved parse state instead of parsing the whole
project: the profile names no warehouse path, so the state prepared with the manifest is valid
for every build file, and the plugin attaches whichever GAZETTE_BUILD_DB names."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

from orchestration.defs.dbt_project import ensure_manifest, seed_parse_state
from orchestration.settings import DBT_PROJECT_DIR, DBT_PROJECT_TARGET, PARSE_STATE


def _dbt(command: list[str], build: Path, target: Path, logs: Path) -> str:
    dbt = Path(sys.executable).with_name("dbt")
    env = {**os.environ, "GAZETTE_BUILD_DB": str(build), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    project = ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
    paths = ["--target-path", str(target), "--log-path", str(logs)]
    arguments = [str(dbt), *command, *project, *paths]
    subprocess.run(arguments, env=env, cwd=DBT_PROJECT_DIR, check=True, capture_output=True)
    return (logs / "dbt.log").read_text()


def test_a_new_warehouse_reuses_the_projects_parse_state(tmp_path: Path) -> None:
    ensure_manifest()
    target = tmp_path / ".w.dbt"
    seed_parse_state(target)
    assert (target / PARSE_STATE).read_bytes() == (DBT_PROJECT_TARGET / PARSE_STATE).read_bytes()
    log = _dbt(["ls", "--quiet"], tmp_path / "w.build.duckdb", target, tmp_path / "logs")
    assert "no changes found, skipping parsing" in log
    assert "Unable to do partial parsing" not in log


def test_an_existing_parse_state_is_left_alone(tmp_path: Path) -> None:
    ensure_manifest()
    target = tmp_path / ".w.dbt"
    target.mkdir()
    (target / PARSE_STATE).write_bytes(b"this warehouse's own")
    seed_parse_state(target)
    assert (target / PARSE_STATE).read_bytes() == b"this warehouse's own"


def test_dbt_builds_into_the_file_gazette_build_db_names(tmp_path: Path) -> None:
    """The plugin attaches the build file as the profile's catalogue: what dbt builds lands in
    that file, whatever it is called."""
    build = tmp_path / "other-name.build.duckdb"
    _dbt(["seed", "--select", "document_kinds", "--quiet"], build, tmp_path / ".t", tmp_path / "logs")
    with duckdb.connect(str(build), read_only=True) as con:
        ((rows,),) = con.execute("select count(*) from reference.document_kinds").fetchall()
    assert rows > 0
