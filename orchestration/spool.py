"""Parsed files pass from the parsers to the one DuckDB writer as Parquet files in a spool folder.

A parser writes a chunk of consecutive files into one folder, in parts of whole documents with
their clauses and cells, each written as soon as it holds enough rows, so memory follows the part,
not the file: a 64 MB file of 200,000 short notices never exists as one set of frames. The writer
then loads a batch of files in one transaction with DuckDB's own Parquet reader, a statement per
table for the whole batch (a statement per file made the one writer the bottleneck of a large
delivery). The same folders are what workers on other machines would leave in object storage for
one writer to load.
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

from orchestration.parsing.gazette import PARSER_VERSION, ROWS_PER_FRAME, FileText, parse_parts
from orchestration.warehouse import pack_text

PART_TABLES = {"documents": "raw.documents", "clauses": "raw.clauses", "cells": "raw.table_cells"}
FILE_ROW = "files.parquet"  # the raw.files rows; each text is a file beside them (text_path), read
# with read_blob: Parquet would copy a large text several times
CHUNK_BYTES = 1_000_000  # input per chunk: few files written, and a pool's last chunk is short
SPOOL_COMPRESSION = "uncompressed"  # the parts live for one run on a local disk: half the cost of zstd to write


@dataclass(frozen=True)
class Spooled:
    """A file parsed into a spool folder, as file `number` of the run (its place in the folder's
    listing)."""

    folder: Path
    sha256: str
    documents: int
    number: int = 0


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


class SpoolWriter:
    """Parsed files of one chunk (consecutive files of a share, about CHUNK_BYTES of input) into
    one folder: each file's text in a file of its own, everything else in Parquet parts shared by
    the chunk's files, a part written whenever a table holds `rows_per_part` rows. Creating a
    file costs about a millisecond on an ordinary disk, as much as parsing 20 KB, and a folder
    per file made six of them. Every row carries its file's number, so the writer loads exactly
    the files it is handed: not a file parsed twice under two names, nor the rows of a file
    whose parser failed half-way."""

    def __init__(self, folder: Path, rows_per_part: int = ROWS_PER_FRAME) -> None:
        self.folder = folder
        self.rows_per_part = rows_per_part
        self.pending: dict[str, list[tuple[pl.DataFrame, int]]] = {name: [] for name in PART_TABLES}  # frame, file
        self.rows = dict.fromkeys(PART_TABLES, 0)
        self.files: list[dict[str, object]] = []
        self.parts = 0
        folder.mkdir(parents=True, exist_ok=True)

    def add(self, file: FileText, number: int) -> Spooled:
        """Parse `file` into the chunk as file `number`; on an exception, nothing of it stays
        pending (a part already written keeps rows the writer never loads)."""
        kept = {name: len(frames) for name, frames in self.pending.items()}
        documents = 0
        try:
            for part in parse_parts(file, self.rows_per_part):
                for name in PART_TABLES:
                    frame = getattr(part, name)
                    if frame.height:
                        self.pending[name].append((frame, number))
                        self.rows[name] += frame.height
                documents += part.documents.height
                if max(self.rows.values()) >= self.rows_per_part:
                    self._write_part()
                    kept = dict.fromkeys(PART_TABLES, 0)
        except BaseException:
            for name, count in kept.items():
                del self.pending[name][count:]
            raise
        text_path(self.folder, number).write_bytes(pack_text(file.text_raw))
        self.files.append(
            {
                "file_no": number,
                "file_sha256": file.sha256,
                "encoding": file.encoding,
                "text_format": file.text_format,
                "traditional_share": file.traditional_share,
                "parser_version": PARSER_VERSION,
            }
        )
        return Spooled(self.folder, file.sha256, documents, number)

    def _write_part(self) -> None:
        for name, pending in self.pending.items():
            if pending:
                frames, numbers = zip(*pending, strict=True)
                file_no = _repeated(list(numbers), [frame.height for frame in frames])
                pl.concat(frames).with_columns(file_no).write_parquet(
                    self.folder / f"{name}-{self.parts:05d}.parquet", compression=SPOOL_COMPRESSION
                )
        self.pending = {name: [] for name in PART_TABLES}
        self.rows = dict.fromkeys(PART_TABLES, 0)
        self.parts += 1

    def close(self) -> None:
        """Write what is pending and the chunk's file rows; a chunk with no file parsed leaves
        no folder."""
        if not self.files:
            remove(self.folder)
            return
        self._write_part()
        pl.DataFrame(self.files, schema=FILE_ROW_SCHEMA).write_parquet(
            self.folder / FILE_ROW, compression=SPOOL_COMPRESSION
        )


def _repeated(numbers: list[int], heights: list[int]) -> pl.Series:
    """The file_no column of frames of these files and heights, in one operation: a column
    added to each file's frame costs a polars call per file."""
    frame = pl.DataFrame({"file_no": numbers, "height": heights}, schema={"file_no": pl.Int32, "height": pl.Int64})
    return frame.select(pl.col("file_no").repeat_by("height").explode()).to_series()


FILE_ROW_SCHEMA = {
    "file_no": pl.Int32,
    "file_sha256": pl.Utf8,
    "encoding": pl.Utf8,
    "text_format": pl.Utf8,
    "traditional_share": pl.Float64,
    "parser_version": pl.Utf8,
}


def text_path(folder: Path, number: int) -> Path:
    return folder / f"text-{number:06d}.zst"


def load_parts(con: duckdb.DuckDBPyConnection, folders: list[Path], numbers: list[int]) -> dict[str, int]:
    """Insert the spooled documents, clauses and cells of files `numbers` in these folders into
    raw.*, one statement per table for all of them; the caller holds the transaction. Rows per
    table."""
    rows: dict[str, int] = {}
    unique = sorted(set(folders))
    for name, table in PART_TABLES.items():
        parts = sorted(str(part) for folder in unique for part in folder.glob(f"{name}-*.parquet"))
        rows[table] = 0
        if parts:
            ((inserted,),) = con.execute(
                f"insert into {table} by name select * exclude (file_no) from read_parquet(?) "
                "where file_no in (select unnest(?::integer[]))",
                [parts, numbers],
            ).fetchall()
            rows[table] = int(inserted)
    return rows


def file_rows(folders: list[Path], numbers: list[int]) -> tuple[str, list[object]]:
    """A query of the spooled raw.files rows of files `numbers` in these folders, each with its
    text and its number (to join what the writer knows of the file), and its parameters."""
    query = (
        "select rows.*, blobs.content as text_packed "
        "from read_parquet(?) as rows "
        "join read_blob(?) as blobs "
        "on rows.file_no = cast(regexp_extract(blobs.filename, 'text-(\\d+)\\.zst$', 1) as integer) "
        "where rows.file_no in (select unnest(?::integer[]))"
    )
    texts = [str(text_path(folder, number)) for folder, number in zip(folders, numbers, strict=True)]
    return query, [[str(folder / FILE_ROW) for folder in sorted(set(folders))], texts, numbers]


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
