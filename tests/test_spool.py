"""Parsed files reach DuckDB as Parquet parts of whole documents: the parts add up to the whole
file, the loaded rows are the parsed rows, the text is kept compressed, re-derivation goes the
same way, and the scratch folders do not outlive the ingest."""

from __future__ import annotations

import shutil
import zlib
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from orchestration import rederive, workers
from orchestration.ingest import ingest_folder, known_hashes, land, parse_share, plan
from orchestration.parsing.gazette import PARSER_VERSION, parse_gazette, parse_parts, read_gazette, sha256_hex
from orchestration.spool import text_path
from orchestration.warehouse import connect, ensure_schema, unpack_text
from tests.conftest import FIXTURES, SEEDS

ISSUE = FIXTURES / "issue_guangdong.txt"
MANY_DOCUMENTS = max(SEEDS.iterdir(), key=lambda p: p.stat().st_size)  # an issue of a dozen documents and tables


def test_small_parts_stay_small_and_add_up_to_the_file() -> None:
    data = MANY_DOCUMENTS.read_bytes()
    parts = list(parse_parts(read_gazette(data), rows_per_part=40))
    whole = parse_gazette(data)
    assert len(parts) > whole.clauses.height / 40
    table_rows = max(whole.cells.group_by("table_id").len()["len"])  # a table is written whole
    for part in parts:
        assert part.documents.height <= 40 and part.clauses.height <= 40 and part.cells.height < 40 + table_rows
    assert_frame_equal(pl.concat([p.documents for p in parts]), whole.documents)
    assert_frame_equal(pl.concat([p.clauses for p in parts]), whole.clauses)
    assert_frame_equal(pl.concat([p.cells for p in parts]), whole.cells)


def _raw(con, table: str, columns: list[str], key: str) -> pl.DataFrame:
    return pl.from_arrow(con.sql(f"select {', '.join(columns)} from raw.{table} order by {key}").to_arrow_table())


def test_rows_loaded_through_the_spool_are_the_parsed_rows(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(MANY_DOCUMENTS, source / "issue.txt")
    leftover = tmp_path / ".w.duckdb.spool-killedrun"  # what a build killed mid-ingest leaves
    leftover.mkdir()
    (leftover / "clauses-00000.parquet").write_bytes(b"half written")
    parsed = parse_gazette(MANY_DOCUMENTS.read_bytes())
    with connect(tmp_path / "w.duckdb") as con:
        ensure_schema(con)
        report = ingest_folder(con, source, "run-1")
        documents = _raw(con, "documents", parsed.documents.columns, "document_id")
        clauses = _raw(con, "clauses", parsed.clauses.columns, "clause_id")
        cells = _raw(con, "table_cells", parsed.cells.columns, "document_id, table_id, row_no, col_no")
        files = con.execute("select text_packed, encoding, size_bytes, source_file from raw.files").fetchall()
    assert report.parsed == ["issue.txt"] and report.rows["raw.clauses"] == parsed.clauses.height > 0
    assert parsed.cells.height > 0
    assert_frame_equal(documents, parsed.documents.sort("document_id"), check_dtypes=False)
    assert_frame_equal(clauses, parsed.clauses.sort("clause_id"), check_dtypes=False)
    assert_frame_equal(cells, parsed.cells.sort("document_id", "table_id", "row_no", "col_no"), check_dtypes=False)
    [(packed, encoding, size, name)] = files
    assert unpack_text(packed) == MANY_DOCUMENTS.read_text(encoding="utf-8") and len(packed) < size / 2
    assert (encoding, size, name) == (parsed.encoding, MANY_DOCUMENTS.stat().st_size, "issue.txt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "w.duckdb"]


def test_rows_of_an_older_parser_are_derived_again_from_the_stored_text(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(ISSUE, source / "issue.txt")
    with connect(tmp_path / "w.duckdb") as con:
        ensure_schema(con)
        ingest_folder(con, source, "run-1")
        before = con.execute("select * from raw.clauses order by clause_id").fetchall()
        con.execute("delete from raw.clauses")
        con.execute("update raw.files set parser_version = 'older'")
        report = ingest_folder(con, source, "run-2")
        after = con.execute("select * from raw.clauses order by clause_id").fetchall()
        (version,) = con.execute("select parser_version from raw.files").fetchone()
    assert report.rederived == 1 and report.parsed == []
    assert after == before and len(before) > 0
    assert version == PARSER_VERSION
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "w.duckdb"]


OLD_FILES_DDL = """
create schema raw;
create table raw.files (
    file_sha256 varchar primary key, source_file varchar not null, size_bytes bigint, encoding varchar,
    traditional_share double, received_at timestamp, ingested_at timestamp, run_id varchar,
    text_raw varchar, text_normalised varchar, parser_version varchar, text_format varchar
);
"""


def test_a_warehouse_that_kept_texts_as_varchar_is_packed_and_derived_again(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(ISSUE, source / "issue.txt")
    text = ISSUE.read_text(encoding="utf-8")
    with connect(tmp_path / "w.duckdb") as con:
        con.execute(OLD_FILES_DDL)
        con.execute(
            "insert into raw.files values "
            "(?, 'issue.txt', ?, 'utf-8', 0, now(), now(), 'old-run', ?, '', 'old', 'text')",
            [sha256_hex(ISSUE.read_bytes()), ISSUE.stat().st_size, text],
        )
        ensure_schema(con)
        columns = [row[0] for row in con.execute("describe raw.files").fetchall()]
        (packed,) = con.execute("select text_packed from raw.files").fetchone()
        report = ingest_folder(con, source, "run-1")
        (clauses,) = con.execute("select count(*) from raw.clauses").fetchone()
    assert "text_raw" not in columns and "text_normalised" not in columns
    assert unpack_text(packed) == text
    assert report.unchanged == ["issue.txt"] and report.rederived == 1
    assert clauses == parse_gazette(ISSUE.read_bytes()).clauses.height > 0


def test_a_warehouse_whose_texts_are_zlib_packed_keeps_them_and_derives_again(tmp_path: Path) -> None:
    """Before zstd, raw.files.text_zlib held zlib blobs: the column is renamed, the blobs stay as
    they are, and re-derivation reads them."""
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(ISSUE, source / "issue.txt")
    text = ISSUE.read_text(encoding="utf-8")
    zlib_ddl = OLD_FILES_DDL.replace("text_raw varchar, text_normalised varchar", "text_zlib blob")
    with connect(tmp_path / "w.duckdb") as con:
        con.execute(zlib_ddl)
        con.execute(
            "insert into raw.files values (?, 'issue.txt', ?, 'utf-8', 0, now(), now(), 'old-run', ?, 'old', 'text')",
            [sha256_hex(ISSUE.read_bytes()), ISSUE.stat().st_size, zlib.compress(text.encode("utf-8"), 1)],
        )
        ensure_schema(con)
        columns = [row[0] for row in con.execute("describe raw.files").fetchall()]
        (packed,) = con.execute("select text_packed from raw.files").fetchone()
        report = ingest_folder(con, source, "run-1")
        (clauses,) = con.execute("select count(*) from raw.clauses").fetchone()
    assert "text_zlib" not in columns and packed[:2] == b"\x78\x01"  # zlib's header, as stored
    assert unpack_text(packed) == text
    assert report.unchanged == ["issue.txt"] and report.rederived == 1
    assert clauses == parse_gazette(ISSUE.read_bytes()).clauses.height > 0


def test_a_spool_that_lost_a_file_text_loads_nothing_of_its_batch_and_says_which(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(ISSUE, source / "a.txt")
    shutil.copy(MANY_DOCUMENTS, source / "b.txt")
    with connect(tmp_path / "w.duckdb") as con:
        ensure_schema(con)
        planned, shares = plan(con, source, tmp_path / "spool", share_bytes=1)
        arrivals = [arrival for share in shares for arrival in parse_share(share)]
        assert len(shares) == 2 and all(arrival.spooled for arrival in arrivals)  # a share per file
        text_path(arrivals[1].spooled.folder, arrivals[1].spooled.number).unlink()
        with pytest.raises(RuntimeError, match=r"spool incomplete: 1 of 2 .*\(b\.txt\)"):
            land(con, planned, arrivals, "run-1")
        assert con.execute("select count(*) from raw.files").fetchall() == [(0,)]
        assert con.execute("select count(*) from raw.clauses").fetchall() == [(0,)]


@pytest.mark.parametrize("in_workers", [False, True], ids=["in-process", "worker-processes"])
def test_every_stored_version_of_an_older_parser_is_derived_again_with_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_workers: bool
) -> None:
    """Re-derivation goes the way new files go (texts exported, parsed in chunks, replaced in
    batches), in this process or by worker processes (a chunk per file, as a large archive
    would be cut): on the seeds, every derived row comes back as it was, and nothing is left."""
    if in_workers:
        monkeypatch.setattr(workers, "PARALLEL_MIN_BYTES", 0)
        monkeypatch.setattr(rederive, "CHUNK_BYTES", 1)
        monkeypatch.setenv("GAZETTE_WORKERS", "2")
    with connect(tmp_path / "w.duckdb") as con:
        ensure_schema(con)
        ingest_folder(con, SEEDS, "run-1")
        tables = ("raw.documents", "raw.clauses", "raw.table_cells")
        before = {table: con.execute(f"select * from {table} order by all").fetchall() for table in tables}
        con.execute("update raw.files set parser_version = 'older'")
        report = ingest_folder(con, SEEDS, "run-2")
        after = {table: con.execute(f"select * from {table} order by all").fetchall() for table in tables}
        versions = con.execute("select distinct parser_version from raw.files").fetchall()
    assert report.rederived == len(list(SEEDS.iterdir())) and report.parsed == []
    assert all(before[table] for table in tables) and after == before
    assert versions == [(PARSER_VERSION,)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.duckdb"]


def test_a_share_counts_as_fresh_only_the_files_not_listed_as_stored(tmp_path: Path) -> None:
    """Whether parse workers are started depends on what a share will likely parse: after the
    seeds are stored, a new file and a rewritten one count, the unchanged seeds do not."""
    source = tmp_path / "in"
    shutil.copytree(SEEDS, source)
    with connect(tmp_path / "w.duckdb") as con:
        ensure_schema(con)
        ingest_folder(con, source, "run-1")
        shutil.copy(ISSUE, source / "zz_new.txt")
        rewritten = sorted(source.iterdir())[0]
        rewritten.write_bytes(rewritten.read_bytes() + "\n附件:新增".encode())
        _, (share,) = plan(con, source, tmp_path / "spool")
    assert share.fresh_bytes() == ISSUE.stat().st_size + rewritten.stat().st_size


def test_a_share_points_at_the_stored_hashes_instead_of_carrying_them(tmp_path: Path) -> None:
    """Each parse step (and each chunk sent to a worker) is pickled: the stored versions' hashes
    travel as one file in the run's spool, whatever the archive's size."""
    with connect(tmp_path / "w.duckdb") as con:
        ensure_schema(con)
        ingest_folder(con, SEEDS, "run-1")
        stored = {sha for (sha,) in con.execute("select file_sha256 from raw.files").fetchall()}
        _, (share,) = plan(con, SEEDS, tmp_path / "spool")
    assert known_hashes(share.known) == stored and len(stored) == len(list(SEEDS.iterdir()))
    assert [a.unchanged for a in parse_share(share)] == [True] * len(stored)
