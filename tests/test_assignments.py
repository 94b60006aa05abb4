"""Responsibility clauses, agency names and deadlines, in simplified and traditional script."""

from __future__ import annotations

import datetime as dt

import pytest

from orchestration.parsing.assignments import clean_agency, deadline, is_group, parse_assignment
from orchestration.parsing.normalise import normalise_fragment


def _roles(text: str) -> tuple[list[str], list[str], list[str], list[str], bool] | None:
    found = parse_assignment(normalise_fragment(text))
    if found is None:
        return None
    return found.lead, found.support, found.responsible, found.standing, found.first_is_lead


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "(责任单位:省环保厅、省经信委牵头,省发展改革委、省国土资源厅等参与)",
            (["省环保厅", "省经信委"], ["省发展改革委", "省国土资源厅等"], [], [], False),
        ),
        (
            "(責任單位:省環保廳、省經信委牽頭,省發展改革委、省國土資源廳等參與)",
            (["省环保厅", "省经信委"], ["省发展改革委", "省国土资源厅等"], [], [], False),
        ),
        (
            "(牵头单位:市发改委;配合单位:市建设局、市公用事业集团)",
            (["市发改委"], ["市建设局", "市公用事业集团"], [], [], False),
        ),
        (
            "(牽頭單位:市發改委;配合單位:市建設局、市公用事業集團)",
            (["市发改委"], ["市建设局", "市公用事业集团"], [], [], False),
        ),
        (
            "〔市生态环境局牵头,市发展和改革局、工业和信息化局参与〕",
            (["市生态环境局"], ["市发展和改革局", "工业和信息化局"], [], [], False),
        ),
        (
            "牵头单位:经信委;责任单位:发改委、市场监管局",
            (["经信委"], ["发改委", "市场监管局"], [], [], False),
        ),
        ("(责任单位:各区、县(市)人民政府,市级有关部门)", ([], [], ["各区、县(市)人民政府", "市级有关部门"], [], False)),
        (
            "(责任单位:省编委办、省法制办。列第一位的为牵头单位,下同)",
            ([], [], ["省编委办", "省法制办"], [], True),
        ),
        (
            "(责任单位:省环保厅牵头,地方各级人民政府负责落实。以下各项工作均需地方各级人民政府落实,不再列出)",
            (["省环保厅"], ["地方各级人民政府"], [], ["地方各级人民政府"], False),
        ),
        ("推进治水(2018年),完成50个项目。", None),
        ("各地要加强组织领导。", None),
    ],
)
def test_assignment_patterns(text: str, expected) -> None:
    assert _roles(text) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("省国土资源厅等", ("省国土资源厅", None, True)),
        ("市公安局(机动车)", ("市公安局", "机动车", False)),
        ("各区、县(市)人民政府", ("各区、县(市)人民政府", None, False)),
        ("市政府办公室6月底前完成", ("市政府办公室", None, False)),
        ("滨海新城管委会〔下同〕", ("滨海新城管委会", None, False)),
    ],
)
def test_clean_agency(name: str, expected: tuple) -> None:
    assert clean_agency(name) == expected


def test_groups() -> None:
    assert is_group("各区、县(市)人民政府") and is_group("市级有关部门") and is_group("地方各级人民政府")
    assert not is_group("市环保局")


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("2016年底前,完成整治", 2016, dt.date(2016, 12, 31)),
        ("9月底前完成清理", 2018, dt.date(2018, 9, 30)),
        ("9月底前完成清理", None, None),
        ("到2020年,全市基本消除", 2018, dt.date(2020, 12, 31)),
        ("2018年7月底前出台办法", 2018, dt.date(2018, 7, 31)),
        ("2019年6月30日前完成", 2018, dt.date(2019, 6, 30)),
        ("年底前全面完成", 2017, dt.date(2017, 12, 31)),
        ("2018年9月底前建成管道,到2020年全面建成", 2018, dt.date(2018, 9, 30)),
        ("加強組織領導", 2018, None),
    ],
)
def test_deadlines(text: str, year: int | None, expected: dt.date | None) -> None:
    assert deadline(normalise_fragment(text), year) == expected
