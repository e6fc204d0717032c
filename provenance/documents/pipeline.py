"""Batch work on two cores: a function over chunks of input in worker processes, while
this process, the one writer, stores what comes back in order.

Reading an article or a bundle line (HTML through trafilatura, the extractor, JSON and
every check of a bundle line) is pure CPU and needs no database, so it runs in
``jobs`` worker processes; writing stays in one process, which SQLite wants (one writer
at a time) and which keeps every document one transaction of its own. At most
``jobs * ahead`` chunks are in flight, so memory stays flat however long the input,
and results come back in the order the chunks went in.

Workers ignore Ctrl-C: the writer decides where to stop (at a document boundary) and
shuts them down. They are started with ``forkserver`` (a clean interpreter, not a copy
of a writer holding database connections and threads).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

__all__ = ["chunked", "default_jobs", "ordered_map"]

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """The cores this process may use, at most four (more do not help one writer)."""
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        available = os.cpu_count() or 1
    return max(1, min(4, available))


def _quiet_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def ordered_map(
    function: Callable[[T], R], chunks: Iterable[T], *, jobs: int, ahead: int = 3
) -> Iterator[R]:
    """``function(chunk)`` for every chunk, in order: in this process when ``jobs`` is
    1, else in ``jobs`` worker processes. ``function`` must be a module-level function
    (it is sent to the workers by name)."""
    if jobs <= 1:
        for chunk in chunks:
            yield function(chunk)
        return
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_quiet_worker)
    pending: deque[Future[R]] = deque()
    try:
        for chunk in chunks:
            pending.append(pool.submit(function, chunk))
            if len(pending) >= jobs * ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def chunked(
    items: Iterable[tuple[int, str]], *, lines: int = 1_000, characters: int = 2_000_000
) -> Iterator[list[tuple[int, str]]]:
    """Numbered lines in chunks of at most ``lines`` lines or about ``characters``."""
    chunk: list[tuple[int, str]] = []
    size = 0
    for item in items:
        chunk.append(item)
        size += len(item[1])
        if len(chunk) >= lines or size >= characters:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk
