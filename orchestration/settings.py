"""Where things live. One setting, GAZETTE_WAREHOUSE, names the published DuckDB file; the
build file (the only one ever written to) sits beside it and is handed to dbt as
GAZETTE_BUILD_DB, so Dagster and the dbt profile always agree."""

from __future__ import annotations

import atexit
import contextlib
import gc
import json
import os
import shutil
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
DBT_PROJECT_TARGET = DBT_PROJECT_DIR / "target"  # the project's manifest and saved parse state
PARSE_STATE = "partial_parse.msgpack"  # dbt's saved parse state, in a target folder
DEFAULT_SOURCE = REPO_ROOT / "seeds" / "gazettes"
DEFAULT_LANDING = REPO_ROOT / "landing"
DEFAULT_WAREHOUSE = REPO_ROOT / "warehouse" / "gazette.duckdb"

for _name in ("DBT_SEND_ANONYMOUS_USAGE_STATS", "DO_NOT_TRACK"):
    os.environ.setdefault(_name, "false" if _name.startswith("DBT") else "1")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("TQDM_DISABLE", "1")

# The interpreter's last garbage collection walks every object Dagster, dbt and GX imported:
# over a second at the end of a build, a run worker or a code server, after the work is done.
# Frozen at exit, they are left to the operating system; files and connections are closed by then.
atexit.register(gc.freeze)


def background_priority() -> None:
    """Run the calling thread at the lowest priority (Linux sets it per thread; elsewhere
    nothing changes): work done ahead of need, such as imports, then takes only what the
    build's own processes leave of the cores."""
    import threading

    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)


def source_dir() -> Path:
    """What `gazette build` reads without --source: GAZETTE_SOURCE, else the shipped samples
    (CONTRACT.md)."""
    return Path(os.environ.get("GAZETTE_SOURCE", DEFAULT_SOURCE)).resolve()


def landing_dir() -> Path:
    """The folder the code location watches (sensor, schedule, UI builds): GAZETTE_SOURCE, else
    `landing/`, git-ignored and apart from the samples the tests read."""
    return Path(os.environ.get("GAZETTE_SOURCE", DEFAULT_LANDING)).resolve()


def ensure_landing() -> Path:
    """Create the default landing folder on first use, stocked with copies of the shipped
    samples so the first build in the UI shows what `make run` shows."""
    landing = landing_dir()
    if not landing.exists():
        landing.mkdir(parents=True)
        if landing == DEFAULT_LANDING.resolve():
            for sample in sorted(DEFAULT_SOURCE.iterdir()):
                if sample.is_file() and not sample.name.startswith("."):
                    shutil.copy2(sample, landing / sample.name)
    return landing


def warehouse_path() -> Path:
    return Path(os.environ.get("GAZETTE_WAREHOUSE", DEFAULT_WAREHOUSE)).resolve()


def allow_empty() -> bool:
    """Whether a build of an empty landing folder publishes an empty warehouse
    (GAZETTE_ALLOW_EMPTY=1; `gazette build --allow-empty`) instead of failing."""
    return os.environ.get("GAZETTE_ALLOW_EMPTY", "").lower() not in ("", "0", "false", "no")


def instance_dir(published: Path) -> Path:
    """A warehouse's own Dagster instance folder: gazette.duckdb → .gazette.dagster/."""
    return published.with_name(f".{published.stem}.dagster")


def dagster_home(published: Path | None = None) -> Path:
    """The Dagster instance of one warehouse: DAGSTER_HOME if set, else `.<name>.dagster/` beside
    the published file, shared by `gazette build` and `gazette ui` of that warehouse, so the UI
    shows its builds and they queue for one writer slot, while builds of other warehouses
    (benchmarks, evaluations, tests) leave nothing in it that a build would pay for. Its
    dagster.yaml is ours (see `instance_config`) unless someone wrote their own."""
    home = Path(os.environ.get("DAGSTER_HOME", instance_dir(published or warehouse_path()))).resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    wanted = instance_config(home)
    written = config.read_text(encoding="utf-8") if config.exists() else None
    if written is None or (_is_ours(written) and written != wanted):
        config.write_text(wanted, encoding="utf-8")
    os.environ["DAGSTER_HOME"] = str(home)
    return home


INSTANCE_TEMPLATE = REPO_ROOT / "orchestration" / "dagster.yaml"


def instance_config(home: Path) -> str:
    """The dagster.yaml of an instance at `home`: the shipped template with the storage's folder
    filled in (an absolute path, so `DagsterInstance.from_config` reads it without DAGSTER_HOME)."""
    return INSTANCE_TEMPLATE.read_text(encoding="utf-8").replace('"{home}"', json.dumps(str(home)))


def _is_ours(text: str) -> bool:
    """Whether a dagster.yaml was written from our template (by this or an older version, or
    for a folder since moved): its first line says so; removing that line keeps it as edited."""
    return text.startswith("# Copied to $DAGSTER_HOME/dagster.yaml")


def max_file_bytes() -> int:
    """Files above this size are rejected unread (GAZETTE_MAX_FILE_MB, default 32: a gazette
    issue is a few MB, and at 32 MB ingesting the worst file per MB stays under 1 GB)."""
    return int(float(os.environ.get("GAZETTE_MAX_FILE_MB", "32")) * 1e6)


def parse_workers() -> int:
    """Processes that parse files in parallel (GAZETTE_WORKERS, default one per core)."""
    return max(1, int(os.environ.get("GAZETTE_WORKERS", os.cpu_count() or 1)))


def build_path(published: Path) -> Path:
    """The working database behind a published file: gazette.duckdb → gazette.build.duckdb."""
    return published.with_name(f"{published.stem}.build{published.suffix or '.duckdb'}")


def build_log(published: Path) -> Path:
    """Where `gazette build` puts dbt's output unless -v: gazette.duckdb → gazette.build.log."""
    return published.with_name(f"{published.stem}.build.log")


def dbt_target_path(published: Path) -> Path:
    """dbt's target folder for one warehouse, kept between builds: its partial_parse.msgpack
    matches this warehouse's profile, so a refresh skips parsing the project again."""
    return published.with_name(f".{published.stem}.dbt")
