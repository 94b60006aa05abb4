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
