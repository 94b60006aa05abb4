"""Layout: furniture dropped by shape, broken lines re-joined, headings kept apart."""

from __future__ import annotations

import pytest

from orchestration.parsing.layout import is_furniture, join_lines, outline_marker


@pytest.mark.parametrize(
    "line",
    [
        "— 12 —",
        "- 3 -",
        "第5页",
        "绍兴市人民政府公报(2018)7",
        "浙江省人民政府公报",
        "2016年第14期(总第1117期)",
        "主办单位:绍兴市人民政府办公室",
        "国内统一刊号:CN33-1354/D",
        "当前位置:首页",
        "> 政府公报 > 2018年7期",
        "扫一扫在手机打开当前页",
        "5月10日出版",
        "發布時間:2018-07-26 10:01 信息來源:湖州市人民政府 字體:【",
    ],
)
def test_furniture(line: str) -> None:
    from orchestration.parsing.normalise import normalise_fragment

    assert is_furniture(normalise_fragment(line))


@pytest.mark.parametrize("line", ["12", "一、总体要求", "浙江省人民政府", "2018年6月27日", "市环保局"])
def test_not_furniture(line: str) -> None:
    assert not is_furniture(line)


def test_rejoins_a_sentence_broken_across_blank_lines() -> None:
    lines = [
        (1, "到2020年,全省快递年业务量达到100亿件,年业务收入超过1000亿元,推进发展“互联"),
        (3, "网+”快递。"),
        (5, "一、主要任务"),
        (7, "到2020"),
        (9, "年,全面建成。"),
    ]
    assert [p[2] for p in join_lines(lines)] == [
        "到2020年,全省快递年业务量达到100亿件,年业务收入超过1000亿元,推进发展“互联网+”快递。",
        "一、主要任务",
        "到2020年,全面建成。",
    ]
    assert join_lines(lines)[0][:2] == (1, 3)


def test_does_not_join_headings_signatures_or_new_items() -> None:
    lines = [
        (1, "一、总体要求"),
        (2, "坚持绿色发展"),
        (3, "浙江省人民政府"),
        (4, "2016年3月25日"),
        (5, "这一段很长但是没有句号结尾所以可能被下一行继续下去的一个句子"),
        (6, "(二)工作目标。"),
    ]
    assert len(join_lines(lines)) == 6


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("一、目标要求", "cn"),
        ("(一)指导思想。", "paren_cn"),
        ("1.全面消除", "num"),
        ("12、加强", "num"),
        ("(3)推进", "paren_num"),
        ("——产业规模快速壮大。", "dash"),
        ("第三条 本办法", "article"),
        ("第一章 总则", "chapter"),
    ],
)
def test_outline_markers(text: str, kind: str) -> None:
    marker = outline_marker(text)
    assert marker is not None and marker[0] == kind


@pytest.mark.parametrize("text", ["2020年底前完成", "2.5微克", "12%以上", "一"])
def test_numbers_are_not_markers(text: str) -> None:
    assert outline_marker(text) is None
