"""Attributions: recording who said what where, and the claims they carry."""

from __future__ import annotations

import hashlib
import re
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.errors import BadInput, DuplicateAttribution, NotFound
from provenance.store.history import record_change
from provenance.store.models import Attribution, Claim, Document, Speaker
from provenance.text.folding import fold_key
from provenance.text.spans import Span, span_holds
from provenance.vocabulary import (
    AttributionStatus,
    Mode,
    RecordedVia,
    SourcingStrength,
)

__all__ = [
    "claim_for",
    "claim_key",
    "claim_key_hash",
    "claim_key_of",
    "claim_parts",
    "claim_text",
    "get_attribution",
    "record_attribution",
    "set_strength",
    "span_columns",
]


_DOUBLE_QUOTES = '"“”„«»'
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,.;:!?])")


def claim_text(content: str) -> str:
    """What is claimed, read from a content span: without its quotation marks (a partial
    quote leaves one at each end of its quoted part) and the punctuation around it."""
    for mark in _DOUBLE_QUOTES:
        if mark in content:
            content = content.replace(mark, " ")
    text = " ".join(content.split())
    if " " in text:
        text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
    return text.strip(" ,;:").strip()


def claim_key(text: str) -> str:
    """The key under which the same claim is recognised across documents."""
    return claim_parts(text)[1]


def claim_parts(content: str) -> tuple[str, str]:
    """:func:`claim_text` and :func:`claim_key` of one content span, read once."""
    text = claim_text(content)
    return text, claim_key_of(text)


def claim_key_of(text: str) -> str:
    """The key of a claim from its stored text (:func:`claim_text` of its content):
    derived when needed, never stored beside the text."""
    return fold_key(text.rstrip("."))


def claim_key_hash(key: str) -> int:
    """The stored, indexed hash by which claims of one key are found: the first eight
    bytes of its BLAKE2b digest, as a signed 64-bit integer. Two keys may share a hash;
    a lookup compares the keys of what it finds."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def claim_for(session: Session, text: str) -> Claim:
    """The claim with this text's key (the first stored, if several), created if new."""
    key = claim_key(text)
    hashed = select(Claim).where(Claim.key_hash == claim_key_hash(key)).order_by(Claim.id)
    for claim in session.scalars(hashed):
        if claim_key_of(claim.text) == key:
            return claim
    claim = Claim(text=claim_text(text), key_hash=claim_key_hash(key))
    session.add(claim)
    session.flush()
    return claim


def span_columns(role: str, span: Span | None) -> dict[str, Any]:
    """The five columns of one span role (content, source, cue) of an attribution."""
    names = ("start", "end", "exact", "prefix", "suffix")
    if span is None:
        return {f"{role}_{n}": None for n in names}
    return {f"{role}_{n}": getattr(span, n) for n in names}


def refuse_duplicate(
    session: Session,
    document_id: int,
    content: Span,
    speaker_id: int | None,
    *,
    other_than: int | None = None,
) -> None:
    """One attribution per document, content span and speaker: raise
    :class:`DuplicateAttribution` if another (than ``other_than``) has them."""
    a = Attribution
    query = select(a.id).where(
        a.document_id == document_id,
        a.content_start == content.start,
        a.content_end == content.end,
        a.speaker_id == speaker_id if speaker_id is not None else a.speaker_id.is_(None),
    )
    if other_than is not None:
        query = query.where(a.id != other_than)
    duplicate = session.scalar(query.limit(1))
    if duplicate is not None:
        raise DuplicateAttribution(document_id, duplicate)


def stored_span(attribution: Attribution, role: str) -> Span | None:
    """The ``role`` span (content, source, cue) of a stored attribution, as a Span."""
    start = getattr(attribution, f"{role}_start")
    if start is None:
        return None
    return Span(
        start,
        getattr(attribution, f"{role}_end"),
        getattr(attribution, f"{role}_exact"),
        getattr(attribution, f"{role}_prefix") or "",
        getattr(attribution, f"{role}_suffix") or "",
    )


_V = TypeVar("_V", bound=Enum)


def _one_of(vocabulary: type[_V], value: object, field: str) -> _V:
    try:
        return vocabulary(value)
    except ValueError:
        allowed = ", ".join(v.value for v in vocabulary)
        raise BadInput(f"{field} {value!r} is not one of {allowed}") from None


def record_attribution(
    session: Session,
    document: Document,
    *,
    content: Span,
    speaker: Speaker | None,
    strength: str | SourcingStrength,
    mode: str | Mode,
    actor: str,
    source: Span | None = None,
    cue: Span | None = None,
    status: str | AttributionStatus = AttributionStatus.CONFIRMED,
    via: str | RecordedVia = RecordedVia.HAND,
    confidence: float | None = None,
    revised_from: Attribution | None = None,
) -> Attribution:
    """Store one attribution after checking every span against the document's text."""
    strength = _one_of(SourcingStrength, strength, "strength")
    mode = _one_of(Mode, mode, "mode")
    status = _one_of(AttributionStatus, status, "status")
    via = _one_of(RecordedVia, via, "recorded_via")
    for role, span in (("content", content), ("source", source), ("cue", cue)):
        if span is not None and not span_holds(document.text, span):
            raise BadInput(
                f"the {role} span [{span.start}, {span.end}) does not hold {span.exact!r} "
                f"in document {document.id}"
            )
    if speaker is None and strength is not SourcingStrength.UNATTRIBUTED:
        raise BadInput(f"an attribution of strength {strength.value} needs a speaker")
    if speaker is not None and strength is SourcingStrength.UNATTRIBUTED:
        raise BadInput(
            f"an unattributed assertion is the reporter's own, but a speaker was given "
            f"({speaker.name}); drop the speaker or choose a strength class"
        )
    refuse_duplicate(session, document.id, content, speaker.id if speaker else None)
    attribution = Attribution(
        document=document,
        speaker=speaker,
        claim=claim_for(session, content.exact),
        strength=strength.value,
        mode=mode.value,
        status=status.value,
        recorded_via=via.value,
        recorded_by=actor,
        confidence=confidence,
        revised_from_id=revised_from.id if revised_from else None,
        **span_columns("content", content),
        **span_columns("source", source),
        **span_columns("cue", cue),
    )
    session.add(attribution)
    session.flush()
    record_change(
        session,
        actor=actor,
        action="attribution.add",
        entity="attribution",
        entity_id=attribution.id,
        data={
            "document": document.id,
            "speaker": speaker.name if speaker else None,
            "strength": strength.value,
            "mode": mode.value,
            "status": status.value,
            "via": via.value,
            "content": [content.start, content.end],
        },
    )
    return attribution


def get_attribution(session: Session, attribution_id: int) -> Attribution:
    attribution = session.get(Attribution, attribution_id)
    if attribution is None:
        raise NotFound(f"no attribution {attribution_id}; `prov search` finds their ids")
    return attribution


def set_mode(session: Session, attribution: Attribution, mode: str | Mode, *, actor: str) -> bool:
    """Set whether ``attribution`` is a direct, mixed or indirect quote; returns whether
    it changed (a change that changes nothing is not recorded)."""
    new = _one_of(Mode, mode, "mode")
    old = attribution.mode
    if old == new.value:
        return False
    attribution.mode = new.value
    record_change(
        session,
        actor=actor,
        action="attribution.set_mode",
        entity="attribution",
        entity_id=attribution.id,
        data={"from": old, "to": new.value},
    )
    return True


def set_strength(
    session: Session, attribution: Attribution, strength: str | SourcingStrength, *, actor: str
) -> bool:
    """Override the strength class of one attribution; the history keeps the old one."""
    try:
        new = SourcingStrength(strength)
    except ValueError:
        choices = ", ".join(s.value for s in SourcingStrength)
        raise BadInput(f"{strength!r} is not a strength class; choose one of {choices}") from None
    old = attribution.strength
    if old == new.value:
        return False
    if attribution.speaker_id is None and new is not SourcingStrength.UNATTRIBUTED:
        raise BadInput("this assertion has no speaker; add one before giving it a source class")
    if attribution.speaker_id is not None and new is SourcingStrength.UNATTRIBUTED:
        raise BadInput(
            "this attribution has a speaker, so it is not the reporter's own assertion; "
            "choose a sourced strength class"
        )
    attribution.strength = new.value
    record_change(
        session,
        actor=actor,
        action="attribution.set_strength",
        entity="attribution",
        entity_id=attribution.id,
        data={"from": old, "to": new.value},
    )
    return True
