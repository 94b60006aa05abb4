"""What a table cell looks like, and which column a run of cell texts belongs to.

Gazette tables lose their grid on the way to text: cells wrap onto several lines, merged
cells leave blanks or vanish, a row may lack its leading group cell and slide left. A person
still reads them, because each column holds one kind of value: a sequence number, a short
name, a long description, agencies, a year, an amount. This module gives every cell text a
kind and every column a type (from its header, via reference data), and aligns a row's texts
to the columns by dynamic programming: each text goes to the column whose type fits it best,
in reading order, where staying in a column means the cell wrapped, skipping columns means
merged or empty cells, and going back to an earlier column opens a sub-row.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROLES_CSV = Path(__file__).resolve().parents[2] / "seeds" / "reference" / "table_column_roles.csv"

_SEQ = re.compile(r"^\d{1,3}$")
_CN_ORDINAL = re.compile(r"^[一二三四五六七八九十]{1,3}[、.]?$")
_DASH = re.compile(r"^(?:/|—+|-+|无|--)$")
_NUMBER = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^-?\d+(?:\.\d+)?%?$")
_TIME = re.compile(
    r"^(?:\d{4}(?:年(?:底|前|内|初|中)?(?:前)?)?"
    r"|\d{4}[-./年]\d{1,2}(?:月(?:底|前|中旬|上旬|下旬)?(?:前)?)?"
    r"|\d{4}(?:[-./年]\d{1,2}月?)?\s*(?:至|-|—|~|–)\s*\d{4}(?:[-./年]\d{1,2}月?)?年?"
    r"|\d{1,2}月(?:底|前|中旬)?(?:前)?|长期|持续推进|每年|年度)(?:完成|实施|启动)?$"
)
ORG_SUFFIX = re.compile(
    r"(?:政府|办公室|办公厅|委员会|管委会|委|办|厅|局|部|院|署|中心|公司|集团|总工会|工会|团市委|妇联|科协|法院|"
    r"检察院|银行|支行|分行|队|所|站|处|室|会|各部门|有关部门|相关部门|单位|镇|街道|乡)(?:\([^)]*\))?$"
)
_YEARNUM = re.compile(r"(?:19|20)\d{2}")
# The first character of every value pattern above (_SEQ … _YEARNUM), besides a digit (\d).
VALUE_OPENERS = frozenset("一二三四五六七八九十/—-无长持每年")
_PART_BREAK = re.compile(r"[,。;:、]")
_SENTENCE_MARK = re.compile(r"[。;,:]")
_AGENCY_PREFIX = re.compile(r"^(?:市|省|县|区|各|国|中|全|团|共青团|[\u4e00-\u9fff]{1,4}(?:市|县|区|省))")
_LIST_SPLIT = re.compile(r"[、,;]")
# two agencies run together when a separator was lost: 市环保局市建设局, 市公安局(机动车)市农业局
JOINED = re.compile(
    r"(?<=局|委|办|厅|院|会|府|团|司|心|队|部|联|\))(?=(?:市|省|县|区)[\u4e00-\u9fff]{2}|[\u4e00-\u9fff]{2,3}[区县市](?:人民)?政府)"
)


@dataclass(frozen=True)
class Column:
    header: str
    role: str | None
    cell_type: str  # seq | short | long | agency | time | money | number


@lru_cache(maxsize=1)
def column_roles() -> list[tuple[str, re.Pattern[str], str]]:
    """(role, header pattern, cell type) from seeds/reference/table_column_roles.csv, by priority."""
    with ROLES_CSV.open(encoding="utf-8") as handle:
        rows = sorted(enumerate(csv.DictReader(handle), start=2), key=lambda item: int(item[1]["priority"]))
    roles = []
    for line, row in rows:
        try:
            pattern = re.compile(row["pattern"])
        except re.error as exc:
            raise ValueError(
                f"{ROLES_CSV} line {line} (role {row['role']}): invalid pattern {row['pattern']!r}: {exc}"
            ) from exc
        roles.append((row["role"], pattern, row["cell_type"]))
    return roles


def column_for(header: str) -> Column:
    text = re.sub(r"\s+", "", header)
    if not text:
        return Column(header, "group", "short")
    for role, pattern, cell_type in column_roles():
        if pattern.fullmatch(text):
            return Column(header, role, cell_type)
    return Column(header, None, "short")


def known_header(text: str) -> bool:
    return column_for(text).role is not None


@lru_cache(maxsize=1 << 14)
def cell_kind(text: str) -> str:
    """empty | seq | ordinal | dash | number | yearnum (2000: a year or an amount) | time | agency |
    agency_part (`市综合`, the start of a wrapped agency) | long (a sentence) | phrase (a long name
    without punctuation) | short. Remembered per text: tables repeat their agencies, units and
    dates, and telling an agency list apart is the table reader's costliest step."""
    text = text.strip()
    return value_kind(text) or _text_kind(text)


def value_kind(text: str) -> str | None:
    """The kind of a stripped cell when it holds a value (empty, seq, ordinal, dash, time, yearnum,
    number), else None. These take a few anchored matches; telling the kinds of text apart
    splits agency lists, so callers that only ask "is it a value?" stop here."""
    if not text:
        return "empty"
    if text[0] not in VALUE_OPENERS and not text[0].isdecimal():
        return None  # most text cells: no value pattern can start here
    if _SEQ.match(text):
        return "seq"
    if _CN_ORDINAL.match(text):
        return "ordinal"
    if _DASH.match(text):
        return "dash"
    if _TIME.match(text) and not _NUMBER.match(text):
        return "time"
    if _YEARNUM.fullmatch(text):
        return "yearnum"
    if _NUMBER.match(text):
        return "number"
    return None


def _text_kind(text: str) -> str:
    if is_agency_list(text):
        return "agency"
    if len(text) <= 8 and _AGENCY_PREFIX.match(text) and not _PART_BREAK.search(text):
        return "agency_part"
    if _SENTENCE_MARK.search(text):
        return "long"
    return "phrase" if len(text) >= 16 else "short"


def _outside_brackets(text: str) -> str:
    """Separators inside brackets do not split a list: 县(市、区)政府 stays one item."""
    out, depth = [], 0
    for ch in text:
        depth += ch in "(〔"
        out.append(ch if depth == 0 or ch not in "、,;" else "·")
        depth -= ch in ")〕" and depth > 0
    return "".join(out)


def is_agency_list(text: str) -> bool:
    """`市发改委、市环保局` / `市建设局,市农办` / a single agency; the last item may be cut off.
    Items are split as agencies.split_units splits them (names run together included)."""
    from orchestration.parsing.agencies import is_group, split_units  # agencies builds on this module

    if "。" in text:
        return False
    parts = split_units(text)
    if not parts or any(len(p) > 24 for p in parts):
        return False
    complete = [bool(ORG_SUFFIX.search(p)) or is_group(p) for p in parts]
    return all(complete[:-1]) and (complete[-1] or len(parts) > 1)


_FIT = {
    "seq": {"seq": 0, "number": 0.5, "money": 0.5, "short": 3, "long": 3, "agency": 4, "time": 3},
    "ordinal": {"seq": 0.5, "short": 1, "long": 2, "agency": 4, "time": 4, "money": 4, "number": 4},
    "number": {"money": 0, "number": 0, "seq": 1, "time": 2, "short": 2, "long": 3, "agency": 4},
    "dash": {"money": 0, "number": 0, "time": 0, "agency": 0.5, "short": 1.5, "long": 1.5, "seq": 2},
    "yearnum": {"time": 0.2, "money": 0.2, "number": 0.2, "seq": 2, "short": 2, "long": 3, "agency": 4},
    "time": {"time": 0, "short": 2, "long": 2.5, "number": 2, "money": 3, "agency": 4, "seq": 4},
    "agency": {"agency": 0, "short": 1.5, "long": 2, "time": 4, "money": 4, "number": 4, "seq": 4},
    "long": {"long": 0, "short": 1.5, "agency": 3, "time": 4, "money": 4, "number": 4, "seq": 4},
    "phrase": {"short": 0.3, "long": 0.5, "agency": 3, "time": 4, "money": 4, "number": 4, "seq": 4},
    "agency_part": {"agency": 0.3, "short": 0.5, "long": 1.5, "time": 4, "money": 4, "number": 4, "seq": 4},
    "short": {"short": 0, "long": 0.8, "agency": 1.5, "time": 3, "money": 3, "number": 3, "seq": 3},
}
_WRAP = {"short": 0.4, "long": 0.3, "agency": 0.4, "time": 3, "money": 3, "number": 3, "seq": 3}
_SKIP = 0.15
_NEW_PASS = 1.5


def fit(kind: str, column: Column) -> float:
    return _FIT.get(kind, {}).get(column.cell_type, 3)


def _opening_cost(kind: str, column: Column, fitness: float, unprefixed: bool) -> float:
    """The cost of opening `column` with a text of `kind` (whose fit to it is `fitness`), before
    what the text above may add; `unprefixed`: the text lacks an agency prefix."""
    cost = fitness
    if column.cell_type == "agency" and kind == "agency" and unprefixed:
        cost += 0.6
    return cost


def _left_open(previous: str, previous_kind: str) -> bool:
    """The text above reads like a name cut off mid-way: moving on to a new column (other than a
    time) after it costs 0.5 more."""
    return (
        previous_kind in ("agency", "short")
        and not ORG_SUFFIX.search(previous)
        and bool(previous)
        and not previous.endswith(("。", ";"))
    )


def _wrap_cost(column: Column, fitness: float, closed: bool, agency_joins: bool) -> float:
    """The cost of `text` continuing `column`'s cell from the line above: more after a closed
    sentence (`closed`, unless the text is a sentence itself), and in an agency column when the
    text above ends an agency and this one starts another (`agency_joins`)."""
    cost = _WRAP.get(column.cell_type, 1) + 0.3 * fitness
    if closed:
        cost += 0.8
    if agency_joins and column.cell_type == "agency":
        cost += 0.3
    return cost


def align(
    texts: list[str], columns: list[Column], first: int = 0, kinds: list[str] | None = None
) -> tuple[float, list[dict[int, list[str]]]]:
    """Assign texts, in order, to columns at or after `first`; returns the cost and the sub-rows
    (each a map column index → the text fragments that fill it). `kinds` are the texts' cell
    kinds when the caller has them. A dynamic programme over (text, column); what depends on
    the text alone is read once per text, not once per column."""
    n, m = len(texts), len(columns)
    if n == 0:
        return 0.0, []
    kinds = kinds if kinds is not None else [cell_kind(t) for t in texts]
    inf = float("inf")
    # best[i][c] = (cost, previous column, new pass?) for text i placed in column c
    best: list[list[tuple[float, int, bool]]] = [[(inf, -1, False)] * m for _ in range(n)]
    unprefixed = not _AGENCY_PREFIX.match(texts[0])
    for c in range(first, m):
        opening = _opening_cost(kinds[0], columns[c], fit(kinds[0], columns[c]), unprefixed)
        best[0][c] = (opening + _SKIP * (c - first), -1, False)
    fits = _FIT.get
    for i in range(1, n):
        text, kind, previous = texts[i], kinds[i], texts[i - 1]
        before = best[i - 1]
        reached = [(p, before[p][0]) for p in range(first, m) if before[p][0] != inf]
        if not reached:
            continue
        left_open = _left_open(previous, kinds[i - 1])
        unprefixed = not _AGENCY_PREFIX.match(text)
        closed = previous.endswith(("。", ";", "!")) and kind not in ("long", "phrase")
        agency_joins = not unprefixed and bool(ORG_SUFFIX.search(previous))
        kind_fits = fits(kind, {})
        here = best[i]
        for c in range(first, m):
            # the costs of this text in column c, computed once for every column p it may come from
            column = columns[c]
            fitness = kind_fits.get(column.cell_type, 3)
            wrap = _wrap_cost(column, fitness, closed, agency_joins)
            opening = _opening_cost(kind, column, fitness, unprefixed)
            start = opening + (0.5 if left_open and column.cell_type != "time" else 0)
            restart = _NEW_PASS + opening + _SKIP * (c - first)
            # the cheapest way in; on a tie the leftmost column p, as min over (cost, p, new) takes
            cheapest, came_from, new_pass = inf, -1, False
            for p, base in reached:
                if p == c:
                    cost, new = base + wrap, False  # stay: the cell wrapped
                elif p < c:
                    cost, new = base + (start + _SKIP * (c - p - 1)), False  # move right past skipped columns
                else:
                    cost, new = base + restart, True  # go back: a sub-row
                if cost < cheapest:
                    cheapest, came_from, new_pass = cost, p, new
            here[c] = (cheapest, came_from, new_pass)
    end = min(range(first, m), key=lambda c: best[n - 1][c][0])
    cost = best[n - 1][end][0]
    placement: list[tuple[int, bool]] = [(0, False)] * n
    c = end
    for i in range(n - 1, -1, -1):
        _, previous_column, new_pass = best[i][c]
        placement[i] = (c, new_pass)
        c = previous_column
    passes: list[dict[int, list[str]]] = [{}]
    for text, (column_no, new_pass) in zip(texts, placement, strict=True):
        if new_pass:
            passes.append({})
        passes[-1].setdefault(column_no, []).append(text)
    return cost, passes


def join_fragments(fragments: list[str], column: Column) -> str:
    """Re-join a wrapped cell; agencies that were listed one per line get a 、 between them."""
    text = ""
    for fragment in fragments:
        if (
            text
            and column.cell_type == "agency"
            and ORG_SUFFIX.search(text)
            and _AGENCY_PREFIX.match(fragment)
            and not text.endswith(("、", ","))
        ):
            text += "、"
        text += fragment
    return text


def is_amount(text: str) -> bool:
    """A cell that can stand in a money or count column: a number, a year-like number or a dash."""
    return value_kind(text.strip()) in ("number", "seq", "yearnum", "dash")


def positional_fits(kinds: list[str], columns: list[Column]) -> bool:
    """No cell is clearly out of place where it stands (a name in a date column, say). Takes the
    cells' kinds: the caller aligns the same cells next and needs them too."""
    return all(fit(kind, col) < 2.5 for kind, col in zip(kinds, columns, strict=False) if kind != "empty")


def positional_cost(kinds: list[str], columns: list[Column]) -> float:
    if len(kinds) > len(columns):
        return float("inf")
    return sum(fit(kind, col) for kind, col in zip(kinds, columns, strict=False) if kind != "empty")
