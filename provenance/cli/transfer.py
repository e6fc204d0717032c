"""``prov import`` and ``prov export``: bundles in and out."""

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
    from provenance.bundle import import_bundle
    from provenance.documents import read_article
    from provenance.history import default_actor

    content = read_article(file)
    name = "standard input" if file == "-" else file
    with prov.database().session() as session:
        report = import_bundle(
            session, content.splitlines(), filename=name, actor=actor or default_actor()
        )
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(report.summary())


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["bundle"]), default="bundle", show_default=True)
@click.option(
    "--doc", "documents", type=int, multiple=True, help="Only this document (repeatable)."
)
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file (atomically).")
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
@pass_prov
def export_command(
    prov: ProvContext, fmt: str, documents: tuple[int, ...], out: str | None, force: bool
) -> None:
    """Export documents and their attributions.

    \b
    Example:
      prov export --format bundle --out backup.jsonl
    """
    from provenance.bundle import bundle_lines
    from provenance.outfiles import write_atomically

    with prov.database().session() as session:
        lines = [line + "\n" for line in bundle_lines(session, documents or None)]
    if out:
        write_atomically(out, lines, force=force)
        click.echo(f"wrote {len(lines)} document(s) to {out}", err=True)
    else:
        click.echo("".join(lines), nl=False)
