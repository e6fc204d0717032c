"""Extractor proposals in the database: saving them, and a person's review of them."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.attributions.recording import record_attribution
from provenance.errors import BadInput, DuplicateAttribution
from provenance.speakers.directory import resolve_or_create
from provenance.store.history import record_change
from provenance.store.models import Attribution, Document
from provenance.text.spans import make_span, much_the_same
from provenance.vocabulary import (
    AttributionStatus,
    RecordedVia,
    SpeakerType,
    default_strength,
)

__all__ = ["SaveReport", "decide", "pending_proposals", "save_proposals", "set_speaker"]


@dataclass
class SaveReport:
    saved: int = 0
    already_recorded: int = 0
    without_speaker: int = 0

    def summary(self) -> str:
        return (
            f"{self.saved} proposal(s) saved as proposed; {self.already_recorded} already "
            f"recorded; {self.without_speaker} without a speaker skipped"
        )


def save_proposals(session: Session, document: Document, *, actor: str) -> SaveReport:
    """Run the extractor on a stored document and store its proposals as ``proposed``."""
    from provenance.extract import extract

    text = document.text
    report = SaveReport()
    # a passage a person has already decided on (confirmed, rejected, or given another
    # speaker) is not proposed again
    recorded = sorted(
        (start, end)
        for start, end in session.execute(
            select(Attribution.content_start, Attribution.content_end).where(
                Attribution.document_id == document.id
            )
        )
    )
    for proposal in extract(text):
        if not proposal.speaker:
            report.without_speaker += 1
            continue
        if _already_recorded(recorded, proposal.content):
            report.already_recorded += 1
            continue
        kind = proposal.speaker_type or SpeakerType.PERSON.value
        speaker, _ = resolve_or_create(
            session, proposal.speaker, kind, actor=actor, document=document
        )
        strength = proposal.strength or default_strength(speaker.type)
        source, cue = (
            make_span(text, *span) if span else None for span in (proposal.source, proposal.cue)
        )
        try:
            record_attribution(
                session,
                document,
                content=make_span(text, *proposal.content),
                source=source,
                cue=cue,
                speaker=speaker,
                strength=strength,
                mode=proposal.mode,
                status=AttributionStatus.PROPOSED,
                via=RecordedVia.EXTRACTOR,
                confidence=round(proposal.confidence, 3),
                actor=actor,
            )
        except DuplicateAttribution:
            report.already_recorded += 1
            continue
        report.saved += 1
    return report


def _already_recorded(recorded: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    """Whether a recorded attribution stands on much the same passage: the same
    characters, give or take quote marks and punctuation at the ends (an overlap of at
    least half their union, the evaluation's lenient match)."""
    before_end = bisect.bisect_left(recorded, (span[1], -1))  # those starting before it ends
    return any(much_the_same(span, other) for other in recorded[:before_end])


def set_speaker(session: Session, attribution: Attribution, name: str, *, actor: str) -> bool:
    """Give ``attribution`` the speaker ``name`` (resolved, or created as classified:
    a person, an organisation or an unnamed source of the document), and the strength
    class that goes with it. Returns whether the strength changed."""
    from provenance.attributions.recording import set_strength
    from provenance.language.classify import classify_source
    from provenance.language.sources import SourceKind

    typed = " ".join((name or "").split())
    if not any(c.isalnum() for c in typed):
        raise BadInput("a speaker needs a name")
    reading = classify_source(typed)
    # a capital past the first word is a name a person typed ("He Lifeng", "Her Majesty
    # the Queen", "the Treasury"), whatever its first word looks like
    proper = any(word[:1].isupper() for word in typed.split()[1:])
    if reading.kind is SourceKind.BACKREF and not proper:
        raise BadInput(
            f"{typed!r} points back to someone; type who it is "
            "(a name, or a description such as 'a senior official')"
        )
    strength = reading.strength
    kind = reading.speaker_type
    if reading.kind is SourceKind.BACKREF:
        kind, strength = SpeakerType.PERSON, None
    elif proper and kind is SpeakerType.UNNAMED and typed.split()[0].lower() == "the":
        kind, strength = SpeakerType.ORGANIZATION, None  # "the Treasury"
    named = kind in (SpeakerType.PERSON, SpeakerType.ORGANIZATION)
    speaker, _ = resolve_or_create(
        session,
        typed if named else reading.name or typed,  # a name stays as the person typed it
        kind or (attribution.speaker.type if attribution.speaker else SpeakerType.PERSON.value),
        actor=actor,
        document=attribution.document,
    )
    if speaker.id != attribution.speaker_id:  # the same speaker again changes nothing
        record_change(
            session,
            actor=actor,
            action="attribution.set_speaker",
            entity="attribution",
            entity_id=attribution.id,
            data={"from": attribution.speaker_id, "to": speaker.id},
        )
        attribution.speaker = speaker
        session.flush()
    strength = strength or default_strength(speaker.type)
    if strength and strength != attribution.strength:
        set_strength(session, attribution, strength, actor=actor)
        return True
    return False


def pending_proposals(session: Session, document_id: int) -> list[Attribution]:
    return list(
        session.scalars(
            select(Attribution)
            .where(
                Attribution.document_id == document_id,
                Attribution.status == AttributionStatus.PROPOSED.value,
            )
            .order_by(Attribution.content_start, Attribution.id)
        )
    )


def decide(
    session: Session,
    attribution: Attribution,
    status: str | AttributionStatus,
    *,
    actor: str,
) -> None:
    """Confirm or reject a proposal; the history records the decision."""
    status = AttributionStatus(status)
    if status is AttributionStatus.PROPOSED:
        raise BadInput("a decision confirms or rejects")
    speaker = attribution.speaker
    if status is not AttributionStatus.REJECTED and speaker and speaker.merged_into_id:
        raise BadInput(
            f"attribution {attribution.id} stayed with {speaker.name!r} when it was merged, "
            "as a duplicate; unmerge the speaker first to bring it back"
        )
    old = attribution.status
    if old == status.value:
        return  # a decision that changes nothing is not a change
    attribution.status = status.value
    record_change(
        session,
        actor=actor,
        action=f"attribution.{'confirm' if status is AttributionStatus.CONFIRMED else 'reject'}",
        entity="attribution",
        entity_id=attribution.id,
        data={"from": old, "to": status.value},
    )
