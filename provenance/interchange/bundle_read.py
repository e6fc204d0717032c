"""Reading the bundle (JSON Lines, one document a line) into the database: ``prov import``.

A bundle comes from another database, another tool or a backup, so every field is
checked before anything is stored, and a file is imported whole or not at all. Speakers
are found by their own names (or a name merged into them), never by likeness; a text
already stored gains the attributions it lacks; links that point further on in the file
(a revision before its original, an office before its holder) are made once every line
is read, never into a loop.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.attributions.recording import record_attribution
from provenance.documents.ingest import ingest_document
from provenance.errors import BadInput, DuplicateAttribution, DuplicateDocument
from provenance.interchange.bundle_fields import (
    confidence_field,
    span_field,
    string_list_field,
    text_field,
)
from provenance.speakers.directory import (
    add_alias,
    find_or_create_exactly,
    find_speaker,
    holds_above,
)
from provenance.store.chains import reaches
from provenance.store.history import record_change
from provenance.store.models import Document, Speaker
from provenance.text.digest import text_sha256
from provenance.text.folding import fold_key
from provenance.vocabulary import RecordedVia, SpeakerType

__all__ = ["ImportReport", "import_bundle"]


class ImportReport:
    """What an import did: documents added, skipped as already present, attributions."""

    def __init__(self, actor: str = "import") -> None:
        self.actor = actor
        self.documents_added: list[int] = []
        self.documents_present: list[int] = []
        self.attributions_added = 0
        self.attributions_present = 0
        self.notes: list[str] = []
        # links that may point at lines further on, made once every line is read
        self.revisions: list[tuple[Document, str, str]] = []
        self.holders: list[tuple[Speaker, dict | str, str]] = []

    def summary(self) -> str:
        return (
            f"imported {len(self.documents_added)} document(s) and "
            f"{self.attributions_added} attribution(s); "
            f"{len(self.documents_present)} document(s) and {self.attributions_present} "
            "attribution(s) were already present"
        )


def _import_line(session: Session, line: str, where: str, actor: str, report: ImportReport) -> None:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadInput(f"{where}: not JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise BadInput(f"{where}: not a bundle line (JSON nested too deeply)") from None
    if not isinstance(record, dict) or not isinstance(record.get("document"), dict):
        raise BadInput(f'{where}: a bundle line is {{"document": {{...}}, "attributions": [...]}}')
    meta = record["document"]
    text = text_field(meta, "text", where, required=True)
    assert text is not None
    if not text.strip():
        raise BadInput(f"{where}: document.text must be the article's text")
    published = meta.get("published")
    if published is not None and not isinstance(published, str):
        raise BadInput(f"{where}: published must be a YYYY-MM-DD string, not {published!r}")
    claimed = text_field(meta, "sha256", where)
    if claimed is not None and claimed != text_sha256(text):
        raise BadInput(
            f"{where}: sha256 does not match document.text (the text was changed or "
            "corrupted in transit); export it again"
        )
    try:
        document = ingest_document(
            session,
            text,
            actor=actor,
            title=text_field(meta, "title", where),
            outlet=text_field(meta, "outlet", where),
            url=text_field(meta, "url", where),
            published=published,
            authors=string_list_field(meta, "authors", where),
        )
    except DuplicateDocument as dup:
        # the text is stored already: its attributions join that document (those it
        # holds already are skipped), so nothing in the bundle is lost
        stored = session.get(Document, dup.existing_id)
        assert stored is not None
        document = stored
        report.documents_present.append(document.id)
        _note_other_metadata(document, meta, where, report)
        present = True
    except BadInput as exc:
        message = str(exc)
        raise BadInput(message if message.startswith(where) else f"{where}: {message}") from None
    else:
        present = False
        report.documents_added.append(document.id)
    if document.text != text:
        raise BadInput(
            f"{where}: document.text is not normalised (NFC, \\n line ends), so its offsets "
            "cannot be trusted; normalise it and recompute the offsets"
        )
    revises = text_field(meta, "revises", where)
    if revises and present and document.revises_id is not None:
        if document.revises is not None and document.revises.sha256 != revises:
            report.notes.append(
                f"{where}: document {document.id} revises document {document.revises_id} "
                "here, not the one the bundle names; kept as stored"
            )
    elif revises:
        report.revisions.append((document, revises, where))
    attributions = record.get("attributions") or []
    if not isinstance(attributions, list):
        raise BadInput(f"{where}: attributions must be a list")
    for n, item in enumerate(attributions, 1):
        try:
            _import_attribution(
                session, document, text, item, f"{where}, attribution {n}", actor, report
            )
        except DuplicateAttribution as exc:
            if not present:  # twice in one bundle line: a malformed bundle
                raise BadInput(f"{where}, attribution {n}: {exc}") from None
            report.attributions_present += 1  # checked before anything is written
            continue
        report.attributions_added += 1


def _note_other_metadata(document: Document, meta: dict, where: str, report: ImportReport) -> None:
    """Say where the bundle describes a stored text otherwise (the stored title wins)."""
    stored = {
        "title": document.title,
        "url": document.url,
        "outlet": document.outlet.name if document.outlet else None,
        "published": document.published.isoformat() if document.published else None,
    }
    for key, value in stored.items():
        given = meta.get(key)
        if isinstance(given, str) and given.strip() and given != value:
            report.notes.append(
                f"{where}: the text is document {document.id}, whose {key} is {value!r}, "
                f"not {given!r}; kept as stored"
            )


def _import_attribution(
    session: Session,
    document: Document,
    text: str,
    item: Any,
    at: str,
    actor: str,
    report: ImportReport,
) -> None:
    if not isinstance(item, dict):
        raise BadInput(f"{at}: must be an object")
    speaker = None
    speaker_record = item.get("speaker")
    if speaker_record is not None:
        if not isinstance(speaker_record, dict):
            raise BadInput(f"{at}: speaker must be null or an object with a name")
        name = text_field(speaker_record, "name", f"{at}, speaker")
        if not name or not name.strip():
            raise BadInput(f"{at}: speaker.name is required")
        try:
            kind = SpeakerType(speaker_record.get("type", "person"))
        except ValueError:
            raise BadInput(f"{at}: speaker.type must be person, organization or unnamed") from None
        # a bundle names its speakers exactly: by name (or alias) and type, never by
        # likeness, so that a restore gives every quote back to the speaker it had
        speaker = find_or_create_exactly(
            session,
            name,
            kind,
            actor=actor,
            document=document,
            description=text_field(speaker_record, "description", f"{at}, speaker"),
        )
        _keep_merged_names(session, speaker, speaker_record, f"{at}, speaker")
        if speaker.type != kind.value:
            report.notes.append(
                f"{at}: {speaker.name!r} is a {speaker.type} already (the bundle says "
                f"{kind.value}); the attribution is given to it"
            )
        for alias in string_list_field(speaker_record, "aliases", f"{at}, speaker"):
            add_alias(session, speaker, alias)
        holder = speaker_record.get("holder")
        if isinstance(holder, dict):
            _check_holder(holder, f"{at}, speaker.holder")
            report.holders.append((speaker, holder, at))
        elif isinstance(holder, str) and text_field(speaker_record, "holder", f"{at}, speaker"):
            report.holders.append((speaker, holder, at))  # a name (bundles of prov 0.1)
    content = span_field(text, item.get("content"), "content", at)
    if content is None:
        raise BadInput(f"{at}: content is required")
    for key in ("strength", "mode", "status", "recorded_via", "recorded_by"):
        text_field(item, key, at, required=key in ("strength", "mode"))
    try:
        record_attribution(
            session,
            document,
            content=content,
            source=span_field(text, item.get("source"), "source", at),
            cue=span_field(text, item.get("cue"), "cue", at),
            speaker=speaker,
            strength=item.get("strength") or "",
            mode=item.get("mode") or "",
            status=item.get("status") or "confirmed",
            via=item.get("recorded_via") or RecordedVia.IMPORT,
            confidence=confidence_field(item.get("confidence"), at),
            actor=item.get("recorded_by") or actor,
        )
    except DuplicateAttribution:
        raise
    except BadInput as exc:
        message = str(exc)
        raise BadInput(message if message.startswith(at) else f"{at}: {message}") from None


def _keep_merged_names(session: Session, speaker: Speaker, record: dict, where: str) -> None:
    """Make the bundle's merged names merged names here too (unless the name is taken)."""
    merged = record.get("merged") or []
    if not isinstance(merged, list) or not all(isinstance(m, dict) for m in merged):
        raise BadInput(f"{where}: merged must be a list of {{name, type}} objects")
    for entry in merged:
        name = text_field(entry, "name", f"{where}.merged", required=True)
        kind = entry.get("type", speaker.type)
        if not isinstance(kind, str) or kind not in {t.value for t in SpeakerType}:
            raise BadInput(f"{where}.merged: type must be person, organization or unnamed")
        assert name is not None
        key = fold_key(" ".join(name.split()))
        scope = (
            Speaker.document_id == speaker.document_id
            if speaker.document_id is not None
            else Speaker.document_id.is_(None)
        )
        if session.scalar(select(Speaker.id).where(scope, Speaker.key == key).limit(1)):
            continue  # known here already, live or merged
        session.add(
            Speaker(
                name=" ".join(name.split()),
                key=key,
                type=kind,
                document_id=speaker.document_id,
                merged_into_id=speaker.id,
            )
        )
        session.flush()


def _check_holder(record: dict, where: str) -> None:
    """A holder written in full must read as a speaker, before anything is linked."""
    name = text_field(record, "name", where, required=True)
    if not name or not name.strip():
        raise BadInput(f"{where}: name is required")
    kind = record.get("type", "person")
    if not isinstance(kind, str) or kind not in ("person", "organization"):
        raise BadInput(f"{where}: type must be person or organization")
    text_field(record, "description", where)
    string_list_field(record, "aliases", where)
    above = record.get("holder")
    if isinstance(above, dict):
        _check_holder(above, f"{where}.holder")
    elif above is not None:
        raise BadInput(f"{where}: holder must be a speaker object (name, type, aliases)")


def _holder(session: Session, held_by: dict | str, actor: str) -> Speaker | None:
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


def _link_pending(session: Session, report: ImportReport) -> None:
    for document, digest, where in report.revisions:
        original = session.scalar(select(Document).where(Document.sha256 == digest))
        if original is None or original.id == document.id:
            why = (
                "revises itself"
                if original is not None
                else f"revises a document that is neither in the bundle nor stored "
                f"(sha256 {digest[:12]}…)"
            )
            report.notes.append(f"{where}: {why}; the link is left empty")
            continue
        if document.revises_id is not None and document.revises_id != original.id:
            report.notes.append(
                f"{where}: document {document.id} revises document {document.revises_id} "
                f"already; the bundle's other predecessor (document {original.id}) is left out"
            )
            continue
        if reaches(original, document, lambda d: d.revises, lambda d: d.id):
            report.notes.append(
                f"{where}: document {document.id} revising document {original.id} would make "
                "the versions revise each other in a loop; the link is left empty"
            )
            continue
        session.execute(select(Document.id).where(Document.id == original.id).with_for_update())
        revised_by = session.scalar(select(Document.id).where(Document.revises == original))
        if revised_by is not None and revised_by != document.id:
            report.notes.append(
                f"{where}: document {original.id} is revised by document {revised_by} "
                f"already; document {document.id} is left unlinked (versions form one line)"
            )
            continue
        document.revises = original
        session.flush()
        record_change(
            session,
            actor=report.actor,
            action="document.revises",
            entity="document",
            entity_id=document.id,
            data={"revises": original.id},
        )
    for office, held_by, where in report.holders:
        holder = _holder(session, held_by, report.actor)
        holder_name = held_by["name"] if isinstance(held_by, dict) else held_by
        if holder is None or holder.id == office.id:
            why = "is the speaker itself" if holder is not None else "is not a known speaker"
            report.notes.append(f"{where}: holder {holder_name!r} {why}; not linked")
            continue
        if holds_above(office, holder):
            report.notes.append(
                f"{where}: {holder_name!r} holding {office.name!r} would close a loop of "
                "holders; not linked"
            )
            continue
        if office.holder is not None and office.holder_id != holder.id:
            report.notes.append(
                f"{where}: {office.name!r} was held by {office.holder.name!r}; now by "
                f"{holder.name!r}, as the bundle says"
            )
        office.holder = holder
        session.flush()
    session.flush()


def import_bundle(
    session: Session, lines: Iterable[str], *, filename: str, actor: str
) -> ImportReport:
    """Import bundle lines into the session's transaction; any bad line raises
    :class:`BadInput` naming the file and line, and the caller rolls back.

    Links that can point further on in the file (a revision's original, an office's
    holder) are made once every line has been read.
    """
    report = ImportReport(actor)
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        _import_line(session, line, f"{filename}:{number}", actor, report)
    _link_pending(session, report)
    return report
