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


def _yuan(number: str, unit: str) -> float:
    return float(number) * MAGNITUDE.get(unit.replace("个", "") if unit == "个亿" else unit, 1.0)


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
        found.append(Amount(value, match.group(0), kind, bool(match.group("approx")) or high is not None, high))
    return found


def amounts_as_dicts(sentence: str | None) -> list[dict]:
    return [asdict(a) for a in amounts(sentence)] if sentence else []
