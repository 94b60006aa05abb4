"""Documents: split by 文号, 关于-titles and addressees; TOC and furniture never become documents."""

from __future__ import annotations

import datetime as dt

from orchestration.parsing.normalise import normalise_text
from orchestration.parsing.segment import parse_date, region_of, split_documents


def _docs(text: str):
    return split_documents(normalise_text(text))


def test_issue_splits_into_documents_not_toc(fixture_text) -> None:
    docs = _docs(fixture_text("issue_simplified.txt"))
    assert [(d.title, d.doc_number, d.issuer, d.issued_date, d.region) for d in docs] == [
        (
            "嘉兴市人民政府关于加快推进城乡供水一体化的实施意见",
            "嘉政发〔2020〕5号",
            "嘉兴市人民政府",
            dt.date(2020, 3, 12),
            "嘉兴市",
        ),
        (
            "嘉兴市人民政府办公室关于印发嘉兴市垃圾分类工作方案的通知",
            "嘉政办发〔2020〕18号",
            "嘉兴市人民政府办公室",
            dt.date(2020, 4, 1),
            "嘉兴市",
        ),
    ]


def test_attachments_belong_to_their_document_and_colophon_to_none(fixture_text) -> None:
    first, second = _docs(fixture_text("issue_simplified.txt"))
    texts = [text for _, text in second.lines]
    assert "嘉兴市垃圾分类重点项目表" in texts
    assert not any(t.startswith("主办单位") for t in texts)
    assert "嘉兴市垃圾分类工作方案" not in [text for _, text in first.lines]  # running head


def test_title_below_issuer_masthead_traditional(fixture_text) -> None:
    (doc,) = _docs(fixture_text("standalone_traditional.txt"))
    assert doc.title == "关于印发2019年温州市大气污染防治工作要点的通知"
    assert doc.doc_number == "温环发〔2019〕7号"
    assert doc.issuer == "温州市生态环境局"
    assert doc.issued_date == dt.date(2019, 2, 20)
    assert doc.region == "温州市"


def test_untitled_document_takes_the_plan_it_promulgates(fixture_text) -> None:
    (doc,) = _docs(fixture_text("pinyin_traditional.txt"))
    assert doc.title == "2020年全省生态环境工作要点"
    assert doc.doc_number is None
    assert doc.issuer == "浙江省生态环境厅"
    assert doc.issued_date == dt.date(2020, 3, 2)
    assert doc.region == "浙江省"


def test_web_capture_without_doc_number(fixture_text) -> None:
    (doc,) = _docs(fixture_text("web_capture.txt"))
    assert doc.title == "台州市人民政府关于印发台州市节水行动实施方案的通知"
    assert doc.doc_number is None
    assert (doc.issuer, doc.issued_date, doc.region) == ("台州市人民政府", dt.date(2021, 5, 6), "台州市")
    assert not any("扫一扫" in text or "发布时间" in text for _, text in doc.lines)


def test_signature_at_the_end_and_chinese_numeral_date() -> None:
    text = "\n".join(
        [
            "杭州市西湖区人民政府关于加强河道管理的通知",
            "西政发〔2021〕3号",
            "各镇人民政府、街道办事处:",
            "一、加强巡查。各地要落实河长制。",
            "杭州市西湖区人民政府",
            "二〇二一年五月十二日",
        ]
    )
    (doc,) = _docs(text)
    assert doc.issuer == "杭州市西湖区人民政府"
    assert doc.issued_date == dt.date(2021, 5, 12)
    assert doc.region == "西湖区"


def test_cited_documents_are_not_split_out() -> None:
    text = "\n".join(
        [
            "宁波市人民政府关于推进节能降耗的意见",
            "甬政发〔2019〕8号",
            "各区县(市)人民政府:",
            "根据《浙江省人民政府关于印发浙江省节能降耗行动计划的通知》(浙政发〔2018〕12号)精神,提出如下意见。",
            "宁波市人民政府",
            "2019年4月1日",
        ]
    )
    assert len(_docs(text)) == 1


def test_parse_date_and_region() -> None:
    assert parse_date("2018年6月27日") == dt.date(2018, 6, 27)
    assert parse_date("二〇一八年六月二十七日") == dt.date(2018, 6, 27)
    assert parse_date("2018年2月30日") is None
    assert region_of("湖州市人民政府") == "湖州市"
    assert region_of("浙江省环境保护厅") == "浙江省"
    assert region_of("省政府办公厅") is None


def test_doc_number_in_brackets_below_the_title() -> None:
    text = "\n".join(
        [
            "丽水市人民政府关于加快发展生态农业的意见",
            "(丽政发〔2019〕21号)",
            "各县(市、区)人民政府:",
            "为加快发展生态农业,提出如下意见。",
            "丽水市人民政府",
            "2019年8月2日",
        ]
    )
    (doc,) = _docs(text)
    assert (doc.title, doc.doc_number) == ("丽水市人民政府关于加快发展生态农业的意见", "丽政发〔2019〕21号")


def test_doc_number_above_a_title_broken_over_two_lines() -> None:
    text = "\n".join(
        [
            "舟山市人民政府",
            "2019年1月5日",
            "舟政办发〔2019〕2号",
            "中共舟山市委办公室 舟山市人民政府办公室关于印发舟山市",
            "海洋经济发展行动方案的通知",
            "各县(区)党委和人民政府:",
            "现将《舟山市海洋经济发展行动方案》印发给你们。",
            "中共舟山市委办公室",
            "舟山市人民政府办公室",
            "2019年1月20日",
        ]
    )
    docs = _docs(text)
    assert len(docs) == 1
    (doc,) = docs
    assert doc.doc_number == "舟政办发〔2019〕2号"
    assert doc.title == "中共舟山市委办公室舟山市人民政府办公室关于印发舟山市海洋经济发展行动方案的通知"
    assert doc.issuer == "中共舟山市委办公室、舟山市人民政府办公室"
    assert (doc.issued_date, doc.region) == (dt.date(2019, 1, 20), "舟山市")


def test_masthead_gives_the_region_when_the_issuer_names_none() -> None:
    text = "\n".join(
        [
            "衢州市人民政府公报",
            "市政府办公室关于做好春节期间安全生产工作的通知",
            "衢政办发〔2020〕1号",
            "各县(市、区)人民政府:",
            "请做好安全生产工作。",
            "市政府办公室",
            "2020年1月10日",
        ]
    )
    (doc,) = _docs(text)
    assert (doc.issuer, doc.region) == ("市政府办公室", "衢州市")


def test_guangdong_issue_with_dotted_toc_and_document_footers() -> None:
    from tests.conftest import FIXTURES

    text = (FIXTURES / "issue_guangdong.txt").read_text(encoding="utf-8")
    docs = _docs(text)
    assert [(d.doc_number, d.issuer, d.issued_date, d.region) for d in docs] == [
        ("粤府办〔2019〕3号", "广东省人民政府办公厅", dt.date(2019, 2, 28), "广东省"),
        ("粤府办〔2019〕4号", "广东省人民政府办公厅", dt.date(2019, 3, 8), "广东省"),
    ]
    first = [t for _, t in docs[0].lines]
    assert not any(t.startswith(("公开方式", "抄送")) or t.endswith("印发") for t in first)
