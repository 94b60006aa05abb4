"""A provincial issue from another province, in GB18030, end to end: documents, goals, tasks, money."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, build_ok, query

# builds a warehouse of its own (make test-all)
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def guangdong(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("gd")
    text = (FIXTURES / "issue_guangdong.txt").read_text(encoding="utf-8")
    (source / "广东省人民政府公报2019-8.txt").write_bytes(text.encode("gb18030"))
    warehouse, _ = build_ok(source, tmp_path_factory.mktemp("wh") / "gazette.duckdb")
    return warehouse


def test_documents(guangdong: Path) -> None:
    assert query(guangdong, "select doc_number, issued_date from marts.dim_documents order by 1") == [
        ("粤府办〔2019〕3号", dt.date(2019, 2, 28)),
        ("粤府办〔2019〕4号", dt.date(2019, 3, 8)),
    ]


def test_goals(guangdong: Path) -> None:
    goals = query(
        guangdong,
        "select region, metric, comparator, value, unit, target_year from marts.fct_targets "
        "where metric in ('PM2.5年均浓度', '空气质量优良天数比例', '城市污水处理率') order by metric, region",
    )
    assert goals == [
        ("广东省", "PM2.5年均浓度", "at_most", 33.0, "微克/立方米", 2020),
        ("县城", "城市污水处理率", "at_least", 90.0, "%", 2020),  # 县城达到90%以上: the metric carries over
        ("广东省", "城市污水处理率", "at_least", 95.0, "%", 2020),
        ("广东省", "空气质量优良天数比例", "equal", 92.5, "%", 2020),
    ]


def test_tasks_and_money(guangdong: Path) -> None:
    tasks = query(
        guangdong,
        "select lead_agencies, supporting_agencies, deadline from marts.fct_tasks order by line_no",
    )
    assert tasks[0][:2] == (["省生态环境厅"], ["省发展改革委", "省工业和信息化厅"])
    assert tasks[1] == (["省发展改革委"], ["省生态环境厅", "市场监管局"], dt.date(2019, 12, 31))
    assert tasks[2][0] == ["省住房城乡建设厅"]
    money = query(guangdong, "select amount_cny, kind from marts.fct_fundings")
    assert money == [(1.5e9, "allocation")]
