"""The seed corpus: the FT article on Israel-Turkey deconfliction talks, hand-annotated.

The annotation (``seeds/*.toml``) names every span by its exact text. This module
finds each one in the article, checks it, and either returns the spans (for the
extractor's evaluation) or loads them into a database, idempotently.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.attributions.recording import record_attribution
from provenance.documents.ingest import ingest_document
from provenance.errors import BadInput, DuplicateAttribution
from provenance.speakers.directory import ensure_speaker, find_speaker
from provenance.store.models import Document
from provenance.store.resources import seeds_dir
from provenance.text.digest import text_sha256
from provenance.text.folding import normalize_text
from provenance.text.spans import Span, make_span
from provenance.vocabulary import RecordedVia, SourcingStrength

__all__ = [
    "SEED_ANNOTATION",
    "SeedAttribution",
    "SeedCorpus",
    "load_seed",
    "load_seed_gold",
    "read_seed",
]

SEED_ANNOTATION = "ft-israel-turkey-syria-2025-04.toml"


@dataclass(frozen=True)
class SeedAttribution:
    content: Span
    source: Span | None
    cue: Span | None
    speaker: str | None
    strength: str
    mode: str


@dataclass
class SeedCorpus:
    text: str
    document: dict[str, Any]
    speakers: list[dict[str, Any]]
    attributions: list[SeedAttribution] = field(default_factory=list)


def _paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return left, len(text) if right == -1 else right


def _locate_near(text: str, exact: str, content: Span, label: str) -> Span:
    """The whole-word occurrence of ``exact`` nearest to ``content``, outside it,
    within the content's paragraph, or else in the one before (a quote that runs on):
    a "said" in the same paragraph always beats a nearer one across the break."""
    own_left, right = _paragraph_bounds(text, content.start, content.end)
    left = text.rfind("\n", 0, own_left - 1) + 1 if own_left > 0 else own_left
    pattern = re.compile(r"(?<!\w)" + re.escape(exact) + r"(?!\w)")
    best: tuple[bool, int, int] | None = None
    for match in pattern.finditer(text, left, right):
        if match.start() < content.end and match.end() > content.start:
            continue
        elsewhere = match.start() < own_left
        distance = min(abs(match.start() - content.end), abs(content.start - match.end()))
        if best is None or (elsewhere, distance) < best[:2]:
            best = (elsewhere, distance, match.start())
    if best is None:
        raise BadInput(f"seed annotation: {label} {exact!r} not found near {content.exact!r}")
    return make_span(text, best[2], best[2] + len(exact))


def _locate_content(text: str, exact: str, occurrence: int | None) -> Span:
    starts = [m.start() for m in re.finditer(re.escape(exact), text)]
    if not starts:
        raise BadInput(f"seed annotation: content {exact!r} is not in the article")
    if occurrence is None and len(starts) > 1:
        raise BadInput(f"seed annotation: content {exact!r} occurs {len(starts)} times")
    start = starts[(occurrence or 1) - 1]
    return make_span(text, start, start + len(exact))


def read_seed(annotation: Path | None = None) -> SeedCorpus:
    """Read and check the seed annotation; every span located and verified."""
    path = annotation or seeds_dir() / SEED_ANNOTATION
    with path.open("rb") as fh:
        spec = tomllib.load(fh)
    meta = dict(spec["document"])
    text = normalize_text((path.parent / meta.pop("text_file")).read_text(encoding="utf-8"))
    corpus = SeedCorpus(text=text, document=meta, speakers=list(spec.get("speakers", [])))
    for entry in spec.get("attributions", []):
        content = _locate_content(text, entry["content"], entry.get("occurrence"))
        source = (
            _locate_near(text, entry["source"], content, "source") if "source" in entry else None
        )
        cue = _locate_near(text, entry["cue"], content, "cue") if "cue" in entry else None
        corpus.attributions.append(
            SeedAttribution(
                content=content,
                source=source,
                cue=cue,
                speaker=entry.get("speaker"),
                strength=SourcingStrength(entry["strength"]).value,
                mode=entry["mode"],
            )
        )
    return corpus


def load_seed_gold() -> tuple[str, list[SeedAttribution]]:
    """The seed text and its sourced attributions (not the reporter's own assertions)."""
    corpus = read_seed()
    sourced = [a for a in corpus.attributions if a.strength != SourcingStrength.UNATTRIBUTED]
    return corpus.text, sourced


def load_seed(session: Session, *, actor: str) -> tuple[Document, bool]:
    """Load the seed corpus; a second call finds it there and changes nothing.

    If the seed article was ingested by hand, its annotations are added to that
    document. Returns the document and whether anything was added now.
    """
    corpus = read_seed()
    document = session.scalar(select(Document).where(Document.sha256 == text_sha256(corpus.text)))
    added = False
    if document is None:
        meta = corpus.document
        document = ingest_document(
            session,
            corpus.text,
            actor=actor,
            title=meta.get("title"),
            outlet=meta.get("outlet"),
            url=meta.get("url"),
            published=meta.get("published"),
            authors=meta.get("authors", []),
        )
        added = True
    for entry in corpus.speakers:
        ensure_speaker(
            session,
            entry["name"],
            entry["type"],
            actor=actor,
            document=document if entry["type"] == "unnamed" else None,
            description=entry.get("description"),
            aliases=entry.get("aliases", []),
        )
    for entry in corpus.speakers:
        if "holder" in entry:
            office = find_speaker(session, entry["name"])
            holder = find_speaker(session, entry["holder"])
            if office is not None and holder is not None and office.holder_id is None:
                office.holder = holder
    for item in corpus.attributions:
        speaker = None
        if item.speaker is not None:
            speaker = find_speaker(session, item.speaker, document_id=document.id)
            if speaker is None:
                raise BadInput(f"seed annotation: speaker {item.speaker!r} is not listed")
        try:
            record_attribution(
                session,
                document,
                content=item.content,
                source=item.source,
                cue=item.cue,
                speaker=speaker,
                strength=item.strength,
                mode=item.mode,
                actor=actor,
                via=RecordedVia.SEED,
            )
        except DuplicateAttribution:
            continue
        added = True
    session.flush()
    session.refresh(document)
    return document, added
