"""Output formats shared by the commands that print rows (search, audit, speakers ...).

One decorator adds ``--format``; one function writes rows in that format, so every
command speaks table, json, jsonl, csv and md the same way.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("table", "json", "jsonl", "csv", "md")


def output_options(f: F) -> F:
    """Add ``--format`` (table on a terminal, or json, jsonl, csv, md)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS, case_sensitive=False),
        default="table",
        show_default=True,
        help="Output format.",
    )(f)


# C0 controls but tab and newline, DEL and C1: stored text holding them (an escape
# sequence that retitles the window or clears the screen) must not reach a terminal
_CONTROLS = {c: "\ufffd" for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))}


def use_colour() -> bool:
    """Styles for a terminal that shows them; plain marks otherwise (NO_COLOR honoured)."""
    import os
    import sys

    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.color is not None:
        return ctx.color
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


SPAN_MARKS = ("⟦", "⟧")
"""How a span is marked in its context when there is no colour to underline it with."""


def span_in_context(text: str, start: int, end: int, *, reach: int = 200) -> str:
    """The span and up to ``reach`` characters of its paragraph either side, cut at word
    boundaries (an ellipsis where cut), the span underlined or bracketed ⟦ ⟧."""
    left = max(text.rfind("\n", 0, start) + 1, start - reach)
    right = text.find("\n", end)
    right = min(len(text) if right == -1 else right, end + reach)
    before, after = text[left:start], text[end:right]
    if left > 0 and text[left - 1] != "\n" and " " in before:
        before = "…" + before[before.index(" ") :]
    if right < len(text) and text[right] != "\n" and " " in after:
        after = after[: after.rindex(" ")] + " …"
    span = terminal_text(text[start:end])
    if use_colour():
        marked = click.style(span, bold=True, underline=True)
    else:
        marked = SPAN_MARKS[0] + span + SPAN_MARKS[1]
    return terminal_text(before) + marked + terminal_text(after)


def terminal_text(text: str) -> str:
    """``text`` with its control characters shown as U+FFFD, for a terminal."""
    return text.translate(_CONTROLS)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"  # significant digits: a bm25 score of 2e-06 is not 0.000
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def markdown_cell(value: Any) -> str:
    """A value as literal text in a Markdown table cell, escaped as ``prov export
    --format md`` escapes it: no live link, image, emphasis, HTML or extra cell."""
    from provenance.export.tabular import markdown_text

    return markdown_text(terminal_text(_cell(value)))


def render_markdown(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    lines = [
        "| " + " | ".join(markdown_cell(c) for c in columns) + " |",
        "|" + "|".join(" --- " for _ in columns) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(markdown_cell(row.get(c)) for c in columns) + " |")
    return "\n".join(lines) + "\n"


def render_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """CSV safe to open in a spreadsheet: a cell that would start a formula is
    neutralised as ``prov export --format csv`` does it."""
    from provenance.export.tabular import neutralise_cell

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(c), neutralise_cell) for c in columns])
    return buffer.getvalue()


def _csv_cell(value: Any, neutralise: Callable[[str], str]) -> str:
    text = _cell(value)
    return text if isinstance(value, int | float) else neutralise(text)


def render_table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    *,
    width: int | None = None,
    wrap: str | None = None,
    widths: Sequence[int] | None = None,
    header: bool = True,
) -> str:
    """A plain aligned table for people. The ``wrap`` column takes the remaining
    width and wraps; other columns are cut with an ellipsis if they are too wide.

    ``widths`` fixes the column widths instead of measuring ``rows`` (the wrap
    column's is ignored), so that a table printed a page at a time (``header`` only
    on the first) stays aligned."""
    width = width or shutil.get_terminal_size((120, 24)).columns
    cells = [[terminal_text(_cell(row.get(c)).replace("\n", " ")) for c in columns] for row in rows]
    if widths is None:
        widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
        cap = max(12, width // 3)
        widths = [min(w, cap) if columns[i] != wrap else w for i, w in enumerate(widths)]
    else:
        widths = list(widths)
    if wrap in columns:
        i = columns.index(wrap)
        rest = sum(w for j, w in enumerate(widths) if j != i) + 2 * (len(columns) - 1)
        widths[i] = max(20, width - rest)

    def cut(text: str, w: int) -> list[str]:
        return [text if len(text) <= w else text[: w - 1] + "…"]

    def wrapped(text: str, w: int) -> list[str]:
        if len(text) <= w:
            return [text]
        import textwrap

        return textwrap.wrap(text, w) or [""]

    out = []
    if header:
        out.append("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
        out.append("  ".join("─" * w for w in widths))
    for row in cells:
        parts = [
            wrapped(v, w) if columns[i] == wrap else cut(v, w)
            for i, (v, w) in enumerate(zip(row, widths, strict=True))
        ]
        height = max(len(p) for p in parts)
        for line in range(height):
            out.append(
                "  ".join(
                    (p[line] if line < len(p) else "").ljust(w)
                    for p, w in zip(parts, widths, strict=True)
                ).rstrip()
            )
    return "\n".join(out) + "\n" if out else ""


def emit(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    columns: Sequence[str],
    *,
    table_columns: Sequence[str] | None = None,
    wrap: str | None = None,
) -> None:
    """Write ``rows`` to standard output in ``fmt``. JSON formats carry every key;
    table, csv and md carry ``columns`` (``table_columns`` for the table if given)."""
    fmt = fmt.lower()
    if fmt == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2, default=str))
    elif fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
    elif fmt == "csv":
        click.echo(render_csv(rows, columns), nl=False)
    elif fmt == "md":
        click.echo(render_markdown(rows, columns), nl=False)
    else:
        click.echo(render_table(rows, table_columns or columns, wrap=wrap), nl=False)
