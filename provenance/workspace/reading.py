"""What the workspace's pages show, read from the database: a document with its
attributions, the versions of an article and what became of each attribution between
two of them, a page of attributions by filter, and a speaker with theirs.

Plain functions of a session that return plain values (dicts and lists ready for
JSON), so that the pages and any other tool read the same thing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from provenance.attributions.filters import AttributionFilter
from provenance.errors import BadInput, NotFound
from provenance.store.models import Attribution, Document, Outlet, Speaker, SpeakerAlias

__all__ = [
    "PAGE_MAX",
    "attribution_page",
    "attribution_row",
    "attribution_rows",
    "document_list",
    "document_view",
    "speaker_suggestions",
    "speaker_view",
    "version_report",
    "versions_of",
]

PAGE_MAX = 500
"""The most attributions one page lists; the rest are a click (or an ``offset``) away."""

_A = Attribution.__table__.c
_D = Document.__table__.c
_S = Speaker.__table__.c
_O = Outlet.__table__.c


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _attribution_row(row: Any) -> dict[str, Any]:
    """The fields of ``prov show --format json``, from a row of :func:`_attributions`."""
    return {
        "id": row.id,
        "document": row.document_id,
        "title": row.title,
        "speaker": row.speaker,
        "speaker_id": row.speaker_id,
        "speaker_type": row.speaker_type,
        "strength": row.strength,
        "mode": row.mode,
        "status": row.status,
        "content": row.content_exact,
        "source": row.source_exact,
        "cue": row.cue_exact,
        "start": row.content_start,
        "end": row.content_end,
        "source_start": row.source_start,
        "source_end": row.source_end,
        "cue_start": row.cue_start,
        "cue_end": row.cue_end,
        "recorded_by": row.recorded_by,
        "recorded_via": row.recorded_via,
        "outlet": row.outlet,
        "published": _iso(row.published),
    }


def _attributions() -> Any:
    return (
        select(
            _A.id,
            _A.document_id,
            _A.speaker_id,
            _A.strength,
            _A.mode,
            _A.status,
            _A.content_exact,
            _A.source_exact,
            _A.cue_exact,
            _A.content_start,
            _A.content_end,
            _A.source_start,
            _A.source_end,
            _A.cue_start,
            _A.cue_end,
            _A.recorded_by,
            _A.recorded_via,
            _D.title,
            _D.published,
            _S.name.label("speaker"),
            _S.type.label("speaker_type"),
            _O.name.label("outlet"),
        )
        .select_from(Attribution.__table__)
        .join(Document.__table__, _D.id == _A.document_id)
        .outerjoin(Speaker.__table__, _S.id == _A.speaker_id)
        .outerjoin(Outlet.__table__, _O.id == _D.outlet_id)
    )


def attribution_row(session: Session, attribution_id: int) -> dict[str, Any]:
    """One attribution as the pages show it (:func:`document_view`'s fields)."""
    row = session.execute(_attributions().where(_A.id == attribution_id)).one_or_none()
    if row is None:
        raise NotFound(f"no attribution {attribution_id}")
    return _attribution_row(row)


def attribution_rows(
    session: Session, where: list[Any], *, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """The attributions meeting ``where`` (conditions on the attributions table), in
    document and reading order, one page of them."""
    _check_page(limit, offset)
    query = (
        _attributions()
        .where(*where)
        .order_by(_A.document_id, _A.content_start, _A.id)
        .limit(limit)
        .offset(offset)
    )
    return [_attribution_row(r) for r in session.execute(query)]


def _document_row(session: Session, doc_id: int) -> Any:
    row = session.execute(
        select(
            _D.id,
            _D.title,
            _D.url,
            _D.published,
            _D.authors,
            _D.text,
            _D.sha256,
            _D.revises_id,
            _O.name.label("outlet"),
        )
        .select_from(Document.__table__)
        .outerjoin(Outlet.__table__, _O.id == _D.outlet_id)
        .where(_D.id == doc_id)
    ).one_or_none()
    if row is None:
        raise NotFound(f"no document {doc_id}; the documents page lists them")
    return row


def versions_of(session: Session, doc_id: int) -> list[int]:
    """Every version of the article ``doc_id`` belongs to, earliest first."""
    revises = dict(
        session.execute(select(_D.id, _D.revises_id).where(_D.revises_id.is_not(None))).all()
    )
    later = {earlier: doc for doc, earlier in revises.items()}
    first, seen = doc_id, {doc_id}
    while first in revises and revises[first] not in seen:
        first = revises[first]
        seen.add(first)
    line, seen = [first], {first}
    while line[-1] in later and later[line[-1]] not in seen:
        line.append(later[line[-1]])
        seen.add(line[-1])
    return line


def document_view(session: Session, doc_id: int) -> dict[str, Any]:
    """One document: its metadata, its text, its versions and every attribution in
    reading order (rejected ones too, marked so)."""
    row = _document_row(session, doc_id)
    attributions = [
        _attribution_row(r)
        for r in session.execute(
            _attributions()
            .where(_A.document_id == doc_id)
            .order_by(_A.content_start, _A.content_end, _A.id)
        )
    ]
    statuses: dict[str, int] = {}
    for a in attributions:
        statuses[a["status"]] = statuses.get(a["status"], 0) + 1
    return {
        "id": row.id,
        "title": row.title,
        "outlet": row.outlet,
        "published": _iso(row.published),
        "url": row.url,
        "authors": list(row.authors or []),
        "sha256": row.sha256,
        "revises": row.revises_id,
        "versions": versions_of(session, doc_id),
        "text": row.text,
        "counts": statuses,
        "attributions": attributions,
    }


def version_report(session: Session, doc_id: int) -> dict[str, Any]:
    """What became of each attribution of the version ``doc_id`` revises, in this one:
    ``unchanged`` (same text, same place), ``moved`` (same text elsewhere), ``changed``
    (carried over with other words, old beside new) or ``lost`` (not carried over).
    The same statuses ``prov revise`` reported when it stored the version."""
    row = _document_row(session, doc_id)
    if row.revises_id is None:
        raise BadInput(f"document {doc_id} is a first version: it revises nothing")
    carried = {
        r.revised_from_id: r
        for r in session.execute(
            select(_A.id, _A.revised_from_id, _A.content_start, _A.content_end, _A.content_exact)
            .where(_A.document_id == doc_id, _A.revised_from_id.is_not(None))
            .order_by(_A.id)
        )
    }
    report: list[dict[str, Any]] = []
    old_rows = session.execute(
        select(_A.id, _A.content_start, _A.content_end, _A.content_exact, _A.status)
        .where(_A.document_id == row.revises_id, _A.status != "rejected")
        .order_by(_A.content_start, _A.id)
    )
    for old in old_rows:
        new = carried.get(old.id)
        if new is None:
            status = "lost"
        elif new.content_exact != old.content_exact:
            status = "changed"
        elif (new.content_start, new.content_end) != (old.content_start, old.content_end):
            status = "moved"
        else:
            status = "unchanged"
        report.append(
            {
                "id": old.id,
                "new_id": new.id if new is not None else None,
                "status": status,
                "old_start": old.content_start,
                "old_end": old.content_end,
                "old_text": old.content_exact,
                "new_start": new.content_start if new is not None else None,
                "new_end": new.content_end if new is not None else None,
                "new_text": new.content_exact if new is not None else None,
            }
        )
    counts: dict[str, int] = {}
    for item in report:
        counts[item["status"]] = counts.get(item["status"], 0) + 1
    return {"document": doc_id, "revises": row.revises_id, "counts": counts, "report": report}


def document_list(session: Session, *, limit: int = 100, offset: int = 0) -> dict[str, Any]:
    """A page of documents, newest first, with their review counts."""
    _check_page(limit, offset)
    a = Attribution.__table__.c
    counts = (
        select(
            a.document_id,
            func.count().label("attributions"),
            *(func.count().filter(a.status == s).label(s) for s in _STATUSES),
        )
        .group_by(a.document_id)
        .subquery()
    )
    query = (
        select(
            _D.id,
            _D.title,
            _D.published,
            _D.revises_id,
            _O.name.label("outlet"),
            *(func.coalesce(counts.c[c], 0).label(c) for c in ("attributions", *_STATUSES)),
        )
        .select_from(Document.__table__)
        .outerjoin(Outlet.__table__, _O.id == _D.outlet_id)
        .outerjoin(counts, counts.c.document_id == _D.id)
        .order_by(_D.id.desc())
        .limit(limit + 1)
        .offset(offset)
    )
    rows = [
        {
            "id": r.id,
            "title": r.title,
            "outlet": r.outlet,
            "published": _iso(r.published),
            "revises": r.revises_id,
            "attributions": r.attributions,
            **{s: r._mapping[s] for s in _STATUSES},
        }
        for r in session.execute(query)
    ]
    total = session.execute(select(func.count()).select_from(Document.__table__)).scalar_one()
    return {
        "documents": rows[:limit],
        "total": total,
        "more": len(rows) > limit,
        "limit": limit,
        "offset": offset,
    }


_STATUSES = ("proposed", "confirmed", "rejected")


def _check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= PAGE_MAX:
        raise BadInput(f"{{limit}} must be between 1 and {PAGE_MAX}, not {limit}", limit="limit")
    if not 0 <= offset <= 2**31 - 1:
        raise BadInput(f"{{offset}} must be between 0 and 2147483647, not {offset}")


def attribution_page(
    session: Session,
    attribution_filter: AttributionFilter,
    *,
    speaker_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """The attributions a filter keeps (and, with ``speaker_id``, of that speaker
    only), in document and reading order: one page of them, and how many in all."""
    _check_page(limit, offset)
    query = attribution_filter.apply(_attributions())
    counted = attribution_filter.apply(select(func.count()).select_from(Attribution.__table__))
    if speaker_id is not None:
        query = query.where(_A.speaker_id == speaker_id)
        counted = counted.where(_A.speaker_id == speaker_id)
    rows = session.execute(
        query.order_by(_A.document_id.desc(), _A.content_start, _A.id).limit(limit).offset(offset)
    )
    attributions = [_attribution_row(r) for r in rows]
    total = session.execute(counted).scalar_one()
    return {
        "attributions": attributions,
        "total": total,
        "more": offset + len(attributions) < total,
        "limit": limit,
        "offset": offset,
    }


def speaker_view(
    session: Session, speaker_id: int, *, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    """One speaker: names, scope, office and holder, speakers merged into it, and a
    page of their attributions across documents (rejected ones left out)."""
    speaker = session.execute(select(Speaker.__table__).where(_S.id == speaker_id)).one_or_none()
    if speaker is None:
        raise NotFound(f"no speaker {speaker_id}; prov speakers lists them")
    aliases = session.scalars(
        select(SpeakerAlias.alias).where(SpeakerAlias.speaker_id == speaker_id)
    ).all()
    named = {
        r.id: r.name
        for r in session.execute(
            select(_S.id, _S.name).where(
                (_S.id == speaker.holder_id)
                | (_S.id == speaker.merged_into_id)
                | (_S.holder_id == speaker_id)
                | (_S.merged_into_id == speaker_id)
            )
        )
    }
    offices = session.scalars(select(_S.id).where(_S.holder_id == speaker_id)).all()
    merged = session.scalars(select(_S.id).where(_S.merged_into_id == speaker_id)).all()
    page = attribution_page(
        session,
        AttributionFilter(all_versions=True),
        speaker_id=speaker_id,
        limit=limit,
        offset=offset,
    )
    mix: dict[str, int] = dict(
        session.execute(
            select(_A.strength, func.count())
            .where(_A.speaker_id == speaker_id, _A.status != "rejected")
            .group_by(_A.strength)
        ).all()
    )

    def link(ident: int | None) -> dict[str, Any] | None:
        return None if ident is None else {"id": ident, "name": named.get(ident)}

    return {
        "id": speaker.id,
        "name": speaker.name,
        "type": speaker.type,
        "description": speaker.description,
        "scope": f"document {speaker.document_id}" if speaker.document_id else "global",
        "document": speaker.document_id,
        "aliases": sorted(aliases, key=str.casefold),
        "holder": link(speaker.holder_id),
        "merged_into": link(speaker.merged_into_id),
        "offices": [link(o) for o in offices],
        "merged_from": [link(m) for m in merged],
        "strengths": mix,
        **page,
    }


def speaker_suggestions(session: Session, typed: str, *, limit: int = 10) -> list[dict[str, Any]]:
    """Live speakers one of whose name words starts as ``typed`` does (folded), most
    attributed first: what a person picking a speaker is offered as they type."""
    from provenance.store.models import SpeakerToken
    from provenance.text.folding import fold_key

    words = fold_key(typed).split()
    if not words or not 1 <= limit <= PAGE_MAX:
        return []
    prefix = words[-1][:80]
    t = SpeakerToken.__table__.c
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    matching = (
        select(t.speaker_id)
        .where(t.token >= prefix, t.token.like(f"{escaped}%", escape="\\"))
        .limit(PAGE_MAX)
        .subquery()
    )
    used = (
        select(func.count())
        .where(_A.speaker_id == _S.id, _A.status != "rejected")
        .correlate(Speaker.__table__)
        .scalar_subquery()
    )
    rows = session.execute(
        select(_S.id, _S.name, _S.type, _S.document_id, used.label("attributions"))
        .where(_S.id.in_(select(matching.c.speaker_id)), _S.merged_into_id.is_(None))
        .order_by(used.desc(), _S.name, _S.id)
        .limit(limit * 4)
    ).all()
    whole = " ".join(words)
    found = [
        {"id": r.id, "name": r.name, "type": r.type, "document": r.document_id,
         "attributions": r.attributions}
        for r in rows
        if all(w in fold_key(r.name) for w in words[:-1]) or whole in fold_key(r.name)
    ]  # fmt: skip
    return found[:limit]
