"""Find quotations: curly and straight double quotes, and the ``''`` of some wires.

Pairing is done per paragraph, because news style leaves a quotation that runs on into
the next paragraph *unclosed* at the end of the first (the next paragraph opens again
with a quote mark). Curly marks say which way they face; a straight ``"`` or a ``''``
closes an open quotation and otherwise opens one. Texts mix styles (an opening ``“``
closed by ``"``), so any closer ends whatever is open. Single quotes are left alone:
``’`` is far more often an apostrophe than a quotation mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CLOSING_MARKS", "OPENING_MARKS", "QUOTE_MARKS", "Quote", "find_quotes"]

OPENING_MARKS = frozenset({"“", "«", "„", "``"})
CLOSING_MARKS = frozenset({"”", "»"})
_TOGGLES = frozenset({'"', "''"})
QUOTE_MARKS = OPENING_MARKS | CLOSING_MARKS | _TOGGLES

_MARK = re.compile(r"``|''|[“”\"«»„]")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation ``[start, end)``, marks included; ``closed`` is False when it runs
    to the end of its paragraph without a closing mark."""

    start: int
    end: int
    closed: bool


def _paragraph_end(text: str, end: int, start: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def find_quotes(text: str, start: int = 0, end: int | None = None) -> list[Quote]:
    """The quotations of one paragraph ``text[start:end]``, in order.

    A quotation inside a quotation (“She said “no” to me,” he said; "… 'I said “never,”
    and …'") belongs to the outer one: an opener while a quotation is open nests
    when enough closing marks follow in the paragraph to close both. Otherwise the
    first quotation never closed, and the opener starts a new one.
    """
    end = len(text) if end is None else end
    marks = [(m.start(), m.end(), m.group()) for m in _MARK.finditer(text, start, end)]
    closers_after = [0] * (len(marks) + 1)
    for i in range(len(marks) - 1, -1, -1):
        closes = marks[i][2] in CLOSING_MARKS or marks[i][2] in _TOGGLES
        closers_after[i] = closers_after[i + 1] + closes
    quotes: list[Quote] = []
    open_at: int | None = None
    depth = 0  # quotations open inside the outer one
    for i, (mark_start, mark_end, mark) in enumerate(marks):
        if open_at is None:
            if mark in CLOSING_MARKS:
                continue  # a stray closer: nothing to close
            open_at = mark_start
        elif mark in OPENING_MARKS:
            if closers_after[i + 1] >= depth + 2:
                depth += 1
                continue
            # A second opener while one is open: the first never closed.
            quotes.append(Quote(open_at, _paragraph_end(text, mark_start, open_at), False))
            open_at, depth = mark_start, 0
        elif depth > 0:
            depth -= 1
        else:
            quotes.append(Quote(open_at, mark_end, True))
            open_at = None
    if open_at is not None:
        quotes.append(Quote(open_at, _paragraph_end(text, end, open_at), False))
    return quotes
