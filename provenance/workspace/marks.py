"""An article's text cut into runs for highlighting: where attributions, their source
mentions and their cues overlap, HTML elements cannot, so the text is cut at every
span's edge and each run says which spans cover it.

A run is the unit the page marks: one ``<span>`` with the attributions it belongs to
and its roles (content, source, cue). Its ``start`` is its offset in the stored text,
which is how a selection in the browser becomes a span again.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Mark", "Run", "runs"]

ROLES = ("content", "source", "cue")


@dataclass(frozen=True)
class Mark:
    """One span to show: ``role`` of attribution ``attribution``, ``[start, end)``."""

    attribution: int
    role: str
    start: int
    end: int


@dataclass(frozen=True)
class Run:
    """``text[start:end]``, covered by ``marks`` (innermost content first) and opening
    the content of the attributions in ``anchors``."""

    start: int
    end: int
    text: str
    marks: tuple[Mark, ...] = ()
    anchors: tuple[int, ...] = ()

    @property
    def attributions(self) -> tuple[int, ...]:
        seen: dict[int, None] = {}
        for mark in self.marks:
            seen.setdefault(mark.attribution)
        return tuple(seen)

    @property
    def roles(self) -> tuple[str, ...]:
        present = {mark.role for mark in self.marks}
        return tuple(role for role in ROLES if role in present)

    @property
    def lead(self) -> int | None:
        """The attribution the run shows the colour of: the shortest content span
        covering it (the most specific), else the one whose source or cue it is."""
        contents = [m for m in self.marks if m.role == "content"]
        chosen = contents or list(self.marks)
        if not chosen:
            return None
        return min(chosen, key=lambda m: (m.end - m.start, m.attribution)).attribution


def runs(text: str, marks: Iterable[Mark]) -> list[Run]:
    """``text`` cut at every edge of ``marks``: consecutive runs that join up to the
    whole text, each with the marks covering all of it. Empty or out-of-range marks
    are clipped to the text (a stored span always fits; a caller's may not)."""
    length = len(text)
    kept: list[Mark] = []
    for mark in marks:
        start, end = max(0, min(mark.start, length)), max(0, min(mark.end, length))
        if start < end:
            kept.append(Mark(mark.attribution, mark.role, start, end))
    edges = sorted({0, length, *(m.start for m in kept), *(m.end for m in kept)})
    starting: dict[int, list[Mark]] = {}
    for mark in kept:
        starting.setdefault(mark.start, []).append(mark)
    active: list[Mark] = []
    cut: list[Run] = []
    for left, right in itertools.pairwise(edges):
        opened = starting.get(left, [])
        active = [m for m in active if m.end > left] + opened
        anchors = tuple(sorted(m.attribution for m in opened if m.role == "content"))
        cut.append(Run(left, right, text[left:right], _ordered(active), anchors))
    return cut


def _ordered(marks: Sequence[Mark]) -> tuple[Mark, ...]:
    return tuple(sorted(marks, key=lambda m: (m.role != "content", m.end - m.start, m.attribution)))
