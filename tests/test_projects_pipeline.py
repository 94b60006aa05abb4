"""Project tables of other cities, simplified and traditional (Big5), end to end through dbt and GX."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import opencc
import pytest

from tests.conftest import FIXTURES, build_ok, query

# builds a warehouse of its own (make test-all)
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    source = tmp_path_factory.mktemp("projects")
    simplified = (FIXTURES / "project_tables_tsv.txt").read_text(encoding="utf-8")
    (source / "ningbo.txt").write_text(simplified, encoding="utf-8")
    traditional = opencc.OpenCC("s2tw").convert((FIXTURES / "project_table_lines.txt").read_text(encoding="utf-8"))
    (source / "jiaxing-big5.txt").write_bytes(traditional.encode("big5"))
    return build_ok(source, tmp_path_factory.mktemp("wh") / "gazette.duckdb")


def test_projects_from_both_layouts(fixture_build: tuple[Path, str]) -> None:
    warehouse, _ = fixture_build
    rows = query(
        warehouse,
        "select table_title, seq, name, category, start_month, end_month, length_km, total_investment_cny, "
        "invested_before_cny, planned_investment_cny, responsible_units from marts.fct_facility_projects "
        "where table_title like '%燃气%' or table_title like '%乡村%' order by table_title, seq",
    )
    assert rows == [
        (
            "嘉兴市美丽乡村建设重点项目表",
            1,
            "农村生活污水治理项目",
            "农村环境整治项目",
            dt.date(2019, 1, 1),
            dt.date(2021, 12, 1),
            None,
            None,
            None,
            None,
            ["市建设局", "市农业农村局"],
        ),
        (
            "嘉兴市美丽乡村建设重点项目表",
            2,
            "垃圾分类项目",
            "农村环境整治项目",
            dt.date(2019, 1, 1),
            dt.date(2020, 12, 1),
            None,
            None,
            None,
            None,
            ["市综合执法局"],
        ),
        (
            "嘉兴市美丽乡村建设重点项目表",
            3,
            "特色小镇培育项目",
            "产业发展项目",
            dt.date(2019, 1, 1),
            dt.date(2022, 12, 1),
            None,
            None,
            None,
            None,
            ["市发改委", "市经信委"],
        ),
        (
            "宁波市城市燃气设施项目表",
            1,
            "镇海高压管线",
            "高压管线",
            dt.date(2018, 6, 1),
            dt.date(2019, 12, 1),
            12.5,
            5000e4,
            500e4,
            4600e4,
            ["市发改委", "镇海区政府"],
        ),
        (
            "宁波市城市燃气设施项目表",
            2,
            "北仑门站",
            "高压管线",
            dt.date(2019, 1, 1),
            dt.date(2020, 12, 1),
            None,
            4000e4,
            None,
            3500e4,
            ["北仑区人民政府"],
        ),
        (
            "宁波市城市燃气设施项目表",
            3,
            "鄞州加气站",
            "加气站",
            dt.date(2020, 1, 1),
            dt.date(2020, 12, 1),
            None,
            2000e4,
            None,
            2000e4,
            ["鄞州区人民政府"],
        ),
        (
            "宁波市城市燃气设施项目表",
            4,
            "奉化加气站",
            "加气站",
            dt.date(2019, 3, 1),
            dt.date(2019, 10, 1),
            None,
            1000e4,
            None,
            1000e4,
            ["奉化区人民政府"],
        ),
    ]


def test_totals_reconcile_and_the_overshoot_is_flagged(fixture_build: tuple[Path, str]) -> None:
    warehouse, run_id = fixture_build
    assert query(warehouse, "select count(*) from marts.fct_table_totals where not reconciles") == [(0,)]
    measures = query(
        warehouse,
        "select table_title, row_kind, category, measure, stated_value from marts.fct_table_totals "
        "where table_title = '宁波市工业园区整合表' order by row_kind, category nulls first, measure",
    )
    assert measures == [
        ("宁波市工业园区整合表", "category", "北仑区", "项目数", 1.0),
        ("宁波市工业园区整合表", "category", "镇海区", "项目数", 2.0),
        ("宁波市工业园区整合表", "subtotal", "北仑区", "规划面积(亩)", 500.0),
        ("宁波市工业园区整合表", "subtotal", "镇海区", "规划面积(亩)", 3000.0),
        ("宁波市工业园区整合表", "total", None, "规划面积(亩)", 3500.0),
        ("宁波市工业园区整合表", "total", None, "项目数", 3.0),
    ]
    flagged = query(
        warehouse,
        "select p.name, f.detail from quality.flagged_rows f join marts.fct_facility_projects p "
        "on p.project_id = f.row_key where f.run_id = ?",
        [run_id],
    )
    assert [name for name, _ in flagged] == ["镇海高压管线"]
    assert "by 1,000,000 yuan" in flagged[0][1]


def test_fundings_link_to_projects(fixture_build: tuple[Path, str]) -> None:
    warehouse, _ = fixture_build
    fundings = query(
        warehouse,
        "select p.name, f.kind, f.amount_cny, f.amount_text, f.unit from marts.fct_fundings f "
        "join marts.fct_facility_projects p using (project_id) where p.seq = 1 and p.table_title like '%燃气%' "
        "order by f.kind",
    )
    assert fundings == [
        ("镇海高压管线", "invested_to_date", 500e4, "500", "万元"),
        ("镇海高压管线", "planned_investment", 4600e4, "4600", "万元"),
        ("镇海高压管线", "total_investment", 5000e4, "5000", "万元"),
    ]
