"""Ingest a folder of gazette files into the raw layer of the build database.

Incremental by content: a file whose sha256 is already in raw.files is not parsed again,
whatever it is called now. A file that cannot be read is recorded in quality.rejected_files
with a reason naming the problem, and the other files still land; the file itself is never
moved or deleted.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from orchestration.parsing.decode import RejectedFile
from orchestration.parsing.gazette import parse_gazette, sha256_hex
from orchestration.warehouse import append

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    parsed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)


def gazette_files(source: Path) -> list[Path]:
    """Candidate files in the source folder: visible entries, sorted by name."""
    if not source.is_dir():
        raise FileNotFoundError(f"source folder {source} does not exist")
    return sorted(p for p in source.iterdir() if not p.name.startswith(".") and not p.is_dir())


def _read(path: Path, source: Path) -> bytes:
    resolved = path.resolve()
    if path.is_symlink() and not resolved.is_relative_to(source.resolve()):
        raise RejectedFile(f"symlink pointing outside the source folder (to {resolved})")
    if not resolved.is_file():
        raise RejectedFile("not a regular file")
    return path.read_bytes()


def ingest_folder(con: duckdb.DuckDBPyConnection, source: Path, run_id: str) -> IngestReport:
    report = IngestReport()
    known = {row[0] for row in con.execute("select file_sha256 from raw.files").fetchall()}
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    totals = {"raw.files": 0, "raw.documents": 0, "raw.clauses": 0, "raw.table_cells": 0}
    for path in gazette_files(source):
        name = path.relative_to(source).as_posix()
        received = None
        data = b""
        try:
            received = dt.datetime.fromtimestamp(path.lstat().st_mtime, dt.UTC).replace(tzinfo=None)
            data = _read(path, source)
            sha = sha256_hex(data)
            if sha in known:
                report.unchanged.append(name)
                continue
            parsed = parse_gazette(data)
        except (RejectedFile, OSError) as exc:
            reason = str(exc)
            log.warning("rejected %s: %s", name, reason)
            report.rejected[name] = reason
            _record_rejection(con, name, reason, received or now, data, run_id)
            continue
        known.add(sha)
        report.parsed.append(name)
        files = pl.DataFrame(
            [
                {
                    "file_sha256": sha,
                    "source_file": name,
                    "size_bytes": len(data),
                    "encoding": parsed.encoding,
                    "traditional_share": parsed.traditional_share,
                    "received_at": received,
                    "ingested_at": now,
                    "run_id": run_id,
                    "text_raw": parsed.text_raw,
                    "text_normalised": parsed.text_normalised,
                }
            ]
        )
        con.execute("begin transaction")
        totals["raw.files"] += append(con, "raw.files", files)
        totals["raw.documents"] += append(con, "raw.documents", parsed.documents)
        totals["raw.clauses"] += append(con, "raw.clauses", parsed.clauses)
        totals["raw.table_cells"] += append(con, "raw.table_cells", parsed.cells)
        con.execute("commit")
        log.info("ingested %s: %d documents", name, parsed.documents.height)
    report.rows = totals
    return report


def _record_rejection(
    con: duckdb.DuckDBPyConnection,
    name: str,
    reason: str,
    received: dt.datetime,
    data: bytes,
    run_id: str,
) -> None:
    sha = sha256_hex(data) if data else None
    con.execute(
        "delete from quality.rejected_files where source_file = ? and file_sha256 is not distinct from ?",
        [name, sha],
    )
    con.execute(
        "insert into quality.rejected_files values (?, ?, ?, ?, ?, ?)",
        [name, reason, received, sha, len(data), run_id],
    )
