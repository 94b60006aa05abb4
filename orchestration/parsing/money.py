"""Money amounts in a sentence, in yuan, with what kind of money they are.

`争取中央和省环保专项资金1亿元以上` is an allocation of 1e8 yuan; `给予每家最高不超过300万元的
补助` a subsidy; `年业务收入超过1000亿元` a revenue target; `13个亿` is 13 亿元; `1300多万元`
keeps its lower bound and is marked approximate; a range `1000-2000万元` keeps its lower bound
and its upper one. The same amount said twice in a sentence is one amount.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from orchestration.parsing.values import MAGNITUDE

_AMOUNT = re.compile(
    r"(?P<low>\d+(?:\.\d+)?)(?:\s*(?:-|—|~|至|到)\s*(?P<high>\d+(?:\.\d+)?))?\s*(?P<approx>多|余)?\s*"
    r"(?P<unit>亿元|万元|千元|元|个亿|亿(?![吨立方米千瓦件人户个块标座度千瓦时]))"
)
_KINDS = (
    ("subsidy", re.compile(r"补助|补贴|奖励|奖补|以奖代补|扶持资金")),
    ("allocation", re.compile(r"专项资金|安排|下达|拨付|争取|预算|财政资金|资金")),
    ("revenue", re.compile(r"收入|营收|产值|销售额|税收|增加值")),
    ("investment", re.compile(r"投资|投入|总投资|融资")),
)


@dataclass
class Amount:
    amount_cny: float
    amount_text: str
    kind: str
    approximate: bool
    upper_cny: float | None
    purpose: str | None


_PURPOSE_AFTER = re.compile(r"^\s*(?:以上|左右)?\s*(?:的)?\s*(?:用于|支持|扶持|专项用于|重点支持)([^,。;]{2,40})")
_PURPOSE_BEFORE = re.compile(r"(?:给予|对|为|向)?([^,。;:]{2,40}?)(?:专项资金|资金|经费|补助|投资|投入)?\s*$")


def _purpose(sentence: str, start: int, end: int) -> str | None:
    """What the money is for: `…1亿元用于污水管网建设` → 污水管网建设; else the phrase before it."""
    after = _PURPOSE_AFTER.match(sentence[end:])
    if after:
        return after.group(1).strip()
    before = _PURPOSE_BEFORE.search(sentence[max(0, start - 40) : start])
    text = before.group(1).strip() if before else ""
    text = re.sub(r"^(?:\d{4}年|到\d{4}年|全年|每年|其中|力争|争取|安排|下达|拨付|给予|超过|最高|不超过)+", "", text)
    text = re.sub(r"(?:最高|不超过|超过|达到|达|约|近|共|合计|总计|为|是|的)+$", "", text)
    return text or None


def _yuan(number: str, unit: str) -> float:
    return float(number) * MAGNITUDE.get(unit, 1.0)


def amounts(sentence: str) -> list[Amount]:
    found: list[Amount] = []
    seen: set[float] = set()
    for match in _AMOUNT.finditer(sentence):
        unit = "亿" if match.group("unit") == "个亿" else match.group("unit")
        value = _yuan(match.group("low"), unit)
        if value in seen or value <= 0 or re.match(r"\s*(?:及)?以下", sentence[match.end() :]):
            continue  # said already, or a threshold (亩均税收1万元以下)
        seen.add(value)
        context = sentence[max(0, match.start() - 20) : match.end() + 6]
        kind = next((name for name, pattern in _KINDS if pattern.search(context)), "amount")
        high = _yuan(match.group("high"), unit) if match.group("high") else None
        approximate = bool(match.group("approx")) or high is not None
        purpose = _purpose(sentence, match.start(), match.end())
        found.append(Amount(value, match.group(0), kind, approximate, high, purpose))
    return found


def amounts_as_dicts(sentence: str | None) -> list[dict]:
    return [asdict(a) for a in amounts(sentence)] if sentence else []
