"""The fast paths of the parser give exactly what the plain code they replace gives."""

from __future__ import annotations

import unicodedata

import pytest

from orchestration.parsing import cells
from orchestration.parsing import patterns as P
from orchestration.parsing.layout import is_furniture
from orchestration.parsing.normalise import _differences, nfkc, normalise_text, tidy_spaces

TRICKY = [
    "控制在３５微克／立方米以内，（一）",
    "ｶﾞ ｶ\u3099 が ㈠ ㍻ ﬁ Ⅴ ＰＭ２．５ …",
    "e\u0301 \u1100\u1161\u11a8 \u3000 \u00a0 x\u0308\u0301",
    "",
]


@pytest.mark.parametrize("text", TRICKY)
def test_nfkc_is_unicodedata_nfkc(text: str) -> None:
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_tidy_spaces_treats_tabs_and_line_breaks_as_cell_edges() -> None:
    lines = ["市发改委 市商务局\t PM 2.5 \t\t", "到 2020 年\tPM\t10", " \t ", "1 .5 和 20 %\t局\t市发"]
    assert tidy_spaces("\n".join(lines)).split("\n") == [tidy_spaces(line) for line in lines]
    assert [tidy_spaces(line) for line in lines] == [
        "市发改委、市商务局\tPM2.5",
        "到2020年\tPM\t10",
        "",
        "1.5和20%\t局\t市发",
    ]


@pytest.mark.parametrize("space", [" ", "\u0085", "\u1680"])
def test_lines_with_and_without_spaces_tidy_alike(space: str) -> None:
    text = f"序号\t项目\t\t\n1\t 杭州{space}湾 \n合计\t\t"
    assert normalise_text(text) == [tidy_spaces(line) for line in text.split("\n")]


def test_every_outline_marker_opens_with_a_listed_character() -> None:
    """outline_marker skips lines whose first character is not in OUTLINE_OPENERS (or a digit)."""
    tails = ["、加强", ")加强", "章 总则", "节 一般", "条 为了", "——加强", ".加强", ".5 加强", " 加强", "加强"]
    for code in range(0x10000):
        first = chr(code)
        if first in P.OUTLINE_OPENERS or first.isdecimal():
            continue
        for tail in tails:
            assert not any(pattern.match(first + tail) for _, pattern in P.OUTLINE_MARKERS), (first, tail)


@pytest.mark.parametrize(
    ("line", "furniture"),
    [("2019年1月3日印发", True), ("济南市人民政府办公厅 2019年1月3日印发", True), ("2019年1月3日印发的通知", False)],
)
def test_printed_on_lines_are_furniture_only_at_the_end(line: str, furniture: bool) -> None:
    assert is_furniture(line) is furniture


@pytest.mark.parametrize(
    ("a", "b"), [("", ""), ("環境" * 100, "环境" * 100), ("温州" * 50 + "環", "温州" * 50 + "环"), ("環境保護", "环境")]
)
def test_differences_counts_positions_like_zip(a: str, b: str) -> None:
    assert _differences(a, b) == sum(x != y for x, y in zip(a, b, strict=False))


@pytest.mark.parametrize(
    "line",
    [
        "绍政办发〔2018〕40号",
        "(浙政发〔2016〕10 号)",
        "广东省人民政府令 第290号",
        "国家税务总局公告2019年第3号",
        "浙政发〔2016〕",
        "关于印发的通知",
    ],
)
def test_doc_number_lines_are_found_with_or_without_the_shortcut(line: str) -> None:
    assert P.is_doc_number_line(line) is bool(P.DOC_NUMBER_LINE.match(line))


def test_every_value_kind_opens_with_a_listed_character() -> None:
    """value_kind answers None at once for text whose first character is not in VALUE_OPENERS
    (or a digit); none of its patterns can match such text."""
    tails = ["", "1", "12", "2020", "年", "月", "、", ".", "%", "—2020年", "期", "续推进", "度", "-", "—"]
    patterns = [cells._SEQ, cells._CN_ORDINAL, cells._DASH, cells._TIME, cells._NUMBER]
    for code in range(0x10000):
        first = chr(code)
        if first in cells.VALUE_OPENERS or first.isdecimal():
            continue
        for tail in tails:
            text = first + tail
            assert not any(p.match(text) for p in patterns) and not cells._YEARNUM.fullmatch(text), text
