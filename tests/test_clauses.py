"""Clauses: outline paths and sentences."""

from __future__ import annotations

from orchestration.parsing.clauses import split_clauses, split_sentences


def test_sentences_split_outside_brackets() -> None:
    text = "新建水厂2座。改造管网(一期。二期)120公里;(责任单位:市水利局。市建设局)"
    assert split_sentences(text) == ["新建水厂2座。", "改造管网(一期。二期)120公里;", "(责任单位:市水利局。市建设局)"]


def test_section_paths_follow_the_outline() -> None:
    lines = [
        (1, "一、总体要求"),
        (2, "(一)指导思想。坚持绿色发展。"),
        (3, "1.加强监管。"),
        (4, "(1)细化标准。"),
        (5, "(二)工作目标。"),
        (6, "——空气质量。到2020年达标。"),
        (7, "二、主要任务"),
        (8, "1.推进治水。"),
        (9, "附件1"),
        (10, "一、附件里的任务"),
    ]
    frame = split_clauses(lines)
    paths = (
        frame.group_by("paragraph_no", maintain_order=True)
        .agg(frame.columns and __import__("polars").col("section_path").first())["section_path"]
        .to_list()
    )
    assert paths == ["一", "一/(一)", "一/(一)/1", "一/(一)/1/(1)", "一/(二)", "一/(二)/——", "二", "二/1", None, "一"]
    assert frame.filter(frame["paragraph_no"] == 10)["attachment"].to_list() == ["附件1"]
    assert frame.filter(frame["paragraph_no"] == 2)["heading"].to_list() == ["指导思想", "指导思想"]
