"""The Dagster code location: files → raw → dbt models → checks → published warehouse."""

from __future__ import annotations

import dagster as dg

from orchestration import settings  # noqa: F401  (telemetry off before anything else loads)
from orchestration.defs.dbt_project import ensure_manifest

ensure_manifest()

from orchestration.defs.assets import dbt_models, gazette_files, published_warehouse  # noqa: E402
from orchestration.defs.automation import BUILD_JOB, daily_refresh, landing_folder_sensor  # noqa: E402
from orchestration.defs.checks import gx_checks  # noqa: E402
from orchestration.defs.resources import default_resources  # noqa: E402

ALL_ASSETS = [gazette_files, dbt_models, published_warehouse]
ALL_CHECKS = gx_checks

build_job = dg.define_asset_job(BUILD_JOB, selection=dg.AssetSelection.all())

defs = dg.Definitions(
    assets=ALL_ASSETS,
    asset_checks=ALL_CHECKS,
    jobs=[build_job],
    sensors=[landing_folder_sensor],
    schedules=[daily_refresh],
    resources=default_resources(),
    executor=dg.in_process_executor,
)
