"""Attribution patterns inside one sentence: from each cue, find its source and content.

The patterns, with the words the code calls them by:

* *inverted*: ``"…," said SOURCE.`` (the source follows the cue);
* *trailing*: ``"…," SOURCE said.`` and ``CONTENT, SOURCE said.`` (the content comes
  first, the cue closes the sentence);
* *forward*: ``SOURCE said (that) CONTENT.``, ``SOURCE told OUTLET that CONTENT``,
  ``SOURCE said: "…"``, mixed ``SOURCE said that while "…", the … "…"``, and the
  non-speech cues with their own complements (``accused X of Y``, ``vowed to …``);
* *according*: ``According to SOURCE, CONTENT.`` and ``CONTENT, according to SOURCE.``;
* *inherited*: a cue with no subject of its own takes the source of the clause it hangs
  on (``…, saying …``, ``… and insisted that …``);
* *interrupted*: ``"A," she said, "B."``: content A, and B as its continuation;
* *colon*: ``SOURCE: "…"``, and a headline's ``Name: claim``;
* *in-document*: ``In the latest Post-ABC poll, CONTENT``;
* *passive*: ``was asked by SOURCE whether …``.

:mod:`provenance.extract.readings` reads each cue; this module bounds the contents
(a content ends where the next attribution's clause begins) and keeps the outermost.

A cue inside the content of another attribution is not proposed: annotators (and the
newsroom) count the outermost attribution only.
"""

from __future__ import annotations

from dataclasses import dataclass

from provenance.extract.anchors import Anchor, find_anchors
from provenance.extract.clauses import CONNECTIVES, has_verb, sentence_end, trim_content_end
from provenance.extract.mentions import subject_before
from provenance.extract.readings import Reading, TokenRange, read_cue
from provenance.extract.sentences import Layout, Sentence
from provenance.language import lexicon

__all__ = ["Candidate", "sentence_candidates"]

_MAX_CUES = 32
"""Cues read per sentence (news sentences have at most a handful): beyond this the
sentence is no prose, and reading every cue against every other would be quadratic."""


@dataclass(slots=True)
class Candidate:
    """A proposed attribution in token ranges; ``continuation`` is content that goes
    on after the cue ("…," she said, "…")."""

    anchor: Anchor
    content: TokenRange
    source: TokenRange | None
    weight: float
    continuation: TokenRange | None = None


def _clause_start(reading: Reading) -> int:
    if (
        reading.source is not None
        and not reading.inherited
        and reading.source[0] < reading.anchor.first
    ):
        return reading.source[0]
    return reading.anchor.first


def _ends_clause(layout: Layout, index: int) -> bool:
    """Whether the token at ``index`` closes a clause: a connective outside quotation
    marks, or a closing mark right after a comma (`,”`)."""
    tokens = layout.tokens
    if tokens[index].lower in CONNECTIVES and not layout.in_quote(index):
        return True
    return layout.closes_quote(index) and index > 0 and tokens[index - 1].text == ","


def _coordinated(owner: Reading | None, other: Reading) -> bool:
    """Whether a cue after "and" is a second attribution of the same subject ("said A
    and added that B", "saying A and urging B") rather than part of the first one's
    content ("said he had not held dinners and never called a donor")."""
    if owner is None or owner.right_kind in ("object", "to"):
        return True
    if other.anchor.verb.kind == "speech" and other.right_kind in ("that", "quote"):
        return True
    return owner.anchor.form == other.anchor.form


def _bound(
    layout: Layout, start: int, end: int, readings: list[Reading], owner: Reading | None = None
) -> int:
    """The end of content starting at ``start``: the sentence end, or where the next
    attribution's clause begins after a connective.

    A cue that shares its subject through "and" ("… and insisted that …") ends an
    object or infinitive content, or a clause when it is itself a speech cue with its
    own complement; otherwise it is part of the content ("said he had not held
    dinners and never called a donor").
    """
    tokens = layout.tokens
    for other in readings:
        begin = _clause_start(other)
        if begin <= start or begin >= end or not _ends_clause(layout, begin - 1):
            continue
        if other.inherited and tokens[begin - 1].lower == "and" and not _coordinated(owner, other):
            continue
        end = begin
        break
    return trim_content_end(layout, start, end, owner.right_kind if owner else "")


def _overlaps(a: TokenRange, b: TokenRange) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _resolve_nesting(candidates: list[Candidate]) -> list[Candidate]:
    """Keep outermost attributions: drop a candidate whose cue lies in kept content."""
    kept: list[Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (c.content[0] - c.content[1], -c.weight)):
        cue = (candidate.anchor.first, candidate.anchor.last)
        spans = [c.content for c in kept] + [c.continuation for c in kept if c.continuation]
        if any(_overlaps(cue, span) or _overlaps(candidate.content, span) for span in spans):
            continue
        if any(_overlaps(candidate.content, (c.anchor.first, c.anchor.last)) for c in kept):
            continue
        kept.append(candidate)
    kept.sort(key=lambda c: c.anchor.first)
    return kept


_REFUSALS = lexicon.words("refusal-cues")
_NON_STATEMENTS = lexicon.words("non-statements")
"""What a refusal leaves empty: "declined to comment" says nothing, while "refused
to release his tax returns" still takes a stand (annotators count it)."""


def _no_comment(layout: Layout, reading: Reading) -> bool:
    """Whether the cue refuses to say anything ("declined to comment", "refused to
    discuss the case"): nothing is attributed."""
    if (
        reading.anchor.verb.lemma not in _REFUSALS
        or reading.right_kind != "to"
        or reading.right is None
    ):
        return False
    verb = reading.right + 1
    return verb < len(layout.tokens) and layout.tokens[verb].lower in _NON_STATEMENTS


def _opens_adverbial(
    layout: Layout, sentence: Sentence, anchor: Anchor, readings: list[Reading]
) -> bool:
    """Whether a passive cue opens the sentence as a participial adverbial whose main
    clause has a cue of its own ("Asked about …, she said …", "When asked whether
    …, Fidan said …"): the question asked is not itself a claim."""
    first = anchor.first
    opener = layout.tokens[first - 1].lower if first > sentence.first else ""
    if opener not in ("", "when", "after", "if", "once", "as") or first > sentence.first + 1:
        return False
    return any(other.anchor.first > anchor.last and other.source is not None for other in readings)


_ASKED_OPENERS = frozenset({"when", "after", "if", "once", "as", "while"})
_WH_AFTER_AND = frozenset({"and", "or"})


def _asked_clause_end(layout: Layout, sentence: Sentence) -> int:
    """The comma that closes a sentence-opening "Asked …," clause ("Asked whether he
    supported the bill, Sen. Rand Paul said …"), or -1: the question and what it asks
    about are no attribution, and no cue inside them is either."""
    tokens = layout.tokens
    k = sentence.first
    if k < sentence.last and tokens[k].lower in _ASKED_OPENERS:
        k += 1
    if k >= sentence.last or tokens[k].lower != "asked" or layout.in_quote(k):
        return -1
    for j in range(k + 1, sentence.last - 1):
        if tokens[j].text == "," and not layout.in_quote(j):
            if tokens[j + 1].lower in _WH_AFTER_AND:
                continue  # "Asked whether A, and whether B, Smith said"
            return j
    return -1


def sentence_candidates(layout: Layout, sentence: Sentence) -> list[Candidate]:
    """The attributions proposed inside one sentence, outermost only, left to right."""
    anchors = find_anchors(layout, sentence)[:_MAX_CUES]
    asked = _asked_clause_end(layout, sentence)
    if asked >= 0:
        anchors = [a for a in anchors if a.first > asked]
    if not anchors:
        return []
    end = sentence_end(layout, sentence)
    readings = [read_cue(layout, sentence, anchor, end) for anchor in anchors]
    # Only a cue that can carry an attribution bounds the content of another.
    readings = [r for r in readings if r.left is not None or r.right is not None]
    previous_source: TokenRange | None = None
    for reading in readings:
        if reading.inherited:
            before = (
                layout.tokens[reading.anchor.first - 1].lower
                if reading.anchor.first > sentence.first
                else ""
            )
            if before in CONNECTIVES or before in ("by", "while", "after", "before", "when"):
                reading.source = previous_source or subject_before(
                    layout, sentence.first, reading.anchor.first
                )
        if reading.source is not None:
            previous_source = reading.source
    candidates = []
    refused = False
    for reading in readings:
        anchor = reading.anchor
        weight = anchor.verb.weight
        if reading.source is None:
            weight *= 0.7
        elif reading.inherited:
            weight *= 0.9
        continuation = None
        if reading.right is not None and reading.right_kind == "continuation":
            stop = _bound(layout, reading.right, end, readings, reading)
            if stop > reading.right:
                continuation = (reading.right, stop)
        if reading.left is not None:
            short = reading.left[1] - reading.left[0] < 2
            if short and continuation is not None:
                # "But, said Solovey, “…”": the quotation is the content
                candidates.append(Candidate(anchor, continuation, reading.source, weight))
                continue
            if reading.left[1] <= reading.left[0] or (
                short and not layout.tokens[reading.left[0]].is_word
            ):
                continue
            candidates.append(Candidate(anchor, reading.left, reading.source, weight, continuation))
            continue
        if reading.right is None:
            continue
        if _no_comment(layout, reading):
            refused = True
            continue
        if (
            anchor.passive
            and reading.source is None
            and (refused or _opens_adverbial(layout, sentence, anchor, readings))
        ):
            # "Asked whether …, Fidan said …", "declined to comment when asked about
            # …": the question is not a claim
            continue
        stop = _bound(layout, reading.right, end, readings, reading)
        if stop <= reading.right:
            continue
        if reading.right_kind == "clause" and not has_verb(layout, reading.right, stop):
            continue
        if reading.right_kind in ("object", "clause"):
            weight *= 0.95
        candidates.append(Candidate(anchor, (reading.right, stop), reading.source, weight))
    return _resolve_nesting(candidates)
