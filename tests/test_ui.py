"""The UI as a data engineer uses it: `gazette ui` serves the code location, and one launch of
`build_warehouse` (no partition to pick) builds and publishes everything in one run."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, query

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until(predicate, seconds: float, what: str, process: subprocess.Popen) -> None:
    """Poll for an event with a generous bound; stop at once if the server died."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        assert process.poll() is None, f"gazette ui exited while waiting for {what}"
        time.sleep(1)
    raise AssertionError(f"{what} did not happen within {seconds} s")


def _serving(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def _failures(home: Path, run_id: str) -> str:
    """What the run's failure events say, so a run that failed explains itself in the output."""
    import dagster as dg

    lines = []
    try:
        with dg.DagsterInstance.from_config(str(home)) as instance:
            for entry in instance.all_logs(run_id):
                event = entry.dagster_event
                if event is None or not (event.is_failure or "rror" in (entry.user_message or "")):
                    continue
                lines.append(f"{event.event_type_value} {event.step_key or ''}: {entry.user_message}")
                error = getattr(event.event_specific_data, "error", None)
                if error is not None:
                    lines.append(error.to_string())
    except Exception as error:  # the run's failure is the finding; this only explains it
        lines.append(f"(its events could not be read: {error!r})")
    return "\n".join(lines)


def test_one_launch_in_the_ui_builds_everything(tmp_path: Path) -> None:
    from dagster_graphql import DagsterGraphQLClient, DagsterGraphQLClientError

    landing = tmp_path / "landing"
    landing.mkdir()
    shutil.copy(FIXTURES / "web_capture.txt", landing / "台州.txt")
    warehouse = tmp_path / "wh" / "gazette.duckdb"
    port = _free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
        "GAZETTE_SOURCE": str(landing),
        "GAZETTE_WAREHOUSE": str(warehouse),
    }
    ui = subprocess.Popen(
        [str(Path(sys.executable).with_name("gazette")), "ui", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_until(lambda: _serving(port), 600, "the UI serving", ui)
        client = DagsterGraphQLClient("127.0.0.1", port_number=port)

        def submitted() -> str | None:
            try:
                return client.submit_job_execution("build_warehouse")
            except DagsterGraphQLClientError:  # the code location is still loading
                return None

        run_ids: list[str] = []
        _wait_until(lambda: bool(run_ids.append(submitted()) or run_ids[-1]), 600, "the run submitted", ui)
        run_id = run_ids[-1]
        done = {"SUCCESS", "FAILURE", "CANCELED"}
        _wait_until(lambda: client.get_run_status(run_id).value in done, 1200, "the run finishing", ui)
        assert client.get_run_status(run_id).value == "SUCCESS", _failures(tmp_path / "dagster_home", run_id)
        assert query(warehouse, "select count(*) from marts.dim_documents") == [(1,)]
        assert query(warehouse, "select source_file from raw.files") == [("台州.txt",)]
    finally:
        # the whole session at once: `dagster dev` can take minutes to wind down its webserver,
        # daemon and code servers, and nothing here needs a graceful stop
        os.killpg(ui.pid, signal.SIGKILL)
        ui.wait()
