"""The Dagster code location: files → raw → dbt models → checks → published warehouse.

`make_definitions` is the one place the location is put together; the code location below and
`gazette build` (orchestration/build.py) both call it, the latter with its own folder and file.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from orchestration import (
    settings,  # noqa: F401  (telemetry off before anything else loads)
    warm_dbt,
)
from orchestration.defs.dbt_project import ensure_manifest

warm_dbt.ahead_of_run()  # in a run worker: dbt imports while the code location loads

ensure_manifest()

from orchestration.defs.assets import dbt_models, gazette_files, published_warehouse  # noqa: E402
from orchestration.defs.automation import BUILD_JOB, daily_refresh, landing_folder_sensor  # noqa: E402
from orchestration.defs.checks import gx_checks  # noqa: E402
from orchestration.defs.progress import progress_logger  # noqa: E402
from orchestration.defs.resources import default_resources  # noqa: E402

ALL_ASSETS = [gazette_files, dbt_models, published_warehouse]

build_job = dg.define_asset_job(
    BUILD_JOB,
    selection=dg.AssetSelection.all(),
    description="Everything in one run: ingest the landing folder, dbt build, checks, publish.",
)

PARALLEL_JOB = "build_warehouse_parallel"
SHARE_MB = 8  # a parse step's share of the folder under the multiprocess executor

PARALLEL_CONFIG = {
    "ops": {
        "gazette_files": {
            "ops": {
                "plan_ingest": {"config": {"share_mb": SHARE_MB}},
                "parse_files": {"config": {"workers": 1}},
            }
        }
    }
}

# The same assets under Dagster's own multiprocess executor: every step is a process, and the
# folder is parsed in shares of SHARE_MB, a step each, as many at a time as the executor allows
# (max_concurrent, default one per core). Swapping executor_def for dagster-celery's or
# dagster-k8s's runs the same steps on other machines (README, Performance).
parallel_build_job = dg.define_asset_job(
    PARALLEL_JOB,
    selection=dg.AssetSelection.all(),
    executor_def=dg.multiprocess_executor,
    config=PARALLEL_CONFIG,
    description="build_warehouse with a process per step and the folder parsed in shares, in parallel.",
)


def make_definitions(
    published: Path | None = None,
    source: Path | None = None,
    allow_empty: bool = False,
    loggers: dict[str, dg.LoggerDefinition] | None = None,
) -> dg.Definitions:
    """The code location, optionally for another landing folder and published file."""
    return dg.Definitions(
        assets=ALL_ASSETS,
        asset_checks=[gx_checks],
        jobs=[build_job, parallel_build_job],
        sensors=[landing_folder_sensor],
        schedules=[daily_refresh],
        resources=default_resources(published=published, source=source, allow_empty=allow_empty),
        executor=dg.in_process_executor,
        loggers=loggers,
    )


defs = make_definitions()


def parallel_job() -> dg.JobDefinition:
    """The parallel job as `dg.reconstructable` wants it: each step's process imports this
    module and rebuilds the job, finding the folder and file in GAZETTE_SOURCE and
    GAZETTE_WAREHOUSE (set by `gazette build --parallel`)."""
    return make_definitions(loggers={"progress": progress_logger}).resolve_job_def(PARALLEL_JOB)
