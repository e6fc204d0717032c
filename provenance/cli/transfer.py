"""``prov import``: bundles in (``prov export`` is in :mod:`provenance.cli.export`)."""

from __future__ import annotations

import click

from provenance.cli.context import ProvContext, pass_prov


@click.command("import")
@click.argument("file", metavar="FILE.jsonl")
@click.option("--by", "actor", help="Who is recording this (default: the OS user).")
@pass_prov
def import_command(prov: ProvContext, file: str, actor: str | None) -> None:
    """Import a bundle (JSON Lines, one document a line), all or nothing.

    A document already stored (same text) is skipped, so importing twice is safe.

    \b
    Example:
      prov import backup.jsonl
    """
    from provenance.documents.files import read_text_file
    from provenance.interchange.bundle_read import import_bundle
    from provenance.store.history import default_actor

    content = read_text_file(file, what="bundle lines (JSON Lines)", allow_empty=True)
    name = "standard input" if file == "-" else file
    with prov.database().session() as session:
        report = import_bundle(
            session, content.split("\n"), filename=name, actor=actor or default_actor()
        )
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(report.summary())
