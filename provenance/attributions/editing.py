"""Fixing a recorded attribution's content, source or cue span, found again from the
passage a person types (as ``prov add`` finds quotes). (Its speaker, strength and mode
are set by :mod:`provenance.attributions.proposals` and
:mod:`provenance.attributions.recording`.)

Each change is checked against the document's text, keeps every invariant a new
attribution must meet, and goes into the history with the old value beside the new;
a change that changes nothing is not recorded.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy.orm import Session

from provenance.attributions.recording import (
    claim_for,
    refuse_duplicate,
    span_columns,
    stored_span,
)
from provenance.errors import BadInput, QuoteNotFound
from provenance.store.history import record_change
from provenance.store.models import Attribution
from provenance.text.locate import NEAR_WINDOW, FoldedText
from provenance.text.spans import Span

__all__ = ["SPAN_ROLES", "set_span", "set_span_at"]

SpanRole = Literal["content", "source", "cue"]
SPAN_ROLES: tuple[SpanRole, ...] = ("content", "source", "cue")


def set_span(
    session: Session,
    attribution: Attribution,
    role: SpanRole,
    typed: str | None,
    *,
    actor: str,
) -> bool:
    """Re-anchor the ``role`` span of ``attribution`` on the passage ``typed``.

    The passage is found in the document's text as ``prov add`` finds a quote
    (typography, case and accents folded); the nearest occurrence to the content wins,
    so a cue typed as "said" is the "said" beside the quote. ``typed`` ``None`` or
    blank removes a source or cue (a content span is required). A new content span
    takes the claim its words make. Returns whether anything changed.
    """
    if role not in SPAN_ROLES:
        raise BadInput(f"no span {role!r}; choose one of {', '.join(SPAN_ROLES)}")
    document = attribution.document
    old = stored_span(attribution, role)
    if typed is None or not typed.strip():
        if role == "content":
            raise BadInput("an attribution needs its content; type the passage it quotes")
        if old is None:
            return False
        new = None
    else:
        content = stored_span(attribution, "content")
        assert content is not None  # the schema requires it
        view = FoldedText(document.text)
        try:
            # a corrected content may stand anywhere; a source or cue stands beside it
            window = None if role == "content" else NEAR_WINDOW
            new = view.find_quote(typed, near=content, window=window)
        except QuoteNotFound as exc:
            said = str(exc)
            if said.startswith("quote "):  # the finder's words are about a quote
                said = f"{role} {said[len('quote ') :]}"
            raise BadInput(said) from None
        if old is not None and (new.start, new.end) == (old.start, old.end):
            return False
    return _store(session, attribution, role, old, new, actor=actor)


def set_span_at(
    session: Session,
    attribution: Attribution,
    role: SpanRole,
    at: tuple[int, int] | None,
    *,
    actor: str,
) -> bool:
    """Set the ``role`` span of ``attribution`` to the passage at offsets ``at``
    (``[start, end)`` of the document's text, as selected with the mouse; white space
    at the ends is left out), or remove a source or cue with ``None``. The same checks
    and history as :func:`set_span`; returns whether anything changed."""
    from provenance.attributions.by_quote import selected_span

    if role not in SPAN_ROLES:
        raise BadInput(f"no span {role!r}; choose one of {', '.join(SPAN_ROLES)}")
    old = stored_span(attribution, role)
    if at is None:
        if role == "content":
            raise BadInput("an attribution needs its content; select the passage it quotes")
        if old is None:
            return False
        return _store(session, attribution, role, old, None, actor=actor)
    new = selected_span(attribution.document.text, at, role)
    if old is not None and (new.start, new.end) == (old.start, old.end):
        return False
    return _store(session, attribution, role, old, new, actor=actor)


def _store(
    session: Session,
    attribution: Attribution,
    role: SpanRole,
    old: Span | None,
    new: Span | None,
    *,
    actor: str,
) -> bool:
    if role == "content" and new is not None:
        refuse_duplicate(
            session, attribution.document_id, new, attribution.speaker_id, other_than=attribution.id
        )
    for column, value in span_columns(role, new).items():
        setattr(attribution, column, value)
    if role == "content" and new is not None:
        attribution.claim = claim_for(session, new.exact)
    session.flush()
    record_change(
        session,
        actor=actor,
        action="attribution.set_span",
        entity="attribution",
        entity_id=attribution.id,
        data={
            "role": role,
            "from": None if old is None else [old.start, old.end],
            "to": None if new is None else [new.start, new.end],
        },
    )
    return True
