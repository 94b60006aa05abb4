"""Tables: tab-separated and one-cell-per-line layouts, captions, repeated headers."""

from __future__ import annotations

import pytest

from orchestration.parsing.cells import column_for
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


def _rows(table, kind: str = "data"):
    return [r for r in table.rows if r.kind == kind]


def test_totals_categories_and_repeated_headers(fixture_text) -> None:
    gas, _ = _tables(fixture_text("project_tables_tsv.txt"))
    assert (gas.title, gas.attachment, gas.unit_note) == ("宁波市城市燃气设施项目表", "附件1", "万元")
    (total,) = _rows(gas, "total")
    assert (total.label, total.stated_count, total.cells[4:7]) == ("合计(4个)", 4, ["12000", "500", "11100"])
    assert [(r.label, r.stated_count, r.cells[4:7]) for r in _rows(gas, "category")] == [
        ("高压管线", 2, ["9000", "500", "8100"]),
        ("加气站", 2, ["3000", "/", "3000"]),
    ]
    assert len(_rows(gas, "repeated_header")) == 1
    data = _rows(gas)
    assert [(r.cells[0], r.category) for r in data] == [
        ("1", "高压管线"),
        ("2", "高压管线"),
        ("3", "加气站"),
        ("4", "加气站"),
    ]
    assert data[0].cells[1] == "镇海高压管线"  # spaces inside a wrapped name removed
    assert data[3].cells[3] == "日加气1万立方米,用地5亩。"  # row broken across lines by a wrapped cell
    assert data[3].cells[4:] == ["1000", "/", "1000", "奉化区人民政府"]
    assert [r.label for r in _rows(gas, "note")] == ["注:项目以实际批复为准。"]


def test_group_cell_only_on_first_row_and_shifted_subtotals(fixture_text) -> None:
    _, parks = _tables(fixture_text("project_tables_tsv.txt"))
    data = _rows(parks)
    assert [(r.cells[2], r.category, r.category_count) for r in data] == [
        ("化工园区", "镇海区", 2),
        ("新材料园", "镇海区", 2),
        ("港口物流园", "北仑区", 1),
    ]
    assert data[1].inherited == {0}
    assert [(r.category, r.cells[3]) for r in _rows(parks, "subtotal")] == [("镇海区", "3000"), ("北仑区", "500")]
    (total,) = _rows(parks, "total")
    assert (total.stated_count, total.cells[3]) == (3, "3500")


def test_one_cell_per_line_with_wrapped_headers_names_and_agencies(fixture_text) -> None:
    (table,) = _tables(fixture_text("project_table_lines.txt"))
    assert [c.role for c in table.columns] == ["seq", "name", "scale", "responsible", "start", "end"]
    assert [r.label for r in _rows(table, "category")] == ["农村环境整治项目", "产业发展项目"]
    first, second, third, sub = _rows(table)
    assert first.cells == [
        "1",
        "农村生活污水治理项目",
        "完成500个村生活污水治理设施提标改造。",
        "市建设局、市农业农村局",
        "2019年",
        "2021年",
    ]
    assert second.cells[3] == "市综合执法局"
    assert third.category == "产业发展项目"
    assert [r.label for r in _rows(table, "note")] == ["注:以上项目以实际批复为准。"]
    assert third.cells[2:] == ["培育省级特色小镇5个。", "市发改委", "2019年", "2022年"]
    assert (sub.parent, sub.category) == (third, "产业发展项目")
    assert sub.cells == ["", "", "建设市级特色小镇10个。", "市经信委", "——", "2020年"]


BLANK_CELLS = [
    "序号\t工作内容\t工作任务\t牵头单位\t配合单位",
    "1\t控制煤炭消费\t淘汰燃煤锅炉。\t市发改委\t市经信委",
    "2\t\t推广清洁能源。\t\t",
    "3\t治理工业废气\t开展VOCs治理。\t市环保局\t",
    "4\t\t整治工业炉窑。\t同上\t市经信委",
    "序号\t工作内容\t工作任务\t牵头单位\t配合单位",
    "5\t\t加强执法。\t\t市公安局",
]
BLANK_CELLS_TRAD = [
    "序號\t工作內容\t工作任務\t牽頭單位\t配合單位",
    "1\t控制煤炭消費\t淘汰燃煤鍋爐。\t市發改委\t市經信委",
    "2\t\t推廣清潔能源。\t\t",
    "3\t治理工業廢氣\t開展VOCs治理。\t市環保局\t",
    "4\t\t整治工業爐窯。\t同上\t市經信委",
    "序號\t工作內容\t工作任務\t牽頭單位\t配合單位",
    "5\t\t加強執法。\t\t市公安局",
]


@pytest.mark.parametrize("lines", [BLANK_CELLS, BLANK_CELLS_TRAD], ids=["simp", "trad"])
def test_blank_agency_cells_stay_blank_and_only_ditto_marks_repeat(lines: list[str]) -> None:
    """A text table prints every row's agency cells, so a blank one is empty (the Shaoxing list
    row `新建或改造城镇污水配套管网` has no supporting unit); group cells continue down."""
    text = "\n".join(lines)
    (table,) = find_tables([(i + 1, t) for i, t in enumerate(normalise_text(text))])
    data = _rows(table)
    assert [(r.cells[1], r.cells[3], r.cells[4]) for r in data] == [
        ("控制煤炭消费", "市发改委", "市经信委"),
        ("控制煤炭消费", "", ""),
        ("治理工业废气", "市环保局", ""),
        ("治理工业废气", "市环保局", "市经信委"),
        ("治理工业废气", "", "市公安局"),
    ]
    assert data[1].inherited == {1}
    assert data[3].inherited == {1, 3}


def test_region_by_metric_by_year_grid() -> None:
    text = "\n".join(
        [
            "地区\tPM2.5浓度(微克/立方米)\t\t二氧化硫削减目标(%)\t\t挥发性有机物削减目标",
            "\t2020年\t2018年\t“十三五”\t2018年\t“十三五”(%)\t2018年(吨)",
            "甲区\t38\t41\t23\t8\t25\t1000",
            "全市平均\t36\t38\t/\t4\t25\t5000",
        ]
    )
    (table,) = find_tables([(i + 1, t) for i, t in enumerate(normalise_text(text))])
    assert [c.header for c in table.columns] == [
        "地区",
        "PM2.5浓度(微克/立方米)|2020年",
        "PM2.5浓度(微克/立方米)|2018年",
        "二氧化硫削减目标(%)|“十三五”",
        "二氧化硫削减目标(%)|2018年",
        "挥发性有机物削减目标|“十三五”(%)",
        "挥发性有机物削减目标|2018年(吨)",
    ]
    assert [c.role for c in table.columns][1:] == ["grid_value"] * 6
    assert [r.cells for r in _rows(table)] == [
        ["甲区", "38", "41", "23", "8", "25", "1000"],
        ["全市平均", "36", "38", "/", "4", "25", "5000"],
    ]


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("牵头单位", "lead"),
        ("牵头部门", "lead"),
        ("主责单位", "lead"),
        ("配合部门", "support"),
        ("协办单位", "support"),
        ("责任部门", "responsible"),
        ("责任单位", "responsible"),
        ("时间节点", "end"),
        ("完成时限", "end"),
    ],
)
def test_agency_and_time_headers(header: str, role: str) -> None:
    assert column_for(header).role == role


def test_an_invalid_header_pattern_names_the_csv_and_its_line(tmp_path, monkeypatch) -> None:
    from orchestration.parsing import cells

    bad = tmp_path / "table_column_roles.csv"
    bad.write_text("priority,role,pattern,cell_type\n1,seq,^(序号|编号$,seq\n", encoding="utf-8")
    monkeypatch.setattr(cells, "ROLES_CSV", bad)
    cells.column_roles.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"table_column_roles.csv line 2 \(role seq\): invalid pattern"):
            cells.column_roles()
    finally:
        cells.column_roles.cache_clear()
