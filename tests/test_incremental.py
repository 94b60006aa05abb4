"""A refresh rebuilds only what changed, and ends where a build from scratch ends."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.build import build
from orchestration.settings import build_path, dbt_target_path
from tests.conftest import FIXTURES, query

SCHEMAS = ("intermediate", "marts")
# which run or dbt invocation made a row, and when: differs by construction
BOOKKEEPING = {"built_by", "run_id", "ingested_at", "listed_at"}


def differences(first: Path, second: Path, schemas: tuple[str, ...] = SCHEMAS) -> dict[str, int]:
    """Rows in one warehouse's tables and not the other's (as multisets), per table."""
    con = duckdb.connect()
    con.execute(f"attach '{first}' as a (read_only)")
    con.execute(f"attach '{second}' as b (read_only)")
    tables = con.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = 'a' and schema_name in ? "
        "order by all",
        [list(schemas)],
    ).fetchall()
    assert {name for _, name in tables} >= {"fct_targets", "fct_tasks", "int_clause_frames", "int_task_agencies"}
    differing = {}
    for schema, table in tables:
        if (schema, table) == ("raw", "meta"):  # which run published, and when
            continue
        columns = [
            f'"{name}"'
            for (name,) in con.execute(
                "select column_name from duckdb_columns() where database_name = 'a' and schema_name = ? "
                "and table_name = ? order by column_index",
                [schema, table],
            ).fetchall()
            if name not in BOOKKEEPING
        ]
        listed = ", ".join(columns)
        a, b = f"a.{schema}.{table}", f"b.{schema}.{table}"
        (count,) = con.execute(
            f"select count(*) from ((select {listed} from {a} except all select {listed} from {b}) "
            f"union all (select {listed} from {b} except all select {listed} from {a}))"
        ).fetchone()
        if count:
            differing[f"{schema}.{table}"] = count
    con.close()
    return differing


CHECKS = (
    "select table_name, check_name, success, unexpected_count, element_count, failing_rows "
    "from quality.latest_check_results order by all"
)
FLAGGED = "select table_name, check_name, row_key, detail from quality.latest_flagged_rows order by all"
COMMENTS = (  # the descriptions BI tools read (persist_docs): a refresh writes only missing ones
    "select schema_name, table_name, null, comment from duckdb_tables() where schema_name in ('staging', 'marts') "
    "union all select schema_name, view_name, null, comment from duckdb_views() where schema_name = 'staging' "
    "union all select schema_name, table_name, column_name, comment from duckdb_columns() "
    "where schema_name in ('staging', 'marts') order by all"
)


def _build(source: Path, warehouse: Path) -> None:
    outcome = build(source, warehouse, instance=dg.DagsterInstance.ephemeral())
    assert outcome.published, outcome.failures


def _dbt_nodes(warehouse: Path) -> list[str]:
    """The dbt nodes the warehouse's last build ran, from dbt's run_results.json."""
    results = json.loads((dbt_target_path(warehouse) / "run_results.json").read_text())
    return [result["unique_id"] for result in results["results"]]


@pytest.mark.slow
def test_a_refresh_after_adding_changing_renaming_and_removing_files_equals_a_full_build(tmp_path: Path) -> None:
    source = tmp_path / "landing"
    source.mkdir()
    for name in ("web_capture.txt", "issue_simplified.txt", "tasks_mixed.txt", "project_table_lines.txt"):
        shutil.copy(FIXTURES / name, source)
    refreshed = tmp_path / "refreshed.duckdb"
    _build(source, refreshed)
    (first_invocation,) = query(refreshed, "select distinct built_by from intermediate.int_current_documents")

    shutil.copy(FIXTURES / "tasks_assessment.txt", source)  # added
    (source / "web_capture.txt").unlink()  # removed
    (source / "tasks_mixed.txt").rename(source / "tasks_mixed_renamed.txt")  # renamed
    changed = source / "issue_simplified.txt"
    text = changed.read_text(encoding="utf-8")
    assert "覆盖率达到 90%" in text
    changed.write_text(text.replace("覆盖率达到 90%", "覆盖率达到 95%"), encoding="utf-8")  # corrected
    stale = dbt_target_path(refreshed) / "manifest.json"
    stale.write_text("{}", encoding="utf-8")  # as an older version's build left it
    _build(source, refreshed)
    refreshed_nodes = _dbt_nodes(refreshed)
    assert not stale.exists()  # nobody reads it there: a build removes it, writes none
    assert not [node for node in refreshed_nodes if node.startswith("seed.")], "the refresh reloaded the seeds"
    assert any("fct_fundings_kind" in node for node in refreshed_nodes), "a test reading a seed and a model"

    kept = query(
        build_path(refreshed),
        "select count(*) from intermediate.int_current_documents where built_by = ?",
        [first_invocation[0]],
    )
    assert kept[0][0] > 0, "the refresh rebuilt every document: nothing was incremental"
    from_scratch = tmp_path / "from_scratch.duckdb"
    _build(source, from_scratch)
    assert differences(refreshed, from_scratch) == {}
    for sql in (CHECKS, FLAGGED, COMMENTS):  # checks of the new documents only, yet the same verdicts
        assert query(refreshed, sql) == query(from_scratch, sql)
    assert sum(comment is not None for *_, comment in query(refreshed, COMMENTS)) > 100
    sources = {row[0] for row in query(refreshed, "select source_file from marts.dim_documents")}
    assert sources == {"issue_simplified.txt", "tasks_mixed_renamed.txt", "project_table_lines.txt"} | {
        "tasks_assessment.txt"
    }
    values = {row[0] for row in query(refreshed, "select value from marts.fct_targets where unit = '%'")}
    assert 95 in values and 90 not in values

    (source / "project_table_lines.txt").unlink()  # a refresh that only removes: no document to build
    _build(source, refreshed)
    only_removed = tmp_path / "only_removed.duckdb"
    _build(source, only_removed)
    assert differences(refreshed, only_removed) == {}
    for sql in (CHECKS, FLAGGED):
        assert query(refreshed, sql) == query(only_removed, sql)
    sources = {row[0] for row in query(refreshed, "select source_file from marts.dim_documents")}
    assert "project_table_lines.txt" not in sources and "tasks_assessment.txt" in sources
