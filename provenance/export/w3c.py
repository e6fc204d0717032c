"""Attributions as W3C Web Annotations (JSON-LD), for annotation tools to anchor.

One annotation per attribution; the file is a JSON array of them, each complete with
its own ``@context``, which is what annotation tools import and what one can split
into single annotations without losing anything. (An ``AnnotationCollection`` is the
Web Annotation Protocol's container for annotations served at a URL, with paging; a
file on a reporter's disk has neither.)

**Target**: the document's URL when it has an http(s) one, else a name for the exact
stored text: ``ni:///sha-256;...``, the RFC 6920 "named information" URI of its
SHA-256 (a registered URI scheme for content hashes; there is no registered
``urn:`` namespace for them). Two selectors describe the same span, as the model
allows: a ``TextQuoteSelector`` (exact, prefix, suffix: 32 characters of context, as
stored) and a ``TextPositionSelector`` (start, end). Positions count code points of
the *stored* text (NFC, ``\\n`` line ends), which is the page's text only if the
stored text is the whole page; a tool anchoring on a live page should prefer the
quote selector, which is what the model's "any of them" permits.

**Body**: four ``TextualBody`` resources, each with a purpose, because each serves
a different reader. A ``describing`` body says it all in one sentence for people
("Hakan Fidan (person); sourcing: on_record; mode: indirect; cue: “told”"). A
``tagging`` body carries the speaker's name alone, because tags are what annotation
tools index, list and filter by, so "every quote of Hakan Fidan" is one click. A
``classifying`` body carries the strength class (``on_record`` ...), the label a
tool can group by. A ``moderating`` body carries the review status (``proposed``,
``confirmed``, ``rejected``), with the person who decided as its own ``creator``. A
tagging body alone would lose the strength; a describing body alone would be prose a
machine must parse.

**Agents**: the annotation's ``creator`` is prov's extractor (``Software``, named with
prov's version) for what the extractor proposed, else the person who recorded it;
its ``generator`` is prov.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import Any

from provenance.export.citations import (
    Citation,
    CitedDocument,
    is_web_url,
    software_version,
)

__all__ = ["ANNOTATION_CONTEXT", "annotation", "document_iri", "write_annotations"]

ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def document_iri(document: CitedDocument) -> str:
    """The document's http(s) URL, or the RFC 6920 ``ni:`` URI of its stored text."""
    if is_web_url(document.url):
        return (document.url or "").strip()
    digest = base64.urlsafe_b64encode(bytes.fromhex(document.sha256)).decode("ascii")
    return "ni:///sha-256;" + digest.rstrip("=")


def _timestamp(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0).isoformat() + "Z"


def _description(citation: Citation) -> str:
    if citation.speaker is None:
        who = "Unattributed (the reporter's own assertion)"
    else:
        who = f"{citation.speaker.name} ({citation.speaker.type})"
    parts = [
        who,
        f"sourcing: {citation.strength}",
        f"mode: {citation.mode}",
        f"review: {citation.status}",
    ]
    if citation.cue:
        parts.append(f"cue: “{citation.cue}”")
    if citation.source and citation.speaker and citation.source != citation.speaker.name:
        parts.append(f"source as written: “{citation.source}”")
    return "; ".join(parts)


def _creator(citation: Citation) -> dict[str, str] | None:
    """Who made the annotation: prov's extractor (as software, with prov's version)
    for a proposal, else the person who recorded it."""
    if citation.recorded_via == "extractor":
        return {"type": "Software", "name": f"prov {software_version()} extract"}
    if citation.recorded_by:
        return {"type": "Person", "nickname": citation.recorded_by}
    return None


def _review(citation: Citation) -> dict[str, Any]:
    """The review status as a ``moderating`` body; its creator is the person who
    confirmed or rejected the proposal, when the history says."""
    body: dict[str, Any] = {
        "type": "TextualBody",
        "purpose": "moderating",
        "value": citation.status,
    }
    if citation.reviewed_by:
        body["creator"] = {"type": "Person", "nickname": citation.reviewed_by}
    return body


def annotation(citation: Citation) -> dict[str, Any]:
    """One Web Annotation (a JSON-LD object with its ``@context``) for ``citation``."""
    body: list[dict[str, str]] = [
        {
            "type": "TextualBody",
            "purpose": "describing",
            "value": _description(citation),
            "format": "text/plain",
            "language": "en",
        }
    ]
    if citation.speaker is not None:
        body.append({"type": "TextualBody", "purpose": "tagging", "value": citation.speaker.name})
    body.append({"type": "TextualBody", "purpose": "classifying", "value": citation.strength})
    body.append(_review(citation))
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": citation.quote}
    if citation.prefix:
        quote["prefix"] = citation.prefix
    if citation.suffix:
        quote["suffix"] = citation.suffix
    item: dict[str, Any] = {
        "@context": ANNOTATION_CONTEXT,
        "id": citation.uid.urn,
        "type": "Annotation",
        "motivation": "describing",
        "body": body,
        "target": {
            "type": "SpecificResource",
            "source": document_iri(citation.document),
            "selector": [
                quote,
                {"type": "TextPositionSelector", "start": citation.start, "end": citation.end},
            ],
        },
        "generator": {"type": "Software", "name": f"prov {software_version()}"},
    }
    created = _timestamp(citation.created_at)
    if created:
        item["created"] = created
    creator = _creator(citation)
    if creator:
        item["creator"] = creator
    return item


def write_annotations(citations: Iterable[Citation]) -> Iterator[str]:
    """A JSON array of annotations, one per citation."""
    first = True
    for citation in citations:
        text = json.dumps(annotation(citation), ensure_ascii=False, indent=2)
        yield ("[\n  " if first else ",\n  ") + text.replace("\n", "\n  ")
        first = False
    yield "[]\n" if first else "\n]\n"
