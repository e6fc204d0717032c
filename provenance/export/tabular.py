"""Citation tables as text: CSV, Markdown, JSON and JSON Lines.

CSV is written to be opened in a spreadsheet safely. A cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is a formula to Excel, LibreOffice and
Google Sheets (``=HYPERLINK("http://x","click")`` becomes a live link), so such a cell
gets a leading apostrophe, as OWASP's CSV-injection advice says. This applies to
text only: a column that holds numbers (``id``, ``document``, ``start``, ``end``)
is written as the number it is; none of them is ever negative. A text that merely
looks numeric, a quote such as ``-3% in April`` or a speaker named ``+1``, is
neutralised like any other: in a spreadsheet it shows as ``'-3% in April``, text,
not a number, which is what it is. :func:`restore_cell` undoes the prefix exactly,
so a program reading the file gets every value back (a value that itself starts
with apostrophes before such a character gets one more, so the rule is reversible).

Markdown cells escape what Markdown would otherwise act on: ``|`` and line breaks
(which would end the cell or row), and ``\\ ` * _ [ ] < > & ~ $`` (emphasis, code,
links, raw HTML such as ``<script>``, entities, strikethrough, math), so a quote
shows as the words it is. Links are made only from http(s) URLs.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote

from provenance.export.citations import CITATION_COLUMNS, Citation, is_web_url
from provenance.text.controls import shown_controls

__all__ = [
    "FORMULA_TRIGGERS",
    "markdown_text",
    "neutralise_cell",
    "restore_cell",
    "write_csv",
    "write_json",
    "write_jsonl",
    "write_markdown",
]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP)."""


# a first character after which a cell may still turn out to be a formula
_MAYBE_FORMULA = frozenset(FORMULA_TRIGGERS) | frozenset(" \n\u00a0'")


def _needs_prefix(value: str) -> bool:
    # spreadsheets trim leading spaces on import, so " =1+2" is a formula too; most
    # cells are told apart by their first character alone
    return value[:1] in _MAYBE_FORMULA and value.lstrip(" \n\u00a0'").startswith(FORMULA_TRIGGERS)


def neutralise_cell(value: str) -> str:
    """``value`` made inert for a spreadsheet: an apostrophe before a formula trigger.

    >>> neutralise_cell('=HYPERLINK("http://x","click")')
    '\\'=HYPERLINK("http://x","click")'
    >>> neutralise_cell("Hakan Fidan")
    'Hakan Fidan'
    """
    return "'" + value if _needs_prefix(value) else value


def restore_cell(value: str) -> str:
    """The value :func:`neutralise_cell` was given: ``restore_cell(neutralise_cell(v)) == v``."""
    return value[1:] if value.startswith("'") and _needs_prefix(value) else value


def _csv_value(value: Any) -> str | int | float:
    if value is None:
        return ""
    if type(value) is str:
        return neutralise_cell(shown_controls(value))
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return value
    return neutralise_cell(shown_controls(str(value)))


def write_csv(citations: Iterable[Citation]) -> Iterator[str]:
    """CSV (RFC 4180: CRLF line ends, fields quoted when needed) with a header row
    of :data:`~provenance.export.citations.CITATION_COLUMNS`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CITATION_COLUMNS)
    for citation in citations:
        row = citation.row()
        writer.writerow([_csv_value(row[c]) for c in CITATION_COLUMNS])
        if buffer.tell() > 1 << 16:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# ------------------------------------------------------------------------- Markdown

_MARKDOWN_ACTIVE = frozenset("\\`*_[]<>&|~$")


def markdown_text(value: Any) -> str:
    """``value`` as literal text inside a Markdown (GFM) table cell."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = shown_controls(text)
    if _MARKDOWN_ACTIVE.isdisjoint(text):  # most cells: nothing to escape
        return text.replace("\n", "<br>")
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch in _MARKDOWN_ACTIVE and not (ch == "_" and _inside_word(text, i)):
            out.append("\\")
        out.append(ch)
    return "".join(out).replace("\n", "<br>")


def _inside_word(text: str, i: int) -> bool:
    # an underscore between two letters or digits never starts or ends emphasis
    # (CommonMark's flanking rules), so official_statement can stay as it is
    return 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()


_URL_SAFE = "!#$%&'()*+,/:;=?@[]~"
"""What may stand unencoded in a link destination: RFC 3986's reserved characters and
``%`` (so escapes already made stay as they are). Everything else (``<``, ``>``, ``|``,
``\\``, spaces, line breaks, non-ASCII) is percent-encoded."""


def _markdown_link(label: str, url: str) -> str:
    # <...> lets the destination hold parentheses; what could end it (">"), split the
    # table row ("|", a line break) or escape a character ("\\") is percent-encoded
    return f"[{label}](<{quote(url, safe=_URL_SAFE)}>)"


def _markdown_document(citation: Citation) -> str:
    doc = citation.document
    title = markdown_text(doc.title or f"document {doc.id}")
    if is_web_url(doc.url):
        return _markdown_link(title, (doc.url or "").strip())
    if doc.url:
        return f"{title} ({markdown_text(doc.url)})"
    return title


MARKDOWN_HEADERS = (
    "#",
    "Quote",
    "Speaker",
    "Speaker type",
    "Strength",
    "Mode",
    "Status",
    "Cue",
    "Document",
    "Outlet",
    "Published",
    "Start",
    "End",
    "Link",
)


def _markdown_cells(citation: Citation) -> list[str]:
    row = citation.row()
    return [
        str(citation.id),
        markdown_text(row["quote"]),
        markdown_text(row["speaker"]),
        markdown_text(row["speaker_type"]),
        markdown_text(row["strength"]),
        markdown_text(row["mode"]),
        markdown_text(row["status"]),
        markdown_text(row["cue"]),
        _markdown_document(citation),
        markdown_text(row["outlet"]),
        markdown_text(row["published"]),
        str(citation.start),
        str(citation.end),
        _markdown_link("quote", citation.link) if citation.link else "",
    ]


def write_markdown(citations: Iterable[Citation]) -> Iterator[str]:
    """A GFM table: one row per citation; the document title links to its URL and
    the last column to the quote itself (a text fragment link)."""
    yield "| " + " | ".join(MARKDOWN_HEADERS) + " |\n"
    yield "|" + "|".join("---:" if h in ("#", "Start", "End") else "---" for h in MARKDOWN_HEADERS)
    yield "|\n"
    for citation in citations:
        yield "| " + " | ".join(_markdown_cells(citation)) + " |\n"


# ------------------------------------------------------------------------- JSON

# JSON allows these raw inside strings, but str.splitlines() and some JSON Lines
# readers treat them as line ends; written escaped, a JSONL record stays one line.
_LINE_SEPARATORS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _json(value: Any, indent: int | None = None) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    for raw, escaped in _LINE_SEPARATORS.items():
        text = text.replace(raw, escaped)
    return text


def write_json(citations: Iterable[Citation]) -> Iterator[str]:
    """A JSON array of citation rows (keys: :data:`CITATION_COLUMNS`)."""
    first = True
    for citation in citations:
        item = _json(citation.row(), indent=2).replace("\n", "\n  ")
        yield ("[\n  " if first else ",\n  ") + item
        first = False
    yield "[]\n" if first else "\n]\n"


def write_jsonl(citations: Iterable[Citation]) -> Iterator[str]:
    """JSON Lines: one citation row per line."""
    for citation in citations:
        yield _json(citation.row()) + "\n"
