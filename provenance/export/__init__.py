"""Exports: citation tables people paste into a report, and formats other tools read.

This package's ``__init__`` is only the registry: the names of the formats and where
each writer lives. A writer's module is imported when its format is asked for, so
listing the formats (``prov export --help``) costs nothing, and ``prov search``
never imports any of this.

Every citation writer takes :class:`~provenance.export.citations.Citation` objects
and yields text chunks, so an export streams to a file or standard output without
holding the whole output in memory (``prov-json`` excepted: the ``prov`` library
builds its document in memory). ``bundle`` is the one format that reads whole
documents instead of citations: it is the lossless backup that ``prov import`` reads.

From Python (no Click involved)::

    with Database("prov.db").session() as session:
        table = "".join(Export(session, "md", AttributionFilter(documents=[1])))
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from provenance.errors import BadInput

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from provenance.attributions.filters import AttributionFilter

__all__ = ["FORMATS", "FORMAT_NAMES", "Export", "ExportFormat", "Writer"]

Writer = Callable[..., Iterator[str]]
"""A citation writer takes an iterable of citations; the bundle writer takes a
session and document ids. Both yield text."""


class ExportFormat(NamedTuple):
    """One export format: its name, what it reads, and the function that writes it."""

    name: str
    writer: str
    """``"module:function"``; imported by :meth:`load`."""
    summary: str
    reads: Literal["citations", "documents"] = "citations"
    requires: str | None = None
    """A library the writer imports that prov may be installed without (its
    distribution and module have this one name)."""
    names_agents: bool = False
    """Whether the writer names who reviewed each proposal (read from the history)."""

    def load(self) -> Writer:
        """Import the writer; a missing optional library becomes a :class:`BadInput`
        that says what to install."""
        module_name, function = self.writer.split(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            if self.requires and exc.name and exc.name.split(".")[0] == self.requires:
                raise BadInput(
                    f"{{format}} {self.name} needs the {self.requires!r} library, which is "
                    f"not installed; install it with: pip install {self.requires}",
                    format="the format",
                ) from None
            raise
        return getattr(module, function)


_FORMATS = (
    ExportFormat(
        "csv",
        "provenance.export.tabular:write_csv",
        "comma-separated values, safe to open in a spreadsheet",
    ),
    ExportFormat("md", "provenance.export.tabular:write_markdown", "a Markdown table"),
    ExportFormat("json", "provenance.export.tabular:write_json", "a JSON array of citations"),
    ExportFormat("jsonl", "provenance.export.tabular:write_jsonl", "one JSON citation a line"),
    ExportFormat(
        "html", "provenance.export.html:write_html", "a self-contained page, sortable by column"
    ),
    ExportFormat("latex", "provenance.export.latex:write_latex", "a LaTeX longtable"),
    ExportFormat(
        "bundle",
        "provenance.interchange.bundle_write:bundle_lines",
        "whole documents with all their attributions: the backup prov import reads",
        reads="documents",
    ),
    ExportFormat(
        "w3c",
        "provenance.export.w3c:write_annotations",
        "W3C Web Annotation JSON-LD, one annotation per attribution",
        names_agents=True,
    ),
    ExportFormat(
        "prov-json",
        "provenance.export.provjson:write_prov_json",
        "W3C PROV-JSON",
        requires="prov",
        names_agents=True,
    ),
)

FORMATS: dict[str, ExportFormat] = {f.name: f for f in _FORMATS}
FORMAT_NAMES: tuple[str, ...] = tuple(FORMATS)


class Export:
    """One export: iterate it for the output's text, then read :attr:`count`.

    ``count`` is the number of attributions written (documents, for ``bundle``,
    which of the filter honours only ``documents``). The session must stay open
    while the export is iterated: rows stream from the database.
    """

    def __init__(
        self,
        session: Session,
        name: str,
        attribution_filter: AttributionFilter | None = None,
        *,
        batch_rows: int | None = None,
    ):
        if name not in FORMATS:
            raise BadInput(f"no export format {name!r}; choose one of {', '.join(FORMATS)}")
        self.format = FORMATS[name]
        self.writer = self.format.load()
        self.session = session
        self.attribution_filter = attribution_filter
        self.batch_rows = batch_rows
        """Rows read from the database at a time (citation formats); ``None``, the
        default of :func:`~provenance.export.citations.load_citations`."""
        self.count = 0

    def expected(self) -> int:
        """How many items (attributions, or documents for ``bundle``) the export will
        write: one count in the database, for a progress bar."""
        from sqlalchemy import func, select

        from provenance.store.models import Attribution, Document

        if self.format.reads == "documents":
            documents = self.attribution_filter.documents if self.attribution_filter else ()
            query = select(func.count()).select_from(Document)
            if documents:
                query = query.where(Document.id.in_(documents))
            return int(self.session.scalar(query) or 0)
        from provenance.attributions.filters import AttributionFilter

        chosen = self.attribution_filter or AttributionFilter()
        counted = chosen.apply(select(Attribution.id)).subquery()
        return int(self.session.scalar(select(func.count()).select_from(counted)) or 0)

    def _counted(self, items: Iterable[Any]) -> Iterator[Any]:
        for item in items:
            self.count += 1
            yield item

    def __iter__(self) -> Iterator[str]:
        if self.format.reads == "documents":
            documents = self.attribution_filter.documents if self.attribution_filter else ()
            for line in self._counted(self.writer(self.session, documents or None)):
                yield line + "\n"
            return
        from provenance.export.citations import load_citations

        batching = {} if self.batch_rows is None else {"batch_rows": self.batch_rows}
        citations = load_citations(
            self.session,
            self.attribution_filter,
            reviewers=self.format.names_agents,
            **batching,
        )
        yield from self.writer(self._counted(citations))
