"""The same gazette in another encoding or script reads the same: documents, clauses, tables.

A metamorphic check on the real seeds: each is re-encoded as GB18030, and converted to
traditional script (OpenCC s2tw) and encoded as Big5 where Big5 can hold it. Text may differ
where a character does not survive the round trip (s2tw writes 著 for 着, which t2s keeps), so
the structure is compared: documents and their metadata, clause counts, and every table
cell's position, kind, role and whether it is filled.
"""

from __future__ import annotations

import contextlib

import opencc
import pytest

from orchestration.parsing.gazette import parse_gazette
from tests.conftest import SEEDS

SEED_FILES = sorted(SEEDS.iterdir())


def _variants(text: str) -> dict[str, bytes]:
    traditional = opencc.OpenCC("s2tw").convert(text)
    variants = {"gb18030": text.encode("gb18030"), "traditional-utf8": traditional.encode("utf-8")}
    with contextlib.suppress(UnicodeEncodeError):  # a private-use character Big5 cannot hold
        variants["traditional-big5"] = traditional.encode("big5hkscs")
    return variants


def _reading(data: bytes):
    parsed = parse_gazette(data)
    documents = [
        (len(title or ""), number, issuer, date, region)
        for title, number, issuer, date, region in parsed.documents.select(
            "title", "doc_number", "issuer", "issued_date", "region"
        ).rows()
    ]
    cells = [
        (*position, category is not None, bool(text.strip()))
        for *position, category, text in parsed.cells.select(
            "table_no", "row_no", "row_kind", "col_no", "column_role", "category", "text"
        ).rows()
    ]
    return documents, parsed.clauses.height, cells


@pytest.mark.parametrize("seed", SEED_FILES, ids=[p.name[:3] for p in SEED_FILES])
def test_seed_reads_the_same_in_every_encoding_and_script(seed) -> None:
    data = seed.read_bytes()
    documents, clauses, cells = _reading(data)
    for name, variant in _variants(data.decode("utf-8")).items():
        assert _reading(variant) == (documents, clauses, cells), name
