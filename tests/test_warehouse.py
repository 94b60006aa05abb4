"""Publishing: a copy BI readers can open, whatever format the build file was written in."""

from __future__ import annotations

import os
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
