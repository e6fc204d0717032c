"""What the words around one cue say: where its source is, where its content starts.

One function per pattern (see :mod:`provenance.extract.patterns` for the list):
*according* (``according to SOURCE``), *colon* (``SOURCE: "…"`` and a headline's
``Name: claim``), *in-document* (``In the latest poll, …``), *passive* (``was asked by
SOURCE whether …``), *inverted* (``"…," said SOURCE``), *trailing* (``"…," SOURCE
said`` and ``CONTENT, SOURCE said``) and the default *forward* reading (``SOURCE said
(that) CONTENT``). A reading gives the source and where the content starts; where it
ends is decided once every cue of the sentence has been read.
"""

from __future__ import annotations

from dataclasses import dataclass

from provenance.extract.anchors import Anchor
from provenance.extract.clauses import (
    CONNECTIVES,
    continues_clause,
    has_verb,
    skip_adverbials,
    skip_recipient,
    starts_predicate,
)
from provenance.extract.cues import FormKind
from provenance.extract.mentions import mention_after, mention_before
from provenance.extract.sentences import Layout, Sentence
from provenance.extract.words import (
    CLAUSE_OPENERS,
    PREPOSITIONS,
    SUBJECT_PRONOUNS,
    is_verb_like,
)
from provenance.language import lexicon

__all__ = ["Reading", "TokenRange", "read_cue"]

TokenRange = tuple[int, int]

_WH = lexicon.words("wh-words")

# Words dropped from the start of trailing content ("But the talks, he said, ...").
_DROPPED_OPENERS = frozenset({"but", "and", "so", "yet", "still"})

_HEADLINE_LABELS = lexicon.words("headline-labels")

_NOT_CLAUSE_STARTS = frozenset({"to", "and", "or", "but"})

_TRAILING_ADJUNCTS = lexicon.words("trailing-adjuncts")

_SUBORDINATORS = lexicon.words("subordinators")


@dataclass(slots=True)
class Reading:
    """What one cue's surroundings say before contents are bounded.

    ``left`` is content before the source (trailing and inverted patterns); ``right``
    is the first token of content after the cue, and ``right_kind`` what opens it:
    ``that``, ``clause`` (a bare clause), ``quote``, ``to``, ``wh``, ``object``,
    ``according``, ``colon``, or ``continuation`` (content that goes on after an
    interrupting cue: "“A,” she said, “B.”"). ``inherited`` marks a cue with no
    subject of its own, whose source the sentence supplies.
    """

    anchor: Anchor
    source: TokenRange | None = None
    inherited: bool = False
    right: int | None = None  # first token of content after the cue
    right_kind: str = ""
    left: TokenRange | None = None  # content before the source (trailing, inverted)


def _right_start(layout: Layout, anchor: Anchor, j: int, end: int) -> tuple[int | None, str]:
    """Where the content after a cue starts, and what opens it."""
    tokens = layout.tokens
    frames = anchor.verb.frames
    addressee = j
    if "recipient" in frames:
        j = skip_recipient(layout, j, end)
    j = skip_adverbials(layout, j, end)
    if j >= end:
        return None, ""
    if anchor.verb.lemma == "ask":
        if tokens[j].lower == "about":
            return j, "wh"  # "asked Trump about statements he had made"
        if tokens[j].lower == "to" and j > addressee:
            return addressee, "object"  # "asked a federal judge to block the rules"
    if j + 1 < end and (
        tokens[j].text == ":" or (tokens[j].text == "," and layout.opens_quote(j + 1))
    ):
        j += 1
    token = tokens[j]
    if layout.opens_quote(j):
        return (j, "quote") if {"quote", "clause"} & frames else (None, "")
    lower = token.lower
    if lower == "that" and "clause" in frames:
        return (j + 1, "that") if j + 1 < end else (None, "")
    if lower == "to" and "to" in frames:
        return j, "to"
    if lower in _WH and "wh" in frames:
        return j, "wh"
    if not token.is_word:
        return None, ""
    nominal = token.capitalized or not is_verb_like(lower)
    if "object" in frames and nominal and lower not in PREPOSITIONS | CLAUSE_OPENERS:
        return j, "object"
    if "clause" in frames and nominal and lower not in PREPOSITIONS | _NOT_CLAUSE_STARTS:
        return j, "clause"
    return None, ""


def _separator_before(layout: Layout, index: int, lo: int) -> int | None:
    """The end of trailing content before the token ``index`` (a source or an inverted
    cue): before a comma, or after a closing quotation mark. None if neither."""
    p = index - 1
    if p < lo:
        return None
    tokens = layout.tokens
    if tokens[p].text in (",", "—", "–") and not layout.in_quote(p):
        return p
    if layout.closes_quote(p):
        return index
    return None


def _left_start(layout: Layout, lo: int, end: int) -> int:
    """Where trailing content starts: the sentence start, or the quotation that ends
    it when a colon introduces that quotation ("…, with a caveat: “…,” she said")."""
    tokens = layout.tokens
    if end - 1 > lo and layout.closes_quote(end - 1):
        opening = layout.quotes[layout.quote_of[end - 1]].start
        q = end - 1
        while q > lo and tokens[q].start > opening:
            q -= 1
        if q > lo and tokens[q - 1].text == ":" and not layout.in_quote(q - 1):
            return q
    for k in range(end - 4, lo, -1):
        if tokens[k].text == ":" and not layout.in_quote(k):
            return k + 1  # "At the same time, the tax …: London was …, according to …"
    while lo < end - 1 and tokens[lo].lower in _DROPPED_OPENERS and not layout.in_quote(lo):
        lo += 1
        if tokens[lo].text == ",":
            lo += 1
    return lo


def _read_according(layout: Layout, lo: int, anchor: Anchor, end: int) -> Reading:
    """``According to SOURCE, CONTENT``, ``CONTENT, according to SOURCE`` and the
    interrupted ``A, according to SOURCE, B``."""
    tokens = layout.tokens
    reading = Reading(anchor)
    mention = mention_after(layout, anchor.last, end)
    if mention is None:
        return reading
    reading.source = mention
    k = mention[1]
    while k < end and tokens[k].text != "," and not layout.in_quote(k):
        k += 1
    right = k + 1 if k + 2 < end else None
    if _left_start(layout, lo, anchor.first + 1) >= anchor.first:
        if right is not None:
            reading.right, reading.right_kind = right, "according"
        return reading
    left_end = anchor.first
    if tokens[left_end - 1].text == "," and not layout.in_quote(left_end - 1):
        left_end -= 1
    left = (_left_start(layout, lo, left_end), left_end)
    if right is not None and tokens[k].text == ",":
        opener = tokens[left[0]].lower
        follower = tokens[right]
        if opener in _SUBORDINATORS:
            reading.right, reading.right_kind = right, "according"
            return reading
        if not follower.capitalized and is_verb_like(follower.lower):
            reading.left = left  # "The implication, according to X, is that …"
            reading.right, reading.right_kind = right, "continuation"
            return reading
        if not has_verb(layout, *left) and follower.lower not in _SUBORDINATORS:
            reading.right, reading.right_kind = right, "according"
            return reading
    reading.left = left
    return reading


def _read_colon(layout: Layout, sentence: Sentence, anchor: Anchor, end: int) -> Reading:
    """``SOURCE: "…"`` anywhere, and a headline's ``Name: content``."""
    tokens = layout.tokens
    lo = sentence.first
    reading = Reading(anchor)
    mention = mention_before(layout, lo, anchor.first)
    if mention is None or anchor.last >= end:
        return reading
    if mention[0] > lo and tokens[mention[0] - 1].lower in PREPOSITIONS:
        return reading  # "wrote on Twitter: …" belongs to "wrote"
    if layout.opens_quote(anchor.last):
        reading.source = mention
        reading.right, reading.right_kind = anchor.last, "quote"
        return reading
    # A headline "Name: what they said" states a claim: it needs a verb to be one.
    named = all(tokens[k].capitalized and tokens[k].is_word for k in range(*mention))
    at = tokens[lo].start
    first_in_paragraph = at == 0 or layout.text[at - 1] == "\n"
    if not (named and mention[0] == lo and mention[1] - mention[0] <= 4 and first_in_paragraph):
        return reading
    if tokens[mention[1] - 1].lower in _HEADLINE_LABELS or len(tokens[mention[1] - 1].text) < 2:
        return reading
    claim = range(anchor.last, end)
    if len(claim) >= 3 and any(is_verb_like(tokens[k].lower) for k in claim):
        reading.source = mention
        reading.right, reading.right_kind = anchor.last, "colon"
    return reading


def _read_in_document(layout: Layout, anchor: Anchor, end: int) -> Reading:
    """``In the new Morning Consult poll, conducted March 11-13, CONTENT``."""
    tokens = layout.tokens
    reading = Reading(anchor)
    k = anchor.last
    while k < end and tokens[k].text != "," and not layout.in_quote(k):
        k += 1
    if k >= end or k == anchor.last:
        return reading
    source = (anchor.last, k)
    for m in range(anchor.last + 1, k):
        token = tokens[m]
        if not token.capitalized and is_verb_like(token.lower) and token.lower.endswith("ed"):
            source = (anchor.last, m)  # "In a CNN poll released Monday, …": the poll
            break
    if k + 1 < end and not tokens[k + 1].capitalized and tokens[k + 1].lower.endswith("ed"):
        k += 1  # ", conducted in May," describes the poll
        while k < end and tokens[k].text != "," and not layout.in_quote(k):
            k += 1
    if k + 3 >= end or not has_verb(layout, k + 1, end):
        return reading
    reading.source = source
    reading.right, reading.right_kind = k + 1, "according"
    return reading


def _read_passive(layout: Layout, anchor: Anchor, end: int) -> Reading:
    """``was asked (by SOURCE) whether …``: the asker, if named, follows "by"."""
    tokens = layout.tokens
    reading = Reading(anchor)
    j = anchor.last
    if j < end and tokens[j].lower == "by":
        mention = mention_after(layout, j + 1, end)
        if mention is None:
            return reading
        reading.source = mention
        j = mention[1]
    j = skip_adverbials(layout, j, end)
    if j < end and (tokens[j].lower in _WH or tokens[j].lower == "about"):
        reading.right, reading.right_kind = j, "wh"
    return reading


def _read_inverted(layout: Layout, lo: int, anchor: Anchor, end: int) -> Reading | None:
    """``"…," said SOURCE``: the cue right after the content, the source after it."""
    tokens = layout.tokens
    separator = _separator_before(layout, anchor.first, lo)
    if separator is None:
        return None
    quoted = separator == anchor.first
    if not quoted and mention_before(layout, lo, anchor.first) is not None:
        return None  # "NAME, DESCRIPTION, says …": not inverted
    mention = mention_after(layout, anchor.last, end)
    if mention is None:
        return None
    opening = tokens[mention[0]].lower
    if opening.split("’")[0].split("'")[0] in SUBJECT_PRONOUNS or is_verb_like(opening):
        return None  # "…, says he’s open to …" is not "says SOURCE"
    after = skip_adverbials(layout, mention[1], end)
    if after < end and tokens[after].lower in ("who", "whose", "which"):
        while after < end and tokens[after].text != "," and not layout.in_quote(after):
            after += 1  # "said the man who built his career on …"
    if after < end and tokens[after].text != ",":
        return None
    reading = Reading(anchor, source=mention)
    reading.left = (_left_start(layout, lo, separator), separator)
    if after + 1 < end and (layout.opens_quote(after + 1) or starts_predicate(layout, after + 1)):
        reading.right, reading.right_kind = after + 1, "continuation"
    return reading


def _read_trailing(
    layout: Layout, lo: int, anchor: Anchor, mention: TokenRange, end: int
) -> Reading | None:
    """``"…," SOURCE said`` and ``CONTENT, SOURCE said``, and their interrupted forms
    ``"A," she said, "B."`` and ``A, she said, B.``"""
    tokens = layout.tokens
    verb = anchor.verb
    if not {"quote", "clause"} & verb.frames:
        return None
    separator = _separator_before(layout, mention[0], lo)
    if separator is None:
        return None
    quoted = separator == mention[0]
    tail = skip_recipient(layout, anchor.last, end) if "recipient" in verb.frames else anchor.last
    tail = skip_adverbials(layout, tail, end)
    left = (_left_start(layout, lo, separator), separator)
    reading = Reading(anchor, source=mention)
    if tail < end and tokens[tail].text == ",":
        after = tail + 1
        if after < end and verb.kind == "speech":
            if layout.opens_quote(after):
                if quoted:
                    reading.left = left
                    reading.right, reading.right_kind = after, "continuation"
                else:  # "When asked …, she said, “…”": the quotation is the content
                    reading.right, reading.right_kind = after, "quote"
                return reading
            if continues_clause(layout, after, end):
                if has_verb(layout, *left) or starts_predicate(layout, after):
                    # "A, she said, B" and "Many of the closures, he said, have …"
                    reading.left = left
                    reading.right, reading.right_kind = after, "continuation"
                else:  # "In particular, he said, …": an adverbial is not content
                    reading.right, reading.right_kind = after, "clause"
                return reading
        reading.left = left
        return reading
    if tail >= end or tokens[tail].text in (";", "—", "–") or quoted:
        reading.left = left
        return reading
    if tokens[tail].lower in _TRAILING_ADJUNCTS and not layout.in_quote(tail):
        reading.left = left  # "…, Wilkin said during his speech to the delegates."
        return reading
    return None


def read_cue(layout: Layout, sentence: Sentence, anchor: Anchor, end: int) -> Reading:
    """Read one cue of ``sentence`` (content never runs past token ``end``): the
    special cues first, then inverted, trailing and forward readings of a verb."""
    tokens = layout.tokens
    lo = sentence.first
    if anchor.is_according:
        return _read_according(layout, lo, anchor, end)
    if anchor.is_colon:
        return _read_colon(layout, sentence, anchor, end)
    if anchor.is_in_document:
        return _read_in_document(layout, anchor, end)
    frames = anchor.verb.frames
    if anchor.passive:
        return _read_passive(layout, anchor, end)
    if "invert" in frames and anchor.first == anchor.head and anchor.form != FormKind.GERUND:
        inverted = _read_inverted(layout, lo, anchor, end)
        if inverted is not None:
            return inverted
    mention = None if anchor.form == FormKind.GERUND else mention_before(layout, lo, anchor.first)
    if mention is None:
        opener = tokens[anchor.first - 1].lower if anchor.first > lo else ""
        if (
            anchor.form in (FormKind.BASE, FormKind.THIRD)
            and anchor.first == anchor.head
            and opener not in CONNECTIVES
        ):
            return Reading(anchor)  # "news reports say": a noun, not a cue without a subject
        reading = Reading(anchor, inherited=True)
    else:
        trailing = _read_trailing(layout, lo, anchor, mention, end)
        if trailing is not None:
            return trailing
        reading = Reading(anchor, source=mention)
        if mention[0] > lo and tokens[mention[0] - 1].lower == "as":
            # "As Clinton told the Daily News, tax relief is …"
            tail = (
                skip_recipient(layout, anchor.last, end) if "recipient" in frames else anchor.last
            )
            tail = skip_adverbials(layout, tail, end)
            if tail + 1 < end and tokens[tail].text == ",":
                reading.right, reading.right_kind = tail + 1, "clause"
                return reading
    reading.right, reading.right_kind = _right_start(layout, anchor, anchor.last, end)
    return reading
