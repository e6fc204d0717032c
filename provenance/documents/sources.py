"""Where a corpus's articles are: folders of saved files, crawlers' JSON Lines, WARC files.

:func:`find_sources` walks what ``prov ingest`` is given and yields one
:class:`Source` per article, in a stable order, reading as it goes (one file, one line,
one WARC record at a time), so a corpus of any size is found in flat memory. Reading an
article out of its source (decoding, HTML, extraction) is left to the workers
(:mod:`provenance.documents.corpus`); what cannot even be found (a folder that cannot
be listed, a WARC that is not one) is a :class:`Unreadable` in the same stream.

* files: ``.txt``/``.text`` (plain text) and ``.html``/``.htm``/``.xhtml`` (saved pages);
  other files in a folder are passed over, and counted;
* ``.jsonl`` (one article record a line) and ``.json`` (one record, or a list of them):
  a record has ``text`` or ``html`` and may have ``title``, ``outlet``, ``url``,
  ``published`` and ``authors``;
* ``.warc`` and ``.warc.gz``: every ``response`` record holding an HTML page (status
  200), read with warcio; its target URI is the article's URL.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from provenance.documents.files import TextLines, read_bytes
from provenance.errors import BadInput

__all__ = [
    "ARTICLE_LIMIT",
    "RECORD_SUFFIXES",
    "TEXT_SUFFIXES",
    "Source",
    "SourceCounts",
    "Unreadable",
    "check_paths",
    "find_sources",
    "is_corpus_file",
]

TEXT_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml"})
RECORD_SUFFIXES = frozenset({".jsonl", ".json"})
WARC_SUFFIXES = (".warc", ".warc.gz")
ARTICLE_LIMIT = 50_000_000
"""The largest file read as one article (bytes): larger is no article but a dump."""


@dataclass(frozen=True, slots=True)
class Source:
    """One article as found, not yet read: ``kind`` is ``"file"`` (the bytes of a text
    file or a saved page), ``"record"`` (one JSON record, as text) or ``"page"`` (an
    HTML page's bytes, from a WARC record). ``origin`` names it in messages and reports:
    ``a/b.html``, ``crawl.jsonl:12``, ``crawl.warc.gz#34``."""

    origin: str
    kind: str
    data: bytes | str
    path: str
    meta: dict[str, Any] = field(default_factory=dict)
    size: int = 0
    # of the bytes it was read from, when those are not ``data`` (a record of a .json file)
    original_sha256: str | None = None


@dataclass(frozen=True, slots=True)
class Unreadable:
    """Something given that holds no article prov can read, and why."""

    origin: str
    reason: str


@dataclass
class SourceCounts:
    """What the walk passed over: files that are not articles, WARC records that are
    not HTML pages."""

    other_files: int = 0
    other_records: int = 0
    bytes_read: int = 0


def is_corpus_file(path: str) -> bool:
    """Whether ``path`` holds many articles (JSON Lines, JSON, WARC) rather than one."""
    name = path.lower()
    return name.endswith(WARC_SUFFIXES) or Path(name).suffix in RECORD_SUFFIXES


def check_paths(paths: Sequence[str]) -> None:
    """Refuse, before anything is read, a path given that is not there (a typo in a
    command line is not an article that failed)."""
    for path in paths:
        if not os.path.exists(path):
            raise BadInput(f"{path}: no such file or folder; check the path")


def find_sources(
    paths: Sequence[str], *, recursive: bool, counts: SourceCounts | None = None
) -> Iterator[Source | Unreadable]:
    """Every article in ``paths`` (files and folders), in order; folders are walked in
    name order, their subfolders too with ``recursive``."""
    counts = counts if counts is not None else SourceCounts()
    for path in paths:
        if os.path.isdir(path):
            yield from _folder(path, recursive, counts)
        elif not os.path.exists(path):
            yield Unreadable(path, "no such file or folder; check the path")
        else:
            yield from _file(path, counts, given=True)


def _folder(folder: str, recursive: bool, counts: SourceCounts) -> Iterator[Source | Unreadable]:
    def refused(error: OSError) -> None:
        raise BadInput(f"{error.filename}: cannot list the folder ({error.strerror})")

    try:
        for root, folders, files in os.walk(folder, onerror=refused):
            folders.sort()
            if not recursive:
                folders.clear()
            for name in sorted(files):
                if name.startswith("."):
                    continue  # .DS_Store, editors' swap files
                yield from _file(os.path.join(root, name), counts, given=False)
    except BadInput as error:
        yield Unreadable(folder, str(error))


def _file(path: str, counts: SourceCounts, *, given: bool) -> Iterator[Source | Unreadable]:
    lower = path.lower()
    suffix = Path(lower).suffix
    if lower.endswith(WARC_SUFFIXES):
        yield from _warc(path, counts)
    elif suffix == ".jsonl":
        yield from _json_lines(path, counts)
    elif suffix == ".json":
        yield from _json_file(path, counts)
    elif suffix in TEXT_SUFFIXES or given:
        try:
            data = read_bytes(path, limit=ARTICLE_LIMIT)
        except BadInput as error:
            yield Unreadable(path, str(error))
            return
        counts.bytes_read += len(data)
        yield Source(path, "file", data, path, size=len(data))
    else:
        counts.other_files += 1


def _json_lines(path: str, counts: SourceCounts) -> Iterator[Source | Unreadable]:
    lines = TextLines(path, what="article records (JSON Lines)")
    before = counts.bytes_read
    try:
        for number, line in lines:
            counts.bytes_read = before + lines.done
            if line.strip():
                yield Source(f"{path}:{number}", "record", line, path, size=len(line))
    except BadInput as error:
        yield Unreadable(path, str(error))


def _json_file(path: str, counts: SourceCounts) -> Iterator[Source | Unreadable]:
    import json

    try:
        data = read_bytes(path, limit=ARTICLE_LIMIT)
        counts.bytes_read += len(data)
        loaded = json.loads(data)
    except BadInput as error:
        yield Unreadable(path, str(error))
        return
    except ValueError as error:  # JSONDecodeError, or bytes that are not UTF-8
        yield Unreadable(path, f"not JSON ({error}); give one record or a list of records")
        return
    records = loaded if isinstance(loaded, list) else [loaded]
    digest = hashlib.sha256(data).hexdigest()  # the file's: its records have no bytes of their own
    for number, record in enumerate(records, 1):
        origin = path if len(records) == 1 and not isinstance(loaded, list) else f"{path}#{number}"
        yield Source(origin, "record", json.dumps(record), path, original_sha256=digest)


def _warc(path: str, counts: SourceCounts) -> Iterator[Source | Unreadable]:
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:
        yield Unreadable(
            path, "reading WARC files needs HTML support: pip install 'quoteprov[html]'"
        )
        return
    try:
        stream = open(path, "rb")  # noqa: SIM115 (closed below, also when the walk stops)
    except OSError as error:
        yield Unreadable(path, f"cannot read ({error.strerror}); check the file")
        return
    try:
        for number, record in enumerate(ArchiveIterator(stream), 1):
            counts.bytes_read = stream.tell()
            if record.rec_type != "response" or record.http_headers is None:
                counts.other_records += 1
                continue
            status = record.http_headers.get_statuscode()
            kind = (record.http_headers.get_header("Content-Type") or "").lower()
            if status != "200" or "html" not in kind:
                counts.other_records += 1
                continue
            payload = record.content_stream().read(ARTICLE_LIMIT + 1)
            url = record.rec_headers.get_header("WARC-Target-URI")
            origin = f"{path}#{number}"
            if len(payload) > ARTICLE_LIMIT:
                yield Unreadable(origin, "the page is over 50 MB, more than an article")
                continue
            date = record.rec_headers.get_header("WARC-Date")
            meta = {"url": url, "captured": date}
            yield Source(origin, "page", payload, path, meta=meta, size=len(payload))
    except ArchiveLoadFailed as error:
        yield Unreadable(path, f"not a WARC file ({error}); check the file")
    finally:
        stream.close()
