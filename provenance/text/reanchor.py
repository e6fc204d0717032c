"""Finding a stored span again in a revised version of its article.

A revised article is a new Document with a new text; every span of the old version
has to be found in it again, or be reported lost. :func:`reanchor` tries, in order:

1. **The exact text.** If the stored exact text occurs in the new text, that is the
   span: ``unchanged`` at the same offsets, ``moved`` elsewhere. Several occurrences
   are told apart by how much of the stored prefix and suffix still stands around
   each, then by nearness to the old offset. A short exact text ("said", "he"), or one
   that occurred more than once in the old text, is only taken where its context
   agrees too: a cue whose sentence was cut must not be quietly re-pinned to some
   other "said".
2. **The context.** The stored prefix and suffix, found in the new text, bracket what
   now stands where the span stood: ``changed`` if that is similar enough.
3. **A fuzzy alignment** of the exact text over the whole new text (folded as typed
   quotes are, so a change of typography alone costs nothing), widened to whole
   words: ``changed`` if similar enough *and* a few characters of the old context
   still stand at one of its ends. Without that, the best alignment is as likely to be
   a look-alike ("the Republican presidential nominee" said twice, one of them cut)
   as the span itself. Short spans skip this step: they are too easy to find anywhere.
   So a cue edited from "said" to "says" (similarity 50) is ``lost``, for a person to
   confirm, rather than guessed at.

"Similar enough" is a rapidfuzz ``ratio`` (0-100) of the folded old and new texts of
at least :data:`REANCHOR_THRESHOLD`. Anything else is ``lost``, and a person decides.
``new_text`` is a stored text (NFC, ``\\n`` line ends); offsets are into it as given.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from enum import StrEnum

from provenance.errors import SpanError
from provenance.text.locate import FoldedText, folded, match_key
from provenance.text.spans import Span, make_span

__all__ = [
    "CONTEXT_SUPPORT",
    "DISTINCTIVE_LENGTH",
    "REANCHOR_THRESHOLD",
    "AnchorStatus",
    "Reanchoring",
    "context_agreement",
    "reanchor",
]

REANCHOR_THRESHOLD = 75.0
"""Least similarity (rapidfuzz ``ratio`` of the folded texts, 0-100) for a span found
with edits to count as ``changed`` rather than ``lost``.

Measured on the PolNeAR dev split (1,641 content spans of 20 characters or more):
a same-length passage from another article put in a span's place scores 35-40 as a
rule and at most 71; the best alignment of a span over an unrelated article scores
at most 74. One word replaced scores at least 80 in spans of 40 characters or more
(93% of shorter spans reach 75); two words replaced reach 75 in 98% of spans of 40
characters or more. ``tests/test_spans.py`` pins an edited quote just above the
threshold (``changed``) and a replaced one just below it (``lost``).
"""

DISTINCTIVE_LENGTH = 20
"""An exact text at least this long (and not repeated in the old text, when that is
known) is taken where it occurs even if its context has changed, and is looked for by
fuzzy alignment; a shorter one is only found again through its context."""

CONTEXT_SUPPORT = 8
"""Characters of the stored prefix and suffix (together) that must still stand right
around an exact text that cannot speak for itself for that occurrence to be taken."""

_PIN_LENGTH = 12  # characters of context next to the span that pin a fuzzy match's end


class AnchorStatus(StrEnum):
    """What happened to a span between two versions of an article."""

    UNCHANGED = "unchanged"  # same offsets, same exact text
    MOVED = "moved"  # same exact text, other offsets
    CHANGED = "changed"  # found with edits: the new span has the new text
    LOST = "lost"  # not found well enough; a person must look


@dataclass(frozen=True, slots=True)
class Reanchoring:
    """The outcome of :func:`reanchor`.

    ``similarity`` is 100 for ``unchanged`` and ``moved``, the similarity of the new text
    to the old for ``changed``, and for ``lost`` the best similarity seen, so a person
    can tell "rewritten" (low) from "a look-alike elsewhere, without the old context"
    (possibly above the threshold). ``method`` says which step found it: ``exact``,
    ``context``, ``fuzzy``, or ``none`` when lost (a revision reports ``taken`` for a
    span whose only match went to another passage of the old text).
    """

    status: AnchorStatus
    span: Span | None
    similarity: float
    method: str


def reanchor(
    span: Span,
    new_text: str | FoldedText,
    *,
    old_text: str | None = None,
    elsewhere_than: tuple[int, int] | None = None,
) -> Reanchoring:
    """Find ``span`` (stored against an old text) in ``new_text``; see the module doc.

    Pass a :class:`FoldedText` to re-anchor many spans in the same new text cheaply (a
    plain string is folded once and cached, and only if the fuzzy step needs it). Pass
    ``old_text``, the text the span was stored against, when you have it: an exact text
    that occurred there more than once is then only taken again where its context
    agrees, since any one of its copies may be the one the revision cut.

    ``elsewhere_than``, a new span already given to another passage of the old text,
    is never the answer: the span is looked for by its context and by alignment instead
    (one copy of a repeated quote edited in place is ``changed`` there, not ``lost``).
    """
    if not span.exact:
        raise SpanError(f"span [{span.start}, {span.end}) has no exact text to look for")
    text = new_text.text if isinstance(new_text, FoldedText) else new_text
    repeated = old_text is not None and _occurs_twice(old_text, span.exact)

    found = None if elsewhere_than else _by_exact_text(span, text, repeated=repeated)
    if found is not None:
        return found

    def taken(candidate: Span) -> bool:
        return elsewhere_than is not None and (candidate.start, candidate.end) == elsewhere_than

    key = match_key(span.exact)
    best_seen = 0.0
    candidate = _by_context(span, text, key)
    if candidate is not None and not taken(candidate[0]):
        new_span, score = candidate
        if score >= REANCHOR_THRESHOLD:
            return Reanchoring(_status(span, new_span), new_span, score, "context")
        best_seen = score

    if len(span.exact) >= DISTINCTIVE_LENGTH and key:
        view = new_text if isinstance(new_text, FoldedText) else folded(text)
        aligned = _by_alignment(view, span, key)
        if aligned is not None and not taken(aligned[0]):
            new_span, score, pinned = aligned
            if pinned and score >= REANCHOR_THRESHOLD:
                return Reanchoring(_status(span, new_span), new_span, score, "fuzzy")
            best_seen = max(best_seen, score)

    return Reanchoring(AnchorStatus.LOST, None, best_seen, "none")


def _status(old: Span, new: Span) -> AnchorStatus:
    if new.exact != old.exact:
        return AnchorStatus.CHANGED
    return AnchorStatus.UNCHANGED if new.start == old.start else AnchorStatus.MOVED


def _starts(text: str, needle: str) -> list[int]:
    """Every start of ``needle`` in ``text``, overlapping ones included."""
    found = []
    i = text.find(needle)
    while i != -1:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def _common_prefix_length(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix_length(a: str, b: str) -> int:
    return _common_prefix_length(a[::-1], b[::-1])


def _occurs_twice(text: str, needle: str) -> bool:
    first = text.find(needle)
    return first != -1 and text.find(needle, first + 1) != -1


def context_agreement(span: Span, text: str, start: int, end: int) -> int:
    """How many characters of ``span``'s stored prefix and suffix still stand right
    around ``text[start:end]``: what tells apart the copies of a repeated passage."""
    before = text[max(0, start - len(span.prefix)) : start]
    after = text[end : end + len(span.suffix)]
    return _common_suffix_length(span.prefix, before) + _common_prefix_length(span.suffix, after)


def _by_exact_text(span: Span, text: str, *, repeated: bool) -> Reanchoring | None:
    exact, prefix, suffix = span.exact, span.prefix, span.suffix
    starts = _starts(text, exact)
    if not starts:
        return None

    def agreement(start: int) -> int:
        return context_agreement(span, text, start, start + len(exact))

    ranked = max(starts, key=lambda s: (agreement(s), -abs(s - span.start), -s))
    needed = min(CONTEXT_SUPPORT, len(prefix) + len(suffix))
    speaks_for_itself = len(exact) >= DISTINCTIVE_LENGTH and not repeated
    if not speaks_for_itself and agreement(ranked) < needed:
        return None
    new_span = make_span(text, ranked, ranked + len(exact))
    return Reanchoring(_status(span, new_span), new_span, 100.0, "exact")


def _by_context(span: Span, text: str, key: str) -> tuple[Span, float] | None:
    """The text between the stored prefix and suffix, wherever both still stand.

    A side shorter than :data:`CONTEXT_SUPPORT` (the span was near an edge of the text)
    only anchors at that edge of the new text; an empty side is the edge itself.
    """
    from rapidfuzz import fuzz

    prefix, suffix = span.prefix, span.suffix
    if not prefix and not suffix:
        return None  # the span was the whole text; nothing to bracket it with
    if len(prefix) >= CONTEXT_SUPPORT:
        lefts = [s + len(prefix) for s in _starts(text, prefix)]
    else:
        lefts = [len(prefix)] if text.startswith(prefix) else []
    if len(suffix) >= CONTEXT_SUPPORT:
        rights = _starts(text, suffix)
    else:
        rights = [len(text) - len(suffix)] if text.endswith(suffix) else []
    if not lefts or not rights:
        return None

    longest = 2 * len(span.exact) + CONTEXT_SUPPORT
    best: tuple[float, int, int, int] | None = None
    for left in lefts:
        k = bisect_left(rights, left)
        if k == len(rights) or rights[k] - left > longest:
            continue
        start, end = _trim(text, left, rights[k], span.exact)
        score = 0.0
        if start < end:
            score = round(fuzz.ratio(key, match_key(text[start:end]), processor=None), 1)
        rank = (score, -abs(start - span.start), start, end)
        if best is None or rank > best:
            best = rank
    if best is None:
        return None
    score, _, start, end = best
    if start >= end:
        return None
    return make_span(text, start, end), score


def _trim(text: str, start: int, end: int, exact: str) -> tuple[int, int]:
    """Drop whitespace at the ends of ``[start, end)`` unless the old span had it."""
    if not exact[:1].isspace():
        while start < end and text[start].isspace():
            start += 1
    if not exact[-1:].isspace():
        while end > start and text[end - 1].isspace():
            end -= 1
    return start, end


def _is_word(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def _widen_to_words(key: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened so that it cuts no word."""
    while 0 < start < len(key) and _is_word(key[start - 1]) and _is_word(key[start]):
        start -= 1
    while 0 < end < len(key) and _is_word(key[end - 1]) and _is_word(key[end]):
        end += 1
    return start, end


def _token_starts(key: str, lo: int, hi: int) -> list[int]:
    """Positions in ``[lo, hi]`` where a span could begin without cutting a word."""
    return [
        k
        for k in range(max(0, lo), min(len(key) - 1, hi) + 1)
        if key[k] != " " and not (k > 0 and _is_word(key[k - 1]) and _is_word(key[k]))
    ]


def _token_ends(key: str, lo: int, hi: int) -> list[int]:
    """Positions in ``[lo, hi]`` where a span could end without cutting a word."""
    return [
        k
        for k in range(max(1, lo), min(len(key), hi) + 1)
        if key[k - 1] != " " and not (k < len(key) and _is_word(key[k - 1]) and _is_word(key[k]))
    ]


def _pins(
    span: Span, view: FoldedText, start: int, end: int, reach: int
) -> tuple[int | None, int | None]:
    """Where the ends of the span must be, in the folded text, if part of its context
    still stands within ``reach`` of the aligned window ``[start, end)``.

    The last few characters of the prefix and the first few of the suffix are enough:
    the window already says roughly where the span is, the context only says exactly
    where it begins or ends, even when the edit replaced the span's first or last word.
    """
    text, key = view.text, view.key
    tail = span.prefix[-_PIN_LENGTH:]
    head = span.suffix[:_PIN_LENGTH]
    pinned_start = pinned_end = None
    if len(tail) >= CONTEXT_SUPPORT:
        lefts = [view.key_index(s + len(tail)) for s in _starts(text, tail)]
        lefts = [i + (i < len(key) and key[i] == " ") for i in lefts]
        near = [i for i in lefts if abs(i - start) <= reach]
        if near:
            pinned_start = min(near, key=lambda i: abs(i - start))
    if len(head) >= CONTEXT_SUPPORT:
        rights = [view.key_index(s) for s in _starts(text, head)]
        rights = [j - (j > 0 and key[j - 1] == " ") for j in rights]
        near = [j for j in rights if abs(j - end) <= reach]
        if near:
            pinned_end = min(near, key=lambda j: abs(j - end))
    return pinned_start, pinned_end


def _by_alignment(view: FoldedText, span: Span, key: str) -> tuple[Span, float, bool] | None:
    """The best fuzzy alignment of ``key`` over the folded new text, on word edges.

    rapidfuzz's partial alignment gives a window about as long as the old text. An end
    that surviving context pins (see :func:`_pins`) is taken from it; a free end is
    moved to the word edge within half the old length that gives the highest
    ``ratio``, so an insertion or a cut inside the span is taken in whole.
    """
    from rapidfuzz import fuzz

    haystack = view.key
    if not haystack:
        return None
    aligned = fuzz.partial_ratio_alignment(key, haystack, processor=None)
    if aligned is None:  # only with a score_cutoff, which is not given
        return None
    slack = len(key) // 2 + CONTEXT_SUPPORT
    start, end = aligned.dest_start, aligned.dest_end
    start, end = _widen_to_words(haystack, start, end)
    pinned_start, pinned_end = _pins(span, view, start, end, slack)
    start = start if pinned_start is None else pinned_start
    end = end if pinned_end is None else pinned_end

    def score(i: int, j: int) -> float:
        return fuzz.ratio(key, haystack[i:j], processor=None) if i < j else 0.0

    best = (score(start, end), start, end)
    for _ in range(2):  # alternate: best end for this start, then best start for that end
        if pinned_end is None:
            ends = _token_ends(haystack, end - slack, end + slack)
            if ends:
                end = max(ends, key=lambda j: (score(start, j), -abs(j - end)))
        if pinned_start is None:
            starts = _token_starts(haystack, start - slack, start + slack)
            if starts:
                start = max(starts, key=lambda i: (score(i, end), -abs(i - start)))
        best = max(best, (score(start, end), start, end))
    similarity, start, end = best
    if start >= end:
        return None
    pinned = pinned_start is not None or pinned_end is not None
    return view.span_at(start, end), round(similarity, 1), pinned
