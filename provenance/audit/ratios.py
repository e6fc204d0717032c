"""Sourcing audits: how much of what is reported rests on people it does not name.

A standards desk asks three questions of an article, an outlet, a beat or a month:

* :func:`audit` (here): how are the attributions spread over the sourcing-strength classes,
  and what is the unnamed-source ratio (defined once, in
  :func:`provenance.vocabulary.unnamed_ratio`: unnamed over all but unattributed)?
  The counting happens in the database, one ``GROUP BY`` with a conditional count per
  class, so an audit of a million attributions moves a few dozen rows into Python.
* :func:`~provenance.audit.unnamed.unnamed_detail`: which attributions of one article
  are unnamed, and where exactly do they stand?
* :func:`~provenance.audit.unsupported.unsupported_claims`: which claims rest only on
  unnamed sources, or on a single source, once the same claim in other documents has
  been counted?

``count="distinct-sources"`` counts each source once per document instead of each
attribution: "the official" and "a former senior Israeli official" are recorded as one
speaker, so the three things that official said in the seed article count once. A
source quoted in several classes within one document counts in its strongest class
(once identified as "a Turkish defence official", a later "the official" adds nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    BigInteger,
    Float,
    Integer,
    Select,
    String,
    case,
    cast,
    extract,
    func,
    literal,
    select,
)
from sqlalchemy.orm import Session

from provenance.attributions.filters import AttributionFilter
from provenance.errors import BadInput
from provenance.store.collation import casefolded, register_casefold
from provenance.store.models import Attribution, Document, Outlet, Speaker
from provenance.vocabulary import (
    UNNAMED_STRENGTHS,
    AttributionStatus,
    SourcingStrength,
    unnamed_ratio,
)

__all__ = [
    "COUNTINGS",
    "GROUPINGS",
    "REVIEW_COUNTS",
    "STRENGTH_CLASSES",
    "AuditRecord",
    "AuditRow",
    "audit",
    "audit_columns",
    "audit_records",
    "row_of",
    "total_row",
]

GROUPINGS = ("document", "outlet", "speaker", "month")
COUNTINGS = ("attributions", "distinct-sources")
STRENGTH_CLASSES: tuple[str, ...] = tuple(s.value for s in SourcingStrength)
UNNAMED_CLASSES = sorted(s.value for s in UNNAMED_STRENGTHS)
UNATTRIBUTED = SourcingStrength.UNATTRIBUTED.value
STATUSES: tuple[str, ...] = tuple(s.value for s in AttributionStatus)
REVIEW_COUNTS: tuple[str, ...] = (*STATUSES, "sourced_proposed")
"""What an audit row says about review: how many of its units are ``confirmed``,
``proposed`` and ``rejected``, and how many of the ``sourced`` ones (the ratio's
denominator) are still ``proposed``."""
PROPOSED = AttributionStatus.PROPOSED.value
REJECTED = AttributionStatus.REJECTED.value


@dataclass(frozen=True)
class AuditRow:
    """One group of an audit: its key, a count per strength class, and the ratio.

    ``key`` is the document id, the outlet name, the speaker name or the month
    (``"2025-04"``); ``None`` for attributions with no outlet, no speaker (the
    reporter's own assertions) or no publication date. ``label`` is the key as a
    person reads it. ``details`` holds what else identifies the group (a document's
    title, a speaker's id and type). ``reviews`` counts the units by review status
    (:data:`REVIEW_COUNTS`): a row whose ``sourced_proposed`` is not 0 has a ratio
    resting in part on extractor proposals nobody has reviewed.
    """

    by: str
    key: int | str | None
    label: str
    counts: dict[str, int]
    details: dict[str, Any] = field(default_factory=dict)
    counted: str = "attributions"
    reviews: dict[str, int] = field(default_factory=dict)

    @property
    def attributions(self) -> int:
        return sum(self.counts.values())

    @property
    def sourced(self) -> int:
        """Everything but the reporter's own assertions: the ratio's denominator."""
        return self.attributions - self.counts.get(UNATTRIBUTED, 0)

    @property
    def unnamed(self) -> int:
        return sum(self.counts.get(s, 0) for s in UNNAMED_CLASSES)

    @property
    def unnamed_ratio(self) -> float | None:
        return unnamed_ratio(self.counts)

    @property
    def proposed(self) -> int:
        """Units still awaiting review (all of them, unattributed ones included)."""
        return self.reviews.get(PROPOSED, 0)

    @property
    def sourced_proposed(self) -> int:
        """How many of the ratio's :attr:`sourced` units are unreviewed proposals."""
        return self.reviews.get("sourced_proposed", 0)

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
            **{s: self.reviews.get(s, 0) for s in REVIEW_COUNTS},
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
        *REVIEW_COUNTS,
        "counted",
    ]


def total_row(rows: Iterable[AuditRow], label: str = "all") -> AuditRow:
    """All groups together. The groups of an audit never overlap (each attribution, or
    each source of a document, falls in exactly one), so their counts add up."""
    counts = dict.fromkeys(STRENGTH_CLASSES, 0)
    reviews = dict.fromkeys(REVIEW_COUNTS, 0)
    counted = "attributions"
    for row in rows:
        counted = row.counted
        for strength, n in row.counts.items():
            counts[strength] += n
        for status, n in row.reviews.items():
            reviews[status] += n
    return AuditRow(
        by="total", key=label, label=label, counts=counts, counted=counted, reviews=reviews
    )


# ------------------------------------------------------------------------- audit


MEASURES: tuple[str, ...] = (*STRENGTH_CLASSES, *REVIEW_COUNTS)
"""The columns of an audit's aggregation: a count per strength class, then per review
status."""


@dataclass(frozen=True)
class _Units:
    """What an audit counts: attribution rows, or one row per source and document.

    ``is_`` maps each of :data:`MEASURES` to the condition a unit must meet to be
    counted in it."""

    document_id: Any
    speaker_id: Any
    is_: dict[str, Any]
    restrict: Callable[[Select], Select]
    source: Any


def _units(counting: str, attribution_filter: AttributionFilter) -> _Units:
    a = Attribution
    if counting == "attributions":
        conditions = {s: a.strength == s for s in STRENGTH_CLASSES}
        conditions.update({s: a.status == s for s in STATUSES})
        conditions["sourced_proposed"] = (a.status == PROPOSED) & (a.strength != UNATTRIBUTED)
        return _Units(
            document_id=a.document_id,
            speaker_id=a.speaker_id,
            is_=conditions,
            restrict=attribution_filter.apply,
            source=a.__table__,
        )
    # a source counts in its strongest class; it is "proposed" while any of what it
    # is counted for awaits review, "rejected" when all of it was rejected
    rank = case({s: i for i, s in enumerate(STRENGTH_CLASSES)}, value=a.strength)
    sources = attribution_filter.apply(
        select(
            a.document_id,
            a.speaker_id,
            func.min(rank).label("rank"),
            func.max(case((a.status == PROPOSED, 1), else_=0)).label("any_proposed"),
            func.min(case((a.status == REJECTED, 1), else_=0)).label("all_rejected"),
        ).group_by(a.document_id, a.speaker_id)
    ).subquery("sources")
    c = sources.c
    conditions = {s: c.rank == i for i, s in enumerate(STRENGTH_CLASSES)}
    conditions[PROPOSED] = c.any_proposed == 1
    conditions[REJECTED] = (c.any_proposed == 0) & (c.all_rejected == 1)
    conditions[AttributionStatus.CONFIRMED.value] = (c.any_proposed == 0) & (c.all_rejected == 0)
    conditions["sourced_proposed"] = (c.any_proposed == 1) & (
        c.rank != STRENGTH_CLASSES.index(UNATTRIBUTED)
    )
    return _Units(
        document_id=c.document_id,
        speaker_id=c.speaker_id,
        is_=conditions,
        restrict=lambda query: query,
        source=sources,
    )


def _counted_by(key: Any, units: _Units) -> Select:
    """One row per ``key`` of the units, with a conditional count per measure."""
    counts = [func.count().filter(units.is_[m]).label(m) for m in MEASURES]
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
    keys: list[Any]
    if by == "outlet":
        keys = [Document.outlet_id.label("outlet_id")]
    else:
        keys = [
            cast(extract("year", Document.published), Integer).label("year"),
            cast(extract("month", Document.published), Integer).label("month"),
        ]
    sums = [cast(func.sum(tally.c[m]), BigInteger).label(m) for m in MEASURES]
    return (
        select(*keys, *sums)
        .select_from(tally)
        .join(Document, Document.id == tally.c.document_id)
        .group_by(*keys)
    )


def _labelled(by: str, tally: Any) -> Select:
    """The aggregated groups joined to what names them (titles, outlets, speakers)."""
    counts = [tally.c[m] for m in MEASURES]
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
        # how many groups bear this name: unnamed sources of several documents can
        # ("a person familiar with the matter"), and their labels then say which
        shared = func.count().over(partition_by=Speaker.name).label("shared")
        return (
            select(
                tally.c.speaker_id,
                Speaker.name,
                Speaker.type,
                Speaker.document_id,
                shared,
                *counts,
            )
            .select_from(tally)
            .outerjoin(Speaker, Speaker.id == tally.c.speaker_id)
        )
    return select(tally.c.year, tally.c.month, *counts)


BATCH = 2000
"""Groups read from the database at a time by :func:`audit_records`."""
REPORTER = "(the reporter's own assertions)"
"""The label of the group of attributions with no speaker."""


def _ordered(by: str, query: Select, dialect: str, limit: int | None, counted: str) -> Select:
    """``query`` (one row per group) as the audit's records, in the audit's order, as
    the database sorts them.

    Each row holds :func:`audit_columns` and then the label, all computed in SQL, so
    that a writer can pass a row on as the database returns it. The order is worst
    first (no ratio last, then the highest ratio, the most attributions, the label
    casefolded and the id), months in order. It is total, so ``limit`` is a plain
    ``LIMIT``: the first N groups of the whole audit."""
    labelled = query.subquery("labelled")
    c = labelled.c
    total = sum((c[s] for s in STRENGTH_CLASSES), start=literal(0))
    sourced = total - c[UNATTRIBUTED]
    unnamed = sum((c[s] for s in UNNAMED_CLASSES), start=literal(0))
    ratio = case((sourced > 0, cast(unnamed, Float) / sourced), else_=None)
    head, label, ties = _named(by, c, dialect)
    attributions, ratio_ = total.label("attributions"), ratio.label("unnamed_ratio")
    columns = [
        *head,
        attributions,
        *(c[s] for s in STRENGTH_CLASSES),
        sourced.label("sourced"),
        unnamed.label("unnamed"),
        ratio_,
        *(c[s] for s in REVIEW_COUNTS),
        literal(counted).label("counted"),
        label.label("label"),
    ]
    order: list[Any]
    if by == "month":
        order = [case((c.year.is_(None), 1), else_=0), c.year, c.month]
    else:
        # the figures by their names in the select list, computed once a row
        order = [case((sourced > 0, 0), else_=1), ratio_.desc(), attributions.desc(), *ties]
    ordered = select(*columns).order_by(*order)
    return ordered if limit is None else ordered.limit(limit)


def _named(by: str, c: Any, dialect: str) -> tuple[list[Any], Any, list[Any]]:
    """What names a group: its first columns (the key, then its details), its label,
    and how groups tied on the figures are ordered."""

    def text_or(value: Any, otherwise: Any) -> Any:
        # Python's ``value or otherwise``: an empty title counts as none
        return case((func.coalesce(value, "") == "", otherwise), else_=value)

    if by == "speaker":
        name = case((c.speaker_id.is_(None), literal(REPORTER)), else_=c.name)
        doc = literal(" (doc ") + cast(c.document_id, String) + literal(")")
        # unnamed sources of several documents can share a name ("a person familiar
        # with the matter"), and their labels then say which
        label = case(((c.shared > 1) & c.document_id.is_not(None), name + doc), else_=name)
        head = [
            c.name.label("speaker"),
            c.speaker_id,
            c.type.label("speaker_type"),
            c.document_id.label("speaker_document"),
        ]
        return head, label, [casefolded(name, dialect), func.coalesce(c.speaker_id, 0)]
    if by == "document":
        label = text_or(c.title, literal("document ") + cast(c.document_id, String))
        day: Any
        if dialect == "sqlite":  # stored as the ISO text already
            day = cast(c.published, String)
        else:
            day = func.to_char(c.published, "YYYY-MM-DD")
        head = [
            c.document_id.label("document"),
            c.title,
            c.name.label("outlet"),
            day.label("published"),
        ]
        return head, label, [casefolded(label, dialect), c.document_id]
    if by == "outlet":
        label = text_or(c.name, literal("(no outlet)"))
        return [c.name.label("outlet")], label, [casefolded(label, dialect)]
    month: Any
    if dialect == "sqlite":
        month = func.printf("%04d-%02d", c.year, c.month)
    else:
        pad = func.lpad
        month = pad(cast(c.year, String), 4, "0") + "-" + pad(cast(c.month, String), 2, "0")
    key = case((c.year.is_(None), None), else_=month)
    return [key.label("month")], func.coalesce(key, literal("(undated)")), []


AuditRecord = Sequence[Any]
"""An audit group as :func:`audit_records` yields it: the values of
:func:`audit_columns` in order, then the label people read."""


def row_of(by: str, record: AuditRecord) -> AuditRow:
    """An :class:`AuditRow` from a record of :func:`audit_records`."""
    fields = dict(zip(audit_columns(by), record, strict=False))
    return AuditRow(
        by=by,
        key=fields[by],
        label=record[-1],
        counts={s: fields[s] for s in STRENGTH_CLASSES},
        details={d: fields[d] for d in _DETAILS.get(by, ())},
        counted=fields["counted"],
        reviews={s: fields[s] for s in REVIEW_COUNTS},
    )


def audit_records(
    session: Session,
    by: str = "document",
    filter: AttributionFilter | None = None,
    count: str = "attributions",
    *,
    limit: int | None = None,
) -> Iterator[AuditRecord]:
    """The groups of :func:`audit`, in its order, one at a time as the database
    returns them: grouped, sorted and limited in SQL, read through a streaming cursor
    (server-side on PostgreSQL), so that 300,000 speakers take the memory of a few
    thousand. Each record is a plain row (:func:`audit_columns`, then the label), all
    of it computed in SQL, which is what a writer of csv or JSON needs at a fraction
    of the cost of an :class:`AuditRow`; :func:`row_of` makes one when wanted."""
    if by not in GROUPINGS:
        raise BadInput(f"cannot audit by {by!r}; choose one of {', '.join(GROUPINGS)}")
    if count not in COUNTINGS:
        raise BadInput(f"cannot count {count!r}; choose one of {', '.join(COUNTINGS)}")
    if limit is not None and limit < 1:
        raise BadInput(f"{{limit}} must be at least 1, not {limit}", limit="limit")
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        register_casefold(session)
    units = _units(count, filter or AttributionFilter())
    labelled = _labelled(by, _tally(by, units).subquery("tally"))
    query = _ordered(by, labelled, dialect, limit, count)
    streamed = query.execution_options(stream_results=True, yield_per=BATCH)
    return iter(session.connection().execute(streamed))


def audit(
    session: Session,
    by: str = "document",
    filter: AttributionFilter | None = None,
    count: str = "attributions",
    *,
    limit: int | None = None,
) -> list[AuditRow]:
    """The strength mix and unnamed-source ratio of each group of attributions.

    ``by`` is ``"document"``, ``"outlet"``, ``"speaker"`` or ``"month"`` (of
    publication); ``filter`` chooses the attributions (rejected ones are left out
    unless asked for); ``count`` is ``"attributions"`` or ``"distinct-sources"``.
    Rows come worst first (highest unnamed ratio, then most attributions, then by
    label), except months, which come in order. ``limit`` keeps the first rows only,
    chosen in the database. For a long audit, :func:`audit_records` yields the same
    groups one at a time.

    >>> [(r.key, r.unnamed, r.sourced) for r in audit(session)]  # doctest: +SKIP
    [(1, 11, 26)]
    """
    records = audit_records(session, by, filter, count, limit=limit)
    return [row_of(by, record) for record in records]
