"""A hit in its sentence: the passage around a span, with the matched words located.

A search hit is shown in the sentence (or sentences) that hold its span, cut from a
window of the article that the search query fetched beside the hit, so no whole
article is ever read for a hit. The matched words are located by folding as the
indexes fold (case and diacritics), to mark them in the output.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import NamedTuple

from provenance.search.syntax import SearchQuery, fold_token, word_spans

__all__ = ["CONTEXT_WINDOW", "HitContext", "hit_context"]

# Characters of article fetched either side of a span to find its sentence in.
CONTEXT_WINDOW = 300


class HitContext(NamedTuple):
    """The sentence (or sentences) holding a hit's span, cut from the article.

    ``span`` and ``matches`` are ``[start, end)`` offsets into ``text``; ``start`` is
    the offset of ``text`` in the article. ``clipped_start``/``clipped_end`` say that
    the sentence went on beyond what is shown.
    """

    text: str
    start: int
    span: tuple[int, int]
    matches: tuple[tuple[int, int], ...]
    clipped_start: bool = False
    clipped_end: bool = False

    def segments(self) -> list[tuple[str, bool, bool]]:
        """``text`` cut into runs of ``(text, inside the span, a matched word)``, in
        order: what a renderer needs to underline the span and mark the words."""
        cuts = {0, len(self.text), *self.span}
        for s, e in self.matches:
            cuts.update((s, e))
        points = sorted(c for c in cuts if 0 <= c <= len(self.text))
        out: list[tuple[str, bool, bool]] = []
        for s, e in pairwise(points):
            inside = self.span[0] <= s and e <= self.span[1]
            matched = any(ms <= s and e <= me for ms, me in self.matches)
            if out and out[-1][1:] == (inside, matched):
                out[-1] = (out[-1][0] + self.text[s:e], inside, matched)
            else:
                out.append((self.text[s:e], inside, matched))
        return out


# The end of a sentence: . ! ? or … , then any closing quotes or brackets, then a space
# (or the end). "U.S." and initials are not ends: the word before the stop is one letter.
_SENTENCE_END = re.compile(r"(?<!\b\w)[.!?…]+[\"”’')\]]*(?=\s|$)")
_CLOSING = frozenset(".!?…\"”’')],;:")


def hit_context(
    window: str, window_start: int, start: int, end: int, query: SearchQuery
) -> HitContext:
    """The sentence around the span ``[start, end)`` (article offsets), found in
    ``window``, a slice of the article beginning at ``window_start``; with the span
    and the words of ``query`` located in it."""
    span_start, span_end = start - window_start, end - window_start
    left, left_found = _sentence_start(window, span_start)
    right, right_found = _sentence_end(window, span_end)
    # the window is as long as asked only when the article goes on after it
    full_window = len(window) == end - window_start + CONTEXT_WINDOW
    piece = window[left:right]
    relative = (span_start - left, span_end - left)
    return HitContext(
        text=piece,
        start=window_start + left,
        span=relative,
        matches=tuple(_matched_words(piece, query)),
        clipped_start=not left_found and window_start > 0,
        clipped_end=not right_found and full_window,
    )


def _sentence_start(window: str, at: int) -> tuple[int, bool]:
    """Where the sentence holding offset ``at`` begins: after the last sentence end
    or line break before it; and whether one was found (else the window's start)."""
    line = window.rfind("\n", 0, at)
    best, found = line + 1, line >= 0
    for match in _SENTENCE_END.finditer(window, line + 1, at):
        best, found = match.end(), True
    while best < at and window[best].isspace():
        best += 1
    return best, found


def _sentence_end(window: str, at: int) -> tuple[int, bool]:
    """Where the sentence holding offset ``at`` (a span's end) ends: after the next
    sentence end, or at the line break; and whether one was found (else the window's
    end)."""
    line = window.find("\n", at)
    limit = len(window) if line == -1 else line
    # a span may end on or just before its sentence's stop: look from the last word
    back = at
    while back > 0 and window[back - 1] in _CLOSING:
        back -= 1
    match = _SENTENCE_END.search(window, back, limit)
    if match:
        return max(match.end(), at), True
    return limit, line != -1


def _matched_words(text: str, query: SearchQuery) -> list[tuple[int, int]]:
    """Spans of ``text`` holding the included terms: single words anywhere, phrases
    only where their words stand in a row."""
    spans = word_spans(text)
    keys = [fold_token(text[s:e]) for s, e in spans]
    marked: set[int] = set()
    for term in query.included:
        wanted = [fold_token(t) for t in term.tokens]
        width = len(wanted)
        for i in range(len(keys) - width + 1):
            if keys[i : i + width] == wanted:
                marked.update(range(i, i + width))
    return [spans[i] for i in sorted(marked)]
