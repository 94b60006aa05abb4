"""`gazette bench`: what the pipeline costs at 1x, 10x and 100x the seeds, printed as a table.

Synthetic corpora are made from the shipped seeds: copy k of a seed has its years shifted by
k // len(seeds) + 1 and carries its copy number in the masthead, so no two files share content
and nothing deduplicates. Each scale is built from scratch through the real job; stage times
come from Dagster's step events; a one-issue refresh is then timed on the largest warehouse;
the README's example queries are timed on the published file. Nothing here is a test: figures
depend on the machine.
"""

from __future__ import annotations

import itertools
import re
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

import dagster as dg
import duckdb

from orchestration import settings

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


def _build(source: Path, warehouse: Path, instance: dg.DagsterInstance) -> tuple[float, dict[str, float]]:
    """One run of the build job over the folder, as `gazette build` or the sensor starts it;
    on a warehouse that already holds most files this is the refresh (only new files parsed)."""
    from orchestration.build import build

    started = time.perf_counter()
    outcome = build(source, warehouse, instance, log_level="ERROR")
    elapsed = time.perf_counter() - started
    if not outcome.success:
        raise RuntimeError(f"benchmark build failed: {outcome.failures}")
    return elapsed, outcome.stages


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


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def run(scales: Iterable[int] = (1, 10, 100), workdir: Path | None = None) -> str:
    seeds = sorted(settings.DEFAULT_SOURCE.iterdir())
    root = Path(workdir or tempfile.mkdtemp(prefix="gazette-bench-"))
    lines = [
        "| scale | files | input MB | ingest MB/s | build s | ingest s | dbt s | checks s | publish s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    largest: tuple[Path, Path, dg.DagsterInstance] | None = None
    for scale in scales:
        source = root / f"x{scale}" / "landing"
        files = synthetic_corpus(seeds, len(seeds) * scale, source)
        megabytes = sum(p.stat().st_size for p in files) / 1e6
        instance = dg.DagsterInstance.ephemeral()
        warehouse = root / f"x{scale}" / "gazette.duckdb"
        elapsed, stages = _build(source, warehouse, instance)
        lines.append(
            f"| {scale}x | {len(files)} | {megabytes:.1f} | {megabytes / max(stages['ingest'], 1e-9):.1f} | "
            f"{elapsed:.1f} | {stages['ingest']:.1f} | {stages['dbt']:.1f} | {stages['checks']:.1f} | "
            f"{stages['publish']:.1f} |"
        )
        largest = (source, warehouse, instance)
    assert largest is not None
    source, warehouse, instance = largest
    extra = synthetic_corpus(seeds[-1:], 1, root / "extra")[0]
    shutil.copy(extra, source / "99999_new_issue.txt")
    refresh, stages = _build(source, warehouse, instance)
    lines += [
        "",
        f"one-issue refresh of the largest warehouse: {refresh:.1f} s "
        f"(ingest {stages['ingest']:.1f}, dbt {stages['dbt']:.1f}, checks {stages['checks']:.1f}, "
        f"publish {stages['publish']:.1f})",
        f"peak memory (largest process): {_peak_mb():.0f} MB",
        ingest_memory(root / "memory"),
        "",
        "| example query | median ms | p95 ms |",
        "|---|---|---|",
    ]
    for name, (median, p95) in _latency(warehouse).items():
        lines.append(f"| {name} | {median:.1f} | {p95:.1f} |")
    return "\n".join(lines)
