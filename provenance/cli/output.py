"""Output formats shared by the commands that print rows (search, audit, speakers ...).

One decorator adds ``--format``; one function writes rows in that format, so every
command speaks table, json, jsonl, csv and md the same way.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from json.encoder import encode_basestring as _encode_string
from typing import Any, TypeVar

import click

from provenance.text.controls import shown_controls

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
    return shown_controls(text)


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
    return text if isinstance(value, int | float) else neutralise(shown_controls(text))


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
    layout = TableLayout(columns, wrap=wrap)
    cells = [[table_cell(row.get(c)) for c in columns] for row in rows]
    if widths is None:
        for row in cells:
            layout.measure(row)
    lines = layout.lines(cells, width=width, widths=widths, header=header)
    return "".join(line + "\n" for line in lines)


def terminal_width() -> int:
    return shutil.get_terminal_size((120, 24)).columns


class TableLayout:
    """The columns of a table for people and how wide each must be.

    A table is measured before its first line is written: :meth:`measure` every row,
    then write them with :meth:`lines`. The rows need not stay in memory in between:
    a caller with 300,000 rows in the database reads them twice instead.

    Cells are strings from :func:`table_cell`, but in the ``numbers`` columns, which
    hold integers (never ``None``)."""

    def __init__(
        self, columns: Sequence[str], *, wrap: str | None = None, numbers: Collection[str] = ()
    ) -> None:
        self.columns = list(columns)
        self.wrap = wrap
        self.numeric = [c in numbers for c in columns]
        self.texts = [i for i, numeric in enumerate(self.numeric) if not numeric]
        self.numbers = [i for i, numeric in enumerate(self.numeric) if numeric]
        self.widest = [len(c) for c in columns]
        self.low = [0] * len(self.columns)
        self.high = [0] * len(self.columns)

    def drop(self, column: str) -> None:
        """Leave ``column`` out (one found empty once every row is measured); the rows
        written then leave it out too."""
        i = self.columns.index(column)
        for values in (self.columns, self.numeric, self.widest, self.low, self.high):
            del values[i]
        self.texts = [i for i, numeric in enumerate(self.numeric) if not numeric]
        self.numbers = [i for i, numeric in enumerate(self.numeric) if numeric]

    def measure(self, row: Sequence[Any]) -> None:
        """Count ``row`` in the widths."""
        widest, low, high = self.widest, self.low, self.high
        for i in self.texts:
            if len(row[i]) > widest[i]:
                widest[i] = len(row[i])
        for i in self.numbers:
            if row[i] > high[i]:
                high[i] = row[i]
            elif row[i] < low[i]:
                low[i] = row[i]

    def widths(self, width: int) -> list[int]:
        """Measured widths capped at a third of the line each, but the ``wrap``
        column's, which takes what the others leave."""
        measured = list(self.widest)
        for i in self.numbers:
            measured[i] = max(measured[i], len(str(self.low[i])), len(str(self.high[i])))
        cap = max(12, width // 3)
        named = zip(self.columns, measured, strict=True)
        return [min(w, cap) if c != self.wrap else w for c, w in named]

    def lines(
        self,
        rows: Iterable[Sequence[Any]],
        *,
        width: int | None = None,
        widths: Sequence[int] | None = None,
        header: bool = True,
    ) -> Iterator[str]:
        """The table's lines, one at a time, with the measured widths or ``widths``
        (the ``wrap`` column's is ignored)."""
        width = width or terminal_width()
        fitted = list(widths) if widths is not None else self.widths(width)
        if self.wrap in self.columns:
            i = self.columns.index(self.wrap)
            rest = sum(w for j, w in enumerate(fitted) if j != i) + 2 * (len(fitted) - 1)
            fitted[i] = max(20, width - rest)
        if header:
            yield from table_lines([], self.columns, fitted)
        template = "  ".join(f"{{:<{w}}}" for w in fitted)
        texts = [(i, fitted[i]) for i in self.texts]
        # a number fits its column when it has at most as many characters
        numbers = [(i, -(10 ** (fitted[i] - 1)), 10 ** fitted[i]) for i in self.numbers]
        for row in rows:
            if all(len(row[i]) <= w for i, w in texts) and all(
                low < row[i] < high for i, low, high in numbers
            ):
                yield template.format(*row).rstrip()  # one line, nothing cut: most rows
            else:
                shown = [str(v) for v in row]
                yield from table_lines([shown], self.columns, fitted, wrap=self.wrap, header=False)


def table_cell(value: Any) -> str:
    """A value as the one-line text a table shows."""
    if type(value) is int:
        return str(value)
    return terminal_text(_cell(value).replace("\n", " "))


def table_lines(
    cells: Iterable[Sequence[str]],
    columns: Sequence[str],
    widths: Sequence[int],
    *,
    wrap: str | None = None,
    header: bool = True,
) -> Iterator[str]:
    """The lines of a table of ``cells`` (from :func:`table_cell`), one at a time."""

    def cut(text: str, w: int) -> list[str]:
        return [text if len(text) <= w else text[: w - 1] + "…"]

    def wrapped(text: str, w: int) -> list[str]:
        if len(text) <= w:
            return [text]
        import textwrap

        return textwrap.wrap(text, w) or [""]

    if header:
        yield "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()
        yield "  ".join("─" * w for w in widths)
    for row in cells:
        parts = [
            wrapped(v, w) if columns[i] == wrap else cut(v, w)
            for i, (v, w) in enumerate(zip(row, widths, strict=True))
        ]
        height = max(len(p) for p in parts)
        for line in range(height):
            yield "  ".join(
                (p[line] if line < len(p) else "").ljust(w)
                for p, w in zip(parts, widths, strict=True)
            ).rstrip()


STREAM_CHUNK = 2000
"""Rows written to standard output at a time by :func:`emit_stream`."""


def emit_stream(
    rows: Iterable[Sequence[Any]],
    fmt: str,
    columns: Sequence[str],
    *,
    text: Collection[str] = (),
    floats: Collection[str] = (),
) -> int:
    """Write ``rows`` (sequences of values in ``columns`` order; values past the last
    column are ignored) as they come, in json, jsonl, csv or md, exactly as
    :func:`emit` writes the same rows as dicts, in the memory of one chunk of them.
    Return how many rows were written.

    The cells of the columns named in ``text`` are strings or ``None``; of those in
    ``floats``, floats or ``None``; of all others, integers or ``None``. Knowing the
    kinds lets each cell be written by one cheap call, or none, with text neutralised
    for spreadsheets and escaped for Markdown as :func:`emit` does."""
    import itertools

    fmt = fmt.lower()
    writer = _STREAM_WRITERS[fmt](columns, set(text), set(floats))
    out = sys.stdout
    out.write(writer.opening())
    count = 0
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, STREAM_CHUNK)):
        out.write(writer.rows(chunk, first=count == 0))
        count += len(chunk)
    out.write(writer.closing(count))
    out.flush()
    return count


class _RowWriter:
    """How :func:`emit_stream` writes rows in one format: a converter per column,
    chosen once from the column's kind."""

    def __init__(self, columns: Sequence[str], text: set[str], floats: set[str]) -> None:
        self.columns = list(columns)
        self.cells = [self.cell(c in text, c in floats) for c in columns]

    def cell(self, is_text: bool, is_float: bool) -> Callable[[Any], str]:
        raise NotImplementedError

    def opening(self) -> str:
        return ""

    def closing(self, count: int) -> str:
        return ""

    def rows(self, rows: list[Sequence[Any]], *, first: bool) -> str:
        return "".join(self.row(row) for row in rows)

    def row(self, row: Sequence[Any]) -> str:
        raise NotImplementedError


def _number(value: Any) -> str:
    return "" if value is None else str(value)


def _float(value: Any) -> str:
    return "" if value is None else f"{value:.4g}"


class _CsvWriter(_RowWriter):
    """Integers and ``None`` go to the csv module as they are (it writes them as
    :func:`emit` does); only text and floats are converted."""

    def __init__(self, columns: Sequence[str], text: set[str], floats: set[str]) -> None:
        super().__init__(columns, text, floats)
        self.converted = [(i, cell) for i, cell in enumerate(self.cells) if cell is not _number]
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\n")

    def cell(self, is_text: bool, is_float: bool) -> Callable[[Any], str]:
        from provenance.export.tabular import neutralise_cell

        def neutral(value: Any) -> str:
            return "" if value is None else neutralise_cell(shown_controls(str(value)))

        return neutral if is_text else _float if is_float else _number

    def opening(self) -> str:
        self.writer.writerow(self.columns)
        return self._flushed()

    def rows(self, rows: list[Sequence[Any]], *, first: bool) -> str:
        width, converted = len(self.columns), self.converted
        lines = []
        for row in rows:
            cells = list(row[:width])
            for i, cell in converted:
                cells[i] = cell(cells[i])
            lines.append(cells)
        self.writer.writerows(lines)
        return self._flushed()

    def _flushed(self) -> str:
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text


class _MarkdownWriter(_RowWriter):
    def cell(self, is_text: bool, is_float: bool) -> Callable[[Any], str]:
        return markdown_cell if is_text or is_float else _number

    def opening(self) -> str:
        return (
            "| "
            + " | ".join(markdown_cell(c) for c in self.columns)
            + " |\n|"
            + "|".join(" --- " for _ in self.columns)
            + "|\n"
        )

    def row(self, row: Sequence[Any]) -> str:
        return "| " + " | ".join(cell(v) for cell, v in zip(self.cells, row, strict=False)) + " |\n"


def _json_text(value: Any) -> str:
    return "null" if value is None else _encode_string(value)


def _json_number(value: Any) -> str:
    return "null" if value is None else str(value)


def _json_float(value: Any) -> str:
    return "null" if value is None else json.dumps(value)


class _JsonLinesWriter(_RowWriter):
    """``json.dumps(dict(zip(columns, row)), ensure_ascii=False)``, cell by cell."""

    start, separator, end = "{", ", ", "}\n"

    def __init__(self, columns: Sequence[str], text: set[str], floats: set[str]) -> None:
        super().__init__(columns, text, floats)
        self.keys = [self.key(_encode_string(c) + ": ") for c in columns]

    def key(self, encoded: str) -> str:
        return encoded

    def cell(self, is_text: bool, is_float: bool) -> Callable[[Any], str]:
        return _json_text if is_text else _json_float if is_float else _json_number

    def row(self, row: Sequence[Any]) -> str:
        pairs = zip(self.keys, self.cells, row, strict=False)
        return self.start + self.separator.join(key + cell(v) for key, cell, v in pairs) + self.end


class _JsonWriter(_JsonLinesWriter):
    """``json.dumps(rows, ensure_ascii=False, indent=2)``, a row at a time."""

    start, separator, end = "  {\n", ",\n", "\n  }"

    def key(self, encoded: str) -> str:
        return "    " + encoded

    def rows(self, rows: list[Sequence[Any]], *, first: bool) -> str:
        return ("[\n" if first else ",\n") + ",\n".join(self.row(row) for row in rows)

    def closing(self, count: int) -> str:
        return "\n]\n" if count else "[]\n"


_STREAM_WRITERS: dict[str, Callable[[Sequence[str], set[str], set[str]], _RowWriter]] = {
    "csv": _CsvWriter,
    "md": _MarkdownWriter,
    "jsonl": _JsonLinesWriter,
    "json": _JsonWriter,
}


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
