"""Propose every attribution in an article, for a person to confirm or reject.

``extract(text)`` runs the sentence patterns (:mod:`provenance.extract.patterns`), adds
quotations that go on with no cue of their own, names each speaker through
:mod:`provenance.language.backrefs` (back-references resolved to the earlier speaker), and
returns :class:`Proposal` objects whose spans are code-point offsets into ``text``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import Any

from provenance.extract.backrefs import SpeakerTrail
from provenance.extract.patterns import Candidate, sentence_candidates
from provenance.extract.sentences import Layout, Sentence, lay_out
from provenance.language.classify import classify_source
from provenance.language.sources import SourceClass, SourceKind
from provenance.vocabulary import Mode, SourcingStrength

__all__ = ["Proposal", "Span", "extract", "to_json"]

Span = tuple[int, int]
"""Half-open ``(start, end)`` code-point offsets into the article text."""

_CONTINUATION_CONFIDENCE = 0.75
_RUN_ON_CONFIDENCE = 0.9


@dataclass(frozen=True, slots=True)
class Proposal:
    """One proposed attribution.

    ``continues`` is the index (in the same result list) of the proposal whose
    quotation this one carries on, for a quote with no source or cue of its own.
    """

    content: Span
    source: Span | None
    cue: Span | None
    speaker: str | None
    speaker_type: str | None
    strength: str | None
    mode: str
    confidence: float
    continues: int | None = None


def _mode(layout: Layout, start: int, end: int, ends: list[int] | None = None) -> Mode:
    """Direct when the content is quotation throughout, mixed when partly, else indirect.

    ``ends`` is the ends of ``layout.quotes`` (sorted, as quotations do not overlap),
    so a long text does not scan every quotation for every proposal."""
    quotes = layout.quotes
    if ends is None:
        ends = [q.end for q in quotes]
    first = bisect_right(ends, start)
    inside = []
    for quote in quotes[first:]:
        if quote.start >= end:
            break
        inside.append(quote)
    if not inside:
        return Mode.INDIRECT
    if inside[0].start <= start and inside[-1].end >= end:
        text = layout.text
        covered = start
        for quote in inside:
            gap = text[covered : quote.start]
            if any(ch.isalnum() for ch in gap):
                return Mode.MIXED
            covered = max(covered, quote.end)
        return Mode.DIRECT
    return Mode.MIXED


def _span(layout: Layout, first: int, last: int) -> Span:
    return layout.tokens[first].start, layout.tokens[last - 1].end


def _shouted_name(mention: str) -> bool:
    """One or two words in capitals, as transcripts label their speakers."""
    words = mention.split()
    if not 1 <= len(words) <= 2:
        return False
    bare = [w.replace("-", "").replace("'", "").replace("’", "") for w in words]
    if not all(b.isalpha() and b.isupper() for b in bare):
        return False
    return len(words) == 2 or len(bare[0]) > 3  # "FBI", "CNN": an acronym


def _quote_only(layout: Layout, sentence: Sentence) -> Span | None:
    """The quotation that makes up the whole sentence, if it does."""
    tokens = layout.tokens
    if not layout.in_quote(sentence.first):
        return None
    last = sentence.first
    for k in range(sentence.first, sentence.last):
        if layout.in_quote(k):
            last = k + 1
        elif tokens[k].is_word:
            return None
    return _span(layout, sentence.first, last)


def _runs_on(layout: Layout, sentence: Sentence) -> bool:
    """Whether the sentence opens a paragraph that continues an unclosed quotation."""
    index = layout.quote_of[sentence.first]
    return index > 0 and not layout.quotes[index - 1].closed


_BY_A_NAME = re.compile(r"\bby\s+(?:the\s+)?[A-Z]")


def _named_after(text: str, named: SourceClass, source: Span, cue: Span) -> bool:
    """Whether a document the source span leaves unnamed is named by the modifier cut
    off after it ("A survey released Monday *by Gallup* found")."""
    if named.kind is not SourceKind.DOCUMENT or named.strength is SourcingStrength.DOCUMENTARY:
        return False
    return source[1] <= cue[0] and bool(_BY_A_NAME.search(text[source[1] : cue[0]]))


class _Builder:
    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.trail = SpeakerTrail()
        self.proposals: list[Proposal] = []
        self.quote_ends = [q.end for q in layout.quotes]

    def speaker(self, source: Span | None, colon: bool = False) -> SourceClass | None:
        if source is None:
            return None
        mention = self.layout.text[source[0] : source[1]]
        if colon and _shouted_name(mention):
            # "TAPPER: …", "JAKE TAPPER: …": a transcript's speaker label, a person
            titled = mention.title()
            if classify_source(titled).kind is SourceKind.PERSON:
                mention = titled
        return self.trail.resolve(mention)

    def add(self, candidate: Candidate) -> int:
        layout = self.layout
        content = _span(layout, *candidate.content)
        source = _span(layout, *candidate.source) if candidate.source else None
        anchor = candidate.anchor
        cue = _span(layout, anchor.first, anchor.last)
        named = self.speaker(source, anchor.is_colon)
        if (
            named is not None
            and source is not None
            and _named_after(layout.text, named, source, cue)
        ):
            named = replace(named, strength=SourcingStrength.DOCUMENTARY)
        self.proposals.append(
            Proposal(
                content=content,
                source=source,
                cue=cue,
                speaker=named.name if named else None,
                speaker_type=named.speaker_type.value if named and named.speaker_type else None,
                strength=named.strength.value if named and named.strength else None,
                mode=_mode(layout, *content, self.quote_ends).value,
                confidence=round(min(candidate.weight, 1.0), 3),
            )
        )
        head = len(self.proposals) - 1
        if candidate.continuation is not None:
            self.add_continuation(_span(layout, *candidate.continuation), head, 0.9)
        return head

    def finish(self) -> list[Proposal]:
        """The proposals in text order, ``continues`` renumbered to match."""
        order = sorted(range(len(self.proposals)), key=lambda i: self.proposals[i].content)
        position = {old: new for new, old in enumerate(order)}

        def renumbered(proposal: Proposal) -> Proposal:
            lead = proposal.continues
            return replace(proposal, continues=None if lead is None else position[lead])

        return [renumbered(self.proposals[old]) for old in order]

    def add_continuation(self, content: Span, head: int, factor: float) -> None:
        lead = self.proposals[head]
        self.proposals.append(
            Proposal(
                content=content,
                source=None,
                cue=None,
                speaker=lead.speaker,
                speaker_type=lead.speaker_type,
                strength=lead.strength,
                mode=_mode(self.layout, *content, self.quote_ends).value,
                confidence=round(lead.confidence * factor, 3),
                continues=head,
            )
        )


def extract(text: str) -> list[Proposal]:
    """Every attribution the patterns find in ``text``, in text order.

    Beyond the sentence patterns, a quotation with no cue of its own right after an
    attribution carries it on: same speaker, no source or cue, ``continues`` set.
    """
    layout = lay_out(text)
    builder = _Builder(layout)
    last_head: int | None = None
    previous_had_head = False
    for sentence in layout.sentences:
        candidates = sentence_candidates(layout, sentence)
        if candidates:
            for candidate in candidates:
                last_head = builder.add(candidate)
            previous_had_head = True
            continue
        quoted = _quote_only(layout, sentence)
        if quoted is not None and last_head is not None and previous_had_head:
            factor = _RUN_ON_CONFIDENCE if _runs_on(layout, sentence) else _CONTINUATION_CONFIDENCE
            builder.add_continuation(quoted, last_head, factor)
            continue
        previous_had_head = False
    return builder.finish()


def _span_json(text: str, span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"start": span[0], "end": span[1], "text": text[span[0] : span[1]]}


def to_json(proposal: Proposal, text: str, file: str) -> dict[str, Any]:
    """The DESIGN.md "Extractor output" object for one proposal."""
    return {
        "file": file,
        "content": _span_json(text, proposal.content),
        "source": _span_json(text, proposal.source),
        "cue": _span_json(text, proposal.cue),
        "speaker": proposal.speaker,
        "speaker_type": proposal.speaker_type,
        "strength": proposal.strength,
        "mode": proposal.mode,
        "confidence": proposal.confidence,
    }
