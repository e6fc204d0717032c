"""Speakers: finding one by name or alias, creating one, adding aliases.

Named speakers are global; unnamed sources belong to one document. Lookups compare
``fold_key`` forms, so "Erdogan" finds "Erdoğan".
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.errors import BadInput
from provenance.folding import fold_key
from provenance.history import record_change
from provenance.models import Document, Speaker, SpeakerAlias
from provenance.vocabulary import SpeakerType

__all__ = ["add_alias", "ensure_speaker", "find_speaker"]


def find_speaker(session: Session, name: str, *, document_id: int | None = None) -> Speaker | None:
    """The live speaker whose name or alias folds to the same key as ``name``.

    With ``document_id``, that document's unnamed sources are looked at first, then
    the global named speakers.
    """
    key = fold_key(name)
    live = Speaker.merged_into_id.is_(None)
    if document_id is not None:
        scoped = session.scalar(
            select(Speaker).where(live, Speaker.document_id == document_id, Speaker.key == key)
        )
        if scoped is not None:
            return scoped
    named = session.scalar(
        select(Speaker).where(live, Speaker.document_id.is_(None), Speaker.key == key)
    )
    if named is not None:
        return named
    return session.scalar(
        select(Speaker)
        .join(SpeakerAlias, SpeakerAlias.speaker_id == Speaker.id)
        .where(live, Speaker.document_id.is_(None), SpeakerAlias.key == key)
        .order_by(Speaker.id)
        .limit(1)
    )


def add_alias(session: Session, speaker: Speaker, alias: str) -> bool:
    """Give ``speaker`` another name; ``False`` if it already had it."""
    alias = " ".join(alias.split())
    key = fold_key(alias)
    if not key:
        return False
    if key == speaker.key or any(a.key == key for a in speaker.aliases):
        return False
    speaker.aliases.append(SpeakerAlias(alias=alias, key=key))
    return True


def ensure_speaker(
    session: Session,
    name: str,
    speaker_type: str | SpeakerType,
    *,
    actor: str,
    document: Document | None = None,
    description: str | None = None,
    aliases: Iterable[str] = (),
) -> Speaker:
    """The speaker called ``name``, created if it does not exist yet.

    An unnamed source needs the ``document`` it belongs to; a named one must not
    have one.
    """
    name = " ".join(name.split())
    if not name:
        raise BadInput("a speaker needs a name")
    speaker_type = SpeakerType(speaker_type)
    unnamed = speaker_type is SpeakerType.UNNAMED
    if unnamed and document is None:
        raise BadInput(f"the unnamed source {name!r} must belong to a document")
    scope = document.id if unnamed and document is not None else None
    speaker = find_speaker(session, name, document_id=scope)
    if speaker is not None and (speaker.document_id == scope or not unnamed):
        for alias in aliases:
            add_alias(session, speaker, alias)
        return speaker
    speaker = Speaker(
        name=name,
        key=fold_key(name),
        type=speaker_type.value,
        description=description,
        document_id=scope,
    )
    session.add(speaker)
    for alias in aliases:
        add_alias(session, speaker, alias)
    session.flush()
    record_change(
        session,
        actor=actor,
        action="speaker.create",
        entity="speaker",
        entity_id=speaker.id,
        data={"name": name, "type": speaker_type.value, "document": scope},
    )
    return speaker
