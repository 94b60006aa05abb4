"""Refreshes: a sensor on the landing folder and a daily schedule, both running the build job.

The sensor adds a partition (of the gazette_files dynamic partitions) for each new file and asks
for one run covering the new and changed files' partitions; downstream models and checks run in
the same job. The sensor's cursor records each file's size and modification time, so a restarted daemon does
not ask for work it already asked for; content identity (sha256) is settled by the ingest,
which parses a file again only when its bytes are new. The schedule is a backstop for changes
the sensor cannot see (a file replaced with identical size and time).
"""

import json
from pathlib import Path

import dagster as dg

from orchestration import settings
from orchestration.defs.assets import GAZETTE_FILES

BUILD_JOB = "build_warehouse"


def folder_state(source: Path) -> dict[str, list[int]]:
    """name → [size, mtime_ns] for every visible file in the landing folder."""
    if not source.is_dir():
        return {}
    state = {}
    for path in sorted(source.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        try:
            stat = path.stat()
        except OSError:  # a dangling link: the ingest records it as rejected
            stat = path.lstat()
        state[path.name] = [stat.st_size, stat.st_mtime_ns]
    return state


@dg.sensor(
    job_name=BUILD_JOB,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Requests a build when files are added to or changed in the landing folder (GAZETTE_SOURCE).",
)
def landing_folder_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult:
    state = folder_state(settings.source_dir())
    seen = json.loads(context.cursor) if context.cursor else {}
    changed = sorted(name for name, signature in state.items() if seen.get(name) != signature)
    if not changed:
        return dg.SensorResult(skip_reason="no new or changed files", cursor=json.dumps(state))
    registered = context.instance.get_dynamic_partitions(GAZETTE_FILES.name)
    new = [name for name in changed if name not in registered]
    order = [*registered, *new]
    start = min(order.index(name) for name in changed)
    run_key = "landing:" + ",".join(f"{name}@{state[name][1]}" for name in changed)
    tags = {
        "gazette/files": ",".join(changed)[:1000],
        "dagster/asset_partition_range_start": order[start],
        "dagster/asset_partition_range_end": order[-1],
    }
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=run_key[:512], tags=tags)],
        dynamic_partitions_requests=[GAZETTE_FILES.build_add_request(new)] if new else [],
        cursor=json.dumps(state),
    )


daily_refresh = dg.ScheduleDefinition(
    name="daily_refresh",
    job_name=BUILD_JOB,
    cron_schedule="0 6 * * *",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Backstop: rebuild every morning at 06:00 (only changed files are parsed).",
)
