"""dbt-duckdb plugin: registers the value parsers (parsing/values.py) as DuckDB functions, so
dbt models can call gz_amount_cny(...), gz_start_month(...) and friends."""

from __future__ import annotations

import contextlib

from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb import DuckDBPyConnection

try:
    from duckdb.sqltypes import DATE, DOUBLE, VARCHAR
except ImportError:  # duckdb < 1.4
    from duckdb.typing import DATE, DOUBLE, VARCHAR

from orchestration.parsing import values

FUNCTIONS = {
    "gz_amount_cny": (values.amount_cny, [VARCHAR, VARCHAR, VARCHAR], DOUBLE),
    "gz_start_month": (values.start_month, [VARCHAR], DATE),
    "gz_end_month": (values.end_month, [VARCHAR], DATE),
    "gz_length_km": (values.length_km, [VARCHAR], DOUBLE),
    "gz_split_units": (values.split_units, [VARCHAR], "VARCHAR[]"),
}


def register(conn: DuckDBPyConnection) -> None:
    """Register every parser; NULL in gives NULL out."""
    for name, (function, params, returns) in FUNCTIONS.items():
        if returns == "VARCHAR[]":
            returns = conn.list_type(VARCHAR)
        with contextlib.suppress(Exception):  # not registered yet on this connection
            conn.remove_function(name)
        conn.create_function(name, function, params, returns, null_handling="special")


class Plugin(BasePlugin):
    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        register(conn)
