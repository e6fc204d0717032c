"""Reading speakers out: the speakers table and one speaker's profile."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from provenance.store.models import Attribution, Speaker

__all__ = ["speaker_profile", "speaker_table"]


def speaker_table(session: Session, *, speaker_type: str | None = None) -> list[dict[str, Any]]:
    """One row per live speaker: type, usual strength, attributions, documents."""
    query = (
        select(Speaker)
        .options(selectinload(Speaker.aliases))
        .where(Speaker.merged_into_id.is_(None))
        .order_by(Speaker.id)
    )
    if speaker_type:
        query = query.where(Speaker.type == speaker_type)
    speakers = session.scalars(query).all()
    counts: dict[int | None, dict[str, int]] = {}
    documents: dict[int | None, int] = {}
    for speaker_id, strength, n in session.execute(
        select(Attribution.speaker_id, Attribution.strength, func.count())
        .where(Attribution.speaker_id.is_not(None), Attribution.status != "rejected")
        .group_by(Attribution.speaker_id, Attribution.strength)
    ):
        counts.setdefault(speaker_id, {})[strength] = n
    for speaker_id, n in session.execute(
        select(Attribution.speaker_id, func.count(func.distinct(Attribution.document_id)))
        .where(Attribution.speaker_id.is_not(None), Attribution.status != "rejected")
        .group_by(Attribution.speaker_id)
    ):
        documents[speaker_id] = n
    rows: list[dict[str, Any]] = []
    for s in speakers:
        mix = counts.get(s.id, {})
        usual = max(mix.items(), key=lambda kv: (kv[1], kv[0]))[0] if mix else None
        rows.append(
            {
                "id": s.id,
                "speaker": s.name,
                "type": s.type,
                "strength": usual,
                "attributions": sum(mix.values()),
                "documents": documents.get(s.id, 0),
                "scope": f"document {s.document_id}" if s.document_id else "global",
                "aliases": [a.alias for a in s.aliases],
            }
        )
    rows.sort(key=lambda r: (-r["attributions"], r["speaker"].casefold()))
    return rows


def speaker_profile(session: Session, speaker: Speaker) -> dict[str, Any]:
    """Everything about one speaker: names, affiliations, every attribution."""
    attributions = session.scalars(
        select(Attribution)
        .where(Attribution.speaker_id == speaker.id)
        .order_by(Attribution.document_id, Attribution.content_start)
    ).all()
    offices = session.scalars(select(Speaker.name).where(Speaker.holder_id == speaker.id)).all()
    merged = session.scalars(select(Speaker.name).where(Speaker.merged_into_id == speaker.id)).all()
    return {
        "id": speaker.id,
        "name": speaker.name,
        "type": speaker.type,
        "description": speaker.description,
        "scope": f"document {speaker.document_id}" if speaker.document_id else "global",
        "aliases": [a.alias for a in speaker.aliases],
        "holder": speaker.holder.name if speaker.holder else None,
        "offices": list(offices),
        "merged_from": list(merged),
        "attributions": [
            {
                "id": a.id,
                "document": a.document_id,
                "strength": a.strength,
                "mode": a.mode,
                "status": a.status,
                "text": a.content_exact,
                "start": a.content_start,
                "end": a.content_end,
            }
            for a in attributions
        ],
    }
