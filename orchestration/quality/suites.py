"""What we expect of each table's values, as data: one Check per expectation.

One owner per check: structural checks (unique and present ids, relationships, accepted
values) are dbt tests beside the models (the YAML of each folder); the checks here are about
plausibility, what a value means rather than how the tables fit together. A blocking one guards
what an analyst must be able to trust (money not negative, no empty clause): when it fails,
nothing is published. A non-blocking one flags rows a person should look at (a missing title,
a total that does not add up, parts of an investment that exceed the whole) without holding
back everything else. Each check names the column that identifies an offending row and, where
useful, a sentence template so quality.flagged_rows says what is wrong in terms a person can
act on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from orchestration.parsing import patterns as P

if TYPE_CHECKING:
    from great_expectations.expectations import Expectation

# the shape the segmenter reads a 文号 by (parsing/patterns.py), as one anchored pattern
DOC_NUMBER_PATTERN = "^(?:" + re.sub(r"(?<!\\)\((?!\?)|\(\?P<\w+>", "(?:", P.DOC_NUMBER.pattern) + ")$"
FIRST_DATE = dt.datetime(1949, 10, 1)


class _Expectations:
    """`great_expectations.expectations`, imported when a check first builds its expectation
    rather than when the code location loads: GX takes seconds to import, which a build can
    spend while dbt runs (validate.preload) and a no-change build never spends."""

    def __getattr__(self, name: str) -> Any:
        from great_expectations import expectations

        return getattr(expectations, name)


E = _Expectations()


@dataclass(frozen=True)
class Check:
    name: str
    table: str
    row_key: str
    blocking: bool
    build: Callable[[], Expectation]
    description: str
    detail: str | None = None  # str.format template over the offending row, for quality.flagged_rows
    # A verdict that can change while the rows do not (it reads the clock) is never carried over
    # from an earlier run: the check reads every row each time.
    whole_table: bool = False


def _today_plus_year() -> dt.datetime:
    return dt.datetime.combine(dt.date.today() + dt.timedelta(days=366), dt.time())


def _suite(table: str, key: str, *specs: tuple) -> list[Check]:
    """Checks of one table: (name, blocking, expectation factory, description[, detail[,
    whole_table]])."""
    return [
        Check(name, table, key, blocking, build, description, *rest)
        for name, blocking, build, description, *rest in specs
    ]


def _present(column: str) -> Callable[[], Expectation]:
    return lambda: E.ExpectColumnValuesToNotBeNull(column=column)


def _at_least(column: str, minimum: float) -> Callable[[], Expectation]:
    return lambda: E.ExpectColumnValuesToBeBetween(column=column, min_value=minimum)


def _true(column: str) -> Callable[[], Expectation]:
    return lambda: E.ExpectColumnValuesToBeInSet(column=column, value_set=[True])


# What a suite reads when it is not the whole table: raw keeps every version of every file ever
# ingested, but only what the landing folder holds now is published, so only that is checked
# (a removed file can never block a build) and each row says which file it came from.
SCOPES: dict[str, str] = {
    "raw.clauses": (
        "select clauses.*, length(clauses.text) as text_length, landing.source_file from raw.clauses "
        "join raw.documents using (document_id) "
        "join raw.landing as landing on landing.file_sha256 = documents.file_sha256 and not landing.rejected"
    ),
}

SUITES: dict[str, list[Check]] = {
    "raw.clauses": _suite(
        "raw.clauses",
        "clause_id",
        (
            "clauses_text_present",
            True,
            _at_least("text_length", 1),
            "no clause is empty",
            "{source_file} line {line_start}: an empty clause",
        ),
    ),
    "marts.dim_documents": _suite(
        "marts.dim_documents",
        "document_id",
        ("dim_documents_title_present", False, _present("title"), "every document has a title"),
        (
            "dim_documents_doc_number_pattern",
            False,
            lambda: E.ExpectColumnValuesToMatchRegex(column="doc_number", regex=DOC_NUMBER_PATTERN),
            "文号 looks like 绍政办发〔2018〕40号 when present",
        ),
        (
            "dim_documents_issued_date_sane",
            False,
            lambda: E.ExpectColumnValuesToBeBetween(
                column="issued_date", min_value=FIRST_DATE, max_value=_today_plus_year()
            ),
            "issued_date between 1949-10-01 and a year from now",
            None,
            True,  # "a year from now" moves
        ),
        ("dim_documents_have_clauses", False, _at_least("n_clauses", 1), "every document has at least one clause"),
    ),
    "marts.fct_facility_projects": _suite(
        "marts.fct_facility_projects",
        "project_id",
        (
            "projects_total_investment_not_negative",
            True,
            _at_least("total_investment_cny", 0),
            "total investment is not negative",
        ),
        (
            "projects_invested_before_not_negative",
            True,
            _at_least("invested_before_cny", 0),
            "completed investment is not negative",
        ),
        (
            "projects_planned_investment_not_negative",
            True,
            _at_least("planned_investment_cny", 0),
            "planned investment is not negative",
        ),
        (
            "projects_investment_parts_within_total",
            False,
            _at_least("investment_gap_cny", -0.5),
            "completed + planned investment do not exceed the total investment",
            "{table_title} no.{seq} {name}: completed {invested_to_date_text} + planned {planned_investment_text} "
            "exceed the total {total_investment_text} ({unit_note}) by {overshoot:,.0f} yuan; check line {line_no}",
        ),
        (
            "projects_months_in_order",
            False,
            _true("months_in_order"),
            "start month is not after end month",
            "{table_title} no.{seq} {name}: period {period_text} starts after it ends (line {line_no})",
        ),
        (
            "projects_seq_contiguous",
            False,
            _true("seq_follows"),
            "sequence numbers follow each other (or restart at 1)",
            "{table_title}: no.{seq} {name} does not follow the row before it (line {line_no})",
        ),
    ),
    "marts.fct_fundings": _suite(
        "marts.fct_fundings",
        "funding_id",
        ("fundings_amount_not_negative", True, _at_least("amount_cny", 0), "money is not negative"),
    ),
    "marts.fct_tasks": _suite(
        "marts.fct_tasks",
        "task_id",
        (
            "tasks_text_present",
            False,
            _present("task_text"),
            "every task has its text",
            "{heading} {section}: a task row without text (line {line_no})",
        ),
        (
            "tasks_have_lead",
            False,
            _at_least("n_lead", 1),
            "every task has at least one lead agency",
            "{source} task at line {line_no} has no lead agency: {task_text}",
        ),
        (
            "tasks_agency_names_well_formed",
            False,
            lambda: E.ExpectColumnValuesToBeBetween(column="n_agencies_dropped", max_value=0),
            "every unit named in an agency cell or list is an agency name",
            "{source} task at line {line_no}: {agencies_dropped} stood where agencies are named but is no "
            "agency name, so it was left out",
        ),
    ),
    "marts.dim_agencies": _suite(
        "marts.dim_agencies",
        "agency_id",
        (
            "agencies_resolve",
            False,
            _true("in_reference"),
            "every agency resolves to reference data (seeds/reference/agency_aliases.csv)",
            "unknown agency {agency_name} ({region}), written {names_as_written}; add an alias to "
            "seeds/reference/agency_aliases.csv if it is real",
        ),
    ),
    "marts.fct_targets": _suite(
        "marts.fct_targets",
        "target_id",
        (
            "targets_percent_in_range",
            False,
            _true("percent_in_range"),
            "percent values within 0-100 unless the goal is a change",
            "{metric} {comparator} {value}{unit} is not a possible share (line {line_no}): {source_text}",
        ),
        (
            "targets_year_in_range",
            False,
            _true("year_in_range"),
            "target year within document year -1 .. +30",
            "{metric}: target year {target_year} is far from the document's {document_year} (line {line_no})",
        ),
        (
            "targets_baseline_before_target",
            False,
            _true("baseline_before_target"),
            "baseline year before target year",
            "{metric}: baseline {baseline_year} is not before target {target_year} (line {line_no})",
        ),
        (
            "targets_no_duplicates",
            False,
            lambda: E.ExpectCompoundColumnsToBeUnique(
                column_list=["document_id", "region", "metric", "target_year", "comparator", "value"]
            ),
            "no duplicate goal per document, region, metric, year and comparator",
            "{metric} {comparator} {value}{unit} ({region}, {target_year}) stated twice (line {line_no})",
        ),
    ),
    "marts.fct_table_totals": _suite(
        "marts.fct_table_totals",
        "total_check_id",
        (
            "tables_totals_reconcile",
            False,
            _true("reconciles"),
            "items add up to the printed totals, subtotals, category sums and counts",
            "{table_title} {row_kind} {category_label}: printed {measure} {stated_value:g} but the items "
            "add up to {computed_value:g} (line {line_no})",
        ),
    ),
}
