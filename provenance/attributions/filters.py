"""Which attributions a command looks at: one filter, shared by search, audit and export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import Select, exists, or_, select
from sqlalchemy.orm import Session

from provenance.errors import BadInput
from provenance.store.models import Attribution, Document, Outlet, Speaker, SpeakerAlias
from provenance.text.folding import fold_key
from provenance.vocabulary import (
    UNNAMED_STRENGTHS,
    AttributionStatus,
    Mode,
    SourcingStrength,
    SpeakerType,
)

__all__ = ["AttributionFilter", "unmatched_values"]


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True)
class AttributionFilter:
    """Conditions on attributions. Empty fields do not filter.

    ``speaker`` matches a speaker's name or any alias, folded ("erdogan" finds
    "Recep Tayyip Erdoğan"), as a substring. ``named``: True keeps named speakers,
    False keeps unnamed ones. ``statuses`` defaults to everything but rejected.

    Only the latest version of each article counts unless ``all_versions`` (or
    ``documents`` names a version): a quote carried into a revision is one quote, not
    two, for search, audit and corroboration alike.
    """

    speaker: str | None = None
    strengths: Sequence[str] = ()
    named: bool | None = None
    modes: Sequence[str] = ()
    outlet: str | None = None
    documents: Sequence[int] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    statuses: Sequence[str] = field(
        default=(AttributionStatus.CONFIRMED.value, AttributionStatus.PROPOSED.value)
    )
    all_versions: bool = False
    excluded_documents: Sequence[int] = ()
    speaker_types: Sequence[str] = ()
    """Only speakers of these types (``person``, ``organization``, ``unnamed``)."""

    def __post_init__(self) -> None:
        for value in self.strengths:
            _check(value, SourcingStrength, "strength")
        for value in self.modes:
            _check(value, Mode, "mode")
        for value in self.speaker_types:
            _check(value, SpeakerType, "speaker type")
        for value in self.statuses:
            _check(value, AttributionStatus, "status")
        if self.since and self.until and self.since > self.until:
            raise BadInput(
                f"{{since}} {self.since} is after {{until}} {self.until}",
                since="since",
                until="until",
            )

    def apply(self, query: Select) -> Select:
        """Add this filter's conditions to a query that selects from ``attributions``.

        Joins are added as subqueries (EXISTS / IN), so the caller's own joins and
        grouping are left alone.
        """
        # Table columns rather than mapped attributes: they do the same in SQL without
        # making SQLAlchemy configure every mapper (10-15 ms of every command's start).
        a = Attribution.__table__.c
        speaker_t, alias_t = Speaker.__table__.c, SpeakerAlias.__table__.c
        document_t, outlet_t = Document.__table__.c, Outlet.__table__.c
        if self.statuses:
            query = query.where(a.status.in_(list(self.statuses)))
        if self.strengths:
            query = query.where(a.strength.in_(list(self.strengths)))
        if self.named is True:
            query = query.where(a.strength.not_in([s.value for s in UNNAMED_STRENGTHS]))
            query = query.where(a.strength != SourcingStrength.UNATTRIBUTED.value)
        elif self.named is False:
            query = query.where(a.strength.in_([s.value for s in UNNAMED_STRENGTHS]))
        if self.modes:
            query = query.where(a.mode.in_(list(self.modes)))
        if self.documents:
            query = query.where(a.document_id.in_(list(self.documents)))
        if self.excluded_documents:
            query = query.where(a.document_id.not_in(list(self.excluded_documents)))
        if self.documents:
            pass
        elif not self.all_versions:  # a version a later one revises is superseded
            later = Document.__table__.alias("later")  # not the caller's documents
            superseded = select(later.c.revises_id).where(later.c.revises_id.is_not(None))
            query = query.where(a.document_id.not_in(superseded))
        if self.speaker:
            pattern = f"%{_like_escape(fold_key(self.speaker))}%"
            by_alias = exists().where(
                alias_t.speaker_id == speaker_t.id,
                alias_t.key.like(pattern, escape="\\"),
            )
            speakers = select(speaker_t.id).where(
                or_(speaker_t.key.like(pattern, escape="\\"), by_alias)
            )
            query = query.where(a.speaker_id.in_(speakers))
        if self.speaker_types:
            typed = select(speaker_t.id).where(speaker_t.type.in_(list(self.speaker_types)))
            query = query.where(a.speaker_id.in_(typed))
        if self.outlet or self.since or self.until:
            documents = select(document_t.id)
            if self.outlet:
                outlets = select(outlet_t.id).where(outlet_t.key == fold_key(self.outlet))
                documents = documents.where(document_t.outlet_id.in_(outlets))
            if self.since:
                documents = documents.where(document_t.published >= self.since)
            if self.until:
                documents = documents.where(document_t.published <= self.until)
            query = query.where(a.document_id.in_(documents))
        return query


def unmatched_values(session: Session, attribution_filter: AttributionFilter) -> list[BadInput]:
    """What in ``attribution_filter`` names nothing stored: an outlet or speaker no row
    has, each with the closest stored value, as errors to show (not raise). Asked when
    a command found nothing, so that a misspelt filter is not taken for an answer."""
    found: list[BadInput] = []
    if attribution_filter.outlet and not session.scalar(
        select(Outlet.id).where(Outlet.key == fold_key(attribution_filter.outlet)).limit(1)
    ):
        names = list(session.scalars(select(Outlet.name)))
        closest = _closest(attribution_filter.outlet, names)
        hint = f"did you mean {closest!r}?" if closest else "`prov documents` lists the outlets"
        found.append(
            BadInput(
                f"{{outlet}} {attribution_filter.outlet!r} is no stored outlet; {hint}",
                outlet="outlet",
            )
        )
    if attribution_filter.speaker:
        only = AttributionFilter(speaker=attribution_filter.speaker, statuses=(), all_versions=True)
        if not session.scalar(only.apply(select(Attribution.id)).limit(1)):
            from provenance.speakers.resolution import resolve_speaker

            resolution = resolve_speaker(session, attribution_filter.speaker)
            names = [resolution.speaker.name] if resolution.speaker is not None else []
            names += [c.name for c in resolution.suggestions if c.name not in names][:2]
            hint = (
                "did you mean " + " or ".join(repr(n) for n in names) + "?"
                if names
                else "`prov speakers` lists them"
            )
            found.append(
                BadInput(
                    f"{{speaker}} {attribution_filter.speaker!r} matches no speaker's name "
                    f"or alias; {hint}",
                    speaker="speaker",
                )
            )
    return found


def _closest(typed: str, names: list[str]) -> str | None:
    """The stored name most like ``typed`` (folded), if any is near enough."""
    from rapidfuzz import fuzz, process

    keys = {fold_key(n): n for n in names}
    best = process.extractOne(fold_key(typed), list(keys), scorer=fuzz.WRatio, score_cutoff=70)
    return keys[best[0]] if best else None


def _check(value: str, vocabulary: type[StrEnum], label: str) -> None:
    try:
        vocabulary(value)
    except ValueError:
        choices = ", ".join(v.value for v in vocabulary)
        raise BadInput(f"{value!r} is not a {label}; choose one of {choices}") from None
