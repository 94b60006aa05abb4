"""Find tables inside a document and lay them out as cells.

Two layouts are recognised here:

* tab-separated rows (`序号\t项目名称\t…`), where a line without tabs between two rows is a
  cell wrapped onto its own line;
* one cell per line, the layout of HTML and some PDF conversions: a `序号` line followed by
  short header labels, then rows that each open with a sequence number or a category
  heading.

A table's caption is read from the lines just above it: the 附件 label, the title (…表 /
…清单) and a unit note (单位:万元). Header rows repeated after a page break are kept but
marked, so counts and sums can skip them. Reconciling merged cells, totals and wrapped
cells in detail is left to the models downstream; this module only reports what it sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from orchestration.parsing import patterns as P
from orchestration.parsing.layout import outline_marker

_UNIT_NOTE = re.compile(r"^\(?单位[:]\s*([^)]{1,12})\)?$")
_TABLE_TITLE = re.compile(r"(?:表|清单|一览|汇总|计划|目录|名单|名录)(?:\(.{1,20}\))?$")
_HEADER_WORDS = re.compile(r"序号|名称|单位|时间|内容|任务|地区|项目|指标|备注|规模|投资|工期|目标|权重|分值")
_SEQ = re.compile(r"^\d{1,3}$")


@dataclass
class Row:
    kind: str  # header | repeated_header | data | continuation
    cells: list[str]
    line_no: int


@dataclass
class Table:
    layout: str
    line_start: int
    line_end: int
    title: str | None = None
    attachment: str | None = None
    unit_note: str | None = None
    rows: list[Row] = field(default_factory=list)
    lines: set[int] = field(default_factory=set)


def _caption(lines: list[tuple[int, str]], start: int, table: Table) -> None:
    k = start - 1
    while k >= 0 and start - k <= 4:
        text = lines[k][1]
        unit = _UNIT_NOTE.match(text)
        attachment = P.ATTACHMENT.match(text)
        if unit and table.unit_note is None:
            table.unit_note = unit.group(1)
        elif attachment and not attachment.group(2):
            table.attachment = text.replace(":", "")
            table.lines.add(lines[k][0])
            break
        elif text.startswith("(") and text.endswith(")"):
            pass
        elif table.title is None and _TABLE_TITLE.search(text) and len(text) <= 80:
            table.title = text
        else:
            break
        table.lines.add(lines[k][0])
        k -= 1


def _tsv_tables(lines: list[tuple[int, str]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if "\t" not in lines[i][1]:
            i += 1
            continue
        j = i
        while j + 1 < len(lines):
            nxt = lines[j + 1][1]
            if "\t" in nxt:
                j += 1
            elif j + 2 < len(lines) and "\t" in lines[j + 2][1] and _wrapped_cell(nxt):
                j += 2
            else:
                break
        spans.append((i, j))
        i = j + 1
    return spans


def _wrapped_cell(text: str) -> bool:
    return not (P.ATTACHMENT.match(text) or _TABLE_TITLE.search(text) or _UNIT_NOTE.match(text))


def _build_tsv(lines: list[tuple[int, str]], start: int, stop: int) -> Table:
    table = Table("tsv", lines[start][0], lines[stop][0])
    header: list[str] | None = None
    for line_no, text in lines[start : stop + 1]:
        table.lines.add(line_no)
        cells = [cell.strip() for cell in text.split("\t")]
        if "\t" not in text:
            table.rows.append(Row("continuation", cells, line_no))
        elif header is None and (_is_header(cells) or not _SEQ.match(cells[0])):
            header = cells
            table.rows.append(Row("header", cells, line_no))
        elif header is not None and _same_header(cells, header):
            table.rows.append(Row("repeated_header", cells, line_no))
        else:
            table.rows.append(Row("data", cells, line_no))
    return table


def _is_header(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    hits = sum(bool(_HEADER_WORDS.search(c)) and len(c) <= 16 for c in filled)
    return bool(filled) and hits >= max(2, len(filled) // 2)


def _same_header(cells: list[str], header: list[str]) -> bool:
    def key(row: list[str]) -> str:
        return "".join(row).replace(" ", "")

    return key(cells) == key(header)


def _line_cell_tables(lines: list[tuple[int, str]], taken: set[int]) -> list[Table]:
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        if lines[i][1] != "序号" or lines[i][0] in taken:
            i += 1
            continue
        j = i + 1
        header = ["序号"]
        while j < len(lines) and _header_label(lines[j][1]):
            header.append(lines[j][1])
            j += 1
        if len(header) < 3:
            i += 1
            continue
        table = Table("line_cells", lines[i][0], lines[i][0])
        table.rows.append(Row("header", header, lines[i][0]))
        table.lines.update(no for no, _ in lines[i:j])
        row: Row | None = None
        while j < len(lines):
            line_no, text = lines[j]
            if text == "序号" or P.ATTACHMENT.match(text):
                break
            if _SEQ.match(text) or (outline_marker(text) or ("", "", ""))[0] == "cn" or (row is None):
                row = Row("data", [text], line_no)
                table.rows.append(row)
            else:
                row.cells.append(text)
            table.lines.add(line_no)
            table.line_end = line_no
            j += 1
        _caption(lines, i, table)
        tables.append(table)
        i = j
    return tables


def _header_label(text: str) -> bool:
    return len(text) <= 12 and not _SEQ.match(text) and not re.search(r"[,。;:、]", text) and not (outline_marker(text))


def find_tables(lines: list[tuple[int, str]]) -> list[Table]:
    """Tables among a document's content lines, in order of appearance."""
    tables = []
    for start, stop in _tsv_tables(lines):
        table = _build_tsv(lines, start, stop)
        _caption(lines, start, table)
        tables.append(table)
    taken = set().union(*(t.lines for t in tables)) if tables else set()
    tables.extend(_line_cell_tables(lines, taken))
    return sorted(tables, key=lambda t: t.line_start)
