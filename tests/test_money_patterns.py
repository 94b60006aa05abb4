"""Layer 3, money: amounts in yuan and their kind, on invented gazette sentences.

Each sentence is given in simplified and in traditional script and normalised first. Expected
rows follow GUIDELINES.md (fundings.csv: 元 ×1, 万元 ×1e4, 亿元 ×1e8; kinds; ranges give two
rows; not money: 万/亿 without 元, foreign currency, amounts without a numeral), read by hand.
"""

from __future__ import annotations

import pytest

from orchestration.parsing.money import amounts
from orchestration.parsing.normalise import normalise_fragment
from tests.conftest import both_scripts

# Known gaps, keyed by parametrize id: kept visible as strict xfails.
XFAIL: dict[str, str] = {}  # known gaps: param id → reason (strict xfail)


def _both(cases: list[tuple]) -> list:
    return both_scripts(cases, XFAIL)


def _money(text: str) -> list[tuple]:
    return [(a.amount_cny, a.kind) for a in amounts(normalise_fragment(text))]


# (id, simplified, traditional, [(amount_cny, kind), ...] in reading order)
MONEY_CASES = [
    (
        "wanyuan-award",
        "对获批国家级跨境电商综合试验区的县区，给予200万元一次性奖励。",
        "對獲批國家級跨境電商綜合試驗區的縣區，給予200萬元一次性獎勵。",
        [(2_000_000.0, "subsidy")],
    ),
    (
        "yiyuan-allocation",
        "省财政每年安排3亿元专项资金，支持数字乡村建设。",
        "省財政每年安排3億元專項資金，支持數字鄉村建設。",
        [(300_000_000.0, "allocation")],
    ),
    (
        "yuan-per-person",
        "对参加职业技能培训并取得证书的农民，每人补助800元。",
        "對參加職業技能培訓並取得證書的農民，每人補助800元。",
        [(800.0, "subsidy")],
    ),
    (
        "range-two-rows",
        "根据年度考核结果，给予30—100万元奖励。",
        "根據年度考覈結果，給予30—100萬元獎勵。",
        [(300_000.0, "subsidy"), (1_000_000.0, "subsidy")],
    ),
    (
        "cap-zuigao",
        "对新建冷链物流设施的企业，按设备投资额的20%给予补助，最高500万元。",
        "對新建冷鏈物流設施的企業，按設備投資額的20%給予補助，最高500萬元。",
        [(5_000_000.0, "subsidy_cap")],
    ),
    (
        "cap-buchaoguo",
        "单个智慧医院建设项目补助金额不超过100万元。",
        "單個智慧醫院建設項目補助金額不超過100萬元。",
        [(1_000_000.0, "subsidy_cap")],
    ),
    (
        "threshold-then-award",
        "对年营业收入5000万元以上的物流企业，给予50万元奖励。",
        "對年營業收入5000萬元以上的物流企業，給予50萬元獎勵。",
        [(50_000_000.0, "threshold"), (500_000.0, "subsidy")],
    ),
    (
        "special-fund-allocation",
        "市财政安排2000万元专项资金用于智慧医院建设。",
        "市財政安排2000萬元專項資金用於智慧醫院建設。",
        [(20_000_000.0, "allocation")],
    ),
    (
        "full-width-allocation",
        "县财政每年安排８０００万元用于农村公路养护。",
        "縣財政每年安排８０００萬元用於農村公路養護。",
        [(80_000_000.0, "allocation")],
    ),
    (
        "total-investment",
        "该智慧港口项目总投资12.5亿元。",
        "該智慧港口項目總投資12.5億元。",
        [(1_250_000_000.0, "investment")],
    ),
    (
        "revenue-break-through",
        "到2025年，全省软件和信息技术服务业收入突破3000亿元。",
        "到2025年，全省軟件和信息技術服務業收入突破3000億元。",
        [(300_000_000_000.0, "revenue")],
    ),
    (
        "retail-sales-total",
        "到2025年，全省社会消费品零售总额突破3万亿元，外贸进出口总额达到1.5万亿元。",
        "到2025年，全省社會消費品零售總額突破3萬億元，外貿進出口總額達到1.5萬億元。",
        [(3_000_000_000_000.0, "scale"), (1_500_000_000_000.0, "scale")],
    ),
    (
        "gdp-as-output",
        "到2027年，全省地区生产总值突破10万亿元。",
        "到2027年，全省地區生產總值突破10萬億元。",
        [(10_000_000_000_000.0, "revenue")],
    ),
    (
        "scale-reach",
        "到2025年，全省数字贸易规模达到500亿元。",
        "到2025年，全省數字貿易規模達到500億元。",
        [(50_000_000_000.0, "scale")],
    ),
    (
        "list-fenbie",
        "对获评国家级、省级、市级示范基地的，分别给予100万元、50万元、20万元奖励。",
        "對獲評國家級、省級、市級示範基地的，分別給予100萬元、50萬元、20萬元獎勵。",
        [(1_000_000.0, "subsidy"), (500_000.0, "subsidy"), (200_000.0, "subsidy")],
    ),
    (
        "same-amount-twice",
        "对认定的省级数字化车间给予50万元奖励，对认定的省级智能工厂给予50万元奖励。",
        "對認定的省級數字化車間給予50萬元獎勵，對認定的省級智能工廠給予50萬元獎勵。",
        [(500_000.0, "subsidy")],
    ),
    (
        "not-money-volume",
        "南水北调配套工程年调水量22亿立方米。",
        "南水北調配套工程年調水量22億立方米。",
        [],
    ),
    (
        "not-money-foreign-currency",
        "全省对东盟进出口总额达到485亿美元。",
        "全省對東盟進出口總額達到485億美元。",
        [],
    ),
    (
        "not-money-no-numeral",
        "培育一批年产值过亿元的农产品加工企业。",
        "培育一批年產值過億元的農產品加工企業。",
        [],
    ),
    (
        "not-money-area",
        "新建装配式建筑1000万平方米。",
        "新建裝配式建築1000萬平方米。",
        [],
    ),
]


@pytest.mark.parametrize(("text", "expected"), _both(MONEY_CASES))
def test_amounts(text: str, expected: list[tuple]) -> None:
    assert _money(text) == expected


# (id, simplified, traditional, [(amount_cny, bound), ...])
BOUND_CASES = [
    (
        "range",
        "根据年度考核结果，给予30—100万元奖励。",
        "根據年度考覈結果，給予30—100萬元獎勵。",
        [(300_000.0, "low"), (1_000_000.0, "high")],
    ),
    (
        "threshold-above",
        "对年营业收入5000万元以上的物流企业，给予50万元奖励。",
        "對年營業收入5000萬元以上的物流企業，給予50萬元獎勵。",
        [(50_000_000.0, "at_least"), (500_000.0, "exact")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), _both(BOUND_CASES))
def test_bounds(text: str, expected: list[tuple]) -> None:
    assert [(a.amount_cny, a.bound) for a in amounts(normalise_fragment(text))] == expected


@pytest.mark.parametrize(
    "text", _both([("range", "根据年度考核结果，给予30—100万元奖励。", "根據年度考覈結果，給予30—100萬元獎勵。")])
)
def test_range_rows_share_text_and_span(text: str) -> None:
    normalised = normalise_fragment(text)
    low, high = amounts(normalised)
    assert low.amount_text == high.amount_text
    assert "30" in low.amount_text and "100万元" in low.amount_text
    assert normalised[low.value_start : low.value_end] == low.amount_text


@pytest.mark.parametrize(
    "text", _both([("duo", "全年发放耕地地力保护补贴2300多万元。", "全年發放耕地地力保護補貼2300多萬元。")])
)
def test_approximate_amount(text: str) -> None:
    (amount,) = amounts(normalise_fragment(text))
    assert amount.amount_cny == 23_000_000.0
    assert amount.approximate is True
