"""`gazette bench`: what a user waits for, at 1x, 10x, 100x and 300x the seeds, beside a floor.

Every figure is the wall clock of a whole process as a user starts it (`gazette build`), next
to the floor measured in the same run (orchestration/bench_floor.py): a new warehouse of the
seeds, the same folder again with nothing changed, and for each scale a full build and a
one-issue refresh. Stage times from Dagster's step events explain the wall clocks; they do not
replace them. Synthetic corpora are made from the shipped seeds: copy k of a seed has its years
shifted by k // len(seeds) + 1 and carries its copy number in the masthead, so no two files
share content and nothing deduplicates. Nothing here is a test: figures depend on the machine.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb

from orchestration import bench_floor, settings
from orchestration.defs.automation import BUILD_JOB
from orchestration.defs.dbt_project import ensure_manifest
from orchestration.workers import PARALLEL_MIN_BYTES

QUERIES = {
    "documents by region and year": (
        "select region, year(issued_date) as year, count(*) from marts.dim_documents group by all order by all"
    ),
    "tasks an agency leads": (
        "select b.region, t.task_text, t.deadline, t.weight from marts.fct_tasks t "
        "join marts.bridge_task_agencies b using (task_id) where b.short_name = '市环保局' and b.role = 'lead'"
    ),
    "gas projects by category": (
        "select category, count(*), sum(total_investment_cny) / 1e8 from marts.fct_facility_projects "
        "where table_title like '%天然气%' group by all"
    ),
}
_YEAR = re.compile(r"(?<!\d)(20[0-4]\d)(?=\s*年)")


def synthetic_corpus(seeds: list[Path], copies: int, target: Path) -> list[Path]:
    """`copies` distinct files made from the seeds (years shifted, copy number in the header)."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for n in range(copies):
        seed = seeds[n % len(seeds)]
        shift = n // len(seeds)
        text = seed.read_text(encoding="utf-8")
        if shift:
            text = _YEAR.sub(lambda m, s=shift: str(int(m.group(1)) + s), text)
        path = target / f"{n:05d}_{seed.stem}.txt"
        path.write_text(f"副本{n}\n{text}", encoding="utf-8")
        written.append(path)
    return written


def _latency(warehouse: Path, repeats: int = 30) -> dict[str, tuple[float, float]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    figures = {}
    try:
        for name, sql in QUERIES.items():
            timings = []
            for _ in range(repeats):
                started = time.perf_counter()
                con.execute(sql).fetchall()
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            figures[name] = (statistics.median(timings), timings[int(0.95 * (len(timings) - 1))])
    finally:
        con.close()
    return figures


NOTICE = (
    "关于第{n}号事项的通知\n嘉政发〔2021〕{n}号\n现将有关事项通知如下,请认真贯彻执行。\n"
    "嘉兴市人民政府\n2021年5月{d}日\n"
)
INGEST_PEAK = """
import resource, sys
from pathlib import Path
if sys.argv[2] == "ingest":
    from orchestration.ingest import ingest_folder
    from orchestration.warehouse import connect, ensure_schema
    with connect(Path(sys.argv[3])) as con:
        ensure_schema(con)
        rows = ingest_folder(con, Path(sys.argv[1]), "bench").rows
else:
    import orchestration.ingest
    rows = {"raw.files": 0, "raw.clauses": 0}
status = Path("/proc/self/status")  # VmHWM is this process's own peak; ru_maxrss keeps the parent's
lines = status.read_text().splitlines() if status.exists() else []
own = next((int(line.split()[1]) for line in lines if line.startswith("VmHWM")), None)
own = own if own is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(rows["raw.files"], rows["raw.clauses"], max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024)
"""


def ingest_memory(folder: Path) -> str:
    """Peak memory of ingesting one file at the size limit (GAZETTE_MAX_FILE_MB) made of short
    notices, the worst case per MB (a line per 30 bytes, one document of hundreds of thousands of
    clauses), into a new warehouse in a fresh process, beside the same process's peak with the
    imports only."""
    import subprocess
    import sys

    source = folder / "landing"
    source.mkdir(parents=True, exist_ok=True)
    notices, size, limit = [], 0, settings.max_file_bytes()
    for n in itertools.count():
        notice = NOTICE.format(n=n, d=n % 28 + 1)
        size += len(notice.encode("utf-8"))
        if size > limit:
            break
        notices.append(notice)
    path = source / "many_notices.txt"
    path.write_text("".join(notices), encoding="utf-8")
    megabytes = path.stat().st_size / 1e6
    peaks, clauses = {}, "0"
    for mode in ("imports", "ingest"):
        done = subprocess.run(
            [sys.executable, "-c", INGEST_PEAK, str(source), mode, str(folder / "memory.duckdb")],
            capture_output=True,
            text=True,
            check=True,
        )
        files, clauses, peaks[mode] = done.stdout.split()
        assert mode == "imports" or files == "1", f"the {megabytes:.1f} MB file was not ingested"
    ingest, floor = float(peaks["ingest"]), float(peaks["imports"])
    return (
        f"peak memory ingesting one {megabytes:.1f} MB file of {len(notices):,} short notices "
        f"({int(clauses):,} clauses) at the {limit / 1e6:.0f} MB limit: {ingest:.0f} MB "
        f"(imports alone {floor:.0f} MB; {(ingest - floor) / megabytes:.0f} MB per MB of input)"
    )


@dataclass
class Timed:
    """One whole process as a user starts it: wall clock, and the peak memory of the largest
    process in its tree (the build, a parse worker or dbt)."""

    seconds: float
    peak_mb: float
    output: str


def timed(command: list[str], env: dict[str, str]) -> Timed:
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"benchmark step failed ({' '.join(command[:3])} …):\n{output[-3000:]}")
    return Timed(seconds, usage.ru_maxrss / 1024, output)


def _gazette_build(source: Path, warehouse: Path, *options: str) -> Timed:
    """`gazette build` as a user runs it, with the warehouse's own Dagster instance."""
    gazette = Path(sys.executable).with_name("gazette")
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    return timed([str(gazette), "build", "--source", str(source), "--warehouse", str(warehouse), *options], env)


def _sensor_run(source: Path, warehouse: Path) -> Timed:
    """The run the landing-folder sensor asks for, as the daemon's run worker executes it: the
    code location's job in a process of its own, in the warehouse's instance."""
    dagster = Path(sys.executable).with_name("dagster")
    env = {
        **os.environ,
        "GAZETTE_SOURCE": str(source),
        "GAZETTE_WAREHOUSE": str(warehouse),
        "DAGSTER_HOME": str(settings.instance_dir(warehouse)),
    }
    return timed([str(dagster), "job", "execute", "-m", "orchestration.definitions", "-j", BUILD_JOB], env)


def _stages(warehouse: Path) -> dict[str, float]:
    """Stage seconds of the warehouse's latest run, from its Dagster instance."""
    from orchestration.build import stage_seconds

    instance = dg.DagsterInstance.from_config(str(settings.instance_dir(warehouse)))
    runs = instance.get_runs(limit=1)
    return stage_seconds(instance, runs[0].run_id) if runs else {}


def _step_seconds(warehouse: Path, step: str) -> list[float]:
    """Seconds of each step of the warehouse's latest run whose key contains `step`."""
    from orchestration.build import step_seconds

    instance = dg.DagsterInstance.from_config(str(settings.instance_dir(warehouse)))
    runs = instance.get_runs(limit=1)
    return [seconds for key, seconds in step_seconds(instance, runs[0].run_id).items() if step in key] if runs else []


def parallel_run(source: Path, warehouse: Path, files: int, megabytes: float, full: Timed) -> Iterator[str]:
    """The same folder built by the parallel job (`gazette build --parallel`): a process per
    step, the folder parsed in shares side by side; per-file costs for the many-machines plan."""
    parallel = _gazette_build(source, warehouse, "--parallel")
    parses = _step_seconds(warehouse, "parse_files")
    (load,) = _step_seconds(warehouse, "load_files") or [0.0]
    yield (
        f"parallel job on the same {files} files ({megabytes:.1f} MB, `gazette build --parallel`): "
        f"{parallel.seconds:.1f} s wall ({parallel.seconds / full.seconds:.2f}x the one-process build); "
        f"stages {_stage_text(_stages(warehouse))}; "
        f"{len(parses)} parse steps of {min(parses):.1f}-{max(parses):.1f} s, "
        f"{sum(parses) / files * 1000:.0f} ms of parse step per file ({megabytes / sum(parses):.1f} MB/s per step "
        f"process, start-up included); the one loader {load:.1f} s ({load / files * 1000:.0f} ms per file)"
    )


def _floor(root: Path, runs: int = 2) -> float:
    """The floor's wall clock, best of `runs` (the first also warms the disk cache)."""
    project = bench_floor.prepare(root / "floor")
    return min(timed(*bench_floor.command(project, n)).seconds for n in range(runs))


def _stage_text(stages: dict[str, float]) -> str:
    return ", ".join(f"{name} {seconds:.1f}" for name, seconds in stages.items())


def run(scales: Iterable[int] = (1, 10, 100, 300), workdir: Path | None = None) -> Iterator[str]:
    """Every figure the README quotes, as whole processes a user starts, beside the floor
    measured in the same run; lines come as they are measured (a full run takes a while)."""
    seeds = sorted(settings.DEFAULT_SOURCE.iterdir())
    if workdir is not None:
        workdir.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="gazette-bench-", dir=workdir))  # new: an old run's files would skew it
    ensure_manifest()  # prepared beforehand, as the floor's is (make setup does it once)
    floor = _floor(root)
    yield f"floor (one Python asset + dagster-dbt building 2 models with 2 tests, new instance): {floor:.1f} s"
    yield ""
    yield "| `gazette build` on the seeds | wall s | x floor | stages s (from Dagster's step events) |"
    yield "|---|---|---|---|"
    first_of_session = _gazette_build(settings.DEFAULT_SOURCE, root / "seeds_cold" / "gazette.duckdb")
    seeds_warehouse = root / "seeds" / "gazette.duckdb"
    first = _gazette_build(settings.DEFAULT_SOURCE, seeds_warehouse)  # best of two, as the floor is
    if first_of_session.seconds < first.seconds:
        first, seeds_warehouse = first_of_session, root / "seeds_cold" / "gazette.duckdb"
    stages = _stage_text(_stages(seeds_warehouse))
    yield f"| new warehouse | {first.seconds:.1f} | {first.seconds / floor:.2f} | {stages} |"
    again = _gazette_build(settings.DEFAULT_SOURCE, seeds_warehouse)
    assert "nothing changed" in again.output, again.output[-2000:]
    nothing = "no run: nothing parsed, rebuilt or republished"
    yield f"| nothing changed | {again.seconds:.1f} | {again.seconds / floor:.2f} | {nothing} |"
    yield ""
    yield (
        "| scale | files | input MB | full build s | ingest MB/s per core | one-issue refresh s | refresh / full "
        "| sensor's run s | sensor / full | peak MB |"
    )
    yield "|---|---|---|---|---|---|---|---|---|---|"
    details, queried, compared = [], None, None
    for scale in scales:
        source = root / f"x{scale}" / "landing"
        files = synthetic_corpus(seeds, len(seeds) * scale, source)
        megabytes = sum(p.stat().st_size for p in files) / 1e6
        warehouse = root / f"x{scale}" / "gazette.duckdb"
        full = _gazette_build(source, warehouse)
        stages = _stages(warehouse)
        cores = min(settings.parse_workers(), os.cpu_count() or 1, len(files))
        cores = cores if megabytes * 1e6 >= PARALLEL_MIN_BYTES else 1  # a small delivery is parsed in process
        per_core = megabytes / max(stages.get("ingest", 0), 1e-9) / cores
        extra = synthetic_corpus(seeds[-1:], 1, root / f"x{scale}" / "extra")[0]
        shutil.copy(extra, source / "99999_new_issue.txt")
        refresh = _gazette_build(source, warehouse)
        assert "nothing changed" not in refresh.output, refresh.output[-2000:]
        refresh_stages = _stages(warehouse)
        newer = synthetic_corpus(seeds[-2:-1], 1, root / f"x{scale}" / "newer")[0]  # another new issue
        shutil.copy(newer, source / "99999_newer_issue.txt")
        sensor = _sensor_run(source, warehouse)
        yield (
            f"| {scale}x | {len(files)} | {megabytes:.1f} | {full.seconds:.1f} | {per_core:.1f} | "
            f"{refresh.seconds:.1f} | {refresh.seconds / full.seconds:.2f} | {sensor.seconds:.1f} | "
            f"{sensor.seconds / full.seconds:.2f} | {max(full.peak_mb, refresh.peak_mb, sensor.peak_mb):.0f} |"
        )
        details.append(
            f"- {scale}x full: {_stage_text(stages)}; refresh: {_stage_text(refresh_stages)}; "
            f"sensor's run: {_stage_text(_stages(warehouse))}"
        )
        if queried is None or scale <= 100:
            queried = warehouse
            compared = (source, root / f"x{scale}" / "parallel" / "gazette.duckdb", len(files), megabytes, full)
    yield ""
    yield "stage seconds (the rest of each wall clock: imports, Dagster instance and run bookkeeping):"
    yield from details
    if compared is not None:
        yield ""
        yield from parallel_run(*compared)
    yield ""
    yield ingest_memory(root / "memory")
    if queried is not None:
        yield ""
        yield f"example queries on the {queried.parent.name} warehouse:"
        yield "| query | median ms | p95 ms |"
        yield "|---|---|---|"
        for name, (median, p95) in _latency(queried).items():
            yield f"| {name} | {median:.1f} | {p95:.1f} |"
