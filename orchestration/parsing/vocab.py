"""The vocabularies the fact readers share, loaded once from `seeds/reference/*.csv`.

Each list (units and their classes, comparator cues, goal verbs, metric heads, five-year plans,
money kinds and cues, tense cues) lives in one CSV that dbt also loads as a seed, so Python and
SQL read the same words. Adding a unit or a cue is a row in a CSV, not a code change.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "seeds" / "reference"
VOCABULARY_FILES = (
    "units.csv",
    "comparator_cues.csv",
    "goal_verbs.csv",
    "metric_heads.csv",
    "five_year_plans.csv",
    "money_kinds.csv",
    "money_cues.csv",
    "tense_cues.csv",
    "structure_nouns.csv",
)


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of one reference CSV; a malformed file names itself and the row."""
    path = REFERENCE_DIR / name
    with path.open(encoding="utf-8", newline="") as handle:
        out = []
        for number, row in enumerate(csv.DictReader(handle), 2):
            if None in row or any(v is None for v in row.values()):
                raise ValueError(f"{path}: row {number} has the wrong number of fields")
            out.append({k: v.strip() for k, v in row.items()})
        return tuple(out)


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation that tries longer words first (不少于 before 少于)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)


@cache
def unit_classes() -> dict[str, str]:
    return {r["unit"]: r["unit_class"] for r in rows("units.csv")}


@cache
def comparator_cues(position: str) -> dict[str, str]:
    return {r["cue"]: r["comparator"] for r in rows("comparator_cues.csv") if r["position"] == position}


@cache
def goal_verbs(role: str) -> tuple[str, ...]:
    return tuple(r["verb"] for r in rows("goal_verbs.csv") if r["role"] == role)


@cache
def metric_heads() -> tuple[str, ...]:
    return tuple(sorted((r["head"] for r in rows("metric_heads.csv")), key=len, reverse=True))


@cache
def five_year_plans() -> dict[str, tuple[int, int]]:
    return {r["name"]: (int(r["start_year"]), int(r["end_year"])) for r in rows("five_year_plans.csv")}


@cache
def money_kinds() -> tuple[str, ...]:
    return tuple(r["kind"] for r in rows("money_kinds.csv"))


@cache
def money_cues() -> tuple[tuple[str, str, str], ...]:
    return tuple((r["cue"], r["kind"], r["position"]) for r in rows("money_cues.csv"))


@cache
def tense_cues(scope: str) -> dict[str, str]:
    return {r["cue"]: r["tense"] for r in rows("tense_cues.csv") if r["scope"] == scope}


@cache
def structure_nouns() -> tuple[str, ...]:
    """What a plan counts of itself (指标, 任务, 章): such counts are never goals."""
    return tuple(r["noun"] for r in rows("structure_nouns.csv"))
