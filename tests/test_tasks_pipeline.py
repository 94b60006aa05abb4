"""Tasks from inline clauses and a responsibility table, simplified and traditional (Big5), end to end."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import opencc
import pytest

from tests.conftest import FIXTURES, build_ok, query

TEXT = (FIXTURES / "tasks_mixed.txt").read_text(encoding="utf-8")
ASSESSMENT = (FIXTURES / "tasks_assessment.txt").read_text(encoding="utf-8")

CLAUSE_TASKS = [
    (
        "(一)淘汰燃煤锅炉。9月底前,全面淘汰10蒸吨/小时以下燃煤锅炉。",
        ["市发改委"],
        ["市生态环境局", "市市场监管局"],
        dt.date(2019, 9, 30),
    ),
    (
        "(二)推广清洁能源。到2020年,天然气消费量达到10亿立方米。",
        ["市发改委"],
        ["市住建局", "市交通运输局"],
        None,  # 到2020年 is the goal's year, not a time limit on the task
    ),
    (
        "(一)开展VOCs治理。2019年6月底前完成100家企业治理。",
        ["市生态环境局", "市经信局"],
        ["市应急管理局", "各县(市、区)政府"],
        dt.date(2019, 6, 30),
    ),
    (
        "(二)加强执法检查。年底前完成专项检查。",
        ["市生态环境局"],
        ["市公安局", "市综合执法局", "各县(市、区)政府"],
        dt.date(2019, 12, 31),
    ),
]
# 以下各项工作均需各县(市、区)政府落实 in the prose reaches the annex's table too
TABLE_TASKS = [
    (1, "完成燃煤锅炉淘汰。", ["市发改委"], ["市生态环境局", "各县(市、区)政府"], 3.0),
    (2, "建成天然气管道50公里。", ["市住建局"], ["市发改委", "各县(市、区)政府"], 3.0),
    (3, "完成VOCs治理。", ["市生态环境局"], ["各县(市、区)政府"], 2.0),
    (4, "开展执法检查。", ["市生态环境局", "市公安局"], ["各县(市、区)政府"], 2.0),
]


# builds two warehouses of its own (make test-all)
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=["simplified-utf8", "traditional-big5"])
def tasks_build(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    source = tmp_path_factory.mktemp("tasks")
    for name, text in (("wenzhou.txt", TEXT), ("jiaxing.txt", ASSESSMENT)):
        if request.param == "simplified-utf8":
            (source / name).write_text(text, encoding="utf-8")
        else:
            (source / name).write_bytes(opencc.OpenCC("s2tw").convert(text).encode("big5"))
    return build_ok(source, tmp_path_factory.mktemp("wh") / "gazette.duckdb")


def test_inline_clause_tasks(tasks_build: tuple[Path, str]) -> None:
    warehouse, _ = tasks_build
    rows = query(
        warehouse,
        "select task_text, lead_agencies, supporting_agencies, deadline from marts.fct_tasks "
        "where source = 'clause' and document_id in (select document_id from marts.dim_documents "
        "where source_file = 'wenzhou.txt') order by line_no",
    )
    assert rows == CLAUSE_TASKS


def test_table_tasks_with_triangle_leads_and_weights(tasks_build: tuple[Path, str]) -> None:
    warehouse, _ = tasks_build
    rows = query(
        warehouse,
        "select seq, task_text, lead_agencies, supporting_agencies, weight from marts.fct_tasks "
        "where source = 'table' and document_id in (select document_id from marts.dim_documents "
        "where source_file = 'wenzhou.txt') order by seq",
    )
    assert rows == TABLE_TASKS
    weights = query(
        warehouse,
        "select category, stated_value, computed_value, reconciles from marts.fct_table_totals "
        "where measure like '%权重%' order by category nulls first",
    )
    assert weights == [(None, 10.0, 10.0, True), ("工业治理(4分)", 4.0, 4.0, True), ("能源结构(6分)", 6.0, 6.0, True)]


def test_agencies_resolve_and_one_join_answers_who_leads_what(tasks_build: tuple[Path, str]) -> None:
    warehouse, run_id = tasks_build
    led = query(
        warehouse,
        "select t.task_text, t.deadline, t.weight from marts.fct_tasks t "
        "join marts.bridge_task_agencies b using (task_id) "
        "where b.short_name = '市生态环境局' and b.role = 'lead' order by t.source, t.line_no",
    )
    assert led == [
        ("(一)开展VOCs治理。2019年6月底前完成100家企业治理。", dt.date(2019, 6, 30), None),
        ("(二)加强执法检查。年底前完成专项检查。", dt.date(2019, 12, 31), None),
        ("完成VOCs治理。", None, 2.0),
        ("开展执法检查。", None, 2.0),
    ]
    canonical = dict(
        query(
            warehouse,
            "select written, agency_name from marts.dim_agencies, unnest(names_as_written) as n(written) "
            "where not is_group",
        )
    )
    assert canonical["市发改委"] == "市发展和改革委员会"
    assert canonical["市住建局"] == "市住房和城乡建设局"
    assert canonical["市市场监管局"] == "市市场监督管理局"
    notes = query(
        warehouse, "select name_as_written, role_note from marts.bridge_task_agencies where role_note is not null"
    )
    assert notes == [("市公安局(交警)", "交警")]
    assert query(warehouse, "select count(*) from marts.dim_agencies where not in_reference") == [(0,)]
    flagged = query(warehouse, "select check_name from quality.flagged_rows where run_id = ?", [run_id])
    assert flagged == []


ASSESSMENT_TASKS = [
    ("1.落实全面从严治党主体责任", ["市纪委", "市委组织部"], [], None, 0.5),
    ("2.推进意识形态工作", ["市委宣传部"], [], dt.date(2024, 6, 30), 1.0),
    ("3.推进数字化改革。建成一体化智能化公共数据平台。", ["市大数据局"], [], None, None),
    ("4.办好民生实事。", ["市发改委"], ["市财政局", "市贸促会"], None, None),
    (
        "5.优化营商环境。9月底前完成涉企事项梳理。",
        ["市市场监管局"],
        ["市发改委", "市商务局"],
        dt.date(2024, 9, 30),
        None,
    ),
    # 排在第一位的为牵头单位,下同: the first listed unit leads, here and in every later clause
    ("6.推进产业数字化。", ["市经信局"], ["市科技局"], None, None),
    ("7.扩大对外开放。", ["市商务局"], ["市发改委"], None, None),
    ("(一)加强组织领导\n成立工作专班,统筹推进各项工作。", ["市发改委"], [], None, None),
    ("建成城市大脑。", ["市大数据局"], ["市经信局", "各县(市、区)人民政府"], dt.date(2024, 12, 31), None),
    ("新建污水管网20公里。", ["市建设局"], ["各县(市、区)人民政府"], dt.date(2024, 9, 30), None),
]


def test_assessment_list_responsibility_forms_and_standing_note_above_a_table(tasks_build: tuple[Path, str]) -> None:
    """Weights and 牵头考核单位 in an assessment list, (X负责), 按职责分工负责 as support,
    牵头单位 + 责任单位, two clauses on one line, a heading standing above its paragraph, and a
    standing note above the annex's table (whose blank 配合单位 stays blank)."""
    warehouse, _ = tasks_build
    rows = query(
        warehouse,
        "select task_text, lead_agencies, supporting_agencies, deadline, weight from marts.fct_tasks "
        "where document_id in (select document_id from marts.dim_documents where source_file = 'jiaxing.txt') "
        "order by line_no, coalesce(seq, 0), task_text",
    )
    assert rows == ASSESSMENT_TASKS
