"""The project's own dbt generic tests, rendered as dbt renders them and run on DuckDB tables."""

from __future__ import annotations

import re

import duckdb
import jinja2

from orchestration.settings import DBT_PROJECT_DIR


def _generic_test(name: str, **arguments: str) -> str:
    source = (DBT_PROJECT_DIR / "macros" / f"{name}.sql").read_text()
    body = re.search(r"{%\s*test\s+" + name + r"\(.*?\)\s*%}(.*?){%\s*endtest\s*%}", source, re.S)
    assert body, f"no generic test {name} in macros/{name}.sql"
    return jinja2.Template(body.group(1)).render(**arguments)


def _failures(rows: list[tuple]) -> list[tuple]:
    con = duckdb.connect()
    con.execute("create table t (id varchar, x integer)")
    if rows:
        con.executemany("insert into t values (?, ?)", rows)
    return con.execute(_generic_test("primary_key", model="t", column_name="id") + " order by all").fetchall()


def test_primary_key_passes_a_present_and_unrepeated_key() -> None:
    assert _failures([("a", 1), ("b", 1)]) == []
    assert _failures([]) == []


def test_primary_key_fails_a_repeated_or_missing_key_with_a_row_each() -> None:
    assert _failures([("a", 1), ("a", 2), ("b", 1)]) == [("a", 2)]
    assert _failures([("a", 1), (None, 1), (None, 2)]) == [(None, 2)]
