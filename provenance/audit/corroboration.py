"""Recognising the same claim in different words, so that it can count as corroboration.

Two articles rarely carry a claim in identical words: one writes “natural”, the other
natural; one starts "Last week, Israeli jets struck ...", the other "Israeli jets
struck ...". Exact keys (``claims.key``) catch only the first kind of difference, so
claims are also matched by fuzzy similarity of their normalised text:

* normalisation: the claim key (casefolded, diacritics and quotation marks gone), with
  every punctuation mark turned into a space and whitespace collapsed;
* scorer: rapidfuzz ``fuzz.ratio`` (normalised Indel similarity, 0-100). It keeps word
  order, which matters here: "Israel struck Turkey" and "Turkey struck Israel" are
  different claims, yet a token-sorting scorer rates them 100;
* threshold: :data:`CORROBORATION_THRESHOLD` = 90. On the seed article no two distinct
  claims score above 53, while rewordings of one claim (a dropped "Last week,",
  "defences"/"defenses", "have launched"/"launched", quotation marks removed) score
  92 and up. One changed word in a short claim ("the Turkish leader ..." /
  "the Israeli leader ...", 89) stays below. tests/test_audit.py pins these cases.
* a guard: claims differing in negation ("would continue" / "would not continue",
  92 by similarity alone) never match.

Fuzzy similarity is a heuristic; a match says "probably the same claim", which is the
most a standards desk can ask of an automatic count. The threshold is a parameter of
:func:`match_claims` for those who want to be stricter.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Mapping

from provenance.text.folding import fold_key

__all__ = [
    "CORROBORATION_THRESHOLD",
    "match_claims",
    "matching_key",
    "matching_text",
    "similarity",
]

CORROBORATION_THRESHOLD = 90.0

_PUNCTUATION = re.compile(r"[^\w\s]+")
_NEGATIONS = frozenset({"not", "no", "never", "nor", "neither", "none", "nothing", "without"})


def matching_text(text: str) -> str:
    """The form claims are compared in: folded, punctuation as spaces, spaces collapsed."""
    return matching_key(fold_key(text))


def matching_key(key: str) -> str:
    """:func:`matching_text` of a text already folded, such as a claim's key: only the
    punctuation and spacing are left to do, which is what makes a scan of a whole
    database's claims affordable (folding is most of the cost)."""
    spelled_out = key.replace("n't", " not")
    return " ".join(_PUNCTUATION.sub(" ", spelled_out).split())


def _negations(normalised: str) -> frozenset[str]:
    return frozenset(w for w in normalised.split() if w in _NEGATIONS)


def similarity(a: str, b: str) -> float:
    """The score two claims are matched by (0-100), on their normalised text.

    0 when one is negated and the other is not.
    """
    from rapidfuzz import fuzz

    left, right = matching_text(a), matching_text(b)
    if _negations(left) != _negations(right):
        return 0.0
    return fuzz.ratio(left, right, processor=None)


def match_claims(
    wanted: Mapping[int, str],
    pool: Mapping[int, str],
    *,
    threshold: float = CORROBORATION_THRESHOLD,
    prepared: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> dict[int, set[int]]:
    """For each claim in ``wanted`` (id -> text), the other claims of ``pool`` that match:
    :func:`similarity` at least ``threshold`` (above 0, at most 100). With ``prepared``,
    the texts are already in :func:`matching_text` form (see :func:`matching_key`).

    The pool is sorted by length once: a ratio of at least ``threshold`` is impossible
    between texts whose lengths differ by more than a fixed proportion, so each claim
    is scored only against a window of the pool, with rapidfuzz's ``score_cutoff``
    ending hopeless comparisons early. That is exact, and costs about 0.2 s per wanted
    claim against a million claims of news length: fine for an article, a day or an
    outlet's week. ``progress(done, total)`` is called after each wanted claim, so that
    a long run can say how far it is.
    """
    from rapidfuzz import fuzz, process

    if not 0 < threshold <= 100:
        raise ValueError(f"the threshold {threshold} is not in (0, 100]")
    prepare = (lambda text: text) if prepared else matching_text
    entries = sorted((len(t), t, claim_id) for claim_id, t in _prepared(pool, prepare))
    lengths = [length for length, _, _ in entries]
    texts = [text for _, text, _ in entries]
    # ratio = 2 * common / (len_a + len_b) <= 2 * shorter / (shorter + longer), so a
    # score of at least T needs shorter / longer >= T / (200 - T).
    proportion = threshold / (200.0 - threshold)
    matches: dict[int, set[int]] = {}
    for done, (claim_id, text) in enumerate(_prepared(wanted, prepare), 1):
        low = bisect.bisect_left(lengths, math.floor(len(text) * proportion))
        high = bisect.bisect_right(lengths, math.ceil(len(text) / proportion))
        negations = _negations(text)
        found: set[int] = set()
        for choice, _score, index in process.extract(
            text,
            texts[low:high],
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=threshold,
            limit=None,
        ):
            other = entries[low + index][2]
            if other != claim_id and _negations(choice) == negations:
                found.add(other)
        matches[claim_id] = found
        if progress is not None:
            progress(done, len(wanted))
    return matches


def _prepared(claims: Mapping[int, str], prepare: Callable[[str], str]) -> list[tuple[int, str]]:
    return [(claim_id, prepare(text)) for claim_id, text in claims.items()]
