"""Pure parsing functions: bytes and text in, plain values or polars frames out.

Nothing here touches Dagster or DuckDB, so every rule can be tested on a small fixture.
"""
