"""Decoding: each encoding read strictly, bad files rejected with a reason."""

from __future__ import annotations

import codecs

import pytest

from orchestration.parsing.decode import RejectedFile, decode_bytes

SIMPLIFIED = "绍兴市人民政府办公室关于印发绍兴市天然气发展三年行动计划的通知\n到2020年,全市天然气消费量达到15亿立方米。"
TRADITIONAL = (
    "溫州市人民政府辦公室關於印發溫州市大氣污染防治實施方案的通知\n到2020年,全市細顆粒物濃度控制在35微克每立方米以內。"
)


@pytest.mark.parametrize(
    ("data", "encoding", "text"),
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8", SIMPLIFIED),
        (TRADITIONAL.encode("utf-8"), "utf-8", TRADITIONAL),
        (SIMPLIFIED.encode("gb18030"), "gb18030", SIMPLIFIED),
        (SIMPLIFIED.encode("gbk"), "gb18030", SIMPLIFIED),
        (TRADITIONAL.encode("gb18030"), "gb18030", TRADITIONAL),
        (TRADITIONAL.encode("big5"), "big5", TRADITIONAL),
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8", SIMPLIFIED),
        (SIMPLIFIED.encode("utf-16"), "utf-16", SIMPLIFIED),
    ],
)
def test_decodes_each_encoding(data: bytes, encoding: str, text: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding
    assert decoded.text == text


def test_big5_is_not_mistaken_for_gb18030() -> None:
    data = TRADITIONAL.encode("big5")
    data.decode("gb18030")  # valid GB18030 too, which is exactly the trap
    assert decode_bytes(data).text == TRADITIONAL


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\n\t ", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        ("正文".encode() + b"\x00\x01\x02\x03", "NUL"),
        (SIMPLIFIED.encode("utf-8")[:-2], "truncated"),
        (bytes(range(128, 256)) * 4, "undecodable"),
    ],
)
def test_rejects_bad_input_with_reason(data: bytes, reason: str) -> None:
    with pytest.raises(RejectedFile, match=reason):
        decode_bytes(data)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_is_text_not_binary(codec: str) -> None:
    text = "绍兴市人民政府办公室关于印发绍兴市天然气发展三年行动计划的通知\n到2020年,全市天然气消费量达到15亿立方米。\n"
    decoded = decode_bytes(text.encode(codec))
    assert (decoded.text, decoded.encoding) == (text, "utf-16")
    with pytest.raises(RejectedFile, match="binary"):
        decode_bytes(b"\x00\x01\x02\x03" * 40)


def test_short_legacy_texts_decode_right_or_are_rejected_never_wrong() -> None:
    """Short GB18030 and Big5 strings are where the encodings overlap (and GB18030 bytes can even
    be valid UTF-8: 通知 → `֪ͨ`). Windows of 2-16 characters of real gazette text decode to
    themselves or are rejected as ambiguous; none turns into other characters."""
    import random
    import re

    import opencc

    from tests.conftest import FIXTURES

    assert decode_bytes("通知".encode("gb18030")).text == "通知"
    source = (FIXTURES / "issue_simplified.txt").read_text(encoding="utf-8")
    source += (FIXTURES / "web_capture.txt").read_text(encoding="utf-8")
    han = "".join(re.findall(r"[\u4e00-\u9fff,。、;:“”()0-9]+", source))
    to_traditional = opencc.OpenCC("s2t")
    rng = random.Random(16)
    outcomes = {"right": 0, "rejected": 0}
    for codec in ("gb18030", "big5"):
        for _ in range(400):
            size = rng.randint(2, 16)
            start = rng.randrange(len(han) - size)
            text = han[start : start + size]
            text = to_traditional.convert(text) if codec == "big5" else text
            try:
                data = text.encode(codec)
            except UnicodeEncodeError:
                continue
            try:
                decoded = decode_bytes(data)
            except RejectedFile as exc:
                assert "ambiguous encoding" in str(exc) or "no encoding yields" in str(exc), str(exc)
                outcomes["rejected"] += 1
                continue
            assert decoded.text == text, (codec, text, decoded)
            outcomes["right"] += 1
    assert outcomes["right"] > 10 * outcomes["rejected"]
