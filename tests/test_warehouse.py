"""Publishing: a copy BI readers can open, whatever format the build file was written in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

from orchestration.warehouse import OLDEST_READER, connect, publish
from tests.conftest import read_with


def test_a_build_file_in_the_newest_format_is_published_in_the_old_one(tmp_path: Path, oldest_duckdb: Path) -> None:
    """A build file left by an older release of this project (written in DuckDB's newest
    storage format) is rewritten once, tables, views, keys and comments alike."""
    build, published = tmp_path / "w.build.duckdb", tmp_path / "w.duckdb"
    con = duckdb.connect(str(build), config={"storage_compatibility_version": "latest"})
    con.execute("create schema marts")
    con.execute("create table marts.fct (id varchar primary key, names varchar[])")
    con.execute("insert into marts.fct values ('a', ['市环保局', '市财政局'])")
    con.execute("comment on table marts.fct is '每行一项任务'")
    con.execute("create view marts.v as select count(*) as n from marts.fct")
    con.close()
    publish(build, published)
    version, rows, comment, view = read_with(
        oldest_duckdb,
        published,
        "select id, names from marts.fct",
        "select comment from duckdb_tables() where table_name = 'fct'",
        "select n from marts.v",
    )
    assert version == OLDEST_READER
    assert rows == "[('a', ['市环保局', '市财政局'])]" and comment == "[('每行一项任务',)]" and view == "[(1,)]"
    with connect(build, read_only=True) as con:  # the build file itself now has the old format too
        assert con.execute("select count(*) from marts.fct").fetchone() == (1,)
    read_with(oldest_duckdb, build, "select 1")


def test_a_new_build_file_is_created_in_the_old_format(tmp_path: Path, oldest_duckdb: Path) -> None:
    path = tmp_path / "new.duckdb"
    with connect(path) as con:
        con.execute("create table t as select 42 as answer")
    with connect(path) as con:  # a later writer (dbt, the next build) keeps the format
        con.execute("create table u as select 'x' as letter")
    assert read_with(oldest_duckdb, path, "select answer, letter from t, u")[1] == "[(42, 'x')]"


def test_publishing_keeps_the_published_files_mode_and_group(tmp_path: Path) -> None:
    build, published = tmp_path / "w.build.duckdb", tmp_path / "w.duckdb"
    with connect(build) as con:
        con.execute("create table t as select 1 as n")
    publish(build, published)
    os.chmod(published, 0o640)
    groups = [g for g in os.getgroups() if g != published.stat().st_gid]
    if groups:
        os.chown(published, -1, groups[0])
    expected = (published.stat().st_mode, published.stat().st_gid)
    with connect(build) as con:
        con.execute("insert into t values (2)")
    publish(build, published)
    assert (published.stat().st_mode, published.stat().st_gid) == expected
    with connect(published, read_only=True) as con:
        assert con.execute("select count(*) from t").fetchone() == (2,)


def test_append_matches_columns_by_name_and_needs_no_pyarrow(tmp_path: Path) -> None:
    """The writer's bulk insert keeps nulls, times and flags, takes columns in any order, and
    does not import pyarrow (about 0.1 s of every build's writer step)."""
    script = """
import datetime as dt, sys
import polars as pl
from pathlib import Path
from orchestration.warehouse import append, connect
with connect(Path(sys.argv[1])) as con:
    con.execute("create table t (name varchar, seen timestamp, rejected boolean, size bigint)")
    frame = pl.DataFrame(
        {"size": [3, None], "rejected": [True, False], "name": ["甲.txt", None],
         "seen": [dt.datetime(2026, 1, 2, 3, 4, 5, 6), None]},
        schema={"size": pl.Int64, "rejected": pl.Boolean, "name": pl.String, "seen": pl.Datetime("us")},
    )
    assert append(con, "t", frame) == 2
    assert append(con, "t", frame.clear()) == 0
    print(con.execute("select * from t order by size nulls last").fetchall())
print("pyarrow" in sys.modules)
"""
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "w.duckdb")], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    rows, imported = result.stdout.splitlines()
    assert rows == ("[('甲.txt', datetime.datetime(2026, 1, 2, 3, 4, 5, 6), True, 3), (None, None, False, None)]")
    assert imported == "False"
