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
from sqlalchemy.orm import Session, selectinload

from provenance.attributions import record_attribution
from provenance.documents import DuplicateDocument, ingest_document
from provenance.errors import BadInput
from provenance.models import Attribution, Document, Speaker
from provenance.spans import Span, make_span
from provenance.speakers import add_alias, find_speaker, resolve_or_create
from provenance.vocabulary import RecordedVia, SpeakerType

__all__ = ["ImportReport", "bundle_lines", "document_record", "import_bundle"]


def _span_record(start: int | None, end: int | None, exact: str | None) -> dict | None:
    if start is None:
        return None
    return {"start": start, "end": end, "exact": exact}


def _speaker_record(speaker: Speaker | None) -> dict[str, Any] | None:
    if speaker is None:
        return None
    record: dict[str, Any] = {
        "name": speaker.name,
        "type": speaker.type,
        "description": speaker.description,
        "aliases": [a.alias for a in speaker.aliases],
    }
    if speaker.holder is not None:
        record["holder"] = speaker.holder.name
    return record


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

    def __init__(self) -> None:
        self.documents_added: list[int] = []
        self.documents_present: list[int] = []
        self.attributions_added = 0
        self.notes: list[str] = []

    def summary(self) -> str:
        return (
            f"imported {len(self.documents_added)} document(s) and "
            f"{self.attributions_added} attribution(s); "
            f"{len(self.documents_present)} document(s) were already present"
        )


def _span(text: str, record: Any, role: str, where: str) -> Span | None:
    if record is None:
        return None
    if not isinstance(record, dict) or not {"start", "end", "exact"} <= record.keys():
        raise BadInput(f"{where}: {role} must be null or {{start, end, exact}}")
    start, end, exact = record["start"], record["end"], record["exact"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise BadInput(f"{where}: {role} offsets [{start}, {end}) are outside the text")
    if text[start:end] != exact:
        raise BadInput(
            f"{where}: {role} exact {exact!r} does not match the text at [{start}, {end}) "
            f"({text[start:end]!r}); fix the offsets or the exact text"
        )
    return make_span(text, start, end)


def _import_line(session: Session, line: str, where: str, actor: str, report: ImportReport) -> None:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadInput(f"{where}: not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict) or not isinstance(record.get("document"), dict):
        raise BadInput(f'{where}: a bundle line is {{"document": {{...}}, "attributions": [...]}}')
    meta = record["document"]
    text = meta.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadInput(f"{where}: document.text must be the article's text")
    revises = None
    if meta.get("revises"):
        revises = session.scalar(select(Document).where(Document.sha256 == meta["revises"]))
    try:
        document = ingest_document(
            session,
            text,
            actor=actor,
            title=meta.get("title"),
            outlet=meta.get("outlet"),
            url=meta.get("url"),
            published=meta.get("published"),
            authors=meta.get("authors") or [],
            revises=revises,
        )
    except DuplicateDocument as dup:
        report.documents_present.append(dup.existing_id)
        return
    except BadInput as exc:
        raise BadInput(f"{where}: {exc}") from None
    if document.text != text:
        raise BadInput(
            f"{where}: document.text is not normalised (NFC, \\n line ends), so its offsets "
            "cannot be trusted; normalise it and recompute the offsets"
        )
    report.documents_added.append(document.id)
    attributions = record.get("attributions") or []
    if not isinstance(attributions, list):
        raise BadInput(f"{where}: attributions must be a list")
    holders: list[tuple[Speaker, str]] = []
    for n, item in enumerate(attributions, 1):
        at = f"{where}, attribution {n}"
        if not isinstance(item, dict):
            raise BadInput(f"{at}: must be an object")
        speaker = None
        speaker_record = item.get("speaker")
        if speaker_record is not None:
            if not isinstance(speaker_record, dict) or not speaker_record.get("name"):
                raise BadInput(f"{at}: speaker must be null or have a name")
            try:
                kind = SpeakerType(speaker_record.get("type", "person"))
            except ValueError:
                raise BadInput(
                    f"{at}: speaker.type must be person, organization or unnamed"
                ) from None
            speaker, resolution = resolve_or_create(
                session,
                speaker_record["name"],
                kind,
                actor=actor,
                document=document,
                description=speaker_record.get("description"),
            )
            for alias in speaker_record.get("aliases") or []:
                add_alias(session, speaker, alias)
            if resolution.via == "none" and resolution.hint():
                report.notes.append(f"{at}: new speaker {speaker.name!r}; {resolution.hint()}")
            if speaker_record.get("holder"):
                holders.append((speaker, speaker_record["holder"]))
        try:
            record_attribution(
                session,
                document,
                content=_span(text, item.get("content"), "content", at) or _missing(at, "content"),
                source=_span(text, item.get("source"), "source", at),
                cue=_span(text, item.get("cue"), "cue", at),
                speaker=speaker,
                strength=item.get("strength", ""),
                mode=item.get("mode", ""),
                status=item.get("status") or "confirmed",
                via=item.get("recorded_via") or RecordedVia.IMPORT,
                confidence=item.get("confidence"),
                actor=item.get("recorded_by") or actor,
            )
        except BadInput as exc:
            message = str(exc)
            raise BadInput(message if message.startswith(where) else f"{at}: {message}") from None
        report.attributions_added += 1
    for office, holder_name in holders:
        holder = find_speaker(session, holder_name)
        if holder is not None and holder.id != office.id:
            office.holder = holder


def _missing(where: str, role: str) -> Span:
    raise BadInput(f"{where}: {role} is required")


def import_bundle(
    session: Session, lines: Iterable[str], *, filename: str, actor: str
) -> ImportReport:
    """Import bundle lines into the session's transaction; any bad line raises
    :class:`BadInput` naming the file and line, and the caller rolls back."""
    report = ImportReport()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        _import_line(session, line, f"{filename}:{number}", actor, report)
    return report
