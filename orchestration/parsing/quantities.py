"""Every number with its unit in a piece of normalised text, with character offsets.

The first of three layers (quantities → frames → facts, see the README): nothing here knows
what a target or a subsidy is. A quantity is a number written in Arabic digits (full-width ones
are folded by normalisation) or in Chinese numerals where a count is plainly meant (`至少建成一所`,
`百分之八十`), an optional range (`6-6.5%`, `30—50个`, `2—3个`), an optional magnitude that stays
part of the unit as written (`10万个`, `28.9亿立方米`, `1.4万个`), and a unit from
`seeds/reference/units.csv`, which also gives its class (percent, count, money, time ...).
Years (`2025年`) are not quantities. Chinese numerals in nicknames (`水十条`, `五个100%`,
`十大产业`) are not read: a Chinese numeral is a number only after a word that counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from orchestration.parsing import vocab
from orchestration.parsing.numerals import cn_to_int

MAGNITUDES = {"万亿": 1e12, "百万": 1e6, "千万": 1e7, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}
_NUMBER = r"\d+(?:\.\d+)?"
_RANGE_SEP = r"-|—|–|~|至|到"
_CN_DIGITS = "零〇一二两三四五六七八九十百千"
# words after which a Chinese numeral counts something (至少建成一所, 每个乡镇配备两名)
_CN_COUNTING = (
    r"(?:至少|不少于|不低于|超过|达到|共|约|再|新增|增加|配备|建成|建设|新建|培育|打造|形成|设立|设置|"
    r"建立|选派|安排|组建|开设|举办|遴选|引进|扶持|支持|认定|每年|每|各|有)"
)


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    value: float
    high: float | None
    unit: str
    unit_class: str
    magnitude: str
    approx_marker: str
    text: str

    @property
    def is_year(self) -> bool:
        return self.unit == "年" and not self.magnitude and 1900 <= self.value <= 2100 and self.value.is_integer()


def _units_pattern() -> str:
    units = list(vocab.unit_classes())
    han = [u for u in units if not re.match(r"[A-Za-z]", u)]
    latin = [u for u in units if re.match(r"[A-Za-z]", u)]
    return rf"(?:{vocab.alternation(han)}|(?i:{vocab.alternation(latin)})(?![A-Za-z]))"


@cache
def _pattern() -> re.Pattern[str]:
    units = _units_pattern()
    mags = vocab.alternation(list(MAGNITUDES))
    return re.compile(
        rf"(?P<num>{_NUMBER})(?:\s*(?:{_RANGE_SEP})\s*(?P<high>{_NUMBER}))?\s*(?P<approx>多|余)?\s*"
        rf"(?:(?P<unit1>{units})|(?P<mag>{mags})\s*(?P<approx2>多|余)?\s*(?P<unit2>{units}))"
        r"(?P<per>/(?:小时|时|日|天|年|次|h))?"
    )


@cache
def _cn_pattern() -> re.Pattern[str]:
    count_units = [u for u, c in vocab.unit_classes().items() if c in ("count",) and not re.match(r"[A-Za-z]", u)]
    units = vocab.alternation(count_units)
    counted = rf"{_CN_COUNTING}(?P<cn>[{_CN_DIGITS}]{{1,6}})(?P<mag>万|亿)?(?P<unit>{units})"
    at_end = _CN_AT_END.format(units=units, digits=_CN_DIGITS)
    return re.compile(rf"{counted}|{at_end}")


# a count written last in its phrase: 新建城镇污水处理厂三座。 (a bare 十/百/千 there is a nickname: 水十条)
_CN_AT_END = (
    r"(?P<cn2>(?![十百千万][{units}])[{digits}]{{1,6}})(?P<mag2>万|亿)?(?P<unit2>{units})(?=\s*(?:[,;。!?)]|$))"
)
_CN_FRACTION = re.compile(r"(?P<whole>[一二两三四五六七八九十]{1,2})分之(?P<part>[一二两三四五六七八九十]{1,2})")
_CN_PERCENT = re.compile(r"百分之(?P<cn>[零〇一二两三四五六七八九十百]+)(?:点(?P<dec>[零〇一二三四五六七八九]+))?")


def _magnitude_value(unit: str) -> str:
    return next((m for m in sorted(MAGNITUDES, key=len, reverse=True) if unit.startswith(m)), "")


def find_quantities(text: str) -> list[Quantity]:
    """Quantities in reading order; spans never overlap."""
    classes = vocab.unit_classes()
    found: list[Quantity] = []
    for m in _pattern().finditer(text):
        if m.start() > 0 and re.match(r"[.0-9A-Za-z]", text[m.start() - 1]):
            continue  # inside a name such as PM2.5, L2, IPv6
        base = m.group("unit1") or m.group("unit2")
        base_class = classes.get(base) or classes.get(base.upper()) or _latin_class(base)
        magnitude = m.group("mag") or ""
        unit = magnitude + base.replace("每", "/") + (m.group("per") or "")
        approx = m.group("approx") or m.group("approx2") or ""
        high = float(m.group("high")) if m.group("high") else None
        found.append(
            Quantity(m.start(), m.end(), float(m.group("num")), high, unit, base_class, magnitude, approx, m.group(0))
        )
    taken = [(q.start, q.end) for q in found]
    for m in _cn_pattern().finditer(text):
        group = "cn" if m.group("cn") else "cn2"
        start = m.start(group)
        if any(s < m.end() and start < e for s, e in taken) or in_quotes(text, start):
            continue
        value = cn_to_int(m.group(group))
        if value is None or value == 0 or text[max(0, start - 1) : start] == "式":
            continue  # 一式四份: copies of a form
        if value == 1 and not re.search(r"(?:至少|不少于|不低于)\S{0,4}$", text[max(0, start - 8) : start]):
            continue  # 构建一套…体系, 打造一个…平台: an article, not a count
        mag = m.group("mag") or m.group("mag2") or ""
        unit = mag + (m.group("unit") or m.group("unit2"))
        found.append(Quantity(start, m.end(), float(value), None, unit, "count", mag, "", text[start : m.end()]))
    for m in _CN_PERCENT.finditer(text):
        whole = cn_to_int(m.group("cn"))
        if whole is None:
            continue
        decimals = "".join(str(cn_to_int(d)) for d in (m.group("dec") or ""))
        value = float(f"{whole}.{decimals}") if decimals else float(whole)
        found.append(Quantity(m.start(), m.end(), value, None, "%", "percent", "", "", m.group(0)))
    for m in _CN_FRACTION.finditer(text):
        whole, part = cn_to_int(m.group("whole")), cn_to_int(m.group("part"))
        if whole and part and part < whole:
            value = round(part / whole * 100, 2)
            found.append(Quantity(m.start(), m.end(), value, None, "%", "percent", "", "", m.group(0)))
    found = [q for q in found if not q.is_year and not _is_year_range(q) and not _not_a_unit(text, q)]
    found.extend(_sharing_unit(text, found))
    return sorted(found, key=lambda q: q.start)


_BARE = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?P<mag>万亿|亿|万)(?=\s*(?:、|和|及|至|,))")


def _sharing_unit(text: str, found: list[Quantity]) -> list[Quantity]:
    """`22亿、25亿、29亿立方米`: numbers listed before the last one share its unit."""
    out: list[Quantity] = []
    taken = [(q.start, q.end) for q in found]
    for m in _BARE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken) or (m.start() and text[m.start() - 1].isdigit()):
            continue
        follow = re.match(
            r"(?:\s*(?:、|和|及|,)\s*\d+(?:\.\d+)?\s*(?:万亿|亿|万))*\s*(?:、|和|及|,)\s*", text[m.end() :]
        )
        if not follow:
            continue
        nxt = next((q for q in found if q.start == m.end() + follow.end()), None)
        if nxt is None or nxt.magnitude != m.group("mag"):
            continue
        out.append(
            Quantity(
                m.start(), m.end(), float(m.group("num")), None, nxt.unit, nxt.unit_class, nxt.magnitude, "", m.group(0)
            )
        )
    return out


# A unit character and the one after it that make a word of their own (所示, 市场, 场景, 项目)
_WORD_AFTER_UNIT = {
    "所": "示有在属以谓述",
    "市": "场级民县区委政长",
    "场": "景所馆地",
    "项": "目",
    "条": "件",
    "克": "服",
}


def _not_a_unit(text: str, q: Quantity) -> bool:
    """`如图9所示`, `61965366市场`, `010-68501696`, `示范10场景`: a figure number, a telephone
    number, a unit character that starts a word (所示, 市场, 场景)."""
    after = text[q.end : q.end + 1]
    unit = q.unit[len(q.magnitude) :] if q.magnitude else q.unit
    if after and after in _WORD_AFTER_UNIT.get(unit, ""):
        return True
    before = text[max(0, q.start - 2) : q.start]
    return bool(re.search(r"[-—]$", before) and q.value >= 100000) or bool(re.search(r"图|表|附件$", before))


def _is_year_range(q: Quantity) -> bool:
    return q.unit == "年" and q.high is not None and 1900 <= q.value <= 2100


def _latin_class(unit: str) -> str:
    upper = {u.upper(): c for u, c in vocab.unit_classes().items()}
    return upper.get(unit.upper(), "other")


_OPEN_QUOTES, _CLOSE_QUOTES = "“《「『", "”》」』"


def in_quotes(text: str, position: int) -> bool:
    """Inside “…” or 《…》 before `position`: a name or nickname, not a quantity."""
    depth = 0
    for ch in text[:position]:
        if ch in _OPEN_QUOTES:
            depth += 1
        elif ch in _CLOSE_QUOTES:
            depth = max(0, depth - 1)
    return depth > 0
