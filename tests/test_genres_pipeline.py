"""Three genres a gazette prints besides plans, end to end: a notice issuing a year's work points
(roles written as sentences, the plan year only in the 《》 of its title), a statistical bulletin
(every figure a statistic), and a government work report (the past reviewed, then this year's
goals). The bulletin comes in GB18030. Expected rows are read by hand from the fixtures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, build_ok, query

# builds a warehouse of its own (make test-all)
pytestmark = pytest.mark.slow

GENRES = FIXTURES / "genres"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("genres")
    for path in GENRES.iterdir():
        text = path.read_text(encoding="utf-8")
        encoding = "gb18030" if path.stem == "statistical_bulletin" else "utf-8"
        (source / path.name).write_bytes(text.encode(encoding))
    built, _ = build_ok(source, tmp_path_factory.mktemp("wh") / "gazette.duckdb")
    return built


def _targets(warehouse: Path, source_file: str) -> list[tuple]:
    return query(
        warehouse,
        "select metric, comparator, value, unit, target_year from marts.fct_targets "
        "join marts.dim_documents using (document_id) where source_file = ? order by metric, value",
        [source_file],
    )


def test_a_statistical_bulletin_sets_no_goals(warehouse: Path) -> None:
    documents = "select count(*) from marts.dim_documents where source_file = 'statistical_bulletin.txt'"
    assert query(warehouse, documents) == [(1,)]
    assert _targets(warehouse, "statistical_bulletin.txt") == []


def test_a_work_report_sets_this_years_goals_not_last_years(warehouse: Path) -> None:
    goals = _targets(warehouse, "work_report.txt")
    assert ("研发经费投入强度", "at_least", 2.8, "%", 2027) in goals
    assert ("地区生产总值", "at_least", 10.0, "万亿元", 2027) in goals
    assert ("地区生产总值", "increase_by", 5.0, "%", 2023) in goals
    assert ("单位GDP能耗", "reduce_by", 2.5, "%", 2023) in goals
    assert any(g[2:] == (1100.0, "亿斤", 2023) and g[1] == "at_least" for g in goals)  # 粮食产量稳定在1100亿斤以上
    reviewed = {3.9, 6.3, 124.2, 16.2, 1108.8, 37.0, 72.4, 8.7, 5.8, 7104.0, 4.2}  # the review section's figures
    assert not [g for g in goals if g[2] in reviewed]


def test_work_points_take_the_year_of_the_plan_their_notice_issues(warehouse: Path) -> None:
    goals = _targets(warehouse, "work_points.txt")
    assert ("人均预期寿命", "equal", 78.5, "岁", 2023) in goals
    assert ("孕产妇死亡率", "at_most", 9.0, "/10万", 2023) in goals
    assert ("婴儿死亡率", "at_most", 4.0, "‰", 2023) in goals
    assert ("县域内就诊率", "at_least", 90.0, "%", 2023) in goals


def test_roles_written_as_sentences_assign_their_tasks(warehouse: Path) -> None:
    tasks = query(
        warehouse,
        "select lead_agencies, supporting_agencies, deadline from marts.fct_tasks "
        "join marts.dim_documents using (document_id) where source_file = 'work_points.txt' order by line_no",
    )
    assert tasks == [
        (["省卫生健康委"], ["省财政厅", "省医保局"], None),
        (["省疾控局"], ["省发展改革委", "省财政厅"], dt.date(2023, 12, 31)),
        (["省卫生健康委", "各市州人民政府"], [], None),
        (["省卫生健康委", "省大数据中心"], [], None),
    ]
