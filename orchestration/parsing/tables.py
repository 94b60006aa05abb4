"""Find tables inside a document and read them as a person would.

Two layouts are found:

* tab-separated rows (`序号\t项目名称\t…`), where a line without tabs between two rows is a
  cell wrapped onto its own line;
* one cell per line (HTML and some PDF conversions): a `序号` line followed by short header
  labels (wrapped labels such as `启动` / `时间` are re-joined), then rows that each open with
  the next sequence number.

Reading a table means: a header (repeated after page breaks and then skipped), data rows with
their cells aligned to the header by what each cell holds (cells.align), category rows
(`一 省长输管道项目(4个)`, `一、改善空气质量行动重点项目`), subtotal and total rows (`小计`,
`合计(53个)`) kept apart from the items, notes (`注:…`, `△为牵头单位`), and cells
under a merged cell filled from the row above (marked as inherited): group labels always,
agency cells only where the layout shows a merged cell (never a blank between tabs). The caption above the table
gives its 附件 label, title, unit (`单位:万元`) and a bracketed note (`(以下各项工作的责任单位均为
各区、县(市)人民政府)`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from orchestration.parsing import patterns as P
from orchestration.parsing.cells import (
    Column,
    align,
    cell_kind,
    column_for,
    is_amount,
    join_fragments,
    known_header,
    positional_cost,
    positional_fits,
    value_kind,
)
from orchestration.parsing.layout import outline_marker

_UNIT_NOTE = re.compile(r"^\(?单位[:]\s*([^)]{1,12})\)?$")
_TABLE_TITLE = re.compile(r"(?:表|清单|一览|汇总|计划|目录|名单|名录|方案)(?:\(.{1,20}\))?$")
_HEADER_WORDS = re.compile(r"序号|名称|单位|时间|内容|任务|地区|区域|项目|指标|备注|规模|投资|工期|目标|权重|分值|类别")
_TOTAL = re.compile(r"^(?:全[市省区县]|总)?(?:合计|总计|共计)")
_SUBTOTAL = re.compile(r"^(?:小计|分计)")
_NOTE = re.compile(r"^(?:注|备注|说明)\s*[:、\d]|^△")
_COUNT = re.compile(r"[(:]\s*(?:共)?(\d{1,4})\s*(?:个|项|条|家|座)\)?")
_SEQ = re.compile(r"^\d{1,3}$")


@dataclass
class Row:
    kind: str  # header | repeated_header | data | category | subtotal | total | note
    cells: list[str]
    line_no: int
    line_end: int = 0
    label: str | None = None
    stated_count: int | None = None
    category: str | None = None
    category_count: int | None = None
    inherited: set[int] = field(default_factory=set)
    parent: Row | None = None  # a sub-row (another item of content, lead, date) of this row


@dataclass
class Table:
    layout: str
    line_start: int
    line_end: int
    title: str | None = None
    attachment: str | None = None
    unit_note: str | None = None
    note: str | None = None  # a bracketed line in the caption: (以下各项工作的责任单位均为…)
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    lines: set[int] = field(default_factory=set)


def clean_label(label: str) -> tuple[str, int | None]:
    """`省长输管道项目(4个)` → (`省长输管道项目`, 4); `一、改善空气质量行动` → (`改善空气质量行动`, None)."""
    count = _COUNT.search(label)
    text = _COUNT.sub("", label) if count else label
    marker = outline_marker(text)
    if marker and marker[0] in ("cn", "paren_cn"):
        text = marker[2]
    return text.strip(" :"), int(count.group(1)) if count else None


# ---------------------------------------------------------------- detection


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
            table.note = table.note or text
        elif table.title is None and _TABLE_TITLE.search(text) and len(text) <= 80:
            table.title = text
        else:
            break
        table.lines.add(lines[k][0])
        k -= 1


def _tsv_spans(lines: list[tuple[int, str]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if "\t" not in lines[i][1]:
            i += 1
            continue
        j = i
        while j + 1 < len(lines):
            nxt = lines[j + 1][1]
            if "\t" in nxt or (_NOTE.match(nxt) and j + 2 < len(lines) and "\t" in lines[j + 2][1]):
                j += 1
            elif j + 2 < len(lines) and "\t" in lines[j + 2][1] and _wrapped_cell(nxt):
                j += 2
            else:
                break
        while j + 1 < len(lines) and _NOTE.match(lines[j + 1][1]):
            j += 1
        spans.append((i, j))
        i = j + 1
    return spans


def _wrapped_cell(text: str) -> bool:
    return not (P.ATTACHMENT.match(text) or _TABLE_TITLE.search(text) or _UNIT_NOTE.match(text))


def _is_header(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    hits = sum(bool(_HEADER_WORDS.search(c)) and len(c) <= 20 for c in filled)
    return bool(filled) and hits >= max(2, len(filled) // 2)


_SUBHEADER = re.compile(r"^(?:“?十[一二三四五六]五”?|(?:19|20)\d{2}\s*年?(?:底|末)?)(?:\([^)]{1,10}\))?$")


def _is_subheader(cells: list[str]) -> bool:
    """A second header row of years under a row of metrics (a region × metric × year grid)."""
    filled = [c for c in cells if c.strip()]
    return len(filled) >= 2 and all(_SUBHEADER.match(c) for c in filled)


def _compose_header(top: list[str], sub: list[str]) -> list[str]:
    """`PM2.5浓度(微克/立方米)` over `2020年` → `PM2.5浓度(微克/立方米)|2020年`. A top label spans
    the blank cells after it (a merged cell), including cells the top row lacks at its end."""
    width = max(len(top), len(sub))
    labels, current = [], ""
    for i in range(width):
        label = top[i] if i < len(top) else ""
        if label.strip():
            current = label
        elif i == 0:
            current = ""
        labels.append(current if (i < len(sub) and sub[i].strip()) or label.strip() else label)
    return [
        f"{t}|{s}" if i < len(sub) and sub[i].strip() else t
        for i, (t, s) in enumerate(zip(labels, [*sub, *[""] * (width - len(sub))], strict=True))
    ]


def _key(cells: list[str]) -> str:
    return "".join(cells).replace(" ", "")


# ---------------------------------------------------------------- reading rows


def _classify(cells: list[str], columns: list[Column]) -> tuple[str, str | None]:
    """Row kind and label from the row's first text cells."""
    texts = [c for c in cells if c.strip()]
    if not texts:
        return "empty", None
    if _NOTE.match(texts[0]):
        return "note", "".join(texts)
    seq_col = next((i for i, c in enumerate(columns) if c.role == "seq"), None)
    label = next((t for t in texts if value_kind(t.strip()) not in ("seq", "ordinal", "number", "dash")), None)
    if label and _TOTAL.match(label):
        return "total", label
    if label and _SUBTOTAL.match(label):
        return "subtotal", label
    heading = outline_marker(texts[0]) if len(texts) == 1 else None
    if heading and heading[0] in ("cn", "paren_cn") and heading[2]:
        return "category", texts[0]
    seq_value = cells[seq_col] if seq_col is not None and seq_col < len(cells) else ""
    if value_kind(seq_value.strip()) == "ordinal" or (
        seq_col is not None and not seq_value and label and _COUNT.search(label) and _only_numbers_after(cells, label)
    ):
        return "category", label
    return "data", label


def _only_numbers_after(cells: list[str], label: str) -> bool:
    rest = cells[cells.index(label) + 1 :] if label in cells else []
    return all(not c.strip() or is_amount(c) for c in rest)


def _numeric_columns(rows: list[Row], columns: list[Column]) -> list[int]:
    numeric = []
    data = [r for r in rows if r.kind == "data"]
    for i, column in enumerate(columns):
        if column.cell_type in ("money", "number"):
            numeric.append(i)
            continue
        values = [r.cells[i] for r in data if i < len(r.cells) and r.cells[i].strip()]
        if column.role is None and values and sum(is_amount(v) for v in values) >= 0.6 * len(values):
            numeric.append(i)
    return numeric


def _place_numbers(row: Row, numeric: list[int], width: int) -> None:
    """Total, subtotal and category rows: their amounts go to the numeric columns, in order."""
    values = [c for c in row.cells if c != row.label and is_amount(c)]
    positional_ok = len(row.cells) <= width and all(
        c == row.label or not is_amount(c) or i in numeric for i, c in enumerate(row.cells)
    )
    cells = [""] * width
    if positional_ok:
        for i, c in enumerate(row.cells):
            if c != row.label and is_amount(c):
                cells[i] = c
    else:
        while len(values) > len(numeric) and "/" in values:
            values.remove("/")
        for i, value in zip(numeric, values, strict=False):
            cells[i] = value
    label_col = next((i for i, c in enumerate(row.cells) if c == row.label), 0)
    cells[min(label_col, width - 1)] = row.label or ""
    row.cells = cells


def _align_row(cells: list[str], columns: list[Column]) -> tuple[list[str], list[list[str]]]:
    """A data row's cells on the header grid, plus any sub-rows the alignment found."""
    width = len(columns)
    kinds = [cell_kind(c) for c in cells]
    if len(cells) == width and positional_fits(kinds, columns):
        return cells, []
    texts = [c for c in cells if c.strip()]
    cost, passes = align(texts, columns, kinds=[k for k in kinds if k != "empty"])
    if len(cells) <= width and positional_cost(kinds, columns) <= cost + 0.5:
        return cells + [""] * (width - len(cells)), []
    grids = [[join_fragments(p.get(i, []), columns[i]) for i in range(width)] for p in passes]
    return grids[0], grids[1:]


_SAME_AS_ABOVE = re.compile(r"同上|〃|\"|同前")


def _fill_down(table: Table) -> None:
    """Group cells under a merged label continue down to the next label. Agency cells differ by
    layout: a tab-separated row prints every cell, so a blank one is empty; where each cell is a
    line of its own, a row that prints no agency cell at all inside its group's block (its group
    cell blank, no page break between) sits under the merged cell above and shares it. A cell
    that says so (`同上`, `〃`) repeats the one above in either layout."""
    previous: Row | None = None
    page_break = False
    group_cols = {
        i for i, c in enumerate(table.columns) if c.role == "group" or (i < _seq_index(table) and c.role != "seq")
    }
    agency_cols = {i for i, c in enumerate(table.columns) if c.role in ("lead", "support", "responsible")}
    for row in table.rows:
        if row.kind == "category":
            previous = None
        if row.kind == "repeated_header":
            page_break = True
        if row.kind != "data":
            continue
        if previous is not None:
            same_block = bool(group_cols) and all(not row.cells[i].strip() for i in group_cols) and not page_break
            merged_agencies = (
                table.layout != "tsv" and same_block and all(not row.cells[i].strip() for i in agency_cols)
            )
            for i in range(len(table.columns)):
                text = row.cells[i].strip()
                if not previous.cells[i].strip():
                    continue
                if (
                    (i in group_cols and not text)
                    or (i in agency_cols and merged_agencies)
                    or _SAME_AS_ABOVE.fullmatch(text)
                ):
                    row.cells[i] = previous.cells[i]
                    row.inherited.add(i)
        previous = row
        page_break = False


def _assign_categories(table: Table) -> None:
    category: tuple[str | None, int | None] = (None, None)
    group_cols = [
        i
        for i, c in enumerate(table.columns)
        if c.role == "group" or (i < _seq_index(table) and c.role not in ("seq", "name"))
    ]
    for row in table.rows:
        if row.kind == "category" and row.label:
            row.label, row.stated_count = clean_label(row.label)
            category = (row.label, row.stated_count)
            row.category, row.category_count = category
        elif row.kind in ("total", "subtotal") and row.label:
            _, row.stated_count = clean_label(row.label)
            row.category = category[0] if row.kind == "subtotal" else None
            row.category_count = category[1] if row.kind == "subtotal" else None
        elif row.kind == "data":
            group = next((row.cells[i] for i in group_cols if row.cells[i].strip()), None)
            if group:
                name, count = clean_label(group)
                if count is not None or category[0] != name:
                    category = (name, count if count is not None else None)
            row.category, row.category_count = category


def _seq_index(table: Table) -> int:
    return next((i for i, c in enumerate(table.columns) if c.role == "seq"), 0)


def _finish(table: Table) -> Table:
    numeric = _numeric_columns(table.rows, table.columns)
    for row in table.rows:
        if row.kind in ("total", "subtotal", "category"):
            _place_numbers(row, numeric, len(table.columns))
    _fill_down(table)
    _assign_categories(table)
    return table


def _read_tsv(lines: list[tuple[int, str]], start: int, stop: int) -> Table:
    table = Table("tsv", lines[start][0], lines[stop][0])
    header: list[str] | None = None
    for line_no, text in lines[start : stop + 1]:
        table.lines.add(line_no)
        cells = [cell.strip() for cell in text.split("\t")]
        if header is None:
            if _is_header(cells) or not _SEQ.match(cells[0]):
                header = cells
                table.columns = [column_for(h) for h in cells]
                table.rows.append(Row("header", cells, line_no, line_no))
                continue
            header = [""] * len(cells)
            table.columns = [column_for("") for _ in cells]
        if _key(cells) == _key(header):
            table.rows.append(Row("repeated_header", cells, line_no, line_no))
            continue
        if len(table.rows) == 1 and table.rows[0].kind == "header" and _is_subheader(cells):
            header = _compose_header(header, cells)
            table.columns = [Column(h, "grid_value", "number") if "|" in h else column_for(h) for h in header]
            table.rows.append(Row("header", cells, line_no, line_no))
            continue
        kind, label = _classify(cells, table.columns)
        if kind == "empty":
            continue
        if kind in ("note", "total", "subtotal", "category"):
            table.rows.append(Row(kind, cells, line_no, line_no, label=label))
            continue
        grid, subrows = _align_row(cells, table.columns)
        previous = _last_data(table)
        if not _identifies_row(grid, table.columns) and previous is not None:
            if "\t" in text and not _completes(previous, grid):
                _add_subrows(table, previous, [grid, *subrows], line_no)
            else:
                _merge_into(previous, [grid, *subrows], line_no, table.columns, wrapped=True)
            continue
        row = Row("data", grid, line_no, line_no)
        table.rows.append(row)
        if subrows:
            _add_subrows(table, row, subrows, line_no)
    return _finish(table)


def _identifies_row(grid: list[str], columns: list[Column]) -> bool:
    """A row stands on its own when it has a sequence number, a name or a group label; without
    any of them it continues the row above."""
    keys = [i for i, c in enumerate(columns) if c.role in ("seq", "name")]
    if not keys:
        keys = [i for i, c in enumerate(columns) if c.role == "group"] or [0]
    return any(grid[i].strip() for i in keys)


def _last_data(table: Table) -> Row | None:
    for row in reversed(table.rows):
        if row.kind == "data":
            return row.parent or row
        if row.kind not in ("repeated_header", "note"):
            return None
    return None


def _completes(row: Row, grid: list[str]) -> bool:
    """The grid fills the cells the row left empty, overlapping at most its last filled cell:
    the row was broken across lines by a wrapped cell, it is not a second item."""
    filled = [i for i, c in enumerate(row.cells) if c.strip()]
    last = filled[-1] if filled else -1
    return all(not value.strip() or i >= last for i, value in enumerate(grid)) and any(
        value.strip() and i > last for i, value in enumerate(grid)
    )


def _add_subrows(table: Table, parent: Row, grids: list[list[str]], line_no: int) -> None:
    """A row without its own sequence number or name, but with cells of its own, is a sub-row:
    another piece of content with its own lead, weight or date under the same item."""
    top = parent.parent or parent
    for grid in grids:
        table.rows.append(Row("data", grid, line_no, line_no, parent=top))


def _merge_into(row: Row, grids: list[list[str]], line_no: int, columns: list[Column], wrapped: bool = False) -> None:
    """A row without its own sequence number or name continues the row above: another line of
    content, another responsible unit, another date; each new value goes on its own line. A
    line without tabs is a cell that wrapped, and is joined on directly."""
    joiner = "" if wrapped else "\n"
    for grid in grids:
        for i, value in enumerate(grid):
            if columns[i].role in ("seq", "group"):
                continue
            if value and value not in row.cells[i].split("\n"):
                row.cells[i] = f"{row.cells[i]}{joiner}{value}" if row.cells[i] else value
    row.line_end = line_no


# ---------------------------------------------------------------- one cell per line


def _header_labels(lines: list[tuple[int, str]], i: int) -> tuple[list[str], int]:
    labels = ["序号"]
    j = i + 1
    while j < len(lines) and _header_label(lines[j][1]):
        labels.append(lines[j][1])
        j += 1
    merged: list[str] = []
    for label in labels:
        if merged and not known_header(merged[-1]) and known_header(merged[-1] + label):
            merged[-1] += label
        else:
            merged.append(label)
    return merged, j


def _header_label(text: str) -> bool:
    if known_header(text) and len(text) <= 16:
        return True
    return (
        len(text) <= 12
        and not _SEQ.match(text)
        and not re.search(r"[,。;:、“”]", text)
        and not outline_marker(text)
        and cell_kind(text) != "agency"
    )


def _is_category_line(text: str, next_text: str | None, expected: int, last_column: Column) -> bool:
    if _SEQ.match(text) or not next_text or not _SEQ.match(next_text):
        return False
    if int(next_text) not in (expected, 1):
        return False
    marker = outline_marker(text)
    if marker and marker[0] in ("cn", "paren_cn"):
        return True
    return cell_kind(text) == "short" and len(text) <= 20 and last_column.cell_type != "short"


def _read_line_cells(lines: list[tuple[int, str]], i: int, taken: set[int]) -> tuple[Table, int]:
    labels, j = _header_labels(lines, i)
    table = Table("line_cells", lines[i][0], lines[j - 1][0])
    table.columns = [column_for(label) for label in labels]
    table.rows.append(Row("header", labels, lines[i][0], lines[j - 1][0]))
    table.lines.update(no for no, _ in lines[i:j])
    seq_col = _seq_index(table)
    expected = 1
    block: list[tuple[int, str]] = []

    def flush() -> None:
        if not block:
            return
        line_no, seq = block[0]
        _, passes = align([t for _, t in block[1:]], table.columns, first=seq_col + 1)
        grids = [[join_fragments(p.get(c, []), table.columns[c]) for c in range(len(table.columns))] for p in passes]
        grid = grids[0] if grids else [""] * len(table.columns)
        grid[seq_col] = seq
        row = Row("data", grid, line_no, block[-1][0])
        table.rows.append(row)
        if len(grids) > 1:
            _add_subrows(table, row, grids[1:], block[-1][0])
        block.clear()

    while j < len(lines):
        line_no, text = lines[j]
        if line_no in taken or text == "序号" or P.ATTACHMENT.match(text):
            break
        following = lines[j + 1][1] if j + 1 < len(lines) else None
        if _NOTE.match(text):
            flush()
            table.rows.append(Row("note", [text], line_no, line_no, label=text))
        elif table.rows[-1].kind == "note":
            break
        elif _SEQ.match(text) and int(text) in (expected, 1) and (block or int(text) == expected or not table.rows[1:]):
            flush()
            block.append((line_no, text))
            expected = int(text) + 1
        elif _is_category_line(text, following, expected, table.columns[-1]):
            flush()
            row = Row("category", [""] * len(table.columns), line_no, line_no, label=text)
            row.cells[min(seq_col + 1, len(row.cells) - 1)] = text
            table.rows.append(row)
        elif block:
            block.append((line_no, text))
        elif _TOTAL.match(text) or _SUBTOTAL.match(text):
            table.rows.append(Row("total" if _TOTAL.match(text) else "subtotal", [text], line_no, line_no, label=text))
        else:
            break
        table.lines.add(line_no)
        table.line_end = line_no
        j += 1
    flush()
    for row in table.rows:
        row.cells = (row.cells + [""] * len(table.columns))[: len(table.columns)]
    return _finish(table), j


def find_tables(lines: list[tuple[int, str]]) -> list[Table]:
    """Tables among a document's content lines, in order of appearance."""
    tables = []
    for start, stop in _tsv_spans(lines):
        table = _read_tsv(lines, start, stop)
        _caption(lines, start, table)
        tables.append(table)
    taken = set().union(*(t.lines for t in tables)) if tables else set()
    i = 0
    while i < len(lines):
        if lines[i][1] == "序号" and lines[i][0] not in taken:
            labels, _ = _header_labels(lines, i)
            if len(labels) >= 3:
                table, i = _read_line_cells(lines, i, taken)
                _caption(lines, lines.index(next(ln for ln in lines if ln[0] == table.line_start)), table)
                tables.append(table)
                continue
        i += 1
    return sorted(tables, key=lambda t: t.line_start)
