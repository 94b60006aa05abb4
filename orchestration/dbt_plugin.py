"""dbt-duckdb plugin: registers the value parsers (parsing/values.py) as DuckDB functions, so
dbt models can call gz_amount_cny(...), gz_start_month(...) and friends."""

from __future__ import annotations

import atexit
import contextlib
import gc
import os

from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb import DuckDBPyConnection

try:
    from duckdb.sqltypes import BIGINT, BOOLEAN, DATE, DOUBLE, VARCHAR
except ImportError:  # duckdb < 1.4
    from duckdb.typing import BIGINT, BOOLEAN, DATE, DOUBLE, VARCHAR

from orchestration.parsing import agencies, assignments, frames, money, targets, values


def _assignment(text: str | None) -> dict | None:
    found = assignments.parse_assignment(text) if text else None
    return (
        None
        if found is None
        else {
            "lead": found.lead,
            "support": found.support,
            "responsible": found.responsible,
            "standing": found.standing,
            "first_is_lead": found.first_is_lead,
        }
    )


def _agency(name: str | None) -> dict | None:
    if not name:
        return None
    clean, note, etc = agencies.clean_agency(name)
    level, core = agencies.agency_core(clean)
    return {
        "name": clean,
        "role_note": note,
        "has_etc": etc,
        "is_group": agencies.is_group(clean),
        "is_well_formed": agencies.is_well_formed(clean),
        "key": agencies.group_key(clean) if agencies.is_group(clean) else clean,
        "level": level,
        "core": core,
    }


def _paragraph_tasks(sentences: list[str] | None) -> list[dict] | None:
    if not sentences:
        return None
    return [vars(task) for task in assignments.paragraph_tasks([s or "" for s in sentences])]


def _agency_scope(name: str | None, document_region: str | None) -> dict | None:
    if not name:
        return None
    level, region = agencies.agency_scope(name, document_region)
    return {"level": level, "region": region}


def _deadline(text: str | None, year: int | None, cell: bool | None):
    return assignments.deadline(text, year, bool(cell))


FUNCTIONS = {
    "gz_amount_cny": (values.amount_cny, [VARCHAR, VARCHAR, VARCHAR], DOUBLE),
    "gz_start_month": (values.start_month, [VARCHAR], DATE),
    "gz_end_month": (values.end_month, [VARCHAR], DATE),
    "gz_length_km": (values.length_km, [VARCHAR], DOUBLE),
    "gz_split_units": (agencies.split_units, [VARCHAR], "VARCHAR[]"),
    "gz_deadline": (_deadline, [VARCHAR, BIGINT, BOOLEAN], DATE),
    "gz_assignment": (
        _assignment,
        [VARCHAR],
        {
            "lead": "VARCHAR[]",
            "support": "VARCHAR[]",
            "responsible": "VARCHAR[]",
            "standing": "VARCHAR[]",
            "first_is_lead": BOOLEAN,
        },
    ),
    "gz_may_assign": (assignments.may_assign, [VARCHAR], BOOLEAN),
    "gz_states_rule": (assignments.states_rule, [VARCHAR], BOOLEAN),
    "gz_opens_with_label": (assignments.opens_with_label, [VARCHAR], BOOLEAN),
    "gz_agency_scope": (_agency_scope, [VARCHAR, VARCHAR], {"level": VARCHAR, "region": VARCHAR}),
    "gz_paragraph_tasks": (
        _paragraph_tasks,
        ["VARCHAR[]"],
        [
            {
                "sentence": BIGINT,
                "task_text": VARCHAR,
                "assignment_text": VARCHAR,
                "weight": DOUBLE,
                "opens_paragraph": BOOLEAN,
            }
        ],
    ),
    "gz_targets": (
        targets.targets_as_dicts,
        [VARCHAR, BIGINT, BIGINT, VARCHAR],
        [
            {
                "metric": VARCHAR,
                "comparator": VARCHAR,
                "value": DOUBLE,
                "unit": VARCHAR,
                "target_year": BIGINT,
                "baseline_year": BIGINT,
                "region_hint": VARCHAR,
                "source_span": VARCHAR,
                "value_start": BIGINT,
                "value_end": BIGINT,
                "value_high": DOUBLE,
                "annual": BOOLEAN,
                "value_base": DOUBLE,
                "unit_base": VARCHAR,
            }
        ],
    ),
    "gz_year": (frames.named_year, [VARCHAR, BIGINT], BIGINT),
    "gz_heading_year": (frames.heading_year, [VARCHAR], BIGINT),
    "gz_title_year": (frames.title_year, [VARCHAR], BIGINT),
    "gz_is_review_heading": (lambda text: frames.is_review(text, "heading"), [VARCHAR], BOOLEAN),
    "gz_is_goal_heading": (frames.is_goal_heading, [VARCHAR], BOOLEAN),
    "gz_is_goal_head": (frames.is_goal_head, [VARCHAR], BOOLEAN),
    "gz_is_condition_head": (frames.is_condition_head, [VARCHAR], BOOLEAN),
    "gz_document_region": (frames.document_region, [VARCHAR, VARCHAR, VARCHAR, VARCHAR], VARCHAR),
    "gz_region_code": (frames.region_code, [VARCHAR, VARCHAR], VARCHAR),
    "gz_document_tense": (frames.document_tense, [VARCHAR], VARCHAR),
    "gz_plans": (frames.plans, [VARCHAR], BOOLEAN),
    "gz_money": (
        money.amounts_as_dicts,
        [VARCHAR],
        [
            {
                "amount_cny": DOUBLE,
                "amount_text": VARCHAR,
                "kind": VARCHAR,
                "approximate": BOOLEAN,
                "bound": VARCHAR,
                "upper_cny": DOUBLE,
                "purpose": VARCHAR,
                "value_start": BIGINT,
                "value_end": BIGINT,
            }
        ],
    ),
    "gz_agency": (
        _agency,
        [VARCHAR],
        {
            "name": VARCHAR,
            "role_note": VARCHAR,
            "has_etc": BOOLEAN,
            "is_group": BOOLEAN,
            "is_well_formed": BOOLEAN,
            "key": VARCHAR,
            "level": VARCHAR,
            "core": VARCHAR,
        },
    ),
}


def _type(conn: DuckDBPyConnection, spec):
    if spec == "VARCHAR[]":
        return conn.list_type(VARCHAR)
    if isinstance(spec, dict):
        return conn.struct_type({key: _type(conn, value) for key, value in spec.items()})
    if isinstance(spec, list):
        return conn.list_type(_type(conn, spec[0]))
    return spec


def register(conn: DuckDBPyConnection) -> None:
    """Register every parser; NULL in gives NULL out."""
    for name, (function, params, returns) in FUNCTIONS.items():
        returns = _type(conn, returns)
        params = [_type(conn, p) for p in params]
        with contextlib.suppress(Exception):  # not registered yet on this connection
            conn.remove_function(name)
        conn.create_function(name, function, params, returns, null_handling="special")


BUILD_DB = "GAZETTE_BUILD_DB"
DEFAULT_BUILD_DB = "../warehouse/gazette.build.duckdb"  # beside the project, for dbt run by hand
CATALOG = "gazette"  # the profile's database


def attach_build(conn: DuckDBPyConnection) -> None:
    """Attach the build file as the profile's database and make it the default one. The path
    lives here, not in the profile: dbt keys its saved parse state on the profile, and a path
    there made every new warehouse parse the whole project again."""
    path = os.environ.get(BUILD_DB, DEFAULT_BUILD_DB).replace("'", "''")
    conn.execute(f"attach if not exists '{path}' as {CATALOG}")
    conn.execute(f"use {CATALOG}")


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict) -> None:
        """dbt's process ends with the interpreter's last garbage collection walking everything
        dbt imported (about 0.8 s, which `gazette build` waits for, as it reads dbt's output to its
        end); freezing the objects at exit leaves them to the operating system instead. dbt has
        closed its connections and written its files by then."""
        atexit.register(gc.freeze)

    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        attach_build(conn)
        register(conn)
