"""The floor `gazette bench` compares builds with: the least a Dagster + dbt build can cost here.

One Python asset writes a DuckDB table and dagster-dbt, as shipped, builds two models with two
tests over it (the tests reach Dagster as asset checks), in process, into a new Dagster instance
and a new DuckDB file, with the dbt manifest prepared beforehand. It runs as a whole process
from the same installed packages as `gazette build`, so the ratio of the two wall clocks is what
the project adds to the stack it stands on.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT = {
    "dbt_project.yml": "name: floor\nversion: '1.0'\nprofile: floor\nmodel-paths: [models]\n",
    "profiles.yml": (
        "floor:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n"
        "      path: \"{{ env_var('FLOOR_DB') }}\"\n      threads: 1\n"
    ),
    "models/first.sql": "select id, name from {{ source('raw', 'items') }}\n",
    "models/second.sql": "select id, upper(name) as name from {{ ref('first') }}\n",
    "models/schema.yml": (
        "version: 2\nsources:\n  - name: raw\n    schema: raw\n    tables:\n      - name: items\n"
        "models:\n  - name: first\n    columns:\n      - name: id\n        data_tests: [not_null]\n"
        "  - name: second\n    columns:\n      - name: id\n        data_tests: [unique]\n"
    ),
}

SCRIPT = """
import sys
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets

project_dir, database = Path(sys.argv[1]), sys.argv[2]
project = DbtProject(project_dir=project_dir, profiles_dir=project_dir)


@dg.asset(key=["raw", "items"])
def items() -> None:
    con = duckdb.connect(database)
    con.execute("create schema if not exists raw")
    con.execute("create or replace table raw.items as select range as id, 'item ' || range as name from range(1000)")
    con.close()


@dbt_assets(manifest=project.manifest_path, project=project)
def models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    yield from dbt.cli(["build"], context=context).stream()


dbt = Path(sys.executable).with_name("dbt")
resources = {"dbt": DbtCliResource(project_dir=project, dbt_executable=str(dbt))}
result = dg.materialize([items, models], resources=resources, instance=dg.DagsterInstance.get())
assert result.success
"""

DAGSTER_YAML = "telemetry:\n  enabled: false\n"


def prepare(folder: Path) -> Path:
    """Write the floor's dbt project and parse it once, as `make setup` prepares ours."""
    project = folder / "floor_project"
    for name, text in PROJECT.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    dbt = Path(sys.executable).with_name("dbt")
    env = {**os.environ, "FLOOR_DB": str(folder / "floor.duckdb")}
    subprocess.run(
        [str(dbt), "parse", "--quiet", "--project-dir", str(project), "--profiles-dir", str(project)],
        check=True,
        env=env,
        cwd=project,
    )
    return project


def command(project: Path, run: int) -> tuple[list[str], dict[str, str]]:
    """The floor as a process: a new DuckDB file and a new Dagster instance for each run."""
    home = project.parent / f"floor_home_{run}"
    home.mkdir(parents=True, exist_ok=True)
    (home / "dagster.yaml").write_text(DAGSTER_YAML)
    database = project.parent / f"floor_{run}.duckdb"
    env = {**os.environ, "DAGSTER_HOME": str(home), "FLOOR_DB": str(database)}
    return [sys.executable, "-c", SCRIPT, str(project), str(database)], env
