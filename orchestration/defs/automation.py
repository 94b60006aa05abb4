"""Refreshes: a sensor on the landing folder and a daily schedule, both running the build job.

The sensor lists the landing folder (the warehouse resource's `source`, the folder the ingest
reads) and asks for one run of the build job whenever the folder's listing (names, sizes,
modification times) differs from the last one it asked for. Its cursor is a digest of that
listing and a file count, the same few bytes for ten files or 175,000. Which files changed is
settled by the ingest, which parses a file only when its bytes are new, so a run costs what
changed. The schedule is a backstop for changes the listing cannot see (a file rewritten with
the same size and time).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import dagster as dg

from orchestration.defs.resources import WarehouseResource

BUILD_JOB = "build_warehouse"


def folder_listing(source: Path) -> tuple[int, str]:
    """(files, digest) of the visible files' names, sizes and modification times. A file that
    vanishes between listing and stat is simply not listed: the next tick sees the folder as
    it then is."""
    if not source.is_dir():
        return 0, ""
    digest = hashlib.sha256()
    files = 0
    for path in sorted(source.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_dir():
            continue
        try:
            stat = path.stat()
        except OSError:  # vanished, or a dangling link (which the ingest records as rejected)
            try:
                stat = path.lstat()
            except OSError:
                continue
        digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        files += 1
    return files, digest.hexdigest()


@dg.sensor(
    job_name=BUILD_JOB,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Requests one build when files are added to, changed in or removed from the landing folder.",
)
def landing_folder_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource) -> dg.SensorResult:
    files, digest = folder_listing(warehouse.source_dir)
    cursor = json.dumps({"files": files, "listing": digest})
    if context.cursor == cursor:
        return dg.SensorResult(skip_reason=f"no change in {warehouse.source_dir} ({files} files)", cursor=cursor)
    if not files and not warehouse.allow_empty:
        return dg.SensorResult(skip_reason=f"no gazette files in {warehouse.source_dir}", cursor=cursor)
    return dg.SensorResult(
        run_requests=[dg.RunRequest(tags={"gazette/files": str(files), "gazette/listing": digest[:16]})],
        cursor=cursor,
    )


daily_refresh = dg.ScheduleDefinition(
    name="daily_refresh",
    job_name=BUILD_JOB,
    cron_schedule="0 6 * * *",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Backstop: rebuild every morning at 06:00 (only changed files are parsed).",
)
