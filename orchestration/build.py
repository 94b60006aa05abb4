"""The one-shot build: every asset and check, in process, into a chosen warehouse file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from orchestration.definitions import ALL_ASSETS, ALL_CHECKS, build_job
from orchestration.defs.assets import GAZETTE_FILES, gazette_files, published_warehouse
from orchestration.defs.resources import default_resources
from orchestration.ingest import gazette_files as landing_files


def register_files(instance: dg.DagsterInstance, source: Path) -> list[str]:
    """Add a partition for every file in the landing folder; returns every registered key."""
    names = [p.relative_to(source).as_posix() for p in landing_files(source)]
    known = set(instance.get_dynamic_partitions(GAZETTE_FILES.name))
    new = [n for n in names if n not in known]
    if new:
        instance.add_dynamic_partitions(GAZETTE_FILES.name, new)
    return instance.get_dynamic_partitions(GAZETTE_FILES.name)


def partition_range_tags(keys: list[str]) -> dict[str, str]:
    """Tags making one run cover the partitions from the first key to the last."""
    return {"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]}


@dataclass
class BuildOutcome:
    success: bool
    published: bool
    run_id: str
    failures: list[str]
    stages: dict[str, float]


def stage_seconds(instance: dg.DagsterInstance, run_id: str) -> dict[str, float]:
    """Seconds the run spent per stage (ingest, dbt, checks, publish), from its step events."""
    starts: dict[str, float] = {}
    stages = {"ingest": 0.0, "dbt": 0.0, "checks": 0.0, "publish": 0.0}
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None or event.step_key is None:
            continue
        if event.event_type_value == "STEP_START":
            starts[event.step_key] = entry.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE") and event.step_key in starts:
            seconds = entry.timestamp - starts[event.step_key]
            key = event.step_key
            stage = (
                "ingest"
                if "gazette_files" in key
                else "dbt"
                if "dbt_models" in key
                else "publish"
                if "published" in key
                else "checks"
            )
            stages[stage] += seconds
    return stages


def build(
    source: Path, warehouse: Path, instance: dg.DagsterInstance | None = None, log_level: str = "INFO"
) -> BuildOutcome:
    """Materialise every asset and check into `warehouse` for every file in `source`; publishes
    only if all blocking checks pass."""
    instance = instance or dg.DagsterInstance.ephemeral()
    keys = register_files(instance, source)
    return run_build_job(source, warehouse, instance, partition_range_tags(keys) if keys else None, log_level)


def run_build_job(
    source: Path,
    warehouse: Path,
    instance: dg.DagsterInstance,
    tags: dict[str, str] | None,
    log_level: str = "INFO",
) -> BuildOutcome:
    """One run of the build job, for the partitions the tags name (as a sensor request gives
    them); without partitions only the models, checks and publication run."""
    definitions = dg.Definitions(
        assets=ALL_ASSETS,
        asset_checks=ALL_CHECKS,
        jobs=[build_job],
        resources=default_resources(published=warehouse, source=source),
        executor=dg.in_process_executor,
    )
    ranged = bool(tags and "dagster/asset_partition_range_start" in tags)
    result = definitions.resolve_job_def(build_job.name).execute_in_process(
        instance=instance,
        raise_on_error=False,
        run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
        tags=tags,
        asset_selection=None if ranged else [k for a in ALL_ASSETS if a is not gazette_files for k in a.keys],
    )
    published = any(
        event.asset_key == published_warehouse.key
        for event in result.get_asset_materialization_events()
        for event in [event.event_specific_data.materialization]
    )
    failures = [
        f"{event.step_key}: {event.event_specific_data.error.message.strip()}"
        for event in result.all_events
        if event.is_step_failure and event.event_specific_data and event.event_specific_data.error
    ]
    return BuildOutcome(
        result.success and published, published, result.run_id, failures, stage_seconds(instance, result.run_id)
    )
