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
HAN_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
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
    han = HAN_CHAR.findall(text)
    if not han:
        return 1.0
    common = common_han()
    return sum(ch in common for ch in han) / len(han)


# Non-Han characters a Chinese text is made of besides ASCII: CJK symbols and punctuation,
# full-width forms, general punctuation, ①-style numbers, Roman numerals, ℃ and the like, shapes
# (■○), ≤ ≥ ×, the middle dot. A wrong decode instead scatters kana, box drawing, Cyrillic,
# Greek, combining marks and rare Han characters.
_TEXT_SYMBOLS = re.compile(
    "[\u3000-\u303f\uff00-\uffef\u2010-\u206f\u2460-\u24ff\u2160-\u217f"
    "\u2100-\u214f\u25a0-\u25ff\u2200-\u22ff\u00b7\u00d7\u00b0]"
)
AMBIGUOUS_MARGIN = 0.1


def plausible_share(text: str) -> float:
    """Share of the non-ASCII characters that a Chinese text is made of: common Han characters
    and the usual CJK symbols. 1.0 for pure ASCII; mojibake scores low even when short."""
    others = [ch for ch in text if ord(ch) > 0x7F]
    if not others:
        return 1.0
    common = common_han()
    return sum(ch in common or bool(_TEXT_SYMBOLS.match(ch)) for ch in others) / len(others)


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
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise RejectedFile("binary file: contains NUL bytes")
    utf8: str | None = None
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _truncated(data, exc):
            raise RejectedFile(f"truncated mid-character: valid UTF-8 up to byte {exc.start} of {len(data)}") from exc
    if utf8 is not None and (HAN_CHAR.search(utf8) or plausible_share(utf8) >= MIN_COMMON_SHARE):
        return Decoded(utf8, "utf-8")
    # valid UTF-8 without a Chinese character in it (`֪ͨ`) may be a short legacy text: read on
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
        scored.append((min(common_share(text), plausible_share(text)), name, text))
    if not scored:
        if utf8 is not None:
            return Decoded(utf8, "utf-8")
        raise RejectedFile("undecodable: not UTF-8, GB18030 or Big5 (" + "; ".join(failures) + ")")
    scored.sort(key=lambda item: item[0], reverse=True)
    share, name, text = scored[0]
    if share < MIN_COMMON_SHARE:
        if utf8 is not None:
            return Decoded(utf8, "utf-8")
        raise RejectedFile(f"undecodable: no encoding yields Chinese text (best {name}, {share:.0%} common characters)")
    if len(scored) > 1 and scored[1][0] >= MIN_COMMON_SHARE and share - scored[1][0] < AMBIGUOUS_MARGIN:
        raise RejectedFile(
            f"ambiguous encoding: reads as {name} «{text[:20].strip()}» and as {scored[1][1]} "
            f"«{scored[1][2][:20].strip()}»; too short to tell, save it as UTF-8"
        )
    if _control_share(text) > 0.05:
        raise RejectedFile("binary file: too many control characters for text")
    return Decoded(text, name)


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """Windows tools save "Unicode" text as UTF-16, sometimes without a byte-order mark: full of
    NUL bytes, yet text. Accepted when one byte order reads as Chinese with common characters."""
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if HAN_CHAR.search(text) and common_share(text) >= MIN_COMMON_SHARE and _control_share(text) <= 0.05:
            return Decoded(text, "utf-16")
    return None


def _control_share(text: str) -> float:
    sample = text[:100_000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls / max(len(sample), 1)
