"""The bundle: prov's interchange and backup format (JSON Lines, one document a line).

The fields DESIGN.md lists are the stable interface. A bundle written by prov also
carries what a lossless round trip needs (status, who recorded each attribution and
how, confidence, an office's holder, a revision's predecessor); a reader that does
not know them can ignore them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session, selectinload

from provenance.attributions.recording import DuplicateAttribution, record_attribution
from provenance.store.chains import reaches
from provenance.documents.ingest import DuplicateDocument, ingest_document, text_sha256
from provenance.errors import BadInput
from provenance.text.folding import fold_key
from provenance.store.history import record_change
from provenance.store.models import Attribution, Document, Speaker
from provenance.text.spans import Span, make_span
from provenance.speakers.directory import add_alias, find_or_create_exactly, find_speaker, holds_above
from provenance.vocabulary import RecordedVia, SpeakerType

__all__ = ["ImportReport", "bundle_lines", "document_record", "import_bundle"]


def _span_record(start: int | None, end: int | None, exact: str | None) -> dict | None:
    if start is None:
        return None
    return {"start": start, "end": end, "exact": exact}


def _speaker_record(speaker: Speaker | None, *, holders: int = 64) -> dict[str, Any] | None:
    """The speaker as a bundle writes it; an office's holder is written in full (with its
    own holder, up the chain), since the holder may be cited nowhere else."""
    if speaker is None:
        return None
    record: dict[str, Any] = {
        "name": speaker.name,
        "type": speaker.type,
        "description": speaker.description,
        "aliases": [a.alias for a in speaker.aliases],
    }
    if speaker.holder is not None and holders > 0:
        record["holder"] = _speaker_record(speaker.holder, holders=holders - 1)
    merged = _merged_into(speaker)
    if merged:
        record["merged"] = merged
    return record


def _merged_into(speaker: Speaker) -> list[dict[str, str]]:
    """The speakers merged into ``speaker`` (and into those, down the chain): a restore
    keeps them as merged names, so an older bundle imported later finds them there."""
    session = object_session(speaker)
    if session is None:
        return []
    found: list[dict[str, str]] = []
    frontier, seen = [speaker.id], {speaker.id}
    while frontier:
        rows = session.scalars(
            select(Speaker).where(Speaker.merged_into_id.in_(frontier)).order_by(Speaker.id)
        ).all()
        frontier = [r.id for r in rows if r.id not in seen]
        seen.update(frontier)
        found += [{"name": r.name, "type": r.type} for r in rows]
    return found


def document_record(document: Document) -> dict[str, Any]:
    """One bundle line (as a dict) for ``document`` and all its attributions."""
    attributions = []
    for a in sorted(document.attributions, key=lambda a: (a.content_start, a.id)):
        attributions.append(
            {
                "speaker": _speaker_record(a.speaker),
                "strength": a.strength,
                "mode": a.mode,
                "content": _span_record(a.content_start, a.content_end, a.content_exact),
                "source": _span_record(a.source_start, a.source_end, a.source_exact),
                "cue": _span_record(a.cue_start, a.cue_end, a.cue_exact),
                "status": a.status,
                "recorded_via": a.recorded_via,
                "recorded_by": a.recorded_by,
                "confidence": a.confidence,
            }
        )
    return {
        "document": {
            "title": document.title,
            "outlet": document.outlet.name if document.outlet else None,
            "url": document.url,
            "published": document.published.isoformat() if document.published else None,
            "authors": list(document.authors or []),
            "text": document.text,
            "sha256": document.sha256,
            "revises": document.revises.sha256 if document.revises else None,
        },
        "attributions": attributions,
    }


def bundle_lines(session: Session, document_ids: Iterable[int] | None = None) -> Iterator[str]:
    """The bundle, one JSON line per document, oldest first (a revision after its original)."""
    query = (
        select(Document)
        .options(
            selectinload(Document.outlet),
            selectinload(Document.revises),
            selectinload(Document.attributions)
            .selectinload(Attribution.speaker)
            .selectinload(Speaker.aliases),
        )
        .order_by(Document.id)
    )
    if document_ids is not None:
        query = query.where(Document.id.in_(list(document_ids)))
    for document in session.scalars(query):
        yield json.dumps(document_record(document), ensure_ascii=False)


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


def _text_field(record: dict, key: str, where: str, *, required: bool = False) -> str | None:
    value = record.get(key)
    if value is None or (value == "" and not required):
        if required:
            raise BadInput(f"{where}: {key} is required")
        return None
    if not isinstance(value, str):
        raise BadInput(f"{where}: {key} must be a string, not {type(value).__name__}")
    return _storable(value, key, where)


def _storable(value: str, key: str, where: str) -> str:
    """``value`` if every backend can store it (no NUL, no lone surrogate)."""
    if "\x00" in value:
        raise BadInput(f"{where}: {key} holds a NUL character; remove it")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadInput(
            f"{where}: {key} holds a lone surrogate (broken UTF-16); fix the text"
        ) from None
    return value


def _string_list(record: dict, key: str, where: str) -> list[str]:
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadInput(f"{where}: {key} must be a list of strings")
    return [_storable(v, key, where) for v in value]


def _offset(value: Any, role: str, which: str, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadInput(f"{where}: {role}.{which} must be an integer, not {value!r}")
    return value


def _span(text: str, record: Any, role: str, where: str) -> Span | None:
    if record is None:
        return None
    if not isinstance(record, dict) or not {"start", "end", "exact"} <= record.keys():
        raise BadInput(f"{where}: {role} must be null or {{start, end, exact}}")
    start = _offset(record["start"], role, "start", where)
    end = _offset(record["end"], role, "end", where)
    exact = record["exact"]
    if not 0 <= start < end <= len(text):
        raise BadInput(f"{where}: {role} offsets [{start}, {end}) are outside the text")
    if text[start:end] != exact:
        raise BadInput(
            f"{where}: {role} exact {exact!r} does not match the text at [{start}, {end}) "
            f"({text[start:end]!r}); fix the offsets or the exact text"
        )
    return make_span(text, start, end)


def _confidence(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise BadInput(f"{where}: confidence must be a number from 0 to 1 or null, not {value!r}")
    return float(value)


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
    text = _text_field(meta, "text", where, required=True)
    assert text is not None
    if not text.strip():
        raise BadInput(f"{where}: document.text must be the article's text")
    published = meta.get("published")
    if published is not None and not isinstance(published, str):
        raise BadInput(f"{where}: published must be a YYYY-MM-DD string, not {published!r}")
    claimed = _text_field(meta, "sha256", where)
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
            title=_text_field(meta, "title", where),
            outlet=_text_field(meta, "outlet", where),
            url=_text_field(meta, "url", where),
            published=published,
            authors=_string_list(meta, "authors", where),
        )
    except DuplicateDocument as dup:
        # the text is stored already: its attributions join that document (those it
        # holds already are skipped), so nothing in the bundle is lost
        document = session.get(Document, dup.existing_id)
        assert document is not None
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
    revises = _text_field(meta, "revises", where)
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
        name = _text_field(speaker_record, "name", f"{at}, speaker")
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
            description=_text_field(speaker_record, "description", f"{at}, speaker"),
        )
        _keep_merged_names(session, speaker, speaker_record, f"{at}, speaker")
        if speaker.type != kind.value:
            report.notes.append(
                f"{at}: {speaker.name!r} is a {speaker.type} already (the bundle says "
                f"{kind.value}); the attribution is given to it"
            )
        for alias in _string_list(speaker_record, "aliases", f"{at}, speaker"):
            add_alias(session, speaker, alias)
        holder = speaker_record.get("holder")
        if isinstance(holder, dict):
            _check_holder(holder, f"{at}, speaker.holder")
            report.holders.append((speaker, holder, at))
        elif _text_field(speaker_record, "holder", f"{at}, speaker"):
            report.holders.append((speaker, holder, at))  # a name (bundles of prov 0.1)
    content = _span(text, item.get("content"), "content", at)
    if content is None:
        raise BadInput(f"{at}: content is required")
    for key in ("strength", "mode", "status", "recorded_via", "recorded_by"):
        _text_field(item, key, at, required=key in ("strength", "mode"))
    try:
        record_attribution(
            session,
            document,
            content=content,
            source=_span(text, item.get("source"), "source", at),
            cue=_span(text, item.get("cue"), "cue", at),
            speaker=speaker,
            strength=item.get("strength") or "",
            mode=item.get("mode") or "",
            status=item.get("status") or "confirmed",
            via=item.get("recorded_via") or RecordedVia.IMPORT,
            confidence=_confidence(item.get("confidence"), at),
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
        name = _text_field(entry, "name", f"{where}.merged", required=True)
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
    name = _text_field(record, "name", where, required=True)
    if not name or not name.strip():
        raise BadInput(f"{where}: name is required")
    kind = record.get("type", "person")
    if not isinstance(kind, str) or kind not in ("person", "organization"):
        raise BadInput(f"{where}: type must be person or organization")
    _text_field(record, "description", where)
    _string_list(record, "aliases", where)
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
        if office.holder_id not in (None, holder.id):
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
