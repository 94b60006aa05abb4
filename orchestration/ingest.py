"""Ingest a folder of gazette files into the raw layer of the build database.

Incremental by content: a file whose sha256 is already in raw.files is not parsed again,
whatever it is called now. A file that cannot be read is recorded in quality.rejected_files
with a reason naming the problem, and the other files still land; the file itself is never
moved or deleted.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

import duckdb
import polars as pl

from orchestration.parsing.decode import RejectedFile
from orchestration.parsing.gazette import read_gazette, sha256_hex
from orchestration.rederive import rederive_stale
from orchestration.settings import max_file_bytes, parse_workers
from orchestration.spool import (
    CHUNK_BYTES,
    Spooled,
    SpoolWriter,
    file_rows,
    load_parts,
    remove,
    scratch,
    text_path,
)
from orchestration.warehouse import append
from orchestration.workers import cut, map_chunks

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    parsed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    rederived: int = 0


def gazette_files(source: Path) -> list[Path]:
    """Candidate files in the source folder: visible entries, sorted by name."""
    if not source.is_dir():
        raise FileNotFoundError(f"source folder {source} does not exist")
    return sorted(p for p in source.iterdir() if not p.name.startswith(".") and not p.is_dir())


def _read(path: Path, source: Path) -> bytes:
    """The file's bytes, after the checks that keep a bad delivery from doing harm: a link out
    of the folder is not followed, and a file larger than the limit is not read at all, so
    memory stays bounded whatever lands in the folder."""
    resolved = path.resolve()
    if path.is_symlink() and not resolved.is_relative_to(source.resolve()):
        raise RejectedFile(f"symlink pointing outside the source folder (to {resolved})")
    if not resolved.is_file():
        raise RejectedFile("not a regular file")
    size = resolved.stat().st_size
    limit = max_file_bytes()
    if size > limit:
        raise RejectedFile(
            f"too large: {size / 1e6:.0f} MB exceeds the {limit / 1e6:.0f} MB limit (GAZETTE_MAX_FILE_MB); "
            "a gazette issue is a few MB, split or check the file"
        )
    return path.read_bytes()


@dataclass
class Arrival:
    """One file as read from the folder: either parsed into its spool folder, or rejected with
    a reason. It carries no file content, so the writer's memory does not grow with the files."""

    name: str
    received: dt.datetime
    size: int = 0
    sha256: str | None = None
    spooled: Spooled | None = None
    reason: str | None = None
    unchanged: bool = False


def _arrive(
    path: Path, source: Path, known: AbstractSet[str], now: dt.datetime, writer: SpoolWriter, number: int
) -> Arrival:
    arrival = Arrival(name=path.relative_to(source).as_posix(), received=now)
    try:
        arrival.received = dt.datetime.fromtimestamp(path.lstat().st_mtime, dt.UTC).replace(tzinfo=None)
        data = _read(path, source)
        arrival.size, arrival.sha256 = len(data), sha256_hex(data)
        if arrival.sha256 in known:
            arrival.unchanged = True
        else:
            file = read_gazette(data)
            del data
            arrival.spooled = writer.add(file, number)
    except (RejectedFile, OSError) as exc:
        arrival.reason = str(exc)
    except Exception as exc:  # a parser bug must not stop the other files landing
        log.exception("parser failed on %s", arrival.name)
        arrival.reason = f"parser error ({type(exc).__name__}: {exc}); the file is kept for re-ingest"
    return arrival


KNOWN = "known-hashes.csv"


def known_hashes(path: Path) -> frozenset[str]:
    """The stored versions' hashes as the plan wrote them, read once per process and run (the
    file's identity is part of the key, so another run's file by the same name is read anew)."""
    status = path.stat()
    return _read_hashes(path, status.st_mtime_ns, status.st_size, status.st_ino)


@functools.lru_cache(maxsize=1)
def _read_hashes(path: Path, *identity: int) -> frozenset[str]:
    return frozenset(path.read_text().split())


def _arrive_chunk(
    paths: list[Path], numbers: list[int], source: Path, known: Path, now: dt.datetime, folder: Path
) -> list[Arrival]:
    """A chunk of consecutive files read and parsed into one spool folder."""
    writer = SpoolWriter(folder)
    stored = known_hashes(known)
    try:
        return [_arrive(path, source, stored, now, writer, number) for path, number in zip(paths, numbers, strict=True)]
    finally:
        writer.close()


PROGRESS_BATCH = 25
PROGRESS_SECONDS = 2.0


@dataclass(frozen=True)
class Plan:
    """What the writer's steps of one ingest agree on: where parsed files are spooled, the run's
    clock, and how many files the folder lists."""

    spool: Path
    now: dt.datetime
    files: int
    rederived: int = 0


@dataclass(frozen=True)
class Share:
    """A contiguous run of the folder's files for one parse step, each with its number in the
    folder's listing and its chunk's spool folder, and where the stored versions' hashes are
    (a file in the spool, written once per run: a set of every hash in each share, and in each
    chunk sent to a worker, would grow with the archive), so an unchanged file is hashed, not
    parsed. It holds no database handle: a share can be parsed in any process, or on any machine
    that sees the files and the spool."""

    source: Path
    paths: tuple[Path, ...]
    numbers: tuple[int, ...]
    folders: tuple[Path, ...]
    known: Path
    now: dt.datetime
    listed: frozenset[tuple[str, int, dt.datetime]] = frozenset()

    def fresh_bytes(self) -> int:
        """Bytes of the files not listed as stored last time, under the same name, size and
        time: about what the share will parse. It only decides whether starting parse workers
        pays (a refresh of one new issue among 500 does not); every file is still hashed."""
        keys = (_listing_key(path, self.source) for path in self.paths)
        return sum(key[1] for key in keys if key not in self.listed)

    def chunks(self) -> list[tuple[list[Path], list[int], Path]]:
        """The share's files grouped by spool folder, in order."""
        grouped: list[tuple[list[Path], list[int], Path]] = []
        for path, number, folder in zip(self.paths, self.numbers, self.folders, strict=True):
            if not grouped or grouped[-1][2] != folder:
                grouped.append(([], [], folder))
            grouped[-1][0].append(path)
            grouped[-1][1].append(number)
        return grouped


def plan(con: duckdb.DuckDBPyConnection, source: Path, spool: Path, share_bytes: int = 0) -> tuple[Plan, list[Share]]:
    """Re-derive stored versions parsed by older code, then cut the folder's files into shares of
    about `share_bytes` each (0: one share), in name order, and each share into chunks of about
    CHUNK_BYTES, a spool folder each. There is always at least one share, if empty, so the step
    that loads them always runs."""
    rederived = rederive_stale(con, spool)
    known = spool / KNOWN
    spool.mkdir(parents=True, exist_ok=True)
    quoted = str(known).replace("'", "''")
    con.execute(f"copy (select file_sha256 from raw.files order by all) to '{quoted}' (format csv, header false)")
    listed = frozenset(
        (name, size, received)
        for name, size, received in con.execute(
            "select source_file, size_bytes, received_at from raw.landing where file_sha256 is not null"
        ).fetchall()
    )
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    paths = gazette_files(source)
    sizes = [_size(path) for path in paths]
    shares = [_share(source, paths, sizes, run, spool, known, now, listed) for run in cut(sizes, share_bytes)]
    return Plan(spool, now, len(paths), rederived), shares


def _share(
    source: Path,
    paths: list[Path],
    sizes: list[int],
    run: range,
    spool: Path,
    known: Path,
    now: dt.datetime,
    listed: frozenset[tuple[str, int, dt.datetime]],
) -> Share:
    names = {paths[number].relative_to(source).as_posix() for number in run}
    listed = frozenset(entry for entry in listed if entry[0] in names)  # a share carries its own files only
    folders = [
        spool / f"{run.start + chunk.start:06d}"
        for chunk in cut([sizes[number] for number in run], CHUNK_BYTES)
        for _ in chunk
    ]
    return Share(source, tuple(paths[number] for number in run), tuple(run), tuple(folders), known, now, listed)


def _listing_key(path: Path, source: Path) -> tuple[str, int, dt.datetime | None]:
    """A file as raw.landing lists it: name, size and modification time (as _arrive reads them)."""
    try:
        received = dt.datetime.fromtimestamp(path.lstat().st_mtime, dt.UTC).replace(tzinfo=None)
    except OSError:
        received = None
    return path.relative_to(source).as_posix(), _size(path), received


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # a dangling link: rejected when read
        return 0


def parse_share(share: Share, workers: int = 1) -> Iterator[Arrival]:
    """The share's files read and parsed into the spool, in order. Parsing is pure CPU and needs
    no database. With `workers` > 1 a large share is parsed by that many local processes (the
    one-process build's way to use every core; under Dagster's multiprocess executor, each share
    is a step of its own instead); a small one is parsed here, cheaper than starting workers."""
    chunks = share.chunks()
    arguments = (
        [paths for paths, _, _ in chunks],
        [numbers for _, numbers, _ in chunks],
        repeat(share.source),
        repeat(share.known),
        repeat(share.now),
        [folder for _, _, folder in chunks],
    )
    for arrivals in map_chunks(_arrive_chunk, arguments, len(chunks), workers, share.fresh_bytes()):
        yield from arrivals


def ingest_folder(
    con: duckdb.DuckDBPyConnection, source: Path, run_id: str, progress: Callable[[str], None] | None = None
) -> IngestReport:
    """Parse every new file version in `source` into raw.*, in this process and its parse
    workers; record the ones that cannot be read. Stored versions parsed by older code are
    re-derived first. `progress` hears a line per batch of files, so a large delivery is never
    silent."""
    with scratch(con) as spool:
        planned, (share,) = plan(con, source, spool)
        return land(con, planned, parse_share(share, parse_workers()), run_id, progress)


def land(
    con: duckdb.DuckDBPyConnection,
    planned: Plan,
    arrivals: Iterable[Arrival],
    run_id: str,
    progress: Callable[[str], None] | None = None,
) -> IngestReport:
    """Load parsed files into raw.* in batches, record rejections, and replace raw.landing with
    the folder as read. The one writer's part of an ingest: `arrivals` may come from this
    process or from parse steps elsewhere, in the folder's name order. What is stored is read
    again here, so a version another run stored meanwhile is not loaded twice."""
    report = IngestReport(rows={f"raw.{name}": 0 for name in ("files", "documents", "clauses", "table_cells")})
    report.rederived = planned.rederived
    known = {row[0] for row in con.execute("select file_sha256 from raw.files").fetchall()}
    now = planned.now
    listing: list[tuple[str, str | None, bool, int, dt.datetime]] = []
    loading: list[Arrival] = []
    loading_bytes = 0
    for done, arrival in enumerate(arrivals, start=1):
        if arrival.spooled is not None and arrival.spooled.sha256 in known:
            arrival.unchanged = True  # the same content under two names in one delivery: not loaded
        if arrival.unchanged:
            report.unchanged.append(arrival.name)
        elif arrival.spooled is None:
            log.warning("rejected %s: %s", arrival.name, arrival.reason)
            report.rejected[arrival.name] = str(arrival.reason)
            _record_rejection(con, arrival, run_id)
        else:
            known.add(arrival.spooled.sha256)
            report.parsed.append(arrival.name)
            loading.append(arrival)
            loading_bytes += arrival.size
            if len(loading) >= LOAD_BATCH_FILES or loading_bytes >= LOAD_BATCH_BYTES:
                _store_batch(con, loading, now, run_id, report)
                loading, loading_bytes = [], 0
                if progress and done < planned.files:
                    progress(
                        f"ingest: {done}/{planned.files} files stored ({len(report.parsed)} parsed, "
                        f"{len(report.unchanged)} unchanged, {len(report.rejected)} rejected)"
                    )
        listing.append(
            (
                arrival.name,
                arrival.sha256,
                arrival.spooled is None and not arrival.unchanged,
                arrival.size,
                arrival.received,
            )
        )
    if loading:
        _store_batch(con, loading, now, run_id, report)
    _record_listing(con, listing, now, run_id)
    return report


def _record_listing(
    con: duckdb.DuckDBPyConnection,
    listing: list[tuple[str, str | None, bool, int, dt.datetime]],
    now: dt.datetime,
    run_id: str,
) -> None:
    """Replace raw.landing with the folder as read now: each file's current content (or its
    rejection). Downstream, only these versions count, so a removed file leaves the warehouse, a
    reverted one shows its earlier content again, and raw keeps every version for the record.
    A file's rejection goes when the file does, or when it is read now (parsed or stored already)."""
    columns = ("source_file", "file_sha256", "rejected", "size_bytes", "received_at")
    frame = pl.DataFrame(
        [dict(zip(columns, row, strict=True)) for row in listing],
        schema={
            "source_file": pl.String,
            "file_sha256": pl.String,
            "rejected": pl.Boolean,
            "size_bytes": pl.Int64,
            "received_at": pl.Datetime("us"),
        },
    ).with_columns(listed_at=pl.lit(now, dtype=pl.Datetime("us")), run_id=pl.lit(run_id))
    con.execute("begin transaction")
    try:
        con.execute("delete from raw.landing")
        append(con, "raw.landing", frame)
        con.execute(
            "delete from quality.rejected_files where source_file not in "
            "(select source_file from raw.landing where rejected)"
        )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


# A batch is one transaction. Large ones cost less per row: DuckDB writes an insert of more than
# a row group (122,880 rows) straight into the database file instead of the write-ahead log, and
# commits less often (the 100x seeds' 500 files load in 1.7 s as one batch, 2.7 s in batches of
# 100). The bytes bound keeps a transaction's size that of a few large files.
LOAD_BATCH_FILES, LOAD_BATCH_BYTES = 2_000, 64_000_000


def _store_batch(
    con: duckdb.DuckDBPyConnection, batch: list[Arrival], now: dt.datetime, run_id: str, report: IngestReport
) -> None:
    """Load a batch of spooled files into the raw tables in one transaction, a statement per
    table, then remove the spool folders no later file shares (a chunk may run on into the
    next batch)."""
    spooled = [arrival.spooled for arrival in batch]
    assert all(spooled), "only parsed files are loaded"
    folders = [s.folder for s in spooled if s is not None]
    numbers = [s.number for s in spooled if s is not None]
    query, parameters = file_rows(folders, numbers)
    arrived = ", ".join("(?::integer, ?, ?::bigint, ?::timestamp)" for _ in batch)
    values = [
        value
        for number, arrival in zip(numbers, batch, strict=True)
        for value in (number, arrival.name, arrival.size, arrival.received)
    ]
    con.execute("begin transaction")
    try:
        ((files,),) = con.execute(
            "insert into raw.files by name select spooled.* exclude (file_no), arrived.source_file, "
            "arrived.size_bytes, arrived.received_at, ?::timestamp as ingested_at, ? as run_id "
            f"from ({query}) as spooled "
            f"join (values {arrived}) as arrived (file_no, source_file, size_bytes, received_at) "
            "on arrived.file_no = spooled.file_no",
            [now, run_id, *parameters, *values],
        ).fetchall()
        if files != len(batch):  # a spool folder lost a file row or text: load none of the batch
            missing = [a.name for a, f, n in zip(batch, folders, numbers, strict=True) if not text_path(f, n).exists()]
            raise RuntimeError(
                f"spool incomplete: {len(batch) - int(files)} of {len(batch)} parsed files have no file row or "
                f"text in the spool ({', '.join(missing) or 'unknown'}); nothing of this batch was loaded"
            )
        rows = {"raw.files": int(files), **load_parts(con, folders, numbers)}
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    for table, count in rows.items():
        report.rows[table] += count
    for arrival, spool in zip(batch, spooled, strict=True):
        if spool is not None:
            log.info("ingested %s: %d documents", arrival.name, spool.documents)
    for folder in set(folders) - {folders[-1]}:
        remove(folder)


def _record_rejection(con: duckdb.DuckDBPyConnection, arrival: Arrival, run_id: str) -> None:
    con.execute(
        "delete from quality.rejected_files where source_file = ? and file_sha256 is not distinct from ?",
        [arrival.name, arrival.sha256],
    )
    con.execute(
        "insert into quality.rejected_files values (?, ?, ?, ?, ?, ?)",
        [arrival.name, arrival.reason, arrival.received, arrival.sha256, arrival.size, run_id],
    )
