"""Parsed files pass from the parsers to the one DuckDB writer as Parquet files in a spool folder.

A parser writes each part of a file (whole documents with their clauses and cells) as soon as it
is made, so memory follows the part, not the file: a 64 MB file of 200,000 short notices never
exists as one set of frames. The writer then loads a batch of folders in one transaction with
DuckDB's own Parquet reader, a statement per table for the whole batch (a statement per file
made the one writer the bottleneck of a large delivery). The same folders are what workers on
other machines would leave in object storage for one writer to load.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from orchestration.parsing.gazette import PARSER_VERSION, FileText, parse_parts
from orchestration.warehouse import pack_text

PART_TABLES = {"documents": "raw.documents", "clauses": "raw.clauses", "cells": "raw.table_cells"}
FILE_ROW = "file.parquet"
TEXT = "text.zlib"  # beside the row, read with read_blob: Parquet would copy a large text several times
SPOOL_COMPRESSION = "uncompressed"  # the parts live for one run on a local disk: half the cost of zstd to write


@dataclass(frozen=True)
class Spooled:
    """A file parsed into its spool folder."""

    folder: Path
    sha256: str
    documents: int


SPOOL_PREFIX = ".spool-"
RUN_MARK = "run-"


def database_path(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The file behind a connection; None for an in-memory database."""
    row = con.execute("select path from duckdb_databases() where database_name = current_database()").fetchone()
    return Path(row[0]) if row and row[0] else None


def clear_leftovers(database: Path, running: Callable[[str], bool] = lambda run_id: False) -> None:
    """Remove the spool folders a killed ingest left beside `database`, except those of runs
    still `running` (a run's parse steps write its folder between its writer's steps)."""
    for leftover in database.parent.glob(f".{database.name}{SPOOL_PREFIX}*"):
        mark = leftover.name.partition(SPOOL_PREFIX)[2]
        if not (mark.startswith(RUN_MARK) and running(mark.removeprefix(RUN_MARK))):
            shutil.rmtree(leftover, ignore_errors=True)


def run_folder(database: Path, run_id: str) -> Path:
    """One run's spool beside the database (same disk, so a load is a local read), shared by its
    parse steps, which may run in other processes; the step that loads it removes it."""
    return database.parent / f".{database.name}{SPOOL_PREFIX}{RUN_MARK}{run_id}"


@contextlib.contextmanager
def scratch(con: duckdb.DuckDBPyConnection) -> Iterator[Path]:
    """A scratch folder for parsed parts beside the database, removed afterwards, for an ingest
    in one step. A run killed mid-ingest leaves its folder behind; the next writer of the same
    database, the only one there can be, removes it."""
    database = database_path(con)
    if database is None:
        with tempfile.TemporaryDirectory(prefix="gazette-spool-") as folder:
            yield Path(folder)
        return
    clear_leftovers(database)
    with tempfile.TemporaryDirectory(dir=database.parent, prefix=f".{database.name}{SPOOL_PREFIX}") as folder:
        yield Path(folder)


def write_file(file: FileText, folder: Path) -> Spooled:
    """Parse `file` into `folder`: its raw.files row (how it was read, and its texts) and its parts."""
    folder.mkdir(parents=True, exist_ok=True)
    pl.DataFrame(
        [
            {
                "file_sha256": file.sha256,
                "encoding": file.encoding,
                "text_format": file.text_format,
                "traditional_share": file.traditional_share,
                "parser_version": PARSER_VERSION,
            }
        ]
    ).write_parquet(folder / FILE_ROW, compression=SPOOL_COMPRESSION)
    (folder / TEXT).write_bytes(pack_text(file.text_raw))
    documents = 0
    for n, part in enumerate(parse_parts(file)):
        for name, frame in (("documents", part.documents), ("clauses", part.clauses), ("cells", part.cells)):
            if frame.height:
                frame.write_parquet(folder / f"{name}-{n:05d}.parquet", compression=SPOOL_COMPRESSION)
        documents += part.documents.height
    return Spooled(folder, file.sha256, documents)


def load_parts(con: duckdb.DuckDBPyConnection, folders: list[Path]) -> dict[str, int]:
    """Insert the spooled documents, clauses and cells of these folders into raw.*, one
    statement per table for all of them; the caller holds the transaction. Rows per table."""
    rows: dict[str, int] = {}
    for name, table in PART_TABLES.items():
        parts = sorted(str(part) for folder in folders for part in folder.glob(f"{name}-*.parquet"))
        rows[table] = 0
        if parts:
            ((inserted,),) = con.execute(
                f"insert into {table} by name select * from read_parquet(?)", [parts]
            ).fetchall()
            rows[table] = int(inserted)
    return rows


def file_rows(folders: list[Path]) -> tuple[str, list[list[str]]]:
    """A query of the spooled raw.files rows of these folders, each with its text and its
    folder (to join what the writer knows of the file), and its parameters."""
    query = (
        "select rows.* exclude (filename), blobs.content as text_zlib, parse_dirpath(rows.filename) as folder "
        "from read_parquet(?, filename = true) as rows "
        "join read_blob(?) as blobs on parse_dirpath(blobs.filename) = parse_dirpath(rows.filename)"
    )
    return query, [[str(folder / FILE_ROW) for folder in folders], [str(folder / TEXT) for folder in folders]]


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
