"""Sourcing audits: how much of what is reported rests on people it does not name.

A standards desk asks three questions of an article, an outlet, a beat or a month:

* :func:`audit`: how are the attributions spread over the sourcing-strength classes,
  and what is the unnamed-source ratio (defined once, in
  :func:`provenance.vocabulary.unnamed_ratio`: unnamed over all but unattributed)?
  The counting happens in the database, one ``GROUP BY`` with a conditional count per
  class, so an audit of a million attributions moves a few dozen rows into Python.
* :func:`unnamed_detail`: which attributions of one article are unnamed, and where
  exactly do they stand?
* :func:`unsupported_claims`: which claims rest only on unnamed sources, or on a
  single source, once the same claim in other documents has been counted?

``count="distinct-sources"`` counts each source once per document instead of each
attribution: "the official" and "a former senior Israeli official" are recorded as one
speaker, so the three things that official said in the seed article count once. A
source quoted in several classes within one document counts in its strongest class
(once identified as "a Turkish defence official", a later "the official" adds nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Integer, Select, case, cast, extract, func, or_, select
from sqlalchemy.orm import Session

from provenance.audit.corroboration import CORROBORATION_THRESHOLD
from provenance.errors import BadInput, NotFound
from provenance.attributions.filters import AttributionFilter
from provenance.store.models import Attribution, Claim, Document, Outlet, Speaker
from provenance.vocabulary import UNNAMED_STRENGTHS, SourcingStrength, unnamed_ratio

__all__ = [
    "COUNTINGS",
    "GROUPINGS",
    "STRENGTH_CLASSES",
    "AuditRow",
    "UnnamedAttribution",
    "UnsupportedClaim",
    "audit",
    "audit_columns",
    "total_row",
    "unnamed_detail",
    "unsupported_claims",
]

GROUPINGS = ("document", "outlet", "speaker", "month")
COUNTINGS = ("attributions", "distinct-sources")
STRENGTH_CLASSES: tuple[str, ...] = tuple(s.value for s in SourcingStrength)
_UNNAMED = sorted(s.value for s in UNNAMED_STRENGTHS)
_UNATTRIBUTED = SourcingStrength.UNATTRIBUTED.value


@dataclass(frozen=True)
class AuditRow:
    """One group of an audit: its key, a count per strength class, and the ratio.

    ``key`` is the document id, the outlet name, the speaker name or the month
    (``"2025-04"``); ``None`` for attributions with no outlet, no speaker (the
    reporter's own assertions) or no publication date. ``label`` is the key as a
    person reads it. ``details`` holds what else identifies the group (a document's
    title, a speaker's id and type).
    """

    by: str
    key: int | str | None
    label: str
    counts: dict[str, int]
    details: dict[str, Any] = field(default_factory=dict)
    counted: str = "attributions"

    @property
    def attributions(self) -> int:
        return sum(self.counts.values())

    @property
    def sourced(self) -> int:
        """Everything but the reporter's own assertions: the ratio's denominator."""
        return self.attributions - self.counts.get(_UNATTRIBUTED, 0)

    @property
    def unnamed(self) -> int:
        return sum(self.counts.get(s, 0) for s in _UNNAMED)

    @property
    def unnamed_ratio(self) -> float | None:
        return unnamed_ratio(self.counts)

    def as_dict(self) -> dict[str, Any]:
        """The row as DESIGN.md lists it for ``--format json``, plus the counts behind
        the ratio (``unnamed`` over ``sourced``) and what was ``counted``."""
        return {
            self.by: self.key,
            **self.details,
            "attributions": self.attributions,
            **{s: self.counts.get(s, 0) for s in STRENGTH_CLASSES},
            "sourced": self.sourced,
            "unnamed": self.unnamed,
            "unnamed_ratio": self.unnamed_ratio,
            "counted": self.counted,
        }


_DETAILS = {
    "document": ("title", "outlet", "published"),
    "speaker": ("speaker_id", "speaker_type", "speaker_document"),
}


def audit_columns(by: str) -> list[str]:
    """The fields of an audit row grouped ``by``, in order (what csv and md print)."""
    return [
        by,
        *_DETAILS.get(by, ()),
        "attributions",
        *STRENGTH_CLASSES,
        "sourced",
        "unnamed",
        "unnamed_ratio",
        "counted",
    ]


def total_row(rows: Iterable[AuditRow], label: str = "all") -> AuditRow:
    """All groups together. The groups of an audit never overlap (each attribution, or
    each source of a document, falls in exactly one), so their counts add up."""
    counts = dict.fromkeys(STRENGTH_CLASSES, 0)
    counted = "attributions"
    for row in rows:
        counted = row.counted
        for strength, n in row.counts.items():
            counts[strength] += n
    return AuditRow(by="total", key=label, label=label, counts=counts, counted=counted)


# ------------------------------------------------------------------------- audit


@dataclass(frozen=True)
class _Units:
    """What an audit counts: attribution rows, or one row per source and document."""

    document_id: Any
    speaker_id: Any
    strength_is: Callable[[str], Any]
    restrict: Callable[[Select], Select]
    source: Any


def _units(counting: str, attribution_filter: AttributionFilter) -> _Units:
    a = Attribution
    if counting == "attributions":
        return _Units(
            document_id=a.document_id,
            speaker_id=a.speaker_id,
            strength_is=lambda s: a.strength == s,
            restrict=attribution_filter.apply,
            source=a.__table__,
        )
    rank = case({s: i for i, s in enumerate(STRENGTH_CLASSES)}, value=a.strength)
    sources = attribution_filter.apply(
        select(a.document_id, a.speaker_id, func.min(rank).label("rank")).group_by(
            a.document_id, a.speaker_id
        )
    ).subquery("sources")
    return _Units(
        document_id=sources.c.document_id,
        speaker_id=sources.c.speaker_id,
        strength_is=lambda s: sources.c.rank == STRENGTH_CLASSES.index(s),
        restrict=lambda query: query,
        source=sources,
    )


def _counted_by(key: Any, units: _Units) -> Select:
    """One row per ``key`` of the units, with a conditional count per strength class."""
    counts = [func.count().filter(units.strength_is(s)).label(s) for s in STRENGTH_CLASSES]
    query = select(key, *counts).select_from(units.source).group_by(key)
    return units.restrict(query)


def _tally(by: str, units: _Units) -> Select:
    """The aggregation: one row per group, a conditional count per strength class.

    Outlets and months are rolled up from a first tally per document: the million
    attributions are counted in document order (the order of an index SQLite already
    has), and only the per-document rows are joined to their documents and grouped
    again, which is about twice as fast on SQLite as joining every attribution.
    """
    if by == "speaker":
        return _counted_by(units.speaker_id.label("speaker_id"), units)
    per_document = _counted_by(units.document_id.label("document_id"), units)
    if by == "document":
        return per_document
    tally = per_document.subquery("per_document")
    if by == "outlet":
        keys = [Document.outlet_id.label("outlet_id")]
    else:
        keys = [
            cast(extract("year", Document.published), Integer).label("year"),
            cast(extract("month", Document.published), Integer).label("month"),
        ]
    sums = [func.sum(tally.c[s]).label(s) for s in STRENGTH_CLASSES]
    return (
        select(*keys, *sums)
        .select_from(tally)
        .join(Document, Document.id == tally.c.document_id)
        .group_by(*keys)
    )


def _labelled(by: str, tally: Any) -> Select:
    """The aggregated groups joined to what names them (titles, outlets, speakers)."""
    counts = [tally.c[s] for s in STRENGTH_CLASSES]
    if by == "document":
        return (
            select(tally.c.document_id, Document.title, Outlet.name, Document.published, *counts)
            .select_from(tally)
            .join(Document, Document.id == tally.c.document_id)
            .outerjoin(Outlet, Outlet.id == Document.outlet_id)
        )
    if by == "outlet":
        return (
            select(Outlet.name, *counts)
            .select_from(tally)
            .outerjoin(Outlet, Outlet.id == tally.c.outlet_id)
        )
    if by == "speaker":
        return (
            select(tally.c.speaker_id, Speaker.name, Speaker.type, Speaker.document_id, *counts)
            .select_from(tally)
            .outerjoin(Speaker, Speaker.id == tally.c.speaker_id)
        )
    return select(tally.c.year, tally.c.month, *counts)


def _row(by: str, record: Sequence[Any], counted: str) -> AuditRow:
    width = len(STRENGTH_CLASSES)
    head, tail = record[:-width], record[-width:]
    counts = {s: int(n or 0) for s, n in zip(STRENGTH_CLASSES, tail, strict=True)}
    if by == "document":
        doc_id, title, outlet, published = head
        details = {
            "title": title,
            "outlet": outlet,
            "published": published.isoformat() if published else None,
        }
        return AuditRow(by, doc_id, title or f"document {doc_id}", counts, details, counted)
    if by == "outlet":
        (name,) = head
        return AuditRow(by, name, name or "(no outlet)", counts, {}, counted)
    if by == "speaker":
        speaker_id, name, speaker_type, scope = head
        # an unnamed source belongs to one document: speaker_document says which
        details = {
            "speaker_id": speaker_id,
            "speaker_type": speaker_type,
            "speaker_document": scope,
        }
        label = name if speaker_id is not None else "(the reporter's own assertions)"
        return AuditRow(by, name, label, counts, details, counted)
    year, month = head
    key = f"{int(year):04d}-{int(month):02d}" if year is not None else None
    return AuditRow(by, key, key or "(undated)", counts, {}, counted)


def _order(by: str, rows: list[AuditRow]) -> list[AuditRow]:
    if by == "month":
        return sorted(rows, key=lambda r: (r.key is None, r.key or ""))

    def worst_first(row: AuditRow) -> tuple[Any, ...]:
        ratio = row.unnamed_ratio
        return (ratio is None, -(ratio or 0.0), -row.attributions, row.label.casefold())

    return sorted(rows, key=worst_first)


def _disambiguate(rows: list[AuditRow]) -> list[AuditRow]:
    """Unnamed sources are per document, so two rows can share a name ("a person
    familiar with the matter"): their labels then say which document each is from."""
    seen: dict[str, int] = {}
    for row in rows:
        seen[row.label] = seen.get(row.label, 0) + 1
    out = []
    for row in rows:
        scope = row.details.get("speaker_document")
        if seen[row.label] > 1 and scope is not None:
            row = AuditRow(
                row.by, row.key, f"{row.label} (doc {scope})", row.counts, row.details, row.counted
            )
        out.append(row)
    return out


def audit(
    session: Session,
    by: str = "document",
    filter: AttributionFilter | None = None,
    count: str = "attributions",
) -> list[AuditRow]:
    """The strength mix and unnamed-source ratio of each group of attributions.

    ``by`` is ``"document"``, ``"outlet"``, ``"speaker"`` or ``"month"`` (of
    publication); ``filter`` chooses the attributions (rejected ones are left out
    unless asked for); ``count`` is ``"attributions"`` or ``"distinct-sources"``.
    Rows come worst first (highest unnamed ratio, then most attributions), except
    months, which come in order.

    >>> [(r.key, r.unnamed, r.sourced) for r in audit(session)]  # doctest: +SKIP
    [(1, 11, 26)]
    """
    if by not in GROUPINGS:
        raise BadInput(f"cannot audit by {by!r}; choose one of {', '.join(GROUPINGS)}")
    if count not in COUNTINGS:
        raise BadInput(f"cannot count {count!r}; choose one of {', '.join(COUNTINGS)}")
    units = _units(count, filter or AttributionFilter())
    query = _labelled(by, _tally(by, units).subquery("tally"))
    rows = [_row(by, record, count) for record in session.execute(query)]
    rows = _order(by, rows)
    return _disambiguate(rows) if by == "speaker" else rows


# ---------------------------------------------------------------- unnamed detail


@dataclass(frozen=True)
class UnnamedAttribution:
    """One attribution to an unnamed source, with the spans a reviewer checks."""

    id: int
    document: int
    speaker: str
    strength: str
    mode: str
    content: str
    content_start: int
    content_end: int
    source: str | None
    source_start: int | None
    source_end: int | None
    cue: str | None
    cue_start: int | None
    cue_end: int | None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def unnamed_detail(
    session: Session, document_id: int, filter: AttributionFilter | None = None
) -> list[UnnamedAttribution]:
    """Every attribution of one document to an unnamed source, in reading order.

    ``source`` is the mention as written ("the official"), ``speaker`` who it is
    recorded as ("a former senior Israeli official"); a quote that runs on with no
    mention of its own has no source span.
    """
    if session.get(Document, document_id) is None:
        raise NotFound(f"no document {document_id}; `prov documents` lists them")
    a = Attribution
    query = (
        select(a, Speaker.name)
        .join(Speaker, Speaker.id == a.speaker_id)
        .where(a.document_id == document_id, a.strength.in_(_UNNAMED))
        .order_by(a.content_start, a.id)
    )
    query = (filter or AttributionFilter()).apply(query)
    return [
        UnnamedAttribution(
            id=row.id,
            document=row.document_id,
            speaker=name,
            strength=row.strength,
            mode=row.mode,
            content=row.content_exact,
            content_start=row.content_start,
            content_end=row.content_end,
            source=row.source_exact,
            source_start=row.source_start,
            source_end=row.source_end,
            cue=row.cue_exact,
            cue_start=row.cue_start,
            cue_end=row.cue_end,
        )
        for row, name in session.execute(query)
    ]


# ------------------------------------------------------------ unsupported claims

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


def _claim_texts(session: Session, claim_ids: Select, column: Any = Claim.text) -> dict[int, str]:
    query = select(Claim.id, column).where(Claim.id.in_(claim_ids))
    return {claim_id: text for claim_id, text in session.execute(query)}


def _version_lines(session: Session) -> tuple[dict[int, int], dict[int, int]]:
    """``revises`` (version -> the one it revises) and ``line_of`` (each revised or
    revising version -> the first version of its article)."""
    revises = dict(
        session.execute(
            select(Document.id, Document.revises_id).where(Document.revises_id.is_not(None))
        ).all()
    )
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
    (:mod:`provenance.audit.corroboration`, ``threshold`` above 0, at most 100); a fuzzy match counts only
    from documents the claim is not already in, since an article paraphrasing itself
    corroborates nothing. Independent sources are distinct speakers, an office and its
    holder counting as one; unnamed sources of different documents count separately,
    because nothing says they are one person. ``progress(done, total)`` follows the
    fuzzy matching, the long part on a large database (see
    :func:`provenance.corroboration.match_claims`).
    """
    from provenance.audit.corroboration import match_claims, matching_key

    chosen = filter or AttributionFilter()
    everywhere = _everywhere(session, chosen)
    a = Attribution
    sourced = a.strength != _UNATTRIBUTED
    asked = chosen.apply(select(a.claim_id).where(sourced, a.claim_id.is_not(None)))
    voice = _voice()
    named_voice = case((a.strength.not_in(_UNNAMED), voice))
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
    # Claims are compared by their stored keys, already folded: folding a million
    # claim texts again would cost most of the time.
    keys = {
        cid: matching_key(key) for cid, key in _claim_texts(session, pool_ids, Claim.key).items()
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
                (att_id, doc_id, voice_id, strength not in _UNNAMED, name)
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
