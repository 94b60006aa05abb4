"""Refreshes that are safe while people use the warehouse: sensor, readers, kills, bad inputs."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest

from orchestration.build import build
from orchestration.defs.automation import landing_folder_sensor
from orchestration.defs.resources import WarehouseResource
from orchestration.ingest import ingest_folder
from orchestration.warehouse import connect, ensure_schema
from tests.conftest import FIXTURES, build_ok, query


def _sensor_tick(instance: dg.DagsterInstance, landing: Path, cursor: str | None) -> dg.SensorResult:
    resources = {"warehouse": WarehouseResource(source=str(landing), path=str(landing.parent / "w.duckdb"))}
    context = dg.build_sensor_context(instance=instance, cursor=cursor, resources=resources)
    return landing_folder_sensor(context)


@pytest.mark.slow
def test_sensor_asks_once_per_change_of_its_landing_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    shutil.copy(FIXTURES / "web_capture.txt", landing / "台州 2021.txt")
    monkeypatch.setenv("GAZETTE_SOURCE", str(tmp_path / "elsewhere"))  # the resource decides, not the env
    warehouse = tmp_path / "wh" / "gazette.duckdb"
    with dg.instance_for_test() as instance:
        first = _sensor_tick(instance, landing, None)
        assert [r.tags["gazette/files"] for r in first.run_requests] == ["1"]
        assert not first.run_requests[0].partition_key  # one run of the whole job, as in the UI
        outcome = build(landing, warehouse, instance)
        assert outcome.success, outcome.failures
        assert query(warehouse, "select count(*) from marts.dim_documents") == [(1,)]

        again = _sensor_tick(instance, landing, first.cursor)
        assert not again.run_requests  # a restart with the cursor asks for nothing new

        shutil.copy(FIXTURES / "issue_simplified.txt", landing / "嘉兴.txt")
        (landing / "gone.txt").symlink_to(tmp_path / "missing.txt")  # dangling: listed, not fatal
        dropped = _sensor_tick(instance, landing, again.cursor)
        assert [r.tags["gazette/files"] for r in dropped.run_requests] == ["3"]
        assert len(dropped.cursor) == len(first.cursor)  # the cursor does not grow with the folder
        (landing / "gone.txt").unlink()
        outcome = build(landing, warehouse, instance)
        assert outcome.success, outcome.failures
        assert query(warehouse, "select count(*) from marts.dim_documents") == [(3,)]
        files = query(warehouse, "select source_file from raw.files order by 1")
        assert files == [("台州 2021.txt",), ("嘉兴.txt",)]

        changed = _sensor_tick(instance, landing, dropped.cursor)
        assert [r.tags["gazette/files"] for r in changed.run_requests] == ["2"]  # a removal is a change too


def test_sensor_cursor_stays_small_for_a_large_folder(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    for n in range(2000):
        (landing / f"{n:05d}.txt").write_text("x")
    with dg.instance_for_test() as instance:
        result = _sensor_tick(instance, landing, None)
    assert json.loads(result.cursor)["files"] == 2000
    assert len(result.cursor) < 200
    assert not _sensor_tick(instance, landing, result.cursor).run_requests


READER = """
import os, sys, time, duckdb
path, ready, stop = sys.argv[1], sys.argv[2], sys.argv[3]
con = duckdb.connect(path, read_only=True)
counts, deadline = [], time.time() + 1800
while not os.path.exists(stop) and time.time() < deadline:
    counts.append(con.execute("select count(*) from marts.dim_documents").fetchone()[0])
    if len(counts) == 1:
        open(ready, "w").close()
    time.sleep(0.05)
con.close()
after = duckdb.connect(path, read_only=True).execute("select count(*) from marts.dim_documents").fetchone()[0]
print(min(counts), max(counts), len(counts), after)
"""


@pytest.mark.slow
def test_a_reader_keeps_working_through_a_refresh(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(FIXTURES / "web_capture.txt", source)
    warehouse, _ = build_ok(source, tmp_path / "gazette.duckdb")
    ready, stop = tmp_path / "reader-ready", tmp_path / "refresh-published"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(warehouse), str(ready), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 300
    while not ready.exists() and reader.poll() is None and time.time() < deadline:
        time.sleep(0.1)  # polling for the event, bounded generously
    assert ready.exists(), reader.stderr.read() if reader.poll() is not None else "reader never read"
    shutil.copy(FIXTURES / "issue_simplified.txt", source)
    build_ok(source, warehouse)  # publishes while the reader holds the old file open
    stop.touch()  # the event the reader waits for: the refresh has published
    out, err = reader.communicate(timeout=300)
    assert reader.returncode == 0, err
    low, high, reads, after = map(int, out.split())
    assert (low, high) == (1, 1) and reads > 20  # the open connection saw the old data, without a pause
    assert after == 3  # and the new data on reconnect


def _session_has_dbt(session: int) -> bool:
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if int(fields[3]) == session and b"dbt" in cmdline and b"build" in cmdline:
            return True
    return False


def _wait_for_text(path: Path, text: str, process: subprocess.Popen, seconds: float = 300) -> str:
    """Poll a process's log for a line, with a generous bound; the event, not a fixed time."""
    deadline = time.monotonic() + seconds
    while text not in path.read_text():
        assert process.poll() is None and time.monotonic() < deadline, path.read_text()[-2000:]
        time.sleep(0.2)
    return path.read_text()


@pytest.mark.slow
def test_a_killed_build_never_blocks_the_next_and_a_waiting_build_stops_on_sigterm(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(FIXTURES / "web_capture.txt", source)
    warehouse, _ = build_ok(source, tmp_path / "gazette.duckdb")
    before = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    shutil.copy(FIXTURES / "issue_simplified.txt", source)
    gazette = Path(sys.executable).with_name("gazette")
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "dagster_home")}  # one instance, one writer slot
    command = [str(gazette), "build", "--source", str(source), "--warehouse", str(warehouse)]

    def start(name: str) -> tuple[subprocess.Popen, Path]:
        log = tmp_path / f"{name}.log"
        with open(log, "w") as stderr:
            return subprocess.Popen(
                command, env=env, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True
            ), log

    first, _ = start("first")
    deadline = time.monotonic() + 300
    while not _session_has_dbt(first.pid) and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.1)
    assert first.poll() is None, "the build finished before it could be killed"

    second, second_log = start("second")
    waiting = _wait_for_text(second_log, "waiting for the build already running (run ", second)
    holder = waiting.split("(run ", 1)[1].split(",", 1)[0].split(")", 1)[0]
    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=60) == 130  # stops at once, not after the first build
    assert "stopped" in second_log.read_text()

    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == before

    third, third_log = start("third")
    assert third.wait(timeout=900) == 0, third_log.read_text()[-2000:]
    assert f"freed the writer slot of run {holder}" in third_log.read_text()
    assert query(warehouse, "select count(*) from marts.dim_documents") == [(3,)]
    assert not list(warehouse.parent.glob(".*.publishing"))
    instance = dg.DagsterInstance.from_config(env["DAGSTER_HOME"])
    assert instance.get_run_by_id(holder).status == dg.DagsterRunStatus.FAILURE


def test_an_oversized_file_is_rejected_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(FIXTURES / "issue_simplified.txt", source / "big.txt")
    shutil.copy(FIXTURES / "pinyin_traditional.txt", source / "small.txt")
    monkeypatch.setenv("GAZETTE_MAX_FILE_MB", "0.001")  # 1,000 bytes
    with connect(tmp_path / "w.duckdb") as con:
        ensure_schema(con)
        report = ingest_folder(con, source, "run-1")
    assert report.parsed == ["small.txt"]
    assert report.rejected["big.txt"].startswith("too large: ")
    assert "GAZETTE_MAX_FILE_MB" in report.rejected["big.txt"]


def test_the_sensor_lists_a_folder_whose_files_come_and_go(tmp_path: Path) -> None:
    """Files created and deleted while the sensor lists the folder never make a tick fail."""
    import threading

    from orchestration.defs.automation import folder_listing

    landing = tmp_path / "landing"
    landing.mkdir()
    stop = threading.Event()

    def churn() -> None:
        n = 0
        while not stop.is_set():
            path = landing / f"{n % 50:02d}.txt"
            if path.exists():
                path.unlink(missing_ok=True)
            else:
                path.write_text("x")
            n += 1

    worker = threading.Thread(target=churn)
    worker.start()
    try:
        counts = {folder_listing(landing)[0] for _ in range(300)}
    finally:
        stop.set()
        worker.join()
    assert counts <= set(range(51))


@pytest.mark.slow
def test_a_build_with_nothing_to_do_publishes_nothing_and_says_so(tmp_path: Path) -> None:
    """`gazette build` twice on the same folder: the second parses, models and publishes
    nothing (the published file is the same inode, untouched) and no Dagster run is made."""
    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(FIXTURES / "web_capture.txt", source)
    warehouse = tmp_path / "gazette.duckdb"
    gazette = Path(sys.executable).with_name("gazette")
    command = [str(gazette), "build", "--source", str(source), "--warehouse", str(warehouse)]
    env = {key: value for key, value in os.environ.items() if key != "DAGSTER_HOME"}  # the warehouse's own
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    assert first.returncode == 0, first.stderr[-2000:]
    published = warehouse.stat()
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    assert second.returncode == 0, second.stderr[-2000:]
    assert "nothing changed since run" in second.stdout and "nothing parsed, rebuilt or republished" in second.stdout
    again = warehouse.stat()
    assert (again.st_ino, again.st_mtime_ns) == (published.st_ino, published.st_mtime_ns)
    instance = dg.DagsterInstance.from_config(str(tmp_path / ".gazette.dagster"))
    assert len(instance.get_runs()) == 1
    shutil.copy(FIXTURES / "issue_simplified.txt", source)  # something to do again
    third = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    assert third.returncode == 0 and "nothing changed" not in third.stdout, third.stderr[-2000:]
    assert len(instance.get_runs()) == 2 and warehouse.stat().st_ino != published.st_ino
