"""Assets: ingest files into raw, build the dbt models, publish the checked warehouse."""

import os
import time
from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)
from dagster_dbt.asset_utils import get_asset_check_key_for_test

from orchestration import fingerprint
from orchestration.defs.dbt_project import dbt_project, seed_parse_state
from orchestration.defs.resources import WarehouseResource
from orchestration.defs.writer import WRITER_POOL, record_run_process
from orchestration.ingest import PROGRESS_BATCH, PROGRESS_SECONDS, Arrival, Plan, Share, land, parse_share, plan
from orchestration.ingest import gazette_files as landing_files
from orchestration.quality.suites import SUITES
from orchestration.quality.validate import preload as preload_checks
from orchestration.settings import parse_workers
from orchestration.spool import clear_leftovers, remove, run_folder
from orchestration.warehouse import (
    clear_stale_publishing,
    connect,
    ensure_schema,
    publish,
    table_counts,
)

RAW_TABLES = {
    "files": "File versions (sha256) with raw and normalised text.",
    "documents": "Documents split out of each file, with 文号, issuer, date, region.",
    "clauses": "Prose sentences with their outline position and source lines.",
    "table_cells": "Cells of tables found in documents.",
}
RAW_KEYS = {name: dg.AssetKey(["raw", name]) for name in RAW_TABLES}
REJECTED_KEY = dg.AssetKey(["quality", "rejected_files"])


class PlanConfig(dg.Config):
    """share_mb: cut the folder into parse steps of about this many MB each (0: one step)."""

    share_mb: float = 0.0


class ParseConfig(dg.Config):
    """workers: local processes a parse step uses (0: GAZETTE_WORKERS, else one per core). Under
    Dagster's multiprocess executor each step is a process of its own, so 1."""

    workers: int = 0


@dg.op(out={"plan": dg.Out(), "shares": dg.DynamicOut()}, pool=WRITER_POOL)
def plan_ingest(
    context: dg.OpExecutionContext, config: PlanConfig, warehouse: WarehouseResource
) -> Iterator[dg.Output | dg.DynamicOutput]:
    """List the landing folder and cut it into shares for the parse steps."""
    record_run_process(context)  # see defs/writer.py
    source = warehouse.source_dir
    if not landing_files(source) and not warehouse.allow_empty:
        raise dg.Failure(
            f"no gazette files in {source}; put gazette files there, or allow an empty folder "
            "(gazette build --allow-empty)"
        )
    spool = run_folder(warehouse.build, context.run_id)
    clear_leftovers(warehouse.build, running=lambda run_id: _running(context.instance, run_id))
    with connect(warehouse.build) as con:
        ensure_schema(con)
        planned, shares = plan(con, source, spool, int(config.share_mb * 1e6))
    steps = f"{len(shares)} parse step" + ("s" if len(shares) != 1 else "")
    context.log.info(f"ingest: {planned.files} files in {source}, in {steps}")
    yield dg.Output(planned, "plan")
    for n, share in enumerate(shares):
        yield dg.DynamicOutput(share, mapping_key=f"share_{n:04d}", output_name="shares")


def _running(instance: dg.DagsterInstance, run_id: str) -> bool:
    run = instance.get_run_by_id(run_id)
    return run is not None and not run.is_finished


@dg.op
def parse_files(context: dg.OpExecutionContext, config: ParseConfig, share: Share) -> list[Arrival]:
    """Parse one share of the folder into the run's spool; no database is opened. A line per
    tenth of the share, at most one every PROGRESS_SECONDS (each line is an event the instance
    writes), and the last: a large delivery is never silent, a small one not chatty."""
    arrivals: list[Arrival] = []
    every, last = max(PROGRESS_BATCH, len(share.paths) // 10), time.monotonic()
    for arrival in parse_share(share, config.workers or parse_workers()):
        arrivals.append(arrival)
        due = len(arrivals) % every == 0 and time.monotonic() - last >= PROGRESS_SECONDS
        if due or len(arrivals) == len(share.paths):
            parsed = sum(a.spooled is not None for a in arrivals)
            context.log.info(f"ingest: {len(arrivals)}/{len(share.paths)} files read, {parsed} parsed")
            last = time.monotonic()
    return arrivals


@dg.op(out={name: dg.Out(dg.Nothing) for name in [*RAW_TABLES, "rejected_files"]}, pool=WRITER_POOL)
def load_files(
    context: dg.OpExecutionContext, warehouse: WarehouseResource, planned: Plan, shares: list[list[Arrival]]
) -> Iterator[dg.Output]:
    """The one writer: load every share's parsed files into raw.*, in the folder's order."""
    record_run_process(context)
    arrivals = sorted((arrival for share in shares for arrival in share), key=lambda arrival: arrival.name)
    try:
        with connect(warehouse.build) as con:
            report = land(con, planned, arrivals, context.run_id, progress=context.log.info)
            counts = table_counts(con, ("raw", "quality"))
    finally:
        remove(planned.spool)
    for name, reason in report.rejected.items():
        context.log.warning(f"rejected {name}: {reason}")
    context.log.info(
        f"ingest: parsed {len(report.parsed)} files, {len(report.unchanged)} unchanged, {len(report.rejected)} rejected"
    )
    for name in RAW_TABLES:
        yield dg.Output(
            None,
            name,
            metadata={
                "dagster/row_count": counts[f"raw.{name}"],
                "rows_added": report.rows.get(f"raw.{name}", 0),
                "files_parsed": len(report.parsed),
                "files_unchanged": len(report.unchanged),
                "files_reparsed": report.rederived,
            },
        )
    yield dg.Output(
        None,
        "rejected_files",
        metadata={
            "dagster/row_count": counts["quality.rejected_files"],
            "rejected_this_run": dg.MetadataValue.json(report.rejected),
        },
    )


@dg.graph_multi_asset(
    outs={
        **{
            name: dg.AssetOut.from_spec(
                dg.AssetSpec(
                    RAW_KEYS[name],
                    description=description,
                    kinds={"python", "duckdb"},
                    group_name="ingest",
                )
            )
            for name, description in RAW_TABLES.items()
        },
        "rejected_files": dg.AssetOut.from_spec(
            dg.AssetSpec(
                REJECTED_KEY,
                group_name="ingest",
                kinds={"duckdb"},
                description="Input files that could not be ingested, with the reason.",
            )
        ),
    },
)
def gazette_files() -> dict[str, Any]:
    """Parse the landing folder's new and changed files into the raw tables: one step lists the
    folder and cuts it into shares, a step per share parses its files into Parquet in the run's
    spool (in this process, or each in its own under the multiprocess executor), and one step,
    the only writer, loads them. Not partitioned: the ingest is incremental by content, so one
    run covers the whole folder at the cost of what changed."""
    planned, shares = plan_ingest()
    return load_files(planned, shares.map(parse_files).collect())


PUBLISHED_SCHEMA = "marts"
CHECKED_SCHEMAS = ("staging", PUBLISHED_SCHEMA)


class GazetteDbtTranslator(DagsterDbtTranslator):
    """Models keyed by schema and name (marts/dim_documents); sources keep raw/<table>."""

    def get_asset_key(self, dbt_resource_props: dict[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] in ("model", "seed", "snapshot"):
            return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: dict[str, Any]) -> str | None:
        return "dbt_" + dbt_resource_props["schema"]

    def get_asset_check_spec(
        self, asset_spec: dg.AssetSpec, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> dg.AssetCheckSpec | None:
        """dbt's tests of the data as read (staging) and as published (marts) are Dagster asset
        checks. Those of the reference seeds and the intermediate extraction steps run in the
        same `dbt build` and fail its step by name, without the three Dagster events a check
        costs (about 20 ms apiece: 3 s a build)."""
        if asset_spec.key.path[0] not in CHECKED_SCHEMAS:
            return None
        return super().get_asset_check_spec(asset_spec, manifest, unique_id, project)


translator = GazetteDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


# The reference seeds are part of the code version, so a build by the same code finds them as the
# last one loaded them: they and their own tests are left out (cautious: a test that also reads a
# model still runs), about 30 dbt nodes and their events fewer in every refresh.
SEEDS_AS_BUILT = ["--exclude", "resource_type:seed", "--indirect-selection", "cautious"]
ROW_COUNT_LOG = "gazette_rows "  # the log line of macros/log_row_count.sql
FAILED = ("error", "fail", "runtime error")


@dbt_assets(
    manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=translator, pool=WRITER_POOL
)
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource) -> Iterator[Any]:
    """`dbt build` (seeds, models, tests) against the build database. Events are passed on as
    dbt reports them, each model with its row count, so a failing test shows in the UI as the
    check that failed; the step fails afterwards, naming what failed."""
    os.environ["GAZETTE_BUILD_DB"] = str(warehouse.build)
    code = fingerprint.code_version()
    with connect(warehouse.build) as con:
        full = fingerprint.models_built_by(con) != code
        fingerprint.stamp_models(con, None)
    context.log.info(
        "dbt: build started "
        + (
            "(seeds, models, tests; every document: first build or new code)"
            if full
            else "(models and tests; new and changed documents only, seeds as last loaded)"
        )
    )
    preload_checks()
    seed_parse_state(warehouse.dbt_target)
    arguments = ["build", "--full-refresh"] if full else ["build", *SEEDS_AS_BUILT]
    invocation = dbt.cli(arguments, context=context, raise_on_error=False, target_path=warehouse.dbt_target)
    rows: dict[str, int] = {}
    finished: dict[str, tuple[str, str]] = {}  # unique_id → (name, status)
    for event in invocation.stream_raw_events():
        info, node = event.raw_event["info"], event.raw_event["data"].get("node_info") or {}
        unique_id = node.get("unique_id")
        if info["name"] == "JinjaLogInfo" and info["msg"].startswith(ROW_COUNT_LOG) and unique_id:
            rows[unique_id] = int(info["msg"].rsplit(" ", 1)[1])
            continue
        if unique_id and event.is_result_event:
            finished[unique_id] = (node.get("node_name") or unique_id, node.get("node_status") or "")
            if len(finished) % 25 == 0:
                context.log.info(f"dbt: {len(finished)} nodes done")
            if unique_id.startswith("test.") and not _is_check(invocation.manifest, unique_id, context):
                continue  # its result is in dbt's output and, if it failed, in the step's failure
        for output in event.to_default_asset_events(
            manifest=invocation.manifest,
            dagster_dbt_translator=translator,
            context=context,
            target_path=invocation.target_path,
            project=dbt_project,
        ):
            if isinstance(output, dg.Output) and unique_id in rows:
                output = output.with_metadata({**output.metadata, "dagster/row_count": rows[unique_id]})
            yield output
    failed = sorted(name for name, status in finished.values() if status in FAILED)
    context.log.info(f"dbt: {len(finished)} nodes done, {len(failed)} failed")
    if invocation.is_successful():
        with connect(warehouse.build) as con:
            fingerprint.stamp_models(con, code)
    else:
        raise dg.Failure(
            f"dbt build failed: {', '.join(failed) or invocation.get_error()}; see the dbt output in this step's logs",
            metadata={"failed_nodes": dg.MetadataValue.json(failed)},
        )


def _is_check(manifest: Mapping[str, Any], unique_id: str, context: dg.AssetExecutionContext) -> bool:
    key = get_asset_check_key_for_test(manifest, translator, unique_id, project=dbt_project)
    return key is not None and key in context.selected_asset_check_keys


def mart_keys() -> list[dg.AssetKey]:
    return [key for key in dbt_models.keys if key.path[0] == PUBLISHED_SCHEMA]


@dg.asset(
    key=dg.AssetKey(["published", "gazette_duckdb"]),
    deps=[*mart_keys(), dg.AssetKey(["staging", "stg_clauses"]), REJECTED_KEY],  # its blocking checks gate this
    group_name="publish",
    kinds={"duckdb"},
    pool=WRITER_POOL,
    description="The DuckDB file BI tools read, replaced atomically once all blocking checks pass.",
)
def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with connect(warehouse.build, read_only=True) as con:
        failed = con.execute(
            "select table_name, check_name, unexpected_count, failing_rows[:3] from quality.check_results "
            "where run_id = ? and blocking and not success",
            [context.run_id],
        ).fetchall()
        counts = table_counts(con, ("marts", "quality"))
    if failed:
        context.log.info(f"publish: {len(failed)} blocking checks failed; {warehouse.published} left as it was")
        raise dg.Failure(
            "blocking checks failed ("
            + "; ".join(
                f"{table}.{check}: {count} rows" + (f" ({'; '.join(rows)})" if rows else "")
                for table, check, count, rows in failed
            )
            + "); the published warehouse is left as it was",
            metadata={"failed_checks": dg.MetadataValue.json([list(map(str, f)) for f in failed])},
        )
    with connect(warehouse.build) as con:
        ((suites,),) = con.execute(
            "select count(distinct table_name) from quality.check_results where run_id = ?", [context.run_id]
        ).fetchall()
        fingerprint.record(con, context.run_id)
        fingerprint.record_published_documents(con, checked=suites == len(SUITES))
    clear_stale_publishing(warehouse.published)
    publish(warehouse.build, warehouse.published)
    context.log.info(f"publish: {warehouse.published} replaced")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(warehouse.published)),
            "size_mb": round(warehouse.published.stat().st_size / 1e6, 2),
            **{f"rows.{name}": n for name, n in counts.items()},
        }
    )
