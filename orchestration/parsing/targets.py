"""Quantified goals in a sentence: metric, comparator, value, unit, year, baseline, region.

The third layer (quantities → frames → facts). A target is a quantity (quantities.py) in a
plan-tense phrase, attached to what it measures by a goal verb (`seeds/reference/goal_verbs.csv`):

- a level: `全省充电桩保有量达到8万个以上` (metric before the verb; 以上 → at_least);
- an action with its object after the number: `每年培育30项左右…首台(套)重大技术装备` (approx), or
  before it: `建成开通5G基站20万个以上`;
- a change: `运营成本降低20%` (reduce_by), `比2015年下降22%` (baseline 2015);
- a share: `80%以上的建筑业企业实现数字化转型`;
- lists: `A、B排放总量分别下降15%、10%` pairs metrics and values in order and shares the head
  (`排放总量`) between them; `均达到92%` gives every metric the value; a metric named in an earlier
  phrase of the sentence is carried to a phrase that only has the value (`2025年底前超过45万个`).

Not targets: quantities in quotes or titles (`“1+30+N”`, `五个100%`), ranks (`前30`), per-unit
bases (`每认定1家`), thresholds that qualify a noun (`35蒸吨/小时以下燃煤锅炉`, `20人以上的自然村`),
conditions (`…在300平方米以内的`), procedural limits (`48小时内`), rules (`禁止`, `不得`), and
phrases reviewing the past (`已建成`, `累计`, a bare year before the document's). Values and units
stay as written (`10万个` → 10, 万个). The year comes from the phrase, else from an earlier
phrase of the sentence, else from the frame the clause inherits (frames.py, int_clause_frames).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import asdict, dataclass
from functools import cache

from orchestration.parsing import frames, vocab
from orchestration.parsing.money import YUAN
from orchestration.parsing.quantities import MAGNITUDES, Quantity, find_quantities, in_quotes

GOAL_CLASSES = frozenset(
    {
        "percent",
        "point",
        "ratio",
        "count",
        "length",
        "area",
        "volume",
        "mass",
        "energy",
        "power",
        "concentration",
        "sound",
        "degree",
        "pressure",
        "magnetic",
        "compute",
        "compute_efficiency",
        "storage",
        "bandwidth",
        "rate",
        "money",
        "time",
        "score",
        "age",
    }
)
_PHRASE_SPLIT = re.compile(r"[,;:。!?]")
_RULE = re.compile(
    r"禁止|不得|严禁|不准|不予|取消|可申请|至多|申请|申报|报送|名额|不宜|如图|如表|见表|法宝联想|法学期刊"
)
_BAND = re.compile(r"\d\s*%?\s*以上\s*\d+(?:\.\d+)?\s*%?\s*以下")
_SUBSIDY = re.compile(r"给予|奖励|补助|补贴|资助|奖补|贴息|一次性")
_REVENUE_WORDS = re.compile(r"收入|产值|总值|GDP|规模|增加值|营收|额|投资|融资|利润|税收|经济")
_SCOPES = ("全省", "全市", "全国", "全区", "全县", "全州", "全盟")
_SUBSCOPES = ("中心城区", "主城区", "市区", "城区", "县城", "建制镇", "县级以上城市", "设区市", "各设区市")
_LEAD = re.compile(
    r"^(?:其中|力争|争取|确保|努力|基本|全面|进一步|持续|同时|并|且|和|与|以及|使|将|把|要|的|在|推动|推进|促进|"
    r"实现|每年|年均|平均|累计新增|总计|合计|初步|逐步|稳步|不断|有效|显著|整体|并且|从而|"
    r"带动|通过|由|对|让|令|使得|以|按照|围绕|目标|预计|计划|此外|另外|还有|今年|明年|全年|当年)+"
)
_TAIL = re.compile(
    r"(?:要|应|须|必须|力争|确保|稳定|基本|全面|逐步|进一步|分别|均|都|各|总体|平均|年均|每年|将|得到|有望|已|为)+$"
)
_THRESHOLD_CLASSES = frozenset({"mass", "power", "area", "volume", "length", "money", "energy", "time", "age"})
_INTENT = re.compile(r"力争|争取|确保|要|将|目标|计划|预计|努力|推动|推进|全面|控制")
_ANNUAL = re.compile(r"每年|年均|年平均|每年度|逐年")


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
    value_start: int
    value_end: int
    value_high: float | None
    annual: bool
    value_base: float | None = None
    unit_base: str | None = None

    def __post_init__(self) -> None:
        """The value with its magnitude applied (10 万个 → 100000 个), so rows of one metric
        compare whatever magnitude each sentence wrote."""
        if self.value_base is None:
            self.value_base, self.unit_base = base_value(self.value, self.unit)


@cache
def _verbs() -> re.Pattern[str]:
    words = list(vocab.goal_verbs("level")) + list(vocab.goal_verbs("action")) + list(vocab.comparator_cues("change"))
    return re.compile(rf"(?:{vocab.alternation(words)})(?<!达(?=标|成|产))")


@cache
def _level_verb_pattern() -> re.Pattern[str]:
    return re.compile(vocab.alternation(sorted(_level_verbs())))


@cache
def _level_verbs() -> frozenset[str]:
    return frozenset(vocab.goal_verbs("level")) | frozenset(vocab.comparator_cues("change"))


@cache
def _before_cues() -> re.Pattern[str]:
    return re.compile(rf"({vocab.alternation(list(vocab.comparator_cues('before')))})")


@cache
def _after_cue() -> re.Pattern[str]:
    return re.compile(rf"^\s*({vocab.alternation(list(vocab.comparator_cues('after')))})")


@cache
def _change_at_end() -> re.Pattern[str]:
    change = vocab.alternation(list(vocab.comparator_cues("change")))
    before = vocab.alternation(list(vocab.comparator_cues("before")))
    return re.compile(rf"({change})(?:了)?\s*(?:{before})?\s*$")


@cache
def _review_words() -> re.Pattern[str]:
    cues = [c for c, t in vocab.tense_cues("sentence").items() if t in ("review", "statistic")]
    return re.compile(vocab.alternation(cues))


@cache
def _statistic_words() -> re.Pattern[str]:
    cues = [c for c, t in vocab.tense_cues("sentence").items() if t == "statistic"]
    return re.compile(vocab.alternation(cues))


@cache
def _weak_review_words() -> re.Pattern[str]:
    cues = [c for c, t in vocab.tense_cues("sentence").items() if t == "review_weak"]
    return re.compile(vocab.alternation(cues))


# 比去年增长5%, 同比2017年实现负增长: a goal may be set against last year or a named year
_COMPARED = re.compile(r"[比较](?:去年|上年|前年)(?:同期)?|同比\s*(?:19|20)\d{2}\s*年")
# a figure reported for part of a year so far: 一季度, / 上半年, / 2021年1—10月,
_PERIOD_TO_DATE = re.compile(
    r"^\s*(?:(?:19|20)\d{2}\s*年)?(?:一季度|前两季度|上半年|前三季度|1\s*[-—–~至]\s*\d{1,2}\s*月(?:份)?)\s*,"
)


def _states_statistic(sentence: str) -> bool:
    """`截至2022年底,…`, `…同比增长21.1%`, `今年以来,全省共检查企业1200家`, `上半年,全省完成投资…`:
    the whole sentence reports figures, whichever phrase holds the number, unless it also plans."""
    text = _COMPARED.sub("", sentence)
    return bool(_statistic_words().search(text) or _PERIOD_TO_DATE.match(text)) and not frames.plans(sentence)


_PLAN_CUES = re.compile(r"(?:到|至)\s*(?:19|20)\d{2}\s*年|力争|争取|确保|将|要|计划|目标")


def _reviews(phrase: str, sentence: str) -> bool:
    """`已建成`, `截至`, `同比` state the past; `累计`, `目前` do unless the sentence plans
    (`到2022年累计引进…50个`)."""
    if _review_words().search(_COMPARED.sub("", phrase)):
        return True
    return bool(_weak_review_words().search(phrase)) and not _PLAN_CUES.search(sentence)


def _comparator(pre: str, after: str | None, q: Quantity) -> str:
    change = _change_at_end().search(pre)
    if change and not re.search(r"(?:到|至)\s*$", pre):
        return vocab.comparator_cues("change")[change.group(1)]
    if after:
        return vocab.comparator_cues("after")[after]
    if q.approx_marker:
        return "at_least"
    cues = _before_cues().findall(pre[-12:])
    if cues:
        cue = cues[-1]
        if cue == "突破" and not _clean(pre[: pre.rfind(cue)]):
            return "equal"  # 突破50项关键技术: the verb, not a comparator
        return vocab.comparator_cues("before")[cue]
    return "equal"


def _clean(text: str) -> str:
    text = frames.strip_baselines(text)
    text = re.sub(
        r"(?:比|较)(?:前三年|前两年|前五年|上年|上一年|去年|同期)[^,;]{0,8}?(?=分别|下降|降低|减少|提高|增长|上升|$)",
        "",
        text,
    )
    text = re.sub(r"(?:到|至|于|在)?\s*(?:19|20)\d{2}\s*年(?:底|末)?(?:前|以前)?", "", text)
    text = re.sub(r"(?:比|较)(?:上年|上一年)(?:底|末)?", "", text)
    text = re.sub(r"“?十[一二三四五六]五”?(?:末|期间|时期)?", "", text)
    text = re.sub(r"\d+年内", "", text)
    text = re.sub(r"^\s*(?:\d{1,2}\.(?!\d)|\(\d{1,2}\)|[一二三四五六七八九十]{1,3}、)\s*", "", text)
    text = re.sub(r"^\s*\([^)]{0,20}\)\s*、?", "", text)
    if text.startswith("(") and ")" not in text:
        text = text[1:]
    for _ in range(3):
        text = _LEAD.sub("", text.strip(" 、,和及与等的"))
        text = _TAIL.sub("", text.strip(" 、,和及与等的"))
    return text.strip(" 、,和及与等的“”\"'")


def _split_region(metric: str) -> tuple[str | None, str]:
    """A scope or place that opens the metric (`全省充电桩…`, `县城污水处理率`) is its region."""
    for scope in _SCOPES:
        if metric == scope:
            return scope, ""
        if metric.startswith(scope) and len(metric) > len(scope) + 1:
            _, rest = _split_region(_clean(metric[len(scope) :]))
            return scope, rest
    for scope in _SUBSCOPES:
        if metric == scope:
            return scope, ""
    if re.fullmatch(r"各(?:[\u4e00-\u9fff()、]{0,6}(?:市|县|区|乡镇|街道|\))|地|级)", metric) and len(metric) <= 10:
        return metric, ""  # 各地, 各县(市、区): whose goal, not what is measured
    prefix = re.match(r"各(?:区|县|市|地|乡镇)[、县市区()]*(?=[A-Za-z\u4e00-\u9fff])", metric)
    if prefix and len(metric) > prefix.end() + 1:
        return prefix.group(0), metric[prefix.end() :]  # 各区、县(市)PM2.5平均浓度
    return None, metric


_MEASURE_END = re.compile(r"[量率度耗数比额值积重例]$")


def _distribute(items: list[str]) -> list[str]:
    """Give the earlier items of a metric list the tail they share with the last one:
    `营运货车、营运船舶单位运输周转量…` (parallel items), `城市、农村生活垃圾分类覆盖面` (short
    items), `二氧化硫、氮氧化物、挥发性有机物排放总量` and `危险废物和污泥无害化处置率` (a head from
    seeds/reference/metric_heads.csv). Items that already end in a head keep their own."""
    last, first = items[-1], items[0]
    if "的" in last and not any("的" in i for i in items[:-1]):
        tail = last[last.index("的") + 1 :]  # 低保对象、…、因病致贫人员的医疗救助比例
        if len(tail) >= 2:
            return [i + tail for i in items[:-1]] + [last[: last.index("的")] + tail]
    if any(_MEASURE_END.search(i) for i in items[:-1]):
        return items  # 单位GDP能耗、二氧化硫排放量: each item already names a measure
    if len(first) >= 2 and last.startswith(first[:2]) and len(last) > len(first) + 1:
        tail = last[len(first) :]
        return [i + tail for i in items[:-1]] + [last]
    if all(len(i) <= 3 for i in items[:-1]) and len(last) > len(first) + 1:
        tail = last[len(first) :]
        return [i + tail for i in items[:-1]] + [last]
    head = next((h for h in vocab.metric_heads() if last.endswith(h) and len(last) > len(h)), None)
    if head and not any(i.endswith(h) for i in items[:-1] for h in vocab.metric_heads()):
        return [i + head for i in items[:-1]] + [last]
    return items


def _list_items(text: str, wanted: int | None = None) -> list[str]:
    """Items of a written list: split at 、 first, and at 和/及/与 too when 、 gives too few."""
    parts = [p for p in text.split("、") if p]
    if wanted is None or len(parts) < wanted:
        more = [p for p in re.split(r"、|和|及|与", text) if p]
        if wanted is None or len(more) == wanted:
            parts = more
    return parts if len(parts) > 1 else [text]


def base_value(value: float, unit: str) -> tuple[float, str]:
    """`10, 万个` → `100000, 个`; units that begin with a magnitude-like character but are units
    of their own (千米, 千瓦, 千克, 万元 is money and stays) keep it."""
    if unit in YUAN:
        return value * YUAN[unit], "元"
    if unit in vocab.unit_classes():
        return value, unit
    for magnitude in sorted(MAGNITUDES, key=len, reverse=True):
        if unit.startswith(magnitude) and unit[len(magnitude) :] in vocab.unit_classes():
            return value * MAGNITUDES[magnitude], unit[len(magnitude) :]
    return value, unit


def _is_threshold(phrase: str, q: Quantity, pre: str, post: str, after: str | None) -> bool:
    rest = post
    if q.unit_class == "age" and after not in ("左右", "上下") and re.match(r"\s*(?:的)?[\u4e00-\u9fff]", rest):
        return True  # 65岁以上老年人, 0-6岁儿童, 年满70岁的老年人: an age names people, a goal ends with it
    if _in_aside(phrase, q):
        return True  # 城镇(5万人以上)污水处理率: a bracket inside the metric qualifies it
    if after in ("以上", "以下", "及以上", "及以下", "以内"):
        if re.match(r"\s*的", rest) and q.unit_class in ("count",) and q.unit in ("人", "名"):
            return True
        if q.unit_class in _THRESHOLD_CLASSES and re.match(r"\s*(?:的)?[\u4e00-\u9fff]", rest):
            return True
        if re.search(r"在\s*$", pre) and re.match(r"\s*的", rest):
            return True
    if re.match(r"\s*(?:规模|级|强|大|代|期|届|位|号|批次|周期)", post) and not after:
        return True
    if re.match(r"\s*为(?:上限|下限|限|基数|周期|一个周期)", post) or (
        not after
        and not re.search(rf"(?:{_before_cues().pattern})\s*$", pre)
        and re.match(r"\s*[\u4e00-\u9fff]{1,3}(?:及)?(?:以上|以下)", post)
    ):
        return True  # 以20%为上限; 50头猪以上养殖场, 500头生猪以上的
    if (
        q.unit_class in _THRESHOLD_CLASSES
        and re.match(r"\s*的[\u4e00-\u9fff]", post)
        and re.search(r"(?:超|超过|达到|(?<!下)达|满|在|突破|大于|小于|高于|低于)\s*$", pre)
    ):
        return True
    if (
        q.unit_class != "percent"
        and re.search(r"对[^,;。]{0,12}$", pre)
        and not re.search(_verbs().pattern, pre[pre.rfind("对") :])
    ):
        return True  # 对全市274家干洗店开展排查: the scope of an action, not a goal
    if q.unit == "次" and "每" in phrase:
        return True  # 每半年组织1次: a frequency
    if re.search(r"每(?!年|季|月|半年|天|日|周)[\u4e00-\u9fff]{0,4}\s*$", pre):
        return True  # 每认定1家: the basis of an award
    return bool(re.search(r"(?:前|第|排名|排名前|排名后|每)\s*$", pre))


def extract_targets(
    sentence: str, frame_year: int | None = None, document_year: int | None = None, previous: str | None = None
) -> list[Target]:
    """Every quantified goal in one sentence, given the year its clause inherits and the sentence
    before it in the paragraph (whose last metric a bare value continues: `…机架数达到35万个;
    2025年底前超过45万个`)."""
    if not sentence or not re.search(r"\d|百分之|零增长|[一二两三四五六七八九十]", sentence):
        return []
    if _states_statistic(sentence) or "应当" in sentence:
        return []  # a figure reported, or a duty a regulation imposes (…的,应当…,期限不超过7个工作日)
    subsidy = bool(_SUBSIDY.search(sentence))
    award_at = _SUBSIDY.search(sentence).start() if subsidy else -1
    targets: list[Target] = []
    year: int | None = None
    before = extract_targets(previous, frame_year, document_year) if previous else []
    carried: str | None = before[-1].metric if before else None
    carried_region: str | None = None
    in_past = False
    carried_group: list[str] = []
    offset = 0
    for phrase in _PHRASE_SPLIT.split(_open_asides(sentence)):
        start = offset
        offset += len(phrase) + 1
        if not phrase.strip():
            continue
        named = frames.named_year(phrase, document_year)
        if named:
            year, in_past = named, False
        if _past(phrase, document_year):
            in_past = True
        if _RULE.search(phrase) or _reviews(phrase, sentence) or _past(phrase, document_year) or in_past:
            continue
        if subsidy and start < award_at and re.search(r"的\s*[,;]", sentence[start:award_at]):
            continue  # …超过600万元的,给予…补助: the conditions of an award
        if subsidy and start > award_at and not frames.plans(phrase):
            continue  # …给予最长五年的房租补贴,其中前两年100%、后三年50%: the award's terms
        found = _phrase_targets(sentence, phrase, start, carried, subsidy, bool(targets), carried_group)
        if found:
            starts = {t.value_start for t in found}
            carried_group = [t.metric for t in found] if len(starts) == 1 and len(found) > 1 else carried_group
            for t in found:
                t.target_year = t.target_year or year or frame_year
                t.region_hint = t.region_hint or carried_region
            targets.extend(found)
            carried = found[-1].metric
        else:
            metric = _clean(phrase)
            if metric and not re.search(r"\d", metric) and 2 <= len(metric) <= 30 and not _verbs().match(metric):
                region, metric = _split_region(metric)
                carried, carried_region = (metric or carried), (region or carried_region)
    return targets


def _open_asides(sentence: str) -> str:
    """`…分别下降20%(火灾起数不超过2462起、亡人不超过6人)`: an aside in brackets that states goals
    of its own is read as phrases of its own (same length, so offsets hold)."""

    def open_one(match: re.Match[str]) -> str:
        inner = match.group(1)
        if re.search(r"\d", inner) and _level_verb_pattern().search(inner):
            return "," + inner + ","
        return match.group(0)

    return re.sub(r"\(([^()]{4,80})\)", open_one, sentence)


def _past(phrase: str, document_year: int | None) -> bool:
    """A bare year before the document's (`2011年…实现工业总产值…`) states the past; so does a
    bare year with no word of intent (力争, 要, 将 …) when the document's year is unknown. Years
    of a baseline (`比2014—2016年的平均数`) are not statements."""
    phrase = frames.strip_baselines(phrase)
    for match in re.finditer(r"(?<![到至于\d])((?:19|20)\d{2})\s*年(?![底末前内])", phrase):
        if re.search(r"(?:比|较)\s*$", phrase[: match.start()]):
            continue
        if document_year and int(match.group(1)) < document_year:
            return True
        if not document_year and not _INTENT.search(phrase):
            return True
    return False


_ZERO_GROWTH = re.compile(r"(?:实现|保持|力争|确保)?零增长")


def _zero_growth(phrase: str, start: int) -> list[Target]:
    """`年用水总量和城市生活垃圾总量实现零增长` → each metric increase_by 0 %."""
    match = _ZERO_GROWTH.search(phrase)
    if not match:
        return []
    _, head = _split_region(_clean(phrase[: match.start()]))
    if not head or len(head) < 2:
        return []
    items = _list_items(head)
    metrics = _distribute(items) if len(items) > 1 else [head]
    return [
        Target(
            m,
            "increase_by",
            0.0,
            "%",
            None,
            None,
            None,
            phrase.strip(),
            start + match.start(),
            start + match.end(),
            None,
            False,
        )
        for m in metrics
        if _is_goal_metric(m)
    ]


def _phrase_targets(
    sentence: str,
    phrase: str,
    start: int,
    carried: str | None,
    subsidy: bool,
    after_goal: bool = False,
    carried_group: list[str] | None = None,
) -> list[Target]:
    quantities = [q for q in find_quantities(phrase) if q.unit_class in GOAL_CLASSES]
    if not quantities:
        return _zero_growth(phrase, start)
    if subsidy and (phrase.rstrip().endswith("的") or _SUBSIDY.search(phrase)):
        return []
    if phrase.rstrip().endswith("的") or _BAND.search(phrase):
        return []
    if "或" in phrase and len(quantities) > 1:
        return []  # 年营业收入达到2000万元以上或年纳税额达到200万元以上: alternatives are conditions
    tail = phrase[quantities[-1].end :].rstrip()
    if (
        len(tail) <= 8
        and any(tail.endswith(n) for n in vocab.structure_nouns())
        and all(q.unit_class == "count" for q in quantities)
    ):
        return []  # 规划共设置5类28项主要指标: what a plan counts of itself (not 完成3万套…宿舍建设任务)
    verbs = list(_verbs().finditer(phrase))
    baseline = frames.baseline_year(phrase)
    out: list[Target] = []
    annual = bool(_ANNUAL.search(phrase))
    kept: list[tuple[Quantity, str, str, str | None]] = []
    for index, q in enumerate(quantities):
        left = _consumed(phrase, quantities[index - 1]) if index else 0
        right = quantities[index + 1].start if index + 1 < len(quantities) else len(phrase)
        pre, post = phrase[left : q.start], phrase[q.end : right]
        after_match = _after_cue().match(post)
        after = after_match.group(1) if after_match else None
        post_rest = post[after_match.end() :] if after_match else post
        if (in_quotes(sentence, start + q.start) and not _quoted_goal(sentence, start + q.start)) or _slogan(phrase, q):
            continue
        if _is_threshold(phrase, q, phrase[: q.start], post_rest, after):
            continue
        if q.unit_class == "score" and not re.search(
            rf"(?:{_before_cues().pattern}|达到|达)\s*$", phrase[max(0, q.start - 6) : q.start]
        ):
            continue
        if q.unit_class == "time" and (
            not re.search(rf"(?:{_before_cues().pattern}|达到(?:平均)?)\s*$", phrase[max(0, q.start - 6) : q.start])
            or re.search(r"(?:近|约|大约)\s*$", phrase[: q.start])
            or re.match(r"\s*(?:内|之内|以内|底|份|前|中旬|上旬|下旬|初|末)", post)
        ):
            continue
        if q.unit_class == "money" and (subsidy or not _REVENUE_WORDS.search(phrase[: q.start])):
            continue
        if q.unit_class == "count" and re.match(
            rf"\s*(?:的)?(?:主要|重点)?(?:{vocab.alternation(vocab.structure_nouns())})", post_rest
        ):
            continue  # 4类共25项指标, 11项重点任务: what a plan counts of itself
        kept.append((q, phrase[: q.start], post_rest, after))
    if not kept:
        return []
    periods = re.findall(r"((?:19|20)\d{2})\s*(?:-|—|–|至)\s*((?:19|20)\d{2})\s*年", sentence[: start + len(phrase)])
    period = periods[-1] if periods else None
    period_years = (
        list(range(int(period[0]), int(period[1]) + 1))
        if period and "分别" in phrase and int(period[1]) - int(period[0]) + 1 == len(kept)
        else None
    )
    list_comparator: str | None = None
    paired = _paired(phrase, kept, verbs, carried, after_goal)
    if (
        len(kept) == 1
        and len(paired) == 1
        and re.search(r"各\s*$", phrase[: kept[0][0].start])
        and "、" in paired[0][1]
    ):
        metric = re.sub(r"各$", "", paired[0][1])
        paired = [(0, m, paired[0][2], paired[0][3]) for m in metric.split("、") if m]  # 示范小区、示范村各150个
    if carried_group and len(kept) == 1 and len(paired) == 1 and paired[0][1] == carried:
        paired = [(0, m, paired[0][2], paired[0][3]) for m in carried_group]  # 2019年下降35%: both metrics again
    for index, metric, region, shared_after in paired:
        q, pre, _post, after = kept[index]
        cue = shared_after if shared_after in vocab.comparator_cues("after") else None
        comparator = _comparator(pre, after or cue, q)
        if shared_after in vocab.comparator_cues("change"):
            comparator = vocab.comparator_cues("change")[shared_after]  # 削减VOCs排放量4.2万吨
        if (
            index > 0
            and comparator != list_comparator
            and list_comparator in ("reduce_by", "increase_by")
            and _is_list_gap(phrase, kept[index - 1][0], q)
        ):
            comparator = list_comparator  # 分别下降35%、30%以上: the change serves the whole list
        list_comparator = comparator
        out.append(
            Target(
                metric=metric,
                comparator=comparator,
                value=q.value,
                unit=q.unit,
                target_year=period_years[index] if period_years else None,
                baseline_year=baseline if comparator in ("reduce_by", "increase_by") else None,
                region_hint=region,
                source_span=phrase.strip(),
                value_start=start + q.start,
                value_end=start + q.end,
                value_high=q.high,
                annual=annual,
            )
        )
    return out


def _in_aside(phrase: str, q: Quantity) -> bool:
    """The quantity stands in brackets inside a noun phrase that runs on after them (`城镇(5万人以上)
    污水处理率`, `适龄儿童(12岁)免疫规划疫苗接种率`): it says which ones are measured. Brackets that
    close a phrase (`下降20%(火灾起数不超过2462起)`) or hold a goal of their own (`(力争30%)`) are
    read as before."""
    opening, closing = phrase.rfind("(", 0, q.start), phrase.find(")", q.end)
    if opening <= 0 or closing < 0 or ")" in phrase[opening : q.start] or "(" in phrase[q.end : closing]:
        return False
    inside = phrase[opening + 1 : closing]
    if _INTENT.search(inside) or _level_verb_pattern().search(inside):
        return False
    following = phrase[closing + 1 :].lstrip()
    return (
        bool(re.match(r"[\u4e00-\u9fffA-Za-z]", phrase[opening - 1]))
        and bool(re.match(r"[\u4e00-\u9fffA-Za-z]", following))
        and not _after_cue().match(following)
    )


def _quoted_goal(sentence: str, position: int) -> bool:
    """`实现“危险废物规范化管理达标率90%”的目标`: a goal quoted whole is still a goal; a nickname
    (`“1+30+N”`, `“五个100%”`) is not."""
    opening = sentence.rfind("“", 0, position)
    return opening >= 0 and bool(
        re.fullmatch(
            r"[\u4e00-\u9fffA-Za-z0-9.()]{3,}(?:率|量|度|比例|比重)\s*(?:达到|达)?\s*", sentence[opening + 1 : position]
        )
    )


def _slogan(phrase: str, q: Quantity) -> bool:
    """`五个100%`, `两个100%`: a count of slogans, not a goal value."""
    return bool(re.search(r"[一二两三四五六七八九十]个\s*$", phrase[: q.start]))


def _paired(
    phrase: str,
    kept: list[tuple[Quantity, str, str, str | None]],
    verbs: list[re.Match[str]],
    carried: str | None,
    after_goal: bool = False,
) -> list[tuple[int, str, str | None, str | None]]:
    """(index of the quantity, metric, region, comparator cue shared by a list) for each goal."""
    first_q = kept[0][0]
    verb = _verb_before(phrase, verbs, 0, first_q.start)
    head = _clean(phrase[: verb.start()]) if verb else ""
    region, head = _split_region(head) if head else (None, head)
    listed_head = re.sub(r"^各", "", re.sub(r"(?:分别|均|都)$", "", head))
    items = _list_items(listed_head, len(kept) if len(kept) > 1 else None) if verb and head else []
    if items and all(_is_place_like(i) for i in items):
        items = []
    chained = len(kept) > 1 and all(_is_list_gap(phrase, a[0], b[0]) for a, b in itertools.pairwise(kept))
    if chained and len(items) == len(kept) > 1:
        shared_after = kept[-1][3]
        return [(i, m, region, None if kept[i][3] else shared_after) for i, m in enumerate(_distribute(items))]
    if (
        len(kept) == 1
        and len(items) > 1
        and (re.search(r"(?<!平)均|都|分别", phrase[: first_q.start]) or all(_MEASURE_END.search(i) for i in items))
    ):
        return [(0, m, region, None) for m in _distribute(items)]  # 河道绿化普及率、岸线自然化率达到80%
    results: list[tuple[int, str, str | None, str | None]] = []
    previous_metric: str | None = None
    previous_mode: str | None = None
    for index, (q, _pre, post, after) in enumerate(kept):
        left = _consumed(phrase, kept[index - 1][0]) if index else 0
        own_verb = _verb_before(phrase, verbs, left, q.start)
        next_start = kept[index + 1][0].start if index + 1 < len(kept) else len(phrase)
        metric, own_region, previous_mode = _metric_for(
            phrase,
            q,
            post,
            own_verb,
            left,
            previous_metric or carried,
            index > 0,
            phrase[next_start:],
            after_goal,
            previous_mode,
            after,
        )
        if not metric and own_verb is not None:
            earlier = _verb_before(phrase, verbs, left, own_verb.start())
            if earlier is not None and earlier.group(0) not in _level_verbs():
                between = _clean(phrase[earlier.end() : q.start])
                metric = _tidy(between) if len(between) >= 2 else None  # 完成河湖库塘清淤1850万立方米
        listed_after = index > 0 and _is_list_gap(phrase, kept[index - 1][0], q)
        if not metric and listed_after and previous_metric:
            metric = previous_metric  # 分别达到22亿、25亿、29亿立方米: one metric, several values
        if metric and (previous_metric or carried):
            metric = _with_subject(metric, previous_metric or carried or "")
        if metric and _is_goal_metric(metric, q):
            change = own_verb.group(0) if own_verb and previous_mode == "between" else None
            change = change if change in vocab.comparator_cues("change") else None
            if change is None and not kept[index][3]:
                change = _chain_after(phrase, kept, index)
            results.append((index, metric, own_region or (region if index == 0 else None), change))
        previous_metric = metric or previous_metric
    return results


def _consumed(phrase: str, q: Quantity) -> int:
    """Where a quantity's reading ends: after its 以上/左右 cue."""
    after = _after_cue().match(phrase[q.end :])
    return q.end + (after.end() if after else 0)


def _verb_before(phrase: str, verbs: list[re.Match[str]], left: int, position: int) -> re.Match[str] | None:
    """The verb governing a number: the last one before it, taken back to the start of a run of
    verbs (`降低不少于`, `建成并开通`), so the metric is what precedes the whole run."""
    candidates = [v for v in verbs if left <= v.start() and v.end() <= position]
    if not candidates:
        return None
    verb = candidates[-1]
    for earlier in reversed(candidates[:-1]):
        if re.fullmatch(r"\s*(?:并|和|及|或|并且|了)?\s*", phrase[earlier.end() : verb.start()]):
            verb = earlier
        else:
            break
    return verb


def _chain_after(phrase: str, kept: list[tuple[Quantity, str, str, str | None]], index: int) -> str | None:
    """The 以上/左右 written after the last value of a list serves every value of it."""
    last = index
    while last + 1 < len(kept) and _is_list_gap(phrase, kept[last][0], kept[last + 1][0]):
        last += 1
    return kept[last][3] if last > index else None


def _is_place_like(item: str) -> bool:
    """`各市、县(市)分别实现…`: a list of places is not a list of metrics."""
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{0,4}(?:市|县|区|省|镇|乡|村)(?:\([^)]*\))?", item))


def _is_list_gap(phrase: str, a: Quantity, b: Quantity) -> bool:
    return bool(re.fullmatch(r"\s*(?:以上|以下|左右)?\s*(?:、|和|及|与|,)\s*", phrase[a.end : b.start]))


def _metric_for(
    phrase: str,
    q: Quantity,
    post: str,
    verb: re.Match[str] | None,
    left: int,
    carried: str | None,
    continuing: bool,
    tail: str = "",
    after_goal: bool = False,
    previous_mode: str | None = None,
    after: str | None = None,
) -> tuple[str | None, str | None, str]:
    """What one quantity measures, with where it was read: the words before its verb (a level),
    the object after the number or between verb and number (an action), the words before it
    (no verb: `绝对精度100Pa以内`), or the subject after a share (`80%以上的企业实现…`)."""
    listed = bool(re.match(r"\s*(?:、|和|及|与|或)", post))
    post_metric = "" if listed else _clean(re.split(r"[,;]", post)[0])
    if verb:
        before = _clean(phrase[left : verb.start()])
        scope, between = _split_region(_clean(phrase[verb.end() : q.start]))
        between = re.sub(rf"^(?:{_before_cues().pattern})+$", "", between)
        word = verb.group(0)
        is_level = word in _level_verbs()
        counts_object = (
            word in vocab.comparator_cues("before")
            and len(post_metric) >= 2
            and not between
            and not re.match(r"\s*(?:以上|以下)?\s*的", post)
        )
        if word in vocab.comparator_cues("change") and len(between) >= 2:
            return _tidy(between), scope, "between"  # 重点行业削减VOCs排放量4.2万吨: the object changes
        if is_level and before and not counts_object:
            region, metric = _split_region(before)
            if not metric and len(post_metric) >= 2:
                return _tidy(post_metric), region, "post"  # 各地达到平均3天用气量水平
            share_of = phrase[verb.end() : q.start].strip()
            if metric and share_of.startswith("“") and len(share_of) > 3:
                return _tidy(_clean(share_of)), region, "between"  # 实现“…达标率90%”: the quoted goal
            if metric and share_of.endswith("的") and len(share_of) > 2:
                metric = _with_subject(metric, carried or "") + "占" + _clean(share_of)
                metric += "比例" if q.unit_class == "percent" else ""  # 面积达到管辖海域的7%
            return (metric or carried), region, "before"
        if len(post_metric) >= 2 and not re.match(r"[\u4e00-\u9fff]{0,2}(?:达到|实现)", post_metric):
            return _tidy(post_metric), scope, "post"
        if len(between) >= 2:
            return _tidy(between), scope, "between"
        return (carried, None, "carried") if is_level else (None, None, "")
    if _level_verb_pattern().search(post) and (re.search(r"\d", tail) or (q.unit_class != "percent" and not after)):
        return None, None, ""  # inside the metric of a goal (5米远场识别率超过92%, 11个设区市PM2.5浓度控制在…)
    scope, before = _split_region(_clean(phrase[left : q.start]))
    if previous_mode == "post":
        scope, before = None, ""  # the words before belong to the previous item's object
    if re.search(r"(?:对|使|让|将|把)$", before):
        before = ""  # 省环保厅每年对30%以上的设区市…: the agent, not the metric
    if len(before) >= 2 and previous_mode != "post":
        region, metric = _split_region(before)
        return metric or None, region or scope, "before"
    if post_metric and (q.unit_class == "percent" or continuing or after_goal or _verbs().search(post_metric)):
        if q.unit_class == "percent" and not _verbs().search(post_metric):
            predicate = _verbs().search(tail)
            post_metric += tail[predicate.start() :] if predicate else ""
        return _tidy(_clean(post_metric)), scope, "post"
    return None, None, ""


_BARE_HEADS = ("面积", "数量", "比例", "规模", "总量", "能力", "浓度", "比重", "占比", "个数", "长度", "产值", "收入")


def _with_subject(metric: str, previous: str) -> str:
    """`海洋保护区数量达到15个,面积达到…7%`: a bare head takes the subject the previous metric
    named (海洋保护区 + 面积)."""
    if metric not in _BARE_HEADS:
        return metric
    if previous.endswith(metric):
        return previous
    for head in sorted((*_BARE_HEADS, *vocab.metric_heads()), key=len, reverse=True):
        if previous.endswith(head) and len(previous) > len(head):
            return previous[: -len(head)] + metric
    return metric


def _is_goal_metric(metric: str, q: Quantity | None = None) -> bool:
    """A plan's counts of itself (`25项指标`), past actions (`提出了`, `进行了`) and comparisons
    without a metric of their own (`比省定目标高出`) are not goals."""
    if "了" in metric or re.match(r"比", metric) or re.search(r"比[^,;]{0,10}(?:高出|低于|高于|多|少)", metric):
        return False
    return not any(metric == n or metric.endswith(n) or metric.startswith(n) for n in vocab.structure_nouns())


def _tidy(metric: str) -> str:
    metric = re.sub(r"^的", "", metric)
    metric = re.sub(r"(?<=[\u4e00-\u9fff]{2})(?:的)?(?:建设|改造|整治)任务$", "", metric)  # 完成3万套…宿舍建设任务
    metric = re.sub(r"^\([^)]*\)、?", "", metric)
    return metric[:60]


def targets_as_dicts(
    sentence: str | None,
    frame_year: int | None = None,
    document_year: int | None = None,
    previous: str | None = None,
) -> list[dict]:
    return [asdict(t) for t in extract_targets(sentence, frame_year, document_year, previous)] if sentence else []
