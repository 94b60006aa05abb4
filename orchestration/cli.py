"""The `gazette` command (see CONTRACT.md): build, ui, docs, status, bench, eval."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from orchestration import settings


def _build(args: argparse.Namespace) -> int:
    source = Path(args.source).resolve()
    warehouse = Path(args.warehouse).resolve()
    if not source.exists():
        print(f"gazette build: source folder {source} does not exist", file=sys.stderr)
        return 2
    if not source.is_dir():
        print(f"gazette build: --source {source} is a file; give the folder that holds it", file=sys.stderr)
        return 2
    from orchestration.ingest import gazette_files

    if not gazette_files(source) and not args.allow_empty:
        print(f"gazette build: no gazette files in {source} (--allow-empty to build anyway)", file=sys.stderr)
        return 2
    from orchestration import warm_dbt, workers
    from orchestration.fingerprint import compare

    comparison = compare(source, warehouse)
    if comparison.unchanged_since is not None and not args.force:
        print(
            f"gazette build: nothing changed since run {comparison.unchanged_since} published {warehouse.name} "
            "(same files, same contents, same code): nothing parsed, rebuilt or republished (--force builds anyway)"
        )
        return _status_of(warehouse)
    if comparison.new_bytes >= workers.PARALLEL_MIN_BYTES and not args.parallel:
        workers.start(settings.parse_workers())  # they import the parsers while this process imports Dagster
    try:
        with warm_dbt.waiting():  # dbt imports on the other core while this process imports Dagster
            return _run_build(args, source, warehouse)
    finally:
        workers.stop()


def _run_build(args: argparse.Namespace, source: Path, warehouse: Path) -> int:
    import dagster as dg

    from orchestration.build import build
    from orchestration.defs.writer import wait_for_writer

    gc.freeze()  # the imports' objects live as long as the process: the collector's full passes skip them
    signal.signal(signal.SIGTERM, _interrupted)
    settings.dagster_home(warehouse)
    instance = dg.DagsterInstance.get()
    log = settings.build_log(warehouse)
    log.parent.mkdir(parents=True, exist_ok=True)
    try:
        wait_for_writer(instance, lambda line: print(line, file=sys.stderr, flush=True))
        with open(log, "w", encoding="utf-8") as dbt_output:
            quiet = contextlib.nullcontext() if args.verbose else contextlib.redirect_stdout(dbt_output)
            with quiet:
                outcome = build(
                    source,
                    warehouse,
                    instance=instance,
                    log_level="DEBUG" if args.verbose else "INFO",
                    allow_empty=args.allow_empty,
                    parallel=args.parallel,
                )
    except KeyboardInterrupt:
        print(f"gazette build: stopped; {warehouse} left as it was", file=sys.stderr)
        return 130
    if outcome.success:
        return _status_of(warehouse)
    print(f"gazette build failed (run {outcome.run_id}); {warehouse} left as it was", file=sys.stderr)
    for failure in outcome.failures:
        print(f"  {failure}", file=sys.stderr)
    for check in outcome.failed_checks:
        if check.split(": ", 1)[0].endswith("(error)"):
            print(f"  failed check {check}", file=sys.stderr)
    if not args.verbose:
        print(f"  dbt output: {log} (or run again with -v)", file=sys.stderr)
    return 1


def _interrupted(signum: int, frame: object) -> None:
    """SIGTERM stops a build as Ctrl-C does: the published file is only ever replaced whole."""
    raise KeyboardInterrupt


def _published_header(con: Any, warehouse: Path) -> list[str]:
    """What a user asks first: which file, published when, by which run, and what failed."""
    import duckdb

    published = dt.datetime.fromtimestamp(warehouse.stat().st_mtime).strftime("%Y-%m-%d %H:%M:%S")
    lines = [f"published warehouse: {warehouse}", f"  published at {published}"]
    try:
        latest = con.execute(
            "select run_id, max(checked_at), count(*), count(*) filter (not success), "
            "list(table_name || '.' || check_name order by table_name, check_name) filter (not success) "
            "from quality.latest_check_results group by run_id"
        ).fetchone()
    except duckdb.CatalogException:  # a file published before the latest views existed
        latest = None
    if latest:
        run_id, checked_at, checks, failed, names = latest
        lines.append(f"  run {run_id}, checked at {checked_at:%Y-%m-%d %H:%M:%S}")
        lines.append(
            f"  checks: {checks - failed} of {checks} passed" + (f"; failed: {', '.join(names)}" if failed else "")
        )
    return lines


def _status_of(warehouse: Path) -> int:
    import duckdb

    if not warehouse.exists():
        print(f"no published warehouse at {warehouse}")
        return 1
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        print("\n".join(_published_header(con, warehouse)))
        for (name,) in con.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_schema in ('marts', 'quality') order by 1"
        ).fetchall():
            schema, table = name.split(".")
            n = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
            print(f"  {name:<32} {n:>8} rows")
        for source_file, reason in con.execute(
            "select source_file, reason from quality.rejected_files order by 1"
        ).fetchall():
            print(f"  rejected {source_file}: {reason}")
    finally:
        con.close()
    return 0


def _bench(args: argparse.Namespace) -> int:
    from orchestration.bench import run

    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    for line in run(scales, Path(args.workdir) if args.workdir else None):
        print(line, flush=True)
    return 0


def _eval(args: argparse.Namespace) -> int:
    from orchestration.evaluate import default_sets, run

    sets = default_sets(Path(args.corpus) if args.corpus else None)
    if not sets:
        print(f"gazette eval: no corpus with docs/ found ({args.corpus or '../shared/corpus'})", file=sys.stderr)
        return 2
    text, _ = run(sets, Path(args.workdir), build=not args.no_build, details=not args.summary)
    print(text)
    return 0


def _docs(args: argparse.Namespace) -> int:
    """dbt's documentation site for the project. The catalogue (row counts, column types) is
    read from a copy of the published warehouse, so neither BI readers nor a running build are
    disturbed."""
    warehouse = Path(args.warehouse).resolve()
    if not warehouse.exists():
        print(f"gazette docs: no published warehouse at {warehouse}; run gazette build first", file=sys.stderr)
        return 2
    target = settings.DBT_PROJECT_TARGET
    target.mkdir(parents=True, exist_ok=True)
    snapshot = target / "docs_catalogue.duckdb"
    shutil.copyfile(warehouse, snapshot)
    dbt = Path(sys.executable).with_name("dbt")
    env = {**os.environ, "GAZETTE_BUILD_DB": str(snapshot)}
    command = [str(dbt) if dbt.exists() else "dbt", "docs"]
    project = ["--project-dir", str(settings.DBT_PROJECT_DIR), "--profiles-dir", str(settings.DBT_PROJECT_DIR)]
    done = subprocess.call([*command, "generate", "--static", *project], env=env, cwd=settings.DBT_PROJECT_DIR)
    if done or args.generate_only:
        print(f"documentation: {target / 'static_index.html'}")
        return done
    serve = [*command, "serve", "--port", str(args.port), "--host", args.host, *project]
    return subprocess.call(serve, env=env, cwd=settings.DBT_PROJECT_DIR)


def _ui(args: argparse.Namespace) -> int:
    landing = settings.ensure_landing()
    print(f"watching {landing} (GAZETTE_SOURCE); publishing {settings.warehouse_path()} (GAZETTE_WAREHOUSE)")
    env = {**os.environ, "DAGSTER_HOME": str(settings.dagster_home())}
    dagster = Path(sys.executable).with_name("dagster")
    command = [
        str(dagster) if dagster.exists() else "dagster",
        "dev",
        "-m",
        "orchestration.definitions",
        "--host",
        args.host,
        "--port",
        str(args.port),
    ]
    sys.stdout.flush()
    os.chdir(settings.REPO_ROOT)
    os.execvpe(command[0], command, env)
    return 0  # not reached: this process is now `dagster dev`, so Ctrl-C and SIGTERM reach it directly


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gazette", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser(
        "build",
        help="ingest, model, check and publish the warehouse",
        description="Ingest the gazette files of a folder, run dbt and the quality checks, and publish the "
        "warehouse file if every blocking check passes (else it is left as it was). Files already ingested "
        "with the same content are not parsed again.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    build.add_argument(
        "--source",
        default=str(settings.source_dir()),
        help="folder of gazette files (UTF-8, GB18030, Big5); GAZETTE_SOURCE, else the shipped samples",
    )
    build.add_argument(
        "--warehouse",
        default=str(settings.warehouse_path()),
        help="the published DuckDB file BI tools read; GAZETTE_WAREHOUSE, else warehouse/gazette.duckdb",
    )
    build.add_argument("--allow-empty", action="store_true", help="build even when the folder holds no gazette files")
    build.add_argument(
        "--force",
        action="store_true",
        help="build even when the published warehouse already reflects the folder's files and the current code",
    )
    build.add_argument(
        "--parallel",
        action="store_true",
        help="run the build_warehouse_parallel job: Dagster's multiprocess executor, a process per step, the folder "
        "parsed in shares of 8 MB side by side (pays ~5 s of start-up per step; for large deliveries)",
    )
    build.add_argument(
        "-v", "--verbose", action="store_true", help="print dbt's output and Dagster's events as they happen"
    )
    build.set_defaults(func=_build)
    ui = sub.add_parser("ui", help="start the Dagster UI for this project")
    ui.add_argument(
        "--host",
        default=os.environ.get("GAZETTE_UI_HOST", "127.0.0.1"),
        help="address the UI listens on (GAZETTE_UI_HOST)",
    )
    ui.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("GAZETTE_UI_PORT", "3000")),
        help="port of the UI (GAZETTE_UI_PORT)",
    )
    ui.set_defaults(func=_ui)
    docs = sub.add_parser(
        "docs",
        help="serve the dbt documentation (models, columns, tests, lineage)",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    docs.add_argument("--port", type=int, default=8080, help="port of the documentation site")
    docs.add_argument("--host", default="127.0.0.1", help="address the documentation site listens on")
    docs.add_argument("--warehouse", default=str(settings.warehouse_path()), help="published file to describe")
    docs.add_argument(
        "--generate-only", action="store_true", help="write dbt_project/target/static_index.html and stop"
    )
    docs.set_defaults(func=_docs)
    bench = sub.add_parser("bench", help="time builds of synthetic corpora at several scales")
    bench.add_argument("--scales", default="1,10,100,300", help="comma-separated scale factors (default 1,10,100,300)")
    bench.add_argument(
        "--workdir", default=None, help="a new folder for this run goes here (default: the system temp folder)"
    )
    bench.set_defaults(func=_bench)
    evaluate = sub.add_parser(
        "eval", help="build warehouses from the development corpus and the seeds and score them against gold"
    )
    evaluate.add_argument(
        "--corpus", default=None, help="a corpus folder with docs/ and gold/ (default ../shared/corpus, plus the seeds)"
    )
    evaluate.add_argument(
        "--workdir", default=str(settings.REPO_ROOT / "warehouse" / "eval"), help="where the eval warehouses go"
    )
    evaluate.add_argument("--no-build", action="store_true", help="score the warehouses of the last eval again")
    evaluate.add_argument("--summary", action="store_true", help="figures only, without misses and false rows")
    evaluate.set_defaults(func=_eval)
    status = sub.add_parser(
        "status", help="the published file, its run and failed checks, row counts and rejected files"
    )
    status.add_argument(
        "--warehouse", default=str(settings.warehouse_path()), help="published file to report on (GAZETTE_WAREHOUSE)"
    )
    status.set_defaults(func=lambda a: _status_of(Path(a.warehouse).resolve()))
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # `gazette status | head`: the reader stopped reading, which is no error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
