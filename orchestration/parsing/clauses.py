"""Split a document's prose into clauses along its outline.

Gazette prose is an outline: 一、 / (一) / 1. / (1) / —— bullets, with 第X章 / 第X条 in
regulations. Each paragraph (broken lines re-joined first) takes its place in that outline by
the kind of marker it opens with; ranks are fixed by convention rather than by order of
appearance, so a document that skips a level still gets a sensible path. 附件 headings
start a fresh outline under the attachment's label. Paragraphs are then split into sentences
at 。!?; outside brackets and quotes, so `(责任单位:…)` stays whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import polars as pl

from orchestration.parsing import patterns as P
from orchestration.parsing.layout import join_lines, outline_marker

CLAUSE_SCHEMA = {
    "paragraph_no": pl.Int32,
    "sentence_no": pl.Int32,
    "attachment": pl.Utf8,
    "section_path": pl.Utf8,
    "marker_kind": pl.Utf8,
    "level": pl.Int32,
    "heading": pl.Utf8,
    "text": pl.Utf8,
    "line_start": pl.Int32,
    "line_end": pl.Int32,
}
_OPEN, _CLOSE = "(“《「『[【〔", ")”》」』]】〕"
_SENTENCE_MARKS = re.compile(f"[{re.escape(_OPEN + _CLOSE + P.SENTENCE_END)}]")


def split_sentences(text: str) -> list[str]:
    """Sentences ending at 。!?; at bracket depth zero; the tail is kept even if unterminated."""
    return list(_sentences(text))


def _sentences(text: str) -> Iterator[str]:
    """split_sentences one at a time, for callers that want only the first. Only brackets and
    sentence ends move the reading, so the loop visits those alone."""
    depth, start = 0, 0
    for match in _SENTENCE_MARKS.finditer(text):
        ch = match.group()
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
        elif depth == 0:
            sentence = text[start : match.end()].strip()
            start = match.end()
            if sentence:
                yield sentence
    tail = text[start:].strip()
    if tail:
        yield tail


def _label(kind: str, ordinal: str) -> str:
    return {
        "cn": ordinal,
        "paren_cn": f"({ordinal})",
        "num": ordinal,
        "decimal": ordinal,
        "paren_num": f"({ordinal})",
        "dash": "——",
        "chapter": f"第{ordinal}章",
        "section": f"第{ordinal}节",
        "article": f"第{ordinal}条",
    }[kind]


def split_clauses(lines: list[tuple[int, str]]) -> pl.DataFrame:
    """One row per sentence of the given prose lines, with its outline position."""
    return rows_frame(list(clause_rows(lines)), CLAUSE_SCHEMA)


def rows_frame(rows: list[tuple[object, ...]], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """A frame from row tuples in `schema`'s order, built column by column: polars takes
    columns several times faster than rows."""
    if not rows:
        return pl.DataFrame(schema=schema)
    columns = zip(*rows, strict=True)
    return pl.DataFrame({name: list(column) for name, column in zip(schema, columns, strict=True)}, schema=schema)


def clause_rows(lines: list[tuple[int, str]]) -> Iterator[tuple[object, ...]]:
    """The rows of split_clauses as tuples in CLAUSE_SCHEMA's order, one at a time, for callers
    that gather many documents into one frame or write a long document in parts."""
    stack: list[tuple[int, str]] = []
    attachment: str | None = None
    for paragraph_no, (start, end, text) in enumerate(join_lines(lines), 1):
        attached = P.ATTACHMENT.match(text)
        if attached and (not attached.group(2) or len(text) <= 40):
            attachment = ("附件" + (attached.group(1) or "")).strip()
            stack = []
        marker = outline_marker(text)
        kind, heading = None, None
        if marker:
            kind, ordinal, rest = marker
            rank = P.OUTLINE_RANK[kind]
            while stack and stack[-1][0] >= rank:
                stack.pop()
            stack.append((rank, _label(kind, ordinal)))
            first = next(_sentences(rest), None)
            if first and len(first) <= 40:
                heading = first.rstrip("。")
        path = "/".join(label for _, label in stack) or None
        level = len(stack)
        for sentence_no, sentence in enumerate(_sentences(text), 1):
            yield (paragraph_no, sentence_no, attachment, path, kind, level, heading, sentence, start, end)
