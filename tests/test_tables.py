"""Tables: tab-separated and one-cell-per-line layouts, captions, repeated headers."""

from __future__ import annotations

from orchestration.parsing.normalise import normalise_text
from orchestration.parsing.segment import split_documents
from orchestration.parsing.tables import find_tables


def _tables(text: str):
    (doc, *_) = split_documents(normalise_text(text))[-1:]
    return find_tables(doc.lines)


def test_tab_separated_table_with_repeated_header(fixture_text) -> None:
    (table,) = _tables(fixture_text("issue_simplified.txt"))
    assert (table.layout, table.title, table.attachment, table.unit_note) == (
        "tsv",
        "嘉兴市垃圾分类重点项目表",
        "附件",
        "万元",
    )
    assert [r.kind for r in table.rows] == ["header", "data", "data", "repeated_header", "data"]
    assert table.rows[0].cells == ["序号", "项目名称", "总投资", "责任单位"]
    assert table.rows[-1].cells == ["3", "海宁市焚烧厂扩建", "25000", "海宁市政府"]


def test_one_cell_per_line_table(fixture_text) -> None:
    (table,) = _tables(fixture_text("web_capture.txt"))
    assert (table.layout, table.title, table.attachment) == ("line_cells", "台州市节水行动重点任务分工表", "附件")
    assert [r.cells for r in table.rows] == [
        ["序号", "重点任务", "牵头单位", "配合单位"],
        ["1", "推进农业节水", "市农业农村局", "市水利局"],
        ["2", "推进工业节水", "市经信局", "市生态环境局"],
    ]


def test_wrapped_cell_line_stays_in_the_table() -> None:
    text = "\n".join(
        [
            "序号\t项目名称\t项目内容",
            "1\t天然气县县通\t基本完成干线管网建设,",
            "形成全市一环网县县通的供气格局。",
            "2\t废气治理\t完成9个园区整治。",
        ]
    )
    (table,) = find_tables([(i + 1, t) for i, t in enumerate(normalise_text(text))])
    assert [r.kind for r in table.rows] == ["header", "data", "data"]
    assert table.rows[1].cells == ["1", "天然气县县通", "基本完成干线管网建设,形成全市一环网县县通的供气格局。"]
    assert (table.rows[1].line_no, table.rows[1].line_end) == (2, 3)
