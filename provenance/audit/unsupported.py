"""Claims an editor should not let stand as they are: those whose only sources are
unnamed, or that rest on a single source, once the same claim in other documents has
been counted (recognised by :mod:`provenance.audit.corroboration`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session

from provenance.attributions.filters import AttributionFilter
from provenance.attributions.recording import claim_key_of
from provenance.audit.corroboration import CORROBORATION_THRESHOLD
from provenance.audit.ratios import UNATTRIBUTED, UNNAMED_CLASSES
from provenance.store.models import Attribution, Claim, Document, Speaker

__all__ = [
    "ONLY_UNNAMED",
    "SINGLE_NAMED",
    "SINGLE_UNNAMED",
    "UnsupportedClaim",
    "unsupported_claims",
]

SINGLE_UNNAMED = "single unnamed source"
ONLY_UNNAMED = "only unnamed sources"
SINGLE_NAMED = "single named source"
_REASONS = (SINGLE_UNNAMED, ONLY_UNNAMED, SINGLE_NAMED)


@dataclass(frozen=True)
class UnsupportedClaim:
    """A claim that rests only on unnamed sources, or on one source, everywhere it is
    attributed (its own documents and those where a matching claim stands)."""

    claim: int
    text: str
    reason: str
    sources: int
    named: int
    unnamed: int
    documents: list[int]
    speakers: list[str]
    attributions: list[int]
    matched_claims: list[int]

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _voice() -> Any:
    # An office speaks for its holder: Netanyahu's office and Netanyahu are not two
    # independent sources for one claim.
    return func.coalesce(Speaker.holder_id, Speaker.id)


def _voice_key(row: tuple[int, int, int, bool, str], line_of: dict[int, int]) -> object:
    _, doc, voice, named, name = row
    return voice if named else (line_of.get(doc, doc), name.casefold())


def _chunks(ids: Sequence[int], size: int = 5000) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def _claim_texts(session: Session, claim_ids: Select) -> dict[int, str]:
    query = select(Claim.id, Claim.text).where(Claim.id.in_(claim_ids))
    return {claim_id: text for claim_id, text in session.execute(query)}


def _version_lines(session: Session) -> tuple[dict[int, int], dict[int, int]]:
    """``revises`` (version -> the one it revises) and ``line_of`` (each revised or
    revising version -> the first version of its article)."""
    revises = {
        doc: earlier
        for doc, earlier in session.execute(
            select(Document.id, Document.revises_id).where(Document.revises_id.is_not(None))
        )
        if earlier is not None
    }
    line_of: dict[int, int] = {}
    for doc in {*revises, *revises.values()}:
        first, seen = doc, set()
        while first in revises and first not in seen:
            seen.add(first)
            first = revises[first]
        line_of[doc] = first
    return revises, line_of


def _everywhere(session: Session, chosen: AttributionFilter) -> AttributionFilter:
    """Where a claim's sources are counted: every article, once. The latest version of
    each (or every version, with ``all_versions``), except that a version ``chosen``
    names stands for its article instead of the others of its line."""
    if chosen.all_versions or not chosen.documents:
        return AttributionFilter(statuses=chosen.statuses, all_versions=chosen.all_versions)
    revises, line_of = _version_lines(session)
    named = set(chosen.documents)
    lines = {line_of.get(d, d) for d in named}
    others = sorted(d for d, first in line_of.items() if first in lines and d not in named)
    superseded = set(revises.values())
    return AttributionFilter(
        statuses=chosen.statuses,
        all_versions=True,
        excluded_documents=sorted(
            set(others) | {d for d in superseded if d not in named and line_of[d] not in lines}
        ),
    )


def unsupported_claims(
    session: Session,
    filter: AttributionFilter | None = None,
    *,
    threshold: float = CORROBORATION_THRESHOLD,
    progress: Callable[[int, int], None] | None = None,
) -> list[UnsupportedClaim]:
    """Claims whose only sources are unnamed, or that rest on a single source.

    ``filter`` chooses which claims are examined (those with a sourced attribution it
    keeps); their sources are then counted in every document, with only the filter's
    review statuses applied, so that a claim is judged on everything prov knows. The
    same claim elsewhere is found by its exact key and by fuzzy matching
    (:mod:`provenance.audit.corroboration`, ``threshold`` above 0, at most 100); a fuzzy
    match counts only from documents the claim is not already in, since an article
    paraphrasing itself corroborates nothing. Independent sources are distinct speakers,
    an office and its holder counting as one; unnamed sources of different documents
    count separately, because nothing says they are one person. ``progress(done,
    total)`` follows the
    fuzzy matching, the long part on a large database (see
    :func:`provenance.corroboration.match_claims`).
    """
    from provenance.audit.corroboration import match_claims, matching_key

    chosen = filter or AttributionFilter()
    everywhere = _everywhere(session, chosen)
    a = Attribution
    sourced = a.strength != UNATTRIBUTED
    asked = chosen.apply(select(a.claim_id).where(sourced, a.claim_id.is_not(None)))
    voice = _voice()
    named_voice = case((a.strength.not_in(UNNAMED_CLASSES), voice))
    alone = everywhere.apply(
        select(a.claim_id)
        .join(Speaker, Speaker.id == a.speaker_id)
        .where(sourced, a.claim_id.in_(asked))
        .group_by(a.claim_id)
        .having(or_(func.count(named_voice.distinct()) == 0, func.count(voice.distinct()) == 1))
    )
    candidates = _claim_texts(session, alone)
    if not candidates:
        return []
    pool_ids = everywhere.apply(select(a.claim_id).where(sourced, a.claim_id.is_not(None)))
    # Claims are compared by their keys (the text folded, its final full stop off):
    # what claim_for matched them by, and most of the folding matching_text does.
    keys = {
        cid: matching_key(claim_key_of(text))
        for cid, text in _claim_texts(session, pool_ids).items()
    }
    wanted_keys = {cid: keys[cid] for cid in candidates if cid in keys}
    matches = match_claims(wanted_keys, keys, threshold=threshold, prepared=True, progress=progress)

    wanted = sorted(set(candidates) | {m for found in matches.values() for m in found})
    by_claim: dict[int, list[tuple[int, int, int, bool, str]]] = {}
    for ids in _chunks(wanted):
        query = everywhere.apply(
            select(a.id, a.claim_id, a.document_id, voice, a.strength, Speaker.name)
            .join(Speaker, Speaker.id == a.speaker_id)
            .where(sourced, a.claim_id.in_(ids))
        )
        for att_id, claim_id, doc_id, voice_id, strength, name in session.execute(query):
            by_claim.setdefault(claim_id, []).append(
                (att_id, doc_id, voice_id, strength not in UNNAMED_CLASSES, name)
            )

    _, line_of = _version_lines(session)
    found: list[UnsupportedClaim] = []
    for claim_id, text in candidates.items():
        own = by_claim.get(claim_id, [])
        own_documents = {doc for _, doc, _, _, _ in own}
        rows = list(own)
        used: list[int] = []
        for other in sorted(matches.get(claim_id, ())):
            elsewhere = [r for r in by_claim.get(other, []) if r[1] not in own_documents]
            if elsewhere:
                used.append(other)
                rows.extend(elsewhere)
        # one source once per article: an unnamed source carried into a revision is
        # another row (unnamed sources belong to one version) but the same voice
        voices = {_voice_key(r, line_of) for r in rows}
        named = {_voice_key(r, line_of) for r in rows if r[3]}
        if named and len(voices) > 1:
            continue  # corroborated, and by at least one named source
        if not named:
            reason = SINGLE_UNNAMED if len(voices) == 1 else ONLY_UNNAMED
        else:
            reason = SINGLE_NAMED
        found.append(
            UnsupportedClaim(
                claim=claim_id,
                text=text,
                reason=reason,
                sources=len(voices),
                named=len(named),
                unnamed=len(voices - named),
                documents=sorted({r[1] for r in rows}),
                speakers=sorted({r[4] for r in rows}, key=str.casefold),
                attributions=sorted(r[0] for r in rows),
                matched_claims=used,
            )
        )
    found.sort(key=lambda c: (_REASONS.index(c.reason), -len(c.documents), c.claim))
    return found
