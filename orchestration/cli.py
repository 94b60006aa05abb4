"""The `gazette` command (see CONTRACT.md): build, ui, status, bench, eval."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from orchestration import settings


def _build(args: argparse.Namespace) -> int:
    from orchestration.build import build

    source = Path(args.source).resolve()
    warehouse = Path(args.warehouse).resolve()
    if not source.is_dir():
        print(f"gazette build: source folder {source} does not exist", file=sys.stderr)
        return 2
    import dagster as dg

    settings.dagster_home()
    outcome = build(source, warehouse, instance=dg.DagsterInstance.get())
    if outcome.success:
        print(f"published {warehouse} (run {outcome.run_id})")
        return _status_of(warehouse)
    print(f"gazette build failed (run {outcome.run_id}); {warehouse} left as it was", file=sys.stderr)
    for failure in outcome.failures:
        print(f"  {failure}", file=sys.stderr)
    return 1


def _status_of(warehouse: Path) -> int:
    import duckdb

    if not warehouse.exists():
        print(f"no published warehouse at {warehouse}")
        return 1
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
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
    print(run(scales, Path(args.workdir) if args.workdir else None))
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


def _ui(args: argparse.Namespace) -> int:
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
    return subprocess.call(command, env=env, cwd=settings.REPO_ROOT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gazette", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="ingest, model, check and publish the warehouse")
    build.add_argument("--source", default=str(settings.source_dir()))
    build.add_argument("--warehouse", default=str(settings.warehouse_path()))
    build.set_defaults(func=_build)
    ui = sub.add_parser("ui", help="start the Dagster UI for this project")
    ui.add_argument("--host", default=os.environ.get("GAZETTE_UI_HOST", "127.0.0.1"))
    ui.add_argument("--port", type=int, default=int(os.environ.get("GAZETTE_UI_PORT", "3000")))
    ui.set_defaults(func=_ui)
    bench = sub.add_parser("bench", help="time builds of synthetic corpora at several scales")
    bench.add_argument("--scales", default="1,10,100", help="comma-separated scale factors (default 1,10,100)")
    bench.add_argument("--workdir", default=None, help="where to build the corpora (default: a temp folder)")
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
    status = sub.add_parser("status", help="row counts and rejected files of the published warehouse")
    status.add_argument("--warehouse", default=str(settings.warehouse_path()))
    status.set_defaults(func=lambda a: _status_of(Path(a.warehouse).resolve()))
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
