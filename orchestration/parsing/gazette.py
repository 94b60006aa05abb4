"""One gazette file → the frames of the raw layer (documents, clauses, table cells).

This is the only place that strings the parsing steps together; it stays pure (bytes in,
polars frames out) so a test can parse a fixture without Dagster or a database. Ids are
derived from the file's sha256 and positions inside it, so the same bytes always give the
same ids on any machine, whatever the file is called.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from orchestration.parsing.cells import ROLES_CSV
from orchestration.parsing.clauses import CLAUSE_SCHEMA, clause_rows, rows_frame
from orchestration.parsing.decode import decode_bytes
from orchestration.parsing.normalise import normalise_measured
from orchestration.parsing.screen import screen_text
from orchestration.parsing.segment import iter_documents
from orchestration.parsing.tables import Table, find_tables

DOCUMENT_SCHEMA = {
    "document_id": pl.Utf8,
    "file_sha256": pl.Utf8,
    "doc_index": pl.Int32,
    "title": pl.Utf8,
    "doc_number": pl.Utf8,
    "issuer": pl.Utf8,
    "issued_date": pl.Date,
    "region": pl.Utf8,
    "line_start": pl.Int32,
    "line_end": pl.Int32,
    "text": pl.Utf8,
}
CELL_SCHEMA = {
    "table_id": pl.Utf8,
    "document_id": pl.Utf8,
    "table_no": pl.Int32,
    "layout": pl.Utf8,
    "attachment": pl.Utf8,
    "table_title": pl.Utf8,
    "unit_note": pl.Utf8,
    "table_note": pl.Utf8,
    "row_no": pl.Int32,
    "row_kind": pl.Utf8,
    "row_label": pl.Utf8,
    "stated_count": pl.Int32,
    "category": pl.Utf8,
    "category_count": pl.Int32,
    "col_no": pl.Int32,
    "header": pl.Utf8,
    "column_role": pl.Utf8,
    "is_header": pl.Boolean,
    "is_inherited": pl.Boolean,
    "text": pl.Utf8,
    "line_no": pl.Int32,
    "line_end": pl.Int32,
    "parent_row_no": pl.Int32,
}


def _parser_version() -> str:
    """A fingerprint of the parsing code and the reference data it reads: when either changes,
    the raw layer is re-derived from the stored text on the next build."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in [*sorted(root.glob("*.py")), ROLES_CSV]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


PARSER_VERSION = _parser_version()
ROWS_PER_FRAME = 20_000
CLAUSE_FRAME_SCHEMA = {**CLAUSE_SCHEMA, "document_id": pl.Utf8, "clause_id": pl.Utf8}


@dataclass
class FileText:
    """A file's text before splitting: what raw.files keeps, and the lines the parts come from."""

    sha256: str
    encoding: str
    text_format: str  # text, or html when the file was a web page (text_raw is then its text)
    traditional_share: float
    text_raw: str
    lines: list[str]


@dataclass
class Part:
    """Whole documents of one file with their clauses and cells; a file arrives as a few parts
    so that memory follows the part, not the file."""

    documents: pl.DataFrame
    clauses: pl.DataFrame
    cells: pl.DataFrame


@dataclass
class ParsedFile:
    sha256: str
    encoding: str
    text_format: str
    traditional_share: float
    text_raw: str
    documents: pl.DataFrame
    clauses: pl.DataFrame
    cells: pl.DataFrame


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stable_id(*parts: object) -> str:
    return hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()[:16]


class CellColumns:
    """The cells of a part, column by column: a table's and a row's reading is written once per
    row for all its cells, where a record per cell would copy it into every record and make
    polars read them back one by one."""

    def __init__(self) -> None:
        self.columns: dict[str, list[object]] = {name: [] for name in CELL_SCHEMA}
        self.height = 0

    def add_table(self, table: Table, table_id: str, document_id: str, table_no: int) -> None:
        columns = self.columns
        numbers = {id(row): n for n, row in enumerate(table.rows, 1)}
        per_table = {
            "table_id": table_id,
            "document_id": document_id,
            "table_no": table_no,
            "layout": table.layout,
            "attachment": table.attachment,
            "table_title": table.title,
            "unit_note": table.unit_note,
            "table_note": table.note,
        }
        cells = sum(len(row.cells) for row in table.rows)
        for name, value in per_table.items():
            columns[name].extend([value] * cells)
        headers = [column.header for column in table.columns]
        roles = [column.role for column in table.columns]
        for row_no, row in enumerate(table.rows, 1):
            width = len(row.cells)
            per_row = {
                "row_no": row_no,
                "row_kind": row.kind,
                "row_label": row.label,
                "stated_count": row.stated_count,
                "category": row.category,
                "category_count": row.category_count,
                "is_header": row.kind in ("header", "repeated_header"),
                "line_no": row.line_no,
                "line_end": row.line_end or row.line_no,
                "parent_row_no": numbers.get(id(row.parent)) if row.parent else None,
            }
            for name, value in per_row.items():
                columns[name].extend([value] * width)
            columns["col_no"].extend(range(1, width + 1))
            columns["header"].extend(headers[:width] + [None] * (width - len(headers)))
            columns["column_role"].extend(roles[:width] + [None] * (width - len(roles)))
            columns["is_inherited"].extend(col in row.inherited for col in range(width))
            columns["text"].extend(row.cells)
            self.height += width

    def frame(self) -> pl.DataFrame:
        return pl.DataFrame(self.columns, schema=CELL_SCHEMA)


def read_gazette(data: bytes) -> FileText:
    """Decode, screen and normalise one file; raises RejectedFile for unreadable input."""
    decoded = decode_bytes(data)
    screened = screen_text(decoded.text)
    return read_text(screened.text, sha256_hex(data), decoded.encoding, screened.text_format)


def read_text(text: str, sha: str, encoding: str, text_format: str = "text") -> FileText:
    """`sha` is the hash of the original bytes, the root of every id."""
    lines, share = normalise_measured(text)
    return FileText(sha, encoding, text_format, share, text, lines)


def parse_parts(file: FileText, rows_per_part: int = ROWS_PER_FRAME) -> Iterator[Part]:
    """Split a file into documents, clauses and cells, yielded as parts of at most about
    `rows_per_part` rows per table (a frame per document would cost far more than its rows; one
    frame for a file of 200,000 notices would cost gigabytes). A document's row comes in the part
    where it starts; its clauses and cells may run on into the next parts."""
    documents: list[tuple[object, ...]] = []
    clauses: list[tuple[object, ...]] = []
    cells = CellColumns()
    for doc in iter_documents(file.lines):
        document_id = stable_id(file.sha256, doc.index)
        tables = find_tables(doc.lines)
        table_lines = set().union(*(t.lines for t in tables)) if tables else set()
        prose = [ln for ln in doc.lines if ln[0] not in table_lines and ln[0] not in doc.header_lines]
        documents.append(  # in DOCUMENT_SCHEMA's order
            (
                document_id,
                file.sha256,
                doc.index,
                doc.title,
                doc.doc_number,
                doc.issuer,
                doc.issued_date,
                doc.region,
                doc.line_start,
                doc.line_end,
                "\n".join(text for _, text in doc.lines),
            )
        )
        for row in clause_rows(prose):
            clauses.append((*row, document_id, clause_id(document_id, row[0], row[1])))
            if len(clauses) >= rows_per_part:  # a document of a million lines is written in parts too
                yield _part(documents, clauses, cells)
                documents, clauses, cells = [], [], CellColumns()
        for table_no, table in enumerate(tables, 1):
            cells.add_table(table, f"{document_id}-t{table_no:02d}", document_id, table_no)
            if cells.height >= rows_per_part:
                yield _part(documents, clauses, cells)
                documents, clauses, cells = [], [], CellColumns()
        if len(documents) >= rows_per_part:
            yield _part(documents, clauses, cells)
            documents, clauses, cells = [], [], CellColumns()
    if documents or clauses or cells.height:
        yield _part(documents, clauses, cells)


def _part(documents: list[tuple[object, ...]], clauses: list[tuple[object, ...]], cells: CellColumns) -> Part:
    """The frames of a part. A table with no rows gets a copy of an empty template: building
    even an empty frame from a schema costs about 0.2 ms, and most documents have no tables."""
    return Part(
        documents=rows_frame(documents, DOCUMENT_SCHEMA) if documents else _NO_DOCUMENTS.clear(),
        clauses=rows_frame(clauses, CLAUSE_FRAME_SCHEMA) if clauses else _NO_CLAUSES.clear(),
        cells=cells.frame() if cells.height else _NO_CELLS.clear(),
    )


def clause_id(document_id: str, paragraph_no: int, sentence_no: int) -> str:
    """document_id-paragraph-sentence, zero-padded so ids sort in reading order."""
    return f"{document_id}-{paragraph_no:04d}-{sentence_no:03d}"


_NO_DOCUMENTS = pl.DataFrame(schema=DOCUMENT_SCHEMA)
_NO_CLAUSES = pl.DataFrame(schema=CLAUSE_FRAME_SCHEMA)
_NO_CELLS = pl.DataFrame(schema=CELL_SCHEMA)


def parse_gazette(data: bytes) -> ParsedFile:
    """Decode, normalise and split one file in memory; raises RejectedFile for unreadable input."""
    return _whole(read_gazette(data))


def parse_text(text: str, sha: str, encoding: str, text_format: str = "text") -> ParsedFile:
    """Split decoded text in memory; `sha` is the hash of the original bytes."""
    return _whole(read_text(text, sha, encoding, text_format))


def _whole(file: FileText) -> ParsedFile:
    parts = list(parse_parts(file)) or [_part([], [], CellColumns())]
    return ParsedFile(
        sha256=file.sha256,
        encoding=file.encoding,
        text_format=file.text_format,
        traditional_share=file.traditional_share,
        text_raw=file.text_raw,
        documents=pl.concat([p.documents for p in parts]),
        clauses=pl.concat([p.clauses for p in parts]),
        cells=pl.concat([p.cells for p in parts]),
    )
