"""``prov ingest`` of many articles: progress, the summary, and the failures file."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import IO

import click

from provenance.cli.context import ProvContext


def ingest_many(
    prov: ProvContext,
    paths: Sequence[str],
    *,
    recursive: bool,
    extract: bool,
    jobs: int | None,
    failures: str | None,
    outlet: str | None,
    published: str | None,
    authors: Sequence[str],
    actor: str | None,
) -> None:
    from provenance.cli.progress import Progress
    from provenance.documents.corpus import Defaults, Failure, IngestReport, ingest_corpus
    from provenance.documents.ingest import parse_date
    from provenance.documents.pipeline import default_jobs
    from provenance.documents.sources import SourceCounts, check_paths, find_sources
    from provenance.store.history import default_actor

    parse_date(published)  # a bad --published is said before anything is read
    check_paths(paths)
    counts = SourceCounts()
    report = IngestReport(passed_over=counts)
    total = _total_size(paths, recursive)
    path = failures or dt.datetime.now().strftime("prov-ingest-failures-%Y%m%d-%H%M%S.jsonl")
    stream: IO[str] | None = None

    def failed(failure: Failure) -> None:
        nonlocal stream
        if stream is None:
            stream = open(path, "w", encoding="utf-8")  # noqa: SIM115 (closed below)
        stream.write(
            json.dumps({"source": failure.origin, "reason": failure.reason}, ensure_ascii=False)
            + "\n"
        )

    database = prov.database()
    try:
        with Progress("ingesting", unit="B") as progress:
            ingest_corpus(
                database,
                find_sources(paths, recursive=recursive, counts=counts),
                actor=actor or default_actor(),
                extract=extract,
                jobs=jobs or default_jobs(),
                defaults=Defaults(outlet, published, tuple(authors)),
                failed=failed,
                progress=lambda r: progress.update(
                    counts.bytes_read, total, r.stored + r.duplicates + r.failures
                ),
                report=report,
            )
    finally:
        if stream is not None:
            stream.close()
    click.echo(report.summary())
    if report.failures:
        click.echo(f"the {report.failures} failure(s), each with its reason: {path}", err=True)


def _total_size(paths: Sequence[str], recursive: bool) -> int | None:
    """The bytes to read, for progress (``None`` when a folder is too big to add up fast)."""
    import contextlib
    import os

    total = 0
    seen = 0
    for path in paths:
        if os.path.isfile(path):
            total += os.path.getsize(path)
            continue
        for root, folders, files in os.walk(path):
            if not recursive:
                folders.clear()
            for name in files:
                seen += 1
                if seen > 200_000:
                    return None
                with contextlib.suppress(OSError):  # gone since, or unreadable: said later
                    total += os.path.getsize(os.path.join(root, name))
    return total
