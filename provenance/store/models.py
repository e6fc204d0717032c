"""The schema: documents, outlets, speakers, claims, attributions and their history.

Typed SQLAlchemy 2.0 declarative models. The migrations in ``migrations/`` create
exactly this schema (a test compares them); full-text search tables and the triggers
that keep them current live only in the migrations, because they are backend-specific.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from provenance.vocabulary import (
    AttributionStatus,
    Mode,
    RecordedVia,
    SourcingStrength,
    SpeakerType,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _one_of(column: str, values: Any) -> str:
    quoted = ", ".join(f"'{v.value}'" for v in values)
    return f"{column} IN ({quoted})"


def _span_check(prefix: str, *, required: bool) -> str:
    valid = f"{prefix}_start >= 0 AND {prefix}_start < {prefix}_end AND {prefix}_exact IS NOT NULL"
    if required:
        return valid
    absent = (
        f"{prefix}_start IS NULL AND {prefix}_end IS NULL AND {prefix}_exact IS NULL"
        f" AND {prefix}_prefix IS NULL AND {prefix}_suffix IS NULL"
    )
    return f"({absent}) OR ({valid})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Outlet(Base):
    """A publisher: "Financial Times", "The New York Times"."""

    __tablename__ = "outlets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # fold_key(name): how --outlet and ingest find it ("les echos" = "Les Échos")
    key: Mapped[str | None] = mapped_column(Text, index=True)

    documents: Mapped[list[Document]] = relationship(back_populates="outlet")


class Document(Base):
    """One version of one article. Its text never changes once stored."""

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
        CheckConstraint("revises_id IS NULL OR revises_id <> id", name="not_own_revision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    # of the file, page or record the text was read from, when that was not the text
    original_sha256: Mapped[str | None] = mapped_column(String(64))
    revises_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    outlet: Mapped[Outlet | None] = relationship(back_populates="documents")
    revises: Mapped[Document | None] = relationship(remote_side=[id])
    attributions: Mapped[list[Attribution]] = relationship(
        back_populates="document", order_by="Attribution.content_start"
    )


class Speaker(Base):
    """Who is cited.

    A named speaker (person or organisation) is global; an unnamed source is scoped
    to the one document it appears in, because "a person familiar with the matter"
    in two articles is not known to be one person.
    """

    __tablename__ = "speakers"
    __table_args__ = (
        CheckConstraint(_one_of("type", SpeakerType), name="type_known"),
        CheckConstraint(
            "(type = 'unnamed' AND document_id IS NOT NULL)"
            " OR (type <> 'unnamed' AND document_id IS NULL)",
            name="unnamed_scoped_to_document",
        ),
        CheckConstraint("holder_id IS NULL OR holder_id <> id", name="not_own_holder"),
        CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="not_own_merge"),
        # Partial unique indexes: one live named speaker per key, one live unnamed
        # source per key and document. Migration 0001 creates them on both backends;
        # only the SQLite form is repeated here, because naming postgresql_where would
        # import SQLAlchemy's PostgreSQL dialect into every SQLite command.
        Index(
            "uq_speakers_named_key",
            "key",
            unique=True,
            sqlite_where=text("document_id IS NULL AND merged_into_id IS NULL"),
        ),
        Index(
            "uq_speakers_unnamed_key",
            "document_id",
            "key",
            unique=True,
            sqlite_where=text("document_id IS NOT NULL AND merged_into_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    # fold_key(name): the identity of a speaker for lookups and uniqueness.
    key: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(20))
    description: Mapped[str | None] = mapped_column(Text)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    # An office or spokesperson can be linked to the person who holds it.
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id"), index=True)
    # A merged speaker stays as a tombstone so that the merge can be undone.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    aliases: Mapped[list[SpeakerAlias]] = relationship(
        back_populates="speaker", cascade="all, delete-orphan", order_by="SpeakerAlias.id"
    )
    holder: Mapped[Speaker | None] = relationship(remote_side=[id], foreign_keys=[holder_id])
    document: Mapped[Document | None] = relationship()


class SpeakerAlias(Base):
    """Another way a speaker is written: "Erdogan", "Turkish President Recep Tayyip Erdoğan"."""

    __tablename__ = "speaker_aliases"
    __table_args__ = (UniqueConstraint("speaker_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(Text, index=True)

    speaker: Mapped[Speaker] = relationship(back_populates="aliases")


class SpeakerToken(Base):
    """A blocking index for speaker resolution: one row per name token of a speaker.

    Resolving a name looks up the rare tokens of that name here and scores only the
    speakers they lead to, never every alias in the database.
    """

    __tablename__ = "speaker_tokens"
    __table_args__ = (UniqueConstraint("token", "speaker_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(80))
    speaker_id: Mapped[int] = mapped_column(
        ForeignKey("speakers.id", ondelete="CASCADE"), index=True
    )
    # the folded name or alias the token came from
    key: Mapped[str] = mapped_column(Text)


class Claim(Base):
    """What is asserted, independent of who asserted it where.

    The same claim attributed in several documents is corroboration.
    """

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    # claim_key_hash(claim_key_of(text)): claims are found by this hash of their
    # matching key, which is derived from the text rather than stored beside it
    key_hash: Mapped[int] = mapped_column(BigInteger, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    attributions: Mapped[list[Attribution]] = relationship(back_populates="claim")


class Attribution(Base):
    """The row everything hangs on: a claim, attributed to a speaker, at spans of a document.

    Each span is stored as a W3C TextPositionSelector (start, end: code points,
    half-open) together with its TextQuoteSelector (exact, prefix, suffix), so that
    ``document.text[start:end] == exact`` can be verified and the span found again in a
    revised article.
    """

    __tablename__ = "attributions"
    __table_args__ = (
        CheckConstraint(_one_of("strength", SourcingStrength), name="strength_known"),
        CheckConstraint(_one_of("mode", Mode), name="mode_known"),
        CheckConstraint(_one_of("status", AttributionStatus), name="status_known"),
        CheckConstraint(_one_of("recorded_via", RecordedVia), name="recorded_via_known"),
        CheckConstraint(_span_check("content", required=True), name="content_span"),
        CheckConstraint(_span_check("source", required=False), name="source_span"),
        CheckConstraint(_span_check("cue", required=False), name="cue_span"),
        CheckConstraint(
            "speaker_id IS NOT NULL OR strength = 'unattributed'",
            name="sourced_has_speaker",
        ),
        CheckConstraint(
            "confidence IS NULL OR (confidence >= 0 AND confidence <= 1)",
            name="confidence_range",
        ),
        UniqueConstraint("document_id", "content_start", "content_end", "speaker_id"),
        Index("ix_attributions_speaker_strength", "speaker_id", "strength"),
        Index("ix_attributions_document_strength", "document_id", "strength"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id"))
    strength: Mapped[str] = mapped_column(String(24))
    mode: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(12), default=AttributionStatus.CONFIRMED.value)
    recorded_via: Mapped[str] = mapped_column(String(12), default=RecordedVia.HAND.value)
    recorded_by: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float | None] = mapped_column(Float)
    # The attribution in the earlier version of the article this one was carried from.
    revised_from_id: Mapped[int | None] = mapped_column(ForeignKey("attributions.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    content_start: Mapped[int] = mapped_column(Integer)
    content_end: Mapped[int] = mapped_column(Integer)
    content_exact: Mapped[str] = mapped_column(Text)
    content_prefix: Mapped[str] = mapped_column(Text, default="")
    content_suffix: Mapped[str] = mapped_column(Text, default="")

    source_start: Mapped[int | None] = mapped_column(Integer)
    source_end: Mapped[int | None] = mapped_column(Integer)
    source_exact: Mapped[str | None] = mapped_column(Text)
    source_prefix: Mapped[str | None] = mapped_column(Text)
    source_suffix: Mapped[str | None] = mapped_column(Text)

    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    cue_exact: Mapped[str | None] = mapped_column(Text)
    cue_prefix: Mapped[str | None] = mapped_column(Text)
    cue_suffix: Mapped[str | None] = mapped_column(Text)

    document: Mapped[Document] = relationship(back_populates="attributions")
    speaker: Mapped[Speaker | None] = relationship()
    claim: Mapped[Claim | None] = relationship(back_populates="attributions")


class Change(Base):
    """The append-only history: every change prov makes, who made it and when.

    Triggers created by the migrations refuse UPDATE and DELETE on this table.
    """

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    actor: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(64), index=True)
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    digest: Mapped[str | None] = mapped_column(String(64))
    """SHA-256 of the entry before and of this one (see :mod:`provenance.store.history`)."""

    __table_args__ = (Index("ix_changes_entity", "entity", "entity_id"),)
