"""Who is to do it, and by when: responsibility clauses, agency names, deadlines.

Gazettes assign work in a handful of shapes, after the paragraph they govern:

* `(责任单位:省环保厅、省经信委牵头,省发展改革委、省国土资源厅等参与)`: verbs mark the roles;
* `(牵头单位:市发改委;配合单位:市建设局、市公用事业集团)`: labels mark them;
* `〔市生态环境局牵头,市发展和改革局、工业和信息化局参与〕`: verbs, no label;
* a line of its own: `牵头单位:经信委;责任单位:发改委、市场监管局`;
* `(责任单位:省综治办、省编委办)`: a bare list, all responsible (lead), unless the document
  said `列第一位的为牵头单位`, which makes the first the lead and the rest supporting.

Standing instructions (`以下各项工作均需地方各级人民政府落实,不再列出`) name agencies that
support everything that follows; the models carry them forward. Names are cleaned of 等 and of
role notes in brackets (`市公安局(机动车)`), and groups (`各区、县(市)人民政府`, `市级有关部门`)
stay whole.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from orchestration.parsing.cells import ORG_SUFFIX
from orchestration.parsing.values import split_units

_LABEL = re.compile(
    r"(牵头单位|牵头部门|主办单位|责任单位|责任部门|实施单位|配合单位|配合部门|协办单位|参与单位|协助单位|责任主体)\s*[:]"
)
_LEAD_LABELS = {"牵头单位", "牵头部门", "主办单位"}
_SUPPORT_LABELS = {"配合单位", "配合部门", "协办单位", "参与单位", "协助单位"}
_OPEN, _CLOSE = "(〔[【", ")〕]】"
_LEAD_VERB = re.compile(r"(?:牵头|为主|主抓|负总责|分别负责|负责牵头)$")
_SUPPORT_VERB = re.compile(r"(?:参与|配合|协助|协同|协办|共同推进|负责落实|具体落实|落实)$")
_STANDING = re.compile(r"以下各项工作均?(?:需|由|要)?(.{2,40}?)(?:负责)?落实[,,]?\s*不再(?:一一)?列出")
_FIRST_IS_LEAD = re.compile(r"列(?:第一|首)位的?(?:单位)?(?:为|是)牵头单位")
_GROUP = re.compile(r"^各|^相关|^有关|有关部门|相关部门|有关单位|相关单位|各级|成员单位|有关方面|级有关")
_TRAILING_NOTE = re.compile(
    r"(?:[(〔](?:下同|同上|牵头|配合)[)〕]|(?:\d{4}年)?\d{1,2}月(?:底|中旬|上旬|下旬)?前?完成|(?:\d{4}年)?年底前?完成)$"
)
_ROLE_NOTE = re.compile(
    r"^(?P<name>.+?(?:政府|办公室|办公厅|委员会|管委会|委|办|厅|局|部|院|中心|公司|集团|会))\((?P<note>[^()]+)\)$"
)
_LEVEL_PREFIX = re.compile(r"^(省|市|县|区)(?=[\u4e00-\u9fff]{2})")


@dataclass
class Assignment:
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    standing: list[str] = field(default_factory=list)
    first_is_lead: bool = False


def bracketed(text: str) -> list[str]:
    """Bodies of the outermost bracketed spans, nested brackets kept inside: in
    `(责任单位:各区、县(市)人民政府)` the body is `责任单位:各区、县(市)人民政府`."""
    bodies, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
            if depth == 0:
                bodies.append(text[start:i])
    return bodies


def _units(text: str) -> list[str]:
    """Agency names as written (with 等 and role notes; clean_agency reads those later)."""
    units = (re.sub(r"(?:牵头|参与|配合|负责落实|负责)$", "", u.strip(" ,;、。:")) for u in split_units(text))
    return [u for u in units if u]


def _segments_by_verb(body: str, result: Assignment) -> bool:
    """`A、B牵头,C、D等参与,E负责落实`: roles from the verb closing each segment."""
    found = False
    for segment in re.split(r"[,;。]", body):
        segment = segment.strip()
        if not segment:
            continue
        if _LEAD_VERB.search(segment):
            result.lead += _units(_LEAD_VERB.sub("", segment))
            found = True
        elif _SUPPORT_VERB.search(segment):
            result.support += _units(_SUPPORT_VERB.sub("", segment))
            found = True
    return found


def _parse_body(body: str, result: Assignment) -> bool:
    labels = list(_LABEL.finditer(body))
    if not labels:
        return _segments_by_verb(body, result)
    has_lead_label = any(m.group(1) in _LEAD_LABELS for m in labels)
    for n, match in enumerate(labels):
        end = labels[n + 1].start() if n + 1 < len(labels) else len(body)
        value = body[match.end() : end].strip(" ;,。")
        value = re.split(r"。", value)[0]
        label = match.group(1)
        if label in _LEAD_LABELS:
            result.lead += _units(value)
        elif label in _SUPPORT_LABELS:
            result.support += _units(value)
        elif not _segments_by_verb(value, result):
            (result.support if has_lead_label else result.responsible).extend(_units(value))
    return True


def parse_assignment(text: str) -> Assignment | None:
    """The roles a clause assigns, or None when it assigns none."""
    result = Assignment()
    standing = _STANDING.search(text)
    if standing:
        result.standing = _units(standing.group(1))
    result.first_is_lead = bool(_FIRST_IS_LEAD.search(text))
    found = False
    for body in bracketed(text):
        if _LABEL.search(body) or re.search(r"牵头[,;]|牵头$", body):
            found = _parse_body(_STANDING.sub("", body), result) or found
    stripped = text.strip()
    if not found and _LABEL.match(stripped):
        found = _parse_body(stripped, result)
    if not (found or result.standing or result.first_is_lead):
        return None
    for role in ("lead", "support", "responsible", "standing"):
        setattr(result, role, list(dict.fromkeys(getattr(result, role))))
    return result


def clean_agency(name: str) -> tuple[str, str | None, bool]:
    """(name, role note, had 等): `市公安局(机动车)` → (`市公安局`, `机动车`, False)."""
    name = _TRAILING_NOTE.sub("", name.strip(" ,;、。:"))
    etc = name.endswith("等")
    name = name.removesuffix("等").strip()
    name = re.sub(r"(?:牵头|参与|配合|负责落实|负责)$", "", name).strip()
    match = _ROLE_NOTE.match(name)
    if match and not _GROUP.search(name):
        return match.group("name"), match.group("note"), etc
    return name, None, etc


def is_group(name: str) -> bool:
    """Collective names (`各区、县(市)人民政府`, `市级有关部门`) that stand for many agencies."""
    return bool(_GROUP.search(name))


def agency_core(name: str) -> tuple[str | None, str]:
    """(level prefix, rest): `市发改委` → (`市`, `发改委`); `湖州电力局` → (None, `湖州电力局`)."""
    match = _LEVEL_PREFIX.match(name)
    if match and ORG_SUFFIX.search(name):
        return match.group(1), name[1:]
    return None, name


_FULL_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|底|末|中旬|上旬|下旬)?")
_YEAR_END = re.compile(r"(?:到|至|于)?((?:19|20)\d{2})\s*年\s*(?:底|末|前|内|年底|完成|全面|基本|,|以前)")
_TO_YEAR = re.compile(r"(?:到|至|于)((?:19|20)\d{2})\s*年")
_MONTH_ONLY = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|底|末|中旬|上旬|下旬)?\s*前")
_THIS_YEAR_END = re.compile(r"(?<!\d)年底前|年内")


def _month_end(year: int, month: int) -> dt.date | None:
    if not 1 <= month <= 12:
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def deadline(text: str | None, year: int | None = None) -> dt.date | None:
    """The first deadline a task states: `2016年底前` → 2016-12-31, `2018年7月底前` → 2018-07-31,
    `9月底前` → in the document's year, `到2020年` → 2020-12-31."""
    if not text:
        return None
    candidates: list[tuple[int, dt.date]] = []
    for match in _FULL_DATE.finditer(text):
        y, m, d = int(match.group(1)), int(match.group(2)), match.group(3)
        try:
            date = dt.date(y, m, int(d)) if d else _month_end(y, m)
        except ValueError:
            date = None
        if date:
            candidates.append((match.start(), date))
    taken = {start for start, _ in candidates}
    for pattern in (_YEAR_END, _TO_YEAR):
        for match in pattern.finditer(text):
            if match.start() not in taken and not any(abs(match.start() - s) <= 2 for s in taken):
                candidates.append((match.start(), dt.date(int(match.group(1)), 12, 31)))
    if year:
        for match in _MONTH_ONLY.finditer(text):
            date = _month_end(year, int(match.group(1)))
            if date:
                candidates.append((match.start(), date))
        for match in _THIS_YEAR_END.finditer(text):
            candidates.append((match.start(), dt.date(year, 12, 31)))
    if not candidates:
        return None
    return min(candidates)[1]
