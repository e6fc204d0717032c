"""Storing documents with their attributions in batches: the writer of batch work.

``prov import`` and ``prov ingest`` of a folder or a crawl hand :class:`DocumentRecord`
batches to :func:`store_batch`, which writes one batch in one transaction, each document
whole within it, through :class:`~provenance.store.bulk.BulkWriter` (Core, ids in
blocks): documents, outlets, speakers (found in bulk: :mod:`provenance.speakers.batch`),
aliases, claims (by key, one query per batch), attributions, the search index (once for
the batch) and the history. A text already stored (same SHA-256) is not stored again: it
gains the attributions it lacks. So a run killed or interrupted part-way is finished by
running it again, and nothing is ever stored twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from provenance.documents.batch_rows import BatchRows, Pending, StoreReport, chunks
from provenance.documents.records import DocumentRecord
from provenance.speakers.batch import (
    SpeakerCache,
)
from provenance.store.database import Database
from provenance.store.models import Change, Document, Outlet
from provenance.text.folding import fold_key

__all__ = ["BATCH_ROWS", "Pending", "StoreReport", "store_batch"]

BATCH_ROWS = 5_000
"""Attributions (and documents) written per transaction: large enough that a commit is
cheap beside the rows, small enough that a killed run loses little."""
_CHUNK = 500
_NOTES_KEPT = 200


def store_batch(
    database: Database,
    batch: list[DocumentRecord],
    cache: SpeakerCache,
    actor: str,
    *,
    skip_present: bool = False,
    pending: Pending | None = None,
) -> StoreReport:
    """Write one batch in one transaction and say what it stored. A text stored already
    gains the attributions it lacks, or with ``skip_present`` is left as it is (counted
    as present); links to make later are added to ``pending``. A race with another
    writer storing the same text is settled by doing the batch again, when that text is
    there to be found."""
    for attempt in range(3):
        part = StoreReport()
        links = Pending()
        try:
            if batch:
                with database.session() as session:
                    _Batch(session, part, cache, links, actor, skip_present).write(batch)
        except IntegrityError:
            cache.forget()
            if attempt == 2:
                raise
            continue
        except BaseException:
            cache.forget()
            raise
        if pending is not None:
            pending.revisions += links.revisions
            pending.holders.update(links.holders)
        return part
    raise AssertionError("unreachable")


@dataclass
class _Stored:
    """A stored document, as much as the bundle's line is compared with."""

    id: int
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    revises_id: int | None
    revises_sha256: str | None
    new: bool = False  # stored by this batch


class _Batch(BatchRows):
    """One batch's documents (the attributions are :class:`BatchRows`' work)."""

    def write(self, batch: list[DocumentRecord]) -> None:
        stored = self._stored({d.sha256 for d in batch})
        to_create: list[DocumentRecord] = []
        repeats: list[DocumentRecord] = []
        creating: set[str] = set()
        for document in batch:
            if document.sha256 in stored:
                continue
            if document.sha256 in creating:
                repeats.append(document)  # the same text again, later in the batch
            else:
                creating.add(document.sha256)
                to_create.append(document)
        created = self._store_documents(to_create)
        for document, doc_id in zip(to_create, created, strict=True):
            stored[document.sha256] = _Stored(
                doc_id,
                document.title,
                document.url,
                document.outlet,
                document.published_as_written,
                None,
                None,
                new=True,
            )
        ids: dict[int, int] = {}
        repeated = {id(r) for r in repeats}
        fresh = []
        for document in batch:
            known = stored[document.sha256]
            ids[id(document)] = known.id
            if not known.new or id(document) in repeated:
                self.report.documents_present += 1
                if self.skip_present:
                    continue  # a duplicate, left as it is
                self._note_other_metadata(known, document)
            fresh.append(document)
        batch = fresh
        new_documents = set(created)
        speakers = self._speakers(batch, ids, new_documents)
        existing = self._existing_attributions(set(ids.values()) - new_documents)
        self._store_attributions(batch, ids, speakers, existing)

    # ------------------------------------------------------------------ documents

    def _stored(self, digests: set[str]) -> dict[str, _Stored]:
        d, o = Document.__table__.c, Outlet.__table__.c
        earlier = aliased(Document)
        found: dict[str, _Stored] = {}
        for chunk in chunks(sorted(digests)):
            rows = self.session.execute(
                select(
                    d.id,
                    d.sha256,
                    d.title,
                    d.url,
                    o.name,
                    d.published,
                    d.revises_id,
                    earlier.sha256,
                )
                .outerjoin(Outlet.__table__, o.id == d.outlet_id)
                .outerjoin(earlier, earlier.id == d.revises_id)
                .where(d.sha256.in_(chunk))
            )
            for row in rows:
                published = row[5].isoformat() if row[5] else None
                found[row[1]] = _Stored(row[0], row[2], row[3], row[4], published, row[6], row[7])
        return found

    def _store_documents(self, new: list[DocumentRecord]) -> list[int]:
        """Store the texts not stored yet; their ids, in order."""
        outlets = self._outlets({d.outlet for d in new if d.outlet and d.outlet.strip()})
        ids = self.writer.ids(Document, len(new))
        now = self.writer.now
        rows, changes = [], []
        for doc_id, document in zip(ids, new, strict=True):
            outlet = " ".join(document.outlet.split()) if document.outlet else None
            rows.append(
                {
                    "id": doc_id,
                    "original_sha256": document.original_sha256,
                    "outlet_id": outlets.get(fold_key(outlet or "")),
                    "title": document.title,
                    "url": document.url or None,
                    "published": document.published,
                    "authors": [a for a in document.authors if a],
                    "text": document.text,
                    "sha256": document.sha256,
                    "revises_id": None,
                    "created_at": now,
                }
            )
            changes.append(
                {
                    "at": now,
                    "actor": self.actor,
                    "action": "document.ingest",
                    "entity": "document",
                    "entity_id": doc_id,
                    "data": {
                        "sha256": document.sha256,
                        "title": document.title,
                        "revises": None,
                        "characters": len(document.text),
                    },
                }
            )
            if document.revises:
                self.pending.revisions.append((doc_id, document.revises, document.where))
        self.writer.insert(Document, rows)
        self.writer.insert(Change, changes)
        self.report.documents_added += len(new)
        return ids

    def _outlets(self, names: set[str]) -> dict[str, int]:
        wanted = {fold_key(" ".join(n.split())): " ".join(n.split()) for n in names}
        o = Outlet.__table__.c
        found: dict[str, int] = {}
        for chunk in chunks(sorted(wanted)):
            for outlet_id, key in self.session.execute(
                select(o.id, o.key).where(o.key.in_(chunk)).order_by(o.id.desc())
            ):
                found[key] = outlet_id  # the lowest id wins, as outlet_named finds it
        missing = [key for key in wanted if key not in found]
        ids = self.writer.ids(Outlet, len(missing))
        self.writer.insert(
            Outlet,
            [{"id": i, "name": wanted[k], "key": k} for i, k in zip(ids, missing, strict=True)],
        )
        found.update(zip(missing, ids, strict=True))
        return found

    def _note_other_metadata(self, stored: _Stored, document: DocumentRecord) -> None:
        """Say where the bundle describes a stored text otherwise (the stored one wins),
        and keep the revision link it names for later."""
        given = {
            "title": document.title,
            "url": document.url,
            "outlet": document.outlet,
            "published": document.published_as_written,
        }
        for key, value in (
            ("title", stored.title),
            ("url", stored.url),
            ("outlet", stored.outlet),
            ("published", stored.published),
        ):
            said = given[key]
            if isinstance(said, str) and said.strip() and said != value:
                self.report.note(
                    f"{document.where}: the text is document {stored.id}, whose {key} is "
                    f"{value!r}, not {said!r}; kept as stored"
                )
        if document.revises and stored.revises_id is not None:
            if stored.revises_sha256 is not None and stored.revises_sha256 != document.revises:
                self.report.note(
                    f"{document.where}: document {stored.id} revises document "
                    f"{stored.revises_id} here, not the one the bundle names; kept as stored"
                )
        elif document.revises:
            self.pending.revisions.append((stored.id, document.revises, document.where))

    # ------------------------------------------------------------------- speakers
