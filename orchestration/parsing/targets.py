"""Quantified goals in a sentence: metric, comparator, value, unit, year, baseline.

A sentence is cut at commas and semicolons into phrases; a phrase holds a goal when a
comparing verb meets a number with a unit: `PM2.5平均浓度控制在35微克/立方米以内` (at_most),
`森林覆盖率稳定在48%以上` (at_least), `比2015年下降22%` (reduce_by, baseline 2015),
`比…上升3个百分点` (increase_by), a plain `达到90%` (equal). `分别达到70%、100%` pairs
metrics and values in order; `均比2015年下降22%以上` gives every metric listed before it the
same goal. The year comes from the phrase (`到2020年`, `2018年`, `十三五` → 2020, `年底前` → the
document's year) or the phrases before it. Rule thresholds (`禁止新建35蒸吨以下燃煤锅炉`) and
past achievements (`已完成`, `累计`) are not goals.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from orchestration.parsing.numerals import cn_to_int
from orchestration.parsing.values import MAGNITUDE

UNITS = (
    "微克/立方米|微克每立方米|毫克/立方米|毫克/升|个百分点|万千瓦时|千瓦时|万千瓦|兆瓦|万吨标准煤|吨标准煤|万吨|吨|"
    "亿立方米|万立方米|立方米|万标方|平方公里|平方米|万亩|亩|公顷|公里|千米|米|辆|人|户|个|座|家|条|"
    "处|套|台|所|项|蒸吨|天|小时|亿元|万元|元|%|‰"
)
_NUMBER = r"(\d+(?:\.\d+)?)\s*(万|亿)?\s*"
_VALUE = re.compile(_NUMBER + rf"({UNITS})")
_AT_MOST = r"控制在|降至|降到|下降到|下降至|减少到|减少至|不高于|不超过|低于|少于|小于|压减到|压减至|削减到"
_AT_LEAST = (
    r"提高到|提高至|提升到|提升至|增加到|增加至|保持在|稳定在|不低于|不少于|超过|高于|大于|力争达到|达到|达|实现|突破|"
    r"增长到"
)
_REDUCE = re.compile(r"(?:(?:比|较)(\d{4}年|上年|上一年)(?:底|末)?)?(?:下降|削减|降低|减少|压减|减排)(?=\d)")
_INCREASE = re.compile(r"(?:(?:比|较)(\d{4}年|上年|上一年)(?:底|末)?)?(?:上升|提高|增长|增加|提升)(?=\d)")
_ACTION = re.compile(r"(建成|新建|新增|完成|创建|培育|淘汰|改造|建设|整治|关停|推广|实施)")
_VERB = re.compile(rf"({_AT_MOST}|{_AT_LEAST})")
_NOT_GOAL = re.compile(r"禁止|不得|严禁|已完成|已经|累计完成|完成了|共完成|已建成|超额完成|同比|去年")
_COMPLETE_METRIC = re.compile(r"(?:量|率|度|耗|比例|数|面积|总量|指数|强度|水平|天数|比重|规模)$")
_YEAR = re.compile(r"(?:到|至|于|在)?((?:19|20)\d{2})\s*年(?![\d月])")
_FIVE_YEAR = {"十三五": 2020, "十四五": 2025, "十二五": 2015, "十五五": 2030}
_REGION = re.compile(
    r"^((?:全省|全市)?\d+个(?:设区市|县\(市、区\)|县区|区、县\(市\)|县\(市\))|全省|全市|全区|全县|各设区市|设区市|县级以上城市|全省各地|各地|市区|城区|城市|农村|县城|建制镇|"
    r"[\u4e00-\u9fff]{2,4}(?:市|县|区)(?=[\u4e00-\u9fff]))"
)
_LEAD_NOISE = re.compile(r"^(?:力争|确保|基本|全面|努力|进一步|持续|其中|并|且|和|与|以及|使|将|把|要|的|,)+")
_TAIL_NOISE = re.compile(r"(?:要|应|须|必须|力争|确保|稳定|基本|全面|逐步|进一步|分别|均|都|平均|年均)+$")


@dataclass
class Target:
    metric: str
    comparator: str
    value: float
    unit: str
    target_year: int | None
    baseline_year: int | None
    region_hint: str | None
    source_span: str


_UNIT_SET = frozenset(UNITS.split("|"))


def _value(number: str, magnitude: str | None, unit: str) -> tuple[float, str]:
    """`4.2万吨` stays 4.2 万吨 (a unit of its own); `1.4万个` becomes 14000 个."""
    value = float(number)
    if magnitude and magnitude + unit in _UNIT_SET:
        unit = magnitude + unit
    elif magnitude:
        value *= MAGNITUDE[magnitude]
    return value, "微克/立方米" if unit == "微克每立方米" else unit


def year_in(text: str | None, document_year: int | None = None) -> int | None:
    """The target year a text names (到2020年, 2018年, 十三五末, 年底前), not a baseline (比2015年)."""
    return _year_in(text, document_year) if text else None


def _year_in(text: str, document_year: int | None) -> int | None:
    text = re.sub(r"(?:比|较)(?:19|20)\d{2}年", "", text)
    for name, year in _FIVE_YEAR.items():
        if name in text and (len(text) <= 10 or re.search(r"末|期间|时期|到|规划", text)):
            return year
    match = _YEAR.search(text)
    if match:
        return int(match.group(1))
    if re.search(r"(?<!\d)年底前|年内|今年", text) and document_year:
        return document_year
    return None


def _clean_metric(text: str) -> tuple[str, str | None]:
    """The metric phrase and any region it opens with."""
    text = re.sub(r"^(?:到|至|于)?(?:(?:19|20)\d{2}年(?:底|末)?|“?十[二三四五]五”?(?:末|期间)?)(?:前)?", "", text)
    text = _LEAD_NOISE.sub("", text.strip(" ,;"))
    region = None
    match = _REGION.match(text)
    if match and len(text) > len(match.group(0)) + 1 and not re.match(r"[和、及与]", text[match.end() :]):
        region, text = match.group(0), text[match.end() :]
    text = _LEAD_NOISE.sub("", text)
    text = _TAIL_NOISE.sub("", text.strip())
    return text.strip("“”\"' "), region


def _metrics_list(text: str) -> list[str]:
    """`化学需氧量、氨氮排放总量` → two metrics sharing the tail word."""
    parts = [p for p in re.split(r"、|和", text) if p]
    return parts if len(parts) > 1 else [text]


_CN_NUMBER = re.compile(rf"([零〇一二两三四五六七八九十百千]+)(?=\s*(?:万|亿)?\s*(?:{UNITS}))")
_CN_PERCENT = re.compile(r"百分之([零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?)")


def arabic_numbers(text: str) -> str:
    """`新建三座` → `新建3座`, `百分之八十` → `80%`: Chinese numerals before a unit become digits."""

    def percent(match: re.Match[str]) -> str:
        whole, _, decimals = match.group(1).partition("点")
        value = cn_to_int(whole)
        if value is None:
            return match.group(0)
        digits = "".join(str(cn_to_int(d)) for d in decimals)
        return f"{value}.{digits}%" if digits else f"{value}%"

    def number(match: re.Match[str]) -> str:
        value = cn_to_int(match.group(1))
        return str(value) if value is not None else match.group(0)

    return _CN_NUMBER.sub(number, _CN_PERCENT.sub(percent, text))


def extract_targets(sentence: str, document_year: int | None = None) -> list[Target]:
    """Every quantified goal in one sentence."""
    sentence = arabic_numbers(sentence)
    targets: list[Target] = []
    phrases = [p for p in re.split(r"[,;:]", sentence) if p.strip()]
    year = None
    carried_metrics: list[str] = []
    carried_region: str | None = None
    for phrase in phrases:
        year = _year_in(phrase, document_year) or year
        if _NOT_GOAL.search(phrase):
            continue
        found = _phrase_targets(phrase, year, carried_metrics, carried_region, document_year)
        if found:
            targets.extend(found)
            carried_metrics = []
        else:
            metric, region = _clean_metric(phrase)
            if metric and not _VALUE.search(phrase) and len(metric) <= 30:
                carried_metrics = [metric]
                carried_region = region or carried_region
    return _dedupe(targets)


def _baseline(text: str | None, document_year: int | None) -> int | None:
    """`比2015年` → 2015; `比上年` → the year before the document's."""
    if not text:
        return None
    if text.startswith("上"):
        return document_year - 1 if document_year else None
    return int(text[:4])


def _phrase_targets(
    phrase: str, year: int | None, carried: list[str], carried_region: str | None, document_year: int | None
) -> list[Target]:
    for pattern, comparator in ((_REDUCE, "reduce_by"), (_INCREASE, "increase_by")):
        match = pattern.search(phrase)
        if match:
            values = [v for v in _VALUE.finditer(phrase, match.end()) if v.group(3) in ("%", "个百分点", "‰")]
            if not values:
                continue
            head, region = _clean_metric(phrase[: match.start()])
            metrics = _split_metrics(head) or carried
            if not metrics:
                return []
            return _pair(
                metrics,
                values,
                comparator,
                year,
                _baseline(match.group(1), document_year),
                region or carried_region,
                phrase,
            )
    verb = _VERB.search(phrase)
    if not verb:
        return _action_targets(phrase, year, carried_region)
    values = [v for v in _VALUE.finditer(phrase, verb.end()) if not _is_year(phrase, v)]
    if not values:
        return []
    head, region = _clean_metric(phrase[: verb.start()])
    metrics = _split_metrics(head) or carried
    if not metrics:
        return []
    tail = phrase[values[-1].end() :]
    word = verb.group(1)
    if re.match(_AT_MOST, word) or re.match(r"\s*(?:以下|以内)", tail):
        comparator = "at_most"
    elif re.match(r"\s*(?:以上)", tail) or word not in ("达到", "达", "实现"):
        comparator = "at_least"
    else:
        comparator = "equal"
    return _pair(metrics, values, comparator, year, None, region or carried_region, phrase)


def _action_targets(phrase: str, year: int | None, region: str | None) -> list[Target]:
    """`建成充电桩1.4万个`, `新建污水处理厂10座`: the object between the verb and the number."""
    action = _ACTION.search(phrase)
    if not action:
        return []
    value = _VALUE.search(phrase, action.end())
    if not value or _is_year(phrase, value) or value.group(3) in ("%", "个百分点", "元", "万元", "亿元"):
        return []
    if re.match(r"\s*(?:/小时|/时)?\s*(?:及)?(?:以下|以上)", phrase[value.end() :]):
        return []  # a threshold (35蒸吨以下锅炉), not a quantity to reach
    obj = phrase[action.end() : value.start()].strip()
    if not obj or len(obj) > 20 or re.search(r"\d", obj):
        return []
    head_region = _clean_metric(phrase[: action.start()])[1]
    number, unit = _value(value.group(1), value.group(2), value.group(3))
    return [Target(action.group(1) + obj, "equal", number, unit, year, None, head_region or region, phrase.strip())]


def _is_year(phrase: str, match: re.Match[str]) -> bool:
    return bool(re.match(r"\s*年", phrase[match.end(1) :])) and match.group(3) not in ("%",)


def _split_metrics(head: str) -> list[str]:
    if not head or len(head) > 40:
        return [head[-20:]] if head else []
    parts = _metrics_list(re.sub(r"分别$|均$", "", head))
    if len(parts) > 1 and not any(_COMPLETE_METRIC.search(p) for p in parts[:-1]):
        # 城市和县城污水处理率: the items share the last one's tail
        tail = parts[-1][len(parts[0]) :]
        parts = [p + tail for p in parts[:-1]] + [parts[-1]]
    return [p for p in parts if p]


def _pair(
    metrics: list[str],
    values: list[re.Match[str]],
    comparator: str,
    year: int | None,
    baseline: int | None,
    region: str | None,
    phrase: str,
) -> list[Target]:
    """Metrics with their values in order; one value serves every metric (均比2015年下降22%)."""
    if len(values) == 1:
        values = values * len(metrics)
    pairs = zip(metrics, values, strict=False)
    out = []
    for metric, value in pairs:
        number, unit = _value(value.group(1), value.group(2), value.group(3))
        out.append(Target(metric, comparator, number, unit, year, baseline, region, phrase.strip()))
    return out


def _dedupe(targets: list[Target]) -> list[Target]:
    seen, out = set(), []
    for t in targets:
        key = (t.metric, t.comparator, t.value, t.unit, t.target_year)
        if key not in seen:
            seen.add(key)
            out.append(t)
    return out


def targets_as_dicts(sentence: str | None, document_year: int | None) -> list[dict]:
    return [asdict(t) for t in extract_targets(sentence, document_year)] if sentence else []
