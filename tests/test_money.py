"""Money in the prose: yuan, kind, bounds, ranges; simplified and traditional."""

from __future__ import annotations

import pytest

from orchestration.parsing.money import amounts
from orchestration.parsing.normalise import normalise_fragment


def _money(text: str) -> list[tuple]:
    return [(a.amount_cny, a.amount_text, a.kind, a.approximate, a.bound) for a in amounts(normalise_fragment(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018年力争争取中央和省环保专项资金1亿元以上。", [(1e8, "1亿元", "allocation", False, "at_least")]),
        ("2018年力爭爭取中央和省環保專項資金1億元以上。", [(1e8, "1亿元", "allocation", False, "at_least")]),
        ("给予每家最高不超过 300 万元的补助。", [(3e6, "300万元", "subsidy_cap", False, "exact")]),
        ("年业务收入超过1000亿元。", [(1e11, "1000亿元", "revenue", False, "exact")]),
        ("安排1300多万元用于监测。", [(1.3e7, "1300多万元", "allocation", True, "at_least")]),
        (
            "宣传经费1000-2000万元。",
            [(1e7, "1000-2000万元", "allocation", False, "low"), (2e7, "1000-2000万元", "allocation", False, "high")],
        ),
        ("安排资金500万元,全年共安排500万元。", [(5e6, "500万元", "allocation", False, "exact")]),
        (
            "实际投入四星级超过100万元、五星级超过200万元的,给予四星级最高不超过50万元、五星级最高不超过100万元的补助。",
            [
                (1e6, "100万元", "threshold", False, "exact"),
                (2e6, "200万元", "threshold", False, "exact"),
                (5e5, "50万元", "subsidy_cap", False, "exact"),
                (1e6, "100万元", "subsidy_cap", False, "exact"),
            ],
        ),
        ("全面整治亩均税收1万元以下的低小散企业。", [(1e4, "1万元", "threshold", False, "at_most")]),
        ("全年投入13个亿用于治水。", []),
        ("天然气消费总量达到28.9亿立方米。", []),
    ],
)
def test_amounts(text: str, expected: list[tuple]) -> None:
    assert _money(text) == expected


@pytest.mark.parametrize(
    ("text", "purpose"),
    [
        ("省财政安排专项资金15亿元支持粤东西北地区污水管网建设。", "粤东西北地区污水管网建设"),
        ("年业务收入超过1000亿元。", "年业务收入"),
        ("給予每家最高不超過300萬元的補助。", "每家补助"),
    ],
)
def test_purpose_or_recipient(text: str, purpose: str) -> None:
    (amount,) = amounts(normalise_fragment(text))
    assert amount.purpose == purpose
