"""Split text into word and punctuation tokens that keep their code-point offsets.

A word keeps its internal apostrophes, hyphens, periods and ampersands ("Netanyahu’s",
"al-Assad", "U.S", "AT&T"); every other non-space character is a token of its own,
except the two-character quote marks ``''`` and ````` `` `````.
"""

from __future__ import annotations

import re

__all__ = ["Token", "tokenize"]

_TOKEN = re.compile(r"``|''|[^\W_](?:[\w’'\-.&]*[^\W_])?|\S")


class Token:
    """One token: its span, its text, and the lower-cased text patterns compare."""

    __slots__ = ("capitalized", "end", "lower", "start", "text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.lower = text.lower()
        self.capitalized = text[0].isupper()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    def __repr__(self) -> str:
        return f"Token({self.start}, {self.end}, {self.text!r})"


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``text[start:end]``, offsets into ``text``."""
    end = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]
