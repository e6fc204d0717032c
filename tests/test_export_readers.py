"""Readers for what the exporters write, and the escaping rules checked through them.

Markdown tables and LaTeX have no parser in the test environment, so the readers here
are small, strict ones written from the formats' own rules (GFM tables; TeX's special
characters). They fail on anything the exporters should never produce: an
unescaped special character, a cell too many or too few, an unknown command. The
other formats are read with real parsers (csv, json, html.parser, prov) in
``test_export.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.export.citations import CITATION_COLUMNS, Citation, CitedDocument, CitedSpeaker
from provenance.export.latex import latex_text
from provenance.export.tabular import (
    FORMULA_TRIGGERS,
    markdown_text,
    neutralise_cell,
    restore_cell,
    write_csv,
)
from provenance.text.controls import shown_controls

# ---------------------------------------------------------------- Markdown (GFM)


def split_markdown_row(line: str) -> list[str]:
    """The cells of one table row: split at pipes not escaped by a backslash."""
    assert line.startswith("| ") and line.endswith(" |"), line
    cells, current, backslashes = [], [], 0
    for ch in line[1:-1]:
        if ch == "|" and backslashes % 2 == 0:
            cells.append("".join(current).strip(" \t"))
            current = []
        else:
            current.append(ch)
        backslashes = backslashes + 1 if ch == "\\" else 0
    cells.append("".join(current).strip(" \t"))
    return cells


def read_markdown_text(cell: str) -> str:
    """The literal text of a cell written by ``markdown_text``; fails on any
    character Markdown would act on that is not escaped."""
    out, i = [], 0
    while i < len(cell):
        ch = cell[i]
        if ch == "\\":
            assert i + 1 < len(cell) and not cell[i + 1].isalnum(), cell
            out.append(cell[i + 1])
            i += 2
        elif cell.startswith("<br>", i):
            out.append("\n")
            i += 4
        else:
            assert ch not in "`*[]<>&|~$", f"unescaped {ch!r} in {cell!r}"
            if ch == "_":
                assert 0 < i < len(cell) - 1 and cell[i - 1].isalnum() and cell[i + 1].isalnum()
            out.append(ch)
            i += 1
    return "".join(out)


_LINK = re.compile(r"\[(?P<label>[^\]]*)\]\(<(?P<url>[^<>\n]*)>\)")


def read_markdown_link(cell: str) -> tuple[str, str] | None:
    """(label, url) of a cell that is exactly one link; ``None`` for an empty cell."""
    if not cell:
        return None
    match = _LINK.fullmatch(cell)
    assert match, cell
    return match["label"], match["url"]


def read_markdown_table(text: str) -> tuple[list[str], list[list[str]]]:
    lines = text.rstrip("\n").split("\n")
    header = split_markdown_row(lines[0])
    assert re.fullmatch(r"\|(?:-{3}:?\|)+", lines[1]), lines[1]
    assert lines[1].count("|") == len(header) + 1
    rows = [split_markdown_row(line) for line in lines[2:]]
    for row in rows:
        assert len(row) == len(header), row
    return header, rows


# ---------------------------------------------------------------- LaTeX


_WORD_COMMANDS = {
    "textbackslash": "\\",
    "textasciicircum": "^",
    "textasciitilde": "~",
    "textless": "<",
    "textgreater": ">",
    "textbar": "|",
    "newline": "\n",
}
_SYMBOL_COMMANDS = set("{}$&#_%")
_NEVER_BARE = set("{}$&#^_~%\\[]<>|")


def read_latex_cells(row: str) -> list[str]:
    """The cells of one row (``... & ... \\tabularnewline``), each read back to text.

    A tokenizer for the TeX this exporter writes: a control word must be one it
    uses and be followed by ``{}``; a control symbol must be an escaped special;
    a group is ``{}`` (a ligature breaker), ``{[}`` or ``{]}``; ``\\textbf{..}``,
    ``\\emph{..}`` wrap text. A bare special character fails the test.
    """
    assert row.endswith(" \\tabularnewline"), row
    body = row[: -len(" \\tabularnewline")]
    cells: list[str] = []
    out: list[str] = []
    wrappers = 0
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            word = re.match(r"[A-Za-z]+", body[i + 1 :])
            if word:
                name = word.group()
                i += 1 + len(name)
                if name in ("emph", "textbf"):
                    assert body[i] == "{", body
                    wrappers += 1
                    i += 1
                    continue
                assert name in _WORD_COMMANDS, f"unknown command \\{name}"
                assert body.startswith("{}", i), f"\\{name} not closed by {{}}"
                out.append(_WORD_COMMANDS[name])
                i += 2
            else:
                assert body[i + 1] in _SYMBOL_COMMANDS, body[i : i + 2]
                out.append(body[i + 1])
                i += 2
        elif body.startswith("{}", i):
            i += 2
        elif body.startswith("{[}", i) or body.startswith("{]}", i):
            out.append(body[i + 1])
            i += 3
        elif ch == "}" and wrappers:
            wrappers -= 1
            i += 1
        elif ch == "&":
            assert wrappers == 0, body
            cells.append("".join(out))
            out = []
            i += 1
        else:
            assert ch not in _NEVER_BARE, f"bare {ch!r} in {body!r}"
            assert ch != "\n" and (ord(ch) >= 0x20), repr(ch)
            out.append(ch)
            i += 1
    assert wrappers == 0, body
    cells.append("".join(out))
    # cells are joined by " & "
    return [c.strip(" ") for c in cells]


def read_latex_table(text: str) -> list[list[str]]:
    """The rows after ``\\endhead`` up to ``\\end{longtable}``."""
    assert "\\begin{longtable}" in text and text.count("\\end{longtable}") == 1
    body = text.split("\\endhead\n", 1)[1].split("\\end{longtable}", 1)[0]
    return [read_latex_cells(line) for line in body.split("\n") if line]


def latex_readable(value: str) -> str:
    """What ``latex_text(value)`` should read back as: TeX cannot typeset control
    characters, so they come back as spaces; CR, U+2028 and U+2029 as LF."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\u2028", "\n").replace("\u2029", "\n")
    return "".join(
        " " if ch != "\n" and (ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0) else ch for ch in value
    )


# ---------------------------------------------------------------- citations without a database


def make_citation(
    quote: str = "the talks would continue",
    *,
    speaker: str | None = "Hakan Fidan",
    title: str | None = "Talks",
    outlet: str | None = "Financial Times",
    url: str | None = None,
    cue: str | None = "said",
    start: int = 0,
) -> Citation:
    document = CitedDocument(
        id=1,
        title=title,
        outlet=outlet,
        outlet_id=1,
        published=dt.date(2025, 4, 10),
        url=url,
        authors=(),
        sha256="0" * 64,
        revises_id=None,
        revises_sha256=None,
    )
    cited = None
    if speaker is not None:
        cited = CitedSpeaker(1, speaker, "person", None, None, None, None)
    return Citation(
        id=1,
        document=document,
        speaker=cited,
        quote=quote,
        prefix="",
        suffix="",
        start=start,
        end=start + len(quote),
        strength="on_record",
        mode="direct",
        status="confirmed",
        cue=cue,
        source=speaker,
        recorded_by="tester",
        recorded_via="hand",
        confidence=None,
        created_at=None,
        link=None,
    )


text_values = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
hostile_values = st.one_of(
    text_values,
    st.sampled_from(
        [
            '=HYPERLINK("http://x","click")',
            "+1",
            "-1",
            "@SUM(A1)",
            "\tTabbed",
            "\rCarriage",
            "'=already",
            "''+twice",
            "'",
            "<script>alert(1)</script>",
            "a | b\nc",
            "100% & rising_fast #1 ^ ~ $5 {x} \\path",
        ]
    ),
)


@given(hostile_values)
def test_neutralising_is_undone_exactly(value: str) -> None:
    written = neutralise_cell(value)
    assert not written.startswith(FORMULA_TRIGGERS)
    assert restore_cell(written) == value


@given(quote=hostile_values, speaker=hostile_values, title=hostile_values)
def test_csv_values_survive_a_csv_reader(quote: str, speaker: str, title: str) -> None:
    citation = make_citation(quote, speaker=speaker, title=title)
    text = "".join(write_csv([citation]))
    header, row = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(header) == CITATION_COLUMNS
    for cell in row:
        assert not cell.startswith(FORMULA_TRIGGERS), cell
    values = dict(zip(header, row, strict=True))
    # every character but the controls, which a CSV shows as U+FFFD
    assert restore_cell(values["quote"]) == shown_controls(quote)
    assert restore_cell(values["speaker"]) == shown_controls(speaker)
    assert restore_cell(values["title"]) == shown_controls(title)
    assert values["start"] == "0" and values["id"] == "1"


@given(hostile_values)
def test_markdown_cells_read_back_to_the_text(value: str) -> None:
    cell = markdown_text(value)
    assert "\n" not in cell and "\r" not in cell
    expected = shown_controls(value.replace("\r\n", "\n").replace("\r", "\n"))
    # GFM trims a cell's outer spaces and tabs; a quote's own are not its words
    assert read_markdown_text(split_markdown_row(f"| {cell} |")[0]) == expected.strip(" \t")


@given(hostile_values)
def test_latex_cells_read_back_to_the_text(value: str) -> None:
    written = latex_text(value)
    assert read_latex_cells(f"{written} \\tabularnewline") == [latex_readable(value).strip(" ")]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("100% & rising_fast #1", r"100\% \& rising\_fast \#1"),
        ("^ ~ $5 {x} \\", r"\textasciicircum{} \textasciitilde{} \$5 \{x\} \textbackslash{}"),
        ("<b>|</b>", r"\textless{}b\textgreater{}\textbar{}\textless{}/b\textgreater{}"),
        ("[1] -- ``x''", "{[}1{]} -{}- `{}`x'{}'"),
        ("line\nbreak", r"line\newline{}break"),
        ("Erdoğan “quoted”", "Erdoğan “quoted”"),
    ],
)
def test_latex_escapes_are_the_expected_ones(value: str, written: str) -> None:
    assert latex_text(value) == written
