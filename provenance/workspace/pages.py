"""The pages that read: documents, an article with its attributions marked, what a
revision did, search with facets, the attributions behind a figure, the audit, and a
speaker. Each answers as JSON too (``?format=json``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from flask import Flask, abort, request, url_for

from provenance.attributions.filters import AttributionFilter
from provenance.vocabulary import AttributionStatus, Mode, SourcingStrength, SpeakerType
from provenance.workspace.web import int_arg, respond, wants_json, workspace

STRENGTHS = tuple(s.value for s in SourcingStrength)
STRENGTH_NAMES = {
    "on_record": "on record",
    "official_statement": "official statement",
    "documentary": "documentary",
    "anonymous_described": "anonymous, described",
    "anonymous_vague": "anonymous, vague",
    "unattributed": "unattributed",
}
STATUSES = tuple(s.value for s in AttributionStatus)
MODES = tuple(m.value for m in Mode)
SPEAKER_TYPES = tuple(t.value for t in SpeakerType)
GROUPINGS = ("outlet", "month", "document", "speaker")

# The query parameters that are filters: the CLI's options, by the same names.
FILTER_PARAMETERS = (
    "speaker", "strength", "named", "mode", "outlet", "doc", "since", "until", "status",
    "all_versions", "speaker_type",
)  # fmt: skip


def filter_from_args() -> AttributionFilter:
    """The CLI's filter options, read from the query string (repeat a parameter for
    several values, as the options repeat): a bad value is a one-line 400."""
    args = request.args

    def date(name: str) -> dt.date | None:
        raw = args.get(name)
        if not raw:
            return None
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            abort(400, description=f"{name} {raw[:40]!r} is not a date; write YYYY-MM-DD")

    docs: list[int] = []
    for raw in args.getlist("doc"):
        if not raw.isdigit() or not 1 <= int(raw) <= 2**31 - 1:
            abort(400, description=f"doc {raw[:40]!r} is not a document id")
        docs.append(int(raw))
    statuses = [s for s in args.getlist("status") if s]
    if "all" in statuses:
        statuses = list(STATUSES)
    named_raw = args.get("named")
    named = {"named": True, "unnamed": False, "": None, None: None}.get(named_raw, "bad")
    if named == "bad":
        abort(400, description=f"named must be named or unnamed, not {str(named_raw)[:40]!r}")
    return AttributionFilter(
        speaker=args.get("speaker") or None,
        strengths=[s for s in args.getlist("strength") if s],
        named=named,  # type: ignore[arg-type]
        modes=[m for m in args.getlist("mode") if m],
        outlet=args.get("outlet") or None,
        documents=docs,
        since=date("since"),
        until=date("until"),
        statuses=statuses or ("confirmed", "proposed"),
        all_versions=args.get("all_versions") in ("1", "true", "on"),
        speaker_types=[t for t in args.getlist("speaker_type") if t],
    )


def with_args(endpoint: str, changes: dict[str, Any], **values: Any) -> str:
    """This page's query string with ``changes`` (a list value replaces, ``None``
    removes), for facet and paging links."""
    params: dict[str, list[str]] = {k: request.args.getlist(k) for k in request.args}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    params.pop("format", None)
    query = urlencode([(k, v) for k, vs in params.items() for v in vs])
    return url_for(endpoint, **values) + (f"?{query}" if query else "")


def month_range(month: str) -> tuple[str, str]:
    """The first and last day of ``YYYY-MM``."""
    first = dt.date.fromisoformat(f"{month}-01")
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first.isoformat(), (following - dt.timedelta(days=1)).isoformat()


def register(app: Flask) -> None:
    app.add_url_rule("/", "documents", documents_page)
    app.add_url_rule("/documents/<int:doc_id>", "document", document_page)
    app.add_url_rule("/documents/<int:doc_id>/changes", "changes", changes_page)
    app.add_url_rule("/search", "search", search_page)
    app.add_url_rule("/attributions", "attributions", attributions_page)
    app.add_url_rule("/audit", "audit", audit_page)
    app.add_url_rule("/speakers/<int:speaker_id>", "speaker", speaker_page)
    app.add_url_rule("/speakers/suggest", "suggest", suggest_page)
    app.jinja_env.globals.update(
        STRENGTHS=STRENGTHS,
        STRENGTH_NAMES=STRENGTH_NAMES,
        STATUSES=STATUSES,
        MODES=MODES,
        SPEAKER_TYPES=SPEAKER_TYPES,
        with_args=with_args,
        month_range=month_range,
    )


def documents_page() -> Any:
    from provenance.workspace.reading import document_list

    limit, offset = int_arg("limit", 100, low=1, high=500), int_arg("offset", 0)
    with workspace().reading() as session:
        data = document_list(session, limit=limit, offset=offset)
    return respond("documents.html", data)


def document_page(doc_id: int) -> Any:
    from provenance.workspace.marks import Mark, runs
    from provenance.workspace.reading import document_view

    with workspace().reading() as session:
        data = document_view(session, doc_id)
    if wants_json():
        return respond("document.html", data)
    marks = []
    for a in data["attributions"]:
        if a["status"] == "rejected":
            continue
        marks.append(Mark(a["id"], "content", a["start"], a["end"]))
        for role in ("source", "cue"):
            if a[f"{role}_start"] is not None:
                marks.append(Mark(a["id"], role, a[f"{role}_start"], a[f"{role}_end"]))
    by_id = {a["id"]: a for a in data["attributions"]}
    return respond("document.html", data, runs=runs(data["text"], marks), by_id=by_id)


def changes_page(doc_id: int) -> Any:
    from provenance.workspace.reading import version_report

    with workspace().reading() as session:
        data = version_report(session, doc_id)
    return respond("changes.html", data)


def search_page() -> Any:
    from provenance.search.engine import search
    from provenance.search.facets import search_facets
    from provenance.store.fulltext import DEFAULT_FIELDS, FIELDS

    typed = request.args.get("q", "").strip()
    attribution_filter = filter_from_args()
    fields = tuple(f for f in request.args.getlist("in") if f) or DEFAULT_FIELDS
    for f in fields:
        if f not in FIELDS:
            abort(400, description=f"cannot search in {f[:40]!r}; choose from {', '.join(FIELDS)}")
    limit, offset = int_arg("limit", 20, low=1, high=200), int_arg("offset", 0)
    data: dict[str, Any] = {"query": typed, "hits": [], "total": 0, "more": False, "facets": {}}
    if typed:
        with workspace().reading() as session:
            result = search(
                session, typed, filter=attribution_filter, limit=limit, offset=offset,
                fields=fields,
            )  # fmt: skip
            facets = search_facets(session, result.query, filter=attribution_filter, fields=fields)
        data = {
            "query": str(result.query),
            "total": result.total,
            "more": result.more,
            "limit": limit,
            "offset": offset,
            "hits": [hit.as_dict() for hit in result.hits],
            "facets": {name: [{"value": v, "count": n} for v, n in found]
                       for name, found in facets.items()},
        }  # fmt: skip
        if not wants_json():
            return respond(
                "search.html", data, hits=result.hits, typed=typed, filter=attribution_filter
            )
    return respond("search.html", data, hits=[], typed=typed, filter=attribution_filter)


def attributions_page() -> Any:
    from provenance.workspace.reading import attribution_page

    limit, offset = int_arg("limit", 50, low=1, high=500), int_arg("offset", 0)
    attribution_filter = filter_from_args()
    with workspace().reading() as session:
        data = attribution_page(session, attribution_filter, limit=limit, offset=offset)
    return respond("attributions.html", data, filter=attribution_filter)


def audit_page() -> Any:
    from provenance.audit.ratios import audit

    by = request.args.get("by", "outlet")
    if by not in GROUPINGS:
        abort(400, description=f"cannot audit by {by[:40]!r}; choose one of {', '.join(GROUPINGS)}")
    limit = int_arg("limit", 50, low=1, high=1000)
    attribution_filter = filter_from_args()
    with workspace().reading() as session:
        rows = audit(session, by, attribution_filter, limit=limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        apart: dict[str, dict[Any, Any]] = {}
        if by != "speaker":  # 300,000 speakers: their reviews counts say it instead
            keys = [r.key for r in rows]
            for status in ("confirmed", "proposed"):
                if status not in attribution_filter.statuses:
                    continue
                only = replace(attribution_filter, statuses=(status,))
                if by == "document":
                    only = replace(only, documents=[int(k) for k in keys if k is not None])
                wanted = set(keys)
                apart[status] = {r.key: r for r in audit(session, by, only) if r.key in wanted}
    data = {
        "by": by,
        "more": more,
        "groups": [
            {
                **row.as_dict(),
                "label": row.label,
                "confirmed_ratio": _ratio(apart.get("confirmed", {}).get(row.key)),
                "proposed_ratio": _ratio(apart.get("proposed", {}).get(row.key)),
            }
            for row in rows
        ],
    }
    return respond("audit.html", data, rows=rows, apart=apart, filter=attribution_filter)


def _ratio(row: Any) -> float | None:
    return None if row is None else row.unnamed_ratio


def speaker_page(speaker_id: int) -> Any:
    from provenance.workspace.reading import speaker_view

    limit, offset = int_arg("limit", 50, low=1, high=500), int_arg("offset", 0)
    with workspace().reading() as session:
        data = speaker_view(session, speaker_id, limit=limit, offset=offset)
    return respond("speaker.html", data)


def suggest_page() -> Any:
    from flask import jsonify

    from provenance.workspace.reading import speaker_suggestions

    typed = request.args.get("q", "")[:200]
    with workspace().reading() as session:
        found = speaker_suggestions(session, typed)
    return jsonify({"query": typed, "speakers": found})
