"""Documents and attributions on their way into the database, as batch work reads them.

A bundle line (:mod:`provenance.interchange.bundle_parse`) and an ingested article with
its extractor proposals (:mod:`provenance.documents.corpus`) both become these records
before :mod:`provenance.documents.batch` stores them. They are tuples, so that worker
processes hand them to the writer cheaply.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from provenance.text.spans import Span
from provenance.vocabulary import (
    AttributionStatus,
    Mode,
    RecordedVia,
    SourcingStrength,
    SpeakerType,
)

__all__ = ["AttributionRecord", "DocumentRecord", "SpeakerRecord"]


class SpeakerRecord(NamedTuple):
    """A speaker as a bundle or the extractor names it. A bundle's speaker is found by
    its own name, never by likeness (``exact``); a proposal's name is resolved as a
    person typing it would be (aliases, likeness). ``key`` is the name folded."""

    name: str
    key: str
    type: SpeakerType
    description: str | None
    aliases: tuple[str, ...]
    holder: dict[str, Any] | str | None  # an office's holder: a speaker object, or a name
    merged: tuple[tuple[str, str], ...]  # (name, type) of speakers merged into this one
    exact: bool = True


class AttributionRecord(NamedTuple):
    where: str
    speaker: SpeakerRecord | None
    strength: SourcingStrength
    mode: Mode
    status: AttributionStatus
    via: RecordedVia
    recorded_by: str | None
    confidence: float | None
    content: Span
    source: Span | None
    cue: Span | None


class DocumentRecord(NamedTuple):
    where: str
    text: str
    sha256: str
    title: str | None
    outlet: str | None
    url: str | None
    published: dt.date | None
    published_as_written: str | None
    authors: list[str]
    revises: str | None  # the SHA-256 of the version this one revises
    attributions: list[AttributionRecord]
    original_sha256: str | None = None  # of the file or record the text was read from
