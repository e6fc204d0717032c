"""``prov export``: citation tables for reports, and standard formats for other tools."""

from __future__ import annotations

import contextlib
import itertools
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

import click

from provenance.cli.context import ProvContext, message, pass_prov
from provenance.cli.filters import filter_options
from provenance.export import FORMAT_NAMES, FORMATS, Export

if TYPE_CHECKING:
    from provenance.attributions.filters import AttributionFilter
    from provenance.errors import BadInput


def _format_help() -> str:
    return "; ".join(f"{f.name}: {f.summary}" for f in FORMATS.values())


# the filter's fields, as the options that set them
_OPTION_OF_FIELD = {
    "speaker": "--speaker",
    "strengths": "--strength",
    "named": "--named/--unnamed",
    "modes": "--mode",
    "outlet": "--outlet",
    "since": "--since",
    "until": "--until",
    "statuses": "--status",
}


def _ignored_by_bundle(attribution_filter: AttributionFilter) -> list[str]:
    """The filter options given that a bundle does not honour (all but --doc)."""
    from provenance.attributions.filters import AttributionFilter

    default = AttributionFilter()
    ignored = []
    for field, option in _OPTION_OF_FIELD.items():
        value, unset = getattr(attribution_filter, field), getattr(default, field)
        if isinstance(value, list | tuple):
            value, unset = tuple(value), tuple(unset)
        if value != unset:
            ignored.append(option)
    return ignored


# what --out's extension says when --format is not given
FORMAT_OF_SUFFIX = {
    ".csv": "csv",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".tex": "latex",
    ".jsonld": "w3c",
}
# the terminal table: fixed widths but the quote's, which takes the rest of the line
TERMINAL_COLUMNS = ("id", "doc", "speaker", "strength", "status", "quote")
TERMINAL_WIDTHS = (6, 5, 24, 19, 9, 0)
TERMINAL_PAGE = 500


def _chosen_format(fmt: str | None, out: str | None) -> str | None:
    """The format asked for, or the one ``--out``'s extension names; ``None`` (the
    terminal table) with neither."""
    if fmt is not None:
        return fmt.lower()
    if out is None:
        return None
    from pathlib import Path

    suffix = Path(out).suffix.lower()
    if suffix not in FORMAT_OF_SUFFIX:
        raise click.UsageError(
            f"cannot tell the format from {out!r}; add --format (" + ", ".join(FORMAT_NAMES) + ")"
        )
    return FORMAT_OF_SUFFIX[suffix]


def _print_terminal_table(prov: ProvContext, attribution_filter: AttributionFilter) -> None:
    """The citation table for people at a terminal, a page of rows at a time."""
    from provenance.attributions.filters import unmatched_values
    from provenance.export.citations import load_citations

    count = 0
    page: list[dict[str, object]] = []
    with prov.database().session(write=False) as session:
        for citation in load_citations(session, attribution_filter):
            page.append(
                {
                    "id": citation.id,
                    "doc": citation.document.id,
                    "speaker": citation.speaker.name if citation.speaker else "(unattributed)",
                    "strength": citation.strength,
                    "status": citation.status,
                    "quote": citation.quote,
                }
            )
            if len(page) == TERMINAL_PAGE:
                click.echo(_page(page, first=count == 0), nl=False)
                count += len(page)
                page = []
        if page or count == 0:
            click.echo(_page(page, first=count == 0), nl=False)
            count += len(page)
        unmatched = [] if count else unmatched_values(session, attribution_filter)
    if count == 0:
        _say_nothing_matched("attribution", unmatched)
        return
    click.echo(
        f"{count} attribution(s); --format csv|md|html|... (or --out FILE.csv) for the "
        "full citation table with documents, spans and links",
        err=True,
    )


def _with_progress(
    stack: contextlib.ExitStack, export: Export, chunks: Iterator[str], noun: str
) -> Iterator[str]:
    """``chunks`` passed through, with a progress bar of the items written so far."""
    import time

    from provenance.cli.progress import Progress

    total = export.expected()
    bar = stack.enter_context(Progress("exporting", items=f"{noun}s"))
    shown = time.monotonic()
    for chunk in chunks:
        yield chunk
        now = time.monotonic()
        if now - shown >= 0.1:  # a redraw every tenth of a second is enough
            shown = now
            bar.update(export.count, total, export.count)
    bar.update(export.count, total, export.count)


def _say_nothing_matched(noun: str, unmatched: list[BadInput]) -> None:
    """Nothing was exported: say so, and which filter values name nothing stored."""
    click.echo(f"no {noun} matches these filters", err=True)
    for problem in unmatched:
        click.echo(message(problem), err=True)


def _page(rows: list[dict[str, object]], *, first: bool) -> str:
    from provenance.cli.output import render_table

    return render_table(rows, TERMINAL_COLUMNS, wrap="quote", widths=TERMINAL_WIDTHS, header=first)


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_NAMES, case_sensitive=False),
    default=None,
    help=_format_help()
    + ". Default: the one --out's extension names (.csv, .md, .json, .jsonl, .html, "
    ".tex, .jsonld for w3c), or without --out a citation table for the terminal.",
)
@filter_options
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    help="Write to this file (atomically) instead of standard output.",
)
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
@click.option(
    "--excel",
    is_flag=True,
    help="With csv: start with a byte-order mark, so that spreadsheets read it as "
    "UTF-8 (curly quotes, accents).",
)
@pass_prov
def export_command(
    prov: ProvContext,
    fmt: str | None,
    out: str | None,
    force: bool,
    excel: bool,
    attribution_filter: AttributionFilter,
) -> None:
    """Export attributions as a citation table or in a format other tools read.

    The filters are those of search: --speaker, --strength, --doc, --status ...
    Citation formats (csv, md, json, jsonl, html, latex, w3c, prov-json) carry one
    row per attribution kept, with its review status. bundle is the lossless backup
    that prov import reads: it exports whole documents with all their attributions,
    so of the filters it honours only --doc (it warns about the others).

    \b
    Examples:
      prov export --doc 1                   # a citation table on the terminal
      prov export --doc 1 --format md
      prov export --out citations.csv --excel
      prov export --status confirmed --format csv
      prov export --speaker Fidan --strength on_record --format csv
      prov export --format bundle --out backup.jsonl
    """
    chosen = _chosen_format(fmt, out)
    if excel and chosen != "csv":
        raise click.UsageError("--excel writes a byte-order mark for csv; add --format csv")
    if chosen is None:
        _print_terminal_table(prov, attribution_filter)
        return
    export_format = FORMATS[chosen]
    export_format.load()  # a missing optional library fails here, before any output
    if export_format.reads == "documents":
        ignored = _ignored_by_bundle(attribution_filter)
        if ignored:
            click.echo(
                f"warning: --format {export_format.name} exports whole documents; "
                f"ignoring {', '.join(ignored)} (only --doc applies)",
                err=True,
            )
    from provenance.attributions.filters import unmatched_values

    noun = "document" if export_format.reads == "documents" else "attribution"
    with prov.database().session(write=False) as session, contextlib.ExitStack() as stack:
        export = Export(session, export_format.name, attribution_filter)
        chunks = itertools.chain(["\ufeff"], export) if excel else iter(export)
        if sys.stderr.isatty() and (out or not sys.stdout.isatty()):
            # a bar on the terminal, never in the output (a file, or a pipe)
            chunks = _with_progress(stack, export, chunks, noun)
        if out:
            from provenance.export.outfiles import write_atomically

            write_atomically(out, chunks, force=force, protect=prov.database().files())
        else:
            for chunk in chunks:
                click.echo(chunk, nl=False)
        unmatched = [] if export.count else unmatched_values(session, attribution_filter)
    if out:
        click.echo(f"wrote {export.count} {noun}(s) to {out}", err=True)
    elif export.count == 0:
        _say_nothing_matched(noun, unmatched)
