"""Revising an article: store the new version and carry every attribution over.

Each attribution of the old version is re-anchored in the new text
(:func:`provenance.anchoring.reanchor`): ``unchanged`` and ``moved`` carry over as
they were; ``changed`` carries over with the new text as ``proposed``, so that a
person confirms a quietly edited quote; ``lost`` is reported and not carried. A source
or cue span that is edited or lost makes the carried attribution ``proposed`` too.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.attributions.recording import record_attribution, stored_span
from provenance.documents.ingest import ingest_document
from provenance.errors import BadInput
from provenance.speakers.directory import ensure_speaker
from provenance.store.history import record_change
from provenance.store.models import Attribution, Document, Speaker
from provenance.text.locate import FoldedText
from provenance.text.reanchor import AnchorStatus, Reanchoring, context_agreement, reanchor
from provenance.text.spans import Span
from provenance.vocabulary import AttributionStatus, RecordedVia, SpeakerType

__all__ = ["CarriedAttribution", "revise_document"]


@dataclass(frozen=True)
class CarriedAttribution:
    """What happened to one attribution of the old version."""

    id: int
    new_id: int | None
    status: str
    similarity: float
    method: str
    old_start: int
    old_end: int
    old_text: str
    new_start: int | None
    new_end: int | None
    new_text: str | None
    source_status: str | None = None
    cue_status: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def _speaker_in(
    session: Session, speaker: Speaker | None, document: Document, actor: str
) -> Speaker | None:
    """The speaker to use in the new version: unnamed sources belong to one document,
    so the new version gets its own, of the same name."""
    if speaker is None or speaker.type != SpeakerType.UNNAMED.value:
        return speaker
    return ensure_speaker(
        session,
        speaker.name,
        SpeakerType.UNNAMED,
        actor=actor,
        document=document,
        description=speaker.description,
    )


_STATUS_RANK = {AnchorStatus.UNCHANGED: 0, AnchorStatus.MOVED: 1, AnchorStatus.CHANGED: 2}


@dataclass
class _Found:
    """One old attribution and where its spans stand in the new text."""

    attribution: Attribution
    content: Span
    anchored: Reanchoring
    extras: dict[str, Reanchoring | None]


def _uncontested(found: list[_Found], view: FoldedText, old_text: str) -> None:
    """Two passages of the old text cannot both be one passage of the new: when a
    repeated quote loses a copy, the old spans that land on the same new span are
    ranked (unchanged, then moved, then changed; then by how much of their old context
    still stands there; then by nearness) and all but the best are ``lost``."""
    claims: dict[tuple[int, int], list[_Found]] = {}
    for f in found:
        if f.anchored.span is not None:
            claims.setdefault((f.anchored.span.start, f.anchored.span.end), []).append(f)
    text = view.text
    for (start, end), rivals in list(claims.items()):
        old_spans = {(f.content.start, f.content.end) for f in rivals}
        if len(old_spans) < 2:
            continue  # several speakers of one passage: all carry over
        best = min(
            rivals,
            key=lambda f: (
                _STATUS_RANK[f.anchored.status],
                -context_agreement(f.content, text, start, end),
                abs(f.content.start - start),
                f.content.start,
            ),
        )
        winner = (best.content.start, best.content.end)
        for f in rivals:
            if (f.content.start, f.content.end) == winner:
                continue
            # its own place may still stand, edited: look there, never at the taken copy
            again = reanchor(f.content, view, old_text=old_text, elsewhere_than=(start, end))
            if again.span is None or again.status is AnchorStatus.LOST:
                again = Reanchoring(AnchorStatus.LOST, None, f.anchored.similarity, "taken")
            f.anchored = again


DETACHED = "detached"
"""The report's status for a source or cue found only away from its quote (on its other
side, or past a sentence or paragraph break that was not there): another sentence's
source or cue, so it is not carried over, and the attribution is proposed."""


def _gap(text: str, content: Span, other: Span) -> tuple[str, str]:
    """Which side of a quote its source or cue stands on, and the text between them."""
    if other.end <= content.start:
        return "before", text[other.end : content.start]
    if other.start >= content.end:
        return "after", text[content.end : other.start]
    return "within", ""


_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+[\"“‘(]*[A-Z]")


def _apart(old_side: str, old_gap: str, new_side: str, new_gap: str) -> bool:
    """Whether a source or cue now stands elsewhere relative to its quote: on the other
    side of it, or with a paragraph or sentence break between them that was not there
    (an apposition or a few words edited in between are not that)."""
    if old_side != new_side:
        return True
    return _breaks(old_gap) != _breaks(new_gap)


def _breaks(gap: str) -> tuple[int, int]:
    return gap.count("\n"), len(_SENTENCE_END.findall(gap))


def _extra_status(found: Reanchoring | None) -> str | None:
    return found.status.value if found is not None else None


def revise_document(
    session: Session,
    old: Document,
    new_text: str,
    *,
    actor: str,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
) -> tuple[Document, list[CarriedAttribution]]:
    """Store ``new_text`` as the next version of ``old`` and re-anchor its attributions.

    Versions form one line: a version already revised is refused (revise its latest).

    An attribution whose content is found with edits, or whose source or cue span is
    edited or lost, is carried over as ``proposed``: a person confirms it. The report
    gives the content's status, and the source's and cue's (``None`` where there was
    none)."""
    # lock the version (PostgreSQL; SQLite writers queue already) so that two revisions
    # of it at once cannot both pass the check below and branch the line
    session.execute(select(Document.id).where(Document.id == old.id).with_for_update())
    later = session.scalar(select(Document.id).where(Document.revises_id == old.id))
    if later is not None:
        raise BadInput(
            f"document {old.id} was revised already, by document {later}; revise the "
            f"latest version (prov documents lists them), e.g. prov revise {later} FILE"
        )
    new = ingest_document(
        session,
        new_text,
        actor=actor,
        title=title or old.title,
        outlet=old.outlet.name if old.outlet else None,
        url=url or old.url,
        published=published or old.published,
        authors=list(old.authors or []),
        revises=old,
    )
    view = FoldedText(new.text)
    found: list[_Found] = []
    for attribution in sorted(old.attributions, key=lambda a: (a.content_start, a.id)):
        if attribution.status == AttributionStatus.REJECTED.value:
            continue
        content = stored_span(attribution, "content")
        assert content is not None
        anchored = reanchor(content, view, old_text=old.text)
        extras: dict[str, Reanchoring | None] = {}
        for role in ("source", "cue"):
            span = stored_span(attribution, role)
            extras[role] = reanchor(span, view, old_text=old.text) if span is not None else None
        found.append(_Found(attribution, content, anchored, extras))
    _uncontested(found, view, old.text)

    report: list[CarriedAttribution] = []
    for f in found:
        attribution, content, anchored = f.attribution, f.content, f.anchored
        new_id = None
        extra_status = {role: _extra_status(r) for role, r in f.extras.items()}
        if anchored.status is not AnchorStatus.LOST and anchored.span is not None:
            spans = {
                role: (r.span if r is not None and r.status is not AnchorStatus.LOST else None)
                for role, r in f.extras.items()
            }
            for role, span in spans.items():
                old_span = stored_span(attribution, role)
                if (
                    span is not None
                    and old_span is not None
                    and _apart(
                        *_gap(old.text, content, old_span), *_gap(new.text, anchored.span, span)
                    )
                ):
                    extra_status[role] = DETACHED  # found only away from its quote:
                    spans[role] = None  # that is another sentence's source or cue
            edited = anchored.status is AnchorStatus.CHANGED or any(
                status in (AnchorStatus.CHANGED.value, AnchorStatus.LOST.value, DETACHED)
                for status in extra_status.values()
            )
            carried = record_attribution(
                session,
                new,
                content=anchored.span,
                source=spans["source"],
                cue=spans["cue"],
                speaker=_speaker_in(session, attribution.speaker, new, actor),
                strength=attribution.strength,
                mode=attribution.mode,
                status=AttributionStatus.PROPOSED if edited else attribution.status,
                via=RecordedVia.REVISION,
                confidence=attribution.confidence,
                actor=actor,
                revised_from=attribution,
            )
            new_id = carried.id
        row = CarriedAttribution(
            id=attribution.id,
            new_id=new_id,
            status=anchored.status.value,
            similarity=round(anchored.similarity, 1),
            method=anchored.method,
            old_start=content.start,
            old_end=content.end,
            old_text=content.exact,
            new_start=anchored.span.start if anchored.span else None,
            new_end=anchored.span.end if anchored.span else None,
            new_text=anchored.span.exact if anchored.span else None,
            source_status=extra_status["source"],
            cue_status=extra_status["cue"],
        )
        report.append(row)
        record_change(
            session,
            actor=actor,
            action="attribution.reanchor",
            entity="attribution",
            entity_id=attribution.id,
            data={"document": new.id, **row.as_dict()},
        )
    return new, report
