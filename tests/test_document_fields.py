"""Document metadata on documents without a gazette's furniture: regulations (令), announcements
(公告2024年第5号), web captures,
body-only texts with a 印发 line, joint signatures, plans with a period line and a table of
contents, and texts whose first line is a sentence. Each fixture in simplified and traditional."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from orchestration.parsing.normalise import normalise_text
from orchestration.parsing.segment import split_documents

FIXTURES = Path(__file__).parent / "fixtures" / "documents"

# fixture stem → (title, doc_number, issuer, issued_date)
EXPECTED = {
    "regulation": (
        "广东省城市供水管理规定",
        "广东省人民政府令第290号",
        "广东省人民政府",
        dt.date(2021, 10, 20),
    ),
    "regulation_bracketed_number": (
        "福建省数据管理办法",
        "福建省人民政府令(第215号)",
        "福建省人民政府",
        dt.date(2021, 9, 15),
    ),
    "web_capture_headline": (
        "嘉兴市人民政府办公室关于印发嘉兴市数字经济发展三年行动计划的通知",
        None,
        "嘉兴市人民政府办公室",
        dt.date(2024, 4, 11),
    ),
    "body_only_with_issue_line": (None, None, "济南市人民政府办公厅", dt.date(2019, 1, 3)),
    "joint_signature": (None, None, "国家发展改革委、国家数据局、财政部", dt.date(2024, 5, 14)),
    "titled_plan_with_period_and_toc": ("智慧健康养老产业发展行动计划(2021-2025年)", None, None, None),
    "announcement": (
        "国家税务总局关于个人所得税专项附加扣除有关问题的公告",
        "国家税务总局公告2024年第5号",
        "国家税务总局",
        dt.date(2024, 3, 1),
    ),
    "web_capture_joint_issuers": (
        "福建省工业和信息化厅福建省通信管理局关于印发福建省工业互联网创新发展行动计划(2024—2026年)的通知",
        None,
        "福建省工业和信息化厅、福建省通信管理局",
        dt.date(2024, 4, 10),
    ),
    "task_table_only": ("广州市推进低空经济高质量发展重点任务分工表", None, None, None),
    "interpretation": (None, None, None, None),
    "long_opening_sentence": (None, None, None, None),
}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param(FIXTURES / f"{stem}_{script}.txt", fields, id=f"{stem}-{script}")
        for stem, fields in EXPECTED.items()
        for script in ("simp", "trad")
    ],
)
def test_document_fields(path: Path, expected: tuple) -> None:
    (doc,) = split_documents(normalise_text(path.read_text(encoding="utf-8")))
    assert (doc.title, doc.doc_number, doc.issuer, doc.issued_date) == expected


def test_a_title_broken_over_two_lines_is_joined() -> None:
    text = "移动智能终端应用软件预置\n\n和分发管理暂行规定\n\n第一条 为了规范应用软件预置行为,制定本规定。"
    (doc,) = split_documents(normalise_text(text))
    assert doc.title == "移动智能终端应用软件预置和分发管理暂行规定"


def test_an_attachment_label_is_no_title() -> None:
    text = "各区、市工业和信息化主管部门:\n附件:关于强化产学研融合创新的通知\n请按通知要求报送。"
    (doc,) = split_documents(normalise_text(text))
    assert doc.title is None
