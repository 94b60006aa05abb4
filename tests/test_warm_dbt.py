"""A dbt process started ahead (orchestration/warm_dbt.py) runs a command as plain dbt would:
same output, same exit code, once; without it `gazette-dbt` is plain dbt."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from orchestration import warm_dbt

CLIENT = warm_dbt.CLIENT
DBT = Path(sys.executable).with_name("dbt")
LIMIT = 300  # seconds: generous, only so a broken handshake fails instead of hanging


def _run(command: list[str], socket: Path | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != warm_dbt.SOCKET_ENV}
    if socket is not None:
        env[warm_dbt.SOCKET_ENV] = str(socket)
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=LIMIT, check=False)


@pytest.fixture
def started():
    warm = warm_dbt.start()
    assert warm is not None, "Unix sockets passing file descriptors are there on Linux"
    yield warm
    warm.stop()


def test_a_started_process_runs_one_command_as_dbt_would(started: warm_dbt.WarmDbt) -> None:
    plain = _run([str(DBT), "--help"], None)
    warm = _run([str(CLIENT), "--help"], started.socket)
    assert warm.returncode == plain.returncode == 0
    assert warm.stdout == plain.stdout and "build" in warm.stdout
    assert started.process.wait(timeout=LIMIT) == 0  # it served its one command and ended
    assert not started.socket.exists()
    again = _run([str(CLIENT), "--help"], started.socket)  # nothing waits there now: plain dbt
    assert again.returncode == 0 and again.stdout == plain.stdout


def test_dbt_exit_codes_and_errors_come_through(started: warm_dbt.WarmDbt) -> None:
    plain = _run([str(DBT), "no-such-command"], None)
    warm = _run([str(CLIENT), "no-such-command"], started.socket)
    assert plain.returncode == warm.returncode == 2
    assert "no-such-command" in warm.stderr and warm.stderr == plain.stderr


def test_without_a_started_process_the_client_is_plain_dbt(tmp_path: Path) -> None:
    plain = _run([str(DBT), "no-such-command"], None)
    for socket in (None, tmp_path / "nothing-listens-here"):
        result = _run([str(CLIENT), "no-such-command"], socket)
        assert result.returncode == 2 and result.stderr == plain.stderr


def test_stopping_an_unused_process_ends_it_and_removes_its_socket() -> None:
    warm = warm_dbt.start()
    assert warm is not None and warm.socket.exists()
    warm.stop()
    assert warm.process.returncode is not None
    assert not warm.socket.exists() and not warm.socket.parent.exists()


def test_a_waiting_process_ends_when_the_process_that_started_it_ends(tmp_path: Path) -> None:
    """A build killed before its dbt step leaves no dbt process waiting for ever."""
    script = (
        "import sys; from orchestration import warm_dbt; w = warm_dbt.start(); "
        "print(w.process.pid, w.socket, flush=True)"  # and end without stopping it
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=LIMIT, check=True)
    pid, socket = out.stdout.split()
    deadline = time.monotonic() + LIMIT
    while _alive(int(pid)):
        if time.monotonic() > deadline:
            pytest.fail(f"the waiting process {pid} outlived the process that started it")
        time.sleep(0.1)
    assert not Path(socket).exists()


def _alive(pid: int) -> bool:
    """Running, as opposed to gone or a zombie nobody has reaped yet."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_waiting_names_its_process_to_the_commands_and_defers_to_an_outer_one(monkeypatch) -> None:
    monkeypatch.delenv(warm_dbt.SOCKET_ENV, raising=False)
    with warm_dbt.waiting() as outer:
        assert outer is not None and os.environ[warm_dbt.SOCKET_ENV] == str(outer.socket)
        with warm_dbt.waiting() as inner:  # a run's dbt resource inside `gazette build`
            assert inner is None and os.environ[warm_dbt.SOCKET_ENV] == str(outer.socket)
        assert os.environ[warm_dbt.SOCKET_ENV] == str(outer.socket)
    assert warm_dbt.SOCKET_ENV not in os.environ
    assert outer.process.returncode is not None and not outer.socket.exists()


@pytest.mark.parametrize(
    ("argv", "starts"),
    [
        (["dagster", "api", "execute_run", "{}"], True),  # a run worker: the sensor's, the UI's
        (["dagster", "job", "execute", "-m", "orchestration.definitions"], True),
        (["dagster", "dev"], False),
        (["dagster", "api", "grpc"], False),  # a code server evaluating the sensor
        (["dagster", "api", "execute_step", "{}"], False),  # a step process: its run worker started one
    ],
)
def test_a_process_that_executes_a_run_starts_dbt_as_the_code_location_loads(argv: list[str], starts: bool) -> None:
    """Started for the rest of the process, named to its commands and its children, and stopped
    (socket removed) when the process exits; nothing started in the processes that serve the UI
    or evaluate the sensor."""
    script = (
        "import os, sys; from orchestration import warm_dbt\n"
        f"warm = warm_dbt.ahead_of_run({argv!r})\n"
        "print(warm is not None, os.environ.get(warm_dbt.SOCKET_ENV, '-'), warm and warm.process.pid, flush=True)\n"
        "assert warm is None or warm.socket.exists()\n"
    )
    env = {key: value for key, value in os.environ.items() if key != warm_dbt.SOCKET_ENV}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=LIMIT, check=True, env=env
    )
    started, socket, pid = out.stdout.split()
    assert started == str(starts)
    if starts:
        assert not Path(socket).exists() and not _alive(int(pid))  # stopped at exit
    else:
        assert socket == "-"


# dbt as the started process runs it, then its release, then a note of the exit code, then
# waiting (alive, as a process that is still exiting would be) until its standard input closes
RELEASES = """
import os, sys
from pathlib import Path
from orchestration import warm_dbt
code = warm_dbt._run_dbt(sys.argv[1:])
if os.environ["RELEASE"] == "1":
    warm_dbt._release_database()
Path(os.environ["RETURNED"] + ".part").write_text(str(code))
os.replace(os.environ["RETURNED"] + ".part", os.environ["RETURNED"])
sys.stdin.read()
"""


@pytest.mark.parametrize("release", [True, False])
def test_the_build_file_is_free_as_soon_as_the_command_returns(tmp_path: Path, release: bool) -> None:
    """The profile's database is in memory, so dbt-duckdb keeps it, and the build file the plugin
    attached, open after the command; the build opens that file right after dbt returns, while
    the started process may still be exiting. So the process closes it before it replies (and
    without that, the file stays locked while the process lives)."""
    import duckdb

    from orchestration import settings
    from orchestration.dbt_plugin import BUILD_DB

    build_file = tmp_path / "gazette.build.duckdb"
    env = {k: v for k, v in os.environ.items() if k != warm_dbt.SOCKET_ENV}
    env |= {BUILD_DB: str(build_file), "RELEASE": "1" if release else "0", "PYTHONPATH": str(settings.REPO_ROOT)}
    args = ["show", "--inline", "select 6 * 7 as answer", "--target-path", str(tmp_path / "target")]
    args += ["--project-dir", str(settings.DBT_PROJECT_DIR), "--profiles-dir", str(settings.DBT_PROJECT_DIR)]
    returned = tmp_path / "returned"
    env["RETURNED"] = str(returned)
    dbt = subprocess.Popen(
        [sys.executable, "-c", RELEASES, *args],
        env=env,
        cwd=settings.DBT_PROJECT_DIR,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + LIMIT
        while not returned.exists():
            assert dbt.poll() is None, "dbt's process ended before dbt returned"
            assert time.monotonic() < deadline, f"dbt did not return within {LIMIT} s"
            time.sleep(0.1)
        assert returned.read_text() == "0"
        if release:
            with duckdb.connect(str(build_file)) as con:  # the writer's lock: free while dbt's process lives
                assert con.execute("select 1").fetchone() == (1,)
        else:
            with pytest.raises(duckdb.IOException, match="lock"):
                duckdb.connect(str(build_file))
    finally:
        output, _ = dbt.communicate(timeout=LIMIT)
    assert "42" in output
