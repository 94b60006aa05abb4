"""Assets: ingest files into raw, build the dbt models, publish the checked warehouse."""

import os
from collections.abc import Iterator
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    dbt_assets,
)

from orchestration import fingerprint
from orchestration.defs.dbt_project import dbt_project
from orchestration.defs.resources import WarehouseResource
from orchestration.defs.writer import WRITER_POOL, own_process_tags
from orchestration.ingest import gazette_files as landing_files
from orchestration.ingest import ingest_folder
from orchestration.quality.suites import SUITES
from orchestration.quality.validate import preload as preload_checks
from orchestration.warehouse import (
    clear_stale_publishing,
    connect,
    ensure_schema,
    publish,
    table_counts,
)

# raw table → (upstream raw table, description)
RAW_TABLES: dict[str, tuple[str | None, str]] = {
    "files": (None, "File versions (sha256) with raw and normalised text."),
    "documents": ("files", "Documents split out of each file, with 文号, issuer, date, region."),
    "clauses": ("documents", "Prose sentences with their outline position and source lines."),
    "table_cells": ("documents", "Cells of tables found in documents."),
}
RAW_KEYS = {name: dg.AssetKey(["raw", name]) for name in RAW_TABLES}
REJECTED_KEY = dg.AssetKey(["quality", "rejected_files"])


@dg.multi_asset(
    specs=[
        *(
            dg.AssetSpec(
                RAW_KEYS[name],
                deps=[RAW_KEYS[upstream]] if upstream else [],
                description=description,
                kinds={"python", "duckdb"},
                group_name="ingest",
            )
            for name, (upstream, description) in RAW_TABLES.items()
        ),
        dg.AssetSpec(
            REJECTED_KEY,
            group_name="ingest",
            kinds={"duckdb"},
            description="Input files that could not be ingested, with the reason.",
        ),
    ],
    pool=WRITER_POOL,
)
def gazette_files(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> Iterator[Any]:
    """Parse the landing folder's new and changed files into the raw tables. Not partitioned:
    the ingest is incremental by content, so one run (one click in the UI, one `gazette build`)
    covers the whole folder at the cost of what changed."""
    context.instance.add_run_tags(context.run_id, own_process_tags())  # see defs/writer.py
    source = warehouse.source_dir
    paths = landing_files(source)
    if not paths and not warehouse.allow_empty:
        raise dg.Failure(
            f"no gazette files in {source}; put gazette files there, or allow an empty folder "
            "(gazette build --allow-empty)"
        )
    context.log.info(f"ingest: {len(paths)} files in {source}")
    with connect(warehouse.build) as con:
        ensure_schema(con)
        report = ingest_folder(con, source, context.run_id, progress=context.log.info)
        counts = table_counts(con, ("raw", "quality"))
    for name, reason in report.rejected.items():
        context.log.warning(f"rejected {name}: {reason}")
    context.log.info(
        f"ingest: parsed {len(report.parsed)} files, {len(report.unchanged)} unchanged, {len(report.rejected)} rejected"
    )
    for name, key in RAW_KEYS.items():
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={
                "dagster/row_count": counts[f"raw.{name}"],
                "rows_added": report.rows.get(f"raw.{name}", 0),
                "files_parsed": len(report.parsed),
                "files_unchanged": len(report.unchanged),
                "files_reparsed": report.rederived,
            },
        )
    yield dg.MaterializeResult(
        asset_key=REJECTED_KEY,
        metadata={
            "dagster/row_count": counts["quality.rejected_files"],
            "rejected_this_run": dg.MetadataValue.json(report.rejected),
        },
    )


class GazetteDbtTranslator(DagsterDbtTranslator):
    """Models keyed by schema and name (marts/dim_documents); sources keep raw/<table>."""

    def get_asset_key(self, dbt_resource_props: dict[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] in ("model", "seed", "snapshot"):
            return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: dict[str, Any]) -> str | None:
        return "dbt_" + dbt_resource_props["schema"]


translator = GazetteDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


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
        "dbt: build started (seeds, models, tests; "
        + ("every document: first build or new code)" if full else "new and changed documents only)")
    )
    preload_checks()
    arguments = ["build", "--full-refresh"] if full else ["build"]
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


def mart_keys() -> list[dg.AssetKey]:
    return [key for key in dbt_models.keys if key.path[0] == "marts"]


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
