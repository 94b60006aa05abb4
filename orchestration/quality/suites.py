"""What we expect of each table, as data: one Check per expectation.

A blocking check guards the warehouse's integrity (ids unique, keys present): when it fails,
nothing is published. A non-blocking check flags rows a person should look at (a missing
title, an odd 文号) without holding back everything else. Each check names the column whose
value identifies an offending row, so failures land in quality.flagged_rows with a key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import great_expectations as gx

DOC_NUMBER_PATTERN = r"^.{1,20}[〔\[(【]\d{4}[〕\])】]第?\d{1,4}号$|^.{2,20}令第\d{1,4}号$"


@dataclass(frozen=True)
class Check:
    name: str
    table: str
    row_key: str
    blocking: bool
    build: Callable[[], gx.expectations.Expectation]
    description: str


FIRST_DATE = dt.datetime(1949, 10, 1)


def _today_plus_year() -> dt.datetime:
    return dt.datetime.combine(dt.date.today() + dt.timedelta(days=366), dt.time())


E = gx.expectations

SUITES: dict[str, list[Check]] = {
    "raw.documents": [
        Check(
            "documents_id_unique",
            "raw.documents",
            "document_id",
            True,
            lambda: E.ExpectColumnValuesToBeUnique(column="document_id"),
            "document_id is unique",
        ),
        Check(
            "documents_id_present",
            "raw.documents",
            "document_id",
            True,
            lambda: E.ExpectColumnValuesToNotBeNull(column="document_id"),
            "document_id is present",
        ),
        Check(
            "documents_file_present",
            "raw.documents",
            "document_id",
            True,
            lambda: E.ExpectColumnValuesToNotBeNull(column="file_sha256"),
            "every document belongs to a file version",
        ),
        Check(
            "documents_title_present",
            "raw.documents",
            "document_id",
            False,
            lambda: E.ExpectColumnValuesToNotBeNull(column="title"),
            "every document has a title",
        ),
    ],
    "raw.clauses": [
        Check(
            "clauses_id_unique",
            "raw.clauses",
            "clause_id",
            True,
            lambda: E.ExpectColumnValuesToBeUnique(column="clause_id"),
            "clause_id is unique",
        ),
        Check(
            "clauses_document_present",
            "raw.clauses",
            "clause_id",
            True,
            lambda: E.ExpectColumnValuesToNotBeNull(column="document_id"),
            "every clause belongs to a document",
        ),
        Check(
            "clauses_text_present",
            "raw.clauses",
            "clause_id",
            True,
            lambda: E.ExpectColumnValueLengthsToBeBetween(column="text", min_value=1),
            "no clause is empty",
        ),
    ],
    "marts.dim_documents": [
        Check(
            "dim_documents_id_unique",
            "marts.dim_documents",
            "document_id",
            True,
            lambda: E.ExpectColumnValuesToBeUnique(column="document_id"),
            "document_id is unique",
        ),
        Check(
            "dim_documents_title_present",
            "marts.dim_documents",
            "document_id",
            False,
            lambda: E.ExpectColumnValuesToNotBeNull(column="title"),
            "every document has a title",
        ),
        Check(
            "dim_documents_doc_number_pattern",
            "marts.dim_documents",
            "document_id",
            False,
            lambda: E.ExpectColumnValuesToMatchRegex(column="doc_number", regex=DOC_NUMBER_PATTERN),
            "文号 looks like 绍政办发〔2018〕40号 when present",
        ),
        Check(
            "dim_documents_issued_date_sane",
            "marts.dim_documents",
            "document_id",
            False,
            lambda: E.ExpectColumnValuesToBeBetween(
                column="issued_date", min_value=FIRST_DATE, max_value=_today_plus_year()
            ),
            "issued_date between 1949-10-01 and a year from now",
        ),
        Check(
            "dim_documents_have_clauses",
            "marts.dim_documents",
            "document_id",
            False,
            lambda: E.ExpectColumnValuesToBeBetween(column="n_clauses", min_value=1),
            "every document has at least one clause",
        ),
    ],
}
