"""Layer 3, targets: goal patterns and non-goals, on invented gazette sentences.

Each sentence is given in simplified and in traditional script and normalised first. Expected
rows follow GUIDELINES.md (targets.csv: comparators, units as written, target and baseline
years, 分别/均, not-targets), read by hand, never taken from the code. Metrics are checked by
containment of a short keyword, as the gold's `metric_keyword`.
"""

from __future__ import annotations

import pytest

from orchestration.parsing.normalise import normalise_fragment
from orchestration.parsing.targets import Target, extract_targets
from tests.conftest import both_scripts

# Known gaps, keyed by parametrize id: kept visible as strict xfails.
XFAIL: dict[str, str] = {}  # known gaps: param id → reason (strict xfail)


def _both(cases: list[tuple]) -> list:
    return both_scripts(cases, XFAIL)


def _targets(
    text: str, frame_year: int | None = None, document_year: int | None = 2021, previous: str | None = None
) -> list[Target]:
    return extract_targets(
        normalise_fragment(text),
        frame_year=frame_year,
        document_year=document_year,
        previous=normalise_fragment(previous) if previous else None,
    )


def _rows(found: list[Target], expected: list[tuple]) -> list[tuple]:
    """Rows as (keyword, comparator, value, unit, target_year, baseline_year), sorted.

    The metric is replaced by the first expected keyword it contains, so a sensible metric
    of any length matches; a metric that contains none stays as it is and shows in the diff.
    """
    keywords = [row[0] for row in expected]
    rows = []
    for t in found:
        metric = next((kw for kw in keywords if kw in t.metric), t.metric)
        rows.append((metric, t.comparator, t.value, t.unit, t.target_year, t.baseline_year))
    return sorted(rows, key=repr)


def _check(found: list[Target], expected: list[tuple]) -> None:
    assert _rows(found, expected) == sorted(expected, key=repr)


# (id, simplified, traditional, frame_year, document_year,
#  [(metric keyword, comparator, value, unit as written, target_year, baseline_year), ...])
GOAL_CASES = [
    (
        "level-above",
        "到2025年，全省行政村5G网络通达率达到90%以上。",
        "到2025年，全省行政村5G網絡通達率達到90%以上。",
        None,
        2021,
        [("通达率", "at_least", 90.0, "%", 2025, None)],
    ),
    (
        "control-within",
        "到2025年，全省婴儿死亡率控制在5‰以内。",
        "到2025年，全省嬰兒死亡率控制在5‰以內。",
        None,
        2021,
        [("婴儿死亡率", "at_most", 5.0, "‰", 2025, None)],
    ),
    (
        "approx-zuoyou",
        "到2025年，全市公共交通机动化出行分担率达到60%左右。",
        "到2025年，全市公共交通機動化出行分擔率達到60%左右。",
        None,
        2021,
        [("分担率", "approx", 60.0, "%", 2025, None)],
    ),
    (
        "approx-yue",
        "到2025年，全省高标准农田面积达到约6000万亩。",
        "到2025年，全省高標準農田面積達到約6000萬畝。",
        None,
        2021,
        [("高标准农田", "approx", 6000.0, "万亩", 2025, None)],
    ),
    (
        "equal-no-qualifier",
        "到2025年，全省政务服务事项网上可办率达到95%。",
        "到2025年，全省政務服務事項網上可辦率達到95%。",
        None,
        2021,
        [("网上可办率", "equal", 95.0, "%", 2025, None)],
    ),
    (
        "not-less-than",
        "到2025年，全省每千人口执业（助理）医师数不少于3.2人。",
        "到2025年，全省每千人口執業（助理）醫師數不少於3.2人。",
        None,
        2021,
        [("医师数", "at_least", 3.2, "人", 2025, None)],
    ),
    (
        "exceed",
        "到2025年，全省跨境电商进出口额超过3000亿元。",
        "到2025年，全省跨境電商進出口額超過3000億元。",
        None,
        2021,
        [("进出口额", "at_least", 3000.0, "亿元", 2025, None)],
    ),
    (
        "break-through",
        "到2025年，全省农村网络零售额突破2000亿元。",
        "到2025年，全省農村網絡零售額突破2000億元。",
        None,
        2021,
        [("网络零售额", "at_least", 2000.0, "亿元", 2025, None)],
    ),
    (
        "change-reduce",
        "到2025年，全省县域物流配送成本降低20%。",
        "到2025年，全省縣域物流配送成本降低20%。",
        None,
        2021,
        [("配送成本", "reduce_by", 20.0, "%", 2025, None)],
    ),
    (
        "change-increase-above",
        "到2025年，全省农业劳动生产率提高13%以上。",
        "到2025年，全省農業勞動生產率提高13%以上。",
        None,
        2021,
        [("劳动生产率", "increase_by", 13.0, "%", 2025, None)],
    ),
    (
        "change-with-baseline",
        "到2020年，全省万元地区生产总值用水量比2015年下降23%。",
        "到2020年，全省萬元地區生產總值用水量比2015年下降23%。",
        None,
        2016,
        [("用水量", "reduce_by", 23.0, "%", 2020, 2015)],
    ),
    (
        "raise-to-level",
        "到2025年，全省农作物良种覆盖率提高到98%以上。",
        "到2025年，全省農作物良種覆蓋率提高到98%以上。",
        None,
        2021,
        [("良种覆盖率", "at_least", 98.0, "%", 2025, None)],
    ),
    (
        "action-object-after",
        "到2025年，全省培育30家左右农业产业化国家重点龙头企业。",
        "到2025年，全省培育30家左右農業產業化國家重點龍頭企業。",
        None,
        2021,
        [("龙头企业", "approx", 30.0, "家", 2025, None)],
    ),
    (
        "action-object-before",
        "到2025年，全省建成5G基站10万个。",
        "到2025年，全省建成5G基站10萬個。",
        None,
        2021,
        [("基站", "equal", 10.0, "万个", 2025, None)],
    ),
    (
        "share-of-enterprises",
        "到2025年，80%以上的外贸企业实现通关业务线上办理。",
        "到2025年，80%以上的外貿企業實現通關業務線上辦理。",
        None,
        2021,
        [("外贸企业", "at_least", 80.0, "%", 2025, None)],
    ),
    (
        "fenbie-two-values",
        "到2025年，全省农产品网络零售额、跨境电商进出口额分别达到1500亿元、800亿元。",
        "到2025年，全省農產品網絡零售額、跨境電商進出口額分別達到1500億元、800億元。",
        None,
        2021,
        [
            ("网络零售额", "equal", 1500.0, "亿元", 2025, None),
            ("进出口额", "equal", 800.0, "亿元", 2025, None),
        ],
    ),
    (
        "jun-one-value-two-metrics",
        "到2025年，全省政务服务事项网上可办率、全程网办率均达到90%以上。",
        "到2025年，全省政務服務事項網上可辦率、全程網辦率均達到90%以上。",
        None,
        2021,
        [
            ("网上可办率", "at_least", 90.0, "%", 2025, None),
            ("全程网办率", "at_least", 90.0, "%", 2025, None),
        ],
    ),
    (
        "shared-head-emissions",
        "到2025年，全省二氧化硫、氮氧化物排放总量分别下降15%、10%。",
        "到2025年，全省二氧化硫、氮氧化物排放總量分別下降15%、10%。",
        None,
        2021,
        [
            ("二氧化硫", "reduce_by", 15.0, "%", 2025, None),
            ("氮氧化物排放总量", "reduce_by", 10.0, "%", 2025, None),
        ],
    ),
    (
        "shared-head-transport",
        "到2025年，全省营运货车、营运船舶单位运输周转量二氧化碳排放分别下降8%、5%。",
        "到2025年，全省營運貨車、營運船舶單位運輸週轉量二氧化碳排放分別下降8%、5%。",
        None,
        2021,
        [
            ("营运货车", "reduce_by", 8.0, "%", 2025, None),
            ("营运船舶单位运输周转量二氧化碳排放", "reduce_by", 5.0, "%", 2025, None),
        ],
    ),
    (
        "metric-carried-to-later-phrase",
        "到2023年，全省数据中心标准机架数达到35万个，2025年底前超过45万个。",
        "到2023年，全省數據中心標準機架數達到35萬個，2025年底前超過45萬個。",
        None,
        2021,
        [
            ("机架数", "equal", 35.0, "万个", 2023, None),
            ("机架数", "at_least", 45.0, "万个", 2025, None),
        ],
    ),
    (
        "year-from-frame",
        "全省三级医院互联网诊疗服务开通率达到90%。",
        "全省三級醫院互聯網診療服務開通率達到90%。",
        2025,
        2021,
        [("开通率", "equal", 90.0, "%", 2025, None)],
    ),
    (
        "annual-rate",
        "每年培育20家以上外贸综合服务企业。",
        "每年培育20家以上外貿綜合服務企業。",
        2025,
        2021,
        [("外贸综合服务企业", "at_least", 20.0, "家", 2025, None)],
    ),
    (
        "health-age-and-beds",
        "到2025年，人均预期寿命达到79岁，每千人口医疗卫生机构床位数达到7.5张。",
        "到2025年，人均預期壽命達到79歲，每千人口醫療衛生機構床位數達到7.5張。",
        None,
        2021,
        [("人均预期寿命", "equal", 79.0, "岁", 2025, None), ("床位数", "equal", 7.5, "张", 2025, None)],
    ),
    (
        "not-higher-than",
        "到2030年，人均每日食盐摄入量不高于5克。",
        "到2030年，人均每日食鹽攝入量不高於5克。",
        None,
        2021,
        [("食盐摄入量", "at_most", 5.0, "克", 2030, None)],
    ),
    (
        "grain-jin",
        "到2025年，粮食综合生产能力稳定在1100亿斤以上。",
        "到2025年，糧食綜合生產能力穩定在1100億斤以上。",
        None,
        2021,
        [("粮食综合生产能力", "at_least", 1100.0, "亿斤", 2025, None)],
    ),
    (
        "container-teu",
        "到2025年，沿海港口集装箱吞吐量达到4000万标准箱。",
        "到2025年，沿海港口集裝箱吞吐量達到4000萬標準箱。",
        None,
        2021,
        [("集装箱吞吐量", "equal", 4000.0, "万标准箱", 2025, None)],
    ),
    (
        "age-names-the-people",
        "到2025年，0-6岁儿童眼保健和视力检查覆盖率达到90%以上，65岁及以上老年人健康管理率达到65%。",
        "到2025年，0-6歲兒童眼保健和視力檢查覆蓋率達到90%以上，65歲及以上老年人健康管理率達到65%。",
        None,
        2021,
        [
            ("0-6岁儿童眼保健和视力检查覆盖率", "at_least", 90.0, "%", 2025, None),
            ("65岁及以上老年人健康管理率", "equal", 65.0, "%", 2025, None),
        ],
    ),
    (
        "bracketed-qualifier",
        "到2025年，城镇（5万人以上）污水处理率达到95%。",
        "到2025年，城鎮（5萬人以上）污水處理率達到95%。",
        None,
        2021,
        [("城镇(5万人以上)污水处理率", "equal", 95.0, "%", 2025, None)],
    ),
    (
        "change-on-last-year",
        "今年地区生产总值比去年增长6%左右。",
        "今年地區生產總值比去年增長6%左右。",
        None,
        2023,
        [("地区生产总值", "increase_by", 6.0, "%", 2023, None)],
    ),
    (
        "compared-with-a-named-year",
        "2020年，天然气占一次能源消费比重提高至10%左右，煤炭占一次能源消费的比重同比2017年下降2个百分点。",
        "2020年，天然氣佔一次能源消費比重提高至10%左右，煤炭佔一次能源消費的比重同比2017年下降2個百分點。",
        None,
        2018,
        [
            ("天然气占一次能源消费比重", "approx", 10.0, "%", 2020, None),
            ("煤炭占一次能源消费的比重", "reduce_by", 2.0, "个百分点", 2020, 2017),
        ],
    ),
    (
        "count-then-a-qualified-noun",
        "2023年底前，建成2000个以上基础型及以上的智慧社区；2025年底前建成不少于5000个基础型及以上的智慧社区。",
        "2023年底前，建成2000個以上基礎型及以上的智慧社區；2025年底前建成不少於5000個基礎型及以上的智慧社區。",
        None,
        2022,
        [("智慧社区", "at_least", 2000.0, "个", 2023, None), ("智慧社区", "at_least", 5000.0, "个", 2025, None)],
    ),
    (
        "count-of-a-construction-task",
        "完成3万套乡村教师周转宿舍建设任务。",
        "完成3萬套鄉村教師周轉宿舍建設任務。",
        2025,
        2022,
        [("周转宿舍", "equal", 3.0, "万套", 2025, None)],
    ),
    (
        "rate-per-100k",
        "到2025年，孕产妇死亡率控制在10/10万以下。",
        "到2025年，孕產婦死亡率控制在10/10萬以下。",
        None,
        2021,
        [("孕产妇死亡率", "at_most", 10.0, "/10万", 2025, None)],
    ),
]


@pytest.mark.parametrize(("text", "frame_year", "document_year", "expected"), _both(GOAL_CASES))
def test_goal(text: str, frame_year: int | None, document_year: int, expected: list[tuple]) -> None:
    _check(_targets(text, frame_year, document_year), expected)


# The head a list shares (排放总量, 单位运输周转量二氧化碳排放) belongs to the first metric too.
SHARED_HEAD_CASES = [
    (
        "emissions",
        "到2025年，全省二氧化硫、氮氧化物排放总量分别下降15%、10%。",
        "到2025年，全省二氧化硫、氮氧化物排放總量分別下降15%、10%。",
        ("二氧化硫", "排放总量"),
        ("氮氧化物排放总量",),
    ),
    (
        "transport",
        "到2025年，全省营运货车、营运船舶单位运输周转量二氧化碳排放分别下降8%、5%。",
        "到2025年，全省營運貨車、營運船舶單位運輸週轉量二氧化碳排放分別下降8%、5%。",
        ("营运货车", "二氧化碳排放"),
        ("营运船舶", "二氧化碳排放"),
    ),
]


@pytest.mark.parametrize(("text", "first", "second"), _both(SHARED_HEAD_CASES))
def test_shared_head_distributed(text: str, first: tuple[str, ...], second: tuple[str, ...]) -> None:
    found = sorted(_targets(text), key=lambda t: t.value_start)
    assert len(found) == 2, [t.metric for t in found]
    assert all(kw in found[0].metric for kw in first), found[0].metric
    assert all(kw in found[1].metric for kw in second), found[1].metric
    assert "氮氧化物" not in found[0].metric and "营运船舶" not in found[0].metric


REGION_CASES = [
    (
        "province",
        "到2025年，全省行政村5G网络通达率达到90%以上。",
        "到2025年，全省行政村5G網絡通達率達到90%以上。",
        "全省",
    ),
    (
        "city",
        "到2025年，全市公共交通机动化出行分担率达到60%左右。",
        "到2025年，全市公共交通機動化出行分擔率達到60%左右。",
        "全市",
    ),
    (
        "this-year-then-scope",
        "今年全省外贸进出口总额增长3%左右。",
        "今年全省外貿進出口總額增長3%左右。",
        "全省",
    ),
]


@pytest.mark.parametrize(("text", "region"), _both(REGION_CASES))
def test_region_hint(text: str, region: str) -> None:
    (target,) = _targets(text)
    assert target.region_hint == region
    assert "全省" not in target.metric and "全市" not in target.metric


@pytest.mark.parametrize(
    "text", _both([("annual", "每年培育20家以上外贸综合服务企业。", "每年培育20家以上外貿綜合服務企業。")])
)
def test_annual_flag(text: str) -> None:
    (target,) = _targets(text, frame_year=2025)
    assert target.annual is True


# (id, previous sentence simplified, traditional, sentence simplified, traditional, expected rows)
PREVIOUS_CASES = [
    (
        "metric-from-previous-sentence",
        ("到2023年，全省数据中心标准机架数达到35万个。", "到2025年，超过45万个。"),
        ("到2023年，全省數據中心標準機架數達到35萬個。", "到2025年，超過45萬個。"),
        [("机架数", "at_least", 45.0, "万个", 2025, None)],
    ),
]


@pytest.mark.parametrize(("pair", "expected"), _both(PREVIOUS_CASES))
def test_previous_sentence(pair: tuple[str, str], expected: list[tuple]) -> None:
    previous, sentence = pair
    _check(_targets(sentence, previous=previous), expected)


# (id, simplified, traditional, document_year): sentences that hold no target.
NOT_GOAL_CASES = [
    (
        "subsidy-award",
        "对新认定的国家级农业产业化重点龙头企业，给予一次性奖励50万元。",
        "對新認定的國家級農業產業化重點龍頭企業，給予一次性獎勵50萬元。",
        2024,
    ),
    (
        "subsidy-cap",
        "对新建冷链物流设施的企业，按设备投资额的20%给予补助，单个项目最高不超过500万元。",
        "對新建冷鏈物流設施的企業，按設備投資額的20%給予補助，單個項目最高不超過500萬元。",
        2024,
    ),
    (
        "threshold-in-award",
        "对年营业收入首次突破1亿元的物流企业，给予30万元奖励。",
        "對年營業收入首次突破1億元的物流企業，給予30萬元獎勵。",
        2024,
    ),
    (
        "eligibility-condition",
        "对入驻园区且租赁办公用房面积在300平方米以内的电商企业，给予租金补贴。",
        "對入駐園區且租賃辦公用房面積在300平方米以內的電商企業，給予租金補貼。",
        2024,
    ),
    (
        "rank",
        "对在全省数字政府建设评估中排名前30的县区给予通报表扬。",
        "對在全省數字政府建設評估中排名前30的縣區給予通報表揚。",
        2024,
    ),
    (
        "per-unit-basis",
        "每认定1家国家级农业科技园区，奖励所在县100万元。",
        "每認定1家國家級農業科技園區，獎勵所在縣100萬元。",
        2024,
    ),
    (
        "slogan-five-100-quoted",
        "全面落实医疗废物收集处置“五个100%”要求。",
        "全面落實醫療廢物收集處置“五個100%”要求。",
        2024,
    ),
    (
        "slogan-two-100-count",
        "各地要确保疫苗接种工作实现两个100%。",
        "各地要確保疫苗接種工作實現兩個100%。",
        2024,
    ),
    (
        "nickname-in-quotes",
        "构建“1+30+N”农业产业化联合体发展体系。",
        "構建“1+30+N”農業產業化聯合體發展體系。",
        2024,
    ),
    (
        "procedural-hours",
        "对群众反映的问题，相关部门应在48小时内予以回复。",
        "對羣衆反映的問題，相關部門應在48小時內予以回覆。",
        2024,
    ),
    (
        "procedural-working-days",
        "申请材料齐全的，审批部门应在3个工作日内办结。",
        "申請材料齊全的，審批部門應在3個工作日內辦結。",
        2024,
    ),
    (
        "rule-prohibition",
        "城市建成区禁止新建35蒸吨/小时以下燃煤锅炉。",
        "城市建成區禁止新建35蒸噸/小時以下燃煤鍋爐。",
        2024,
    ),
    (
        "past-already-built",
        "截至2023年底，全省已建成5G基站8.5万个。",
        "截至2023年底，全省已建成5G基站8.5萬個。",
        2024,
    ),
    (
        "past-cumulative",
        "全省累计完成农村公路提档升级改造1.2万公里。",
        "全省累計完成農村公路提檔升級改造1.2萬公里。",
        2024,
    ),
    (
        "past-bare-year",
        "2011年，全省物流业实现总收入4230亿元。",
        "2011年，全省物流業實現總收入4230億元。",
        2013,
    ),
    (
        "past-bare-year-no-comma",
        "2011年全省物流业实现总收入4230亿元。",
        "2011年全省物流業實現總收入4230億元。",
        2013,
    ),
    (
        "tier-label",
        "培育一批百万级用户规模的政务服务移动应用。",
        "培育一批百萬級用戶規模的政務服務移動應用。",
        2024,
    ),
    (
        "unquantified-batch",
        "建设一批数字农业示范基地，培育若干农业产业化龙头企业。",
        "建設一批數字農業示範基地，培育若干農業產業化龍頭企業。",
        2024,
    ),
    (
        "indicator-count",
        "规划共设置5类28项主要指标。",
        "規劃共設置5類28項主要指標。",
        2021,
    ),
    (
        "duration",
        "用10年左右的时间，基本建成现代化综合交通运输体系。",
        "用10年左右的時間，基本建成現代化綜合交通運輸體系。",
        2021,
    ),
    (
        "since-the-start-of-the-year",
        "今年以来，全省共检查企业1200家，发现问题隐患3000余处。",
        "今年以來，全省共檢查企業1200家，發現問題隱患3000餘處。",
        2023,
    ),
    (
        "year-on-year-in-a-later-phrase",
        "全省共发生生产安全事故120起，死亡98人，同比分别下降15%和12%。",
        "全省共發生生產安全事故120起，死亡98人，同比分別下降15%和12%。",
        2023,
    ),
    (
        "part-of-the-year-so-far",
        "上半年，全省完成固定资产投资1.2万亿元。",
        "上半年，全省完成固定資產投資1.2萬億元。",
        2023,
    ),
    (
        "months-so-far",
        "2021年1—10月，全市实现外贸进出口总额3000亿元。",
        "2021年1—10月，全市實現外貿進出口總額3000億元。",
        2021,
    ),
    (
        "last-year",
        "去年全省粮食总产量达到1108亿斤。",
        "去年全省糧食總產量達到1108億斤。",
        2023,
    ),
    (
        "in-recent-years",
        "近年来，我市数字经济快速发展，核心产业增加值年均增长15%以上。",
        "近年來，我市數字經濟快速發展，核心產業增加值年均增長15%以上。",
        2023,
    ),
    (
        "an-estimate-with-its-growth",
        "2022年我国网络安全产业规模预计近2170亿元，同比增长13.9%，从业企业数量超过3000家。",
        "2022年我國網絡安全產業規模預計近2170億元，同比增長13.9%，從業企業數量超過3000家。",
        None,  # an undated report: the year alone does not tell the past
    ),
    (
        "a-duty-in-a-regulation",
        "需要延长复核期限的，应当经平台管理机构负责人同意，延长期限不超过7个工作日。",
        "需要延長複核期限的，應當經平台管理機構負責人同意，延長期限不超過7個工作日。",
        2021,
    ),
    (
        "terms-of-an-award",
        "对新入驻园区的企业，给予最长五年的房租补贴，其中前两年100%、后三年50%。",
        "對新入駐園區的企業，給予最長五年的房租補貼，其中前兩年100%、後三年50%。",
        2023,
    ),
    (
        "age-of-beneficiaries",
        "对年满70岁的老年人发放高龄津贴，65周岁以上老年人免费乘坐城市公交。",
        "對年滿70歲的老年人發放高齡津貼，65週歲以上老年人免費乘坐城市公交。",
        2021,
    ),
]


@pytest.mark.parametrize(("text", "document_year"), _both(NOT_GOAL_CASES))
def test_not_a_goal(text: str, document_year: int | None) -> None:
    found = _targets(text, document_year=document_year)
    assert found == [], [(t.metric, t.comparator, t.value, t.unit) for t in found]
