"""Who is to do it, and by when: responsibility clauses and deadlines.

Gazettes assign work in a handful of shapes, after the text they govern:

* `(责任单位:省环保厅、省经信委牵头,省发展改革委、省国土资源厅等参与)`: verbs mark the roles;
* `(牵头单位:市发改委;配合单位:市建设局、市公用事业集团)`: labels mark them, and
  `(牵头单位:X,责任单位:Y)` makes Y the supporting units;
* `〔市生态环境局牵头,市发展和改革局、工业和信息化局参与〕`, `(X负责)`, `(X牵头,Y按职责分工负责)`:
  verbs, no label; 负责 names the lead unless another unit 牵头, then it names support;
* a line of its own: `牵头单位:经信委;责任单位:发改委、市场监管局`;
* `(责任单位:省综治办、省编委办)`, `(X、Y按职责分工负责)`: a bare list, all responsible (lead),
  unless the document said `列第一位的为牵头单位`, which makes the first the lead and the rest
  supporting.

Standing instructions (`以下各项工作均需地方各级人民政府落实,不再列出`, `以下各项工作的责任单位
均为…`) name agencies that support everything that follows; the models carry them forward.
A body is an assignment only when every unit it names looks like an agency, so `(企业负责)` or
a bracketed aside is not one. Names are split and cleaned by parsing/agencies.py.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from orchestration.parsing import patterns as P
from orchestration.parsing.agencies import clean_agency, is_well_formed, split_units, strip_role_words

_LABEL = re.compile(
    r"((?:牵头|主办|主责|责任|实施|(?:主要)?配合|协办|参与|协助|协同)(?:考核|督办|落实)?"
    r"(?:单位|部门|处室|司局|主体))\s*[:]"
)
_LEAD_LABEL = re.compile(r"^(?:牵头|主办|主责)")
_SUPPORT_LABEL = re.compile(r"^(?:(?:主要)?配合|协办|参与|协助|协同)")
_OPEN, _CLOSE = "(〔[【", ")〕]】"
# Role verbs closing a segment, longest first: support verbs that contain 负责 come before it.
_SUPPORT_VERB = re.compile(
    r"(?:按职责分工配合|按职责配合|配合实施|负责落实|具体落实|具体实施|共同推进|组织实施|参与|配合|协助|协同|协办|参加|落实)$"
)
_LEAD_VERB = re.compile(r"(?:牵头负责|负责牵头|牵头抓总|牵头|为主|主抓|负总责|分别负责)$")
_SHARED_VERB = re.compile(
    r"(?:按职责分工负责|按职能分工负责|按职责负责|分工负责|共同负责|各负其责|负责|按职责分工|按照职责分工|分工协作)$"
)
_FIRST = r"(?:列|排)在?(?:第一|首)位"
_RULE_NOTE = re.compile(rf"{_FIRST}|下同|不再(?:一一)?列出|不一一列出|(?:以下|下列)各项(?:工作|任务)")
_STANDING = re.compile(
    r"(?:以下|下列)各项(?:工作|任务)(?:的责任单位)?均?(?:需|由|要|为)?(.{2,40}?)(?:负责)?(?:落实|参与)?[,]?\s*"
    r"(?:不再(?:一一)?列出|[)〕。]?$)"
    r"|工作均需(.{2,40}?)(?:参与|落实|配合)[,]?\s*(?:配合单位)?不(?:再)?一一列出"
)
_SAME_BELOW = re.compile(r"[(〔]下同[)〕]\s*$")
_FIRST_IS_LEAD = re.compile(rf"{_FIRST}(?:的|者)?(?:单位|部门)?(?:为|是)牵头(?:单位|部门)")
_WEIGHT_SEGMENT = re.compile(r"^\d+(?:\.\d+)?分$")
_CO = re.compile(r"会同")
# a time limit written beside the units: (…按职责分工负责,2024年底前完成), (时限:6月底前)
_TIME_SEGMENT = re.compile(
    r"^(?:时限:?|完成时限:?)?(?:(?:19|20)\d{2}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:年?底|末|中旬|上旬|下旬)?"
    r"(?:前|以前|之前)?(?:完成|到位|见效)?$|^(?:长期坚持|持续推进|全年|每年|长期)$"
)


_CUE = re.compile(r"牵头|负责|分工|配合|参与|协助|落实|实施|单位\s*:|部门\s*:")


def may_assign(text: str | None) -> bool:
    """Cheap test the models run before parsing: can this sentence assign roles or state a rule?"""
    return text is not None and bool(_CUE.search(text) or _RULE_NOTE.search(text))


def states_rule(text: str | None) -> bool:
    """Does the sentence state a rule for later tasks (a standing instruction, 列第一位…, 下同)?"""
    return text is not None and bool(_RULE_NOTE.search(text))


def opens_with_label(text: str | None) -> bool:
    """A paragraph that is a label line (`牵头单位:…;责任单位:…`) assigns the paragraph before."""
    return text is not None and bool(_LABEL.match(text.strip()))


@dataclass
class Assignment:
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    standing: list[str] = field(default_factory=list)
    first_is_lead: bool = False


def _spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the outermost bracketed spans, brackets included."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            if depth == 0:
                start = i
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def bracketed(text: str) -> list[str]:
    """Bodies of the outermost bracketed spans, nested brackets kept inside: in
    `(责任单位:各区、县(市)人民政府)` the body is `责任单位:各区、县(市)人民政府`."""
    return [text[start + 1 : end - 1] for start, end in _spans(text)]


def _units(text: str) -> list[str]:
    """Agency names as written, role words removed; 等 and role notes (`市公安局(交警)`) stay for
    the marts to read (agencies.clean_agency)."""
    names = (strip_role_words(u) for u in split_units(text))
    return [n for n in names if clean_agency(n)[0]]


def _segments(body: str) -> list[str]:
    """Segments at `,;。` outside brackets and quotes."""
    out, depth, current = [], 0, []
    for ch in body:
        if ch in '(（〔“"':
            depth += 1
        elif ch in ")）〕”" and depth:
            depth -= 1
        if depth == 0 and ch in ",;。":
            out.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    out.append("".join(current).strip())
    return [s for s in out if s]


def _skipped(segment: str) -> bool:
    """Segments beside the units that assign nobody: a rule, a time limit, a weight."""
    if _SAME_BELOW.search(segment):
        return False  # units marked 〔下同〕 are units
    return bool(_RULE_NOTE.search(segment) or _TIME_SEGMENT.match(segment) or _WEIGHT_SEGMENT.match(segment))


def _nameish(unit: str) -> bool:
    """A unit that may stand in a list of agencies: an agency name, or a body's name that the
    vocabulary does not know (`工业互联网产业联盟`), but no sentence, number or applicant role."""
    name = clean_agency(unit)[0]
    if is_well_formed(name):
        return True
    return 2 <= len(name) <= 25 and not re.search(r"[。:;!?]|\d", name) and name not in _NOT_BODIES


_NOT_BODIES = frozenset({"企业", "各企业", "高校", "学校", "个人", "社会", "群众", "公众"})


def _by_verb(body: str) -> Assignment | None:
    """`A、B牵头,C、D等参与,E负责落实`, `X负责`, `X会同Y负责`: roles from each segment's verb.
    None when a segment is neither a role, a rule note nor empty, or a unit is no agency."""
    found = Assignment()
    shared: list[str] = []
    pending: list[str] = []  # `A、B，C按职责分工负责`: units before a comma share the next verb
    for segment in _segments(body):
        if _skipped(segment):
            continue
        roles = ((_SUPPORT_VERB, "support"), (_LEAD_VERB, "lead"), (_SHARED_VERB, "shared"))
        match = next(((verb, r) for verb, r in roles if verb.search(segment)), None)
        if match is None:
            units = _units(segment)
            if not units or not all(_nameish(u) for u in units):
                return None
            pending += units
            continue
        names, role = match[0].sub("", segment), match[1]
        if _CO.search(names):
            first, _, rest = names.partition("会同")
            found.lead += pending + _units(first)
            found.support += _units(rest)
            pending = []
            continue
        units = pending + _units(names)
        pending = []
        if not units or not all(_nameish(u) for u in units):
            return None
        {"support": found.support, "lead": found.lead, "shared": shared}[role].extend(units)
    named = found.lead + found.support + shared
    if pending or not any(is_well_formed(clean_agency(u)[0]) for u in named):
        return None
    if found.lead:
        found.support = shared + found.support
    else:
        found.responsible = shared
    return found if found.lead or found.support or found.responsible else None


def _by_label(body: str) -> Assignment | None:
    labels = list(_LABEL.finditer(body))
    if not labels:
        return None
    found = Assignment()
    has_lead_label = any(_LEAD_LABEL.match(m.group(1)) for m in labels)
    for n, match in enumerate(labels):
        end = labels[n + 1].start() if n + 1 < len(labels) else len(body)
        value = re.split(r"。", body[match.end() : end].strip(" ;,。"))[0]
        value = ",".join(s for s in _segments(value) if not _skipped(s))
        label = match.group(1)
        if _SAME_BELOW.search(value):
            found.standing += _units(value)
        if _LEAD_LABEL.match(label):
            found.lead += _units(value)
        elif _SUPPORT_LABEL.match(label):
            found.support += _units(value)
        else:
            verbs = _by_verb(value)
            if verbs and (verbs.lead or verbs.support):
                found.lead += verbs.lead
                found.support += verbs.support
            else:
                (found.support if has_lead_label else found.responsible).extend(_units(value))
    return found


def parse_assignment(text: str) -> Assignment | None:
    """The roles a clause assigns, or None when it assigns none."""
    result = Assignment()
    standing = _STANDING.search(text)
    if standing:
        result.standing = _units(standing.group(1) or standing.group(2))
    result.first_is_lead = bool(_FIRST_IS_LEAD.search(text))
    found = False
    bodies = [b for b in bracketed(text) if not _STANDING.search(b) or _LABEL.search(_STANDING.sub("", b))]
    stripped = text.strip()
    if _LABEL.match(stripped):
        bodies = [stripped]
    elif not bodies and _role_sentence(stripped):
        bodies = [_role_body(stripped)]
    for body in bodies:
        body = _STANDING.sub("", body)
        parsed = _by_label(body) or _by_verb(body)
        if parsed is None:
            continue
        found = True
        result.standing += parsed.standing
        result.lead += parsed.lead
        result.support += parsed.support
        result.responsible += parsed.responsible
    if not (found or result.standing or result.first_is_lead):
        return None
    for role in ("lead", "support", "responsible", "standing"):
        setattr(result, role, list(dict.fromkeys(getattr(result, role))))
    result.support = [u for u in result.support if u not in result.lead]
    return result


_WEIGHT = re.compile(r"[(〔](\d+(?:\.\d+)?)\s*分[)〕]")
_INNER_WEIGHT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*分(?=[,;)〕])")


@dataclass
class ParagraphTask:
    sentence: int
    task_text: str
    assignment_text: str
    weight: float | None
    opens_paragraph: bool


def _assigns(span: str) -> bool:
    found = parse_assignment(span)
    return found is not None and bool(found.lead or found.support or found.responsible)


def _role_body(sentence: str) -> str:
    """The units and verbs of a sentence that assigns: `(日常工作)由X牵头` → `X牵头`."""
    return re.sub(r"^(?:[\u4e00-\u9fff]{2,6}工作)?由", "", sentence.strip().rstrip("。;,"))


def _role_sentence(sentence: str) -> bool:
    """A sentence written without brackets that only assigns: every part of it units closing on
    a role verb, or a time limit (`省疾控局牵头,省发展改革委、省财政厅配合,2023年底前完成。`), or
    one opening with a label (`责任单位:省卫生健康委、各市州人民政府。`)."""
    if _LABEL.match(sentence.strip()):
        return True
    if any(ch in sentence for ch in _OPEN) or not _CUE.search(sentence):
        return False
    body = _role_body(sentence)
    if not all(_skipped(segment) or _ROLE_ONLY_VERB.search(segment) for segment in _segments(body)):
        return False  # 加强组织领导,…落实: verbs of prose, not of roles
    found = _by_verb(body)
    named = (found.lead + found.support + found.responsible) if found else []
    return bool(named) and all(is_well_formed(clean_agency(unit)[0]) for unit in named)


# Without brackets, only the verbs that do nothing but give a role mark a sentence as an assignment
_ROLE_ONLY_VERB = re.compile(
    r"(?:牵头负责|负责牵头|牵头|按职责分工配合|按职责配合|按职责分工负责|按职能分工负责|按职责负责|分工负责|共同负责|"
    r"配合|参与|协助|负责)$"
)


def _sentence_spans(sentences: list[str], bounds: list[int], taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of the sentences that only assign, outside any bracketed span."""
    spans = []
    for sentence, end in zip(sentences, bounds, strict=True):
        start = end - len(sentence)
        if not any(s < end and start < e for s, e in taken) and _role_sentence(sentence):
            spans.append((start, end))
    return spans


def paragraph_tasks(sentences: list[str]) -> list[ParagraphTask]:
    """A paragraph's tasks: each responsibility clause closes the text written since the previous
    one, so `A。(X牵头)B。(Y牵头)` gives A to X and B to Y, wherever the sentence splitter put
    the brackets. `sentence` is the index of the sentence holding the clause. A weight is read
    from its own bracket before or right after the clause, or from inside it (`(2分,牵头考核单位:X)`),
    and its bracket is not part of the task's text."""
    text = "".join(sentences)
    bounds, pos = [], 0
    for sentence in sentences:
        bounds.append(pos + len(sentence))
        pos += len(sentence)
    spans = _spans(text)
    spans = sorted(spans + _sentence_spans(sentences, bounds, spans))
    tasks: list[ParagraphTask] = []
    previous = 0
    for n, (start, end) in enumerate(spans):
        span = text[start:end]
        if start < previous or not _assigns(span):
            continue
        task_text = text[previous:start].strip().lstrip(",;。、 ")
        weights = _WEIGHT.findall(task_text) or _INNER_WEIGHT.findall(span)
        after = spans[n + 1] if n + 1 < len(spans) else None
        if after and after[0] == end and _WEIGHT.fullmatch(text[after[0] : after[1]]):
            weights = weights or _WEIGHT.findall(text[after[0] : after[1]])
            end = after[1]
        task_text = _WEIGHT.sub("", task_text).strip()
        sentence = next(i for i, b in enumerate(bounds) if start < b)
        weight = float(weights[-1]) if weights else None
        tasks.append(ParagraphTask(sentence, task_text, span, weight, previous == 0))
        previous = end
    return tasks


_LIMIT = r"\s*(?:底|末)?\s*(?:以前|之前|前)"
_FULL_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|底|末|中旬|上旬|下旬)?")
_YEAR_END = re.compile(r"((?:19|20)\d{2})\s*年\s*(?:年?底|末)?")
_MONTH_ONLY = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|底|末|中旬|上旬|下旬)?")
_THIS_YEAR_END = re.compile(rf"{P.NOT_AFTER_A_COUNT}(?:年底|年内|全年)")
_IS_LIMIT = re.compile(_LIMIT + r"|\s*(?:完成|到位|建成)")


def _month_end(year: int, month: int) -> dt.date | None:
    if not 1 <= month <= 12:
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def deadline(text: str | None, year: int | None = None, cell: bool = False) -> dt.date | None:
    """The latest time limit a task states: `2016年底前` → 2016-12-31, `2018年7月底前完成` →
    2018-07-31, `9月底前` and `年底前` in the document's year. In prose a date is a limit only
    with 前 or 完成 after it; a plan phase (`到2020年,…`) is none. A 完成时间 cell (`cell`) is a
    limit whatever it says: `2020 年`, `2018年6月底`."""
    if not text:
        return None
    found: list[tuple[int, int, dt.date]] = []

    def limit(match: re.Match[str]) -> bool:
        return cell or bool(_IS_LIMIT.match(text, match.end()))

    for match in _FULL_DATE.finditer(text):
        y, m, d = int(match.group(1)), int(match.group(2)), match.group(3)
        try:
            date = dt.date(y, m, int(d)) if d else _month_end(y, m)
        except ValueError:
            date = None
        if date and limit(match):
            found.append((match.start(), match.end(), date))

    def free(match: re.Match[str]) -> bool:
        return not any(s <= match.start() < e for s, e, _ in found)

    for match in _YEAR_END.finditer(text):
        if free(match) and limit(match):
            found.append((match.start(), match.end(), dt.date(int(match.group(1)), 12, 31)))
    if year:
        for match in _MONTH_ONLY.finditer(text):
            date = _month_end(year, int(match.group(1)))
            if date and free(match) and limit(match):
                found.append((match.start(), match.end(), date))
        for match in _THIS_YEAR_END.finditer(text):
            word = match.group(0)
            if free(match) and (cell or ((word == "年内" or limit(match)) and word != "全年")):
                found.append((match.start(), match.end(), dt.date(year, 12, 31)))
    return max(d for _, _, d in found) if found else None
