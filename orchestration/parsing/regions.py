"""Administrative divisions (GB/T 2260, province to county) and the place names gazettes write.

Gazettes name places in several ways: in full (`绍兴市`, `阿坝藏族羌族自治州`), by short name
(`浙江`, `绍兴`, `阿坝`), and as a chain (`浙江省绍兴市越城区`). Many county names repeat across
the country (鼓楼区 is in 南京, 徐州, 福州 and 开封), so a name alone may not say which place
is meant; `lookup` then wants a `within` (the document's province or prefecture) and returns
None rather than guess.

The reference is seeds/reference/regions.csv (written by orchestration.reference.make_regions,
see there for its source and licence); it is read once per process.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal, cast

REGIONS_CSV = Path(__file__).resolve().parents[2] / "seeds" / "reference" / "regions.csv"

Level = Literal["province", "prefecture", "county"]
_RANK: dict[str, int] = {"province": 0, "prefecture": 1, "county": 2}

# Short names of prefectures that are also ordinary words or other things (长治久安, 哈密瓜,
# 日照时数, 海西 for 海峡西岸, 新乡村, 新乡贤): `find_places` only takes them with their suffix.
_SHORT_STOPWORDS = frozenset(
    {"来宾", "白银", "长治", "安康", "朝阳", "大庆", "大同", "日照", "哈密", "中山", "北海", "阿里", "玉树", "大理"}
    | {"三明", "海西", "新乡", "黑河"}
)
# County names that are ordinary words too (城区, 新城区, 解放区); like every county name of two
# characters (和县 in 市和县两级, 兴县 in 振兴县域), `find_places` takes them only right after
# the name of a place that contains them: 马鞍山市和县, 西安市新城区.
_GENERIC_COUNTY_NAMES = frozenset(
    {"新城区", "老城区", "城关区", "城中区", "城东区", "城西区", "城北区", "城厢区", "市中区", "新市区", "港口区"}
    | {"解放区", "河口区"}
)
# 黄河北岸, 泰山南麓: a short name ending in a direction, followed by a side, is geography
_SIDE = re.compile(r"[东西南北][岸侧麓坡端缘]")
# characters after which a place name can start without being the tail of a word: 在杭州, 赴宁波
_FUNCTION_CHARS = frozenset("在和与及同或对向至到从由于为是的了将把给赴经暨跟往来去离自驻以按据当除比即并共")
# what may follow a place in a list, so that 建成嘉兴、舟山 counts 嘉兴 despite 成
_LIST_ENDS = tuple("、，,。；;：:)）和与及等")


@dataclass(frozen=True, slots=True)
class Region:
    """One division: a row of regions.csv."""

    code: str  # 6-digit GB/T 2260 code, e.g. 330600
    name: str  # full name, e.g. 绍兴市
    short_name: str  # without the administrative suffix, e.g. 绍兴 (the full name where that would be ambiguous)
    level: Level
    parent_code: str | None  # None for provinces; municipal districts hang off the province
    province: str  # full name of the province, e.g. 浙江省


@dataclass(frozen=True)
class _Index:
    by_code: dict[str, Region]
    by_name: dict[str, tuple[Region, ...]]
    by_short: dict[str, tuple[Region, ...]]  # only where the short name differs from the full one
    ancestors: dict[str, frozenset[str]]  # code → codes of its parent, grandparent ...
    pattern: re.Pattern[str]  # every name find_places looks for, longest first


def _read(path: Path) -> list[Region]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Region(
                code=row["code"],
                name=row["name"],
                short_name=row["short_name"],
                level=cast(Level, row["level"]),
                parent_code=row["parent_code"] or None,
                province=row["province"],
            )
            for row in csv.DictReader(handle)
        ]


def _group(pairs: Iterable[tuple[str, Region]]) -> dict[str, tuple[Region, ...]]:
    grouped: dict[str, list[Region]] = {}
    for key, region in pairs:
        grouped.setdefault(key, []).append(region)
    return {key: tuple(regions) for key, regions in grouped.items()}


@cache
def _index() -> _Index:
    """All lookup tables, built on first use: the CSV is small (3,200 rows) but read once."""
    rows = _read(REGIONS_CSV)
    by_code = {r.code: r for r in rows}
    ancestors: dict[str, frozenset[str]] = {}
    for r in rows:
        chain, parent = [], r.parent_code
        while parent:
            chain.append(parent)
            parent = by_code[parent].parent_code
        ancestors[r.code] = frozenset(chain)
    by_name = _group((r.name, r) for r in rows)
    by_short = _group((r.short_name, r) for r in rows if r.short_name != r.name)
    # full names of every level; short names of provinces and prefectures only, since county
    # short names (越城, 鼓楼, 城关) hide inside ordinary words far too often
    terms = set(by_name)
    terms |= {r.short_name for r in rows if r.level != "county" and r.short_name != r.name and len(r.short_name) >= 2}
    terms -= _SHORT_STOPWORDS
    alternation = "|".join(re.escape(t) for t in sorted(terms, key=lambda t: (-len(t), t)))
    return _Index(by_code, by_name, by_short, ancestors, re.compile(alternation))


def regions() -> tuple[Region, ...]:
    """Every division, ordered by code."""
    return tuple(_index().by_code.values())


def _anchors(within: str) -> tuple[Region, ...]:
    """The divisions `within` may mean: a code, a full name or a short name (all readings)."""
    idx = _index()
    key = within.strip()
    if key in idx.by_code:
        return (idx.by_code[key],)
    return idx.by_name.get(key, ()) + idx.by_short.get(key, ())


def _inside(candidates: Sequence[Region], anchors: Sequence[Region]) -> list[Region]:
    """Candidates below one of the anchors, or else candidates that are an anchor themselves.

    Below first: 吉林 within 吉林省 is 吉林市, not the province itself.
    """
    ancestors = _index().ancestors
    codes = {a.code for a in anchors}
    below = [c for c in candidates if ancestors[c.code] & codes]
    return below or [c for c in candidates if c.code in codes]


def _pick(candidates: Sequence[Region]) -> Region | None:
    """The one candidate, or the single highest-level one if that is a province or prefecture.

    A short name written alone means the higher division (吉林 is the province, 朝阳 the city of
    辽宁, not 朝阳区 of 北京); between counties there is no such convention, so None.
    """
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        return None
    best = min(_RANK[c.level] for c in candidates)
    top = [c for c in candidates if _RANK[c.level] == best]
    if len(top) == 1 and top[0].level != "county":
        return top[0]
    return None


def _candidates(name: str) -> tuple[Region, ...]:
    idx = _index()
    key = name.strip()
    if key in idx.by_code:
        return (idx.by_code[key],)
    found = idx.by_name.get(key) or idx.by_short.get(key, ())
    if not found and key.endswith("州") and len(key) >= 3:
        # 阿坝州, 湘西州: an autonomous prefecture by its short name and 州
        found = tuple(r for r in idx.by_short.get(key[:-1], ()) if r.name.endswith("自治州"))
    return found


def lookup(name: str, within: str | None = None) -> Region | None:
    """The division a written name (full, short or a 6-digit code) stands for, or None.

    `within` is a province or prefecture (name, short name or code) that the place lies in,
    usually the issuer's region; it picks among same-named places (鼓楼区 within 福州市).
    Without it, or when it is not a known division, a name shared by several counties is
    ambiguous and gives None. A `within` that contains no place of that name gives None too.
    """
    candidates = _candidates(name)
    if within is not None and (anchors := _anchors(within)):
        return _pick(_inside(candidates, anchors))
    return _pick(candidates)


def find_places(text: str) -> list[str]:
    """Full names of the divisions a text names, in order of first appearance, each once.

    Matches are longest first and do not overlap (浙江省绍兴市越城区 → 浙江省, 绍兴市, 越城区).
    Names written in full count anywhere, except county names that are also ordinary words
    (和县, 新城区), which count only right after a place containing them (马鞍山市和县).
    Short names count for provinces and prefectures only (浙江, 绍兴), and only where no word
    runs into them: after a place, punctuation or a function word (在杭州, 、宁波) or before a
    list separator (建成嘉兴、), not inside 推广安装 or 医保定点. They are resolved with the place
    named before as context (吉林省…吉林 → 吉林市). A full name shared by several counties is
    returned as written. Precision comes first: 支持浙江 is missed rather than 推广安装 taken.
    """
    idx = _index()
    found: dict[str, None] = {}
    previous: Region | None = None
    previous_end = -1
    pos = 0
    while match := idx.pattern.search(text, pos):
        start = match.start()
        resolved = _resolve(match.group(), text, start, previous if previous_end == start else None, previous)
        if resolved is None:
            pos = start + 1  # a shorter name may start inside the rejected one
            continue
        name, region = resolved
        found.setdefault(name, None)
        previous, previous_end, pos = region, match.end(), match.end()
    return list(found)


def _at_boundary(text: str, start: int) -> bool:
    """Whether no word runs into text[start]: start of text, not a Chinese character, or a function word."""
    if start == 0:
        return True
    before = text[start - 1]
    return not ("\u3400" <= before <= "\u9fff") or before in _FUNCTION_CHARS


def _resolve(
    term: str, text: str, start: int, adjacent: Region | None, context: Region | None
) -> tuple[str, Region | None] | None:
    """(full name, division or None if several) a matched term stands for, or None to reject it.

    `adjacent` is the place matched right before this one, `context` the last place matched.
    """
    idx = _index()
    end = start + len(term)
    full = idx.by_name.get(term)
    if full:
        if all(r.level == "county" for r in full):
            if len(term) <= 2 or term in _GENERIC_COUNTY_NAMES or text.startswith("域", end):  # 河口区域
                inside = _inside(full, (adjacent,)) if adjacent else []
                return (term, inside[0]) if len(inside) == 1 else None
            if term.endswith("城市") and adjacent is None and not _at_boundary(text, start):  # 沿海城市
                return None
        return term, (full[0] if len(full) == 1 else _in_context(full, context))
    if _SIDE.match(text, end - 1):
        return None
    if adjacent is None and not _at_boundary(text, start) and not text.startswith(_LIST_ENDS, end):
        return None
    region = _in_context([r for r in idx.by_short.get(term, ()) if r.level != "county"], context)
    return (region.name, region) if region else None


def _in_context(candidates: Sequence[Region], context: Region | None) -> Region | None:
    """The candidate inside the last place named, else inside each division above it, else alone.

    绍兴市越城区…宁波 → 宁波市 (inside 浙江省); 吉林省…吉林 → 吉林市.
    """
    idx = _index()
    if context is not None:
        for code in [context.code, *sorted(idx.ancestors[context.code], reverse=True)]:
            inside = _inside(candidates, (idx.by_code[code],))
            if inside:
                return _pick(inside)
    return _pick(candidates)
