"""Chunks of work run in order, by local worker processes when there is enough of it.

The one-process build's way to use every core: parsing is pure CPU, and a worker started with
`spawn` shares nothing with a parent that holds DuckDB open. A small job runs in the calling
process, cheaper than starting workers.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
PARALLEL_MIN_BYTES = 8_000_000


def map_chunks(
    function: Callable[..., list[T]], arguments: tuple[Iterable[object], ...], chunks: int, workers: int, size: int
) -> Iterator[list[T]]:
    """`function` over the chunks' arguments, in order: by `workers` local processes when the
    input (`size` bytes) is large, here otherwise, cheaper than starting workers."""
    workers = min(workers, chunks)
    if workers <= 1 or size < PARALLEL_MIN_BYTES:
        yield from map(function, *arguments)
        return
    context = multiprocessing.get_context("spawn")  # no fork of a process holding DuckDB open
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_die_with_parent) as pool:
        yield from pool.map(function, *arguments, chunksize=1)


def _die_with_parent() -> None:
    """In a pool worker: end when the build process ends, even by kill -9 (Linux prctl
    PR_SET_PDEATHSIG), instead of parsing on for a build nobody will finish."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)


def cut(sizes: Sequence[int], limit: int) -> list[range]:
    """Consecutive runs of items (by index), each closed by the item whose size brings the run
    to `limit`; a `limit` of 0 or less keeps everything in one run. There is always at least one
    run, empty if there are no items."""
    runs: list[range] = []
    start, filled = 0, 0
    for end, size in enumerate(sizes, start=1):
        filled += size
        if limit > 0 and filled >= limit:
            runs.append(range(start, end))
            start, filled = end, 0
    if start < len(sizes) or not runs:
        runs.append(range(start, len(sizes)))
    return runs
