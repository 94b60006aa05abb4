"""The one-shot build: every asset and check, in process, into a chosen warehouse file."""

from __future__ import annotations

import datetime as dt
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from orchestration.definitions import build_job, make_definitions
from orchestration.defs.assets import WRITER_POOL, published_warehouse
from orchestration.defs.progress import progress_logger


@dataclass
class BuildOutcome:
    success: bool
    published: bool
    run_id: str
    failures: list[str]
    stages: dict[str, float]
    failed_checks: list[str] = field(default_factory=list)  # asset/check (severity), dbt's and GX's


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


# Tags a `gazette build` run carries, so a later build can tell whether its process still lives.
PID_TAG, HOST_TAG, START_TAG = "gazette/pid", "gazette/host", "gazette/process_start"


def _process_start(pid: int) -> str | None:
    """The kernel's start time of a process (Linux), which tells a live process from a new one
    that reused its pid; None where /proc is not there."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _alive(pid: int, started: str | None) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return started is None or _process_start(pid) in (None, started)


def own_process_tags() -> dict[str, str]:
    pid = os.getpid()
    return {PID_TAG: str(pid), HOST_TAG: socket.gethostname(), START_TAG: _process_start(pid) or ""}


def running_writer(instance: dg.DagsterInstance) -> str | None:
    """The run holding the warehouse writer slot, if another build is running."""
    info = instance.event_log_storage.get_concurrency_info(WRITER_POOL)
    runs = sorted({slot.run_id for slot in info.claimed_slots})
    return runs[0] if runs else None


def free_dead_writers(instance: dg.DagsterInstance) -> list[str]:
    """Free the writer slot of runs that can no longer release it: finished runs, and
    `gazette build` runs whose process on this machine is gone (kill -9, a crash), which are
    marked failed. Runs launched by the Dagster daemon are left to its run monitoring."""
    freed = []
    info = instance.event_log_storage.get_concurrency_info(WRITER_POOL)
    for run_id in sorted({slot.run_id for slot in info.claimed_slots}):
        run = instance.get_run_by_id(run_id)
        if run is None:
            continue
        if not run.is_finished:
            pid, host = run.tags.get(PID_TAG), run.tags.get(HOST_TAG)
            if not pid or host != socket.gethostname() or _alive(int(pid), run.tags.get(START_TAG) or None):
                continue
            instance.report_run_failed(run, f"gazette build process {pid} ended without finishing this run")
        instance.event_log_storage.free_concurrency_slots_for_run(run_id)
        freed.append(run_id)
    return freed


def wait_for_writer(
    instance: dg.DagsterInstance, say: Callable[[str], None], poll_seconds: float = 1.0, repeat_seconds: float = 60.0
) -> None:
    """Sleep until no live run holds the writer slot, saying whom we wait for (and again every
    minute); slots of dead runs are freed on the way. Sleeping, not spinning, so a waiting build
    costs no CPU and a signal stops it at once."""
    said: tuple[str, float] | None = None
    while True:
        for run_id in free_dead_writers(instance):
            say(f"freed the writer slot of run {run_id}: its process is gone, the run is marked failed")
        holder = running_writer(instance)
        if holder is None:
            return
        if said is None or said[0] != holder or time.monotonic() - said[1] >= repeat_seconds:
            record = instance.get_run_record_by_id(holder)
            started = record.start_time if record else None
            since = f", since {dt.datetime.fromtimestamp(started):%H:%M:%S}" if started else ""
            say(f"waiting for the build already running (run {holder}{since}) to finish writing")
            said = (holder, time.monotonic())
        time.sleep(poll_seconds)


def build(
    source: Path,
    warehouse: Path,
    instance: dg.DagsterInstance | None = None,
    log_level: str = "INFO",
    allow_empty: bool = False,
) -> BuildOutcome:
    """Materialise every asset and check into `warehouse` for every file in `source`, in one run
    of the code location's job; publishes only if all blocking checks pass."""
    instance = instance or dg.DagsterInstance.ephemeral()
    definitions = make_definitions(
        published=warehouse, source=source, allow_empty=allow_empty, loggers={"progress": progress_logger}
    )
    result = definitions.resolve_job_def(build_job.name).execute_in_process(
        instance=instance,
        raise_on_error=False,
        run_config={"loggers": {"progress": {"config": {"log_level": log_level}}}},
        tags=own_process_tags(),
    )
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
