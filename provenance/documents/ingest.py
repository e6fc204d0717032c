"""Documents: reading article files, storing one immutable version of an article."""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.errors import BadInput, NotFound, ProvError
from provenance.text.folding import fold_key, normalize_text
from provenance.store.history import record_change
from provenance.store.models import Document, Outlet

__all__ = [
    "DuplicateDocument",
    "get_document",
    "ingest_document",
    "outlet_named",
    "parse_date",
    "read_article",
    "text_sha256",
]


class DuplicateDocument(ProvError):
    """The same text is already stored."""

    def __init__(self, existing_id: int):
        self.existing_id = existing_id
        super().__init__(
            f"this text is already stored as document {existing_id}; "
            f"use --doc {existing_id}, or `prov revise {existing_id} FILE` for a new version"
        )


def read_article(
    path: str | Path, *, what: str = "the article's text", allow_empty: bool = False
) -> str:
    """Read an article file (``-`` for standard input) as UTF-8 text.

    ``allow_empty`` for a file that may rightly hold nothing (the bundle of an empty
    database).

    Every way this can fail ends in a :class:`BadInput` whose message names the
    file and says what to do.
    """
    name = str(path)
    try:
        if name == "-":
            data = sys.stdin.buffer.read()
            name = "standard input"
        else:
            data = Path(path).read_bytes()
    except FileNotFoundError:
        raise BadInput(f"{name}: no such file; check the path") from None
    except IsADirectoryError:
        raise BadInput(f"{name} is a folder; give the path of an article file") from None
    except PermissionError:
        raise BadInput(f"{name}: permission denied; check the file's permissions") from None
    except OSError as exc:
        raise BadInput(f"{name}: cannot read ({exc.strerror}); check the file") from None
    if not data.strip() and not allow_empty:
        raise BadInput(f"{name} is empty; give a file with {what}")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise BadInput(
            f"{name} is UTF-16, not UTF-8; convert it first, e.g. iconv -f UTF-16 -t UTF-8 {name}"
        )
    if b"\x00" in data:
        raise BadInput(f"{name} looks binary (it holds NUL bytes); give a plain-text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(
            f"{name} is not UTF-8 (invalid byte at offset {exc.start}); convert it first, "
            f"e.g. iconv -f WINDOWS-1252 -t UTF-8 {name if name != 'standard input' else 'FILE'}"
        ) from None
    if not allow_empty and is_blank(text):  # a byte-order mark or zero-width spaces only
        raise BadInput(f"{name} is empty; give a file with {what}")
    return text


def is_blank(text: str) -> bool:
    """Nothing but white space and invisible format characters (zero-width space,
    byte-order mark, joiners)."""
    return all(c.isspace() or unicodedata.category(c) == "Cf" for c in text)


def text_sha256(text: str) -> str:
    """The SHA-256 of a stored text, over its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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


def outlet_named(session: Session, name: str | None) -> Outlet | None:
    """The outlet called ``name``, created on first use."""
    if not name or not name.strip():
        return None
    name = " ".join(name.split())
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
