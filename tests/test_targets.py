"""Quantified goals in gazette sentences of the seeds' kind (environment plans), simplified and
traditional, read as GUIDELINES.md says: values and units as written, 万 kept in the unit."""

from __future__ import annotations

import pytest

from orchestration.parsing.normalise import normalise_fragment
from orchestration.parsing.targets import extract_targets


def _goals(text: str, document_year: int | None = 2018) -> list[tuple]:
    return [
        (t.metric, t.comparator, t.value, t.unit, t.target_year, t.baseline_year, t.region_hint)
        for t in extract_targets(normalise_fragment(text), None, document_year)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "到2020年,全市PM2.5平均浓度控制在35微克/立方米以内。",
            [("PM2.5平均浓度", "at_most", 35.0, "微克/立方米", 2020, None, "全市")],
        ),
        (
            "到2020年,全市$PM_{2.5}$平均濃度控制在35微克每立方米以內。",
            [("PM2.5平均浓度", "at_most", 35.0, "微克/立方米", 2020, None, "全市")],
        ),
        ("全市森林覆盖率稳定在48%以上。", [("森林覆盖率", "at_least", 48.0, "%", None, None, "全市")]),
        ("今年全省外贸进出口总额增长3%左右。", [("外贸进出口总额", "increase_by", 3.0, "%", 2018, None, "全省")]),
        ("全年粮食播种面积稳定在1.25亿亩以上。", [("粮食播种面积", "at_least", 1.25, "亿亩", None, None, None)]),
        ("全市森林覆蓋率穩定在百分之六十以上。", [("森林覆盖率", "at_least", 60.0, "%", None, None, "全市")]),
        (
            "到2017年,全省化学需氧量、氨氮排放总量分别比2015年下降10%、9%。",
            [
                ("化学需氧量", "reduce_by", 10.0, "%", 2017, 2015, "全省"),
                ("氨氮排放总量", "reduce_by", 9.0, "%", 2017, 2015, "全省"),
            ],
        ),
        (
            "到2020年,城市和縣城污水處理率分別達到95%、90%。",
            [
                ("城市污水处理率", "equal", 95.0, "%", 2020, None, None),
                ("县城污水处理率", "equal", 90.0, "%", 2020, None, None),
            ],
        ),
        (
            "单位GDP能耗、二氧化硫排放量均比2015年下降22%以上。",
            [
                ("单位GDP能耗", "reduce_by", 22.0, "%", None, 2015, None),
                ("二氧化硫排放量", "reduce_by", 22.0, "%", None, 2015, None),
            ],
        ),
        (
            "地表水考核断面I—III类水质比例比2015年上升3个百分点。",
            [("地表水考核断面I—III类水质比例", "increase_by", 3.0, "个百分点", None, 2015, None)],
        ),
        ("“十三五”期间,全市煤炭消费总量下降5%。", [("煤炭消费总量", "reduce_by", 5.0, "%", 2020, None, "全市")]),
        (
            "到2020年,天然气消费总量达到28.9亿立方米。",
            [("天然气消费总量", "equal", 28.9, "亿立方米", 2020, None, None)],
        ),
        ("年底前建成充电桩1.4万个。", [("充电桩", "equal", 1.4, "万个", 2018, None, None)]),
        ("年底前新增充電樁兩千個。", [("充电桩", "equal", 2000.0, "个", 2018, None, None)]),
        ("到2020年,新建城镇污水处理厂三座。", [("城镇污水处理厂", "equal", 3.0, "座", 2020, None, None)]),
        (
            "年用水总量和城市生活垃圾总量实现零增长。",
            [
                ("年用水总量", "increase_by", 0.0, "%", None, None, None),
                ("城市生活垃圾总量", "increase_by", 0.0, "%", None, None, None),
            ],
        ),
        ("禁止新建35蒸吨以下燃煤锅炉。", []),
        ("淘汰10蒸吨/小时及以下燃煤锅炉。", []),
        ("2017年全省已完成300个项目。", []),
        ("落实“水十条”,确保两个100%。", []),
        ("特别重大大面积停电事件:全省电网减供负荷13%以上30%以下。", []),
    ],
)
def test_goals(text: str, expected: list[tuple]) -> None:
    assert _goals(text) == expected


def test_a_scope_count_inside_the_metric_is_not_a_goal() -> None:
    goals = _goals("全省11个设区市PM2.5年均浓度控制在43微克/立方米以下。")
    assert [(g[1], g[2], g[3]) for g in goals] == [("at_most", 43.0, "微克/立方米")]
    assert "PM2.5年均浓度" in goals[0][0]


def test_a_bare_head_takes_the_subject_named_before() -> None:
    goals = _goals("到2017年,全省海洋保护区数量达到15个左右,面积达到管辖海域的7%以上。")
    assert [(g[0], g[1], g[2], g[3], g[4]) for g in goals] == [
        ("海洋保护区数量", "approx", 15.0, "个", 2017),
        ("海洋保护区面积占管辖海域比例", "at_least", 7.0, "%", 2017),
    ]


def test_an_aside_in_brackets_states_goals_of_its_own() -> None:
    goals = _goals("2018年火灾起数和死亡人数较前三年平均数分别下降20%(火灾起数不超过2462起、亡人不超过6人)。")
    assert [(g[0], g[1], g[2], g[3]) for g in goals] == [
        ("火灾起数", "reduce_by", 20.0, "%"),
        ("死亡人数", "reduce_by", 20.0, "%"),
        ("火灾起数", "at_most", 2462.0, "起"),
        ("亡人", "at_most", 6.0, "人"),
    ]


@pytest.mark.parametrize(
    ("text", "keyword", "region"),
    [
        ("到2020年,危险废物规范化管理达标率达到90%。", "规范化管理达标率", None),  # 达标 is not the verb 达
        ("到2020年,危險廢物規範化管理達標率達到90%。", "规范化管理达标率", None),
        ("城市、农村生活垃圾分类覆盖面分别达90%、80%以上。", "农村生活垃圾分类覆盖面", None),  # 农村 is no region
        ("到2020年,县城污水处理率达到90%以上。", "污水处理率", "县城"),  # a scope standing as subject
    ],
)
def test_metrics_are_whole_noun_phrases_and_regions_real_scopes(text: str, keyword: str, region: str | None) -> None:
    goals = extract_targets(normalise_fragment(text), None, 2018)
    assert any(keyword in g.metric for g in goals)
    assert all(g.region_hint in (None, region) for g in goals)
    assert all(g.comparator in ("equal", "at_least") for g in goals)
