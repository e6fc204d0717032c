"""``prov import``: a bundle of any size into the database, at the speed of the disk.

Two passes over the file, so that a bundle is never half imported because of a bad line
in it, and a big one is never one transaction that a killed process throws away:

1. **Check**: every line is read and checked whole (:func:`~provenance.interchange.
   bundle_parse.parse_line`); the first bad one ends the import with a message naming
   its line, before anything is written.
2. **Load**: documents are written in batches by :func:`~provenance.documents.batch.
   store_batch`, each batch one transaction, each document whole within it; speakers
   are found by their own names, never by likeness. A text already stored (same
   SHA-256) gains only the attributions it lacks, so a run killed or interrupted
   part-way is finished by running it again.
3. **Links** that may point further on in the file (a revision's original, an office's
   holder) are made last, in one transaction, never into a loop.

Memory stays flat: a batch is held at a time, never the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from sqlalchemy.orm import Session

from provenance.documents.batch import BATCH_ROWS, Pending, StoreReport, store_batch
from provenance.documents.pipeline import chunked, ordered_map
from provenance.documents.records import DocumentRecord
from provenance.errors import BadInput, ProvError
from provenance.interchange.bundle_parse import parse_line
from provenance.speakers.batch import SpeakerCache
from provenance.store.database import Database

__all__ = ["ImportInterrupted", "check_bundle", "load_bundle"]

Progress = Callable[[int, int | None, int], None]
"""``progress(bytes_done, bytes_in_all_or_None, documents_done)``."""


class ImportInterrupted(ProvError):
    """Ctrl-C: the batch in hand was rolled back; what was committed stays."""

    exit_code = 130


def _check_chunk(filename: str, chunk: list[tuple[int, str]]) -> tuple[int, BadInput | None]:
    documents = 0
    for number, line in chunk:
        if line.strip():
            try:
                parse_line(line, f"{filename}:{number}")
            except BadInput as error:
                return documents, error
            documents += 1
    return documents, None


def _parse_chunk(filename: str, chunk: list[tuple[int, str]]) -> list[DocumentRecord]:
    return [parse_line(line, f"{filename}:{n}") for n, line in chunk if line.strip()]


def check_bundle(lines: Iterable[tuple[int, str]], filename: str, *, jobs: int = 1) -> int:
    """Check every line (in ``jobs`` processes); return how many documents the bundle
    holds, or raise the first line's problem."""
    documents = 0
    for count, error in ordered_map(partial(_check_chunk, filename), chunked(lines), jobs=jobs):
        if error is not None:
            raise error
        documents += count
    return documents


def load_bundle(
    database: Database,
    lines: Iterable[tuple[int, str]],
    *,
    filename: str,
    actor: str,
    progress: Progress | None = None,
    done: Callable[[], tuple[int, int | None]] | None = None,
    batch_rows: int = BATCH_ROWS,
    jobs: int = 1,
) -> StoreReport:
    """Load checked bundle lines (see the module docstring), read in ``jobs`` processes.
    ``done()`` says how many bytes are read and how many there are, for ``progress``."""
    report = StoreReport()
    cache = SpeakerCache()
    pending = Pending()
    batch: list[DocumentRecord] = []
    rows = 0
    parsed = ordered_map(partial(_parse_chunk, filename), chunked(lines), jobs=jobs)
    try:
        for documents in parsed:
            for document in documents:
                batch.append(document)
                rows += 1 + len(document.attributions)
                if rows >= batch_rows:
                    report.absorb(store_batch(database, batch, cache, actor, pending=pending))
                    batch, rows = [], 0
                    if progress is not None and done is not None:
                        progress(*done(), report.documents_added + report.documents_present)
        report.absorb(store_batch(database, batch, cache, actor, pending=pending))
    except KeyboardInterrupt:
        raise ImportInterrupted(
            f"interrupted: {report.documents_added} document(s) were stored before the "
            "batch in hand, which was rolled back; run the same import again to finish "
            "(what is stored is skipped)"
        ) from None
    finally:
        close = getattr(parsed, "close", None)
        if close is not None:
            close()
    if progress is not None and done is not None:
        progress(*done(), report.documents_added + report.documents_present)
    with database.session() as session:
        _link_pending(session, pending, report, actor)
    return report


def _link_pending(session: Session, pending: Pending, report: StoreReport, actor: str) -> None:
    from provenance.interchange.bundle_links import link_holders, link_revisions

    link_revisions(session, pending.revisions, report.note, actor)
    link_holders(session, list(pending.holders.items()), report.note, actor)
