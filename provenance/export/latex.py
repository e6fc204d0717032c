r"""Citations as a LaTeX ``longtable`` to ``\input`` into a report.

Every value is escaped so that TeX typesets it as the characters it is: the ten
special characters (``\ { } $ & # ^ _ ~ %``), ``< > |`` (which the default OT1 font
encoding would print as other glyphs), ``[ ]`` (a row that starts with ``[`` would
be read as the optional argument of the ``\\`` before it), and the character pairs
TeX turns into ligatures (``--``, ``''``, ``,,`` ...), which are split with ``{}``.
A line break inside a quote (``\n``, U+2028, U+2029) becomes ``\newline``; other
control characters, which TeX cannot typeset, become spaces. Letters beyond ASCII
are left as they are: pdfLaTeX reads UTF-8 (``ğ``, curly quotes, dashes) with
``\usepackage[T1]{fontenc}``; XeLaTeX and LuaLaTeX read any script.

The table leaves out the link columns: a URL with a text fragment is hundreds of
characters that TeX cannot break, and ``\url``/``\href`` need packages and catcode
care a pasted fragment cannot promise. Use csv, md or html for links.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from provenance.export.citations import Citation

__all__ = ["LATEX_HEADERS", "latex_text", "write_latex"]

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "%": r"\%",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "[": "{[}",
    "]": "{]}",
}

# the second character of a ligature pair (first + second) gets a {} before it
_LIGATURE_PAIRS = frozenset({"--", "``", "''", ",,", "!`", "?`"})


def latex_text(value: object) -> str:
    """``value`` as LaTeX source that typesets exactly its characters."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    out: list[str] = []
    previous = ""
    for ch in text:
        if previous + ch in _LIGATURE_PAIRS:
            out.append("{}")
        if ch == "\n":
            out.append(r"\newline{}")
        elif ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        elif ch == "\t" or ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0:
            out.append(" ")
        else:
            out.append(ch)
        previous = ch
    return "".join(out)


LATEX_HEADERS = (
    "\\#",
    "Quote",
    "Speaker",
    "Strength",
    "Mode",
    "Status",
    "Document",
    "Published",
    "Span",
)

# Column widths as fractions of \linewidth (with 3pt column separation these and
# the two numeric columns fill the line). Rows end with \tabularnewline, which
# \raggedright leaves alone, so every text column can be ragged-right.
_SPEC = (
    r"@{}r"
    r">{\raggedright}p{0.26\linewidth}"
    r">{\raggedright}p{0.12\linewidth}"
    r">{\raggedright}p{0.12\linewidth}"
    r">{\raggedright}p{0.07\linewidth}"
    r">{\raggedright}p{0.08\linewidth}"
    r">{\raggedright}p{0.12\linewidth}"
    r">{\raggedright}p{0.08\linewidth}"
    r"r@{}"
)


def _cells(citation: Citation) -> list[str]:
    doc = citation.document
    document = latex_text(doc.title or f"document {doc.id}")
    if doc.outlet:
        document += r" \emph{" + latex_text(doc.outlet) + "}"
    speaker = latex_text(citation.speaker.name) if citation.speaker else "---"
    return [
        str(citation.id),
        latex_text(citation.quote),
        speaker,
        latex_text(citation.strength),
        latex_text(citation.mode),
        latex_text(citation.status),
        document,
        latex_text(doc.published.isoformat() if doc.published else ""),
        f"{citation.start}--{citation.end}",
    ]


def write_latex(citations: Iterable[Citation]) -> Iterator[str]:
    """A ``longtable`` (header repeated on every page); needs ``longtable`` and
    ``array`` in the preamble, as its first comment says."""
    yield (
        "% Citations exported by prov.\n"
        "% Needs \\usepackage{longtable} and \\usepackage{array}; with pdfLaTeX also\n"
        "% \\usepackage[T1]{fontenc}. Span: code-point offsets [start, end) in the stored text.\n"
        "\\begingroup\n\\small\n\\setlength{\\tabcolsep}{3pt}\n"
        f"\\begin{{longtable}}{{{_SPEC}}}\n"
        + " & ".join(rf"\textbf{{{h}}}" for h in LATEX_HEADERS)
        + " \\tabularnewline\n\\hline\n\\endhead\n"
    )
    for citation in citations:
        yield " & ".join(_cells(citation)) + " \\tabularnewline\n"
    yield "\\end{longtable}\n\\endgroup\n"
