"""Character-level normalisation of gazette text, line by line.

Every published string goes through here, so that search and joins work whatever the source
looked like: traditional script is converted to simplified (OpenCC t2s), pinyin annotations
that some converters add after each character (`環(huán)境`) are removed, LaTeX left over from
PDF conversion (`$PM_{2.5}$`) is unwrapped, NFKC folds full-width forms, and spaces that PDF
extraction sprinkles inside Chinese runs (`到 2020 年`) are removed. Tabs survive: they
separate table cells. Line breaks survive too, one output line per input line, so every
fact keeps the line number it came from; re-joining broken sentences is layout's job.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from orchestration.parsing import t2s

if TYPE_CHECKING:
    import numpy as np

_CIRCLED = {chr(0x2460 + i): f"({i + 1})" for i in range(20)}
_LATEX_COMMANDS = {
    r"\%": "%",
    r"\sim": "~",
    r"\leq": "≤",
    r"\le": "≤",
    r"\geq": "≥",
    r"\ge": "≥",
    r"\times": "×",
    r"\cdot": "·",
    r"\,": "",
    r"\;": "",
    r"\ ": "",
}
_LATEX_WRAPPERS = re.compile(r"\\(?:mathrm|text|mathbf|textrm|rm|mathit|operatorname)\s*\{([^{}]*)\}")
_LATEX_SCRIPT = re.compile(r"[_^]\{([^{}]*)\}")
_LATEX_SCRIPT_BARE = re.compile(r"[_^](?<=[A-Za-z][_^])(?=[0-9.]+)")
_LATEX_MATH = re.compile(r"\$+([^$\n]{0,80}?)\$+")

_PINYIN_VOWELS = "aeiouvüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜê"
_PINYIN = re.compile(r"\((?<=[\u3400-\u9fff]\()([a-z" + _PINYIN_VOWELS + r"ńňǹḿ]{1,6}[1-5]?)\)")
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_TONED_SYLLABLE = re.compile(r"\([a-zü]{0,5}[" + _TONED + r"][a-zü]{0,5}\)")

_CJK = r"\u2e80-\u2fff\u3001-\u303f\u3400-\u9fff\uf900-\ufaff\u2014\u2026\u201c\u201d\u2018\u2019"
_SPACE_RUN = re.compile(r"[ \u00a0\u2000-\u200b\u3000]+")
# Patterns open with the character they change and look behind it afterwards (` (?<=x )` for
# `(?<=x) `): the regex engine then skips to candidates instead of trying every position.
_SPACE_NEAR_CJK = re.compile(rf" (?<=[{_CJK}] ) *| +(?=[{_CJK}])")
_SPACE_IN_NUMBER = re.compile(r" (?<=\d ) *(?=[.%])| (?<=\. ) *(?=\d)")
# The space patterns run over a whole text at once, so whitespace in them is `_GAP`, which never
# crosses a cell (tab) or a line; every lookaround treats a tab or line break as a cell's edge.
_GAP = r"[^\S\t\n]"
_AGENCY_GAP = re.compile(rf"(?<=[局委办厅部院室会司团府]){_GAP}+(?=(?:市|省|县|区|各)[\u4e00-\u9fff])")
_CELL_EDGE_SPACE = re.compile(rf"(?<![^\t\n]){_GAP}+|{_GAP}+(?![^\t\n])")
_TRAILING_TABS = re.compile(r"\t+(?![^\n])")
# every character tidy_spaces may touch, other than the space, the tab and the line break
_OTHER_SPACE = re.compile(
    "[" + re.escape("".join(ch for ch in map(chr, range(0x10000)) if ch.isspace() and ch not in " \t\n")) + "\u200b]"
)
_PM = re.compile(rf"PM(?<![A-Za-z]PM){_GAP}*(2\.5|10)(?![\d.])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# PDF converters leave a private-use glyph where a decimal point was (19\ue0107 → 19.7); other
# private-use and invisible characters are dropped, so none ever sits inside a number.
_CIRCLED_CHAR = re.compile(f"[{''.join(_CIRCLED)}]")
_PRIVATE_POINT = re.compile(r"[\ue000-\uf8ff](?<=\d[\ue000-\uf8ff])(?=\d)")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ue000-\uf8ff]")
# any character _CIRCLED_CHAR, _CONTROL, _PRIVATE_POINT or _INVISIBLE would change; NFKC makes
# none of them (it folds compatibility characters into ordinary ones)
_RARE = re.compile(
    "["
    + "".join(_CIRCLED)
    + r"\x00-\x08\x0b\x0e-\x1f\x7f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ue000-\uf8ff"
    + "]"
)
_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
SHARE_WINDOW = 200_000  # characters read to tell how traditional a text is
# Blocks holding the compatibility characters gazettes use (full-width forms, ideographic space,
# enclosed numbers, CJK compatibility); the CJK ideographs and Hangul between them never change.
_COMPAT_BLOCKS = ((0xA0, 0x3400), (0xA000, 0xAC00), (0xF900, 0x10000))


@lru_cache(maxsize=1)
def _compat_run() -> re.Pattern[str]:
    """A run of characters that NFKC rewrites one by one, found among `_COMPAT_BLOCKS`."""
    chars = [
        chr(code)
        for low, high in _COMPAT_BLOCKS
        for code in range(low, high)
        if unicodedata.normalize("NFKC", chr(code)) != chr(code)
    ]
    return re.compile(f"[{re.escape(''.join(chars))}]+")


def nfkc(text: str) -> str:
    """unicodedata NFKC, fast on Chinese text. NFKC of a whole text is slow once any character
    changes (every full-width comma does), but fast when none does. So the compatibility runs
    are folded first, each on its own; folding a piece into its NFKC form keeps the whole text
    compatibility-equivalent, so the final NFKC gives exactly what it gives on the original."""
    return unicodedata.normalize("NFKC", _compat_run().sub(_nfkc_match, text))


def _nfkc_match(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group())


def to_simplified(text: str) -> str:
    return t2s.to_simplified(text)


def strip_latex(text: str) -> str:
    """`$PM_{2.5}$` → `PM2.5`; only touches text that carries LaTeX marks."""
    if "$" not in text and "\\" not in text and "_{" not in text and "^{" not in text:
        return text
    if "$" in text:  # each pass only where its mark is: a text with one `$` has no commands
        text = _LATEX_MATH.sub(r"\1", text)
    if "\\" in text:
        text = _LATEX_WRAPPERS.sub(r"\1", text)
        for command, replacement in _LATEX_COMMANDS.items():
            text = text.replace(command, replacement)
    if "_{" in text or "^{" in text:
        text = _LATEX_SCRIPT.sub(r"\1", text)
    if "_" in text or "^" in text:
        text = _LATEX_SCRIPT_BARE.sub("", text)
    return text


def strip_pinyin(text: str) -> str:
    """`環(huán)境` → `環境`: a parenthesised syllable right after a Han character, or one
    with a tone mark anywhere (no gazette prose writes those; garbled sources leave them
    after stray symbols)."""
    return _TONED_SYLLABLE.sub("", _PINYIN.sub(_drop_if_syllable, text))


def _drop_if_syllable(match: re.Match[str]) -> str:
    syllable = match.group(1)
    return "" if any(ch in _PINYIN_VOWELS for ch in syllable) else match.group(0)


def tidy_spaces(text: str) -> str:
    """Collapse space runs and drop those touching Chinese text; tabs are kept. A space between
    two agency names (`市发改委 市商务局`) separates list items and becomes 、. Each cell is
    stripped and a line's trailing empty cells are dropped. Runs on one line or a whole text:
    no pattern reaches across a tab or a line break, and one pass over the text costs far less
    than a pass per cell."""
    text = _AGENCY_GAP.sub("、", _SPACE_RUN.sub(" ", text))
    text = _CELL_EDGE_SPACE.sub("", _SPACE_IN_NUMBER.sub("", _SPACE_NEAR_CJK.sub("", text)))
    return _TRAILING_TABS.sub("", _PM.sub(r"PM\1", text))


def normalise_text(text: str) -> list[str]:
    """Normalise a whole decoded file; returns one string per original line."""
    return _tidy_lines(to_simplified(_before_t2s(text)))


def normalise_measured(text: str) -> tuple[list[str], float]:
    """normalise_text, and the share of Han characters the t2s step changed (traditional_share
    of the text as t2s saw it), from the one conversion: t2s is the costliest step here."""
    text = _before_t2s(text)
    simplified = to_simplified(text)
    return _tidy_lines(simplified), _changed_share(text, simplified)


def _before_t2s(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").lstrip("\ufeff")
    rare = _RARE.search(text) is not None  # most texts hold none of what the next passes remove
    if rare:
        text = _CIRCLED_CHAR.sub(_circled, text)
    text = nfkc(text)
    if rare:
        text = _CONTROL.sub("", text)
        text = _INVISIBLE.sub("", _PRIVATE_POINT.sub(".", text))
    text = strip_latex(text)
    return strip_pinyin(text)


def _tidy_lines(text: str) -> list[str]:
    """tidy_spaces line by line, where only lines holding a space need the regex passes: most
    gazette lines hold none, and each pass costs as much on a clean line as on a dirty one.
    A text holding any other kind of space gets every line tidied."""
    lines = text.split("\n")
    if _OTHER_SPACE.search(text):
        dirty = list(range(len(lines)))
    else:
        dirty = [i for i, line in enumerate(lines) if " " in line]
        lines = [line if " " in line else line.rstrip("\t") for line in lines]  # all a clean line needs
    tidied = tidy_spaces("\n".join(lines[i] for i in dirty)).split("\n") if dirty else []
    for i, line in zip(dirty, tidied, strict=True):
        lines[i] = line
    return lines


def _circled(match: re.Match[str]) -> str:
    return _CIRCLED[match.group()]


def normalise_fragment(text: str) -> str:
    """Normalise a short string (a cell, a title) the same way, on one line."""
    return " ".join(line for line in normalise_text(text) if line).strip()


def traditional_share(text: str) -> float:
    """Share of Han characters that t2s changes: how traditional the source was."""
    han = "".join(_HAN_RUN.findall(text[:SHARE_WINDOW]))
    if not han:
        return 0.0
    return _differences(han, to_simplified(han)) / len(han)


def _changed_share(text: str, simplified: str) -> float:
    """traditional_share of `text`, given its t2s conversion. t2s maps character for character
    here, so a changed Han character is at the same place in both; most text is simplified
    already and compares equal whole. A conversion that changed the length is measured the long
    way."""
    if len(simplified) != len(text):
        return traditional_share(text)
    window, converted = text[:SHARE_WINDOW], simplified[:SHARE_WINDOW]
    if window == converted:
        return 0.0
    before, after = _code_points(window), _code_points(converted)
    han = (before >= 0x3400) & (before <= 0x9FFF)  # as _HAN_RUN reads them
    total = int(han.sum())
    return int((han & (before != after)).sum()) / total if total else 0.0


def _differences(a: str, b: str) -> int:
    """How many positions of the shorter string differ in the other."""
    length = min(len(a), len(b))
    return int((_code_points(a[:length]) != _code_points(b[:length])).sum())


def _code_points(text: str) -> np.ndarray:
    """The text as an array of code points: comparing characters one by one in Python makes a
    string object per Chinese character. numpy comes with the parse workers' pyarrow anyway; it
    is imported here, not with the module, which the command also imports."""
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
