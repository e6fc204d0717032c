"""The unnamed detail of one article: every attribution to an unnamed source, in
reading order, with the spans a reviewer checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.attributions.filters import AttributionFilter
from provenance.audit.ratios import UNNAMED_CLASSES
from provenance.errors import NotFound
from provenance.store.models import Attribution, Document, Speaker

__all__ = ["UnnamedAttribution", "unnamed_detail"]


@dataclass(frozen=True)
class UnnamedAttribution:
    """One attribution to an unnamed source, with the spans a reviewer checks."""

    id: int
    document: int
    speaker: str
    strength: str
    mode: str
    content: str
    content_start: int
    content_end: int
    source: str | None
    source_start: int | None
    source_end: int | None
    cue: str | None
    cue_start: int | None
    cue_end: int | None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def unnamed_detail(
    session: Session, document_id: int, filter: AttributionFilter | None = None
) -> list[UnnamedAttribution]:
    """Every attribution of one document to an unnamed source, in reading order.

    ``source`` is the mention as written ("the official"), ``speaker`` who it is
    recorded as ("a former senior Israeli official"); a quote that runs on with no
    mention of its own has no source span.
    """
    if session.get(Document, document_id) is None:
        raise NotFound(f"no document {document_id}; `prov documents` lists them")
    a = Attribution
    query = (
        select(a, Speaker.name)
        .join(Speaker, Speaker.id == a.speaker_id)
        .where(a.document_id == document_id, a.strength.in_(UNNAMED_CLASSES))
        .order_by(a.content_start, a.id)
    )
    query = (filter or AttributionFilter()).apply(query)
    return [
        UnnamedAttribution(
            id=row.id,
            document=row.document_id,
            speaker=name,
            strength=row.strength,
            mode=row.mode,
            content=row.content_exact,
            content_start=row.content_start,
            content_end=row.content_end,
            source=row.source_exact,
            source_start=row.source_start,
            source_end=row.source_end,
            cue=row.cue_exact,
            cue_start=row.cue_start,
            cue_end=row.cue_end,
        )
        for row, name in session.execute(query)
    ]
