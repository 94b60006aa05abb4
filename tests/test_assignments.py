"""Responsibility clauses, agency names and deadlines, in simplified and traditional script."""

from __future__ import annotations

import datetime as dt

import pytest

from orchestration.parsing.agencies import (
    agency_scope,
    clean_agency,
    group_key,
    is_group,
    is_well_formed,
    split_units,
)
from orchestration.parsing.assignments import (
    deadline,
    may_assign,
    opens_with_label,
    paragraph_tasks,
    parse_assignment,
    states_rule,
)
from orchestration.parsing.normalise import normalise_fragment
from tests.conftest import both_scripts

# (id, simplified, traditional, (lead, support, responsible, standing, first_is_lead) or None);
# names as written: 等 and role notes are read by agencies.clean_agency in the marts
CLAUSES = [
    (
        "label-with-verbs",
        "(责任单位:省环保厅、省经信委牵头,省发展改革委、省国土资源厅等参与)",
        "(責任單位:省環保廳、省經信委牽頭,省發展改革委、省國土資源廳等參與)",
        (["省环保厅", "省经信委"], ["省发展改革委", "省国土资源厅等"], [], [], False),
    ),
    (
        "lead-and-support-labels",
        "(牵头单位:市发改委;配合单位:市建设局、市公用事业集团)",
        "(牽頭單位:市發改委;配合單位:市建設局、市公用事業集團)",
        (["市发改委"], ["市建设局", "市公用事业集团"], [], [], False),
    ),
    (
        "verbs-without-label-shared-level",
        "〔市生态环境局牵头,市发展和改革局、工业和信息化局参与〕",
        "〔市生態環境局牽頭,市發展和改革局、工業和信息化局參與〕",
        (["市生态环境局"], ["市发展和改革局", "市工业和信息化局"], [], [], False),
    ),
    (
        "label-line",
        "牵头单位:经信委;责任单位:发改委、市场监管局",
        "牽頭單位:經信委;責任單位:發改委、市場監管局",
        (["经信委"], ["发改委", "市场监管局"], [], [], False),
    ),
    (
        "bare-list-groups-whole",
        "(责任单位:各区、县(市)人民政府,市级有关部门)",
        "(責任單位:各區、縣(市)人民政府,市級有關部門)",
        ([], [], ["各区、县(市)人民政府", "市级有关部门"], [], False),
    ),
    (
        "first-listed-leads",
        "(责任单位:省编委办、省法制办。列第一位的为牵头单位,下同)",
        "(責任單位:省編委辦、省法制辦。列第一位的為牽頭單位,下同)",
        ([], [], ["省编委办", "省法制办"], [], True),
    ),
    (
        "first-listed-leads-fuze",
        "(省委教育工委、省委宣传部、团省委负责,列第一位者为牵头部门,下同)",
        "(省委教育工委、省委宣傳部、團省委負責,列第一位者為牽頭部門,下同)",
        ([], [], ["省委教育工委", "省委宣传部", "团省委"], [], True),
    ),
    (
        "standing-instruction",
        "(责任单位:省环保厅牵头,地方各级人民政府负责落实。以下各项工作均需地方各级人民政府落实,不再列出)",
        "(責任單位:省環保廳牽頭,地方各級人民政府負責落實。以下各項工作均需地方各級人民政府落實,不再列出)",
        (["省环保厅"], ["地方各级人民政府"], [], ["地方各级人民政府"], False),
    ),
    (
        "x-fuze",
        "(国家卫生健康委负责)",
        "(國家衛生健康委負責)",
        ([], [], ["国家卫生健康委"], [], False),
    ),
    (
        "lead-then-duties-by-division",
        "(省大数据局牵头,省委组织部、省财政厅按职责分工负责)",
        "(省大數據局牽頭,省委組織部、省財政廳按職責分工負責)",
        (["省大数据局"], ["省委组织部", "省财政厅"], [], [], False),
    ),
    (
        "duties-by-division-alone",
        "(省贸促会、省商务厅按职责分工负责)",
        "(省貿促會、省商務廳按職責分工負責)",
        ([], [], ["省贸促会", "省商务厅"], [], False),
    ),
    (
        "generic-members-kept",
        "(国家卫生健康委、国务院办公厅牵头,相关部门及各地区按职责分工负责)",
        "(國家衛生健康委、國務院辦公廳牽頭,相關部門及各地區按職責分工負責)",
        (["国家卫生健康委", "国务院办公厅"], ["相关部门", "各地区"], [], [], False),
    ),
    (
        "trailing-etc-dropped",
        "(商务部、民政部、国家卫生健康委等相关部门按职责分工负责)",
        "(商務部、民政部、國家衛生健康委等相關部門按職責分工負責)",
        ([], [], ["商务部", "民政部", "国家卫生健康委等相关部门"], [], False),
    ),
    (
        "lead-label-then-responsible-label",
        "(牵头单位:市发改委,责任单位:市建设局、市财政局)",
        "(牽頭單位:市發改委,責任單位:市建設局、市財政局)",
        (["市发改委"], ["市建设局", "市财政局"], [], [], False),
    ),
    (
        "assessment-list-item",
        "(2024年6月底前,牵头考核单位:市委组织部、市人力社保局)",
        "(2024年6月底前,牽頭考核單位:市委組織部、市人力社保局)",
        (["市委组织部", "市人力社保局"], [], [], [], False),
    ),
    (
        "lead-then-implements",
        "(省大数据局牵头,省有关部门具体实施)",
        "(省大數據局牽頭,省有關部門具體實施)",
        (["省大数据局"], ["省有关部门"], [], [], False),
    ),
    (
        "same-below-marks-standing",
        "(责任单位:各区、县〔市〕政府,滨海新城管委会〔下同〕;牵头单位:市发改委;配合单位:市建设局)",
        "(責任單位:各區、縣〔市〕政府,濱海新城管委會〔下同〕;牽頭單位:市發改委;配合單位:市建設局)",
        (
            ["市发改委"],
            ["各区、县〔市〕政府", "滨海新城管委会", "市建设局"],
            [],
            ["各区、县〔市〕政府", "滨海新城管委会"],
            False,
        ),
    ),
    (
        "standing-above-a-table",
        "(以下各项工作的责任单位均为各区、县(市)人民政府,滨海新城管委会)",
        "(以下各項工作的責任單位均為各區、縣(市)人民政府,濱海新城管委會)",
        ([], [], [], ["各区、县(市)人民政府", "滨海新城管委会"], False),
    ),
    (
        "together-with",
        "(科技部会同有关部门负责)",
        "(科技部會同有關部門負責)",
        (["科技部"], ["有关部门"], [], [], False),
    ),
    (
        "by-division-without-fuze",
        "(省商务厅牵头,省贸促会按职责分工)",
        "(省商務廳牽頭,省貿促會按職責分工)",
        (["省商务厅"], ["省贸促会"], [], [], False),
    ),
    (
        "time-limit-beside-the-units",
        "(市委宣传部、市网信办按职责分工负责,2024年底前完成)",
        "(市委宣傳部、市網信辦按職責分工負責,2024年底前完成)",
        ([], [], ["市委宣传部", "市网信办"], [], False),
    ),
    (
        "ministry-divisions",
        "(牵头司局:规划司;配合司局:财务司、科技司)",
        "(牽頭司局:規劃司;配合司局:財務司、科技司)",
        (["规划司"], ["财务司", "科技司"], [], [], False),
    ),
    (
        "comma-inside-the-supporting-list",
        "(省发展改革委牵头,省工业和信息化厅、省数据局,各设区市人民政府按职责分工负责)",
        "(省發展改革委牽頭,省工業和信息化廳、省數據局,各設區市人民政府按職責分工負責)",
        (["省发展改革委"], ["省工业和信息化厅", "省数据局", "各设区市人民政府"], [], [], False),
    ),
    (
        "a-body-outside-the-vocabulary",
        "(人才交流中心牵头,信息通信管理局、工业互联网产业联盟配合)",
        "(人才交流中心牽頭,信息通信管理局、工業互聯網產業聯盟配合)",
        (["人才交流中心"], ["信息通信管理局", "工业互联网产业联盟"], [], [], False),
    ),
    (
        "assessment-support-label-and-inner-weight",
        "(2分,牵头考核单位:市住建局;配合考核单位:市城管委、市交通运输局)",
        "(2分,牽頭考核單位:市住建局;配合考核單位:市城管委、市交通運輸局)",
        (["市住建局"], ["市城管委", "市交通运输局"], [], [], False),
    ),
    (
        "first-ranked-leads",
        "(责任单位:市发改委、市财政局,排在第一位的为牵头单位,下同)",
        "(責任單位:市發改委、市財政局,排在第一位的為牽頭單位,下同)",
        ([], [], ["市发改委", "市财政局"], [], True),
    ),
    (
        "standing-for-tasks",
        "(以下各项任务均需各区人民政府落实,不再列出。)",
        "(以下各項任務均需各區人民政府落實,不再列出。)",
        ([], [], [], ["各区人民政府"], False),
    ),
    (
        "label-with-a-time-limit",
        "(责任单位:市发改委,2024年6月底前完成)",
        "(責任單位:市發改委,2024年6月底前完成)",
        ([], [], ["市发改委"], [], False),
    ),
    ("enterprise-is-no-agency", "(企业负责)", "(企業負責)", None),
    ("applicant-is-no-agency", "(申报单位负责)", "(申報單位負責)", None),
    ("year-aside", "推进治水(2018年),完成50个项目。", "推進治水(2018年),完成50個項目。", None),
    ("exhortation", "各地要加强组织领导。", "各地要加強組織領導。", None),
    (
        "sentence-of-roles-without-brackets",
        "省疾控局牵头,省发展改革委、省财政厅配合,2023年12月底前完成。",
        "省疾控局牽頭,省發展改革委、省財政廳配合,2023年12月底前完成。",
        (["省疾控局"], ["省发展改革委", "省财政厅"], [], [], False),
    ),
    (
        "sentence-of-roles-opening-with-you",
        "日常工作由市综合执法局牵头。",
        "日常工作由市綜合執法局牽頭。",
        (["市综合执法局"], [], [], [], False),
    ),
    (
        "prose-ending-in-a-verb-of-work",
        "加强组织领导,完善推进机制,以工程化方式推动任务落实。",
        "加強組織領導,完善推進機制,以工程化方式推動任務落實。",
        None,
    ),
    (
        "prose-naming-an-agency-and-more",
        "本细则涉及的政策资金,由崂山区政府负责组织实施。",
        "本細則涉及的政策資金,由嶗山區政府負責組織實施。",
        None,
    ),
    (
        "prose-with-a-role-word-inside",
        "各级主管部门要发挥牵头抓总、督促协调作用,加强工作协同。",
        "各級主管部門要發揮牽頭抓總、督促協調作用,加強工作協同。",
        None,
    ),
]


def _roles(text: str) -> tuple | None:
    found = parse_assignment(normalise_fragment(text))
    if found is None or not (found.lead or found.support or found.responsible or found.standing or found.first_is_lead):
        return None
    return found.lead, found.support, found.responsible, found.standing, found.first_is_lead


@pytest.mark.parametrize(("text", "expected"), both_scripts(CLAUSES))
def test_assignment_patterns(text: str, expected) -> None:
    assert _roles(text) == expected


PARAGRAPHS = [
    (
        "clauses-after-the-full-stop",
        ["(一)优化服务。", "推动通办。", "(省政府办公厅牵头)加强电子证照应用。", "(省司法厅牵头)"],
        ["(一)優化服務。", "推動通辦。", "(省政府辦公廳牽頭)加強電子證照應用。", "(省司法廳牽頭)"],
        [(2, "(一)优化服务。推动通办。", None), (3, "加强电子证照应用。", None)],
    ),
    (
        "weights-in-an-assessment-list",
        [
            "1.落实党建责任(0.5分)(全年,牵头考核单位:市委组织部)",
            "2.安全生产(1分)(牵头考核单位:市应急管理局)",
            "3.意识形态(2分,牵头考核单位:市委宣传部)",
            "4.信访工作(牵头考核单位:市信访局)(1.5分)",
        ],
        [
            "1.落實黨建責任(0.5分)(全年,牽頭考核單位:市委組織部)",
            "2.安全生產(1分)(牽頭考核單位:市應急管理局)",
            "3.意識形態(2分,牽頭考核單位:市委宣傳部)",
            "4.信訪工作(牽頭考核單位:市信訪局)(1.5分)",
        ],
        [(0, "1.落实党建责任", 0.5), (1, "2.安全生产", 1.0), (2, "3.意识形态", 2.0), (3, "4.信访工作", 1.5)],
    ),
    (
        "second-clause-on-a-line",
        ["4.加快建设。(市发改委牵头);加强宣传。(市委宣传部负责)"],
        ["4.加快建設。(市發改委牽頭);加強宣傳。(市委宣傳部負責)"],
        [(0, "4.加快建设。", None), (0, "加强宣传。", None)],
    ),
    (
        "a-sentence-of-roles-closes-its-task",
        [
            "(三)提升基层服务能力。",
            "每个乡镇卫生院配备全科医生。",
            "责任单位:省卫生健康委、各市州人民政府。",
            "推进智慧医疗。",
            "省卫生健康委牵头,省大数据中心配合。",
        ],
        [
            "(三)提升基層服務能力。",
            "每個鄉鎮衛生院配備全科醫生。",
            "責任單位:省衛生健康委、各市州人民政府。",
            "推進智慧醫療。",
            "省衛生健康委牽頭,省大數據中心配合。",
        ],
        [(2, "(三)提升基层服务能力。每个乡镇卫生院配备全科医生。", None), (4, "推进智慧医疗。", None)],
    ),
]


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        pytest.param(texts, expected, id=f"{case_id}-{script}")
        for case_id, simp, trad, expected in PARAGRAPHS
        for script, texts in (("simp", simp), ("trad", trad))
    ],
)
def test_each_clause_governs_the_text_since_the_previous(sentences: list[str], expected: list) -> None:
    tasks = paragraph_tasks([normalise_fragment(s) for s in sentences])
    assert [(t.sentence, t.task_text, t.weight) for t in tasks] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市发改委,上虞市政府、嵊州市政府", ["市发改委", "上虞市政府", "嵊州市政府"]),
        ("各区、县(市)人民政府", ["各区、县(市)人民政府"]),
        ("市经信委 市水利局\n市建设局", ["市经信委", "市水利局", "市建设局"]),
        ("市经信委绍兴电力局", ["市经信委", "绍兴电力局"]),
        ("市环保局市建设局", ["市环保局", "市建设局"]),
        ("市发展和改革局、工业和信息化局", ["市发展和改革局", "市工业和信息化局"]),
        ("省大数据局、团省委", ["省大数据局", "团省委"]),
        ("省级有关单位和市县两级政府", ["省级有关单位", "市县两级政府"]),
        ("各省、自治区、直辖市及计划单列市", ["各省、自治区、直辖市及计划单列市"]),
        ("各县(市)区人民政府", ["各县(市)区人民政府"]),
        ("各省级工业和信息化主管部门", ["各省级工业和信息化主管部门"]),
        ("科技司、信息通信管理局", ["科技司", "信息通信管理局"]),
        ("市治水办 消防支队 各区、县(市)人民政府", ["市治水办", "消防支队", "各区、县(市)人民政府"]),
        ("市市场监督管理局 团市委", ["市市场监督管理局", "团市委"]),
        ("各区、县(市)政府 滨海新城管委会", ["各区、县(市)政府", "滨海新城管委会"]),
        ("市政府办公室", ["市政府办公室"]),
        ("市环保局 市公安局(机动车) 市农业局(农机)", ["市环保局", "市公安局(机动车)", "市农业局(农机)"]),
    ],
)
def test_split_units(text: str, expected: list[str]) -> None:
    assert split_units(normalise_fragment(text)) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("省国土资源厅等", ("省国土资源厅", None, True)),
        ("国家卫生健康委等相关部门", ("国家卫生健康委", None, True)),
        ("市公安局(机动车)", ("市公安局", "机动车", False)),
        ("各区、县(市)人民政府", ("各区、县(市)人民政府", None, False)),
        ("市政府办公室6月底前完成", ("市政府办公室", None, False)),
        ("市级部门6月底", ("市级部门6月底", None, False)),  # a deadline cell, not an agency
        ("滨海新城管委会〔下同〕", ("滨海新城管委会", None, False)),
    ],
)
def test_clean_agency(name: str, expected: tuple) -> None:
    assert clean_agency(name) == expected


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("市环保局", True),
        ("各区、县(市)人民政府", True),
        ("省“十强产业”协调推进机制牵头部门", True),
        ("湖州保险协会", True),
        ("全年工作", False),
        ("市级部门6月底", False),
        ("市残联", True),
        ("规划司", True),
        ("省档案馆", True),
        ("县(市)", False),
        ("加快推进管网建设。", False),
        ("企业", False),
    ],
)
def test_well_formed_agency_names(name: str, ok: bool) -> None:
    assert is_well_formed(name) is ok


def test_groups() -> None:
    assert is_group("各区、县(市)人民政府") and is_group("市级有关部门") and is_group("地方各级人民政府")
    assert not is_group("市环保局")


@pytest.mark.parametrize(
    ("text", "year", "cell", "expected"),
    [
        ("2016年底前,完成整治", 2016, False, dt.date(2016, 12, 31)),
        ("9月底前完成清理", 2018, False, dt.date(2018, 9, 30)),
        ("9月底前完成清理", None, False, None),
        ("到2020年,全市基本消除", 2018, False, None),
        ("2018年7月底前出台办法", 2018, False, dt.date(2018, 7, 31)),
        ("2019年6月30日前完成", 2018, False, dt.date(2019, 6, 30)),
        ("年底前全面完成", 2017, False, dt.date(2017, 12, 31)),
        ("年内完成改造", 2017, False, dt.date(2017, 12, 31)),
        ("三年内完成改造", 2017, False, None),  # a duration, not this year
        ("2016年6月底前完成提标,2016年底前全面完成", None, False, dt.date(2016, 12, 31)),
        ("2018年9月底前建成管道,到2020年全面建成", 2018, False, dt.date(2018, 9, 30)),
        ("加強組織領導", 2018, False, None),
        ("2020 年", None, True, dt.date(2020, 12, 31)),
        ("2018年6月底", None, True, dt.date(2018, 6, 30)),
        ("2018-2020年", None, True, dt.date(2020, 12, 31)),
        ("全年工作", 2018, True, dt.date(2018, 12, 31)),
        ("長期堅持", 2018, True, None),
    ],
)
def test_deadlines(text: str, year: int | None, cell: bool, expected: dt.date | None) -> None:
    assert deadline(normalise_fragment(text), year, cell) == expected


@pytest.mark.parametrize(
    ("name", "document_region", "expected"),
    [
        ("省发改委", "绍兴市", ("province", "浙江省")),
        ("市环保局", "绍兴市", ("prefecture", "绍兴市")),
        ("越城区政府", "绍兴市", ("county", "越城区")),
        ("绍兴电力局", "绍兴市", ("prefecture", "绍兴市")),
        ("浙江海事局", "绍兴市", ("province", "浙江省")),
        ("东湖高新区管委会", "武汉市", ("prefecture", "武汉市")),  # not 东湖区 of 南昌
        ("国家发展改革委", "全国", ("national", "全国")),
        ("商务部", "全国", ("national", "全国")),
        ("省教育厅", "山东省", ("province", "山东省")),
    ],
)
def test_agency_level_and_region(name: str, document_region: str, expected: tuple) -> None:
    assert agency_scope(name, document_region) == expected


@pytest.mark.parametrize(
    "spellings",
    [
        ["各区、县(市)人民政府", "各区、县(市)政府", "各区、县〔市〕人民政府", "各区、縣〔市〕政府"],
        ["市级有关部门", "市級有關部門"],
    ],
)
def test_a_group_has_one_key_for_its_spellings(spellings: list[str]) -> None:
    assert len({group_key(normalise_fragment(s)) for s in spellings}) == 1


@pytest.mark.parametrize(
    ("text", "may", "rule", "label"),
    [
        ("(省环保厅牵头,省发展改革委参与)", True, False, False),
        ("牵头单位:市发改委;配合单位:市建设局", True, False, True),
        ("(以下各项工作的责任单位均为各区、县(市)人民政府)", True, True, False),
        ("(责任单位:省编委办。列第一位的为牵头单位,下同)", True, True, False),
        ("到2020年,全市天然气消费量达到10亿立方米。", False, False, False),
    ],
)
def test_sentence_cues_the_models_filter_on(text: str, may: bool, rule: bool, label: bool) -> None:
    assert (may_assign(text), states_rule(text), opens_with_label(text)) == (may, rule, label)
