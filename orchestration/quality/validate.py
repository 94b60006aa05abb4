"""Run a suite with Great Expectations and record the outcome in quality.*.

GX 1.x validates pandas frames reliably while its SQL path through duckdb-engine does not,
so each table is read into pandas from DuckDB and validated with an ephemeral context.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import duckdb

from orchestration import settings  # (also switches telemetry and progress bars off)
from orchestration.quality.suites import SCOPES, SUITES, Check

if TYPE_CHECKING:  # pandas comes with GX, imported while dbt runs (preload)
    import pandas as pd


@dataclass
class Outcome:
    check: Check
    success: bool
    unexpected_count: int
    element_count: int
    row_keys: list[str] = field(default_factory=list)
    observed: Any = None
    details: dict[str, str] = field(default_factory=dict)


_preloading: list[threading.Thread] = []

PRELOAD_THREAD = "preload checks"

EXTENDED_BY_GX = (
    "sqlalchemy.orm",
    "sqlalchemy.future",
    "email.mime.multipart",
    "email.mime.text",
    "email.policy",
    "packaging.requirements",
    "packaging.specifiers",
    "packaging.tags",
    "pydantic.v1.generics",
    "tqdm.auto",
    "dateutil.easter",
    "zoneinfo",
)
"""The modules GX's import adds to packages a build has already loaded. A module a thread is
still importing is already visible to the others, and some register themselves with their
package as they go: sqlalchemy.orm hooks into sqlalchemy's core, and a Dagster query (core) that
met the half-imported ORM failed a build. So these are imported by the calling thread before the
preload starts (0.05 s); tests/test_preload.py lists any it sees the preload of a real build still
add to a package the main thread calls meanwhile."""


def preload() -> threading.Thread:
    """Import GX and make its context, with a data asset per checked table, in a background
    thread. A build calls this as dbt starts: that is seconds of Python while this process only
    waits for dbt's output, so the checks find it done (they wait for it if not). The modules in
    EXTENDED_BY_GX are imported first, by the calling thread."""
    for module in EXTENDED_BY_GX:
        with contextlib.suppress(ImportError):  # another GX version may not need it
            importlib.import_module(module)
    thread = threading.Thread(target=_prepare, name=PRELOAD_THREAD, daemon=True)
    _preloading.append(thread)
    thread.start()
    return thread


def _prepare() -> None:
    settings.background_priority()  # dbt's process runs the models meanwhile and comes first
    try:
        for table in SUITES:
            _batch_definition(_asset_name(table))
    except Exception:  # the checks make them again and report what fails
        _context.cache_clear()


def _prepared() -> None:
    """Wait for a preload still running: GX's context is not shared between threads mid-change."""
    while _preloading:
        thread = _preloading.pop()
        if thread is not threading.current_thread():
            thread.join()


def _asset_name(table: str) -> str:
    return table.replace(".", "__")


@lru_cache(maxsize=1)
def _context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.execution_engine import pandas_execution_engine

    # GX fingerprints every frame under this size (a hash of every value, kept only as a batch
    # marker in the result, which we never read): 40% of the checks of a refresh at 100x
    pandas_execution_engine.HASH_THRESHOLD = 0
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return context


def _batch_definition(name: str):
    context = _context()
    try:
        source = context.data_sources.get("gazette_frames")
    except (KeyError, ValueError, LookupError):
        source = context.data_sources.add_pandas("gazette_frames")
    try:
        asset = source.get_asset(name)
    except (KeyError, ValueError, LookupError):
        asset = source.add_dataframe_asset(name=name)
    try:
        return asset.get_batch_definition("whole")
    except (KeyError, ValueError, LookupError):
        return asset.add_batch_definition_whole_dataframe("whole")


def validate_frame(table: str, frame: pd.DataFrame, checks: list[Check]) -> list[Outcome]:
    """Validate one frame against its checks; pure apart from GX's in-memory context. Details
    of failing rows are the caller's (`with_details`): the frame may hold only the columns the
    checks read."""
    import great_expectations as gx

    _prepared()
    context = _context()
    suite = gx.ExpectationSuite(name=f"{table}_suite")
    for check in checks:
        suite.add_expectation(check.build())
    suite = context.suites.add_or_update(suite)
    batch = _batch_definition(_asset_name(table)).get_batch(batch_parameters={"dataframe": frame})
    keys = sorted({c.row_key for c in checks})
    result = batch.validate(suite, result_format={"result_format": "COMPLETE", "unexpected_index_column_names": keys})
    outcomes = []
    for check, res in zip(checks, _ordered(result.results, suite), strict=True):
        summary = res.result or {}
        error = (res.exception_info or {}).get("exception_message")
        if error:
            raise RuntimeError(f"{table}: check {check.name} could not run: {error}")
        rows = summary.get("unexpected_index_list") or []
        row_keys = sorted({str(r.get(check.row_key)) for r in rows if isinstance(r, dict)})
        outcomes.append(
            Outcome(
                check=check,
                success=bool(res.success),
                unexpected_count=int(summary.get("unexpected_count") or 0),
                element_count=int(summary.get("element_count") or len(frame)),
                row_keys=row_keys,
                observed=summary.get("observed_value"),
            )
        )
    return outcomes


def reads(checks: list[Check]) -> list[str]:
    """The columns a set of checks reads: their row keys and their expectations' columns."""
    columns = {check.row_key for check in checks}
    for check in checks:
        expectation = check.build()
        columns.update(c for c in [getattr(expectation, "column", None)] if c)
        columns.update(getattr(expectation, "column_list", None) or [])
    return sorted(columns)


def with_details(con: duckdb.DuckDBPyConnection, base: str, outcome: Outcome) -> None:
    """Fill a failed outcome's sentences from the whole rows of the rows it flagged only: the
    frame it was validated on holds just the columns it reads."""
    check = outcome.check
    if outcome.success or not check.detail or not outcome.row_keys:
        return
    rows = con.execute(
        f"select * from ({base}) where cast({check.row_key} as varchar) in (select unnest(?::varchar[]))",
        [outcome.row_keys],
    ).df()
    outcome.details.update(_details(check, rows, outcome.row_keys))


def _details(check: Check, frame: pd.DataFrame, row_keys: list[str]) -> dict[str, str]:
    """A sentence per offending row that a person can act on, from the check's template."""
    if not check.detail or not row_keys:
        return {}
    rows = frame[frame[check.row_key].astype(str).isin(row_keys)].copy()
    if "investment_gap_cny" in rows:
        rows["overshoot"] = -rows["investment_gap_cny"]
    if "category" in rows:
        rows["category_label"] = rows["category"].fillna("(whole table)")
    out = {}
    for record in rows.to_dict("records"):
        values = {k: ("" if v is None or (isinstance(v, float) and v != v) else v) for k, v in record.items()}
        try:
            out[str(record[check.row_key])] = check.detail.format(**values)
        except (KeyError, ValueError, TypeError):
            out[str(record[check.row_key])] = check.description
    return out


def _ordered(results: list[Any], suite: Any) -> list[Any]:
    """Results in the order the expectations were added (GX may reorder them)."""
    by_id = {r.expectation_config.id: r for r in results}
    return [by_id[e.id] for e in suite.expectations]


def run_checks(
    con: duckdb.DuckDBPyConnection, table: str, checks: list[Check], run_id: str, changed: str | None = None
) -> list[Outcome]:
    """Validate a warehouse table and write check_results and flagged_rows for this run.

    Blocking checks always read the whole table: what guards publication must hold whatever
    happened to a table; so do checks whose verdict reads the clock. `changed`
    (fingerprint.unpublished_documents) narrows the others, on a table with a document_id, to
    the documents no published build has checked: each reads one row, or rows of one document,
    so a refresh validates what it adds while the results still describe the whole table, the
    flagged rows of the other documents carried over from the run before."""
    schema, name = table.split(".")
    base = SCOPES.get(table) or f'select * from "{schema}"."{name}"'
    by_document = changed is not None and "document_id" in _columns(con, base)
    scoped = [check for check in checks if by_document and not check.blocking and not check.whole_table]
    whole = [check for check in checks if check not in scoped]
    outcomes: dict[str, Outcome] = {}
    if whole:
        frame = con.sql(f"select {_listed(reads(whole))} from ({base})").df()
        outcomes.update((o.check.name, o) for o in validate_frame(table, frame, whole))
    if scoped:
        query = f"select {_listed(reads(scoped))} from ({base}) where document_id in ({changed})"
        ((rows,),) = con.execute(f"select count(*) from ({base})").fetchall()
        for outcome in validate_frame(table, con.sql(query).df(), scoped):
            with_details(con, base, outcome)
            _carry_over(con, outcome, base, str(changed), rows)
            outcomes[outcome.check.name] = outcome
    for outcome in outcomes.values():
        if outcome.check in whole:
            with_details(con, base, outcome)
    ordered = [outcomes[check.name] for check in checks]
    record(con, ordered, run_id)
    return ordered


def _listed(columns: list[str]) -> str:
    return ", ".join(f'"{column}"' for column in dict.fromkeys(columns))


def _columns(con: duckdb.DuckDBPyConnection, query: str) -> list[str]:
    result = con.execute(f"select * from ({query}) limit 0")
    columns = [column[0] for column in result.description]
    result.fetchall()
    return columns


def _carry_over(con: duckdb.DuckDBPyConnection, outcome: Outcome, base: str, changed: str, rows: int) -> None:
    """Add to a scoped outcome the rows the last published run flagged in the documents this run
    did not check again: that run's verdicts, under the same code, are the published ones."""
    check = outcome.check
    carried = con.execute(
        "select row_key, detail from quality.flagged_rows "
        "where run_id = (select value from raw.meta where key = 'published_by_run') "
        "and check_name = ? and table_name = ? "
        f"and row_key in (select cast({check.row_key} as varchar) from ({base}) where document_id not in ({changed}))",
        [check.name, check.table],
    ).fetchall()
    outcome.element_count = rows
    if carried:
        outcome.details.update(dict(carried))
        outcome.row_keys = sorted(set(outcome.row_keys) | {key for key, _ in carried})
        outcome.unexpected_count += len(carried)
        outcome.success = False


def record(con: duckdb.DuckDBPyConnection, outcomes: list[Outcome], run_id: str) -> None:
    """Write a table's results and flagged rows in one transaction: a run killed midway leaves
    none of them rather than some. The flagged rows of a check go in one statement; a row at a
    time cost seconds for the thousands a large warehouse flags."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    con.execute("begin transaction")
    try:
        for o in outcomes:
            con.execute(
                "insert into quality.check_results values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    run_id,
                    now,
                    o.check.table,
                    o.check.name,
                    o.success,
                    o.unexpected_count,
                    o.check.blocking,
                    o.check.description,
                    o.element_count,
                    o.row_keys[:100],
                    [o.details[key] for key in o.row_keys[:100] if key in o.details],
                ],
            )
            if not o.success and not o.check.blocking and o.row_keys:
                con.execute(
                    "insert into quality.flagged_rows select ?, ?, ?, unnest(?::varchar[]), unnest(?::varchar[])",
                    [
                        run_id,
                        o.check.name,
                        o.check.table,
                        o.row_keys,
                        [o.details.get(key, o.check.description) for key in o.row_keys],
                    ],
                )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
