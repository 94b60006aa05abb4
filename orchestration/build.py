"""The one-shot build: every asset and check, in process, into a chosen warehouse file."""

from __future__ import annotations

import contextlib
import copy
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from orchestration.definitions import PARALLEL_CONFIG, build_job, make_definitions, parallel_job
from orchestration.defs.assets import published_warehouse
from orchestration.defs.progress import progress_logger
from orchestration.defs.writer import own_process_tags


@dataclass
class BuildOutcome:
    success: bool
    published: bool
    run_id: str
    failures: list[str]
    stages: dict[str, float]
    failed_checks: list[str] = field(default_factory=list)  # asset/check (severity), dbt's and GX's


def step_seconds(instance: dg.DagsterInstance, run_id: str) -> dict[str, float]:
    """Seconds each step of a run took, start to end, from its step events."""
    starts: dict[str, float] = {}
    seconds: dict[str, float] = {}
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None or event.step_key is None:
            continue
        if event.event_type_value == "STEP_START":
            starts[event.step_key] = entry.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE") and event.step_key in starts:
            seconds[event.step_key] = entry.timestamp - starts[event.step_key]
    return seconds


def stage_seconds(instance: dg.DagsterInstance, run_id: str) -> dict[str, float]:
    """Seconds the run spent per stage (ingest, dbt, checks, publish)."""
    stages = {"ingest": 0.0, "dbt": 0.0, "checks": 0.0, "publish": 0.0}
    for key, seconds in step_seconds(instance, run_id).items():
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
    source: Path,
    warehouse: Path,
    instance: dg.DagsterInstance | None = None,
    log_level: str = "INFO",
    allow_empty: bool = False,
    parallel: bool = False,
    share_mb: float | None = None,
) -> BuildOutcome:
    """Materialise every asset and check into `warehouse` for every file in `source`, in one run
    of the code location's job; publishes only if all blocking checks pass. `parallel` runs the
    parallel job instead, a process per step (it needs a persistent `instance`), parsing the
    folder in shares of `share_mb` (default SHARE_MB)."""
    instance = instance or dg.DagsterInstance.ephemeral()
    loggers = {"loggers": {"progress": {"config": {"log_level": log_level}}}}
    if parallel:
        run_config = {**copy.deepcopy(PARALLEL_CONFIG), **loggers}
        if share_mb is not None:
            run_config["ops"]["gazette_files"]["ops"]["plan_ingest"]["config"]["share_mb"] = share_mb
        step_environment = {
            "GAZETTE_SOURCE": str(source),
            "GAZETTE_WAREHOUSE": str(warehouse),
            "GAZETTE_ALLOW_EMPTY": "1" if allow_empty else "",
        }
        job = dg.reconstructable(parallel_job)  # each step's process rebuilds it from that environment
        with _environment(step_environment), dg.execute_job(job, instance, run_config, own_process_tags()) as result:
            return _outcome(result, instance)
    definitions = make_definitions(
        published=warehouse, source=source, allow_empty=allow_empty, loggers={"progress": progress_logger}
    )
    result = definitions.resolve_job_def(build_job.name).execute_in_process(
        instance=instance, raise_on_error=False, run_config=loggers, tags=own_process_tags()
    )
    return _outcome(result, instance)


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the duration, then restore them: the caller's process
    (a test session, a notebook) must not build the next warehouse from these."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _outcome(result: dg.ExecuteInProcessResult | dg.JobExecutionResult, instance: dg.DagsterInstance) -> BuildOutcome:
    published = any(event.asset_key == published_warehouse.key for event in result.get_asset_materialization_events())
    failures = [
        f"{event.step_key}: {event.step_failure_data.error.message.strip()}"
        for event in result.get_step_failure_events()
        if event.step_failure_data.error
    ]
    failed_checks = [
        f"{evaluation.asset_key.to_user_string()}/{evaluation.check_name} ({evaluation.severity.value.lower()})"
        + (f": {evaluation.description}" if evaluation.description else "")
        for evaluation in result.get_asset_check_evaluations()
        if not evaluation.passed
    ]
    return BuildOutcome(
        result.success and published,
        published,
        result.run_id,
        failures,
        stage_seconds(instance, result.run_id),
        failed_checks,
    )
