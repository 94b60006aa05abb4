"""Screening decoded text: web pages read as their text; flattened, foreign and CSV files refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.ingest import ingest_folder
from orchestration.parsing.decode import RejectedFile, decode_bytes
from orchestration.parsing.screen import screen_text
from orchestration.warehouse import connect, ensure_schema
from tests.conftest import FIXTURES, ROOT

PAGE = """<!DOCTYPE html><html><head><title>政府公报</title><style>p {color: red}</style>
<script>var x = "<p>不是正文</p>";</script></head><body>
<div class="nav">首页 &gt; 政府公报</div>
<h1>嘉兴市人民政府关于印发嘉兴市空气质量提升行动方案的通知</h1>
<p>嘉政发〔2020〕5号</p>
<p>各县(市、区)人民政府,市政府各部门:</p>
<p>到2022年,全市PM2.5平均浓度控制在30微克/立方米以内。</p>
<table><tr><th>序号</th><th>任务</th><th>牵头单位</th></tr>
<tr><td>1</td><td>淘汰落后产能</td><td>市经信局</td></tr></table>
</body></html>"""


def test_a_web_page_is_read_as_its_text() -> None:
    screened = screen_text(PAGE)
    assert screened.text_format == "html"
    lines = screened.text.splitlines()
    assert "<" not in screened.text and "不是正文" not in screened.text and "color" not in screened.text
    assert "嘉兴市人民政府关于印发嘉兴市空气质量提升行动方案的通知" in lines
    assert "首页 > 政府公报" in lines
    assert "1\t淘汰落后产能\t市经信局" in lines


def test_a_web_page_lands_as_documents_without_markup(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "page.html").write_text(PAGE, encoding="utf-8")
    with connect(tmp_path / "w.duckdb") as con:
        ensure_schema(con)
        report = ingest_folder(con, source, "run-1")
        files = con.execute("select source_file, text_format from raw.files").fetchall()
        titles = con.execute("select title, doc_number from raw.documents").fetchall()
    assert report.parsed == ["page.html"] and files == [("page.html", "html")]
    assert titles == [("嘉兴市人民政府关于印发嘉兴市空气质量提升行动方案的通知", "嘉政发〔2020〕5号")]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("各地要切实加强组织领导,确保各项任务落到实处。" * 600, "line breaks lost"),
        ("The State Council issued a plan on air quality. " * 40 + "\n" + "Targets follow.\n" * 5, "not Chinese"),
        ("序号,项目名称,总投资(万元)\n" + "".join(f"{n},项目{n},{n * 100}\n" for n in range(1, 12)), "CSV table"),
    ],
    ids=["flattened", "english", "csv"],
)
def test_texts_that_are_no_gazette_are_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(RejectedFile, match=reason):
        screen_text(text)


def test_every_real_text_here_passes_the_screen_unchanged() -> None:
    """The seeds, the fixtures and the development corpus are gazette text: none is refused or
    taken for a web page (a rule that rejected one of them would be wrong)."""
    paths = sorted((ROOT / "seeds" / "gazettes").iterdir()) + sorted(FIXTURES.glob("*.txt"))
    corpus = ROOT.parent / "shared" / "corpus" / "docs"
    if corpus.is_dir():
        paths += sorted(p for p in corpus.iterdir() if p.is_file())
    for path in paths:
        try:
            text = decode_bytes(path.read_bytes()).text
        except RejectedFile:
            continue  # fixtures of bad input
        screened = screen_text(text)
        assert (screened.text_format, screened.text) == ("text", text), path.name
