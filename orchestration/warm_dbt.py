"""A dbt process started ahead of its command, so a build does not wait for dbt's imports.

Every `dbt build` is a new Python process that spends about two seconds importing dbt-core, the
DuckDB adapter and this project's plugin (polars, the parsers) before it reads its project: most
of the fixed cost of a one-issue refresh. `start` launches a process that does those imports
while the build ingests, then waits on a Unix socket. dagster-dbt runs `gazette-dbt` as its dbt
executable (`client`): it hands its arguments, environment, working folder and its own standard
streams to the waiting process, which runs dbt exactly as the `dbt` command would, writing into
the same pipe dagster-dbt reads, and returns dbt's exit code. The waiting process serves one
command; without one (none started, already used, gone) the client becomes plain `dbt`.

This module is imported by the client on every dbt command: it imports nothing heavy itself.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from orchestration import settings

CLIENT = Path(sys.executable).with_name("gazette-dbt")
"""The client as pyproject.toml installs it (console script), beside this interpreter."""

SOCKET_ENV = "GAZETTE_WARM_DBT"
"""The socket of a started dbt process waiting for its command; set while a build may use it."""

PRELOAD = (
    "dbt.cli.main",
    "dbt.task.build",
    "dbt.parser.manifest",
    "dbt.adapters.duckdb",
    "orchestration.dbt_plugin",
    "numpy",
    "dbt_common.clients.agate_helper",
)
"""What a dbt build imports before its first model: the CLI, the build task, the parser, the
adapter and the plugin the profile names; numpy, which DuckDB imports when the plugin registers
its first function, and agate, which dbt imports at its first query (0.3-0.4 s of a refresh's
dbt step, waited for by both threads)."""

MAX_REQUEST = 1 << 20


@dataclass
class WarmDbt:
    """A started dbt process and its socket."""

    socket: Path
    process: subprocess.Popen

    def stop(self) -> None:
        """End the process if no command came (a build that failed before dbt, or ran none)
        and remove its socket; one that took a command is waited for (its dbt has returned, or
        been interrupted through the client, by the time a build stops it), killed after 60 s."""
        if self.process.poll() is None and self.socket.exists():
            self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.socket.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            self.socket.parent.rmdir()


def start() -> WarmDbt | None:
    """Launch a dbt process that imports dbt and waits for a command; None where nothing would
    hand it one (the build then runs plain dbt). The socket listens
    before this returns, so a command that comes while dbt still imports waits for it."""
    if not CLIENT.exists() or not hasattr(socket, "SOCK_SEQPACKET") or not hasattr(socket, "send_fds"):
        return None  # an environment installed before the client, or without such sockets
    path = Path(tempfile.mkdtemp(prefix="gazette-dbt-")) / "socket"
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as listener:
        listener.bind(str(path))
        listener.listen(1)
        process = subprocess.Popen(
            [sys.executable, "-m", "orchestration.warm_dbt", str(listener.fileno()), str(os.getpid()), str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=[listener.fileno()],
            start_new_session=True,  # a Ctrl-C reaches it through the client, as it would reach dbt
        )
    return WarmDbt(path, process)


RUN_PROCESSES = (["api", "execute_run"], ["job", "execute"])
"""How Dagster's command line starts a process that executes a run: a run worker (a sensor's,
the schedule's or the UI's run), or `dagster job execute`."""


def ahead_of_run(argv: list[str] | None = None) -> WarmDbt | None:
    """In a process that executes a run, start dbt while the code location loads (the dbt
    resource would start it only when the run starts, and its imports, at the lowest priority,
    then outlast the ingest), named in SOCKET_ENV for the rest of the process and its children
    (a step process of the multiprocess executor hands it the dbt step's command) and stopped
    when the process exits. Elsewhere (a code server, the UI, the daemon) nothing is started."""
    argv = sys.argv if argv is None else argv
    if SOCKET_ENV in os.environ or list(argv[1:3]) not in RUN_PROCESSES:
        return None
    warm = start()
    if warm is not None:
        os.environ[SOCKET_ENV] = str(warm.socket)
        atexit.register(warm.stop)
    return warm


@contextlib.contextmanager
def waiting() -> Iterator[WarmDbt | None]:
    """A started dbt process for the commands run meanwhile (named to them in SOCKET_ENV), stopped
    at the end; none if one is already named (an outer `gazette build` started it) or none can be
    started."""
    warm = None if SOCKET_ENV in os.environ else start()
    if warm is not None:
        os.environ[SOCKET_ENV] = str(warm.socket)
    try:
        yield warm
    finally:
        if warm is not None:
            os.environ.pop(SOCKET_ENV, None)
            warm.stop()


def serve(listening: int, parent: int, path: Path) -> int:
    """The waiting process: import, then run the one command that comes on the `listening`
    socket. Gives up when the process that started it has ended."""
    preparing = threading.Thread(target=_prepare, name="prepare dbt")
    preparing.start()
    preparing.join()
    with socket.socket(fileno=listening) as listener:
        listener.settimeout(1.0)
        while True:
            try:
                connection, _ = listener.accept()
                break
            except TimeoutError:
                if os.getppid() != parent:
                    path.unlink(missing_ok=True)
                    return 0
        path.unlink(missing_ok=True)  # one command only: the next client runs plain dbt
    with connection:
        connection.settimeout(None)
        message, fds, _, _ = socket.recv_fds(connection, MAX_REQUEST, 3)
        request = json.loads(message)
        for target, fd in zip((0, 1, 2), fds, strict=True):
            os.dup2(fd, target)
            os.close(fd)
        for stream in (sys.stdout, sys.stderr):  # as unbuffered as dagster-dbt asks dbt to be
            stream.reconfigure(write_through=True)  # type: ignore[union-attr]
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        connection.sendall(str(os.getpid()).encode())
        code = _run_dbt(request["args"])
        _release_database()
        sys.stdout.flush()
        sys.stderr.flush()
        devnull = os.open(os.devnull, os.O_RDWR)
        for target in (0, 1, 2):  # the reader's pipe ends with the command, not with this process
            os.dup2(devnull, target)
        connection.sendall(str(code).encode())
    return code


def _prepare() -> None:
    """The imports, at the lowest priority (Linux sets it per thread, so the command itself runs
    at the build's): in a full build the parse workers need both cores, in a refresh they are
    idle, so this takes nothing from the one and all it needs from the other."""
    settings.background_priority()
    for module in PRELOAD:
        importlib.import_module(module)
    _build_schemas()
    _build_codecs()


def _build_schemas() -> None:
    """dbt checks its project flags, project, profile, packages, selectors and test results
    against JSON schemas it builds on first use (and keeps): built here, ahead of the command,
    like the imports."""
    for module, name in (
        ("dbt.contracts.project", "ProjectFlags"),
        ("dbt.contracts.project", "Project"),
        ("dbt.adapters.duckdb.credentials", "DuckDBCredentials"),
        ("dbt.contracts.project", "ProfileConfig"),
        ("dbt.contracts.project", "PackageConfig"),
        ("dbt.contracts.selection", "SelectorFile"),
        ("dbt.contracts.project", "Configuration"),
        ("dbt.task.test", "TestResultData"),
    ):
        with contextlib.suppress(Exception):  # dbt's internals: one moved, dbt builds it itself
            getattr(importlib.import_module(module), name).json_schema()


def _build_codecs() -> None:
    """dbt's manifest classes generate their msgpack and dict codecs on first use: the command's
    first act is to read its saved parse state and flatten its nodes (0.1 s of generated code).
    Reading the project's own saved state here, the same classes, generates them ahead."""
    with contextlib.suppress(Exception):  # dbt's internals, as above
        from dbt.contracts.graph.manifest import Manifest
        from dbt.parser.manifest import extended_mashumuro_decoder

        saved = settings.DBT_PROJECT_TARGET / settings.PARSE_STATE
        Manifest.from_msgpack(saved.read_bytes(), decoder=extended_mashumuro_decoder).build_flat_graph()


def _run_dbt(args: list[str]) -> int:
    """What the `dbt` console script does, in this process (a build leaves out manifest.json)."""
    from dbt.cli.main import cli

    _without_manifest_json()
    sys.argv = ["dbt", *args]
    try:
        cli(args=args, prog_name="dbt")
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


def _release_database() -> None:
    """The profile's database is in memory, so dbt-duckdb keeps it open after the command, and
    with it the build file the plugin attached. Plain dbt releases the file by exiting; this
    process closes it before it replies, so whoever opens the file next (the build, at once)
    finds it free, and checkpointed."""
    with contextlib.suppress(Exception):  # a command that never connected has no database
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager

        DuckDBConnectionManager.env().close()


MANIFEST_FILES = ("manifest.json", "semantic_manifest.json")


def _without_manifest_json() -> None:
    """dbt writes manifest.json into the target folder after parsing and again after the build,
    every node turned into its artifact form each time: 0.4-0.5 s of a refresh's dbt step. A
    build's target is the warehouse's (gazette build, the sensor's run) and nobody reads a
    manifest there: Dagster reads the project's, prepared once (defs/dbt_project.py), and dbt's
    partial parsing its own msgpack. So a build served here writes none and removes an older
    one; run_results.json and the parse state are written as always, and any other command
    writes its manifest. (`--no-write-json` would leave out run_results.json too.)"""
    from dbt.flags import get_flags
    from dbt.parser import manifest
    from dbt.task import runnable

    written = getattr(manifest, "write_manifest", None)
    if written is None:
        return

    def unless_a_build(artefact: object, target_path: str, *args: object, **kwargs: object) -> None:
        if getattr(get_flags(), "WHICH", None) != "build":
            written(artefact, target_path, *args, **kwargs)
            return
        for name in MANIFEST_FILES:
            Path(target_path, name).unlink(missing_ok=True)

    for module in (manifest, runnable):
        if hasattr(module, "write_manifest"):
            module.write_manifest = unless_a_build


def client(argv: list[str] | None = None) -> int:
    """`gazette-dbt`: dbt through the waiting process when there is one, else plain dbt."""
    args = sys.argv[1:] if argv is None else argv
    path = os.environ.get(SOCKET_ENV)
    connection = _connect(path) if path else None
    if connection is None:
        return _exec_dbt(args)
    env = {name: value for name, value in os.environ.items() if name != SOCKET_ENV}
    request = json.dumps({"args": args, "env": env, "cwd": os.getcwd()}).encode()
    with connection:
        try:
            socket.send_fds(connection, [request], [0, 1, 2])
            pid = int(connection.recv(64) or 0)
        except OSError:
            pid = 0
        if pid:
            for signum in (signal.SIGINT, signal.SIGTERM):  # dagster-dbt stops dbt with SIGINT
                signal.signal(signum, lambda received, _frame: os.kill(pid, received))
        reply = connection.recv(64) if pid else b""
    if not pid:  # the process was gone or taken: nothing ran, so plain dbt runs the command
        return _exec_dbt(args)
    if not reply:
        print(f"gazette-dbt: the dbt process {pid} ended without an exit code", file=sys.stderr)
        return 2
    return int(reply)


def _exec_dbt(args: list[str]) -> int:
    dbt = Path(sys.executable).with_name("dbt")
    os.execv(dbt, [str(dbt), *args])
    return 2  # not reached


def _connect(path: str) -> socket.socket | None:
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        connection.connect(path)
    except OSError:
        connection.close()
        return None
    return connection


if __name__ == "__main__":
    raise SystemExit(serve(int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])))
