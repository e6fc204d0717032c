"""``prov export``: citation tables for reports, and standard formats for other tools."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from provenance.cli.context import ProvContext, pass_prov
from provenance.cli.filters import filter_options
from provenance.export import FORMAT_NAMES, FORMATS, Export

if TYPE_CHECKING:
    from provenance.attributions.filters import AttributionFilter


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


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_NAMES, case_sensitive=False),
    default="bundle",
    show_default=True,
    help=_format_help(),
)
@filter_options
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    help="Write to this file (atomically) instead of standard output.",
)
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
@pass_prov
def export_command(
    prov: ProvContext,
    fmt: str,
    out: str | None,
    force: bool,
    attribution_filter: AttributionFilter,
) -> None:
    """Export attributions as a citation table or in a format other tools read.

    The filters are those of search: --speaker, --strength, --doc ... Citation
    formats (csv, md, json, jsonl, html, latex, w3c, prov-json) carry one row per
    attribution kept. bundle is the lossless backup that prov import reads: it
    exports whole documents with all their attributions, so of the filters it
    honours only --doc (it warns about the others).

    \b
    Examples:
      prov export --doc 1 --format md
      prov export --format csv --out citations.csv
      prov export --speaker Fidan --strength on_record --format csv
      prov export --format bundle --out backup.jsonl
    """
    export_format = FORMATS[fmt.lower()]
    export_format.load()  # a missing optional library fails here, before any output
    if export_format.reads == "documents":
        ignored = _ignored_by_bundle(attribution_filter)
        if ignored:
            click.echo(
                f"warning: --format {export_format.name} exports whole documents; "
                f"ignoring {', '.join(ignored)} (only --doc applies)",
                err=True,
            )
    with prov.database().session(write=False) as session:
        export = Export(session, export_format.name, attribution_filter)
        if out:
            from provenance.export.outfiles import write_atomically

            write_atomically(out, export, force=force, protect=prov.database().files())
        else:
            for chunk in export:
                click.echo(chunk, nl=False)
    noun = "document" if export_format.reads == "documents" else "attribution"
    if out:
        click.echo(f"wrote {export.count} {noun}(s) to {out}", err=True)
    elif export.count == 0:
        click.echo(f"no {noun} matches these filters", err=True)
