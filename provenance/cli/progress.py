"""Progress of a long command, on standard error, never in the way of its output.

On a terminal, a live bar (rich): what is done, the rate and the time left. Elsewhere
(a log, a pipe, CI), a plain line every few seconds and one at the end, so a log shows
that the work goes on without filling up with redraws. Standard output carries only the
command's own output either way.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from types import TracebackType
from typing import Any, Protocol

import click

__all__ = ["Progress"]

PLAIN_EVERY = 5.0  # seconds between plain lines


class _Lines(Protocol):
    done: int
    size: int | None

    def __iter__(self) -> Iterator[tuple[int, str]]: ...


def _size(n: float, unit: str) -> str:
    if unit != "B":
        return f"{n:,.0f}"
    for scale, name in ((1e9, "GB"), (1e6, "MB"), (1e3, "kB")):
        if n >= scale:
            return f"{n / scale:,.1f} {name}"
    return f"{n:,.0f} B"


class Progress:
    """``with Progress("importing", unit="B") as p: p.update(done, total, items)``."""

    def __init__(self, label: str, *, unit: str = "items", items: str = "documents") -> None:
        self.label = label
        self.unit = unit
        self.items = items
        self.terminal = sys.stderr.isatty()
        self._bar: Any = None
        self._task: Any = None
        self._started = time.monotonic()
        self._last_line = self._started
        self._state: tuple[int, int | None, int] = (0, None, 0)

    def __enter__(self) -> Progress:
        if self.terminal:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                MofNCompleteColumn,
                TaskProgressColumn,
                TextColumn,
                TimeRemainingColumn,
                TransferSpeedColumn,
            )
            from rich.progress import (
                Progress as Bar,
            )

            measure = (
                [DownloadColumn(), TransferSpeedColumn()]
                if self.unit == "B"
                else [MofNCompleteColumn()]
            )
            self._bar = Bar(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                *measure,
                TextColumn("{task.fields[items]}"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task(self.label, total=None, items="")
        return self

    def update(self, done: int, total: int | None, items: int) -> None:
        """``done`` of ``total`` (in the unit; ``total`` None when unknown), ``items``
        finished (documents, lines)."""
        self._state = (done, total, items)
        if self._bar is not None:
            self._bar.update(
                self._task, completed=done, total=total, items=f"{items:,} {self.items}"
            )
            return
        now = time.monotonic()
        if now - self._last_line >= PLAIN_EVERY:
            self._last_line = now
            click.echo(self._line(now), err=True)

    def follow(self, lines: _Lines) -> Iterator[tuple[int, str]]:
        """``lines`` passed through, with progress by the bytes they have read."""
        count = 0
        for item in lines:
            count += 1
            if count % 200 == 0:
                self.update(lines.done, lines.size, count)
            yield item
        self.update(lines.done, lines.size, count)

    def _line(self, now: float) -> str:
        done, total, items = self._state
        elapsed = max(now - self._started, 1e-9)
        parts = [f"{self.label}:"]
        if total:
            parts.append(
                f"{100 * done / total:.0f}% ({_size(done, self.unit)} of "
                f"{_size(total, self.unit)}),"
            )
        parts.append(f"{items:,} {self.items}, {items / elapsed:,.0f}/s")
        if total and done:
            left = elapsed * (total - done) / done
            parts.append(f"about {left:,.0f} s left")
        return " ".join(parts)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, error, trace)
        elif kind is None and time.monotonic() - self._started >= PLAIN_EVERY:
            click.echo(self._line(time.monotonic()), err=True)
