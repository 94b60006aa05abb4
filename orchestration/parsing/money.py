"""Money in a sentence: every amount written with 元, in yuan, with the kind of money it is.

Money is a quantity (quantities.py) whose unit is 元, 千元, 万元, 亿元 or 万亿元; volumes and
counts in 亿 or 万 (`22亿立方米`, `1000万平方米`), foreign currency (`362亿美元`) and amounts
without a numeral (`过亿元`) are not money. Each amount gets one `kind` from the closed list in
`seeds/reference/money_kinds.csv`, so an analyst can tell what may be summed:

- `subsidy_cap` — the most a subsidy may be (`最高`, `不超过`, `上限`);
- `threshold` — what an applicant must reach (`实缴注册资本5000万元以上`, `收入首次突破100亿元的`);
- `subsidy` — a fixed award (`给予50万元一次性奖励`, `每名高级工1000元`);
- `allocation`, `investment`, `revenue`, `scale` — by the words before it (`市财政每年安排5亿元`,
  `总投资`, `收入`, `规模`); `other` when the text does not say.

A range (`50—200万元`) gives two rows, its low and its high bound; `1300多万元` is marked
approximate; the same amount said twice in a sentence in the same role is one row. Each amount
keeps the character span of its text so a reader can highlight it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import cache

from orchestration.parsing import vocab
from orchestration.parsing.quantities import MAGNITUDES, Quantity, find_quantities

YUAN = {"元": 1.0, "千元": 1e3, "万元": 1e4, "亿元": 1e8, "万亿元": 1e12}
_PHRASE_END = re.compile(r"[,;:。!?]")
_SUBSIDY = re.compile(r"奖励|奖补|补助|补贴|资助|贴息|扶持|一次性|给予")
_CONDITION_VERB = re.compile(r"(?:首次)?(?:突破|超过|超出|超|达到|达|满|在|累计|高于|大于|不低于|不少于)\s*$")
_AWARD_AFTER = re.compile(r"^\s*(?:的)?\s*(?:一次性)?(?:奖励|奖补|补助|补贴|资助|支持|扶持|贴息)")
_PURPOSE_AFTER = re.compile(r"^\s*(?:以上|左右)?\s*(?:的)?\s*(?:专项)?(?:用于|支持|扶持|重点支持)([^,。;]{2,40})")
_PURPOSE_STRIP_HEAD = re.compile(
    r"^(?:对于|对|凡|为|向|给予|安排|下达|拨付|其中|力争|争取|每年|全年|市财政|省财政|财政|最高|不超过|超过|按|按照)+"
)
_PURPOSE_STRIP_TAIL = re.compile(
    r"(?:给予|最高|不超过|超过|达到|达|约|近|共|合计|总计|为|是|的|分别|每年|一次性|安排)+$"
)


@dataclass
class Amount:
    amount_cny: float
    amount_text: str
    kind: str
    approximate: bool
    bound: str
    upper_cny: float | None
    purpose: str | None
    value_start: int
    value_end: int


@cache
def _cap_before() -> re.Pattern[str]:
    cues = [c for c, k, p in vocab.money_cues() if k == "subsidy_cap" and p == "before"]
    return re.compile(rf"(?:{vocab.alternation(cues)})[^,;。\d]{{0,4}}$")


@cache
def _cap_after() -> re.Pattern[str]:
    cues = [c for c, k, p in vocab.money_cues() if k == "subsidy_cap" and p == "after"]
    return re.compile(rf"^\s*(?:的)?\s*(?:{vocab.alternation(cues)})")


@cache
def _before_kinds() -> tuple[tuple[str, re.Pattern[str]], ...]:
    order = ("allocation", "investment", "revenue", "scale")
    out = []
    for kind in order:
        cues = [c for c, k, _ in vocab.money_cues() if k == kind]
        out.append((kind, re.compile(vocab.alternation(cues))))
    return tuple(out)


def yuan(q: Quantity) -> tuple[float, float | None] | None:
    """The amount in yuan of a money quantity (and its upper bound for a range)."""
    multiplier = YUAN.get(q.unit)
    if multiplier is None:
        base = q.unit[len(q.magnitude) :] if q.magnitude else q.unit
        if base not in YUAN:
            return None
        multiplier = YUAN[base] * MAGNITUDES.get(q.magnitude, 1.0)
    return q.value * multiplier, (q.high * multiplier if q.high is not None else None)


def _phrase_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _PHRASE_END.finditer(sentence, 0, start)), default=0)
    right_match = _PHRASE_END.search(sentence, end)
    return left, right_match.start() if right_match else len(sentence)


def _kind(sentence: str, q: Quantity, siblings: list[Quantity]) -> str:
    left, right = _phrase_bounds(sentence, q.start, q.end)
    list_start = _list_start(sentence, q, siblings, left)
    before = sentence[left:list_start]
    sentence[q.end : right]
    list_end = _list_end(sentence, q, siblings, right)
    after_list = sentence[list_end:right]
    subsidy_sentence = bool(_SUBSIDY.search(sentence))
    if _cap_before().search(sentence[left:list_start]) or _cap_after().match(after_list):
        return "subsidy_cap"
    if re.match(r"\s*(?:及)?(?:以上|以下)", after_list) and (
        subsidy_sentence or re.match(r"\s*(?:及)?(?:以上|以下)\s*(?:的)?[\u4e00-\u9fff]", after_list)
    ):
        return "threshold"
    if _CONDITION_VERB.search(before) and (
        (re.match(r"\s*(?:以上|以下)?\s*的", after_list) and not _AWARD_AFTER.match(after_list))
        or sentence[left:right].rstrip().endswith("的")
    ):
        return "threshold"  # …超过100万元、五星级超过200万元的: the condition of an award
    if subsidy_sentence and (_SUBSIDY.search(before) or _AWARD_AFTER.match(after_list)):
        return "subsidy"
    if re.search(r"每(?!年|季|月)[^,;。]{0,12}$", before):
        return "subsidy"
    for kind, pattern in _before_kinds():
        if pattern.search(before):
            return kind
    if subsidy_sentence:
        return "subsidy"
    earlier = sentence[max(0, left - 30) : left]
    for kind, pattern in _before_kinds():
        if pattern.search(earlier):
            return kind  # 软件业收入跃上…台阶,达10.81万亿元: the phrase before names it
    return "other"


def _list_start(sentence: str, q: Quantity, siblings: list[Quantity], left: int) -> int:
    """Start of the written list a quantity belongs to (`1000万元、800万元、500万元`)."""
    start = q.start
    for other in reversed([s for s in siblings if s.end <= q.start and s.start >= left]):
        if re.fullmatch(r"\s*(?:、|和|或|及|至|到|-|—)\s*", sentence[other.end : start]):
            start = other.start
        else:
            break
    return start


def _list_end(sentence: str, q: Quantity, siblings: list[Quantity], right: int) -> int:
    end = q.end
    for other in [s for s in siblings if s.start >= q.end and s.end <= right]:
        if re.fullmatch(r"\s*(?:、|和|或|及|至|到|-|—)\s*", sentence[end : other.start]):
            end = other.end
        else:
            break
    return end


def _purpose(sentence: str, q: Quantity, siblings: list[Quantity]) -> str | None:
    """What the money is for: `…1亿元用于污水管网建设`, else the words before it back to the
    recipient (`对新认定的…企业,给予…`)."""
    left, right = _phrase_bounds(sentence, q.start, q.end)
    end = _list_end(sentence, q, siblings, right)
    after = _PURPOSE_AFTER.match(sentence[end:right])
    if after:
        return after.group(1).strip()
    fund = re.match(r"^\s*(?:的)?([^,。;、\d]{2,30}(?:资金|基金|经费))", sentence[end:right])
    if fund:
        return fund.group(1).strip()
    start = _list_start(sentence, q, siblings, left)
    window_start = max(0, start - 40)
    window = sentence[window_start:start]
    recipient = max((m.start() for m in re.finditer(r"对|凡|为|向", window)), default=None)
    text = window[recipient:] if recipient is not None else sentence[left:start]
    text = re.sub(r"\d+(?:\.\d+)?\s*(?:万亿元|亿元|万元|千元|元)", "", text)
    text = re.sub(r"[,;:。]|(?:、|和|或|至|到)+(?=的|$)", "", text)
    text = re.sub(r"、{2,}", "、", text)
    text = _PURPOSE_STRIP_TAIL.sub("", _PURPOSE_STRIP_HEAD.sub("", text.strip()))
    award = _AWARD_AFTER.match(sentence[end:right])
    if award:
        text += award.group(0).strip().lstrip("的")
    return text.strip() or None


def _bound(after: str, q: Quantity) -> str:
    """`5000万元以上` is a lower bound, `以下/以内` an upper one, `1300多万元` a lower bound."""
    if q.approx_marker or re.match(r"\s*(?:及)?以上", after):
        return "at_least"
    if re.match(r"\s*(?:及)?(?:以下|以内)", after):
        return "at_most"
    return "exact"


def amounts(sentence: str) -> list[Amount]:
    """Every money amount in one sentence, in reading order."""
    quantities = [q for q in find_quantities(sentence) if q.unit_class == "money"]
    found: list[Amount] = []
    seen: set[tuple[float, str]] = set()
    for q in quantities:
        if re.match(r"\s*级", sentence[q.end :]):
            continue  # 千亿元级: a tier, not an amount
        values = yuan(q)
        if values is None:
            continue
        low, high = values
        kind = _kind(sentence, q, quantities)
        purpose = _purpose(sentence, q, quantities)
        approximate = bool(q.approx_marker) or bool(re.match(r"\s*左右", sentence[q.end :]))
        bounds = [(low, "low" if high is not None else _bound(sentence[q.end :], q))]
        if high is not None:
            bounds.append((high, "high"))
        for value, bound in bounds:
            if value <= 0 or (value, kind) in seen:
                continue
            seen.add((value, kind))
            found.append(Amount(value, q.text, kind, approximate, bound, high, purpose, q.start, q.end))
    return found


def amounts_as_dicts(sentence: str | None) -> list[dict]:
    return [asdict(a) for a in amounts(sentence)] if sentence else []
