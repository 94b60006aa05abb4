"""The warehouse writer slot (the `duckdb_writer` pool): who holds it, whether that run's
process still lives, and waiting for it without spinning.

Dagster frees a pool slot when the run that claimed it ends; a run whose process was killed
(kill -9, a crash, a machine reboot) never ends, so its slot would block every later build.
Every run therefore records which process runs it (tags set as its first writing step starts,
and up front by `gazette build`), and a build that finds the slot taken checks that process.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import socket
import time
from collections.abc import Callable
from pathlib import Path

import dagster as dg

WRITER_POOL = "duckdb_writer"

# Tags a run carries, so a later build can tell whether its process still lives.
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


def record_run_process(context: dg.OpExecutionContext) -> None:
    """Tag the run with the process running this step, when that process is the run's own (the
    in-process executor, as the UI and the sensor launch it). A step of the multiprocess executor
    runs in a child that ends with the step: it records nothing, lest a later build take the
    run for dead while its next step writes (`gazette build --parallel` tags its own process up
    front; a parallel run launched from the UI is freed when it ends or is cancelled)."""
    if multiprocessing.parent_process() is None:
        context.instance.add_run_tags(context.run_id, own_process_tags())


def running_writer(instance: dg.DagsterInstance) -> str | None:
    """The run holding the warehouse writer slot, if another build is running."""
    info = instance.event_log_storage.get_concurrency_info(WRITER_POOL)
    runs = sorted({slot.run_id for slot in info.claimed_slots})
    return runs[0] if runs else None


def free_dead_writers(instance: dg.DagsterInstance) -> list[str]:
    """Free the writer slot of runs that can no longer release it: finished runs, and
    runs whose process on this machine is gone (kill -9, a crash), which are
    marked failed. Runs that have not recorded their process yet (still starting) are left."""
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
