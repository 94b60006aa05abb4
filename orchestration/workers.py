"""Chunks of work run in order, by local worker processes when there is enough of it.

The one-process build's way to use every core: parsing is pure CPU, and a worker started with
`spawn` shares nothing with a parent that holds DuckDB open (nor its threads: polars starts some
at import, which rules out `fork` and a fork server). A small job runs in the calling process,
cheaper than starting workers. A caller that knows a large job is coming starts the workers
ahead (`start`), so that their imports are done by the time it arrives.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import multiprocessing
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
PARALLEL_MIN_BYTES = 8_000_000
PRELOAD = ("orchestration.ingest", "orchestration.rederive", "pyarrow")  # what a worker's chunks import
_started: list[tuple[ProcessPoolExecutor, int]] = []  # a pool started ahead, not yet used, and its size


def start(workers: int) -> None:
    """Start `workers` worker processes now for the next large map_chunks of this process, so
    their start-up (a third of a second of imports each) overlaps what this process does first.
    They import the modules the chunks need; unused, they end with `stop` or the process."""
    if workers <= 1 or _started:
        return
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_spawn(), initializer=_start_worker)
    for _ in range(workers):
        pool.submit(int)  # each submission starts a process, up to max_workers
    _started.append((pool, workers))


def stop() -> None:
    """End the workers `start` started if no map_chunks took them."""
    while _started:
        _started.pop()[0].shutdown(wait=True, cancel_futures=True)


def map_chunks(
    function: Callable[..., list[T]], arguments: tuple[Iterable[object], ...], chunks: int, workers: int, size: int
) -> Iterator[list[T]]:
    """`function` over the chunks' arguments, in order: by `workers` local processes when the
    input (`size` bytes) is large, here otherwise, cheaper than starting workers."""
    if min(workers, chunks) <= 1 or size < PARALLEL_MIN_BYTES:
        yield from map(function, *arguments)
        return
    if _started and _started[0][1] == workers:
        pool, _ = _started.pop()
    else:
        workers = min(workers, chunks)
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=_spawn(), initializer=_die_with_parent)
    with pool:
        yield from pool.map(function, *arguments, chunksize=1)


def _spawn() -> multiprocessing.context.SpawnContext:
    return multiprocessing.get_context("spawn")  # no fork of a process holding DuckDB open


def _start_worker() -> None:
    _die_with_parent()
    for module in PRELOAD:
        importlib.import_module(module)


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
