"""Great Expectations suites as Dagster asset checks; results also land in quality.*."""

from collections.abc import Iterator

import dagster as dg

from orchestration.defs.resources import WarehouseResource
from orchestration.defs.writer import WRITER_POOL
from orchestration.fingerprint import unpublished_documents
from orchestration.quality.suites import SUITES
from orchestration.quality.validate import run_checks
from orchestration.warehouse import connect

# The raw clauses' check is shown on staging/stg_clauses, the view dbt reads them through: it
# then runs after dbt, not before it, so the seconds GX takes to import pass while dbt works
# (validate.preload), and a failure still holds back publication as every blocking check does.
CHECKED_ASSETS = {
    "raw.clauses": dg.AssetKey(["staging", "stg_clauses"]),
    "marts.dim_documents": dg.AssetKey(["marts", "dim_documents"]),
    "marts.fct_facility_projects": dg.AssetKey(["marts", "fct_facility_projects"]),
    "marts.fct_fundings": dg.AssetKey(["marts", "fct_fundings"]),
    "marts.fct_table_totals": dg.AssetKey(["marts", "fct_table_totals"]),
    "marts.fct_tasks": dg.AssetKey(["marts", "fct_tasks"]),
    "marts.dim_agencies": dg.AssetKey(["marts", "dim_agencies"]),
    "marts.fct_targets": dg.AssetKey(["marts", "fct_targets"]),
}


@dg.multi_asset_check(
    name="gx_checks",
    specs=[
        dg.AssetCheckSpec(check.name, asset=key, blocking=check.blocking, description=check.description)
        for table, key in CHECKED_ASSETS.items()
        for check in SUITES[table]
    ],
    pool=WRITER_POOL,
)
def gx_checks(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> Iterator[dg.AssetCheckResult]:
    """Every suite in one step, table by table: one connection and one GX import, where a step
    per table cost a process start each under the multiprocess executor."""
    with connect(warehouse.build) as con:
        changed = unpublished_documents(con)
        for table, asset_key in CHECKED_ASSETS.items():
            outcomes = run_checks(con, table, SUITES[table], context.run.run_id, changed)
            failed = [o.check.name for o in outcomes if not o.success]
            context.log.info(
                f"checks: {table} {len(outcomes) - len(failed)} of {len(outcomes)} passed"
                + (f"; failed: {', '.join(failed)}" if failed else "")
            )
            for outcome in outcomes:
                shown = [outcome.details[key] for key in outcome.row_keys[:3] if key in outcome.details]
                yield dg.AssetCheckResult(
                    asset_key=asset_key,
                    check_name=outcome.check.name,
                    passed=outcome.success,
                    severity=dg.AssetCheckSeverity.ERROR if outcome.check.blocking else dg.AssetCheckSeverity.WARN,
                    description="; ".join(shown) or None,
                    metadata={
                        "unexpected_count": outcome.unexpected_count,
                        "element_count": outcome.element_count,
                        "row_keys": dg.MetadataValue.json(outcome.row_keys[:50]),
                        "blocking": outcome.check.blocking,
                    },
                )
