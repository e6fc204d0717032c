"""Score proposed attributions against gold ones, by content-span overlap.

The rules (issue 8), stated here once because every figure depends on them:

* A span is a set of code points, given as ``(start, end)`` fragments (gold content
  can be discontinuous). Character Jaccard is |A ∩ B| / |A ∪ B|.
* Proposals are taken in text order (by where their content starts). Each is paired
  with the still-unpaired gold attribution whose content has the highest Jaccard with
  its own (ties: the gold that starts first). The pair is kept only when that Jaccard
  is at least 0.5: that is a *lenient match*. A proposal whose best Jaccard is lower
  stays unpaired (a false positive) and leaves the gold free for a later proposal,
  unless it has equal boundaries (below) with a still-unpaired gold: a strict match
  is always a lenient one too, whatever the Jaccard of the untrimmed spans.
* A lenient match is also a *strict match* when the two contents have equal
  boundaries after trimming: whitespace and quote marks at both ends, and punctuation
  at the end (``. , ; : ! ? …``). What is compared is the outer boundaries: where
  the trimmed span starts and where it ends. A discontinuous span is trimmed
  fragment by fragment, the same way (a fragment left empty is dropped), so how two
  spans split their inside into fragments, or an inner fragment that differs only
  by a quote mark, does not make a match lenient only.
* The source of a lenient match is right when the proposal's source span overlaps the
  gold source span (at least one shared code point). **Source accuracy** = right
  sources / lenient matches whose gold has a source. Matches whose gold has no source
  are left out of that denominator; a proposal without a source counts as wrong.

Precision = matches / proposals, recall = matches / gold, F1 their harmonic mean;
figures over a corpus are micro-averaged (counts summed over articles).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

__all__ = [
    "LENIENT_JACCARD",
    "Counts",
    "Scorable",
    "jaccard",
    "same_boundaries",
    "score_document",
    "trim",
]

LENIENT_JACCARD = 0.5

Fragments = tuple[tuple[int, int], ...]

_QUOTES = frozenset("\"'“”„‟‘’‚‛«»‹›`´")
_TRAILING_PUNCTUATION = frozenset(".,;:!?…")


class Scorable(Protocol):
    """Anything with a content span and an optional source span, as fragments."""

    @property
    def content(self) -> Fragments: ...

    @property
    def source(self) -> Fragments | None: ...


@dataclass(frozen=True, slots=True)
class Counts:
    """Summable match counts, and the figures computed from them."""

    proposed: int = 0
    gold: int = 0
    lenient: int = 0
    strict: int = 0
    sources_checked: int = 0
    sources_right: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.proposed + other.proposed,
            self.gold + other.gold,
            self.lenient + other.lenient,
            self.strict + other.strict,
            self.sources_checked + other.sources_checked,
            self.sources_right + other.sources_right,
        )

    def precision(self, *, strict: bool = False) -> float:
        matched = self.strict if strict else self.lenient
        return matched / self.proposed if self.proposed else 0.0

    def recall(self, *, strict: bool = False) -> float:
        matched = self.strict if strict else self.lenient
        return matched / self.gold if self.gold else 0.0

    def f1(self, *, strict: bool = False) -> float:
        p, r = self.precision(strict=strict), self.recall(strict=strict)
        return 2 * p * r / (p + r) if p + r else 0.0

    def source_accuracy(self) -> float | None:
        """Right sources / lenient matches whose gold has a source; None if none do."""
        return self.sources_right / self.sources_checked if self.sources_checked else None


def _normalise(fragments: Fragments) -> Fragments:
    """Sorted, with overlapping or touching fragments merged and empty ones dropped."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(fragments):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return tuple(merged)


def _size(fragments: Fragments) -> int:
    return sum(end - start for start, end in fragments)


def _intersection(a: Fragments, b: Fragments) -> int:
    total, i, j = 0, 0, 0
    while i < len(a) and j < len(b):
        low = max(a[i][0], b[j][0])
        high = min(a[i][1], b[j][1])
        if high > low:
            total += high - low
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def jaccard(a: Fragments, b: Fragments) -> float:
    """Character Jaccard of two spans given as fragments (merged first)."""
    a, b = _normalise(a), _normalise(b)
    shared = _intersection(a, b)
    union = _size(a) + _size(b) - shared
    return shared / union if union else 0.0


def _trim_fragment(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in _QUOTES):
        start += 1
    while start < end and (
        text[end - 1].isspace()
        or text[end - 1] in _QUOTES
        or text[end - 1] in _TRAILING_PUNCTUATION
    ):
        end -= 1
    return start, end


def trim(text: str, fragments: Fragments) -> Fragments:
    """The span without whitespace and quote marks at the ends, nor trailing
    punctuation: each fragment of a discontinuous span is trimmed the same way (so
    ``“A,” she said, “B.”`` compares as ``A`` and ``B``), empty ones are dropped and
    what remains is merged again."""
    pieces = (_trim_fragment(text, start, end) for start, end in _normalise(fragments))
    return _normalise(tuple(pieces))


def same_boundaries(text: str, a: Fragments, b: Fragments) -> bool:
    """Whether two spans have equal outer boundaries once trimmed (a strict match)."""
    a, b = trim(text, a), trim(text, b)
    return bool(a) and bool(b) and a[0][0] == b[0][0] and a[-1][1] == b[-1][1]


def score_document(text: str, gold: Sequence[Scorable], proposed: Sequence[Scorable]) -> Counts:
    """Pair one document's proposals with its gold attributions and count matches."""
    gold_spans = [_normalise(g.content) for g in gold]
    order = sorted(range(len(gold)), key=lambda i: gold_spans[i])
    unpaired = set(range(len(gold)))
    lenient = strict = checked = right = 0
    for proposal in sorted(proposed, key=lambda p: _normalise(p.content)):
        content = _normalise(proposal.content)
        best, best_score = -1, 0.0
        for index in order:
            if index in unpaired:
                score = jaccard(content, gold_spans[index])
                if score > best_score:
                    best, best_score = index, score
        if best < 0 or best_score < LENIENT_JACCARD:
            # A pair with equal boundaries once trimmed is a strict match, so a lenient
            # one too, whatever its raw Jaccard (gold ``No`` and proposed ``“No,”``).
            best = next(
                (
                    index
                    for index in order
                    if index in unpaired and same_boundaries(text, content, gold_spans[index])
                ),
                -1,
            )
            if best < 0:
                continue
        unpaired.discard(best)
        lenient += 1
        if same_boundaries(text, content, gold_spans[best]):
            strict += 1
        gold_source = gold[best].source
        if gold_source:
            checked += 1
            if proposal.source and _intersection(
                _normalise(proposal.source), _normalise(gold_source)
            ):
                right += 1
    return Counts(len(proposed), len(gold), lenient, strict, checked, right)
