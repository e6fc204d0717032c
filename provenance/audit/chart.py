"""The strength mix per group as an SVG stacked bar chart, readable at a glance.

One horizontal bar per audit group (a document, an outlet, a speaker, a month), split
into the six sourcing-strength classes, strongest on the left, each segment labelled
when there is room; the unnamed-source ratio and the count behind it stand at the end
of each row, a legend at the top, the ratio's definition at the foot. The colours
(Okabe and Ito's palette) stay distinct for colour-blind readers; the two unnamed
classes are the warm ones.

Two scales. Documents, outlets and months are compared by their *mix*, so each bar is
100% wide and segments are shares. A speaker is nearly always quoted in one class, so
a 100% bar would say only its colour: speaker bars are as long as the speaker's number
of attributions, on a common axis, and segments carry counts.

The SVG is built with :mod:`xml.etree.ElementTree`, so every label is escaped: a group
named ``<script>`` or ``AT&T`` is text, never markup. Characters XML cannot hold at all
(control characters) are dropped. Nothing here needs a browser or a plotting library.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TYPE_CHECKING

from provenance.vocabulary import SourcingStrength

if TYPE_CHECKING:
    from provenance.audit.ratios import AuditRow

__all__ = ["MAX_GROUPS", "SCALES", "STYLE", "strength_mix_svg"]

MAX_GROUPS = 40  # more bars than this is no longer "at a glance"
SCALES = ("share", "count")

# class -> (legend text, fill, text colour on the fill)
STYLE: dict[str, tuple[str, str, str]] = {
    SourcingStrength.ON_RECORD: ("on record", "#0072B2", "#FFFFFF"),
    SourcingStrength.OFFICIAL_STATEMENT: ("official statement", "#56B4E9", "#000000"),
    SourcingStrength.DOCUMENTARY: ("documentary", "#009E73", "#FFFFFF"),
    SourcingStrength.ANONYMOUS_DESCRIBED: ("anonymous, described", "#E69F00", "#000000"),
    SourcingStrength.ANONYMOUS_VAGUE: ("anonymous, vague", "#D55E00", "#FFFFFF"),
    SourcingStrength.UNATTRIBUTED: ("unattributed (reporter's own)", "#D9D9D9", "#000000"),
}

WIDTH = 960
MARGIN = 16
TOP = 112  # where the first bar starts, below title, legend and axis
ROW = 28
BAR = 18
FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"
CHAR_WIDTH = 6.6  # average advance of a 12px sans-serif character
LABEL_CHARS = 42
NOTE_WIDTH = 190
MIN_LABELLED_SEGMENT = 30  # px: narrower segments carry their figure in the tooltip only

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _clean(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry."""
    return _NOT_XML.sub("", text)


LABEL_WIDTH = LABEL_CHARS * CHAR_WIDTH
"""The widest a group's label may be, in pixels."""

_NARROW = frozenset(" .,;:'!|ilIjtf()[]-\u2019")
_WIDEST = frozenset("MWmw@%")


@functools.lru_cache(maxsize=4096)
def _advance(ch: str) -> float:
    """An upper estimate of one character's width at 12px in a sans-serif face: a
    label's width is estimated from these, generously, so that it never runs out of
    the picture (a browser's own measure is not at hand when the SVG is written)."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 12.5
    if ch in _NARROW:
        return 4.5
    if ch in _WIDEST:
        return 11.5
    if ch.isupper():
        return 9.0
    return 7.2


def text_width(text: str) -> float:
    """The estimated width in pixels of ``text`` set at 12px (see :func:`_advance`)."""
    return sum(_advance(ch) for ch in text)


def _short(text: str, limit: float = LABEL_WIDTH) -> str:
    """``text`` on one line, cut with an ellipsis to at most ``limit`` pixels wide."""
    text = " ".join(_clean(text).split())
    if text_width(text) <= limit:
        return text
    room = limit - _advance("…")
    kept = 0.0
    for i, ch in enumerate(text):
        kept += _advance(ch)
        if kept > room:
            return text[:i].rstrip() + "…"
    return text  # pragma: no cover (the whole text fitted after all)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    """A child element; ``font_size=`` becomes ``font-size``, ``class_=`` ``class``."""
    names = {k: k.rstrip("_").replace("_", "-") for k in attrs}
    element = ET.SubElement(parent, tag, {names[k]: _clean(str(v)) for k, v in attrs.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def _percent(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "0%"


def _ratio_note(row: AuditRow) -> str:
    ratio = row.unnamed_ratio
    if ratio is None:
        return "no sourced attributions"
    behind = f"{row.unnamed}/{row.sourced}"
    if row.sourced_proposed:
        # a figure resting on unreviewed proposals says so where it is read
        behind += f"; {row.sourced_proposed} proposed"
    return f"{ratio:.1%} unnamed ({behind})"


def _total(rows: Sequence[AuditRow]) -> AuditRow:
    from provenance.audit.ratios import total_row

    return total_row(rows)


def _nice_step(largest: int, ticks: int = 4) -> int:
    """A round step (1, 2 or 5 times a power of ten) giving at most ``ticks`` steps."""
    raw = max(1.0, largest / ticks)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)  # pragma: no cover


class _Layout:
    """Where things go: the label column, the bar area, and the scale of the bars."""

    def __init__(self, rows: Sequence[AuditRow], scale: str):
        self.scale = scale
        longest = max([80.0, *(text_width(_short(r.label)) for r in rows)])
        self.bar_left = MARGIN + min(LABEL_WIDTH, longest) + 10
        note = max([NOTE_WIDTH, *(text_width(_ratio_note(r)) + 20 for r in rows)])
        self.bar_width = WIDTH - self.bar_left - note - MARGIN
        largest = max([1, *(r.attributions for r in rows)])
        self.step = _nice_step(largest)
        self.axis_max = self.step * math.ceil(largest / self.step)

    def length(self, row: AuditRow) -> float:
        if self.scale == "share":
            return self.bar_width if row.attributions else 0.0
        return self.bar_width * row.attributions / self.axis_max

    def ticks(self) -> list[tuple[float, str]]:
        if self.scale == "share":
            return [(self.bar_width * t / 100, f"{t}%") for t in (0, 25, 50, 75, 100)]
        count = self.axis_max // self.step
        return [(self.bar_width * i / count, str(i * self.step)) for i in range(count + 1)]


def strength_mix_svg(
    rows: Sequence[AuditRow],
    *,
    by: str = "document",
    counting: str = "attributions",
    scale: str | None = None,
    title: str | None = None,
    groups: int | None = None,
    total: AuditRow | None = None,
) -> str:
    """An SVG document (text) with one stacked bar per row, in the order given.

    Rows from :func:`provenance.audit.audit` come worst first (months in order).
    ``scale`` is ``"share"`` (every bar 100%) or ``"count"`` (bars as long as their
    counts); by default ``"count"`` for speakers and ``"share"`` otherwise. Only the
    first :data:`MAX_GROUPS` rows are drawn, and the foot says how many more there were.
    A caller that streams a long audit passes those first rows only, with how many
    ``groups`` there were and their ``total`` (:func:`~provenance.audit.ratios.total_row`
    of them all).
    """
    scale = scale or ("count" if by == "speaker" else "share")
    if scale not in SCALES:
        raise ValueError(f"scale {scale!r} is not one of {', '.join(SCALES)}")
    shown = list(rows[:MAX_GROUPS])
    unit = "attributions" if counting == "attributions" else "distinct sources"
    layout = _Layout(shown, scale)
    foot = TOP + max(len(shown), 1) * ROW + 12
    height = foot + 40

    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "width": str(WIDTH),
            "height": str(height),
            "viewBox": f"0 0 {WIDTH} {height}",
            "font-family": FONT,
            "font-size": "12",
            "role": "img",
        },
    )
    heading = title or f"Sourcing strength by {by}"
    what = f"share of {unit}" if scale == "share" else f"{unit}"
    everything = total if total is not None else _total(rows)
    groups = len(rows) if groups is None else groups
    overall = f"; all groups: {_ratio_note(everything)}" if everything.attributions else ""
    _sub(svg, "title", heading)
    _sub(svg, "rect", x=0, y=0, width=WIDTH, height=height, fill="#FFFFFF")
    _sub(svg, "text", heading, x=MARGIN, y=28, font_size=17, font_weight="bold", fill="#222")
    _sub(
        svg,
        "text",
        f"{what} in each sourcing-strength class, strongest on the left{overall}",
        x=MARGIN,
        y=48,
        fill="#555",
    )
    _legend(svg, y=64)
    _axis(svg, layout, len(shown))
    for index, row in enumerate(shown):
        _bar(svg, row, layout, y=TOP + index * ROW, unit=unit)
    if not shown:
        _sub(svg, "text", "(no attributions match)", x=layout.bar_left, y=TOP + 14, fill="#555")

    note = f"unnamed = (anonymous, described + anonymous, vague) / all {unit} except unattributed"
    if groups > len(shown):
        note += f"; showing the first {len(shown)} of {groups} groups"
    _sub(svg, "text", note, x=MARGIN, y=foot + 16, fill="#555")
    ET.indent(svg)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(svg, encoding="unicode") + "\n"


def _legend(svg: ET.Element, *, y: int) -> None:
    legend = _sub(svg, "g", class_="legend")
    x = float(MARGIN)
    for name, fill, _ in STYLE.values():
        _sub(
            legend,
            "rect",
            x=x,
            y=y,
            width=12,
            height=12,
            fill=fill,
            stroke="#666",
            stroke_width=0.5,
        )
        _sub(legend, "text", name, x=x + 17, y=y + 10, fill="#222")
        x += 17 + len(name) * CHAR_WIDTH + 18


def _axis(svg: ET.Element, layout: _Layout, rows: int) -> None:
    """Tick labels above the bars, and faint grid lines through all of them."""
    axis = _sub(svg, "g", class_="axis", fill="#777")
    bottom = TOP + max(rows, 1) * ROW - (ROW - BAR)
    for offset, label in layout.ticks():
        x = f"{layout.bar_left + offset:.1f}"
        _sub(axis, "text", label, x=x, y=TOP - 8, text_anchor="middle")
        _sub(axis, "line", x1=x, x2=x, y1=TOP - 4, y2=bottom, stroke="#E4E4E4", stroke_width=1)


def _bar(svg: ET.Element, row: AuditRow, layout: _Layout, *, y: int, unit: str) -> None:
    total = row.attributions
    length = layout.length(row)
    group = _sub(svg, "g", class_="bar", data_key="" if row.key is None else str(row.key))
    mix = ", ".join(f"{STYLE[s][0]} {n} ({_percent(n, total)})" for s, n in row.counts.items() if n)
    _sub(group, "title", f"{row.label}: {total} {unit}; {mix}; {_ratio_note(row)}")
    middle = y + BAR / 2 + 4
    left = layout.bar_left
    _sub(
        group,
        "text",
        _short(row.label),
        x=f"{left - 10:.1f}",
        y=middle,
        text_anchor="end",
        fill="#222",
    )
    _sub(
        group,
        "rect",
        x=f"{left:.1f}",
        y=y,
        width=f"{length:.2f}",
        height=BAR,
        fill="none",
        stroke="#CCC",
        class_="frame",
    )
    x = left
    for strength, (name, fill, ink) in STYLE.items():
        n = row.counts.get(strength, 0)
        if not n:
            continue
        width = length * n / total
        segment = _sub(
            group,
            "rect",
            x=f"{x:.2f}",
            y=y,
            width=f"{width:.2f}",
            height=BAR,
            fill=fill,
            class_="segment",
            data_strength=str(strength),
        )
        _sub(segment, "title", f"{name}: {n} of {total} ({_percent(n, total)})")
        if width >= MIN_LABELLED_SEGMENT:
            figure = _percent(n, total) if layout.scale == "share" else str(n)
            _sub(
                group,
                "text",
                figure,
                x=f"{x + width / 2:.1f}",
                y=middle,
                text_anchor="middle",
                fill=ink,
            )
        x += width
    note_x = left + layout.bar_width + 10
    _sub(group, "text", _ratio_note(row), x=f"{note_x:.1f}", y=middle, fill="#222")
