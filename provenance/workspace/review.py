"""The pages that write: confirm or reject a proposal, change its speaker, strength or
mode, add an attribution or move a span by selecting text, and name or merge speakers;
and the review queue that walks through the proposals.

Every change goes through the library functions the CLI calls (the same checks, the
same history), in one transaction, under the workspace's actor. A form posts and is
sent back to the page it came from; a script posts JSON (with the CSRF token in a
header) and gets the changed attribution back.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, jsonify, redirect, request, url_for
from sqlalchemy import func, select

from provenance.workspace.web import int_arg, respond, wants_json, workspace


def register(app: Flask) -> None:
    app.add_url_rule("/review", "review", review_page)
    writes = {
        "/attributions/<int:att_id>/decision": ("decide", decide_action),
        "/attributions/<int:att_id>/strength": ("strength", strength_action),
        "/attributions/<int:att_id>/mode": ("mode", mode_action),
        "/attributions/<int:att_id>/speaker": ("set_speaker", speaker_action),
        "/attributions/<int:att_id>/span": ("span", span_action),
        "/documents/<int:doc_id>/attributions": ("add", add_action),
        "/speakers/<int:speaker_id>/alias": ("alias", alias_action),
        "/speakers/<int:speaker_id>/merge": ("merge", merge_action),
    }
    for rule, (endpoint, view) in writes.items():
        app.add_url_rule(rule, endpoint, view, methods=["POST"])


def _field(name: str, *, required: bool = False) -> str | None:
    """A posted value (form field or JSON member), stripped; ``None`` when absent."""
    if request.is_json:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            abort(400, description="the request body is not a JSON object")
        raw = body.get(name)
        value = None if raw is None else str(raw)
    else:
        value = request.form.get(name)
    value = value.strip() if value is not None else None
    if required and not value:
        abort(400, description=f"{name} is missing; fill it in")
    return value or None


def _offset(name: str) -> int | None:
    raw = _field(name)
    if raw is None:
        return None
    if not raw.isdigit() or int(raw) > 2**31 - 1:
        abort(400, description=f"{name} must be an offset in the text, not {raw[:40]!r}")
    return int(raw)


def _at(prefix: str) -> tuple[int, int] | None:
    start, end = _offset(f"{prefix}start"), _offset(f"{prefix}end")
    if start is None and end is None:
        return None
    if start is None or end is None:
        abort(400, description=f"{prefix}start and {prefix}end go together; select again")
    return start, end


def _done(attribution: Any, said: str, changed: bool = True) -> Any:
    """The answer to a write: JSON for a script, else back to the page it came from."""
    if request.is_json or wants_json():
        return jsonify({"changed": changed, "message": said, "attribution": attribution})
    back = _field("next") or url_for("document", doc_id=attribution["document"])
    if not back.startswith("/") or back.startswith("//"):
        back = url_for("document", doc_id=attribution["document"])
    return redirect(f"{back}#a{attribution['id']}", code=303)


def _reread(session: Any, att_id: int) -> dict[str, Any]:
    from provenance.workspace.reading import attribution_row

    session.flush()
    return attribution_row(session, att_id)


def decide_action(att_id: int) -> Any:
    from provenance.attributions.proposals import decide
    from provenance.attributions.recording import get_attribution

    status = _field("status", required=True)
    if status not in ("confirmed", "rejected"):
        abort(400, description=f"status must be confirmed or rejected, not {str(status)[:40]!r}")
    space = workspace()
    with space.writing() as session:
        attribution = get_attribution(session, att_id)
        before = attribution.status
        decide(session, attribution, status, actor=space.actor)
        row = _reread(session, att_id)
    return _done(row, f"attribution {att_id} {status}", before != status)


def strength_action(att_id: int) -> Any:
    from provenance.attributions.recording import get_attribution, set_strength

    strength = _field("strength", required=True)
    space = workspace()
    with space.writing() as session:
        changed = set_strength(session, get_attribution(session, att_id), str(strength),
                               actor=space.actor)  # fmt: skip
        row = _reread(session, att_id)
    return _done(row, f"attribution {att_id}: strength {strength}", changed)


def mode_action(att_id: int) -> Any:
    from provenance.attributions.recording import get_attribution, set_mode

    mode = _field("mode", required=True)
    space = workspace()
    with space.writing() as session:
        changed = set_mode(session, get_attribution(session, att_id), str(mode), actor=space.actor)
        row = _reread(session, att_id)
    return _done(row, f"attribution {att_id}: mode {mode}", changed)


def speaker_action(att_id: int) -> Any:
    from provenance.attributions.proposals import set_speaker
    from provenance.attributions.recording import get_attribution

    name = _field("speaker", required=True)
    space = workspace()
    with space.writing() as session:
        changed = set_speaker(session, get_attribution(session, att_id), str(name),
                              actor=space.actor)  # fmt: skip
        row = _reread(session, att_id)
    return _done(row, f"attribution {att_id}: speaker {row['speaker']}", changed)


def span_action(att_id: int) -> Any:
    from provenance.attributions.editing import SPAN_ROLES, set_span_at
    from provenance.attributions.recording import get_attribution

    role = _field("role", required=True)
    if role not in SPAN_ROLES:
        abort(400, description=f"role must be one of {', '.join(SPAN_ROLES)}, not {role!r}")
    at = _at("")
    space = workspace()
    with space.writing() as session:
        attribution = get_attribution(session, att_id)
        changed = set_span_at(session, attribution, role, at, actor=space.actor)
        row = _reread(session, att_id)
    return _done(row, f"attribution {att_id}: {role} span set", changed)


def add_action(doc_id: int) -> Any:
    from provenance.attributions.by_quote import add_by_quote
    from provenance.documents.ingest import get_document

    at = _at("")
    if at is None:
        abort(400, description="select the passage the attribution quotes (start and end)")
    space = workspace()
    with space.writing() as session:
        added = add_by_quote(
            session,
            get_document(session, doc_id),
            None,
            actor=space.actor,
            speaker=_field("speaker"),
            strength=_field("strength"),
            mode=_field("mode"),
            source=_field("source"),
            cue=_field("cue"),
            at=at,
            source_at=_at("source_"),
            cue_at=_at("cue_"),
        )
        row = _reread(session, added.attribution.id)
    said = "; ".join([f"attribution {row['id']} added", *added.notes])
    return _done(row, said)


def alias_action(speaker_id: int) -> Any:
    from provenance.speakers.directory import alias_speaker
    from provenance.store.models import Speaker

    alias = _field("alias", required=True)
    space = workspace()
    with space.writing() as session:
        speaker = session.get(Speaker, speaker_id)
        if speaker is None:
            abort(404, description=f"no speaker {speaker_id}")
        changed = alias_speaker(session, speaker, str(alias), actor=space.actor)
    return _speaker_done(speaker_id, f"alias {alias!r} added" if changed else "already known")


def merge_action(speaker_id: int) -> Any:
    from provenance.speakers.directory import require_speaker
    from provenance.speakers.merging import merge_speakers
    from provenance.store.models import Speaker

    into = _field("into", required=True)
    space = workspace()
    with space.writing() as session:
        speaker = session.get(Speaker, speaker_id)
        if speaker is None:
            abort(404, description=f"no speaker {speaker_id}")
        target = require_speaker(session, str(into), document_id=speaker.document_id, exact=True)
        change = merge_speakers(session, speaker, target, actor=space.actor)
        moved, target_id = len(change.data["attributions"]), target.id
    return _speaker_done(target_id, f"merged: {moved} attribution(s) moved")


def _speaker_done(speaker_id: int, said: str) -> Any:
    if request.is_json or wants_json():
        return jsonify({"message": said, "speaker": speaker_id})
    return redirect(url_for("speaker", speaker_id=speaker_id), code=303)


def review_page() -> Any:
    """The proposals still to review, of one document (``?doc=ID``) or of all, in
    document and reading order, a page at a time."""
    from provenance.store.models import Attribution
    from provenance.workspace.reading import attribution_rows

    limit, offset = int_arg("limit", 50, low=1, high=500), int_arg("offset", 0)
    doc = int_arg("doc", 0, low=0)
    a = Attribution.__table__.c
    with workspace().reading() as session:
        where = [a.status == "proposed"] + ([a.document_id == doc] if doc else [])
        total = session.execute(select(func.count()).where(*where)).scalar_one()
        rows = attribution_rows(session, where, limit=limit, offset=offset)
    data = {
        "document": doc or None,
        "total": total,
        "more": offset + len(rows) < total,
        "limit": limit,
        "offset": offset,
        "attributions": rows,
    }
    return respond("review.html", data)
