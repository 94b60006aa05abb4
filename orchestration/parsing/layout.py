"""Page layout: what is furniture, and which lines a PDF broke that belong together.

Printed gazettes carry running heads, page numbers, a masthead and a colophon; web captures
carry breadcrumbs and share buttons. None of it is content, and left in it splits sentences
and invents documents. Lines are dropped only by shape (a page number between dashes, a
gazette masthead with its issue number, a colophon field), never by position, so the same
rules hold for gazettes of any city.

Re-joining: PDF conversion breaks lines mid-sentence (`到2020` / `年`), often with a blank
line between, which looks exactly like a paragraph break. A line is continued by the next
unless it ends a sentence, is a short heading or signature, or the next one opens a new
outline item, an attachment or a table row.
"""

from __future__ import annotations

import re

from orchestration.parsing import patterns as P

# Furniture by the shape of the whole line, matched from its start: one alternation, so a line
# is read once rather than once per shape.
_FURNITURE_LINE = re.compile(
    "|".join(
        f"(?:{shape})"
        for shape in (
            r"[-—–_·•]+\s*\d{1,4}\s*[-—–_·•]+$",  # a page number between dashes
            r"第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?$",
            rf"[{P.HAN}]{{2,16}}公报\s*(?:\(\d{{4}}\)\s*\d{{0,3}}|\d{{4}}年?\s*第?\s*\d+\s*期.*)?$",
            r"\d{4}(?:年)?\s*第\s*\d+\s*期(?:\s*\(总第\s*\d+\s*期\))?$",
            r"(?:GAZETTE|OF\s+[A-Z' ]+$)",
            r"\d{1,2}月\d{1,2}日出版$",
            r"(?:主管主办单位|主管单位|主办单位|承办单位|编辑出版|编辑|出版|地址|联系电话|电话|传真|邮编|邮政编码|"
            r"国内统一刊号|国际标准刊号|网址|印刷单位|印刷|发行|定价|电子邮箱|投稿邮箱)\s*[:]",
            r"(?:当前位置|您当前的位置|您的位置)[:]",
            r">",
            r"(?:扫一扫在手机打开当前页|【?打印(?:本页)?】?|【?关闭(?:窗口)?】?|分享到[:]?.*)$",
            # 版记 at the foot of a document: distribution and printing notes, not content
            r"(?:公开方式|公开属性|抄送|主送|校对)\s*[:]",
            r"\((?:此件|本件)(?:公开发布|不公开|主动公开|依申请公开)\)$",
        )
    )
)
_PUBLISHED_LINE = re.compile(r"发布时间[:].{0,60}(?:来源|字体|浏览|点击)")  # searched only where 发布时间 is
_PRINTED_ON = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日印发$")  # searched only in lines ending 印发


def is_furniture(line: str) -> bool:
    """True for page furniture. A bare number is not dropped: in tables it is a cell."""
    text = line.strip()
    if not text:
        return False
    if text.isdigit():
        return False
    if _FURNITURE_LINE.match(text) or ("发布时间" in text and _PUBLISHED_LINE.search(text)):
        return True
    return text.endswith("印发") and bool(_PRINTED_ON.search(text))


_UNIT_START = re.compile(
    r"^(?:年|月|日|%|万|亿|个|千|百|元|吨|米|亩|项|家|条|座|台|辆|人|名|所|次|倍|公|平|立|微|毫|克|千|兆|小时|天|分|度)"
)


def outline_marker(text: str) -> tuple[str, str, str] | None:
    """(kind, ordinal text, remainder) when the text opens with an outline marker."""
    first = text[:1]
    if first not in P.OUTLINE_OPENERS and not first.isdecimal():
        return None  # most lines: no marker can start here, so none is tried
    for kind, pattern in P.OUTLINE_MARKERS:
        match = pattern.match(text)
        if match:
            ordinal = match.group(1) if match.groups() else "——"
            rest = text[match.end() :]
            if kind in ("num", "decimal") and _UNIT_START.match(rest):
                continue  # 2.5微克, 10万吨: a quantity, not a marker
            if kind == "cn" and not rest:
                continue
            return kind, ordinal, rest
    return None


_SENTENCE_ENDINGS = (*P.CLAUSE_END, "。”", "。)", "!”", "?”")


def ends_sentence(text: str) -> bool:
    return text.endswith(_SENTENCE_ENDINGS)


def looks_like_heading(text: str) -> bool:
    """Short line without closing punctuation: a heading, title or signature."""
    return len(text) < 24 and not ends_sentence(text)


def opens_block(text: str) -> bool:
    """Lines that never continue the line before them."""
    return bool(
        outline_marker(text)
        or P.ATTACHMENT.match(text)
        or P.is_doc_number_line(text)
        or P.DATE_LINE.match(text)
        or "\t" in text
    )


_ENDS_IN_DIGIT = re.compile(r"\d$")
_UNIT_AFTER_NUMBER = re.compile(r"(?:年|月|日|%|万|亿|个|公里|吨)")


def continues(previous: str, following: str) -> bool:
    """Whether `following` carries on the sentence `previous` left open."""
    if not previous or not following or "\t" in previous:
        return False
    if following[0] in ",。、;:)”%?!" and not ends_sentence(previous):
        return True
    if ends_sentence(previous) or opens_block(following):
        return False
    if P.DATE_LINE.match(previous) or P.DOC_NUMBER_LINE.match(previous):
        return False
    # `\d$` can only match at the last two characters: searching from there spares a scan of the
    # whole paragraph, which join_lines makes for every line it adds
    if _ENDS_IN_DIGIT.search(previous, max(len(previous) - 2, 0)) and _UNIT_AFTER_NUMBER.match(following):
        return True
    return not looks_like_heading(previous)


def join_lines(lines: list[tuple[int, str]]) -> list[tuple[int, int, str]]:
    """Merge broken lines into paragraphs: (first line no, last line no, text)."""
    paragraphs: list[tuple[int, int, str]] = []
    for line_no, text in lines:
        if not text:
            continue
        if paragraphs and continues(paragraphs[-1][2], text):
            start, _, previous = paragraphs[-1]
            paragraphs[-1] = (start, line_no, previous + text)
        else:
            paragraphs.append((line_no, line_no, text))
    return paragraphs
