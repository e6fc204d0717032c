"""Attributions stored in batches, with their speakers and claims: the half of
:mod:`provenance.documents.batch` that comes after the documents are in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.attributions.recording import claim_key_hash, claim_key_of, claim_parts
from provenance.documents.records import DocumentRecord, SpeakerRecord
from provenance.speakers.batch import (
    KnownSpeaker,
    SpeakerCache,
    SpeakerWanted,
    add_aliases,
    resolve_as_typed,
    resolve_exactly,
)
from provenance.store.bulk import BulkWriter
from provenance.store.fulltext import fulltext_for
from provenance.store.models import Attribution, Change, Claim, Speaker
from provenance.text.folding import fold_key
from provenance.vocabulary import SpeakerType

__all__ = ["BatchRows", "Pending", "StoreReport", "chunks"]

_CHUNK = 500
_NOTES_KEPT = 200
_SPAN_FIELDS = ("start", "end", "exact", "prefix", "suffix")  # a Span's, in its order
_ATTRIBUTION_COLUMNS = (
    "id",
    "document_id",
    "claim_id",
    "speaker_id",
    "strength",
    "mode",
    "status",
    "recorded_via",
    "recorded_by",
    "confidence",
    "revised_from_id",
    "created_at",
    *(f"{role}_{part}" for role in ("content", "source", "cue") for part in _SPAN_FIELDS),
)
_CHANGE_COLUMNS = ("at", "actor", "action", "entity", "entity_id", "data")
_NO_SPAN = (None,) * len(_SPAN_FIELDS)


@dataclass
class StoreReport:
    """What batch work stored, and what it found stored already."""

    documents_added: int = 0
    documents_present: int = 0
    attributions_added: int = 0
    attributions_present: int = 0
    notes: list[str] = field(default_factory=list)
    notes_left_out: int = 0

    def note(self, text: str) -> None:
        if len(self.notes) < _NOTES_KEPT:
            self.notes.append(text)
        else:
            self.notes_left_out += 1

    def absorb(self, other: StoreReport) -> None:
        self.documents_added += other.documents_added
        self.documents_present += other.documents_present
        self.attributions_added += other.attributions_added
        self.attributions_present += other.attributions_present
        for text in other.notes:
            self.note(text)
        self.notes_left_out += other.notes_left_out

    def summary(self) -> str:
        return (
            f"imported {self.documents_added} document(s) and "
            f"{self.attributions_added} attribution(s); "
            f"{self.documents_present} document(s) and {self.attributions_present} "
            "attribution(s) were already present"
        )


@dataclass
class Pending:
    """Links made once every line is read (by id: each batch has its own session)."""

    revisions: list[tuple[int, str, str]] = field(default_factory=list)
    holders: dict[tuple[int, str], tuple[dict[str, Any] | str, str]] = field(default_factory=dict)


class BatchRows:
    """What a batch writes after its documents: speakers, aliases, claims, attributions."""

    def __init__(
        self,
        session: Session,
        report: StoreReport,
        cache: SpeakerCache,
        pending: Pending,
        actor: str,
        skip_present: bool = False,
    ) -> None:
        self.skip_present = skip_present
        self.session = session
        self.writer = BulkWriter(session)
        self.report = report
        self.cache = cache
        self.pending = pending
        self.actor = actor

    def _speakers(
        self, batch: list[DocumentRecord], ids: dict[int, int], new_documents: set[int]
    ) -> list[KnownSpeaker | None]:
        """The speaker of every attribution of ``batch``, in their order (None for an
        unattributed one), found or created."""
        slots: list[tuple[int | None, str, str] | None] = []
        exact: list[SpeakerWanted] = []
        typed: list[SpeakerWanted] = []
        for document in batch:
            doc_id = ids[id(document)]
            for attribution in document.attributions:
                speaker = attribution.speaker
                if speaker is None:
                    slots.append(None)
                    continue
                slot = _slot(speaker, doc_id)
                slots.append(slot)
                want = _wanted(speaker, doc_id, doc_id in new_documents)
                (typed if slot[2] else exact).append(want)
        found: dict[tuple[int | None, str, str], KnownSpeaker] = {
            (scope, key, ""): known
            for (scope, key), known in resolve_exactly(
                self.session, self.writer, exact, self.cache, actor=self.actor
            ).items()
        }
        found.update(
            resolve_as_typed(self.session, self.writer, typed, self.cache, actor=self.actor)
        )
        speakers = [None if slot is None else found[slot] for slot in slots]
        aliases: dict[tuple[int, str], KnownSpeaker] = {}
        noted: set[tuple[int, str]] = set()
        attributions = (a for document in batch for a in document.attributions)
        for attribution, known in zip(attributions, speakers, strict=True):
            speaker = attribution.speaker
            if speaker is None or known is None:
                continue
            kind = speaker.type._value_
            if speaker.exact and known.type != kind and (known.id, kind) not in noted:
                noted.add((known.id, kind))
                self.report.note(
                    f"{attribution.where}: {known.name!r} is a {known.type} already (the "
                    f"bundle says {kind}); the attribution is given to it"
                )
            for alias in speaker.aliases:
                aliases.setdefault((known.id, alias), known)
            if speaker.merged:
                self._keep_merged_names(known, speaker)
            if speaker.holder is not None:
                held = speaker.holder
                self.pending.holders[(known.id, repr(held))] = (held, attribution.where)
        added = add_aliases(self.writer, [(known, alias) for (_, alias), known in aliases.items()])
        for key in added:  # a name now found by alias, not likeness
            self.cache.created(key)
        return speakers

    def _keep_merged_names(self, known: KnownSpeaker, record: SpeakerRecord) -> None:
        """Make the bundle's merged names merged names here too (unless the name is
        taken, live or merged)."""
        s = Speaker.__table__.c
        scope = s.document_id == known.document_id if known.document_id else s.document_id.is_(None)
        for name, kind in record.merged:
            key = fold_key(name)
            if self.session.execute(select(s.id).where(scope, s.key == key).limit(1)).first():
                continue
            [speaker_id] = self.writer.ids(Speaker, 1)
            self.writer.insert(
                Speaker,
                [
                    {
                        "id": speaker_id,
                        "name": name,
                        "key": key,
                        "type": kind,
                        "description": None,
                        "document_id": known.document_id,
                        "holder_id": None,
                        "merged_into_id": known.id,
                        "created_at": self.writer.now,
                    }
                ],
            )
            self.writer.insert_tuples(
                Change,
                _CHANGE_COLUMNS,
                [
                    (
                        self.writer.now,
                        self.actor,
                        "speaker.create",
                        "speaker",
                        speaker_id,
                        {
                            "name": name,
                            "type": kind,
                            "document": known.document_id,
                            "merged_into": known.id,
                        },
                    )
                ],
            )

    # --------------------------------------------------------------- attributions

    def _existing_attributions(self, doc_ids: set[int]) -> set[tuple[int, int, int, int | None]]:
        a = Attribution.__table__.c
        found: set[tuple[int, int, int, int | None]] = set()
        for chunk in chunks(sorted(doc_ids)):
            found.update(
                tuple(row)
                for row in self.session.execute(
                    select(a.document_id, a.content_start, a.content_end, a.speaker_id).where(
                        a.document_id.in_(chunk)
                    )
                )
            )
        return found

    def _store_attributions(
        self,
        batch: list[DocumentRecord],
        ids: dict[int, int],
        speakers: list[KnownSpeaker | None],
        existing: set[tuple[int, int, int, int | None]],
    ) -> None:
        todo = []
        each_speaker = iter(speakers)
        for document in batch:
            doc_id = ids[id(document)]
            for attribution in document.attributions:
                known = next(each_speaker)
                identity = (
                    doc_id,
                    attribution.content.start,
                    attribution.content.end,
                    known.id if known else None,
                )
                if identity in existing:
                    self.report.attributions_present += 1
                    continue
                existing.add(identity)
                todo.append((doc_id, attribution, known))
        parts = [claim_parts(a.content.exact) for _, a, _ in todo]
        claims = self._claims(parts)
        attribution_ids = self.writer.ids(Attribution, len(todo))
        now, actor = self.writer.now, self.actor
        rows: list[tuple[Any, ...]] = []
        changes: list[tuple[Any, ...]] = []
        for attribution_id, (doc_id, a, known), (_, key) in zip(
            attribution_ids, todo, parts, strict=True
        ):
            # an enum's ``_value_`` is its value without the descriptor's cost
            strength, mode, status, via = (
                a.strength._value_,
                a.mode._value_,
                a.status._value_,
                a.via._value_,
            )
            source, cue, content = a.source, a.cue, a.content
            rows.append(
                (
                    attribution_id,
                    doc_id,
                    claims[key],
                    known.id if known else None,
                    strength,
                    mode,
                    status,
                    via,
                    a.recorded_by or actor,
                    a.confidence,
                    None,
                    now,
                    *content,
                    *(source or _NO_SPAN),
                    *(cue or _NO_SPAN),
                )
            )
            data = {
                "document": doc_id,
                "speaker": known.name if known else None,
                "strength": strength,
                "mode": mode,
                "status": status,
                "via": via,
                "content": [content.start, content.end],
            }
            if a.recorded_by:  # who recorded it where it came from, kept as data
                data["recorded_by"] = a.recorded_by
            changes.append((now, actor, "attribution.add", "attribution", attribution_id, data))
        index = fulltext_for(self.writer.dialect)
        with index.deferred(self.session.connection()) as indexed:
            self.writer.insert_tuples(Attribution, _ATTRIBUTION_COLUMNS, rows)
            indexed.extend(attribution_ids)
        self.writer.insert_tuples(Change, _CHANGE_COLUMNS, changes)
        self.report.attributions_added += len(rows)

    def _claims(self, parts: list[tuple[str, str]]) -> dict[str, int]:
        """The claim id of each (text, key), existing claims first (the lowest id, as
        :func:`~provenance.attributions.recording.claim_for` finds it), new ones made."""
        texts: dict[str, str] = {}
        for claim, key in parts:
            texts.setdefault(key, claim)
        c = Claim.__table__.c
        hashes = {key: claim_key_hash(key) for key in texts}
        found: dict[str, int] = {}
        for chunk in chunks(sorted(set(hashes.values()))):
            for claim_id, text in self.session.execute(
                select(c.id, c.text).where(c.key_hash.in_(chunk)).order_by(c.id.desc())
            ):
                key = claim_key_of(text)  # the hash found it; the key decides
                if key in texts:
                    found[key] = claim_id
        missing = [key for key in texts if key not in found]
        ids = self.writer.ids(Claim, len(missing))
        now = self.writer.now
        self.writer.insert(
            Claim,
            [
                {"id": i, "text": texts[k], "key_hash": hashes[k], "created_at": now}
                for i, k in zip(ids, missing, strict=True)
            ],
        )
        found.update(zip(missing, ids, strict=True))
        return found


def _slot(speaker: SpeakerRecord, doc_id: int) -> tuple[int | None, str, str]:
    """Where a record's speaker is found: an unnamed source in its document; a named
    speaker by its name; one resolved as typed, by its document, name and type (see
    :func:`~provenance.speakers.batch.resolve_as_typed`)."""
    if speaker.type is SpeakerType.UNNAMED:
        return (doc_id, speaker.key, "")
    if speaker.exact:
        return (None, speaker.key, "")
    return (doc_id, speaker.key, speaker.type._value_)


def _wanted(speaker: SpeakerRecord, doc_id: int, new_document: bool) -> SpeakerWanted:
    unnamed = speaker.type is SpeakerType.UNNAMED
    return SpeakerWanted(
        name=speaker.name,
        key=speaker.key,
        type=speaker.type,
        description=speaker.description,
        scope=doc_id if unnamed else None,
        new_scope=unnamed and new_document,
        document=doc_id,
    )


def chunks(items: list[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]
