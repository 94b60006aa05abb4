"""Split a gazette issue into its documents and read each document's metadata.

An issue holds a masthead, a table of contents and several documents; a standalone file
holds one. Documents are found by the structure Chinese official documents share rather than
by position:

* a 文号 line standing alone (`绍政办发〔2018〕40号`), with the title just above it (a
  "…关于…的通知" line, possibly broken over lines) or, under an issuer masthead
  (`浙江省环境保护厅文件`), just below it;
* without a 文号, a "…关于…" title followed within a few lines by the addressees
  (`各市、县(市、区)人民政府:`).

A table of contents lists the same titles and 文号s, so it is recognised first (a `目录` line
and the run of entry-shaped lines after it) and never yields documents. A line repeating the
title just above it is a running head and is dropped. Everything from one document's start
to the next one's belongs to it, attachments (附件) included. The 落款 (issuer line followed
by a date line) gives issuer and date wherever it stands, at the head of a notice or at the end.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from orchestration.parsing import patterns as P
from orchestration.parsing.agencies import split_units
from orchestration.parsing.layout import is_furniture
from orchestration.parsing.numerals import cn_to_int

_TOC_HEAD = re.compile(r"^目录$")
_TOC_ENTRY = (
    re.compile(r"^【[^】]{1,30}】$"),
    re.compile(r"\(\d{1,3}\)$"),
    re.compile(r"[.…·]{3,}\s*\d{1,3}$"),
    re.compile(r"^[(〔\[].{2,40}号[)〕\]]"),
    re.compile(r"^\d{1,3}$"),
)
_MASTHEAD = re.compile(rf"^([{P.HAN}]{{2,16}}?)(?:人民政府|政府)?(?:办公厅|办公室)?公报")
_GOVERNMENT = re.compile(r"(?:人民政府|政府)(?:办公厅|办公室)?$")


@dataclass
class Document:
    """One document of an issue: its line span, header lines and metadata."""

    index: int
    lines: list[tuple[int, str]]
    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    issued_date: dt.date | None = None
    region: str | None = None
    header_lines: set[int] = field(default_factory=set)
    furniture: list[str] = field(default_factory=list)  # 版记 lines in its span (抄送, …印发)

    @property
    def line_start(self) -> int:
        return self.lines[0][0]

    @property
    def line_end(self) -> int:
        return self.lines[-1][0]


def content_lines(lines: list[str]) -> list[tuple[int, str]]:
    """Non-empty, non-furniture lines with their 1-based line numbers."""
    return [(no, text) for no, text in enumerate(lines, 1) if text and not is_furniture(text)]


_WEB_FURNITURE = re.compile(r"发布日期|发布时间|来源:|浏览次数|字体:|打印本页|关闭窗口|首页|>|【|】|\|")


def _is_title_fragment(text: str) -> bool:
    if len(text) > 100 or "\t" in text or text.endswith(tuple(P.SENTENCE_END + ":,")):
        return False
    if _WEB_FURNITURE.search(text):
        return False
    if P.DATE_LINE.match(text) or P.is_doc_number_line(text) or P.ADDRESSEE.match(text):
        return False
    return not (P.ORG_SUFFIX.search(text) and len(text) <= 30 and "关于" not in text)


def _toc_span(content: list[tuple[int, str]]) -> range:
    """The 目录 line and its entries, up to the last one carrying a page or 文号 reference."""
    for i, (_, text) in enumerate(content):
        if _TOC_HEAD.match(text):
            j, last_strong = i + 1, i
            while j < len(content) and _is_toc_entry(content[j][1]):
                if any(pattern.search(content[j][1]) for pattern in _TOC_ENTRY):
                    last_strong = j
                j += 1
            return range(i, last_strong + 1)
    return range(0)


def _is_toc_entry(text: str) -> bool:
    if P.is_doc_number_line(text):
        return False
    if any(pattern.search(text) for pattern in _TOC_ENTRY):
        return True
    text = text.lstrip("-• ")
    return bool(P.RELATING_TITLE.match(text) or P.TITLE_END.search(text)) and _is_title_fragment(text)


def _title_above(content: list[tuple[int, str]], anchor: int, floor: int) -> list[int]:
    """Indices of the title lines just above a 文号 line."""
    picked: list[int] = []
    k = anchor - 1
    while k >= floor and len(picked) < 4 and _is_title_fragment(content[k][1]):
        picked.insert(0, k)
        if "关于" in content[k][1]:
            return picked
        k -= 1
    if picked and P.TITLE_END.search(content[picked[-1]][1]):
        return picked[-1:]
    return []


def _opens_title(text: str) -> bool:
    return bool("关于" in text or P.TITLE_END.search(text)) and _is_title_fragment(text)


def _title_below(content: list[tuple[int, str]], start: int) -> list[int]:
    picked: list[int] = []
    k = start
    while k < len(content) and len(picked) < 3 and _is_title_fragment(content[k][1]):
        picked.append(k)
        if P.TITLE_END.search(content[k][1]):
            break
        k += 1
    return picked


def _decree_at(content: list[tuple[int, str]], i: int) -> bool:
    """`广东省人民政府令` over `第290号`: a decree's number printed on two lines."""
    return (
        "令" in content[i][1]
        and bool(P.DECREE_HEAD.match(content[i][1]))
        and i + 1 < len(content)
        and bool(P.DECREE_SERIAL.match(content[i + 1][1]))
    )


def _starts(content: list[tuple[int, str]], skip: range) -> list[tuple[int, list[int], int | None]]:
    """(start index, title line indices, 文号 line index) for every document found."""
    starts: list[tuple[int, list[int], int | None]] = []
    claimed: set[int] = set(skip)
    floor = skip.stop
    for i, (_, text) in enumerate(content):
        if i in claimed or not (P.is_doc_number_line(text) or _decree_at(content, i)):
            continue
        if i > 0 and P.ISSUER_HEADER.match(content[i - 1][1]):
            title = _title_below(content, i + 1)
            start = i - 1
        else:
            title = _title_above(content, i, floor)
            start = title[0] if title else i
            if not title and i + 1 < len(content) and _opens_title(content[i + 1][1]):
                title = _title_below(content, i + 1)
        starts.append((start, title, i))
        claimed.update(range(start, max([i, *title]) + 1))
        floor = i + 1
    for i, (_, text) in enumerate(content):
        if i in claimed or i < skip.stop or "关于" not in text or not P.RELATING_TITLE.match(text):
            continue
        if not _is_title_fragment(text):
            continue
        window = range(i + 1, min(i + 5, len(content)))
        if any(P.is_doc_number_line(content[j][1]) for j in window):
            continue
        addressee = next((j for j in window if P.ADDRESSEE.match(content[j][1])), None)
        if addressee is None:
            continue
        title = [j for j in range(i, addressee) if _is_title_fragment(content[j][1])][:3]
        starts.append((i, title, None))
        claimed.update(range(i, addressee))
    return sorted(starts)


def split_documents(lines: list[str]) -> list[Document]:
    """Documents of one normalised file, in order; a file without markers is one document."""
    return list(iter_documents(lines))


def iter_documents(lines: list[str]) -> Iterator[Document]:
    """The documents one at a time, so a file of many notices never holds them all at once."""
    content = content_lines(lines)
    if not content:
        return
    kept = {no for no, _ in content}
    toc = _toc_span(content)
    starts = _starts(content, toc)
    issue_region = _issue_region(lines)
    if not starts:
        begin = toc.stop if toc else 0
        starts = [(begin, [], None)] if begin < len(content) else [(0, [], None)]
    for n, (start, title_idx, anchor) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else len(content)
        if n + 1 < len(starts):
            stop = _drop_running_head(content, start_next=stop, title_next=starts[n + 1][1])
        doc = Document(index=n, lines=content[start:stop])
        last = content[stop][0] if stop < len(content) else len(lines) + 1
        first = content[start][0]  # furniture: the lines content_lines dropped that are not blank
        doc.furniture = [t for no, t in enumerate(lines[first - 1 : last - 1], first) if t and no not in kept]
        doc.title = " ".join(content[k][1] for k in title_idx).replace(" ", "") or None
        doc.doc_number = _number_at(content, anchor)
        doc.header_lines = {content[k][0] for k in [*title_idx, start]} | (
            {content[anchor][0]} if anchor is not None else set()
        )
        if anchor is not None and _decree_at(content, anchor):
            doc.header_lines.add(content[anchor + 1][0])
        if n == 0 and anchor is None and not title_idx:
            _title_before_contents(doc, content, toc)
        _read_metadata(doc, issue_region)
        yield doc


def _number_at(content: list[tuple[int, str]], anchor: int | None) -> str | None:
    if anchor is None:
        return None
    if _decree_at(content, anchor):
        return content[anchor][1] + content[anchor + 1][1].replace(" ", "")
    return _bare_number(content[anchor][1])


def _is_plain_title(text: str) -> bool:
    """A title line of its own: ends in a document kind, reads as no sentence."""
    return (
        bool(P.TITLE_END.search(text))
        and _is_title_fragment(text)
        and len(text) <= 60
        and not P.OPENING_WORDS.match(text)
        and not re.search(r"[,。;]|^附件|^[和及与暨]", text)
    )


def _title_before_contents(doc: Document, content: list[tuple[int, str]], toc: range) -> None:
    """A single document that opens with its title (and a period line, `(2021-2025年)`), maybe
    before a table of contents: the title is read there, and the contents are no prose."""
    title_idx: list[int] = []
    for k in range(min(3, len(content))):  # a title broken over lines: 移动智能终端应用软件预置 / 和分发管理暂行规定
        text = content[k][1]
        if not _is_title_fragment(text) or re.search(r"[,。;]", text) or P.OPENING_WORDS.match(text):
            break
        title_idx.append(k)
        if P.TITLE_END.search(text):
            break
    joined = "".join(content[k][1] for k in title_idx)
    if not title_idx or not _is_plain_title(joined):
        return
    nxt = title_idx[-1] + 1
    if nxt < len(content) and P.PERIOD_LINE.match(content[nxt][1].replace(" ", "")):
        title_idx.append(nxt)
    if toc and toc.start > title_idx[-1] + 1:
        return
    if toc and doc.lines[0][0] > content[0][0]:
        doc.lines = content[: toc.start] + doc.lines
    doc.title = "".join(content[k][1] for k in title_idx).replace(" ", "")
    doc.header_lines |= {content[k][0] for k in title_idx} | {content[k][0] for k in toc}


def _bare_number(text: str) -> str:
    match = P.DOC_NUMBER.search(text)
    return (match.group("number") if match else text).replace(" ", "")


def _drop_running_head(content: list[tuple[int, str]], start_next: int, title_next: list[int]) -> int:
    """Exclude a line just before the next title that merely repeats that title."""
    if not title_next or start_next == 0:
        return start_next
    title = "".join(content[k][1] for k in title_next)
    previous = content[start_next - 1][1]
    if len(previous) >= 4 and previous in title and not P.DATE_LINE.match(previous):
        return start_next - 1
    return start_next


def parse_date(text: str) -> dt.date | None:
    """The first written date (`2018年6月27日` or `二〇一八年六月二十七日`) in a text."""
    match = P.DATE.search(text)
    parts: tuple[int | None, ...]
    if match:
        parts = tuple(int(g) for g in match.groups())
    else:
        match = P.CN_DATE.search(text)
        if not match:
            return None
        parts = tuple(cn_to_int(g) for g in match.groups())
    year, month, day = parts
    try:
        return dt.date(year, month, day)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _signature(doc: Document) -> tuple[str | None, dt.date | None, set[int]]:
    """The first 落款: issuer line(s) directly followed by a date line, or a signatory
    (`省长马兴瑞`) above the date; else issuer lines over a date that an export ran into the next
    text; else the 印发 line of the 版记 (`济南市人民政府办公厅 2019年1月3日印发`)."""
    lines = doc.lines
    for i, (_, text) in enumerate(lines):
        if not P.DATE_LINE.match(text) or i == 0:
            continue
        issuers: list[int] = []
        k = i - 1
        while k >= 0 and len(issuers) < 4 and _is_org_line(lines[k][1]):
            issuers.insert(0, k)
            k -= 1
        if issuers:
            used = {lines[j][0] for j in [*issuers, i]}
            return _issuers(lines[j][1] for j in issuers), parse_date(text), used
        if P.SIGNATORY.match(lines[i - 1][1]):
            return None, parse_date(text), {lines[i - 1][0], lines[i][0]}
    for i, (_, text) in enumerate(lines):
        if i and P.DATE_START.match(text) and not P.DATE_LINE.match(text) and _is_org_line(lines[i - 1][1]):
            issuers = [k for k in range(max(0, i - 4), i) if _is_org_line(lines[k][1])]
            if issuers and issuers[-1] == i - 1 and issuers == list(range(issuers[0], i)):
                return _issuers(lines[j][1] for j in issuers), parse_date(text), {lines[j][0] for j in issuers}
    for text in [t for _, t in lines] + doc.furniture:
        issue = P.ISSUE_LINE.match(text)
        if issue and _is_org_line(issue.group("org")):
            return issue.group("org"), parse_date(issue.group("date")), set()
    return None, None, set()


def _issuers(lines: Iterable[str]) -> str:
    """Signing bodies, one per line or several on one line (`…厅 福建省通信管理局`, the space
    lost in normalising), joined by 、."""
    return "、".join(name for line in lines for name in split_units(line))


def _is_org_line(text: str) -> bool:
    return (
        len(text) <= 40 and bool(P.ORG_SUFFIX.search(text)) and not re.search(r"[,。;:、]", text) and "关于" not in text
    )


def _published_on(lines: list[str]) -> dt.date | None:
    """A web page's own date line (`发布日期: 2024-4-11`)."""
    for text in lines:
        match = P.PUBLISHED_ON.search(text)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                return None
    return None


def _read_metadata(doc: Document, issue_region: str | None) -> None:
    issuer, issued, used = _signature(doc)
    doc.header_lines |= used
    head = [text for _, text in doc.lines[:6]]
    if issuer is None and head and P.ISSUER_HEADER.match(head[0]):
        issuer = head[0].removesuffix("文件")
    if issuer is None and doc.title and "关于" in doc.title:
        prefix = doc.title.split("关于", 1)[0]
        issuer = prefix if P.ORG_SUFFIX.search(prefix) else None
    if issuer is None and doc.doc_number and "令" in doc.doc_number:
        prefix = doc.doc_number.split("令", 1)[0]
        issuer = prefix if P.ORG_SUFFIX.search(prefix) else None
    if issued is None:
        issued = _published_on(head)
    if issued is None:
        issued = next((d for d in map(parse_date, head) if d), None)
    if doc.doc_number is None and doc.title:
        doc.doc_number = _bare_number(doc.title) if P.DOC_NUMBER.search(doc.title) else None
    if doc.title is None:
        doc.title = _fallback_title(doc)
    doc.issuer = issuer
    doc.issued_date = issued
    doc.region = region_of(issuer) or region_of(doc.title) or issue_region


def _fallback_title(doc: Document) -> str | None:
    """A document without a title line: the plan it promulgates, else its first heading."""
    for _, text in doc.lines[:12]:
        match = P.PROMULGATION.search(text)
        if match:
            return match.group(1) or match.group(2)
    for _, text in doc.lines[:12]:
        if _is_plain_title(text):
            return text
    return None


def region_of(name: str | None) -> str | None:
    """The most specific administrative unit a name starts with (浙江省, 绍兴市越城区 → 越城区)."""
    if not name:
        return None
    region, rest = None, name.removeprefix("中共").removeprefix("中国共产党")
    for _ in range(3):
        match = P.ADMIN_UNIT.match(rest)
        if not match:
            break
        region, rest = match.group(0), rest[match.end() :]
    return region


def _issue_region(lines: list[str]) -> str | None:
    """The region of a whole issue, from its masthead (浙江省人民政府公报 → 浙江省)."""
    for text in [line for line in lines[:60] if line][:15]:
        match = _MASTHEAD.match(text)
        if match:
            return region_of(match.group(1))
    return None
