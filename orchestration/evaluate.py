"""`gazette eval`: score the published marts against hand-annotated gold, the way a scorer would.

A development corpus is a folder with `docs/` (one text file per document, named `<doc>_….txt`)
and `gold/` (`targets.csv`, `fundings.csv`, `documents.csv`, `negatives.csv`, conventions in
its GUIDELINES.md). Gold may be spread over several folders (the shared corpus's own and the
rows this project adds in `seeds/gold/`); they are read together. The warehouse is built from
`docs/` by the ordinary build, so what is scored is exactly what an analyst would query.

Scoring is strict: a predicted row is a hit only when every field is right (same document, the
gold line inside the clause's lines, the metric containing the gold keyword, comparator, value
and unit as written, target and baseline year, region among the accepted spellings; for tasks,
the lead and supporting agency sets exactly). Each field is also scored alone (anchored on
document and line), so a low strict figure points at the field to fix. Money is scored on
distinct (document, line, amount, kind), as the guidelines say. A document with a row in
`documents.csv` is annotated exhaustively: every row predicted in it counts. Other documents are
scored only for the fact types they have gold of. A gold folder may list fact types in a
`PROSE_ONLY` file; rows read from tables are then left out of those types' scores.
"""

from __future__ import annotations

import contextlib
import csv
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration import settings
from orchestration.parsing import regions

Row = dict[str, object]


@dataclass
class EvalSet:
    """One development corpus: where its documents are and which gold folders annotate them."""

    name: str
    docs: Path
    gold: list[Path]

    def prose_only(self, fact: str) -> bool:
        """Whether rows read from tables are left out of `fact`'s score: a `PROSE_ONLY` file in a
        gold folder lists the facts its gold covers in prose only (an empty file: all of them)."""
        for folder in self.gold:
            marker = folder / "PROSE_ONLY"
            if marker.exists():
                named = marker.read_text(encoding="utf-8").split()
                if not named or fact in named:
                    return True
        return False


def default_sets(corpus: Path | None = None) -> list[EvalSet]:
    """The shared development corpus (with the gold this project adds to it) and the seeds'
    prose; with `corpus`, that folder alone (its own docs/ and gold/)."""
    default = (settings.REPO_ROOT.parent / "shared" / "corpus").resolve()
    chosen = (corpus or default).resolve()
    extra = settings.REPO_ROOT / "seeds" / "gold"
    gold = [chosen / "gold"] + ([extra / "corpus"] if chosen == default else [])
    sets = [EvalSet("corpus", chosen / "docs", gold)]
    if corpus is None:
        sets.append(EvalSet("seeds", settings.REPO_ROOT / "seeds" / "gazettes", [extra / "seeds"]))
    return [s for s in sets if s.docs.is_dir()]


def _clean(text: object) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or "")))


def _number(text: object) -> float | None:
    try:
        return float(str(text).strip()) if str(text).strip() else None
    except ValueError:
        return None


def read_gold(folders: Iterable[Path], name: str) -> list[Row]:
    rows: list[Row] = []
    for folder in folders:
        path = folder / name
        if path.exists():
            with path.open(encoding="utf-8", newline="") as handle:
                rows.extend(dict(r) for r in csv.DictReader(handle))
    return rows


# ---------------------------------------------------------------- predictions


def doc_key(source_file: str) -> str:
    """`d005_jinan_….txt` → `d005`: the gold names a document by its file prefix."""
    return Path(source_file).name.split("_", 1)[0].split(".", 1)[0]


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[Row]:
    """Query rows as dicts, each with the gold's name for its document (`doc`)."""
    rows = con.execute(sql).fetchall()
    names = [d[0] for d in con.description]
    return [{**dict(zip(names, r, strict=True)), "doc": doc_key(r[0])} for r in rows]


def predicted_targets(con: duckdb.DuckDBPyConnection, prose_only: bool) -> list[Row]:
    return _rows(
        con,
        f"""
        select d.source_file, t.target_id, t.metric, t.metric_text, t.comparator, t.value, t.unit,
               t.target_year, t.baseline_year, t.region, t.source_text, t.source,
               coalesce(t.line_no, 0) as line_start, coalesce(t.line_end, t.line_no, 0) as line_end
        from marts.fct_targets t join marts.dim_documents d using (document_id)
        {"where t.source = 'clause'" if prose_only else ""}
        """,
    )


def predicted_fundings(con: duckdb.DuckDBPyConnection, prose_only: bool) -> list[Row]:
    return _rows(
        con,
        f"""
        select d.source_file, f.funding_id, f.amount_cny, f.amount_text, f.kind, f.purpose,
               f.source_text, f.source,
               coalesce(f.line_no, 0) as line_start, coalesce(f.line_end, f.line_no, 0) as line_end
        from marts.fct_fundings f join marts.dim_documents d using (document_id)
        {"where f.source = 'clause'" if prose_only else ""}
        """,
    )


def predicted_tasks(con: duckdb.DuckDBPyConnection, prose_only: bool) -> list[Row]:
    return _rows(
        con,
        f"""
        select d.source_file, t.task_id, t.task_text, t.lead_agencies, t.supporting_agencies,
               cast(t.deadline as varchar) as deadline, t.source,
               coalesce(t.assignment_text, t.task_text) as source_text,
               coalesce(t.line_no, 0) as line_start, coalesce(t.line_end, t.line_no, 0) as line_end
        from marts.fct_tasks t join marts.dim_documents d using (document_id)
        {"where t.source = 'clause'" if prose_only else ""}
        """,
    )


def predicted_documents(con: duckdb.DuckDBPyConnection) -> list[Row]:
    return _rows(
        con,
        "select source_file, title, doc_number, cast(issued_date as varchar) as issued_date, region, issuer, "
        "line_start, line_end from marts.dim_documents",
    )


# ---------------------------------------------------------------- field rules


def _on_line(gold: Row, pred: Row) -> bool:
    line = int(str(gold["line"]))
    return gold["doc"] == pred["doc"] and int(pred["line_start"]) <= line <= int(pred["line_end"])  # type: ignore[arg-type]


def _same_number(a: object, b: object) -> bool:
    x, y = _number(a), _number(b)
    if x is None or y is None:
        return x is None and y is None
    return abs(x - y) <= 1e-6 * max(1.0, abs(x))


def _year(value: object) -> int | None:
    number = _number(value)
    return int(number) if number is not None else None


TARGET_FIELDS: dict[str, Callable[[Row, Row], bool]] = {
    "metric": lambda g, p: (
        _clean(g["metric_keyword"]) in _clean(p["metric"]) or _clean(g["metric_keyword"]) in _clean(p["metric_text"])
    ),
    "comparator": lambda g, p: g["comparator"] == p["comparator"],
    "value+unit": lambda g, p: _same_number(g["value"], p["value"]) and _clean(g["unit"]) == _clean(p["unit"]),
    "year": lambda g, p: _year(g["target_year"]) == _year(p["target_year"]),
    "baseline": lambda g, p: _year(g["baseline_year"]) == _year(p["baseline_year"]),
    "region": lambda g, p: (
        not str(g["region"] or "").strip() or _clean(p["region"]) in {_clean(r) for r in str(g["region"]).split("|")}
    ),
}


def _purpose_overlaps(gold: object, pred: object) -> bool:
    """Purposes are paraphrases: a shared run of four characters (or the shorter whole) counts."""
    a, b = _clean(gold), _clean(pred)
    if not a or not b:
        return not a
    n = min(4, len(a), len(b))
    return any(a[i : i + n] in b for i in range(len(a) - n + 1))


FUNDING_FIELDS: dict[str, Callable[[Row, Row], bool]] = {
    "amount": lambda g, p: _same_number(g["amount_cny"], p["amount_cny"]),
    "kind": lambda g, p: g["kind"] == p["kind"],
    "purpose": lambda g, p: _purpose_overlaps(g["purpose"], p["purpose"]),
}
FUNDING_STRICT = ("amount", "kind")


def _agencies(value: object) -> frozenset[str]:
    """Gold writes agencies `|`-separated; the marts hold lists. Compared as sets, as written."""
    items = value if isinstance(value, list | tuple) else str(value or "").split("|")
    return frozenset(c for c in (_clean(x) for x in items) if c)


TASK_FIELDS: dict[str, Callable[[Row, Row], bool]] = {
    "lead": lambda g, p: _agencies(g["lead"]) == _agencies(p["lead_agencies"]),
    "support": lambda g, p: _agencies(g["support"]) == _agencies(p["supporting_agencies"]),
    "task": lambda g, p: _clean(g["task_keyword"]) in _clean(p["task_text"]),
    "deadline": lambda g, p: _clean(g["deadline"]) == _clean(p["deadline"]),
}
TASK_STRICT = ("lead", "support")

DOCUMENT_FIELDS = ("title", "doc_number", "issued_date", "region", "issuer")


# ---------------------------------------------------------------- matching


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    hits: int = 0

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.hits += other.hits

    @property
    def precision(self) -> float:
        return self.hits / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "hits": self.hits,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def match(gold: list[Row], pred: list[Row], ok: Callable[[Row, Row], bool]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index), by augmenting paths so the most rows pair."""
    candidates = [[j for j, p in enumerate(pred) if _on_line(g, p) and ok(g, p)] for g in gold]
    owner: dict[int, int] = {}

    def assign(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or assign(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        assign(i, set())
    return sorted((i, j) for j, i in owner.items())


@dataclass
class FactReport:
    strict: Score = field(default_factory=Score)
    fields: dict[str, Score] = field(default_factory=dict)
    per_doc: dict[str, Score] = field(default_factory=dict)
    misses: list[tuple[Row, list[Row]]] = field(default_factory=list)
    false_rows: list[Row] = field(default_factory=list)
    negatives_hit: list[tuple[Row, Row]] = field(default_factory=list)


def score_facts(
    gold: list[Row],
    pred: list[Row],
    fields: dict[str, Callable[[Row, Row], bool]],
    strict_fields: Iterable[str],
    negatives: list[Row],
    value_text: Callable[[Row], str],
    annotated: set[str] | None = None,
) -> FactReport:
    """Score the predictions of the annotated documents: those with gold rows of this fact, and
    those annotated exhaustively that have none (every row predicted there is false)."""
    docs = {str(g["doc"]) for g in gold} | (annotated or set())
    pred = [p for p in pred if p["doc"] in docs]
    strict_names = list(strict_fields)
    report = FactReport()
    for doc in sorted(docs):
        g_doc = [g for g in gold if g["doc"] == doc]
        p_doc = [p for p in pred if p["doc"] == doc]
        pairs = match(g_doc, p_doc, lambda g, p: all(fields[f](g, p) for f in strict_names))
        score = Score(len(g_doc), len(p_doc), len(pairs))
        report.per_doc[doc] = score
        report.strict.add(score)
        hit_gold = {i for i, _ in pairs}
        hit_pred = {j for _, j in pairs}
        for i, g in enumerate(g_doc):
            if i not in hit_gold:
                report.misses.append((g, [p for p in p_doc if _on_line(g, p)]))
        report.false_rows.extend(p for j, p in enumerate(p_doc) if j not in hit_pred)
        for name, ok in fields.items():
            pairs_f = match(g_doc, p_doc, ok)
            report.fields.setdefault(name, Score()).add(Score(len(g_doc), len(p_doc), len(pairs_f)))
    for p in report.false_rows:
        for n in negatives:
            if n["doc"] == p["doc"] and _on_line(n, p) and value_text(p) and value_text(p) in _clean(n["text"]):
                report.negatives_hit.append((p, n))
                break
    return report


def _distinct(rows: list[Row], key: Callable[[Row], tuple]) -> list[Row]:
    seen, out = set(), []
    for row in rows:
        k = key(row)
        if k not in seen:
            seen.add(k)
            out.append(row)
    return out


def _target_value_text(p: Row) -> str:
    value = _number(p["value"])
    return "" if value is None else (f"{value:g}")


def _funding_value_text(p: Row) -> str:
    return _clean(p["amount_text"])


def _task_value_text(p: Row) -> str:
    leads = p["lead_agencies"] or []
    return _clean(leads[0]) if leads else ""


def _same_document_field(name: str, gold: object, pred: object) -> bool:
    """As written, except: a region may be spelt in full or short (阿坝州 = 阿坝藏族羌族自治州:
    the same division), and joint issuers are a set (gold `|`, the mart `、`)."""
    if _clean(gold) == _clean(pred):
        return True
    if name == "region" and gold and pred:
        a, b = regions.lookup(_clean(gold)), regions.lookup(_clean(pred))
        return a is not None and b is not None and a.code == b.code
    if name == "issuer" and gold and pred:
        return set(re.split(r"[|、]", _clean(gold))) == set(re.split(r"[|、]", _clean(pred)))
    return False


def score_documents(gold: list[Row], pred: list[Row], misses: list[str] | None = None) -> dict[str, Score]:
    """A file is one document unless its gold gives each document's title `line` (a gazette
    issue); then the predicted document holding that line is compared. Wrong fields are
    described in `misses` when given."""
    by_doc: dict[str, list[Row]] = {}
    for p in pred:
        by_doc.setdefault(str(p["doc"]), []).append(p)
    scores = {f: Score() for f in DOCUMENT_FIELDS}
    scores["documents"] = Score()
    for g in gold:
        found = by_doc.get(str(g["doc"]), [])
        if str(g.get("line") or "").strip():
            found = [p for p in found if _on_line(g, p)]
        scores["documents"].add(Score(1, len(found), int(len(found) == 1)))
        for f in DOCUMENT_FIELDS:
            same = len(found) == 1 and _same_document_field(f, g.get(f), found[0].get(f))
            scores[f].add(Score(1, 1, int(same)))
            if not same and misses is not None:
                got = "; ".join(str(p.get(f)) for p in found) or "no document"
                misses.append(
                    f"{g['doc']}{':' + str(g['line']) if g.get('line') else ''} {f}: gold {g.get(f) or '-'}, got {got}"
                )
    return scores


@dataclass
class SetReport:
    name: str
    targets: FactReport
    fundings: FactReport
    tasks: FactReport
    documents: dict[str, Score]
    mapped_share: float | None
    document_misses: list[str] = field(default_factory=list)


def evaluate_warehouse(warehouse: Path, eval_set: EvalSet) -> SetReport:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        negatives = read_gold(eval_set.gold, "negatives.csv")
        annotated = {str(r["doc"]) for r in read_gold(eval_set.gold, "documents.csv")}
        targets_gold = read_gold(eval_set.gold, "targets.csv")
        targets = score_facts(
            targets_gold,
            predicted_targets(con, eval_set.prose_only("targets")),
            TARGET_FIELDS,
            TARGET_FIELDS,
            [n for n in negatives if "targets" in str(n.get("not_in"))],
            _target_value_text,
            annotated,
        )

        def fund_key(r):
            return (
                r["doc"],
                str(r["line"] if "line" in r else r["line_start"]),
                _number(r["amount_cny"]),
                r["kind"],
            )

        fundings_gold = _distinct(read_gold(eval_set.gold, "fundings.csv"), fund_key)
        fundings_pred = _distinct(predicted_fundings(con, eval_set.prose_only("fundings")), fund_key)
        fundings = score_facts(
            fundings_gold,
            fundings_pred,
            FUNDING_FIELDS,
            FUNDING_STRICT,
            [n for n in negatives if "fundings" in str(n.get("not_in"))],
            _funding_value_text,
            annotated,
        )
        tasks = score_facts(
            read_gold(eval_set.gold, "tasks.csv"),
            predicted_tasks(con, eval_set.prose_only("tasks")),
            TASK_FIELDS,
            TASK_STRICT,
            [n for n in negatives if "tasks" in str(n.get("not_in"))],
            _task_value_text,
            annotated,
        )
        document_misses: list[str] = []
        documents = score_documents(
            read_gold(eval_set.gold, "documents.csv"), predicted_documents(con), document_misses
        )
        docs = sorted({str(g["doc"]) for g in targets_gold})
        mapped = None
        if docs:
            row = con.execute(
                "select avg(case when t.metric_in_reference then 1.0 else 0.0 end) "
                "from marts.fct_targets t join marts.dim_documents d using (document_id)"
            ).fetchone()
            mapped = float(row[0]) if row and row[0] is not None else None
    finally:
        con.close()
    return SetReport(eval_set.name, targets, fundings, tasks, documents, mapped, document_misses)


# ---------------------------------------------------------------- printing


def _line(label: str, score: Score, previous: dict | None = None) -> str:
    text = (
        f"  {label:<14} P {score.precision:5.3f}  R {score.recall:5.3f}  F1 {score.f1:5.3f}"
        f"   (gold {score.gold}, predicted {score.predicted}, hits {score.hits})"
    )
    if previous:
        text += f"   was P {previous['precision']:.3f} R {previous['recall']:.3f}"
    return text


def _describe_target(r: Row) -> str:
    return (
        f"{r.get('metric')}{' [' + str(r['metric_keyword']) + ']' if r.get('metric_keyword') else ''} | "
        f"{r['comparator']} {r['value']} {r['unit']} | "
        f"year {r.get('target_year') or '-'} base {r.get('baseline_year') or '-'} | {r.get('region') or '-'}"
    )


def _describe_funding(r: Row) -> str:
    return f"{r['amount_text']} = {r['amount_cny']} | {r['kind']} | {r.get('purpose') or '-'}"


def _describe_task(r: Row) -> str:
    if "lead" in r:
        lead, support, task = r["lead"], r["support"], r["task_keyword"]
    else:
        lead, support = "|".join(r["lead_agencies"] or []), "|".join(r["supporting_agencies"] or [])
        task = str(r["task_text"] or "")[:30]
    return f"lead {lead or '-'} | support {support or '-'} | deadline {r.get('deadline') or '-'} | {task}"


def format_report(report: SetReport, previous: dict | None = None, details: bool = True) -> str:
    prev = previous or {}
    out = [f"== {report.name}"]
    for title, facts, describe in (
        ("targets", report.targets, _describe_target),
        ("money", report.fundings, _describe_funding),
        ("tasks", report.tasks, _describe_task),
    ):
        before = prev.get(title, {})
        out.append(f"{title}: strict (every field right)")
        out.append(_line("all fields", facts.strict, before.get("strict")))
        for name, score in facts.fields.items():
            out.append(_line(name, score, before.get("fields", {}).get(name)))
        out.append("  per document (strict F1): " + ", ".join(f"{d} {s.f1:.2f}" for d, s in facts.per_doc.items()))
        if facts.negatives_hit:
            out.append(f"  false rows on annotated negatives: {len(facts.negatives_hit)}")
        if details:
            out.append(f"  misses ({len(facts.misses)}):")
            for g, near in facts.misses:
                out.append(f"    {g['doc']}:{g['line']}  gold {describe(g)}")
                for p in near[:3]:
                    out.append(f"      got {describe(p)}")
            out.append(f"  false rows ({len(facts.false_rows)}):")
            for p in facts.false_rows:
                out.append(f"    {p['doc']}:{p['line_start']}  {describe(p)}  « {str(p['source_text'])[:70]} »")
    out.append("documents:")
    for name, score in report.documents.items():
        out.append(_line(name, score, prev.get("documents", {}).get(name)))
    if details and report.document_misses:
        out.append(f"  misses ({len(report.document_misses)}):")
        out.extend(f"    {m}" for m in report.document_misses)
    if report.mapped_share is not None:
        out.append(f"targets whose metric maps to dim_metrics: {report.mapped_share:.1%}")
    return "\n".join(out)


def figures(report: SetReport) -> dict:
    return {
        title: {"strict": facts.strict.as_dict(), "fields": {k: v.as_dict() for k, v in facts.fields.items()}}
        for title, facts in (("targets", report.targets), ("money", report.fundings), ("tasks", report.tasks))
    } | {"documents": {k: v.as_dict() for k, v in report.documents.items()}, "metric_mapped": report.mapped_share}


def run(
    sets: list[EvalSet], workdir: Path, build: bool = True, details: bool = True, log_level: str = "WARNING"
) -> tuple[str, dict]:
    """Build a warehouse per set (unless `build` is False and one exists), score it, and print
    the figures beside the previous run's (kept in `workdir/last.json`)."""
    workdir.mkdir(parents=True, exist_ok=True)
    last_path = workdir / "last.json"
    previous = json.loads(last_path.read_text()) if last_path.exists() else {}
    texts, current = [], {}
    for eval_set in sets:
        warehouse = workdir / f"{eval_set.name}.duckdb"
        if build or not warehouse.exists():
            from orchestration.build import build as build_warehouse

            with (
                open(workdir / f"{eval_set.name}.build.log", "w", encoding="utf-8") as dbt_output,
                contextlib.redirect_stdout(dbt_output),  # dbt's own lines; the scores are the output
            ):
                outcome = build_warehouse(eval_set.docs, warehouse, log_level=log_level)
            if not outcome.published:
                raise RuntimeError(f"eval build of {eval_set.docs} failed: {'; '.join(outcome.failures)}")
        report = evaluate_warehouse(warehouse, eval_set)
        current[eval_set.name] = figures(report)
        texts.append(format_report(report, previous.get(eval_set.name), details))
    last_path.write_text(json.dumps(current, ensure_ascii=False, indent=1))
    return "\n\n".join(texts), current
