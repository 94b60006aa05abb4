"""What an agency name is: splitting a list of units into names, cleaning each name, and telling
a well-formed agency from text that only sits where agencies are printed.

Cells and clauses print units in many ways: `市发改委,上虞市政府、嵊州市政府`, space-separated
after a wrapped cell (`市经信委 市水利局`), run together when a separator was lost
(`市经信委绍兴电力局`), with a level written once for the list (`市发展和改革局、工业和信息化局`
is 市发展和改革局 and 市工业和信息化局), with a trailing `等相关部门` after named units, role notes
in brackets (`市公安局(机动车)`) or a deadline left in the cell (`市级部门6月底前完成`). Groups
(`各区、县(市)人民政府`, `市级有关部门`) stand for many agencies and stay whole; their spellings
(`各区、县〔市〕人民政府`, `各区、县(市)政府`) share one key.
"""

from __future__ import annotations

import re
from functools import lru_cache

from orchestration.parsing import regions
from orchestration.parsing.cells import JOINED, ORG_SUFFIX

_SPLIT_MARKS = re.compile(r"[(（〔)）〕、,;\s]")  # brackets and list separators
# bodies whose names open without a place or level: 团市委, 消防…支队, 人行…支行, 中石化…公司
_OPENER = re.compile(r"团[省市县区]委|消防|人行|中石化|中石油|国网|国家电网")
_AND = re.compile(r"((?:以)?及|和)(?=[\u4e00-\u9fff]{2})")
_NAME_ENDS = frozenset("局委办厅院会府团司心队部联)")
_NAME_END = re.compile(f"[{re.escape(''.join(sorted(_NAME_ENDS)))}]")
_GROUP = re.compile(r"^各|^相关|^有关|有关部门|相关部门|有关单位|相关单位|各级|成员单位|有关方面|级有关|级部门|^地方")
_TIME_TAIL = re.compile(
    r"(?:(?:\d{4}年)?(?:\d{1,2}月(?:\d{1,2}日)?|年)(?:底|末|中旬|上旬|下旬)?前?(?:完成|启动|到位)?"
    r"|全年(?:工作)?|长期(?:坚持)?|持续(?:推进)?|(?:年底|年内)前?(?:完成)?)$"
)
_TIME_ONLY = re.compile(r"^(?:(?:\d{4}年)?\d{1,2}月|\d{4}年|全年|长期|持续|年底|年内|每年)")
_TRAILING_NOTE = re.compile(r"[(〔](?:下同|同上|牵头|配合)[)〕]$")
_ETC_TAIL = re.compile(r"等(?:(?:其他|其它)?(?:相关|有关)?(?:部门|单位|方面|机构)?)$")
_ROLE_WORD = re.compile(r"(?:牵头|参与|配合|负责落实|负责)$")
_ROLE_NOTE = re.compile(
    r"^(?P<name>.+?(?:政府|办公室|办公厅|委员会|管委会|委|办|厅|局|部|院|中心|公司|集团|会))\((?P<note>[^()]+)\)$"
)
_LEVEL_PREFIX = re.compile(r"^(省|市|县|区)(?=[\u4e00-\u9fff]{2})")
_LEVEL_CHARS = re.compile(r"[省市县区州盟旗乡镇]|国家|中央|全国|国务院")
_ROLE_ONLY = re.compile(r"^[\u4e00-\u9fff]{2}(?:单位|主体|企业)$")  # 申报单位, 项目单位: roles, not bodies
_BODY = re.compile(r"(?:部门|机构|机制|专班|小组|联|联盟|协会|学会|商会|[^公上]司|科|馆)$")
_GOV_BODY = re.compile(r"(?:局|委|厅|办|委员会|办公室)$")
_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "（": "(", "）": ")", "[": "(", "]": ")"})


def _outside_split(text: str) -> list[str]:
    """Split at separators outside brackets: `各区、县(市)人民政府` stays whole. Only brackets and
    separators change anything, so the loop visits those alone."""
    items, depth, start = [], 0, 0
    for match in _SPLIT_MARKS.finditer(text):
        ch = match.group()
        if ch in "(（〔":
            depth += 1
        elif ch in ")）〕":
            depth = max(depth - 1, 0)
        elif depth == 0:
            items.append(text[start : match.start()])
            start = match.end()
    items.append(text[start:])
    return items


def _is_unit(text: str) -> bool:
    return bool(ORG_SUFFIX.search(text) or _GROUP.search(text) or _ETC_TAIL.search(text) or _BODY.search(text))


def _split_and(item: str) -> list[str]:
    """`相关部门及各地区`, `省级有关单位和市县两级政府` → two units; a 及 or 和 inside a name
    (`直辖市及计划单列市`, `发展和改革委`) stays."""
    if "及" not in item and "和" not in item:
        return [item]
    pieces = _AND.split(item)
    out: list[str] = []
    for n in range(0, len(pieces), 2):
        piece = pieces[n]
        left_is_whole = out and (_is_named(out[-1]) or _ETC_TAIL.search(out[-1]))
        if out and not (left_is_whole and _is_unit(piece)):
            out[-1] += pieces[n - 1] + piece
        else:
            out.append(piece)
    return out


def _starts_with_place(name: str) -> bool:
    return any(regions.lookup(name[:n]) for n in (2, 3, 4))


def _unglue(part: str) -> list[str]:
    """`市经信委绍兴电力局` → `市经信委`, `绍兴电力局`: a name run into the next, which starts with a
    place (a division's full or short name) and ends like an organisation, opens a group (各…), or
    is a zone's committee after a government (`各区、县(市)政府滨海新城管委会`)."""
    for end in _NAME_END.finditer(part, 2, len(part) - 2):  # a name's last character, then more text
        i = end.end()
        if not ORG_SUFFIX.search(part[:i]):
            continue
        rest = part[i:]
        zone = part[:i].endswith("政府") and len(rest) >= 5 and rest.endswith(("管委会", "管理委员会"))
        if (
            (_starts_with_place(rest) and ORG_SUFFIX.search(rest))
            or rest.startswith("各")
            or _OPENER.match(rest)
            or zone
        ):
            return [part[:i], *_unglue(rest)]
    return [part]


def split_units(text: str | None) -> list[str]:
    """`市发改委,上虞市政府、嵊州市政府` → three units; `各区、县(市)人民政府` stays whole;
    `市经信委绍兴电力局` → two; a level written once goes to each member of the list."""
    if not text:
        return []
    return list(_split_units(text))


@lru_cache(maxsize=1 << 12)
def _split_units(text: str) -> tuple[str, ...]:
    """split_units, remembered per text: a gazette's issuers, lead units and table agencies come
    back document after document, and telling glued names apart looks up places."""
    parts: list[tuple[str, str]] = []  # (piece, what stood before it: a separator or nothing)
    for item in _outside_split(text):
        for j in _split_and(item):
            glued = [q for p in JOINED.split(j.strip(" 。.:")) for q in _unglue(p) if q]
            parts += [(q, "" if k else "、") for k, q in enumerate(glued)]
    merged: list[str] = []
    for part, separator in parts:
        open_group = merged and merged[-1].startswith("各") and not part.startswith("各")
        if merged and not _is_named(merged[-1]) and (open_group or (_is_named(part) and len(merged[-1]) <= 4)):
            merged[-1] = f"{merged[-1]}{separator}{part}"
        elif part not in merged:
            merged.append(part)
    return tuple(_share_level(merged))


def _is_named(text: str) -> bool:
    return bool(ORG_SUFFIX.search(text) or _BODY.search(text))


def _share_level(units: list[str]) -> list[str]:
    """`市发展和改革局、工业和信息化局`: the second is a city bureau too. Only bare government
    bodies (…局/委/厅/办) after a level-prefixed one take the prefix."""
    if len(units) < 2:
        return list(units)  # the first unit never takes a level: there is none before it
    out: list[str] = []
    level = None
    for unit in units:
        match = _LEVEL_PREFIX.match(unit)
        if match and ORG_SUFFIX.search(unit):
            level = match.group(1)
        elif (
            level
            and _GOV_BODY.search(unit)
            and not _LEVEL_CHARS.search(unit)
            and not _GROUP.search(unit)
            and not _starts_with_place(unit)
            and len(unit) >= 3
        ):
            unit = level + unit
        else:
            level = None if not ORG_SUFFIX.search(unit) else level
        if unit not in out:
            out.append(unit)
    return out


def strip_role_words(unit: str) -> str:
    """A unit as written, without the role word or note a clause put after it (`市发改委牵头`,
    `滨海新城管委会〔下同〕`); 等 and role notes (`市公安局(交警)`) stay for clean_agency."""
    return _ROLE_WORD.sub("", _TRAILING_NOTE.sub("", unit.strip(" ,;、。:"))).strip()


def clean_agency(name: str) -> tuple[str, str | None, bool]:
    """(name, role note, had 等): `市公安局(机动车)` → (`市公安局`, `机动车`, False);
    `国家卫生健康委等相关部门` → (`国家卫生健康委`, None, True)."""
    name = _TRAILING_NOTE.sub("", name.strip(" ,;、。:"))
    untimed = _TIME_TAIL.sub("", name).strip(" ,;、。:")
    if untimed != name and ORG_SUFFIX.search(untimed) and not _GROUP.search(untimed):
        name = untimed  # 市政府办公室6月底前完成: a deadline run into a named agency
    etc = bool(_ETC_TAIL.search(name)) and len(_ETC_TAIL.sub("", name)) >= 2
    if etc:
        name = _ETC_TAIL.sub("", name).strip()
    name = _ROLE_WORD.sub("", name).strip()
    match = _ROLE_NOTE.match(name.translate(_BRACKETS))
    if match and not _GROUP.search(name):
        return match.group("name"), match.group("note"), etc
    return name, None, etc


def is_group(name: str) -> bool:
    """Collective names (`各区、县(市)人民政府`, `市级有关部门`) that stand for many agencies."""
    return bool(_GROUP.search(name))


def is_well_formed(name: str) -> bool:
    """An agency name, not a fragment: ends like an organisation (or is a group), is not a time,
    holds no sentence punctuation and is of a name's length."""
    if not name or len(name) > 40 or len(name) < 2 or _TIME_ONLY.match(name):
        return False
    if re.search(r"[。;:!?]|\d{3,}|\d月|年底|年内", name) or _ROLE_ONLY.match(name):
        return False
    return bool(ORG_SUFFIX.search(name.translate(_BRACKETS)) or _BODY.search(name) or is_group(name))


def agency_core(name: str) -> tuple[str | None, str]:
    """(level prefix, rest): `市发改委` → (`市`, `发改委`); `湖州电力局` → (None, `湖州电力局`)."""
    match = _LEVEL_PREFIX.match(name)
    if match and ORG_SUFFIX.search(name):
        return match.group(1), name[1:]
    return None, name


def group_key(name: str) -> str:
    """One key for a group's spellings: brackets unified, 人民政府 read as 政府, 市、县 lists
    written with or without 、."""
    key = name.translate(_BRACKETS).replace("人民政府", "政府")
    return re.sub(r"[、,\s]", "", key)


_NATIONAL = re.compile(r"^(?:国家|国务院|中央|全国|中国|最高人民)")
_LEVELS = {"省": "province", "市": "prefecture", "县": "county", "区": "county"}


def agency_scope(name: str, document_region: str | None) -> tuple[str | None, str | None]:
    """(level, region) of an agency as a document names it: `省发改委` in a Zhejiang city's
    text is the province's (浙江省, province); `市环保局` is the document's city; `越城区政府` and
    `绍兴电力局` belong to the place they name; `国家发展改革委` and ministries in a national text
    are national (全国). Level is one of national, province, prefecture, county."""
    home = regions.lookup(document_region) if document_region and document_region != "全国" else None
    if _NATIONAL.match(name) or (document_region == "全国" and not _LEVEL_PREFIX.match(name)):
        named = regions.find_places(name) if not _NATIONAL.match(name) else []
        if not named:
            return "national", "全国"
    prefix = _LEVEL_PREFIX.match(name)
    if prefix and home is not None:
        level = _LEVELS[prefix.group(1)]
        if level == "province":
            return level, home.province
        if level == "prefecture" and home.level in ("prefecture", "province"):
            return level, home.name if home.level == "prefecture" else None
        return (home.level if home.level in ("county", "prefecture") else level), home.name
    for n in (4, 3, 2):
        place = home and regions.lookup(name[:n], within=home.name)
        if not place:
            found = regions.lookup(name[:n])
            # a prefix naming a county elsewhere (东湖 of 南昌 in a Wuhan text) is no place
            place = found if found and (home is None or found.level in ("province", "prefecture")) else None
        if place is not None:
            return place.level, place.name
    if home is not None:
        return home.level, home.name
    return (_LEVELS[prefix.group(1)] if prefix else None), None
