"""``prov ingest`` of a corpus: thousands of articles, on two cores, resumably.

The sources (:mod:`provenance.documents.sources`) are read in ``jobs`` worker processes
(:mod:`provenance.documents.pipeline`): bytes decoded and checked, pages reduced to their
article by trafilatura, text normalised and hashed, and, with ``extract``, the extractor
run. This process stores what comes back in batches (:func:`~provenance.documents.batch.
store_batch`), each article whole: its document and its proposals, or nothing.

* An article whose text is stored already (same SHA-256 of the stored text) is skipped
  as a duplicate, so a run killed or interrupted part-way is finished by running it
  again, with nothing stored twice.
* An article that cannot be read is a failure with its reason, and the run goes on; the
  failures are written, one JSON object a line, to the report file the caller names.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple

from provenance.documents.batch import BATCH_ROWS, StoreReport, store_batch
from provenance.documents.ingest import checked_outlet
from provenance.documents.pipeline import ordered_map
from provenance.documents.records import AttributionRecord, DocumentRecord, SpeakerRecord
from provenance.documents.sources import Source, SourceCounts, Unreadable
from provenance.errors import BadInput, ProvError
from provenance.speakers.batch import SpeakerCache
from provenance.store.database import Database
from provenance.text.digest import text_sha256
from provenance.text.folding import fold_key, is_blank, normalize_text
from provenance.text.spans import make_span
from provenance.vocabulary import (
    AttributionStatus,
    Mode,
    RecordedVia,
    SourcingStrength,
    SpeakerType,
    default_strength,
)

__all__ = ["Defaults", "Failure", "IngestInterrupted", "IngestReport", "ingest_corpus", "prepare"]


class IngestInterrupted(ProvError):
    """Ctrl-C: the batch in hand was rolled back; what was committed stays."""

    exit_code = 130


class Defaults(NamedTuple):
    """What the command line says of every article that does not say it itself."""

    outlet: str | None = None
    published: str | None = None
    authors: tuple[str, ...] = ()


class Failure(NamedTuple):
    origin: str
    reason: str


@dataclass
class IngestReport:
    stored: int = 0
    duplicates: int = 0
    proposals: int = 0
    failures: int = 0
    passed_over: SourceCounts = field(default_factory=SourceCounts)

    def summary(self) -> str:
        parts = [f"stored {self.stored} document(s)"]
        if self.proposals:
            parts[0] += f" with {self.proposals} proposal(s)"
        parts.append(f"skipped {self.duplicates} duplicate(s) (the same text stored already)")
        parts.append(f"{self.failures} failed")
        other = self.passed_over
        if other.other_files:
            parts.append(f"{other.other_files} other file(s) passed over")
        if other.other_records:
            parts.append(f"{other.other_records} WARC record(s) that are not pages passed over")
        return "; ".join(parts)


# ------------------------------------------------------------- in the workers


def _date(value: Any, origin: str) -> tuple[dt.date | None, str | None]:
    """A record's date: ``YYYY-MM-DD``, or the date of an ISO time a crawler wrote."""
    if value in (None, ""):
        return None, None
    if not isinstance(value, str):
        raise BadInput(f"{origin}: published must be a date string, not {value!r}")
    try:
        return dt.date.fromisoformat(value[:10]), value
    except ValueError:
        raise BadInput(f"{origin}: published {value!r} is not a date (YYYY-MM-DD)") from None


def _text(record: dict[str, Any], key: str, origin: str) -> str | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadInput(f"{origin}: {key} must be a string, not {type(value).__name__}")
    return " ".join(value.split()) if key != "text" and key != "html" else value


def _authors(value: Any, origin: str) -> tuple[str, ...]:
    if value in (None, ""):
        return ()
    if isinstance(value, str):
        value = value.split(";")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadInput(f"{origin}: authors must be a list of names or one string")
    return tuple(a.strip() for a in value if a.strip())


def _read(source: Source) -> tuple[str, dict[str, Any], str]:
    """The article's text, what is known about it, and the SHA-256 of what it was read
    from."""
    from provenance.documents.articles import article_from_bytes, html_article

    meta: dict[str, Any] = {}
    if source.kind == "record":
        assert isinstance(source.data, str)
        try:
            record = json.loads(source.data)
        except ValueError as error:
            raise BadInput(f"{source.origin}: not JSON ({error})") from None
        if not isinstance(record, dict):
            raise BadInput(f"{source.origin}: an article record is a JSON object")
        text, html = _text(record, "text", source.origin), _text(record, "html", source.origin)
        if text is None and html is None:
            raise BadInput(f"{source.origin}: the record has neither text nor html")
        if text is None:
            article = html_article(source.origin, html or "")
            text = article.text
            meta = _article_meta(article)
        for key in ("title", "outlet", "url"):
            meta[key] = _text(record, key, source.origin) or meta.get(key)
        meta["published"] = record.get("published") or meta.get("published")
        meta["authors"] = _authors(record.get("authors"), source.origin) or meta.get("authors")
        original = source.original_sha256 or hashlib.sha256(source.data.encode()).hexdigest()
        return text, meta, original
    assert isinstance(source.data, bytes)
    if source.kind == "page":
        article = html_article(source.origin, source.data)
        meta = {**_article_meta(article), **{k: v for k, v in source.meta.items() if v}}
    else:
        article = article_from_bytes(source.path, source.data, name=source.origin)
        meta = _article_meta(article)
    return article.text, meta, hashlib.sha256(source.data).hexdigest()


def _article_meta(article: Any) -> dict[str, Any]:
    return {
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "published": article.published,
        "authors": tuple(article.authors),
    }


def prepare(source: Source | Unreadable, *, extract: bool, defaults: Defaults) -> Any:
    """A :class:`DocumentRecord` ready to store, or a :class:`Failure` (in a worker)."""
    if isinstance(source, Unreadable):
        return Failure(source.origin, source.reason)
    try:
        raw, meta, original = _read(source)
        text = normalize_text(raw)
        if is_blank(text):
            raise BadInput(f"{source.origin}: the article is empty")
        if "\x00" in text:
            raise BadInput(f"{source.origin}: the article holds NUL characters")
        published, written = _date(meta.get("published") or defaults.published, source.origin)
        outlet = checked_outlet(meta.get("outlet") or defaults.outlet, source.origin)
        proposals = _proposals(text, source.origin) if extract else []
    except BadInput as error:
        return Failure(source.origin, str(error))
    return DocumentRecord(
        where=source.origin,
        text=text,
        sha256=text_sha256(text),
        title=meta.get("title"),
        outlet=outlet,
        url=meta.get("url"),
        published=published,
        published_as_written=written,
        authors=list(meta.get("authors") or defaults.authors),
        revises=None,
        attributions=proposals,
        original_sha256=original,
    )


def _proposals(text: str, origin: str) -> list[AttributionRecord]:
    """The extractor's proposals as records to store, as ``save_proposals`` would: one
    without a speaker is left out; the speaker is resolved as typed when stored."""
    from provenance.extract.propose import extract

    records = []
    for n, proposal in enumerate(extract(text), 1):
        if not proposal.speaker:
            continue
        kind = SpeakerType(proposal.speaker_type or SpeakerType.PERSON)
        name = " ".join(proposal.speaker.split())
        speaker = SpeakerRecord(name, fold_key(name), kind, None, (), None, (), exact=False)
        records.append(
            AttributionRecord(
                where=f"{origin}, proposal {n}",
                speaker=speaker,
                strength=SourcingStrength(proposal.strength or default_strength(kind)),
                mode=Mode(proposal.mode),
                status=AttributionStatus.PROPOSED,
                via=RecordedVia.EXTRACTOR,
                recorded_by=None,
                confidence=proposal.confidence,
                content=make_span(text, *proposal.content),
                source=make_span(text, *proposal.source) if proposal.source else None,
                cue=make_span(text, *proposal.cue) if proposal.cue else None,
            )
        )
    return records


def _prepare_many(
    sources: list[Source | Unreadable], *, extract: bool, defaults: Defaults
) -> list[Any]:
    return [prepare(s, extract=extract, defaults=defaults) for s in sources]


# ------------------------------------------------------------- in the writer


def _groups(
    sources: Iterable[Source | Unreadable], size: int = 16
) -> Iterator[list[Source | Unreadable]]:
    group: list[Source | Unreadable] = []
    for source in sources:
        group.append(source)
        if len(group) >= size:
            yield group
            group = []
    if group:
        yield group


class _Stop(Exception):
    """Ctrl-C was pressed: stop at this document boundary."""


class _CtrlC:
    """Ctrl-C (SIGINT) asks a run to stop at the next boundary between batches, so that
    what is stored and what is said to be stored are the same; a second Ctrl-C stops
    it at once (the batch being written is rolled back). Only in the main thread: a
    run in another thread keeps Python's own handling."""

    def __init__(self) -> None:
        self.asked = False
        self.installed = threading.current_thread() is threading.main_thread()
        if self.installed:
            self.previous = signal.signal(signal.SIGINT, self._ask)

    def _ask(self, signum: int, frame: Any) -> None:
        if self.asked:
            raise KeyboardInterrupt
        self.asked = True

    def restore(self) -> None:
        if self.installed:
            signal.signal(signal.SIGINT, self.previous)
            self.installed = False


def ingest_corpus(
    database: Database,
    sources: Iterable[Source | Unreadable],
    *,
    actor: str,
    extract: bool = False,
    jobs: int = 1,
    defaults: Defaults | None = None,
    failed: Callable[[Failure], None] = lambda failure: None,
    progress: Callable[[IngestReport], None] | None = None,
    report: IngestReport | None = None,
    batch_rows: int = BATCH_ROWS,
) -> IngestReport:
    """Store every article of ``sources`` (see the module docstring); ``failed`` is told
    of each one that cannot be read or stored, ``progress`` of each batch stored."""
    report = report if report is not None else IngestReport()
    work = partial(_prepare_many, extract=extract, defaults=defaults or Defaults())
    # enough in flight that the workers go on while a batch is written
    prepared = ordered_map(work, _groups(sources), jobs=jobs, ahead=16)
    cache = SpeakerCache()
    batch: list[DocumentRecord] = []
    rows = 0
    stopping = _CtrlC()
    try:
        for results in prepared:
            if stopping.asked:
                raise _Stop
            for result in results:
                if isinstance(result, Failure):
                    report.failures += 1
                    failed(result)
                    continue
                batch.append(result)
                rows += 1 + len(result.attributions)
                if rows >= batch_rows:
                    _store(database, batch, report, cache, actor, failed)
                    batch, rows = [], 0
                    if progress is not None:
                        progress(report)
                    if stopping.asked:
                        raise _Stop
        _store(database, batch, report, cache, actor, failed)
    except _Stop:
        raise IngestInterrupted(
            f"interrupted: {report.stored} document(s) stored; run the same command again "
            "to finish (what is stored is skipped)"
        ) from None
    except KeyboardInterrupt:  # a second Ctrl-C, inside a batch: it is rolled back
        raise IngestInterrupted(
            f"interrupted: {report.stored} document(s) stored, the batch in hand rolled "
            "back; run the same command again to finish (what is stored is skipped)"
        ) from None
    finally:
        stopping.restore()
        close = getattr(prepared, "close", None)
        if close is not None:
            close()
    if progress is not None:
        progress(report)
    return report


def _store(
    database: Database,
    batch: list[DocumentRecord],
    report: IngestReport,
    cache: SpeakerCache,
    actor: str,
    failed: Callable[[Failure], None],
) -> None:
    """One batch in one transaction; if it fails, each of its articles on its own, so
    that one bad article fails alone."""
    if not batch:
        return
    try:
        _count(store_batch(database, batch, cache, actor, skip_present=True), report)
        return
    except ProvError:
        if len(batch) == 1:
            raise
    for document in batch:
        try:
            _count(store_batch(database, [document], cache, actor, skip_present=True), report)
        except ProvError as error:
            report.failures += 1
            failed(Failure(document.where, str(error)))


def _count(stored: StoreReport, report: IngestReport) -> None:
    report.stored += stored.documents_added
    report.duplicates += stored.documents_present
    report.proposals += stored.attributions_added
