"""Layer 2, frames: the year, goal heads and place a clause inherits, on invented gazette phrases.

Each phrase is given in simplified and in traditional script and normalised first. Expected
values follow GUIDELINES.md (target_year, region) and DESIGN.md (frames), not the code.
"""

from __future__ import annotations

import pytest

from orchestration.parsing import frames
from orchestration.parsing.normalise import normalise_fragment
from tests.conftest import both_scripts

# Known gaps, keyed by parametrize id: kept visible as strict xfails.
XFAIL: dict[str, str] = {}


def _both(cases: list[tuple]) -> list:
    return both_scripts(cases, XFAIL)


def _n(text: str | None) -> str | None:
    return normalise_fragment(text) if text is not None else None


# (id, simplified, traditional, document_year, expected named_year)
NAMED_YEAR_CASES = [
    (
        "within-this-year",
        "年内建成省级示范区10个。",
        "年內建成省級示範區10個。",
        2022,
        2022,
    ),
    (
        "within-three-years-is-a-duration",
        "三年内建成十个省级示范区。",
        "三年內建成十個省級示範區。",
        2022,
        None,
    ),
    (
        "dao-year",
        "到2025年，全省三级医院全部开展远程医疗服务。",
        "到2025年，全省三級醫院全部開展遠程醫療服務。",
        2021,
        2025,
    ),
    (
        "year-end-deadline",
        "2023年底前，各市州完成政务服务事项标准化梳理。",
        "2023年底前，各市州完成政務服務事項標準化梳理。",
        2022,
        2023,
    ),
    (
        "fyp-end",
        "十四五末，全省农村公路优良中等路率达到85%。",
        "十四五末，全省農村公路優良中等路率達到85%。",
        2021,
        2025,
    ),
    (
        "baseline-is-not-target-year",
        "全省单位地区生产总值能耗比2015年下降16%。",
        "全省單位地區生產總值能耗比2015年下降16%。",
        2016,
        None,
    ),
    (
        "target-and-baseline",
        "到2020年，全省万元工业增加值用水量比2015年下降20%。",
        "到2020年，全省萬元工業增加值用水量比2015年下降20%。",
        2016,
        2020,
    ),
    (
        "period-end",
        "2018-2022年，全省每年新建改建农村公路5000公里。",
        "2018-2022年，全省每年新建改建農村公路5000公里。",
        2018,
        2022,
    ),
    (
        "year-end-with-document-year",
        "年底前，各县区政务服务中心全部接入省一体化政务服务平台。",
        "年底前，各縣區政務服務中心全部接入省一體化政務服務平臺。",
        2022,
        2022,
    ),
    (
        "cited-title-year",
        "深入贯彻《国民经济和社会发展第十四个五年规划和2035年远景目标纲要》，加快数字政府建设。",
        "深入貫徹《國民經濟和社會發展第十四個五年規劃和2035年遠景目標綱要》，加快數字政府建設。",
        2021,
        None,
    ),
]


@pytest.mark.parametrize(("text", "document_year", "expected"), _both(NAMED_YEAR_CASES))
def test_named_year(text: str, document_year: int, expected: int | None) -> None:
    assert frames.named_year(_n(text), document_year) == expected


BASELINE_CASES = [
    (
        "bi-year",
        "到2020年，全省农田灌溉水有效利用系数比2015年提高0.03。",
        "到2020年，全省農田灌溉水有效利用係數比2015年提高0.03。",
        2015,
    ),
    (
        "bi-year-decline",
        "全省单位地区生产总值能耗比2015年下降16%。",
        "全省單位地區生產總值能耗比2015年下降16%。",
        2015,
    ),
    (
        "no-baseline",
        "到2025年，全省政务服务事项网上可办率达到95%。",
        "到2025年，全省政務服務事項網上可辦率達到95%。",
        None,
    ),
]


@pytest.mark.parametrize(("text", "expected"), _both(BASELINE_CASES))
def test_baseline_year(text: str, expected: int | None) -> None:
    assert frames.baseline_year(_n(text)) == expected


TITLE_CASES = [
    ("work-points-year", "2019年全省交通运输工作要点", "2019年全省交通運輸工作要點", 2019),
    (
        "action-plan-period",
        "湖南省数字政府建设行动计划(2024—2026年)",
        "湖南省數字政府建設行動計劃（2024—2026年）",
        2026,
    ),
    ("fyp-plan-name-only", "四川省“十四五”农业农村现代化规划", "四川省“十四五”農業農村現代化規劃", None),
    ("plan-without-year", "关于加快推进智慧医院建设的实施意见", "關於加快推進智慧醫院建設的實施意見", None),
    (
        "notice-issuing-a-year-plan",
        "湖南省人民政府办公厅关于印发《2023年全省卫生健康工作要点》的通知",
        "湖南省人民政府辦公廳關於印發《2023年全省衛生健康工作要點》的通知",
        2023,
    ),
    (
        "notice-issuing-a-period-plan",
        "关于转发省发展改革委《山东省数字经济发展规划(2021-2025年)》的通知",
        "關於轉發省發展改革委《山東省數字經濟發展規劃(2021-2025年)》的通知",
        2025,
    ),
    (
        "cited-document-year",
        "关于贯彻落实《国务院关于2019年深化改革的意见》的实施意见",
        "關於貫徹落實《國務院關於2019年深化改革的意見》的實施意見",
        None,
    ),
]


@pytest.mark.parametrize(("title", "expected"), _both(TITLE_CASES))
def test_title_year(title: str, expected: int | None) -> None:
    assert frames.title_year(_n(title)) == expected


HEADING_CASES = [
    ("one-year", "三、2024年重点任务", "三、2024年重點任務", 2024),
    ("period", "二、行动目标（2023—2025年）", "二、行動目標（2023—2025年）", 2025),
    ("no-year", "一、发展基础", "一、發展基礎", None),
]


@pytest.mark.parametrize(("heading", "expected"), _both(HEADING_CASES))
def test_heading_year(heading: str, expected: int | None) -> None:
    assert frames.heading_year(_n(heading)) == expected


GOAL_HEADING_CASES = [
    ("main-goals", "（一）主要目标", "（一）主要目標", True),
    ("action-goals", "二、行动目标", "二、行動目標", True),
    ("safeguards", "五、组织保障", "五、組織保障", False),
    ("foundation", "一、发展基础", "一、發展基礎", False),
]


@pytest.mark.parametrize(("heading", "expected"), _both(GOAL_HEADING_CASES))
def test_is_goal_heading(heading: str, expected: bool) -> None:
    assert frames.is_goal_heading(_n(heading)) is expected


GOAL_HEAD_CASES = [
    (
        "specific-goals-as-follows",
        "到2025年，全省数字政府建设取得明显成效，具体目标如下：",
        "到2025年，全省數字政府建設取得明顯成效，具體目標如下：",
        True,
    ),
    ("main-goals-are", "到2025年，主要目标是：", "到2025年，主要目標是：", True),
    (
        "plain-task",
        "加快推进医疗卫生机构信息化建设，提升远程医疗服务能力。",
        "加快推進醫療衛生機構信息化建設，提升遠程醫療服務能力。",
        False,
    ),
]


@pytest.mark.parametrize(("text", "expected"), _both(GOAL_HEAD_CASES))
def test_is_goal_head(text: str, expected: bool) -> None:
    assert frames.is_goal_head(_n(text)) is expected


# (id, (simplified text, issuer), (traditional text, issuer), expected region)
REGION_CASES = [
    (
        "city-text",
        (
            "为加快推进我市智慧交通发展，结合杭州实际，制定本方案。到2025年，全市公共交通机动化出行分担率达到65%，"
            "杭州都市圈交通一体化水平明显提升。",
            None,
        ),
        (
            (
                "爲加快推進我市智慧交通發展，結合杭州實際，制定本方案。到2025年，全市公共交通機動化出行分擔率達到65%，"
                "杭州都市圈交通一體化水平明顯提升。"
            ),
            None,
        ),
        "杭州市",
    ),
    (
        "province-text",
        (
            "为推动全省数字农业高质量发展，结合四川实际，制定本方案。到2025年，我省农业生产信息化率达到30%，"
            "四川数字农业发展水平走在西部前列。",
            None,
        ),
        (
            (
                "爲推動全省數字農業高質量發展，結合四川實際，制定本方案。到2025年，我省農業生產信息化率達到30%，"
                "四川數字農業發展水平走在西部前列。"
            ),
            None,
        ),
        "四川省",
    ),
    (
        "national-text",
        ("各省、自治区、直辖市人民政府，国务院各部委、各直属机构：为加快推进跨境贸易便利化，现提出如下意见。", None),
        ("各省、自治區、直轄市人民政府，國務院各部委、各直屬機構：爲加快推進跨境貿易便利化，現提出如下意見。", None),
        "全国",
    ),
    (
        "issuer-line",
        (
            "各区（市）县人民政府，市政府各部门：现将《关于加快智慧医院建设的实施方案》印发给你们，请认真贯彻执行。",
            "成都市人民政府办公厅",
        ),
        (
            "各區（市）縣人民政府，市政府各部門：現將《關於加快智慧醫院建設的實施方案》印發給你們，請認真貫徹執行。",
            "成都市人民政府辦公廳",
        ),
        "成都市",
    ),
]


@pytest.mark.parametrize(("document", "expected"), _both(REGION_CASES))
def test_document_region(document: tuple[str, str | None], expected: str) -> None:
    text, issuer = document
    assert frames.document_region(_n(text), issuer=_n(issuer)) == expected
