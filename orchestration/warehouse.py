"""The DuckDB side: schema DDL for the tables Python writes, bulk loads, and publishing.

Only the build file is ever opened for writing. Publishing copies it, once every blocking
check has passed, to a temporary file next to the published one and renames it over the
published file. A rename is atomic on POSIX filesystems, so a BI tool that holds the published
file open keeps reading the old inode undisturbed and sees the new data on reconnect, and a
build killed at any point leaves the published file exactly as it was.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
import stat
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import polars as pl

if TYPE_CHECKING:
    import pyarrow as pa

SCHEMAS = ("raw", "staging", "intermediate", "marts", "quality", "reference")

FILES_DDL = """
create table if not exists raw.files (
    file_sha256 varchar primary key,
    source_file varchar not null,
    size_bytes bigint,
    encoding varchar,
    traditional_share double,
    received_at timestamp,
    ingested_at timestamp,
    run_id varchar,
    text_packed blob,  -- the decoded text, UTF-8, compressed (pack_text): what re-derivation reads
    parser_version varchar,
    text_format varchar
);
create table if not exists raw.meta (key varchar primary key, value varchar);
-- the landing folder as the last ingest found it: what the warehouse publishes
create table if not exists raw.landing (
    source_file varchar primary key,
    file_sha256 varchar,
    rejected boolean not null,
    size_bytes bigint,
    received_at timestamp,
    listed_at timestamp,
    run_id varchar
);
"""

# Tables derived from raw.files by the parser: rebuilt when their definition changes. Their ids
# are not declared keys: an index costs a third of loading the rows, and the staging models'
# primary_key tests already fail a build whose ids repeat.
DERIVED_DDL = """
create table if not exists raw.documents (
    document_id varchar not null,
    file_sha256 varchar not null,
    doc_index integer,
    title varchar,
    doc_number varchar,
    issuer varchar,
    issued_date date,
    region varchar,
    line_start integer,
    line_end integer,
    text varchar
);
create table if not exists raw.clauses (
    clause_id varchar not null,
    document_id varchar not null,
    paragraph_no integer,
    sentence_no integer,
    attachment varchar,
    section_path varchar,
    marker_kind varchar,
    level integer,
    heading varchar,
    text varchar,
    line_start integer,
    line_end integer
);
create table if not exists raw.table_cells (
    table_id varchar not null,
    document_id varchar not null,
    table_no integer,
    layout varchar,
    attachment varchar,
    table_title varchar,
    unit_note varchar,
    table_note varchar,
    row_no integer,
    row_kind varchar,
    row_label varchar,
    stated_count integer,
    category varchar,
    category_count integer,
    col_no integer,
    header varchar,
    column_role varchar,
    is_header boolean,
    is_inherited boolean,
    text varchar,
    line_no integer,
    line_end integer,
    parent_row_no integer
);
"""
DERIVED_TABLES = ("raw.documents", "raw.clauses", "raw.table_cells")

QUALITY_DDL = """
create table if not exists quality.rejected_files (
    source_file varchar not null,
    reason varchar not null,
    received_at timestamp,
    file_sha256 varchar,
    size_bytes bigint,
    run_id varchar
);
create table if not exists quality.check_results (
    run_id varchar,
    checked_at timestamp,
    table_name varchar,
    check_name varchar,
    success boolean,
    unexpected_count bigint,
    blocking boolean,
    expectation varchar,
    element_count bigint,
    failing_keys varchar[],
    failing_rows varchar[]
);
create table if not exists quality.flagged_rows (
    run_id varchar,
    check_name varchar,
    table_name varchar,
    row_key varchar,
    detail varchar
);
-- the history stays; these show the last run that checked (in the published file: its run)
create or replace view quality.latest_check_results as
select * from quality.check_results
where run_id = (select arg_max(run_id, checked_at) from quality.check_results);
create or replace view quality.latest_flagged_rows as
select * from quality.flagged_rows
where run_id = (select arg_max(run_id, checked_at) from quality.check_results);
"""


# The storage format of every file we create, and so of the published file: DuckDB 2.x would
# otherwise write its newest format, which the DuckDB 1.x inside BI drivers cannot open. A file
# keeps the format it was created in whoever writes to it later (dbt included).
STORAGE_VERSION = "v1.1.0"
OLDEST_READER = "1.1.0"  # the oldest DuckDB that opens the published file (README, tests)


@contextlib.contextmanager
def connect(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection; closed on exit so dbt (another process) can open the file.
    A new file is created in STORAGE_VERSION."""
    path.parent.mkdir(parents=True, exist_ok=True)
    config = {} if read_only or path.exists() else {"storage_compatibility_version": STORAGE_VERSION}
    con = duckdb.connect(str(path), read_only=read_only, config=config)
    try:
        yield con
    finally:
        con.close()


_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


@functools.cache
def _zstd() -> pa.Codec:
    """pyarrow's zstd, imported when a text is first packed (by a process that parses), not
    when this module is: the command and the writer never need it."""
    import pyarrow as pa

    return pa.Codec("zstd", compression_level=1)


def pack_text(text: str) -> bytes:
    """A file's text as raw.files keeps it. Compressed, because DuckDB takes about six times a
    string's size in memory to insert a text of tens of MB as one VARCHAR, and real gazette text
    compresses about threefold. zstd level 1: on the ingest's path, in half the time of zlib's
    fastest level for the same size (packing was a twentieth of the parse)."""
    return _zstd().compress(text.encode("utf-8"), asbytes=True)


def unpack_text(packed: bytes) -> str:
    """A text pack_text packed, or zlib packed (warehouses built before zstd keep their rows)."""
    if packed[:4] == _ZSTD_MAGIC:
        import pyarrow as pa

        return pa.input_stream(pa.py_buffer(packed), compression="zstd").read().decode("utf-8")
    return zlib.decompress(packed).decode("utf-8")


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create what is missing. If the derived tables' definition changed since the file was
    built, drop them and mark every stored file for re-parsing (its text is in raw.files)."""
    for schema in SCHEMAS:
        con.execute(f'create schema if not exists "{schema}"')
    con.execute(FILES_DDL)
    con.execute("alter table raw.files add column if not exists parser_version varchar")
    con.execute("alter table raw.files add column if not exists text_format varchar")
    _pack_stored_texts(con)
    con.execute(QUALITY_DDL)
    con.execute("alter table quality.check_results add column if not exists failing_rows varchar[]")
    version = hashlib.sha256(DERIVED_DDL.encode()).hexdigest()[:16]
    stored = con.execute("select value from raw.meta where key = 'derived_schema'").fetchone()
    if stored is None or stored[0] != version:
        for table in DERIVED_TABLES:
            con.execute(f"drop table if exists {table}")
        con.execute("update raw.files set parser_version = null")
        con.execute("insert or replace into raw.meta values ('derived_schema', ?)", [version])
    con.execute(DERIVED_DDL)


def _pack_stored_texts(con: duckdb.DuckDBPyConnection) -> None:
    """A warehouse from before packed texts keeps them as VARCHAR: compress them, a file at a
    time, and drop the old columns (text_normalised is the parser's, derived again at will).
    One from when they were all zlib-packed (text_zlib) keeps its blobs, renamed: unpack_text
    reads both."""
    columns = {row[0] for row in con.execute("describe raw.files").fetchall()}
    if "text_packed" in columns:
        return
    if "text_zlib" in columns:
        con.execute("alter table raw.files rename column text_zlib to text_packed")
        return
    con.execute("begin transaction")
    try:
        con.execute("alter table raw.files add column text_packed blob")
        for (sha,) in con.execute("select file_sha256 from raw.files").fetchall():
            (text,) = con.execute("select text_raw from raw.files where file_sha256 = ?", [sha]).fetchone()
            con.execute("update raw.files set text_packed = ? where file_sha256 = ?", [pack_text(text or ""), sha])
        for old in ("text_raw", "text_normalised"):
            con.execute(f"alter table raw.files drop column if exists {old}")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


class _ArrowStream:
    """A polars frame as DuckDB scans it through the Arrow C stream interface. Handing DuckDB the
    frame itself makes it call `to_arrow`, which imports pyarrow: 0.1 s of a refresh's writer."""

    def __init__(self, frame: pl.DataFrame) -> None:
        self.frame = frame

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        return self.frame.__arrow_c_stream__(requested_schema)


def append(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """Bulk insert a polars frame (via Arrow) into `table`, matching columns by name."""
    if frame.height == 0:
        return 0
    con.register("_incoming", _ArrowStream(frame))
    try:
        con.execute(f"insert into {table} by name select * from _incoming")
    finally:
        con.unregister("_incoming")
    return frame.height


def table_counts(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...]) -> dict[str, int]:
    """Row counts of every table and view in the given schemas, as schema.table → rows."""
    placeholders = ",".join("?" for _ in schemas)
    names = con.execute(
        f"select table_schema, table_name from information_schema.tables "
        f"where table_schema in ({placeholders}) order by 1, 2",
        list(schemas),
    ).fetchall()
    return {
        f"{schema}.{name}": con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[0]
        for schema, name in names
    }


def _storage_tag(con: duckdb.DuckDBPyConnection) -> str:
    return con.execute(
        "select tags['storage_version'] from duckdb_databases() where database_name = current_database()"
    ).fetchone()[0]


@functools.cache
def _compatible_tag() -> str:
    """The storage tag this DuckDB gives a file created in STORAGE_VERSION."""
    with tempfile.TemporaryDirectory() as folder, connect(Path(folder) / "probe.duckdb") as con:
        return _storage_tag(con)


def _rewrite_in_storage_version(path: Path) -> None:
    """Copy a database written in a newer format (a build file from before STORAGE_VERSION)
    into STORAGE_VERSION, tables, views, constraints and comments alike, and put it in place."""
    rewritten = path.with_name(f".{path.name}.{os.getpid()}.rewriting")
    rewritten.unlink(missing_ok=True)
    try:
        with connect(path) as con:
            name = con.execute("select current_database()").fetchone()[0].replace('"', '""')
            con.execute(f"attach '{rewritten}' as rewritten (storage_version '{STORAGE_VERSION}')")
            con.execute(f'copy from database "{name}" to rewritten')
            con.execute("detach rewritten")
        os.replace(rewritten, path)
    finally:
        rewritten.unlink(missing_ok=True)


def publish(build: Path, published: Path) -> None:
    """Atomically replace `published` with a checkpointed copy of `build`, in STORAGE_VERSION."""
    with connect(build) as con:
        con.execute("checkpoint")
        current = _storage_tag(con)
    if current != _compatible_tag():
        _rewrite_in_storage_version(build)
    published.parent.mkdir(parents=True, exist_ok=True)
    temporary = published.with_name(f".{published.name}.{os.getpid()}.publishing")
    try:
        shutil.copyfile(build, temporary)
        _keep_access(published, temporary)
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, published)
        directory = os.open(published.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    finally:
        temporary.unlink(missing_ok=True)


def _keep_access(published: Path, replacement: Path) -> None:
    """The new file gets the mode and group the published one had (an administrator may have
    made it 640 for a readers' group), so a refresh never widens or narrows who can read it."""
    try:
        old = published.stat()
    except FileNotFoundError:
        return
    os.chmod(replacement, stat.S_IMODE(old.st_mode))
    with contextlib.suppress(PermissionError):
        os.chown(replacement, -1, old.st_gid)


def clear_stale_publishing(published: Path) -> None:
    """Remove half-written copies left by a publish that was killed."""
    for stale in published.parent.glob(f".{published.name}.*.publishing"):
        stale.unlink(missing_ok=True)
