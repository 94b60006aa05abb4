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

from orchestration.defs.dbt_project import dbt_project
from orchestration.defs.resources import WarehouseResource
from orchestration.ingest import ingest_folder
from orchestration.warehouse import (
    clear_stale_publishing,
    connect,
    ensure_schema,
    publish,
    table_counts,
)

WRITER_POOL = "duckdb_writer"
# One partition per file in the landing folder, keyed by its name; the sensor and `gazette build`
# add keys as files arrive. A run may cover many files at once (single-run backfills).
GAZETTE_FILES = dg.DynamicPartitionsDefinition(name="gazette_files")
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
    partitions_def=GAZETTE_FILES,
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def gazette_files(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> Iterator[Any]:
    """Parse the run's gazette files (its partitions) from the landing folder into the raw tables."""
    names = list(context.partition_keys)
    with connect(warehouse.build) as con:
        ensure_schema(con)
        report = ingest_folder(con, warehouse.source_dir, context.run_id, names=names)
        counts = table_counts(con, ("raw", "quality"))
    for name, reason in report.rejected.items():
        context.log.warning(f"rejected {name}: {reason}")
    context.log.info(
        f"parsed {len(report.parsed)} files, {len(report.unchanged)} unchanged, "
        f"{len(report.rejected)} rejected of {len(names)} partitions from {warehouse.source_dir}"
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


@dbt_assets(
    manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=translator, pool=WRITER_POOL
)
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource) -> Iterator[Any]:
    """`dbt build` (seeds, models, tests) against the build database, with row counts."""
    os.environ["GAZETTE_BUILD_DB"] = str(warehouse.build)
    invocation = dbt.cli(["build"], context=context)
    events = list(invocation.stream())
    nodes = invocation.manifest["nodes"]
    with connect(warehouse.build, read_only=True) as con:
        counts = table_counts(con, ("reference", "staging", "intermediate", "marts"))
    for event in events:
        unique_id = (getattr(event, "metadata", None) or {}).get("unique_id")
        node = nodes.get(getattr(unique_id, "value", unique_id)) if unique_id else None
        relation = f"{node['schema']}.{node['alias']}" if node else None
        if isinstance(event, dg.Output) and relation in counts:
            event = event.with_metadata({**event.metadata, "dagster/row_count": counts[relation]})
        yield event


def mart_keys() -> list[dg.AssetKey]:
    return [key for key in dbt_models.keys if key.path[0] == "marts"]


@dg.asset(
    key=dg.AssetKey(["published", "gazette_duckdb"]),
    deps=[*mart_keys(), REJECTED_KEY],
    group_name="publish",
    kinds={"duckdb"},
    pool=WRITER_POOL,
    description="The DuckDB file BI tools read, replaced atomically once all blocking checks pass.",
)
def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with connect(warehouse.build, read_only=True) as con:
        failed = con.execute(
            "select table_name, check_name, unexpected_count from quality.check_results "
            "where run_id = ? and blocking and not success",
            [context.run_id],
        ).fetchall()
        counts = table_counts(con, ("marts", "quality"))
    if failed:
        raise dg.Failure(
            "blocking checks failed; the published warehouse is left as it was",
            metadata={"failed_checks": dg.MetadataValue.json([list(map(str, f)) for f in failed])},
        )
    clear_stale_publishing(warehouse.published)
    publish(warehouse.build, warehouse.published)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(warehouse.published)),
            "size_mb": round(warehouse.published.stat().st_size / 1e6, 2),
            **{f"rows.{name}": n for name, n in counts.items()},
        }
    )
