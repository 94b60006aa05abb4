"""How work is cut into runs for shares, spool chunks and re-derivation."""

from __future__ import annotations

from orchestration.workers import cut


def test_a_run_ends_with_the_item_that_brings_it_to_the_limit() -> None:
    assert cut([4, 4, 4, 1, 9, 2], 8) == [range(0, 2), range(2, 5), range(5, 6)]


def test_no_limit_is_one_run_and_nothing_is_one_empty_run() -> None:
    assert cut([4, 4, 4], 0) == [range(0, 3)]
    assert cut([], 8) == [range(0, 0)]


def test_an_item_larger_than_the_limit_is_a_run_of_its_own() -> None:
    assert cut([20, 1, 20], 8) == [range(0, 1), range(1, 3)]
