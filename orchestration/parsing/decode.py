"""Bytes → text, strictly.

Gazettes arrive as UTF-8, GB18030/GBK or Big5. Legacy encodings overlap: almost any Big5 file is
also *valid* GB18030 (it just decodes to nonsense), so "decodes without error" is not enough.
Each strict candidate is scored by how much of its Han text consists of common characters
(the GB2312 level-1 set plus its traditional forms); the right encoding scores near 1, a
wrong one well below. Files that no encoding reads as Chinese text are rejected with a reason
rather than decoded with replacement characters, so nothing silently turns into mojibake.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache

CANDIDATES: tuple[tuple[str, str], ...] = (("gb18030", "gb18030"), ("big5", "big5hkscs"))
MIN_COMMON_SHARE = 0.8
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP/Office archive"),
    (b"\xd0\xcf\x11\xe0", "an OLE/Word document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class RejectedFile(ValueError):
    """The bytes cannot be read as gazette text; the message says why."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


@lru_cache(maxsize=1)
def common_han() -> frozenset[str]:
    """GB2312 level-1 characters (the ~3,755 most used) with their traditional forms."""
    import opencc

    chars = []
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.append(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    simplified = "".join(chars)
    traditional = opencc.OpenCC("s2t").convert(simplified)
    return frozenset(simplified) | frozenset(traditional)


def common_share(text: str) -> float:
    """Share of Han characters that are common ones; 1.0 when there is no Han text."""
    han = _HAN.findall(text)
    if not han:
        return 1.0
    common = common_han()
    return sum(ch in common for ch in han) / len(han)


def _truncated(data: bytes, error: UnicodeDecodeError) -> bool:
    return error.start >= len(data) - 4 and "end of data" in str(error.reason)


def decode_bytes(data: bytes) -> Decoded:
    """Decode gazette bytes or raise RejectedFile naming the problem."""
    if not data.strip():
        raise RejectedFile("empty file (no text)")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise RejectedFile(f"binary file: looks like {what}, not text")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), codec.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise RejectedFile(f"undecodable: has a {codec} byte-order mark but {exc}") from exc
    if b"\x00" in data:
        raise RejectedFile("binary file: contains NUL bytes")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        if _truncated(data, exc):
            raise RejectedFile(f"truncated mid-character: valid UTF-8 up to byte {exc.start} of {len(data)}") from exc
    scored: list[tuple[float, str, str]] = []
    failures: list[str] = []
    for name, codec in CANDIDATES:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            if _truncated(data, exc) and common_share(data[: exc.start].decode(codec)) >= MIN_COMMON_SHARE:
                raise RejectedFile(
                    f"truncated mid-character: valid {name} up to byte {exc.start} of {len(data)}"
                ) from exc
            failures.append(f"{name}: invalid byte at {exc.start}")
            continue
        scored.append((common_share(text), name, text))
    if not scored:
        raise RejectedFile("undecodable: not UTF-8, GB18030 or Big5 (" + "; ".join(failures) + ")")
    share, name, text = max(scored, key=lambda item: item[0])
    if share < MIN_COMMON_SHARE:
        raise RejectedFile(f"undecodable: no encoding yields Chinese text (best {name}, {share:.0%} common characters)")
    if _control_share(text) > 0.05:
        raise RejectedFile("binary file: too many control characters for text")
    return Decoded(text, name)


def _control_share(text: str) -> float:
    sample = text[:100_000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls / max(len(sample), 1)
