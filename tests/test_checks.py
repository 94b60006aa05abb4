"""What a check reads on a refresh: the documents no published build has checked, except where
its verdict could have changed for the others too."""

from __future__ import annotations

import datetime as dt

import duckdb

from orchestration.quality.suites import SUITES
from orchestration.quality.validate import run_checks
from orchestration.warehouse import ensure_schema

NOTHING_CHANGED = "select 'none' as document_id where false"


def _warehouse() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    ensure_schema(con)
    con.execute("create schema if not exists marts")
    con.execute(
        "create table marts.dim_documents (document_id varchar, title varchar, doc_number varchar, "
        "issued_date timestamp, n_clauses integer)"
    )
    next_decade = dt.datetime.now() + dt.timedelta(days=3660)
    con.execute(
        "insert into marts.dim_documents values ('d1', null, null, ?, 3), ('d2', '通知', null, '2020-05-01', 0)",
        [next_decade],
    )
    return con


def _verdicts(con: duckdb.DuckDBPyConnection, changed: str | None) -> dict[str, tuple[bool, list[str]]]:
    outcomes = run_checks(con, "marts.dim_documents", SUITES["marts.dim_documents"], "run-1", changed)
    return {o.check.name: (o.success, o.row_keys) for o in outcomes}


def test_a_check_that_reads_the_clock_reads_every_document_even_when_none_changed() -> None:
    verdicts = _verdicts(_warehouse(), NOTHING_CHANGED)
    assert verdicts["dim_documents_issued_date_sane"] == (False, ["d1"])
    # the others read only changed documents (none here) and carry what the published run flagged
    assert verdicts["dim_documents_title_present"] == (True, [])
    assert verdicts["dim_documents_have_clauses"] == (True, [])


def test_without_a_published_run_every_check_reads_every_document() -> None:
    con = _warehouse()
    verdicts = _verdicts(con, None)
    assert verdicts["dim_documents_title_present"] == (False, ["d1"])
    assert verdicts["dim_documents_have_clauses"] == (False, ["d2"])
    flagged = con.execute("select check_name, row_key from quality.flagged_rows order by all").fetchall()
    assert flagged == [
        ("dim_documents_have_clauses", "d2"),
        ("dim_documents_issued_date_sane", "d1"),
        ("dim_documents_title_present", "d1"),
    ]
