"""Finding a quote in an article as a person typed it.

People type quotes differently from how articles print them: straight quotes for
curly ones, ``-`` or ``--`` for en and em dashes, ``...`` for ``…`` or the FT's
``. . .``, one space for a run of spaces, a line break, a no-break or a thin space, and
spacing of their own around dashes, brackets and ellipses. :class:`FoldedText` builds a
folded view of an article once, with a map from every folded character back to the
code points it came from; a typed quote is folded the same way, searched for, and the
match mapped back. The span returned is therefore always made of the article's own
characters, curly quotes and all, never of what was typed.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left
from functools import lru_cache
from typing import NamedTuple

from provenance.errors import (
    AmbiguousQuote,
    InvalidSpan,
    NoSuchOccurrence,
    Passage,
    QuoteNotFound,
    QuoteNotNear,
    SpanError,
)
from provenance.text.folding import normalize_text
from provenance.text.spans import DEFAULT_CONTEXT, Span, make_span

__all__ = ["NEAR_WINDOW", "FoldedText", "find_quote", "folded", "match_key"]

NEAR_WINDOW = 500
"""How far (in code points, gap between the spans) ``near=`` looks by default: far
enough for a source or a cue anywhere in a long paragraph around its content, near
enough not to pick a "said" from another part of the article."""


_DOUBLE_QUOTES = '"“”„‟«»〝〞＂″'
_SINGLE_QUOTES = "'‘’‚‛‹›＇′´"
_QUOTE_TABLE = str.maketrans({c: '"' for c in _DOUBLE_QUOTES} | {c: "'" for c in _SINGLE_QUOTES})

_INVISIBLE = "\u00ad\u200b\u2060\ufeff"  # soft hyphen, zero-width space, word joiner, BOM
_DASHES = "\\-\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"

# Everything that folds to something other than itself, apart from quote marks (which
# fold one for one, see _QUOTE_TABLE): an ellipsis ("…", "...", ". . .") folds to "…",
# a run of dashes to "-"; a run of whitespace other than a lone space folds to one
# space, or to nothing if it is only invisible characters. A lone space between words
# matches nothing here, so plain prose stays in long one-for-one stretches.
_SPECIAL = re.compile(
    r"(?P<ellipsis>\u2026|\.(?:[^\S\n]?\.){2})"
    rf"|(?P<dash>[{_DASHES}]+)"
    r"|(?P<bracket>[\[\](){}])"
    rf"|(?P<space>[\s{_INVISIBLE}]{{2,}}|[^\S ]|[{_INVISIBLE}])"
)


class _View(NamedTuple):
    """A folded string and, per folded character, the original range it came from."""

    text: str
    starts: array  # original start offset of each folded character
    ends: array  # original end offset (exclusive) of each folded character


def _fold_view(text: str) -> _View:
    """Fold ``text`` (see _SPECIAL) and map every folded character back.

    Spacing around dashes, brackets and ellipses is a matter of house style or typing
    habit, so whitespace next to them is dropped: "fear — by" and "fear-by" both fold
    to "fear-by", "Syria [closer" and "Syria[closer" to "Syria[closer".
    """
    out: list[str] = []
    starts = array("l")
    ends = array("l")
    matches = list(_SPECIAL.finditer(text))
    pos = 0
    after_tight = False  # the last thing written was a dash, bracket or ellipsis

    def plain(start: int, end: int, before_tight: bool) -> None:
        nonlocal after_tight
        while after_tight and start < end and text[start] == " ":
            start += 1
        while before_tight and end > start and text[end - 1] == " ":
            end -= 1
        if start < end:
            out.append(text[start:end].translate(_QUOTE_TABLE))
            starts.extend(range(start, end))
            ends.extend(range(start + 1, end + 1))
            after_tight = False

    for index, match in enumerate(matches):
        start, end = match.span()
        kind = match.lastgroup
        if pos < start:
            plain(pos, start, before_tight=kind != "space")
        pos = end
        if kind == "space":
            following = matches[index + 1] if index + 1 < len(matches) else None
            before_tight = following is not None and following.start() == end
            if after_tight or before_tight or not any(c.isspace() for c in match.group()):
                continue
            folded = " "
        else:
            folded = {"ellipsis": "…", "dash": "-"}.get(kind or "", match.group())
            after_tight = True
        out.append(folded)
        starts.append(start)
        ends.append(end)
    if pos < len(text):
        plain(pos, len(text), before_tight=False)
    return _View("".join(out), starts, ends)


def _lower(text: str) -> str:
    """Lower case, one character for one, so that offsets stay aligned."""
    lowered = text.lower()
    if len(lowered) == len(text):  # lower() never shrinks, so no character expanded
        return lowered
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _without_marks(view: _View) -> _View:
    """``view`` with diacritics removed: "ğ" becomes "g" (canonical decomposition
    only, so "…" stays one character, unlike NFKD)."""
    text = view.text
    if text.isascii():
        return view
    out: list[str] = []
    starts = array("l")
    ends = array("l")
    pos = 0
    for match in _NON_ASCII.finditer(text):
        first, last = match.span()
        out.append(text[pos:first])
        starts.extend(view.starts[pos:first])
        ends.extend(view.ends[pos:first])
        for k in range(first, last):
            stripped = _strip_marks(text[k])
            out.append(stripped)
            for _ in stripped:
                starts.append(view.starts[k])
                ends.append(view.ends[k])
        pos = last
    out.append(text[pos:])
    starts.extend(view.starts[pos:])
    ends.extend(view.ends[pos:])
    return _View("".join(out), starts, ends)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def match_key(text: str) -> str:
    """``text`` folded the way typed quotes are matched (case and accents kept).

    Not :func:`provenance.folding.fold_key`, which is a lossy key for names; this one
    only evens out typography: quote marks, dashes, ellipses and spacing.
    """
    return _fold_view(normalize_text(text)).text.strip(" ")


def _is_word(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def _gap(span: Span, near: tuple[int, int]) -> int:
    """Characters between ``span`` and ``near`` (0 when they touch or overlap)."""
    return max(0, span.start - near[1], near[0] - span.end)


# Matching tiers, tried in order; the first that finds anything decides.
_TIERS = ("exact case", "any case", "any case, no accents")


class FoldedText:
    """An article's stored text with its folded views, built once for many look-ups.

    Build one per text and reuse it for every quote, source and cue of that text: the
    folded view costs one pass over the text; each look-up after that is a substring
    search. The module-level :func:`find_quote` keeps the last few in a small cache.

    Matching is tried in three tiers, and the first tier with any match decides:

    1. case-sensitive (typography folded as described in the module docstring);
    2. case-insensitive, for a quote typed in lower case or from a headline;
    3. case- and accent-insensitive, so "Erdogan" typed on a plain keyboard finds
       "Erdoğan". The span returned is the article's "Erdoğan", so nothing about the
       stored text is weakened; and a tier is only reached when the stricter ones found
       nothing, so an article that prints both spellings gives the exact one.

    A match must begin and end on word boundaries where the typed quote begins or ends
    with a letter or digit: "he" does not match inside "the", and "said" not inside
    "unsaid".
    """

    __slots__ = ("_views", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._views: list[_View] = [_fold_view(text)]

    def __repr__(self) -> str:
        shown = " ".join(self.text.split())
        if len(shown) > 40:
            shown = f"{shown[:18]} … {shown[-18:]}"
        return f"FoldedText({shown!r}, {len(self.text)} characters)"

    def _view(self, tier: int) -> _View:
        while len(self._views) <= tier:
            base = self._views[0]
            if len(self._views) == 1:
                self._views.append(_View(_lower(base.text), base.starts, base.ends))
            else:
                self._views.append(_without_marks(self._views[1]))
        return self._views[tier]

    def make_span(self, start: int, end: int, context: int = DEFAULT_CONTEXT) -> Span:
        """:func:`make_span` on this text."""
        return make_span(self.text, start, end, context)

    def paragraph_bounds(self, start: int, end: int) -> tuple[int, int]:
        """The start and end of the paragraph(s) holding ``[start, end)``.

        A paragraph is a line of the stored text: articles are stored one paragraph a
        line, with or without blank lines between them.
        """
        left = self.text.rfind("\n", 0, start) + 1
        right = self.text.find("\n", end)
        return left, len(self.text) if right == -1 else right

    @property
    def key(self) -> str:
        """The folded view (case and accents kept); index it with :meth:`span_at`."""
        return self._views[0].text

    def span_at(self, i: int, j: int) -> Span:
        """The article's span that the folded range ``key[i:j]`` came from."""
        if not (0 <= i < j <= len(self.key)):
            raise InvalidSpan(i, j, len(self.key))
        return self._span_from_view(self._views[0], i, j)

    def key_index(self, offset: int) -> int:
        """The index in :attr:`key` of the first folded character that comes from
        ``offset`` or after it in the article (``len(key)`` past the last one)."""
        return bisect_left(self._views[0].starts, offset)

    # -- matching

    def _span_from_view(self, view: _View, i: int, j: int) -> Span:
        start, end = view.starts[i], view.ends[j - 1]
        text = self.text
        # never cut a base character from its combining marks (or a variation selector),
        # nor an emoji from its skin-tone modifier or from what a zero-width joiner
        # joins to it
        while end < len(text):
            ch = text[end]
            if unicodedata.category(ch).startswith("M") or "\U0001f3fb" <= ch <= "\U0001f3ff":
                end += 1
            elif ch == "\u200d" and end + 1 < len(text):
                end += 2
            else:
                break
        return make_span(text, start, end)

    def _inside_cluster(self, start: int) -> bool:
        """Does ``start`` fall inside a character cluster (after a joiner, or on a mark
        or a skin-tone modifier) rather than at its beginning?"""
        if start == 0:
            return False
        ch = self.text[start]
        return (
            self.text[start - 1] == "\u200d"
            or unicodedata.category(ch).startswith("M")
            or "\U0001f3fb" <= ch <= "\U0001f3ff"
        )

    def find_all(self, typed: str) -> list[Span]:
        """Every whole-word occurrence of the typed quote, in document order.

        Occurrences come from the first matching tier only (see the class docstring);
        an empty list means the quote is not in the article in any tier.
        """
        query = match_key(typed)
        for tier in range(len(_TIERS)):
            view = self._view(tier)
            needle = _tier_key(query, tier)
            spans = [self._span_from_view(view, i, j) for i, j in _occurrences(view.text, needle)]
            spans = [s for s in spans if not self._inside_cluster(s.start)]
            if spans:
                return sorted(set(spans), key=lambda s: (s.start, s.end))
        return []

    def find_quote(
        self,
        typed: str,
        *,
        occurrence: int | None = None,
        near: tuple[int, int] | Span | None = None,
        window: int | None = NEAR_WINDOW,
    ) -> Span:
        """The span of the article that ``typed`` quotes.

        - One match: that span.
        - Several and ``occurrence`` given: the ``occurrence``-th (1-based, in document
          order); :class:`NoSuchOccurrence` if there are fewer.
        - Several and neither ``occurrence`` nor ``near``: :class:`AmbiguousQuote`,
          carrying every match.
        - ``near=(start, end)``: the match closest to that span, for a source mention or
          a cue next to its content. Matches more than ``window`` characters away do not
          count (``None``: no limit). Among the rest, a match that does not overlap
          ``near`` comes first (a source or cue stands outside its content), then one in
          the same paragraph, then the nearest, then the earliest. ``near`` never raises
          :class:`AmbiguousQuote`; :class:`QuoteNotNear` if nothing is within reach.
        - No match: :class:`QuoteNotFound` with the closest passage and its score.
        """
        if occurrence is not None and near is not None:
            raise ValueError("give occurrence or near, not both")
        matches = self.find_all(typed)
        if not matches:
            inside = bool(_occurrences(self._view(2).text, _tier_key(match_key(typed), 2), False))
            raise QuoteNotFound(typed, self.closest_passage(typed), inside_words=inside)
        if near is not None:
            return self._nearest(typed, matches, near, window)
        if occurrence is not None:
            if not 1 <= occurrence <= len(matches):
                raise NoSuchOccurrence(typed, occurrence, len(matches))
            return matches[occurrence - 1]
        if len(matches) > 1:
            raise AmbiguousQuote(typed, matches)
        return matches[0]

    def _nearest(
        self,
        typed: str,
        matches: list[Span],
        near: tuple[int, int] | Span,
        window: int | None,
    ) -> Span:
        bounds = (near.start, near.end) if isinstance(near, Span) else (near[0], near[1])
        near_start, near_end = bounds
        if not (0 <= near_start <= near_end <= len(self.text)):
            raise InvalidSpan(near_start, near_end, len(self.text))
        reachable = [m for m in matches if window is None or _gap(m, bounds) <= window]
        if not reachable:
            assert window is not None  # with no window every match is reachable
            raise QuoteNotNear(typed, bounds, window, matches)
        left, right = self.paragraph_bounds(near_start, near_end)

        def rank(m: Span) -> tuple[bool, bool, int, int]:
            overlaps = m.start < near_end and near_start < m.end
            same_paragraph = left <= m.start and m.end <= right
            return (overlaps, not same_paragraph, _gap(m, bounds), m.start)

        return min(reachable, key=rank)

    def closest_passage(self, typed: str) -> Passage | None:
        """The passage most like ``typed`` (case and accents ignored), with its score.

        The score is rapidfuzz's ``ratio`` (0-100) between the folded quote and the
        folded passage, after the best partial alignment is widened to whole words.
        """
        from rapidfuzz import fuzz

        view = self._view(2)
        needle = _tier_key(match_key(typed), 2)
        if not needle or not view.text:
            return None
        found = fuzz.partial_ratio_alignment(needle, view.text, processor=None)
        if found is None:  # only with a score_cutoff, which is not given
            return None
        i, j = _snap_to_words(view.text, found.dest_start, found.dest_end)
        if i >= j:
            return None
        score = fuzz.ratio(needle, view.text[i:j], processor=None)
        span = self._span_from_view(view, i, j)
        return Passage(span.start, span.end, span.exact, round(score, 1))


def _tier_key(key: str, tier: int) -> str:
    if tier == 0:
        return key
    lowered = _lower(key)
    return lowered if tier == 1 else _strip_marks(lowered)


def _occurrences(haystack: str, needle: str, whole_words: bool = True) -> list[tuple[int, int]]:
    """Every (possibly overlapping) occurrence of ``needle`` as (start, end)."""
    if not needle:
        raise SpanError("the quote is empty: type at least one letter of the article")
    found: list[tuple[int, int]] = []
    check_left = whole_words and _is_word(needle[0])
    check_right = whole_words and _is_word(needle[-1])
    size = len(haystack)
    i = haystack.find(needle)
    while i != -1:
        j = i + len(needle)
        if not (check_left and i > 0 and _is_word(haystack[i - 1])) and not (
            check_right and j < size and _is_word(haystack[j])
        ):
            found.append((i, j))
        i = haystack.find(needle, i + 1)
    return found


def _snap_to_words(text: str, i: int, j: int) -> tuple[int, int]:
    """Widen ``[i, j)`` so it does not cut a word, and trim spaces at its ends."""
    while 0 < i < len(text) and _is_word(text[i - 1]) and _is_word(text[i]):
        i -= 1
    while 0 < j < len(text) and _is_word(text[j - 1]) and _is_word(text[j]):
        j += 1
    while i < j and text[i] == " ":
        i += 1
    while j > i and text[j - 1] == " ":
        j -= 1
    return i, j


@lru_cache(maxsize=8)
def folded(text: str) -> FoldedText:
    """The :class:`FoldedText` of ``text``, from a small cache of recent texts.

    Batch work (thousands of quotes over a few articles at a time) then folds each
    article once even when callers pass plain strings.
    """
    return FoldedText(text)


def find_quote(
    text: str | FoldedText,
    typed: str,
    *,
    occurrence: int | None = None,
    near: tuple[int, int] | Span | None = None,
    window: int | None = NEAR_WINDOW,
) -> Span:
    """The span of ``text`` (a stored text) that the typed quote ``typed`` quotes.

    See :meth:`FoldedText.find_quote` for the rules and :class:`FoldedText` for how
    typography, case and accents are matched.
    """
    view = text if isinstance(text, FoldedText) else folded(text)
    return view.find_quote(typed, occurrence=occurrence, near=near, window=window)
