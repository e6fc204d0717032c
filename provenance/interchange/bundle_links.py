"""The links a bundle makes last, once every line is read: a version to the version it
revises, an office to its holder. Either may point further on in the file; neither may
close a loop, and a link the database already holds otherwise is kept, with a note."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.speakers.directory import (
    add_alias,
    find_or_create_exactly,
    find_speaker,
    holds_above,
)
from provenance.store.chains import reaches
from provenance.store.history import record_change
from provenance.store.models import Document, Speaker

__all__ = ["link_holders", "link_revisions"]

Note = Callable[[str], None]


def link_revisions(
    session: Session, revisions: list[tuple[int, str, str]], note: Note, actor: str
) -> None:
    """Make each document (by id) revise the document whose SHA-256 the bundle names."""
    for document_id, digest, where in revisions:
        document = session.get(Document, document_id)
        assert document is not None
        original = session.scalar(select(Document).where(Document.sha256 == digest))
        if original is None or original.id == document.id:
            why = (
                "revises itself"
                if original is not None
                else f"revises a document that is neither in the bundle nor stored "
                f"(sha256 {digest[:12]}…)"
            )
            note(f"{where}: {why}; the link is left empty")
            continue
        if document.revises_id is not None and document.revises_id != original.id:
            note(
                f"{where}: document {document.id} revises document {document.revises_id} "
                f"already; the bundle's other predecessor (document {original.id}) is left out"
            )
            continue
        if document.revises_id == original.id:
            continue
        if reaches(original, document, lambda d: d.revises, lambda d: d.id):
            note(
                f"{where}: document {document.id} revising document {original.id} would make "
                "the versions revise each other in a loop; the link is left empty"
            )
            continue
        session.execute(select(Document.id).where(Document.id == original.id).with_for_update())
        revised_by = session.scalar(select(Document.id).where(Document.revises == original))
        if revised_by is not None and revised_by != document.id:
            note(
                f"{where}: document {original.id} is revised by document {revised_by} "
                f"already; document {document.id} is left unlinked (versions form one line)"
            )
            continue
        document.revises = original
        session.flush()
        record_change(
            session,
            actor=actor,
            action="document.revises",
            entity="document",
            entity_id=document.id,
            data={"revises": original.id},
        )


def link_holders(
    session: Session,
    holders: list[tuple[tuple[int, str], tuple[dict[str, Any] | str, str]]],
    note: Note,
    actor: str,
) -> None:
    """Link each office (by id) to the holder the bundle names."""
    for (office_id, _), (held_by, where) in holders:
        office = session.get(Speaker, office_id)
        assert office is not None
        holder = _holder(session, held_by, actor)
        holder_name = held_by["name"] if isinstance(held_by, dict) else held_by
        if holder is None or holder.id == office.id:
            why = "is the speaker itself" if holder is not None else "is not a known speaker"
            note(f"{where}: holder {holder_name!r} {why}; not linked")
            continue
        if office.holder_id == holder.id:
            continue
        if holds_above(office, holder):
            note(
                f"{where}: {holder_name!r} holding {office.name!r} would close a loop of "
                "holders; not linked"
            )
            continue
        if office.holder is not None:
            note(
                f"{where}: {office.name!r} was held by {office.holder.name!r}; now by "
                f"{holder.name!r}, as the bundle says"
            )
        office.holder = holder
        session.flush()


def _holder(session: Session, held_by: dict[str, Any] | str, actor: str) -> Speaker | None:
    """The speaker a bundle names as a holder: written in full, found or made exactly
    (with its aliases, and its own holder); by name alone, found if known."""
    if not isinstance(held_by, dict):
        return find_speaker(session, held_by)
    holder = find_or_create_exactly(
        session,
        held_by["name"],
        held_by.get("type", "person"),
        actor=actor,
        description=held_by.get("description") or None,
    )
    for alias in held_by.get("aliases") or []:
        add_alias(session, holder, alias)
    above = held_by.get("holder")
    if isinstance(above, dict) and holder.holder_id is None:
        upper = _holder(session, above, actor)
        if upper is not None and not holds_above(holder, upper):
            holder.holder = upper
    return holder
