"""A bundle line read and checked whole, before anything of it is stored.

:func:`parse_line` turns one line of a bundle into a :class:`DocumentRecord`, or raises
:class:`BadInput` naming the line (and the attribution) and saying how to fix it. It
needs no database: everything a line can be wrong about on its own (JSON, types,
vocabularies, spans against the text, a text that is not normalised, a quote given
twice) is checked here, so that ``prov import`` can read a whole file before it writes
a row of it, and a bad line anywhere leaves the database as it was.
"""

from __future__ import annotations

import json
import re
from enum import Enum
from functools import lru_cache
from typing import Any, TypeVar

from provenance.documents.ingest import checked_outlet, parse_date
from provenance.documents.records import AttributionRecord, DocumentRecord, SpeakerRecord
from provenance.errors import BadInput
from provenance.interchange.bundle_fields import (
    confidence_field,
    span_field,
    string_list_field,
    text_field,
)
from provenance.text.digest import text_sha256
from provenance.text.folding import fold_key, is_blank, normalize_text
from provenance.text.spans import DEFAULT_CONTEXT as _CONTEXT
from provenance.text.spans import Span
from provenance.vocabulary import (
    AttributionStatus,
    Mode,
    RecordedVia,
    SourcingStrength,
    SpeakerType,
)

__all__ = ["parse_line"]

_SHA256 = re.compile(r"[0-9a-f]{64}")


_V = TypeVar("_V", bound=Enum)
_MEMBERS: dict[type[Enum], dict[object, Enum]] = {
    vocabulary: {member.value: member for member in vocabulary}
    for vocabulary in (SourcingStrength, Mode, AttributionStatus, RecordedVia, SpeakerType)
}


def _one_of(vocabulary: type[_V], value: object, name: str, where: str) -> _V:
    try:
        return _MEMBERS[vocabulary][value]  # type: ignore[return-value]
    except (KeyError, TypeError):
        allowed = ", ".join(str(v.value) for v in vocabulary)
        raise BadInput(f"{where}: {name} {value!r} is not one of {allowed}") from None


def parse_line(line: str, where: str) -> DocumentRecord:
    """Read one bundle line (``where`` names it in messages: ``"file.jsonl:12"``)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadInput(f"{where}: not JSON ({exc.msg} at column {exc.colno})") from None
    except ValueError as exc:  # an integer of more digits than Python converts
        raise BadInput(f"{where}: not a bundle line ({exc}); fix the number") from None
    except RecursionError:
        raise BadInput(f"{where}: not a bundle line (JSON nested too deeply)") from None
    if not isinstance(record, dict) or not isinstance(record.get("document"), dict):
        raise BadInput(f'{where}: a bundle line is {{"document": {{...}}, "attributions": [...]}}')
    meta = record["document"]
    text = text_field(meta, "text", where, required=True)
    assert text is not None
    if not text.strip() or is_blank(text):
        raise BadInput(f"{where}: document.text must be the article's text")
    published = meta.get("published")
    if published is not None and not isinstance(published, str):
        raise BadInput(f"{where}: published must be a YYYY-MM-DD string, not {published!r}")
    digest = text_sha256(text)
    claimed = text_field(meta, "sha256", where)
    if claimed is not None and claimed != digest:
        raise BadInput(
            f"{where}: sha256 does not match document.text (the text was changed or "
            "corrupted in transit); export it again"
        )
    try:
        date = parse_date(published)
    except BadInput as exc:
        raise BadInput(f"{where}: {exc}") from None
    title = text_field(meta, "title", where)
    outlet = checked_outlet(text_field(meta, "outlet", where), where)
    url = text_field(meta, "url", where)
    authors = string_list_field(meta, "authors", where)
    revises = text_field(meta, "revises", where)
    original = text_field(meta, "original_sha256", where)
    if original is not None and not _SHA256.fullmatch(original):
        raise BadInput(f"{where}: original_sha256 must be 64 hexadecimal digits or null")
    if normalize_text(text) != text:
        raise BadInput(
            f"{where}: document.text is not normalised (NFC, \\n line ends), so its offsets "
            "cannot be trusted; normalise it and recompute the offsets"
        )
    items = record.get("attributions") or []
    if not isinstance(items, list):
        raise BadInput(f"{where}: attributions must be a list")
    attributions: list[AttributionRecord] = []
    seen: set[tuple[int, int, str | None, bool]] = set()
    for n, item in enumerate(items, 1):
        at = f"{where}, attribution {n}"
        attribution = _attribution(text, item, at)
        speaker = attribution.speaker
        identity = (
            attribution.content.start,
            attribution.content.end,
            speaker.key if speaker else None,
            speaker is not None and speaker.type is SpeakerType.UNNAMED,
        )
        if identity in seen:  # twice in one bundle line: a malformed bundle
            raise BadInput(f"{at}: the line gives this attribution twice; remove one")
        seen.add(identity)
        attributions.append(attribution)
    return DocumentRecord(
        where=where,
        text=text,
        sha256=digest,
        title=title,
        outlet=outlet,
        url=url,
        published=date,
        published_as_written=published or None,
        authors=authors,
        revises=revises,
        attributions=attributions,
        original_sha256=original,
    )


_STRENGTHS: dict[str, SourcingStrength] = {m.value: m for m in SourcingStrength}
_MODES: dict[str, Mode] = {m.value: m for m in Mode}
_STATUSES: dict[str, AttributionStatus] = {m.value: m for m in AttributionStatus}
_VIA: dict[str, RecordedVia] = {m.value: m for m in RecordedVia}


def _known(table: dict[str, _V], value: object) -> _V | None:
    return table.get(value) if type(value) is str else None


def _span(text: str, record: Any, role: str, at: str) -> Span | None:
    """A span of ``text``: the usual good record checked inline, anything else by
    :func:`span_field`, which says what is wrong."""
    if type(record) is dict:
        start, end, exact = record.get("start"), record.get("end"), record.get("exact")
        if (
            type(start) is int
            and type(end) is int
            and 0 <= start < end <= len(text)
            and text[start:end] == exact
        ):
            return Span(
                start,
                end,
                exact,
                text[max(0, start - _CONTEXT) : start],
                text[end : end + _CONTEXT],
            )
    return span_field(text, record, role, at)


def _attribution(text: str, item: Any, at: str) -> AttributionRecord:
    if not isinstance(item, dict):
        raise BadInput(f"{at}: must be an object")
    speaker = _speaker(item.get("speaker"), at)
    content = _span(text, item.get("content"), "content", at)
    if content is None:
        raise BadInput(f"{at}: content is required")
    get = item.get
    # a known value is a string of the vocabulary: checked in one look-up
    strength = _known(_STRENGTHS, get("strength"))
    mode = _known(_MODES, get("mode"))
    status = _known(_STATUSES, get("status") or "confirmed")
    via = _known(_VIA, get("recorded_via") or "import")
    recorded_by = text_field(item, "recorded_by", at)
    if strength is None or mode is None or status is None or via is None:
        for key in ("strength", "mode", "status", "recorded_via"):
            text_field(item, key, at, required=key in ("strength", "mode"))
    source = _span(text, get("source"), "source", at)
    cue = _span(text, get("cue"), "cue", at)
    if strength is None:
        strength = _one_of(SourcingStrength, get("strength") or "", "strength", at)
    if mode is None:
        mode = _one_of(Mode, get("mode") or "", "mode", at)
    if status is None:
        status = _one_of(AttributionStatus, get("status") or "confirmed", "status", at)
    if via is None:
        via = _one_of(RecordedVia, get("recorded_via") or "import", "recorded_via", at)
    confidence = get("confidence")
    if confidence is not None:
        confidence = confidence_field(confidence, at)
    if speaker is None and strength is not SourcingStrength.UNATTRIBUTED:
        raise BadInput(f"{at}: an attribution of strength {strength.value} needs a speaker")
    if speaker is not None and strength is SourcingStrength.UNATTRIBUTED:
        raise BadInput(
            f"{at}: an unattributed assertion is the reporter's own, but a speaker was given "
            f"({speaker.name}); drop the speaker or choose a strength class"
        )
    return AttributionRecord(
        where=at,
        speaker=speaker,
        strength=strength,
        mode=mode,
        status=status,
        via=via,
        recorded_by=recorded_by or None,
        confidence=confidence,
        content=content,
        source=source,
        cue=cue,
    )


_SIMPLE_SPEAKER_FIELDS = frozenset({"name", "type", "description", "aliases"})


def _speaker(record: Any, at: str) -> SpeakerRecord | None:
    if record is None:
        return None
    if type(record) is dict and record.keys() <= _SIMPLE_SPEAKER_FIELDS:
        aliases = record.get("aliases") or ()
        if type(aliases) is list and all(type(a) is str for a in aliases):
            try:
                known = _simple_speaker(
                    record.get("name"),
                    record.get("type", "person"),
                    record.get("description"),
                    tuple(aliases),
                )
            except TypeError:  # an unhashable value: read it the long way
                known = None
            if known is not None:
                return known
    return _speaker_read(record, f"{at}, speaker", at)


@lru_cache(maxsize=65_536)
def _simple_speaker(
    name: Any, kind: Any, description: Any, aliases: tuple[str, ...]
) -> SpeakerRecord | None:
    """The speaker of a record holding only a name, type, description and aliases, read
    once however often a bundle repeats it; ``None`` if it is not a good record (the
    long way then says what is wrong, naming the line)."""
    try:
        record = {"name": name, "type": kind, "description": description}
        return _speaker_read({**record, "aliases": list(aliases)}, "", "")
    except BadInput:
        return None


def _speaker_read(record: Any, where: str, at: str) -> SpeakerRecord:
    if not isinstance(record, dict):
        raise BadInput(f"{at}: speaker must be null or an object with a name")
    name = text_field(record, "name", where)
    if not name or not name.strip():
        raise BadInput(f"{at}: speaker.name is required")
    try:
        kind = SpeakerType(record.get("type", "person"))
    except (ValueError, TypeError):
        raise BadInput(f"{at}: speaker.type must be person, organization or unnamed") from None
    name = " ".join(name.split())
    description = text_field(record, "description", where)
    aliases = string_list_field(record, "aliases", where)
    holder = record.get("holder")
    if isinstance(holder, dict):
        _check_holder(holder, f"{where}.holder")
    elif holder is not None:
        holder = text_field(record, "holder", where)
    return SpeakerRecord(
        name=name,
        key=fold_key(name),
        type=kind,
        description=description,
        aliases=tuple(aliases),
        holder=holder or None,
        merged=_merged(record, where, kind),
    )


def _merged(record: dict[str, Any], where: str, kind: SpeakerType) -> tuple[tuple[str, str], ...]:
    merged = record.get("merged") or []
    if not isinstance(merged, list) or not all(isinstance(m, dict) for m in merged):
        raise BadInput(f"{where}: merged must be a list of {{name, type}} objects")
    names = []
    for entry in merged:
        name = text_field(entry, "name", f"{where}.merged", required=True)
        entry_kind = entry.get("type", kind.value)
        if not isinstance(entry_kind, str) or entry_kind not in {t.value for t in SpeakerType}:
            raise BadInput(f"{where}.merged: type must be person, organization or unnamed")
        assert name is not None
        names.append((" ".join(name.split()), entry_kind))
    return tuple(names)


def _check_holder(record: dict[str, Any], where: str) -> None:
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
