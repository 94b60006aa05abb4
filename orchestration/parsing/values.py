"""Typed values out of cell and clause text: amounts in yuan, month ranges, lengths.

These run inside DuckDB as user-defined functions (orchestration.dbt_plugin), so the dbt models
stay declarative while the fiddly parsing is tested here in Python.
"""

from __future__ import annotations

import datetime as dt
import re

MAGNITUDE = {"元": 1.0, "万元": 1e4, "亿元": 1e8, "千元": 1e3, "百万元": 1e6, "万": 1e4, "亿": 1e8}
_AMOUNT = re.compile(r"(-?\d+(?:,\d{3})*(?:\.\d+)?)\s*(亿元|万元|千元|百万元|元|亿|万)?")
_NONE = re.compile(r"^(?:/|—+|-+|无|--|\s*)$")
_UNIT_IN_HEADER = re.compile(r"\((亿元|万元|千元|元)\)|单位[:]\s*(亿元|万元|千元|元)")
_YM = re.compile(r"((?:19|20)\d{2})\s*(?:[-./年]\s*(\d{1,2})\s*月?)?")
_RANGE_SPLIT = re.compile(r"\s*(?:至|到|~|–|—|-(?=\s*(?:19|20)\d{2}))\s*")
_LENGTH = re.compile(r"(\d+(?:\.\d+)?)\s*(公里|千米|km|KM|米)(?![/每])")


def unit_multiplier(*units: str | None) -> float:
    """The multiplier to yuan for the first unit named (a header `(万元)`, a note `单位:万元`)."""
    for unit in units:
        if not unit:
            continue
        match = _UNIT_IN_HEADER.search(unit)
        name = (match.group(1) or match.group(2)) if match else unit.strip()
        if name in MAGNITUDE:
            return MAGNITUDE[name]
    return 1.0


def amount_cny(text: str | None, unit: str | None = None, header: str | None = None) -> float | None:
    """`108000` in a 万元 table → 1.08e9; `1.2亿元` → 1.2e8; `/` or blank → None."""
    if text is None or _NONE.match(text):
        return None
    match = _AMOUNT.search(text.replace(" ", ""))
    if not match:
        return None
    value = float(match.group(1).replace(",", ""))
    own = match.group(2)
    return value * (MAGNITUDE[own] if own else unit_multiplier(header, unit))


def _month(text: str, end: bool) -> dt.date | None:
    match = _YM.search(text)
    if not match:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else (12 if end else 1)
    if not 1 <= month <= 12:
        return None
    return dt.date(year, month, 1)


def month_range(text: str | None) -> tuple[dt.date | None, dt.date | None]:
    """`2017-4至2018-7` → (2017-04-01, 2018-07-01); `2019至2020` → (2019-01-01, 2020-12-01);
    `2018年` → (2018-01-01, 2018-12-01). Several lines: earliest start, latest end."""
    if not text:
        return None, None
    starts, ends = [], []
    for line in str(text).split("\n"):
        parts = [p for p in _RANGE_SPLIT.split(line.strip()) if p]
        if not parts or not _YM.search(parts[0]):
            continue
        start, end = _month(parts[0], end=False), _month(parts[-1], end=True)
        if start:
            starts.append(start)
        if end:
            ends.append(end)
    return (min(starts) if starts else None), (max(ends) if ends else None)


def start_month(text: str | None) -> dt.date | None:
    return month_range(text)[0]


def end_month(text: str | None) -> dt.date | None:
    return month_range(text)[1]


def length_km(text: str | None) -> float | None:
    """The first length a scale text states: `线路总长82.6公里` → 82.6; `敷设管线 500 米` → 0.5."""
    if not text:
        return None
    match = _LENGTH.search(text)
    if not match:
        return None
    value = float(match.group(1))
    return value / 1000 if match.group(2) == "米" else value
