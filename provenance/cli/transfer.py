"""``prov import``: bundles in (``prov export`` is in :mod:`provenance.cli.export`)."""

from __future__ import annotations

import click

from provenance.cli.context import ProvContext, pass_prov


@click.command("import")
@click.argument("file", metavar="FILE.jsonl")
@click.option("--by", "actor", help="Who is recording this (default: the OS user).")
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    help="Processes reading the bundle (default: the cores, for a file over 8 MB).",
)
@pass_prov
def import_command(prov: ProvContext, file: str, actor: str | None, jobs: int | None) -> None:
    """Import a bundle (JSON Lines, one document a line).

    Every line is checked first: a bad line anywhere imports nothing. Documents are
    then stored in batches, each document whole; a text already stored (same
    SHA-256) gains only the attributions it lacks, so importing twice is safe and an
    interrupted import is finished by running it again.

    \b
    Example:
      prov import backup.jsonl
    """
    from provenance.cli.progress import Progress
    from provenance.documents.files import TextLines
    from provenance.documents.pipeline import default_jobs
    from provenance.interchange.bundle_load import check_bundle, load_bundle
    from provenance.store.history import default_actor

    lines = TextLines(file, what="bundle lines (JSON Lines)")
    if jobs is None:
        jobs = default_jobs() if (lines.size or 0) > 8_000_000 else 1
    try:
        with Progress("checking", unit="B", items="lines") as progress:
            check_bundle(progress.follow(lines), lines.name, jobs=jobs)
        database = prov.database()
        with Progress("importing", unit="B") as progress:
            report = load_bundle(
                database,
                lines,
                filename=lines.name,
                actor=actor or default_actor(),
                progress=progress.update,
                done=lambda: (lines.done, lines.size),
                jobs=jobs,
            )
    finally:
        lines.close()
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    if report.notes_left_out:
        click.echo(f"note: and {report.notes_left_out} more", err=True)
    click.echo(report.summary())
