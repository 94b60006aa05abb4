"""`gazette eval`: the scorer's rules on hand-made rows, and a real build of a one-document corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.evaluate import FUNDING_FIELDS, FUNDING_STRICT, TARGET_FIELDS, EvalSet, match, run, score_facts

FIXTURE = Path(__file__).parent / "fixtures" / "eval_corpus"


def _gold(**fields: object) -> dict:
    row = {
        "doc": "e001",
        "line": "4",
        "metric_keyword": "5G基站",
        "comparator": "equal",
        "value": "2",
        "unit": "万个",
        "target_year": "2025",
        "baseline_year": "",
        "region": "全市|合肥市|合肥",
    }
    return {**row, **fields}


def _pred(**fields: object) -> dict:
    row = {
        "doc": "e001",
        "line_start": 3,
        "line_end": 5,
        "metric": "5G基站",
        "metric_text": "建成5G基站",
        "comparator": "equal",
        "value": 2.0,
        "unit": "万个",
        "target_year": 2025,
        "baseline_year": None,
        "region": "合肥市",
        "source_text": "建成5G基站2万个",
    }
    return {**row, **fields}


def test_a_hit_needs_every_field_and_the_gold_line_inside_the_clause() -> None:
    report = score_facts([_gold()], [_pred()], TARGET_FIELDS, TARGET_FIELDS, [], lambda p: "")
    assert (report.strict.hits, report.strict.precision, report.strict.recall) == (1, 1.0, 1.0)
    for wrong in (_pred(unit="个"), _pred(target_year=2024), _pred(region="安徽省"), _pred(line_start=5, line_end=6)):
        report = score_facts([_gold()], [wrong], TARGET_FIELDS, TARGET_FIELDS, [], lambda p: "")
        assert report.strict.hits == 0
        assert len(report.misses) == 1 and len(report.false_rows) == 1


def test_fields_are_scored_alone_so_the_weak_one_shows() -> None:
    report = score_facts([_gold()], [_pred(target_year=2024)], TARGET_FIELDS, TARGET_FIELDS, [], lambda p: "")
    assert report.fields["year"].hits == 0
    assert report.fields["metric"].hits == report.fields["value+unit"].hits == report.fields["region"].hits == 1


def test_matching_is_one_to_one_and_finds_the_most_pairs() -> None:
    gold = [_gold(value="2"), _gold(value="3")]
    pred = [_pred(value=3.0), _pred(value=2.0), _pred(value=2.0)]
    pairs = match(gold, pred, lambda g, p: float(g["value"]) == p["value"])
    assert sorted(pairs) == [(0, 1), (1, 0)]


def test_money_scores_amount_and_kind_and_reads_purpose_loosely() -> None:
    gold = {"doc": "e001", "line": "6", "amount_cny": "5000000", "kind": "subsidy_cap", "purpose": "平台奖励上限"}
    pred = {
        "doc": "e001",
        "line_start": 6,
        "line_end": 6,
        "amount_cny": 5e6,
        "amount_text": "500万元",
        "kind": "subsidy_cap",
        "purpose": "国家级工业互联网平台奖励",
        "source_text": "",
    }
    report = score_facts([gold], [pred], FUNDING_FIELDS, FUNDING_STRICT, [], lambda p: "")
    assert report.strict.hits == 1 and report.fields["purpose"].hits == 1
    report = score_facts([gold], [{**pred, "kind": "subsidy"}], FUNDING_FIELDS, FUNDING_STRICT, [], lambda p: "")
    assert report.strict.hits == 0


@pytest.mark.slow
def test_eval_builds_the_corpus_and_scores_it(tmp_path: Path) -> None:
    text, figures = run([EvalSet("fixture", FIXTURE / "docs", [FIXTURE / "gold"])], tmp_path)
    targets = figures["fixture"]["targets"]["strict"]
    money = figures["fixture"]["money"]["strict"]
    assert (targets["gold"], targets["hits"], targets["predicted"]) == (3, 3, 3)
    assert (money["gold"], money["hits"], money["predicted"]) == (3, 3, 3)
    assert figures["fixture"]["documents"]["region"]["hits"] == 1
    assert "targets: strict" in text and "misses (0)" in text
    assert (tmp_path / "last.json").exists()
    again, _ = run([EvalSet("fixture", FIXTURE / "docs", [FIXTURE / "gold"])], tmp_path, build=False)
    assert "was P 1.000 R 1.000" in again
