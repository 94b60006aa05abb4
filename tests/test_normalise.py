"""Normalisation: simplified, NFKC, no pinyin, no LaTeX, no stray spaces, tabs kept."""

from __future__ import annotations

import pytest

from orchestration.parsing.normalise import normalise_fragment, normalise_measured, normalise_text, traditional_share


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("環(huán)境", "环境"),
        ("各設(shè)區(qū)市生態(tài)環(huán)境局", "各设区市生态环境局"),
        ("印發(fā)給你們", "印发给你们"),
        ("斷面?_(dá)到", "断面?_到"),
        ("PM_{2.5}", "PM2.5"),
        ("$PM_{2.5}$年均浓度", "PM2.5年均浓度"),
        ("$\\mathrm{PM}_{10}$", "PM10"),
        ("PM 2.5 浓度", "PM2.5浓度"),
        ("到 2020 年", "到2020年"),
        ("绍政办发〔2018〕33 号", "绍政办发〔2018〕33号"),
        ("控制在３５微克／立方米以内，", "控制在35微克/立方米以内,"),
        ("（一）加强", "(一)加强"),
        ("新建 DN500 管道 25 公里", "新建DN500管道25公里"),
        ("浙江省人民政府关于 促进快递业发展", "浙江省人民政府关于促进快递业发展"),
        ("達到 70 %", "达到70%"),
        ("①加强监管", "(1)加强监管"),
        ("劣Ⅴ类", "劣V类"),
        ("E-mail: a b", "E-mail: a b"),
        ("浓度19\ue0107微克", "浓度19.7微克"),  # a PDF's private-use decimal point
        ("细颗粒物\u200b浓度\x07下降\ufeff", "细颗粒物浓度下降"),
        ("降低$10\\%$以上", "降低10%以上"),  # a LaTeX command inside math
        ("SO_2排放\\leq5吨", "SO2排放≤5吨"),  # a command outside math, a bare subscript
    ],
)
def test_normalise_fragment(raw: str, expected: str) -> None:
    assert normalise_fragment(raw) == expected


def test_the_rare_passes_are_skipped_only_where_they_change_nothing() -> None:
    """Normalising runs the circled-number, control, private-use and invisible passes only on a
    text holding one of the characters _RARE lists: each character a pass changes is listed, and
    NFKC, which runs between them, makes none of them."""
    import unicodedata

    from orchestration.parsing import normalise as n

    def passes(text: str) -> str:
        text = n._CIRCLED_CHAR.sub(n._circled, text)
        text = n._CONTROL.sub("", text)
        return n._INVISIBLE.sub("", n._PRIVATE_POINT.sub(".", text))

    for code in range(0x10000):
        char = chr(code)
        if 0xD800 <= code < 0xE000:
            continue
        rare = n._RARE.search(char) is not None
        assert rare or passes(f"1{char}2") == f"1{char}2", f"U+{code:04X} is changed but not listed"
        assert rare or n._RARE.search(unicodedata.normalize("NFKC", char)) is None, f"NFKC of U+{code:04X}"


def test_keeps_one_line_per_input_line_and_tabs() -> None:
    lines = normalise_text("序號\t項目名稱\r\n1\t 杭州灣 管線 \n\n")
    assert lines == ["序号\t项目名称", "1\t杭州湾管线", "", ""]


def test_pinyin_inside_parentheses_that_is_not_pinyin_is_kept() -> None:
    assert normalise_fragment("建设智能快件箱(E邮柜)") == "建设智能快件箱(E邮柜)"
    assert normalise_fragment("市公安局(机动车)") == "市公安局(机动车)"


def test_traditional_share() -> None:
    assert traditional_share("溫州市生態環境局") == 3 / 8  # 溫 態 環
    assert traditional_share("温州市生态环境局") == 0


def test_normalising_measures_the_share_from_its_own_conversion() -> None:
    """The share read while normalising (one t2s pass) counts the Han characters t2s changed,
    as traditional_share does; full-width digits and pinyin that normalising rewrites are not
    Han and do not count."""
    lines, share = normalise_measured("關於印發《溫州市２０２１年工作要點》的通知\n生態環(huán)境")
    assert lines == ["关于印发《温州市2021年工作要点》的通知", "生态环境"]
    assert share == 7 / 19  # 關 於 發 溫 點 態 環 among the 19 Han characters
