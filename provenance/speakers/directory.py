"""Speakers: finding one by name or alias, creating one, adding aliases, linking an
office to its holder.

Named speakers are global; unnamed sources belong to one document. Lookups compare
``fold_key`` forms, so "Erdogan" finds "Erdoğan".
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.errors import BadInput, NotFound
from provenance.speakers.resolution import (
    Candidate,
    Resolution,
    exact_speaker,
    index_speaker,
    resolve_speaker,
)
from provenance.store.chains import ancestors, reaches
from provenance.store.history import record_change
from provenance.store.models import Document, Speaker, SpeakerAlias
from provenance.text.folding import fold_key
from provenance.vocabulary import SpeakerType

__all__ = [
    "add_alias",
    "alias_speaker",
    "ensure_speaker",
    "find_or_create_exactly",
    "find_speaker",
    "holds_above",
    "link_holder",
    "require_speaker",
    "resolve_or_create",
]


def find_speaker(session: Session, name: str, *, document_id: int | None = None) -> Speaker | None:
    """The live speaker whose name or alias folds to the same key as ``name``.

    With ``document_id``, that document's unnamed sources are looked at first, then
    the global named speakers. (The exact step of :func:`resolve_speaker`.)
    """
    return exact_speaker(session, fold_key(name), document_id)


def add_alias(session: Session, speaker: Speaker, alias: str, *, strict: bool = False) -> bool:
    """Give ``speaker`` another name; ``False`` if it already had it.

    ``strict`` (for a person typing ``prov speaker alias``) refuses an empty alias
    and one that is already another speaker's name or alias.
    """
    alias = " ".join(alias.split())
    key = fold_key(alias)
    if not key:
        if strict:
            raise BadInput("an alias needs some text")
        return False
    if strict and speaker.document_id is None:
        other = find_speaker(session, alias)
        if other is not None and other.id != speaker.id:
            raise BadInput(
                f"{alias!r} already names {other.name!r}; merge the two speakers "
                f"(prov speaker merge) if they are one"
            )
        _refuse_misleading_alias(session, speaker, alias)
    if key == speaker.key or any(a.key == key for a in speaker.aliases):
        return False
    speaker.aliases.append(SpeakerAlias(alias=alias, key=key))
    if speaker.id is not None:
        index_speaker(session, speaker)
    return True


# "a Turkish defence official" is someone unnamed; "Turkey's top diplomat" may be a
# name a person gives Hakan Fidan
_INDEFINITE = frozenset("a an one two three four five several some many other another any".split())


def alias_speaker(session: Session, speaker: Speaker, alias: str, *, actor: str) -> bool:
    """Give ``speaker`` the name ``alias`` (refused if it would mislead, see
    :func:`add_alias` with ``strict``), recorded in the history under ``actor``.
    Returns whether it is new."""
    from provenance.store.history import record_change

    if not add_alias(session, speaker, alias, strict=True):
        return False
    record_change(
        session,
        actor=actor,
        action="speaker.alias",
        entity="speaker",
        entity_id=speaker.id,
        data={"alias": alias},
    )
    return True


def _refuse_misleading_alias(session: Session, speaker: Speaker, alias: str) -> None:
    """An alias a person types must not take a name from another speaker, nor make an
    unnamed description ("a person familiar with the matter") name someone."""
    from provenance.language.classify import classify_source
    from provenance.language.sources import SourceKind

    reading = classify_source(alias)
    indefinite = reading.plural or fold_key(alias).split()[0] in _INDEFINITE
    if reading.kind in (SourceKind.UNNAMED_VAGUE, SourceKind.BACKREF) or (
        reading.kind is SourceKind.UNNAMED_DESCRIBED and indefinite
    ):
        raise BadInput(
            f"{alias!r} describes an unnamed source, not a name of {speaker.name!r}; "
            "record such a source with {add_source}",
            add_source="its source mention",
        )
    near = resolve_speaker(session, alias)
    if near.speaker is not None and near.speaker.id != speaker.id:
        raise BadInput(
            f"{alias!r} already resolves to {near.speaker.name!r} (score {near.score:.0f}); "
            "merge the two speakers (prov speaker merge) if they are one"
        )


def _scoped(
    name: str, speaker_type: str | SpeakerType, document: Document | None
) -> tuple[str, SpeakerType, int | None]:
    """The name with its spaces normalised, the type, and the document an unnamed
    source belongs to (``None`` for a named speaker, which belongs to none)."""
    name = " ".join(name.split())
    if not name:
        raise BadInput("a speaker needs a name")
    speaker_type = SpeakerType(speaker_type)
    unnamed = speaker_type is SpeakerType.UNNAMED
    if unnamed and document is None:
        raise BadInput(f"the unnamed source {name!r} must belong to a document")
    return name, speaker_type, document.id if unnamed and document is not None else None


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
    name, speaker_type, scope = _scoped(name, speaker_type, document)
    unnamed = speaker_type is SpeakerType.UNNAMED
    speaker = find_speaker(session, name, document_id=scope)
    if speaker is not None and speaker.key != fold_key(name) and speaker.type != speaker_type.value:
        speaker = None  # an alias of a speaker of another kind: "Jordan" is not the state
    if speaker is not None and (speaker.document_id == scope or not unnamed):
        for alias in aliases:
            add_alias(session, speaker, alias)
        return speaker
    return _create_speaker(
        session, name, speaker_type, actor=actor, scope=scope, description=description,
        aliases=aliases,
    )  # fmt: skip


def _create_speaker(
    session: Session,
    name: str,
    speaker_type: SpeakerType,
    *,
    actor: str,
    scope: int | None,
    description: str | None,
    aliases: Iterable[str] = (),
) -> Speaker:
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
    index_speaker(session, speaker)
    record_change(
        session,
        actor=actor,
        action="speaker.create",
        entity="speaker",
        entity_id=speaker.id,
        data={"name": speaker.name, "type": speaker_type.value, "document": scope},
    )
    return speaker


def require_speaker(
    session: Session, name: str, *, document_id: int | None = None, exact: bool = False
) -> Speaker:
    """The speaker ``name`` resolves to, or :class:`NotFound` with the near misses.

    A fuzzy match stands only for a speaker of the kind the name reads as ("Clinton"
    reads as a person, so it does not find "Hillary Clinton campaign", which is then
    suggested instead). ``exact`` takes only the name or an alias (folded), as a
    command that moves attributions must. A name that is an unnamed source of some
    documents, asked for without ``document_id``, says which documents to name.
    """
    resolution = resolve_speaker(session, name, document_id=document_id)
    found = resolution.speaker
    if found is not None and resolution.via != "exact" and (exact or not _reads_as(name, found)):
        suggestion = Candidate(found.id, found.name, found.key, resolution.score)
        resolution = Resolution(None, resolution.score, "none", [suggestion])
        found = None
    if found is not None:
        return found
    scoped = _unnamed_in_documents(session, name) if document_id is None else []
    if scoped:
        docs = ", ".join(map(str, scoped[:5])) + (" ..." if len(scoped) > 5 else "")
        raise NotFound(
            f"{name!r} is an unnamed source, one per document (document {docs}); "
            f"add {{doc}} N to say which",
            doc="document_id",
        )
    # each suggestion with its type, so a person's name is not taken for an
    # organisation's by mistake
    ids = [c.speaker_id for c in resolution.suggestions[:3]]
    query = select(Speaker.id, Speaker.type).where(Speaker.id.in_(ids))
    hint = resolution.hint(dict(session.execute(query).all()) if ids else None)
    raise NotFound(
        f"no speaker {name!r}" + (f"; {hint}" if hint else "; `prov speakers` lists them")
    )


def _reads_as(name: str, speaker: Speaker) -> bool:
    """Whether ``name`` reads as a speaker of ``speaker``'s type (or as any type)."""
    from provenance.language.classify import classify_source

    kind = classify_source(name).speaker_type
    return kind is None or kind.value == speaker.type


def _unnamed_in_documents(session: Session, name: str) -> list[int]:
    """The documents with a live unnamed source of this (folded) name."""
    return list(
        session.scalars(
            select(Speaker.document_id)
            .where(
                Speaker.key == fold_key(name),
                Speaker.document_id.is_not(None),
                Speaker.merged_into_id.is_(None),
            )
            .order_by(Speaker.document_id)
        )
    )


def resolve_or_create(
    session: Session,
    name: str,
    speaker_type: str | SpeakerType,
    *,
    actor: str,
    document: Document | None = None,
    description: str | None = None,
) -> tuple[Speaker, Resolution]:
    """The existing speaker ``name`` resolves to, or a new one.

    A near miss is not merged: a new speaker is created and the resolution's
    ``suggestions`` say whom it might be (callers show them as "did you mean").
    """
    speaker_type = SpeakerType(speaker_type)
    scope = document.id if document is not None and speaker_type is SpeakerType.UNNAMED else None
    resolution = (
        resolve_speaker(session, name, document_id=scope)
        if speaker_type is not SpeakerType.UNNAMED
        else Resolution(find_speaker(session, name, document_id=scope), 100.0, "exact")
    )
    found = resolution.speaker
    by_another_name = resolution.via == "fuzzy" or (
        found is not None and found.key != fold_key(name)
    )
    if found is not None and by_another_name and found.type != speaker_type.value:
        # "Washington" the government is not "Washington" the person: a match across
        # speaker types, by alias or by likeness, is only a suggestion.
        suggestion = Candidate(found.id, found.name, found.key, resolution.score)
        resolution = Resolution(
            None, resolution.score, "none", [suggestion, *resolution.suggestions]
        )
        found = None
    if found is not None and (
        speaker_type is not SpeakerType.UNNAMED or found.document_id == scope
    ):
        return found, resolution
    created = ensure_speaker(
        session,
        name,
        speaker_type,
        actor=actor,
        document=document if speaker_type is SpeakerType.UNNAMED else None,
        description=description,
    )
    return created, Resolution(created, 0.0, "none", resolution.suggestions)


def find_or_create_exactly(
    session: Session,
    name: str,
    speaker_type: str | SpeakerType,
    *,
    actor: str,
    document: Document | None = None,
    description: str | None = None,
) -> Speaker:
    """The speaker called ``name``, or a new one: never one met by alias or likeness.
    What a restore needs: a bundle names its speakers by their own names, and "Fidan"
    must not become the "Hakan Fidan" who has "Fidan" among his aliases.

    A named speaker of another type may hold the name already (one live named speaker
    per name); that one is returned, and the caller can tell by its ``type``.
    """
    name, speaker_type, scope = _scoped(name, speaker_type, document)
    in_scope = Speaker.document_id == scope if scope is not None else Speaker.document_id.is_(None)
    found = session.scalar(
        select(Speaker)
        .where(Speaker.merged_into_id.is_(None), in_scope, Speaker.key == fold_key(name))
        .order_by(Speaker.type != speaker_type.value, Speaker.id)
        .limit(1)
    )
    if found is not None:
        return found
    merged = session.scalar(
        select(Speaker)
        .where(Speaker.merged_into_id.is_not(None), in_scope, Speaker.key == fold_key(name))
        .order_by(Speaker.id.desc())
        .limit(1)
    )
    if merged is not None:  # merged since: its quotes are where the merge put them
        return _merge_end(session, merged)
    return _create_speaker(
        session, name, speaker_type, actor=actor, scope=scope, description=description
    )


def _merge_end(session: Session, speaker: Speaker) -> Speaker:
    """The live speaker a chain of merges from ``speaker`` ends at."""

    def merged_into(s: Speaker) -> Speaker | None:
        return session.get(Speaker, s.merged_into_id) if s.merged_into_id else None

    *_, end = ancestors(speaker, merged_into, _id)
    return end


def _id(speaker: Speaker) -> int:
    return speaker.id


def _holder(speaker: Speaker) -> Speaker | None:
    return speaker.holder  # the relationship: also links made but not yet flushed


def holds_above(office: Speaker, holder: Speaker) -> bool:
    """Whether ``office`` is ``holder`` or among its holders: what ``holder`` holding
    ``office`` would turn into a loop."""
    return reaches(holder, office, _holder, _id)


def link_holder(session: Session, office: Speaker, holder: Speaker, *, actor: str) -> None:
    """Record that ``holder`` holds ``office`` (a person behind an office or role)."""
    if office.id == holder.id:
        raise BadInput("a speaker cannot hold itself")
    if holds_above(office, holder):
        raise BadInput(f"{holder.name!r} is held by {office.name!r} already; no loops")
    previous = office.holder_id
    office.holder = holder
    session.flush()
    record_change(
        session,
        actor=actor,
        action="speaker.link",
        entity="speaker",
        entity_id=office.id,
        data={"holder": holder.id, "previous": previous},
    )
