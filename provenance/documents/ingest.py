"""Storing one immutable version of an article, and finding it again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.errors import BadInput, DuplicateDocument, NotFound
from provenance.store.history import record_change
from provenance.store.models import Document, Outlet
from provenance.text.digest import text_sha256
from provenance.text.folding import fold_key, is_blank, normalize_text

__all__ = [
    "OUTLET_NAME_MAX",
    "checked_outlet",
    "get_document",
    "ingest_document",
    "outlet_named",
    "parse_date",
]


def parse_date(value: str | dt.date | None) -> dt.date | None:
    """``YYYY-MM-DD`` (or a date) to a date; anything else is a :class:`BadInput`."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


OUTLET_NAME_MAX: int = Outlet.__table__.c.name.type.length  # type: ignore[attr-defined]
"""The longest outlet name a database holds (the column's length on PostgreSQL, kept
on SQLite too, so that a backup restores on either)."""


def checked_outlet(name: str | None, where: str | None = None) -> str | None:
    """``name`` with its white space collapsed, ``None`` when blank; refused when it
    is longer than :data:`OUTLET_NAME_MAX` (``where`` says which input said it)."""
    if not name or not name.strip():
        return None
    name = " ".join(name.split())
    if len(name) > OUTLET_NAME_MAX:
        at = f"{where}: " if where else ""
        raise BadInput(
            f"{at}the outlet name is {len(name):,} characters; at most {OUTLET_NAME_MAX} "
            "fit: give the outlet's name, not a description"
        )
    return name


def outlet_named(session: Session, name: str | None) -> Outlet | None:
    """The outlet called ``name``, created on first use."""
    name = checked_outlet(name)
    if name is None:
        return None
    outlet = session.scalar(
        select(Outlet).where(Outlet.key == fold_key(name)).order_by(Outlet.id).limit(1)
    )
    if outlet is None:
        outlet = Outlet(name=name, key=fold_key(name))
        session.add(outlet)
        session.flush()
    return outlet


def get_document(session: Session, doc_id: int) -> Document:
    document = session.get(Document, doc_id)
    if document is None:
        raise NotFound(f"no document {doc_id}; `prov documents` lists them")
    return document


def ingest_document(
    session: Session,
    text: str,
    *,
    actor: str,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: str | dt.date | None = None,
    authors: Sequence[str] = (),
    revises: Document | None = None,
    original_sha256: str | None = None,
) -> Document:
    """Store ``text`` (normalised to NFC and ``\\n``) as a new document.

    Raises :class:`DuplicateDocument` when the same text is already stored.
    """
    stored = normalize_text(text)
    if is_blank(stored):
        raise BadInput("the article is empty; give a file with the article's text")
    if "\x00" in stored:
        raise BadInput("the article holds NUL characters; give its plain text")
    digest = text_sha256(stored)
    existing = session.scalar(select(Document.id).where(Document.sha256 == digest))
    if existing is not None:
        raise DuplicateDocument(existing)
    document = Document(
        text=stored,
        sha256=digest,
        title=title,
        url=url or None,
        published=parse_date(published),
        authors=[a for a in authors if a],
        outlet=outlet_named(session, outlet),
        revises=revises,
        original_sha256=original_sha256,
    )
    session.add(document)
    session.flush()
    record_change(
        session,
        actor=actor,
        action="document.revise" if revises else "document.ingest",
        entity="document",
        entity_id=document.id,
        data={
            "sha256": digest,
            "title": title,
            "revises": revises.id if revises else None,
            "characters": len(stored),
        },
    )
    return document
