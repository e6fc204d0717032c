"""Writing the bundle, prov's interchange and backup format (JSON Lines, one document a
line).

The fields DESIGN.md lists are the stable interface. A bundle written by prov also
carries what a lossless round trip needs (status, who recorded each attribution and
how, confidence, an office's holder, a revision's predecessor); a reader that does
not know them can ignore them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session, selectinload

from provenance.store.models import Attribution, Document, Speaker

__all__ = ["bundle_lines", "document_record"]


def _span_record(start: int | None, end: int | None, exact: str | None) -> dict | None:
    if start is None:
        return None
    return {"start": start, "end": end, "exact": exact}


def _speaker_record(speaker: Speaker | None, *, holders: int = 64) -> dict[str, Any] | None:
    """The speaker as a bundle writes it; an office's holder is written in full (with its
    own holder, up the chain), since the holder may be cited nowhere else."""
    if speaker is None:
        return None
    record: dict[str, Any] = {
        "name": speaker.name,
        "type": speaker.type,
        "description": speaker.description,
        "aliases": [a.alias for a in speaker.aliases],
    }
    if speaker.holder is not None and holders > 0:
        record["holder"] = _speaker_record(speaker.holder, holders=holders - 1)
    merged = _merged_into(speaker)
    if merged:
        record["merged"] = merged
    return record


def _merged_into(speaker: Speaker) -> list[dict[str, str]]:
    """The speakers merged into ``speaker`` (and into those, down the chain): a restore
    keeps them as merged names, so an older bundle imported later finds them there."""
    session = object_session(speaker)
    if session is None:
        return []
    found: list[dict[str, str]] = []
    frontier, seen = [speaker.id], {speaker.id}
    while frontier:
        rows = session.scalars(
            select(Speaker).where(Speaker.merged_into_id.in_(frontier)).order_by(Speaker.id)
        ).all()
        frontier = [r.id for r in rows if r.id not in seen]
        seen.update(frontier)
        found += [{"name": r.name, "type": r.type} for r in rows]
    return found


def document_record(document: Document) -> dict[str, Any]:
    """One bundle line (as a dict) for ``document`` and all its attributions."""
    attributions = []
    for a in sorted(document.attributions, key=lambda a: (a.content_start, a.id)):
        attributions.append(
            {
                "speaker": _speaker_record(a.speaker),
                "strength": a.strength,
                "mode": a.mode,
                "content": _span_record(a.content_start, a.content_end, a.content_exact),
                "source": _span_record(a.source_start, a.source_end, a.source_exact),
                "cue": _span_record(a.cue_start, a.cue_end, a.cue_exact),
                "status": a.status,
                "recorded_via": a.recorded_via,
                "recorded_by": a.recorded_by,
                "confidence": a.confidence,
            }
        )
    record: dict[str, Any] = {
        "document": {
            "title": document.title,
            "outlet": document.outlet.name if document.outlet else None,
            "url": document.url,
            "published": document.published.isoformat() if document.published else None,
            "authors": list(document.authors or []),
            "text": document.text,
            "sha256": document.sha256,
            "revises": document.revises.sha256 if document.revises else None,
        },
        "attributions": attributions,
    }
    if document.original_sha256:  # only then: bundles of documents without one stay as they were
        record["document"]["original_sha256"] = document.original_sha256
    return record


def bundle_lines(session: Session, document_ids: Iterable[int] | None = None) -> Iterator[str]:
    """The bundle, one JSON line per document, oldest first (a revision after its original)."""
    query = (
        select(Document)
        .options(
            selectinload(Document.outlet),
            selectinload(Document.revises),
            selectinload(Document.attributions)
            .selectinload(Attribution.speaker)
            .selectinload(Speaker.aliases),
        )
        .order_by(Document.id)
    )
    if document_ids is not None:
        query = query.where(Document.id.in_(list(document_ids)))
    for document in session.scalars(query):
        yield json.dumps(document_record(document), ensure_ascii=False)
