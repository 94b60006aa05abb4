"""`gazette bench`: what the pipeline costs at 1x, 10x and 100x the seeds, printed as a table.

Synthetic corpora are made from the shipped seeds: copy k of a seed has its years shifted by
k // len(seeds) + 1 and carries its copy number in the masthead, so no two files share content
and nothing deduplicates. Each scale is built from scratch through the real job; stage times
come from Dagster's step events; a one-issue refresh is then timed on the largest warehouse;
the README's example queries are timed on the published file. Nothing here is a test: figures
depend on the machine.
"""

from __future__ import annotations

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
    "嘉兴市人民政府关于第{n}号事项的通知\n嘉政发〔2021〕{n}号\n各县(市、区)人民政府,市政府各部门:\n"
    "现将有关事项通知如下,请认真贯彻执行。到2025年,完成任务{n}项。\n嘉兴市人民政府\n2021年5月{d}日\n"
)
PARSE_PEAK = """
import resource, sys
from orchestration.parsing.gazette import parse_gazette
documents = parse_gazette(open(sys.argv[1], "rb").read()).documents.height if sys.argv[2] == "parse" else 0
print(documents, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def parse_memory(folder: Path, notices: int = 40_000) -> str:
    """Peak memory of parsing one large file of many short notices (the worst case per MB for
    the parser: a document per few lines), in a fresh process, beside the same process's peak
    with the imports only."""
    import subprocess
    import sys

    path = folder / "many_notices.txt"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(NOTICE.format(n=n, d=n % 28 + 1) for n in range(notices)), encoding="utf-8")
    megabytes = path.stat().st_size / 1e6
    peaks = {}
    for mode in ("imports", "parse"):
        done = subprocess.run(
            [sys.executable, "-c", PARSE_PEAK, str(path), mode], capture_output=True, text=True, check=True
        )
        documents, peaks[mode] = done.stdout.split()
    parse, floor = float(peaks["parse"]), float(peaks["imports"])
    return (
        f"peak memory parsing one {megabytes:.1f} MB file of {int(documents):,} notices: {parse:.0f} MB "
        f"(imports alone {floor:.0f} MB; {(parse - floor) / megabytes:.0f} MB per MB of input)"
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
        parse_memory(root / "memory"),
        "",
        "| example query | median ms | p95 ms |",
        "|---|---|---|",
    ]
    for name, (median, p95) in _latency(warehouse).items():
        lines.append(f"| {name} | {median:.1f} | {p95:.1f} |")
    return "\n".join(lines)
