"""How work is cut into runs for shares, spool chunks and re-derivation."""

from __future__ import annotations

import multiprocessing
import os

from orchestration import workers
from orchestration.workers import cut


def test_a_run_ends_with_the_item_that_brings_it_to_the_limit() -> None:
    assert cut([4, 4, 4, 1, 9, 2], 8) == [range(0, 2), range(2, 5), range(5, 6)]


def test_no_limit_is_one_run_and_nothing_is_one_empty_run() -> None:
    assert cut([4, 4, 4], 0) == [range(0, 3)]
    assert cut([], 8) == [range(0, 0)]


def test_an_item_larger_than_the_limit_is_a_run_of_its_own() -> None:
    assert cut([20, 1, 20], 8) == [range(0, 1), range(1, 3)]


def _pids(numbers: list[int]) -> list[tuple[int, int]]:
    return [(number, os.getpid()) for number in numbers]


def test_workers_started_ahead_take_the_next_large_job_and_end_with_it() -> None:
    """`gazette build` starts the parse workers while it imports Dagster: the next large job runs
    in exactly those processes, in order, and they end with it; a small job before it does not
    use them."""
    workers.start(2)
    started = {process.pid for process in multiprocessing.active_children()}
    try:
        small = [row for rows in workers.map_chunks(_pids, ([[1], [2]],), 2, 2, size=1) for row in rows]
        assert small == [(1, os.getpid()), (2, os.getpid())]
        assert {process.pid for process in multiprocessing.active_children()} == started and len(started) == 2
        chunks = [[n, n + 1] for n in range(0, 40, 2)]
        rows = [row for result in workers.map_chunks(_pids, (chunks,), 20, 2, size=10**9) for row in result]
        assert [number for number, _ in rows] == list(range(40))
        assert {pid for _, pid in rows} <= started
    finally:
        workers.stop()
    assert multiprocessing.active_children() == []


def test_workers_started_ahead_and_never_used_end_on_stop() -> None:
    workers.start(2)
    assert len(multiprocessing.active_children()) == 2
    workers.stop()
    assert multiprocessing.active_children() == []
    workers.stop()  # nothing started: nothing to do
