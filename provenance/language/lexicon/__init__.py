"""The English word lists the rules consult, as package data: one loader for all.

Every list is a plain text file in this folder: a ``#`` comment header saying what the
list is for and where it is used, then one entry a line (a multi-word entry keeps its
space). A mapping or a table with several columns is a ``.tsv`` file: after the header,
a first line naming the columns, then one row a line, cells separated by tabs (``-``
for an empty cell). Blank lines and ``#`` lines anywhere are comments, so a list can
be grouped.

A name is the file's stem (``words("title-words")`` reads ``title-words.txt``); each
list exists once, and a list built from others (a union) is built in code from the
loaded ones. Files are read through :mod:`importlib.resources`, so the lists travel in
an installed wheel, and each is read at most once per process.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from provenance.text.folding import fold_key

__all__ = [
    "entries",
    "folded",
    "header",
    "list_names",
    "mapping",
    "table",
    "words",
]

EMPTY_CELL = "-"


@cache
def _folder() -> Traversable:
    return files(__package__)


def _lines(filename: str) -> list[str]:
    return _folder().joinpath(filename).read_text(encoding="utf-8").splitlines()


def _content(filename: str) -> list[str]:
    """The non-comment, non-blank lines of a file, as written."""
    return [line for line in _lines(filename) if line.strip() and not line.startswith("#")]


@cache
def entries(name: str) -> tuple[str, ...]:
    """The entries of ``name.txt`` in file order, as written (for a list whose order or
    case matters, such as prefixes compared with ``str.startswith``)."""
    return tuple(_content(f"{name}.txt"))


@cache
def words(name: str) -> frozenset[str]:
    """The entries of ``name.txt`` as a set."""
    return frozenset(entries(name))


@cache
def folded(name: str) -> frozenset[str]:
    """The entries of ``name.txt`` folded (``fold_key``: diacritics stripped,
    casefolded), for lists kept as written ("Elysée", "Moody's") but compared folded."""
    return frozenset(fold_key(entry) for entry in entries(name))


@cache
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of ``name.tsv`` (its column line left out), each a tuple of cells;
    an empty cell (``-``) is ``""``."""
    lines = _content(f"{name}.tsv")
    width = len(lines[0].split("\t"))
    rows = []
    for line in lines[1:]:
        cells = tuple("" if cell == EMPTY_CELL else cell for cell in line.split("\t"))
        if len(cells) != width:
            raise ValueError(f"{name}.tsv: {len(cells)} cells, not {width}: {line!r}")
        rows.append(cells)
    return tuple(rows)


@cache
def mapping(name: str) -> dict[str, str]:
    """A two-column ``name.tsv`` as a dict from the first column to the second."""
    return {row[0]: row[1] for row in table(name)}


def header(filename: str) -> list[str]:
    """The comment lines a file opens with, without their ``#``."""
    lines = []
    for line in _lines(filename):
        if not line.startswith("#"):
            break
        lines.append(line[1:].strip())
    return lines


def list_names() -> list[str]:
    """The file names in this folder that hold lists (``.txt`` and ``.tsv``)."""
    return sorted(
        entry.name for entry in _folder().iterdir() if entry.name.endswith((".txt", ".tsv"))
    )
