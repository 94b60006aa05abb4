"""The context a clause inherits from its document: the year a goal is for, plan or review.

The second layer (quantities → frames → facts). A reader of gazettes knows that bullets under
`到2025年，主要目标是：` are 2025 goals, that everything in `2019年全省生态环境工作要点` is for
2019, that a section headed `总体目标（2013-2025年）` ends in 2025, and that a section headed
`发展基础` reviews the past. These functions read those cues from one text at a time; the dbt
model `int_clause_frames` hands them down the outline (sentence → paragraph head → section
heading → document), so each rule is tested here on phrases and there on small outlines.
"""

from __future__ import annotations

import re
from functools import cache

from orchestration.parsing import patterns as P
from orchestration.parsing import regions, vocab

_YEAR = r"((?:19|20)\d{2})"
_PERIOD = re.compile(rf"{_YEAR}\s*(?:年)?\s*(?:-|—|–|~|至|到)\s*{_YEAR}\s*年?")
_TARGET_YEAR = re.compile(rf"(?:到|至|于|在|力争|争取|预计)?\s*{_YEAR}\s*年(?:年)?\s*(?:底|末|前|以前|内)?(?![\d月])")
_BASELINE = re.compile(
    rf"(?:同比|比|较|相比|与)\s*{_YEAR}\s*年?(?:\s*(?:-|—|–|至)\s*(?:19|20)\d{{2}}\s*年)?(?:底|末)?(?:的)?(?:平均数|平均水平)?"
)
_CITED = re.compile(r"《[^》]*》|“[^”]*\d{4}[^”]*”")


@cache
def _five_year() -> re.Pattern[str]:
    return re.compile(rf"({vocab.alternation(list(vocab.five_year_plans()))})")


_THIS_YEAR = re.compile(rf"(?<!\d)年底前|{P.NOT_AFTER_A_COUNT}年内|今年|本年度|年底(?!\d)")


def named_year(text: str | None, document_year: int | None = None) -> int | None:
    """The year a text sets a goal for: `到2020年`, `2023年底前`, `十四五末`, a period's end
    (`2018-2022年`), `年底前`/`今年` → the document's year. A baseline (`比2015年`) and a year
    inside a cited title (`《…2035年远景目标纲要》`) are not target years."""
    if not text:
        return None
    text = _BASELINE.sub("", _CITED.sub("", text))
    text = re.sub(r"\([^()]*\)", "", text)  # (1998年前建成…): an aside, not the goal's year
    period = _PERIOD.search(text)
    if period and int(period.group(2)) > int(period.group(1)):
        return int(period.group(2))
    for match in _TARGET_YEAR.finditer(text):
        year = int(match.group(1))
        if document_year is None or year >= document_year - 1:
            return year
    plan = _five_year().search(text)
    if (
        plan
        and (
            len(text) <= 12  # a table header such as `“十三五”削减比例` names the period alone
            or re.search(
                r"末|期间|时期|期末|到|至|规划期", text[plan.end() : plan.end() + 4] + text[: plan.start()][-2:]
            )
        )
    ):
        return vocab.five_year_plans()[plan.group(1)][1]
    if document_year and _THIS_YEAR.search(text):
        return document_year
    return None


def strip_baselines(text: str) -> str:
    """The text without its baselines (比2015年, 较2014—2016年的平均数)."""
    return _BASELINE.sub("", text)


def baseline_year(text: str | None) -> int | None:
    """`比2015年下降22%` → 2015: only an explicit year (a period's average is not one)."""
    match = _BASELINE.search(text or "")
    if not match or re.search(r"\d{4}\s*年?\s*(?:-|—|–|至)\s*\d{4}", match.group(0)):
        return None
    return int(match.group(1))


def _period_or_one_year(text: str | None, year: str) -> int | None:
    """A period's end (`2013-2025年` → 2025), else the one year the text names, else None."""
    if not text:
        return None
    text = _CITED.sub("", text)
    period = _PERIOD.search(text)
    if period and int(period.group(2)) > int(period.group(1)):
        return int(period.group(2))
    years = {int(y) for y in re.findall(year, text)}
    return years.pop() if len(years) == 1 else None


def heading_year(heading: str | None) -> int | None:
    """A section heading that names one year (`三、2022年重点工作`) or a period
    (`总体目标（2013-2025年）`) sets that year, or the period's end, for its section."""
    return _period_or_one_year(heading, rf"{_YEAR}\s*年")


def title_year(title: str | None) -> int | None:
    """A title that fixes one plan year (`2019年全省生态环境工作要点`, `数字山东2021行动方案`) or a
    plan period with years (`…行动计划(2018-2022)`) → that year or the period's end. A five-year
    plan's name alone (`“十四五”…规划`) does not: its goals carry their own years. A notice that
    issues a plan (`关于印发《2023年全省卫生健康工作要点》的通知`) carries it, so the plan's title
    counts; a document it only cites (`关于贯彻《…》的意见`) does not."""
    issued = _ISSUES.search(title or "")
    if issued:
        return title_year(issued.group(1))
    return _period_or_one_year(title, rf"(?<!\d){_YEAR}(?!\d)")


_ISSUES = re.compile(r"(?:印发|转发|下发|颁布|公布)[^《]{0,20}《([^》]+)》[^《]{0,6}(?:的)?通知")


def is_review(text: str | None, scope: str = "sentence") -> bool:
    """Does a sentence (or a heading, with scope='heading') speak of what has been done, or
    define things (事件分级, 风险分析) rather than set goals?"""
    if not text:
        return False
    cues = vocab.tense_cues(scope)
    return any(cue in text for cue, tense in cues.items() if tense in ("review", "definition"))


# 到2025年 plans; 提升至2022年的28% names a value of that year
_PLANNED_YEAR = re.compile(r"(?<![截直])(?:到|至)\s*(?:19|20)\d{2}\s*年(?!的)")


def plans(text: str | None) -> bool:
    """Does a sentence speak of the future (到2025年, 力争, 将, 要, 目标 …)?"""
    if not text:
        return False
    cues = [c for c, t in vocab.tense_cues("sentence").items() if t == "plan" and len(c) > 1]
    return bool(_PLANNED_YEAR.search(text)) or any(c in text for c in cues)  # 将/要 alone hide in 主要, 将来


# A level as measured, then its change on last year (`粮食总产量621万吨,比上年增长0.5%`): how a
# statistical bulletin or a report's review states every figure; a plan sets one or the other.
_STATED_CHANGE = re.compile(r"\d\s*(?:[万亿千百]{0,2}[^\d,;。]{0,4}),\s*(?:比上年|同比|较上年)")


def document_tense(text: str | None) -> str:
    """`review` for a document that mostly reports what was done (a development report, a
    statistical bulletin, the review half of a work report dominating): review words (同比, 截至,
    以来 …) and figures stated with their change on last year (_STATED_CHANGE) at least a fifth
    as frequent as words of intent; else `plan`. In a review
    document only sentences that plan, or stand in a goal section, are read for goals."""
    if not text:
        return "plan"
    review = [c for c, t in vocab.tense_cues("sentence").items() if t in ("review", "statistic") and len(c) > 1]
    intent = [c for c, t in vocab.tense_cues("sentence").items() if t == "plan"]
    reviewing = sum(text.count(c) for c in review) + len(_STATED_CHANGE.findall(text))
    planning = len(_PLANNED_YEAR.findall(text)) + sum(text.count(c) for c in intent)
    return "review" if reviewing >= 5 and reviewing >= 0.2 * max(planning, 1) else "plan"


def is_condition_head(text: str | None) -> bool:
    """A sentence that introduces conditions or criteria (`同时满足以下条件时:`, `有下列情形之一的:`):
    the numbers listed under it are thresholds, not goals."""
    if not text:
        return False
    if re.search(r"(?:以下|下列)[^,:]{0,6}(?:条件|情形)", text):
        return True
    return text.rstrip().endswith(":") and bool(
        re.search(r"(?:以下|下列|如下)[^,:]{0,6}(?:条件|情形|标准|情况)|(?:条件|情形)[^,:]{0,4}:$", text)
    )


def is_goal_heading(text: str | None) -> bool:
    """A heading that opens a section of goals (主要目标, 发展愿景, 行动目标, 具体指标)."""
    return bool(text) and bool(re.search(r"目标|愿景|指标", text or "")) and not is_review(text, "heading")


def is_goal_head(text: str | None) -> bool:
    """A sentence that introduces goals listed after it: `…具体目标如下:` / `到2025年,…:`."""
    if not text:
        return False
    return text.rstrip().endswith(":") or bool(
        re.match(
            rf"\s*(?:[^,:。]{{0,12}}:)?\s*(?:第[一二三四五六七八九十]步\s*[,:]?\s*)?(?:力争|争取)?(?:到|至){_YEAR}\s*年",
            text,
        )
    )


_SCOPE_CUES = {
    "national": re.compile(r"我国|全国|各省、自治区、直辖市|各省(?:\(|、)|国务院各部委|各部门、各地区"),
    "province": re.compile(r"我省|全省|本省|省委|省政府"),
    "prefecture": re.compile(r"我市|全市|本市|市委|市政府|我州|全州|本州"),
}


def document_region(
    text: str | None, issuer: str | None = None, title: str | None = None, masthead: str | None = None
) -> str | None:
    """The government a document belongs to: the masthead's place if it is a real division,
    else the issuer's (`济南市人民政府办公厅` → 济南市), else the title's, else what the text says
    of itself. There each scope scores its cues (`我市/全市`, `我省/全省`, `我国/全国/各省、自治区、
    直辖市`) plus, for a city or a province, how often the most named one is named; the best
    scope wins, with that city or province. A text that names no place and no scope is
    national (ministries' documents rarely say 全国). None when the text is empty."""
    for source in (masthead, issuer, title):
        place = _deepest_place(source)
        if place:
            return place
    if not text:
        return None
    named = _place_counts(text)
    cities = {n: c for n, c in named.items() if _level_of(_lookup(n)) == "prefecture"}
    provinces: dict[str, int] = {}
    for name, count in named.items():
        region = _lookup(name)
        if region is not None:
            provinces[region.province] = provinces.get(region.province, 0) + (
                count if _level_of(region) == "province" else 0
            )
    top_city = max(cities, key=lambda k: cities[k]) if cities else None
    top_province = max(provinces, key=lambda k: provinces[k]) if provinces else None
    scores = {
        "全国": len(_SCOPE_CUES["national"].findall(text)),
        top_province: len(_SCOPE_CUES["province"].findall(text)) + provinces.get(top_province or "", 0),
        top_city: len(_SCOPE_CUES["prefecture"].findall(text)) + cities.get(top_city or "", 0),
    }
    scores = {k: v for k, v in scores.items() if k}
    best = max(scores, key=lambda k: scores[k])
    if scores[best] == 0:
        return "全国" if not named else None
    return best


def _lookup(name: str) -> regions.Region | None:
    return regions.lookup(name)


def _level_of(region: object) -> str:
    """Municipalities (北京市) are provinces in GB/T 2260 but cities to their documents."""
    level = getattr(region, "level", "")
    name = getattr(region, "name", "")
    return "prefecture" if level == "province" and name in ("北京市", "天津市", "上海市", "重庆市") else level


def _deepest_place(text: str | None) -> str | None:
    if not text:
        return None
    found = [r for name in regions.find_places(text) if (r := regions.lookup(name)) and r.level != "county"]
    return found[-1].name if found else None


def _place_counts(text: str) -> dict[str, int]:
    """How often each province or prefecture is named, in full or by its short name."""
    counts: dict[str, int] = {}
    text = re.sub(r"新疆生产建设兵团", "", text)
    for name in regions.find_places(text):
        region = regions.lookup(name)
        if region is None or region.level == "county":
            continue
        counts[region.name] = text.count(region.name) + (
            text.count(region.short_name) if region.short_name != region.name else 0
        )
    return counts


def region_code(name: str | None, within: str | None = None) -> str | None:
    """The GB/T 2260 code of a written place (`越城区` within 绍兴市 → 330602); None for 全国,
    a scope (县城, 设区市) or a name that stays ambiguous."""
    if not name or name == "全国":
        return None
    region = _lookup_within(name, within)
    return region.code if region else None


def _lookup_within(name: str, within: str | None) -> regions.Region | None:
    return regions.lookup(name, within) if within and within != "全国" else regions.lookup(name)
