"""Adding an attribution the way a person does: by quoting the article.

The quote, the source mention and the cue are found as typed (see
:class:`provenance.spans.FoldedText`); the speaker is resolved or created; strength,
speaker type and mode default to what the source mention and the quote say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.attributions.recording import record_attribution
from provenance.errors import BadInput, QuoteNotFound
from provenance.speakers.directory import find_speaker, resolve_or_create
from provenance.store.models import Attribution, Document, Speaker
from provenance.text.folding import fold_key
from provenance.text.locate import FoldedText
from provenance.text.spans import Span, make_span, much_the_same
from provenance.vocabulary import default_strength

if TYPE_CHECKING:
    from provenance.language.sources import SourceClass

__all__ = ["QuotedAddition", "add_by_quote", "infer_mode", "selected_span"]


@dataclass
class QuotedAddition:
    attribution: Attribution
    notes: list[str] = field(default_factory=list)


def infer_mode(exact: str) -> str:
    """direct when the span is one quotation, mixed when it holds one, else indirect."""
    opening, closing = "\"“‘'«„", "\"”’'»"
    stripped = exact.strip().rstrip(".,;:")
    if stripped[:1] in opening and stripped[-1:] in closing:
        inner = stripped[1:-1]
        if not any(q in inner for q in '"“”'):
            return "direct"
    return "mixed" if any(q in exact for q in '"“”') else "indirect"


def inside_quotation(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands between quotation marks of its paragraph: a
    part of a quote typed without its marks is still the speaker's own words."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    before, after = text[left:start], text[end : len(text) if right == -1 else right]
    curly_open = before.count("“") > before.count("”")
    straight_open = before.count('"') % 2 == 1
    return (curly_open and "”" in after) or (straight_open and '"' in after)


def selected_span(text: str, at: tuple[int, int], role: str) -> Span:
    """The passage ``[start, end)`` of ``text`` as a span, trimmed of the white space
    a selection takes in at its ends; :class:`BadInput` when nothing is left or the
    offsets fall outside the text."""
    start, end = at
    if not 0 <= start < end <= len(text):
        raise BadInput(
            f"the {role} selection [{start}, {end}) is not a passage of this text "
            f"(0 to {len(text)}); select the words again"
        )
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise BadInput(f"the {role} selection holds only white space; select the words")
    return make_span(text, start, end)


def _near(view: FoldedText, typed: str, content: Span, role: str) -> Span:
    try:
        return view.find_quote(typed, near=content)
    except QuoteNotFound as exc:
        raise BadInput(f"{role} {typed!r} not found near the quote: {exc}") from None


def _earlier_sources(session: Session, document: Document, before: int) -> list[SourceClass]:
    """The speakers of the document's attributions before ``before``, as the
    back-reference resolver wants them (oldest first): each classified from the
    mention as the article wrote it ("Donald Trump, the Republican presidential
    candidate") and the speaker's stored description, under the stored name, so that
    "the candidate" or "the senator" later can find them."""
    from dataclasses import replace

    from provenance.language.classify import classify_source

    rows = session.execute(
        select(Speaker.name, Speaker.description, Attribution.source_exact)
        .join(Attribution, Attribution.speaker_id == Speaker.id)
        .where(Attribution.document_id == document.id, Attribution.content_start < before)
        .order_by(Attribution.content_start)
    ).all()
    earlier = []
    for name, description, mention in rows:
        if not any(c.isalnum() for c in name):
            continue
        by_name = classify_source(name)
        reading = classify_source(mention) if mention else by_name
        if reading.kind is not by_name.kind:
            reading = by_name  # "he" as written: the stored speaker speaks
        earlier.append(replace(reading, name=name, description=reading.description or description))
    return earlier


def _much_the_same(session: Session, document: Document, content: Span) -> list[tuple]:
    """Live attributions of the document whose content holds ``content``, lies inside it,
    or overlaps it by at least half of the two together: most likely the same passage,
    recorded before."""
    rows = session.execute(
        select(Attribution.id, Speaker.name, Attribution.content_start, Attribution.content_end)
        .outerjoin(Speaker, Speaker.id == Attribution.speaker_id)
        .where(
            Attribution.document_id == document.id,
            Attribution.status != "rejected",
            Attribution.content_start < content.end,
            Attribution.content_end > content.start,
        )
        .order_by(Attribution.id)
    )
    same = []
    for other_id, name, start, end in rows:  # all overlap it (the query says so)
        inside = start <= content.start and content.end <= end
        holds = content.start <= start and end <= content.end
        if inside or holds or much_the_same((start, end), (content.start, content.end)):
            same.append((other_id, name))
    return same


def _mode_in(text: str, content: Span) -> str:
    inferred = infer_mode(content.exact)
    if inferred == "indirect" and inside_quotation(text, content.start, content.end):
        return "direct"
    return inferred


def add_by_quote(
    session: Session,
    document: Document,
    quote: str | None,
    *,
    actor: str,
    speaker: str | None = None,
    speaker_type: str | None = None,
    strength: str | None = None,
    mode: str | None = None,
    source: str | None = None,
    cue: str | None = None,
    occurrence: int | None = None,
    at: tuple[int, int] | None = None,
    source_at: tuple[int, int] | None = None,
    cue_at: tuple[int, int] | None = None,
) -> QuotedAddition:
    """Find ``quote`` (and ``source``, ``cue`` next to it) and record the attribution.

    Without ``speaker``, the source mention names it ("he" and "the official" are
    followed back to the speakers recorded earlier in the article). Raises
    :class:`~provenance.spans.SpanError` subclasses for a quote that is missing or
    ambiguous, :class:`BadInput` for the rest.

    ``at`` (``source_at``, ``cue_at``) gives a passage by its ``[start, end)`` offsets
    instead of its words, as a selection made with the mouse does: the words are then
    the text's own there, with the white space at either end left out.
    """
    if speaker is not None and not speaker.strip():
        raise BadInput("{speaker} is empty; give a name, or leave it out", speaker="the speaker")
    view = FoldedText(document.text)
    if at is not None:
        content = selected_span(document.text, at, "content")
    elif quote is not None:
        content = view.find_quote(quote, occurrence=occurrence)
    else:
        raise BadInput("an attribution needs its content: a quote, or a passage selected")
    source_span = cue_span = None
    if source_at is not None:
        source_span = selected_span(document.text, source_at, "source")
    elif source:
        source_span = _near(view, source, content, "source")
    if cue_at is not None:
        cue_span = selected_span(document.text, cue_at, "cue")
    elif cue:
        cue_span = _near(view, cue, content, "cue")
    notes: list[str] = []
    mention = source_span.exact if source_span else speaker
    classified = None
    if mention and (speaker is None or strength is None or speaker_type is None):
        from provenance.language.backrefs import resolve_backreference, resolve_source
        from provenance.language.classify import classify_source
        from provenance.language.sources import SourceKind

        if any(c.isalnum() for c in mention):
            earlier = _earlier_sources(session, document, content.start)
            classified = resolve_source(mention, earlier)
            points_back = classify_source(mention).kind is SourceKind.BACKREF
            if speaker is None and points_back and resolve_backreference(mention, earlier) is None:
                notes.append(
                    f"{mention!r} points back to someone, but no earlier speaker of document "
                    f"{document.id} fits it; recorded as a new unnamed source "
                    f"{classified.name!r} (add --speaker NAME if it is someone named)"
                )
    name = speaker or (classified.name if classified else None)
    speaker_row = find_speaker(session, name, document_id=document.id) if name else None
    if speaker_row is not None and speaker_type and speaker_row.type != speaker_type:
        raise BadInput(
            f"{name!r} is already the {speaker_row.type} speaker {speaker_row.name!r}; "
            f"leave out {{speaker_type}} {speaker_type}, or name the speaker otherwise",
            speaker_type="the speaker type",
        )
    if speaker_row is not None and fold_key(speaker_row.name) != fold_key(name or ""):
        written = f"{mention!r} as {name!r}" if mention and mention != name else repr(name)
        notes.append(f"{written} resolved to {speaker_row.name!r} by alias")
    if name and speaker_row is None:
        kind = speaker_type or (classified.speaker_type if classified else None) or "person"
        speaker_row, resolution = resolve_or_create(
            session,
            name,
            kind,
            actor=actor,
            document=document,
            description=classified.description if classified else None,
        )
        if resolution.via == "fuzzy":
            notes.append(f"{name!r} resolved to {speaker_row.name!r}")
        elif resolution.via == "none" and resolution.hint():
            notes.append(
                f"new speaker {name!r}; {resolution.hint()} "
                f"(merge with: prov speaker merge {name!r} NAME)"
            )
    if strength is None:
        if speaker_row is None:
            strength = "unattributed"
        elif classified is not None and classified.strength is not None:
            strength = classified.strength
        else:
            strength = default_strength(speaker_row.type)
    later = session.scalar(select(Document.id).where(Document.revises_id == document.id))
    if later is not None:
        notes.append(
            f"document {document.id} is an earlier version (document {later} revises it): "
            f"search, audit and export show this with --all-versions or --doc {document.id}"
        )
    for other_id, other_speaker in _much_the_same(session, document, content):
        who = other_speaker or "the reporter"
        notes.append(
            f"this passage overlaps attribution #{other_id} ({who}); if they are one, "
            f"reject one of them (prov reject ID)"
        )
    attribution = record_attribution(
        session,
        document,
        content=content,
        source=source_span,
        cue=cue_span,
        speaker=speaker_row,
        strength=strength,
        mode=mode or _mode_in(document.text, content),
        actor=actor,
    )
    return QuotedAddition(attribution, notes)
