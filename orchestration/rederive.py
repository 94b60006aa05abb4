"""Re-derive stored file versions whose rows came from another parser version.

`raw.files` keeps every version's text, so a parser change needs no original file: the texts go
the way new files go, through the spool and the one writer, a batch at a time.
"""

from __future__ import annotations

import logging
from itertools import repeat
from pathlib import Path

import duckdb
import polars as pl

from orchestration.fingerprint import stamp_models
from orchestration.parsing.gazette import PARSER_VERSION, read_text
from orchestration.settings import parse_workers
from orchestration.spool import CHUNK_BYTES, Spooled, SpoolWriter, load_parts, remove
from orchestration.warehouse import unpack_text
from orchestration.workers import cut, map_chunks

log = logging.getLogger(__name__)


def rederive_stale(con: duckdb.DuckDBPyConnection, spool: Path, workers: int | None = None) -> int:
    """Re-parse stored file versions whose derived rows came from another parser version, as new
    files are parsed: their texts are exported once to Parquet in the spool, parsed in chunks (by
    `workers` local processes when there is much of it), and their rows replaced a batch at a
    time, each batch in one transaction. Every warehouse goes this way after a parser change."""
    stale = con.execute(
        "select file_sha256, octet_length(text_packed) from raw.files "
        "where parser_version is distinct from ? order by file_sha256",
        [PARSER_VERSION],
    ).fetchall()
    if not stale:
        return 0
    spool.mkdir(parents=True, exist_ok=True)
    texts = spool / "stale-texts.parquet"
    quoted = str(texts).replace("'", "''")
    con.execute(
        "copy (select file_sha256, text_packed, encoding, text_format from raw.files "
        f"where parser_version is distinct from '{PARSER_VERSION}') to '{quoted}' (format parquet)"
    )
    sizes = [PACKED_RATIO * (packed or 0) for _, packed in stale]
    chunks = cut(sizes, CHUNK_BYTES)
    arguments = (
        repeat(texts),
        [[stale[number][0] for number in chunk] for chunk in chunks],
        [list(chunk) for chunk in chunks],
        [spool / f"rederive-{chunk.start:06d}" for chunk in chunks],
    )
    batch: list[Spooled] = []
    for spooled in map_chunks(_rederive_chunk, arguments, len(chunks), workers or parse_workers(), sum(sizes)):
        batch.extend(spooled)
        if sum(s.documents for s in batch) >= REDERIVE_BATCH_DOCUMENTS:
            _replace_derived(con, batch)
            batch = []
    if batch:
        _replace_derived(con, batch)
    remove(texts)
    stamp_models(con, None)  # documents keep their ids with new rows: every model must be rebuilt from them
    log.info("re-derived %d stored file versions with parser %s", len(stale), PARSER_VERSION)
    return len(stale)


PACKED_RATIO = 3  # a stored text is about a third of its size (pack_text)
REDERIVE_BATCH_DOCUMENTS = 2_000


def _rederive_chunk(texts: Path, shas: list[str], numbers: list[int], folder: Path) -> list[Spooled]:
    """A chunk of stored texts parsed again into one spool folder."""
    rows = pl.scan_parquet(texts).filter(pl.col("file_sha256").is_in(shas)).collect()
    stored = {row["file_sha256"]: row for row in rows.iter_rows(named=True)}
    writer = SpoolWriter(folder)
    try:
        return [
            writer.add(
                read_text(
                    unpack_text(stored[sha]["text_packed"]),
                    sha,
                    stored[sha]["encoding"],
                    stored[sha]["text_format"] or "text",
                ),
                number,
            )
            for sha, number in zip(shas, numbers, strict=True)
        ]
    finally:
        writer.close()


def _replace_derived(con: duckdb.DuckDBPyConnection, batch: list[Spooled]) -> None:
    """Replace the derived rows of a batch of re-parsed versions in one transaction."""
    shas = [spooled.sha256 for spooled in batch]
    documents = "select document_id from raw.documents where file_sha256 in (select unnest(?::varchar[]))"
    con.execute("begin transaction")
    try:
        con.execute(f"delete from raw.clauses where document_id in ({documents})", [shas])
        con.execute(f"delete from raw.table_cells where document_id in ({documents})", [shas])
        con.execute("delete from raw.documents where file_sha256 in (select unnest(?::varchar[]))", [shas])
        load_parts(con, [spooled.folder for spooled in batch], [spooled.number for spooled in batch])
        con.execute(
            "update raw.files set parser_version = ? where file_sha256 in (select unnest(?::varchar[]))",
            [PARSER_VERSION, shas],
        )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    finally:
        for folder in {spooled.folder for spooled in batch}:
            remove(folder)
