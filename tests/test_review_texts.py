"""Reports that review the past (development reports, the review half of work reports) and
text furniture: what looks like a goal there is a statistic, a figure number or a telephone."""

from __future__ import annotations

import pytest

from orchestration.parsing import frames
from orchestration.parsing.normalise import normalise_fragment
from orchestration.parsing.quantities import find_quantities
from orchestration.parsing.targets import extract_targets
from tests.conftest import both_scripts

REVIEW = (
    "截至2023年底,全省5G基站达到12万个,同比增长30%。截至2023年底,数据中心机架规模超过20万架,同比增长15%。"
    "全年电子商务交易额同比增长12%,截至年底网络零售额达到3000亿元。以来,政务服务事项实现全程网办,同比提高8个百分点。"
    "下一步,要加快建设。"
)
PLAN = "到2025年,全省5G基站达到20万个。力争数据中心机架规模超过30万架,确保网络零售额突破5000亿元。"


def test_a_document_that_mostly_reports_reads_as_review() -> None:
    assert frames.document_tense(normalise_fragment(REVIEW)) == "review"
    assert frames.document_tense(normalise_fragment(PLAN)) == "plan"


# A statistical bulletin says 同比 and 截至 little: each figure is a level, then its change on
# last year. An annual plan sets changes on last year too, but not beside a measured level.
BULLETIN = (
    "初步核算,全年全省生产总值为77715亿元,比上年增长3.1%。第一产业增加值2325亿元,增长3.2%。"
    "全年粮食播种面积1530万亩,比上年增长1.6%;粮食总产量621万吨,比上年增长0.5%。"
    "全年规模以上工业增加值21900亿元,比上年增长4.2%。全年一般公共预算收入8039亿元,同比增长4.3%。"
    "全年全省居民人均可支配收入60302元,比上年增长4.8%。"
)
ANNUAL_PLAN = (
    "2023年主要目标:全省生产总值比上年增长5%以上,单位地区生产总值能耗比上年下降3%,"
    "粮食总产量稳定在620万吨以上,一般公共预算收入比上年增长5%,居民人均可支配收入比上年增长5%,"
    "规模以上工业增加值比上年增长6%。要狠抓落实,确保完成全年目标。"
)


@pytest.mark.parametrize(("text", "tense"), [(BULLETIN, "review"), (ANNUAL_PLAN, "plan")])
def test_a_bulletin_of_measured_levels_reads_as_review(text: str, tense: str) -> None:
    assert frames.document_tense(normalise_fragment(text)) == tense


@pytest.mark.parametrize(
    ("text", "plans"),
    both_scripts(
        [
            ("as-of", "截至2022年底,我国数据存储量达724.5EB。", "截至2022年底,我國數據存儲量達724.5EB。", False),
            ("by-year", "到2025年,全省数据存储量达到1000EB。", "到2025年,全省數據存儲量達到1000EB。", True),
            ("intent", "力争数据存储量达到1000EB。", "力爭數據存儲量達到1000EB。", True),
            ("goal-word", "主要经济体中首个实现目标。", "主要經濟體中首個實現目標。", True),
            ("zhuyao-alone", "成为全球主要经济体之一。", "成為全球主要經濟體之一。", False),
            (
                "from-one-years-value-to-anothers",
                "全国法院电子诉讼占比从2021年的24%提升至2022年的28%。",
                "全國法院電子訴訟佔比從2021年的24%提升至2022年的28%。",
                False,
            ),
        ]
    ),
)
def test_which_sentences_plan(text: str, plans: bool) -> None:
    assert frames.plans(normalise_fragment(text)) is plans


@pytest.mark.parametrize(
    "text",
    both_scripts(
        [
            (
                "as-of-statistic",
                "截至2022年底,我国数据存储量达724.5EB,全球占比达14.4%。",
                "截至2022年底,我國數據存儲量達724.5EB,全球佔比達14.4%。",
            ),
            ("figure", "标准体系结构如图9所示。", "標準體系結構如圖9所示。"),
            ("quota", "各省推荐的示范工厂申报主体不超过5个。", "各省推薦的示範工廠申報主體不超過5個。"),
            (
                "alternatives",
                "年营业收入达到2000万元以上或年纳税额达到200万元以上。",
                "年營業收入達到2000萬元以上或年納稅額達到200萬元以上。",
            ),
            ("already-done", "加工效率提升了30%,不良品率降低了10%。", "加工效率提升了30%,不良品率降低了10%。"),
        ]
    ),
)
def test_not_goals_in_reviews_and_furniture(text: str) -> None:
    assert extract_targets(normalise_fragment(text), None, 2023) == []


@pytest.mark.parametrize(
    "text",
    both_scripts(
        [
            ("phone", "联系电话:010-68501696", "聯繫電話:010-68501696"),
            ("market", "61965366市场监管总局", "61965366市場監管總局"),
            ("copies", "纸质材料一式四份。", "紙質材料一式四份。"),
        ]
    ),
)
def test_furniture_is_no_quantity(text: str) -> None:
    assert [q for q in find_quantities(normalise_fragment(text)) if q.unit_class == "count"] == []
