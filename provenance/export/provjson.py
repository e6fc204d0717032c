"""Attributions as W3C PROV-JSON, written with the ``prov`` library.

The provenance graph of a set of citations, in PROV terms:

* each article version is an entity ``qp:document/<sha256>`` with its title, outlet,
  URL, publication date and SHA-256; it ``wasAttributedTo`` its outlet (an
  organisation) and its authors (people); a later version ``wasRevisionOf`` the
  one it revises;
* each attribution is an entity ``qp:attribution/<id>`` whose ``prov:value`` is the
  quoted span, with its offsets, sourcing strength, mode, cue, source mention and
  review status; it ``wasQuotedFrom`` the document entity and ``wasAttributedTo``
  its speaker (a reporter's own unattributed assertion has no speaker);
* each speaker is an agent: ``prov:Person``, ``prov:Organization``, or
  ``qp:UnnamedSource`` for an unnamed one; an office ``actedOnBehalfOf`` its holder;
* each attribution ``wasGeneratedBy`` a ``qp:Recording`` activity (one per document,
  way of recording and person) associated with the person who recorded it, or, for an
  extractor proposal, with prov's extractor (a ``prov:SoftwareAgent`` with prov's
  version) acting on behalf of the person who ran it; a reviewed proposal was
  ``used`` by a ``qp:Review`` activity associated with the person who decided.

This module imports ``prov`` at the top, and it is imported only when this format
is asked for (see :mod:`provenance.export`). The ``qp`` namespace is
:data:`NAMESPACE`; ids under it are local to the exporting database, except
documents, which are named by the SHA-256 of their text and so match anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote

from prov.constants import PROV, PROV_LABEL, PROV_TYPE, PROV_VALUE, XSD_ANYURI, XSD_DATE
from prov.identifier import Namespace, QualifiedName
from prov.model import Literal, ProvDocument

from provenance.export.citations import (
    Citation,
    CitedDocument,
    CitedSpeaker,
    software_version,
)

__all__ = ["NAMESPACE", "PREFIX", "prov_document", "write_prov_json"]

PREFIX = "qp"
NAMESPACE = "urn:quoteprov:"
"""The namespace of prov's own terms and ids in PROV output."""

_SPEAKER_TYPES = {
    "person": PROV["Person"],
    "organization": PROV["Organization"],
}


class _Graph:
    """Builds one ProvDocument, adding each document, outlet and agent once."""

    def __init__(self, speakers: dict[int, CitedSpeaker]) -> None:
        self.doc = ProvDocument()
        self.qp: Namespace = self.doc.add_namespace(PREFIX, NAMESPACE)
        self.seen: set[QualifiedName] = set()
        # documents met first as the earlier version of another, described only by
        # their hash until (if they are cited too) their turn comes
        self.placeholders: dict[QualifiedName, Any] = {}
        # every cited speaker, so that an office's holder who is cited too is
        # described in full, whichever comes first
        self.speakers = speakers

    def _once(self, identifier: QualifiedName) -> bool:
        if identifier in self.seen:
            return False
        self.seen.add(identifier)
        return True

    def document(self, cited: CitedDocument) -> QualifiedName:
        qp = self.qp
        identifier = qp[f"document/{cited.sha256}"]
        placeholder = self.placeholders.pop(identifier, None)
        if placeholder is None and not self._once(identifier):
            return identifier
        attributes: dict[Any, Any] = {}
        if placeholder is None:
            attributes = {PROV_TYPE: qp["Document"], qp["sha256"]: cited.sha256, qp["id"]: cited.id}
        if cited.title:
            attributes[PROV_LABEL] = cited.title
            attributes[qp["title"]] = cited.title
        if cited.outlet:
            attributes[qp["outlet"]] = cited.outlet
        if cited.url:
            attributes[qp["url"]] = Literal(cited.url, XSD_ANYURI)
        if cited.published:
            attributes[qp["published"]] = Literal(cited.published.isoformat(), XSD_DATE)
        if placeholder is None:
            self.doc.entity(identifier, attributes)
        elif attributes:
            placeholder.add_attributes(attributes)
        if cited.outlet_id is not None and cited.outlet:
            outlet = qp[f"outlet/{cited.outlet_id}"]
            if self._once(outlet):
                self.doc.agent(outlet, {PROV_TYPE: PROV["Organization"], PROV_LABEL: cited.outlet})
            self.doc.wasAttributedTo(identifier, outlet)
        for name in cited.authors:
            author = qp["author/" + quote(name, safe="")]
            if self._once(author):
                self.doc.agent(author, {PROV_TYPE: PROV["Person"], PROV_LABEL: name})
            self.doc.wasAttributedTo(identifier, author)
        if cited.revises_sha256:
            earlier = qp[f"document/{cited.revises_sha256}"]
            if self._once(earlier):
                self.placeholders[earlier] = self.doc.entity(
                    earlier,
                    {
                        PROV_TYPE: qp["Document"],
                        qp["sha256"]: cited.revises_sha256,
                        qp["id"]: cited.revises_id,
                    },
                )
            self.doc.wasRevisionOf(identifier, earlier)
        return identifier

    def speaker(self, cited: CitedSpeaker) -> QualifiedName:
        qp = self.qp
        identifier = qp[f"speaker/{cited.id}"]
        if not self._once(identifier):
            return identifier
        attributes: dict[Any, Any] = {
            PROV_TYPE: _SPEAKER_TYPES.get(cited.type, qp["UnnamedSource"]),
            PROV_LABEL: cited.name,
        }
        if cited.description:
            attributes[qp["description"]] = cited.description
        self.doc.agent(identifier, attributes)
        if cited.holder_id is not None:
            if cited.holder_id in self.speakers:
                holder = self.speaker(self.speakers[cited.holder_id])
            else:
                holder = qp[f"speaker/{cited.holder_id}"]
                if self._once(holder):
                    self.doc.agent(
                        holder,
                        {
                            PROV_TYPE: _SPEAKER_TYPES.get(cited.holder_type or "", PROV["Agent"]),
                            PROV_LABEL: cited.holder_name or "",
                        },
                    )
            self.doc.actedOnBehalfOf(identifier, holder)
        return identifier

    def citation(self, citation: Citation) -> None:
        qp = self.qp
        document = self.document(citation.document)
        identifier = qp[f"attribution/{citation.id}"]
        attributes: dict[Any, Any] = {
            PROV_TYPE: qp["Quote"],
            PROV_VALUE: citation.quote,
            qp["start"]: citation.start,
            qp["end"]: citation.end,
            qp["strength"]: citation.strength,
            qp["mode"]: citation.mode,
            qp["status"]: citation.status,
            qp["recordedVia"]: citation.recorded_via,
        }
        for name, value in (
            ("cue", citation.cue),
            ("source", citation.source),
            ("recordedBy", citation.recorded_by),
            ("confidence", citation.confidence),
        ):
            if value is not None:
                attributes[qp[name]] = value
        self.doc.entity(identifier, attributes)
        self.doc.wasQuotedFrom(identifier, document)
        if citation.speaker is not None:
            self.doc.wasAttributedTo(identifier, self.speaker(citation.speaker))
        self.doc.wasGeneratedBy(identifier, self.recording(citation))
        if citation.reviewed_by:
            review = qp[f"review/{citation.document.id}/" + quote(citation.reviewed_by, safe="")]
            if self._once(review):
                self.doc.activity(review, other_attributes={PROV_TYPE: qp["Review"]})
                self.doc.wasAssociatedWith(review, self.person(citation.reviewed_by))
            self.doc.used(review, identifier)

    def person(self, name: str) -> QualifiedName:
        """The person who recorded or reviewed attributions (an OS user or ``--by``)."""
        identifier = self.qp["person/" + quote(name, safe="")]
        if self._once(identifier):
            self.doc.agent(identifier, {PROV_TYPE: PROV["Person"], PROV_LABEL: name})
        return identifier

    def software(self) -> QualifiedName:
        """prov's extractor, as the software agent that proposed attributions."""
        version = software_version()
        identifier = self.qp["software/prov-" + quote(version, safe="")]
        if self._once(identifier):
            self.doc.agent(
                identifier,
                {
                    PROV_TYPE: PROV["SoftwareAgent"],
                    PROV_LABEL: f"prov {version} extract",
                    self.qp["version"]: version,
                },
            )
        return identifier

    def recording(self, citation: Citation) -> QualifiedName:
        """The activity that recorded ``citation``: one per document, way of recording
        and person, associated with that person, or with the extractor acting on the
        person's behalf."""
        who = citation.recorded_by or ""
        identifier = self.qp[
            f"recording/{citation.document.id}/{citation.recorded_via}/" + quote(who, safe="")
        ]
        if not self._once(identifier):
            return identifier
        self.doc.activity(
            identifier,
            other_attributes={
                PROV_TYPE: self.qp["Recording"],
                self.qp["via"]: citation.recorded_via,
            },
        )
        person = self.person(who) if who else None
        if citation.recorded_via == "extractor":
            software = self.software()
            self.doc.wasAssociatedWith(identifier, software)
            if person is not None:
                self.doc.actedOnBehalfOf(software, person, identifier)
        elif person is not None:
            self.doc.wasAssociatedWith(identifier, person)
        return identifier


def prov_document(citations: Iterable[Citation]) -> ProvDocument:
    """The PROV document of ``citations`` (see the module's docstring for its shape)."""
    cited = list(citations)
    graph = _Graph({c.speaker.id: c.speaker for c in cited if c.speaker is not None})
    for citation in cited:
        graph.citation(citation)
    return graph.doc


def write_prov_json(citations: Iterable[Citation]) -> Iterator[str]:
    """PROV-JSON text of :func:`prov_document`."""
    text = prov_document(citations).serialize(format="json", indent=2, ensure_ascii=False)
    yield (text or "") + "\n"
