"""The build under Dagster's multiprocess executor, the folder parsed in shares by steps of
their own, gives the warehouse the one-process build gives."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg
import pytest

from orchestration.build import build
from orchestration.defs.writer import PID_TAG
from orchestration.settings import build_path, instance_config
from tests.conftest import FIXTURES, query
from tests.test_incremental import CHECKS, FLAGGED, differences

FILES = ("web_capture.txt", "issue_simplified.txt", "tasks_mixed.txt", "project_table_lines.txt", "issue_guangdong.txt")


@pytest.mark.slow
def test_the_multiprocess_run_parses_in_shares_and_gives_the_same_warehouse(tmp_path: Path) -> None:
    source = tmp_path / "landing"
    source.mkdir()
    for name in FILES:
        shutil.copy(FIXTURES / name, source)
    (source / "unreadable.txt").write_bytes(b"\x00\xff" * 64)  # rejected the same way by both
    one_process = tmp_path / "one_process.duckdb"
    assert build(source, one_process, instance=dg.DagsterInstance.ephemeral()).published

    parallel = tmp_path / "parallel.duckdb"
    home = tmp_path / "instance"  # as gazette build makes one: a writer at a time in the duckdb_writer pool
    home.mkdir()
    (home / "dagster.yaml").write_text(instance_config(home))
    with dg.DagsterInstance.from_config(str(home)) as instance:
        names = ("GAZETTE_SOURCE", "GAZETTE_WAREHOUSE", "GAZETTE_ALLOW_EMPTY")
        settings = {name: os.environ.get(name) for name in names}
        outcome = build(source, parallel, instance=instance, parallel=True, share_mb=0.002)
        assert {name: os.environ.get(name) for name in settings} == settings  # the steps' settings end with the build
        assert outcome.published, outcome.failures
        steps = {
            event.step_key
            for event in instance.all_logs(outcome.run_id)
            if event.dagster_event and event.dagster_event.event_type_value == "STEP_SUCCESS"
        }
        parse_pids = [
            event.dagster_event.pid
            for event in instance.all_logs(outcome.run_id)
            if event.dagster_event
            and event.dagster_event.event_type_value == "STEP_START"
            and "parse_files" in (event.dagster_event.step_key or "")
        ]
        run_pid = instance.get_run_by_id(outcome.run_id).tags.get(PID_TAG)
    assert run_pid == str(os.getpid())  # the run's own process, not a step's that has ended
    parse_steps = sorted(step for step in steps if "parse_files" in step)
    assert len(parse_steps) >= 3, steps  # the folder was cut into shares, a step each
    assert len(set(parse_pids)) == len(parse_steps) and os.getpid() not in parse_pids  # each in its own process

    assert differences(one_process, parallel, ("raw", "intermediate", "marts")) == {}
    for sql in (CHECKS, FLAGGED):
        assert query(one_process, sql) == query(parallel, sql)
    rejected = "select source_file, reason from quality.rejected_files order by 1"
    assert query(one_process, rejected) == query(parallel, rejected) != []
    assert not list(build_path(parallel).parent.glob(".*spool*")), "the run's spool was left behind"
