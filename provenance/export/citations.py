"""Citations: the attributions an export carries, with everything a reader needs to
find each quote again (who, how strongly sourced, where, and a link to the words).

One query, filtered by :class:`~provenance.filters.AttributionFilter` exactly as
search and audit are, ordered by document and position, streamed: a document's text
is read only when it has a URL to link to, and only while its quotes are written.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import bindparam, case, null, select
from sqlalchemy.orm import Session, aliased

from provenance.attributions.filters import AttributionFilter
from provenance.store.models import Attribution, Change, Document, Outlet, Speaker
from provenance.vocabulary import AttributionStatus, RecordedVia

__all__ = [
    "BATCH_ROWS",
    "CITATION_COLUMNS",
    "Citation",
    "CitedDocument",
    "CitedSpeaker",
    "citation_rows",
    "is_web_url",
    "load_citations",
    "software_version",
]

CITATION_COLUMNS: tuple[str, ...] = (
    "id",
    "quote",
    "speaker",
    "speaker_type",
    "strength",
    "mode",
    "cue",
    "source",
    "status",
    "document",
    "title",
    "outlet",
    "published",
    "url",
    "start",
    "end",
    "link",
)
"""The fields of a citation row, in order: csv columns and json keys.

``quote`` is the content span exactly as stored; ``source`` the source mention as
written ("a Turkish defence official"); ``document`` the document's id; ``start``
and ``end`` code-point offsets into its stored text, half-open; ``link`` the URL with
a text fragment that highlights the quote (empty without a web URL).
"""

# Names quotes stably across databases: same article text, span and speaker, same id.
_ANNOTATION_NAMESPACE = uuid.UUID("6f1c1f9e-2a53-5a43-9d0e-8d4b1f0c7a21")


@functools.cache
def software_version() -> str:
    """prov's version, as installed (``"unknown"`` when run from an unpacked tree)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("quoteprov")
    except PackageNotFoundError:
        return "unknown"


def is_web_url(url: str | None) -> bool:
    """Whether ``url`` is an http(s) URL: the only kind an export turns into a link
    (a stored ``javascript:`` URL stays text)."""
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


@dataclass(frozen=True, slots=True)
class CitedDocument:
    """The version of an article a quote stands in."""

    id: int
    title: str | None
    outlet: str | None
    outlet_id: int | None
    published: dt.date | None
    url: str | None
    authors: tuple[str, ...]
    sha256: str
    revises_id: int | None
    revises_sha256: str | None


@dataclass(frozen=True, slots=True)
class CitedSpeaker:
    """Who is cited; an office or spokesperson may name its holder."""

    id: int
    name: str
    type: str
    description: str | None
    holder_id: int | None
    holder_name: str | None
    holder_type: str | None


@dataclass(frozen=True, slots=True)
class Citation:
    """One attribution as exported: the quote, its speaker, its document."""

    id: int
    document: CitedDocument
    speaker: CitedSpeaker | None
    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    strength: str
    mode: str
    status: str
    cue: str | None
    source: str | None
    recorded_by: str | None
    recorded_via: str
    confidence: float | None
    created_at: dt.datetime | None
    link: str | None
    reviewed_by: str | None = None
    """Who confirmed or rejected a proposal, from the history (``None`` when not asked
    for, not decided, or decided in another database before an import)."""

    @property
    def uid(self) -> uuid.UUID:
        """A name for this quote that another database holding the same article
        text, span and speaker gives it too (the database id does not travel)."""
        who = self.speaker.name if self.speaker else ""
        key = f"{self.document.sha256}:{self.start}:{self.end}:{who}"
        return uuid.uuid5(_ANNOTATION_NAMESPACE, key)

    def row(self) -> dict[str, Any]:
        """The citation as a flat row with :data:`CITATION_COLUMNS` as keys."""
        doc = self.document
        return {
            "id": self.id,
            "quote": self.quote,
            "speaker": self.speaker.name if self.speaker else None,
            "speaker_type": self.speaker.type if self.speaker else None,
            "strength": self.strength,
            "mode": self.mode,
            "cue": self.cue,
            "source": self.source,
            "status": self.status,
            "document": doc.id,
            "title": doc.title,
            "outlet": doc.outlet,
            "published": doc.published.isoformat() if doc.published else None,
            "url": doc.url,
            "start": self.start,
            "end": self.end,
            "link": self.link,
        }


def citation_rows(citations: Iterable[Citation]) -> Iterator[dict[str, Any]]:
    """Each citation as its flat row (:meth:`Citation.row`)."""
    for citation in citations:
        yield citation.row()


def _decided_by(a: type[Attribution]) -> Any:
    """Who made the latest review decision on a proposal: the actor of its last
    ``attribution.confirm``/``reject`` history entry (an index probe on
    ``ix_changes_entity``, made only for extractor rows no longer proposed)."""
    latest = (
        select(Change.actor)
        .where(
            Change.entity == "attribution",
            Change.entity_id == a.id,
            Change.action.in_(("attribution.confirm", "attribution.reject")),
        )
        .order_by(Change.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    decided = (a.recorded_via == RecordedVia.EXTRACTOR.value) & (
        a.status != AttributionStatus.PROPOSED.value
    )
    return case((decided, latest), else_=null())


BATCH_ROWS = 1000
"""Rows fetched from the database at a time while an export streams."""


def load_citations(
    session: Session,
    attribution_filter: AttributionFilter | None = None,
    *,
    batch_rows: int = BATCH_ROWS,
    reviewers: bool = False,
) -> Iterator[Citation]:
    """The attributions ``attribution_filter`` keeps (default: all but rejected), by
    document and then position in it, with a quote link for documents with a URL.

    Rows stream, ``batch_rows`` at a time: memory holds one batch and one
    document's text, however many attributions there are. ``reviewers`` also reads
    who decided each reviewed proposal (:attr:`Citation.reviewed_by`), one indexed
    look-up in the history per such proposal, for the formats that name agents."""
    from provenance.export.text_fragment import QuoteTargeter, with_text_directive

    holder = aliased(Speaker)
    earlier = aliased(Document)
    a = Attribution
    query = (
        select(
            a.id,
            a.content_exact,
            a.content_prefix,
            a.content_suffix,
            a.content_start,
            a.content_end,
            a.strength,
            a.mode,
            a.status,
            a.cue_exact,
            a.source_exact,
            a.recorded_by,
            a.recorded_via,
            a.confidence,
            a.created_at,
            Document.id,
            Document.title,
            Document.published,
            Document.url,
            Document.authors,
            Document.sha256,
            Document.revises_id,
            earlier.sha256,
            Outlet.id,
            Outlet.name,
            Speaker.id,
            Speaker.name,
            Speaker.type,
            Speaker.description,
            holder.id,
            holder.name,
            holder.type,
            _decided_by(a) if reviewers else null(),
        )
        .select_from(a)
        .join(Document, a.document_id == Document.id)
        .outerjoin(Outlet, Document.outlet_id == Outlet.id)
        .outerjoin(earlier, Document.revises_id == earlier.id)
        .outerjoin(Speaker, a.speaker_id == Speaker.id)
        .outerjoin(holder, Speaker.holder_id == holder.id)
        .order_by(Document.id, a.content_start, a.content_end, a.id)
    )
    query = (attribution_filter or AttributionFilter()).apply(query)

    # Core rows, not ORM loading: the query names columns only, and at a million
    # rows the ORM's per-row work was most of an export's time. yield_per streams
    # (a server-side cursor on PostgreSQL; SQLite's cursor streams as it is).
    connection = session.connection()
    text_of = select(Document.text).where(Document.id == bindparam("document_id"))
    document: CitedDocument | None = None
    targeter: QuoteTargeter | None = None
    speakers: dict[int, CitedSpeaker] = {}
    for row in connection.execution_options(yield_per=batch_rows).execute(query):
        fields: tuple[Any, ...] = tuple(row)
        (
            attribution_id,
            exact,
            prefix,
            suffix,
            start,
            end,
            strength,
            mode,
            status,
            cue,
            source,
            recorded_by,
            recorded_via,
            confidence,
            created_at,
            document_id,
            title,
            published,
            url,
            authors,
            sha256,
            revises_id,
            revises_sha256,
            outlet_id,
            outlet_name,
            speaker_id,
            speaker_name,
            speaker_type,
            speaker_description,
            holder_id,
            holder_name,
            holder_type,
            reviewed_by,
        ) = fields
        if document is None or document.id != document_id:
            document = CitedDocument(
                id=document_id,
                title=title,
                outlet=outlet_name,
                outlet_id=outlet_id,
                published=published,
                url=url,
                authors=tuple(authors or ()),
                sha256=sha256,
                revises_id=revises_id,
                revises_sha256=revises_sha256,
            )
            targeter = None
            if is_web_url(url):
                text = connection.execute(text_of, {"document_id": document_id}).scalar()
                targeter = QuoteTargeter(text or "")
        speaker = None
        if speaker_id is not None:
            speaker = speakers.get(speaker_id)
            if speaker is None:
                speaker = CitedSpeaker(
                    id=speaker_id,
                    name=speaker_name,
                    type=speaker_type,
                    description=speaker_description,
                    holder_id=holder_id,
                    holder_name=holder_name,
                    holder_type=holder_type,
                )
                speakers[speaker_id] = speaker
        link = None
        if targeter is not None and url:
            directive = targeter.directive(start, end)
            if directive is not None:
                link = with_text_directive(url.strip(), directive)
        yield Citation(
            id=attribution_id,
            document=document,
            speaker=speaker,
            quote=exact,
            prefix=prefix or "",
            suffix=suffix or "",
            start=start,
            end=end,
            strength=strength,
            mode=mode,
            status=status,
            cue=cue,
            source=source,
            recorded_by=recorded_by,
            recorded_via=recorded_via,
            confidence=confidence,
            created_at=created_at,
            reviewed_by=reviewed_by,
            link=link,
        )
