"""The benchmark's synthetic corpus: distinct files, so nothing deduplicates, each still a gazette."""

from __future__ import annotations

import hashlib
from pathlib import Path

from orchestration.bench import synthetic_corpus
from orchestration.parsing.gazette import parse_gazette
from tests.conftest import SEEDS


def test_synthetic_copies_are_distinct_and_shift_years(tmp_path: Path) -> None:
    seeds = sorted(SEEDS.iterdir())
    files = synthetic_corpus(seeds, len(seeds) * 2, tmp_path)
    assert len({hashlib.sha256(p.read_bytes()).hexdigest() for p in files}) == len(files) == 10
    original = parse_gazette(seeds[1].read_bytes()).documents["issued_date"].to_list()
    shifted = parse_gazette(files[len(seeds) + 1].read_bytes()).documents["issued_date"].to_list()
    assert [d.year + 1 for d in original] == [d.year for d in shifted]
