"""Spans of a stored text: where a quote, a source or a cue stands, and the check that
it still stands there.

A span is a half-open range ``[start, end)`` of Unicode code points into a document's
stored text (NFC, ``\\n`` line ends), exactly as Python slices it and as the W3C
``TextPositionSelector`` counts. It always travels with its ``TextQuoteSelector``: the
exact text and up to 32 characters either side, so that it can be found again in a
revised article (see :mod:`provenance.text.reanchor`). ``text[start:end] == exact`` is the
invariant every stored span keeps; :func:`span_holds` checks it.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from provenance.errors import InvalidSpan

__all__ = ["DEFAULT_CONTEXT", "Span", "make_span", "much_the_same", "span_holds"]

_WHITESPACE = re.compile(r"\s+")

DEFAULT_CONTEXT = 32
"""Characters of prefix and suffix a span keeps (fewer at the edges of the text)."""

# ---------------------------------------------------------------------------- spans


class Span(NamedTuple):
    """A range of a stored text with its W3C TextQuoteSelector (exact, prefix, suffix).

    Build one with :func:`make_span` (which checks it); the constructor itself does not
    check, so that a corrupt row read from a database can still be held and reported.
    A tuple, so that batch work moves spans between processes cheaply.
    """

    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""

    def snippet(self, width: int = 24) -> str:
        """One line showing the span in its context: ``…before [exact] after…``."""
        exact = _one_line(self.exact)
        if len(exact) > 2 * width + 3:
            exact = f"{exact[:width].rstrip()} … {exact[-width:].lstrip()}"
        before = _one_line(self.prefix)[-width:]
        after = _one_line(self.suffix)[:width]
        return f"…{before}[{exact}]{after}…"

    def to_w3c_selectors(self) -> list[dict[str, Any]]:
        """The span as W3C Web Annotation selectors (position and quote)."""
        return [
            {"type": "TextPositionSelector", "start": self.start, "end": self.end},
            {
                "type": "TextQuoteSelector",
                "exact": self.exact,
                "prefix": self.prefix,
                "suffix": self.suffix,
            },
        ]


def much_the_same(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two ``[start, end)`` passages share at least half of the characters they
    cover together: one passage, give or take quote marks and punctuation at the ends
    (the evaluation's lenient match)."""
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    return overlap > 0 and overlap * 2 >= max(a[1], b[1]) - min(a[0], b[0])


def make_span(text: str, start: int, end: int, context: int = DEFAULT_CONTEXT) -> Span:
    """The span ``[start, end)`` of ``text`` with ``context`` characters either side.

    Raises :class:`InvalidSpan` unless ``0 <= start < end <= len(text)``: an empty or
    out-of-range span points at nothing and cannot be stored.
    """
    if context < 0:
        raise ValueError(f"context must be >= 0, not {context}")
    if not (0 <= start < end <= len(text)):
        raise InvalidSpan(start, end, len(text))
    return Span(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


def span_holds(text: str, span: Span) -> bool:
    """Whether ``span`` is true of ``text``: in range, its exact text at its offsets,
    and its prefix and suffix the characters right before and after it.

    A span that fails this is corruption (the text or the row was changed behind the
    database's back), not something to repair silently.
    """
    start, end = span.start, span.end
    if not (0 <= start < end <= len(text)) or text[start:end] != span.exact:
        return False
    if len(span.prefix) > start or len(span.suffix) > len(text) - end:
        return False
    return text.startswith(span.prefix, start - len(span.prefix)) and text.startswith(
        span.suffix, end
    )


def _one_line(text: str) -> str:
    """Runs of whitespace (line breaks included) as one space, ends kept."""
    return _WHITESPACE.sub(" ", text)
