"""Typed values from cell text: yuan, months, kilometres, unit lists."""

from __future__ import annotations

import datetime as dt

import pytest

from orchestration.parsing.agencies import split_units
from orchestration.parsing.values import amount_cny, length_km, month_range


@pytest.mark.parametrize(
    ("text", "unit", "header", "expected"),
    [
        ("108000", "万元", None, 1_080_000_000.0),
        ("62777.6", "万元", None, 627_776_000.0),
        ("1.2亿元", None, None, 120_000_000.0),
        ("3,500", None, "总投资(万元)", 35_000_000.0),
        ("500", None, "总投资(亿元)", 50_000_000_000.0),
        ("800", None, None, 800.0),
        ("/", "万元", None, None),
        ("——", "万元", None, None),
        ("", "万元", None, None),
    ],
)
def test_amount_cny(text: str, unit: str | None, header: str | None, expected: float | None) -> None:
    assert amount_cny(text, unit, header) == expected


D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017-4至2018-7", (D(2017, 4, 1), D(2018, 7, 1))),
        ("2017至2018-11", (D(2017, 1, 1), D(2018, 11, 1))),
        ("2019至2020", (D(2019, 1, 1), D(2020, 12, 1))),
        ("2018年", (D(2018, 1, 1), D(2018, 12, 1))),
        ("2018年4月至2019年6月", (D(2018, 4, 1), D(2019, 6, 1))),
        ("2019.3-2020.12", (D(2019, 3, 1), D(2020, 12, 1))),
        ("2018—2020年", (D(2018, 1, 1), D(2020, 12, 1))),
        ("2019年\n——", (D(2019, 1, 1), D(2019, 12, 1))),
        ("2022年\n2020年", (D(2020, 1, 1), D(2022, 12, 1))),
        ("长期", (None, None)),
        (None, (None, None)),
    ],
)
def test_month_range(text: str | None, expected: tuple) -> None:
    assert month_range(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("线路总长82.6公里;改扩建上虞站", 82.6),
        ("敷设高压管线6.7公里。", 6.7),
        ("线路总长250公里,其中绍兴市43公里", 250.0),
        ("新建管线800米", 0.8),
        ("30万方/天的高中压站一座。", None),
        (None, None),
    ],
)
def test_length_km(text: str | None, expected: float | None) -> None:
    assert length_km(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市发改委,上虞市政府、嵊州市政府", ["市发改委", "上虞市政府", "嵊州市政府"]),
        ("各区、县(市)人民政府,滨海新城管委会", ["各区、县(市)人民政府", "滨海新城管委会"]),
        ("市发改委\n市经信委", ["市发改委", "市经信委"]),
        ("市公安局(机动车)、市交通局", ["市公安局(机动车)", "市交通局"]),
        ("", []),
    ],
)
def test_split_units(text: str, expected: list[str]) -> None:
    assert split_units(text) == expected
