"""``prov init`` and ``prov seed``: creating a database and loading the seed corpus."""

from __future__ import annotations

import click

from provenance.cli.context import ProvContext, pass_prov


@click.command("init")
@pass_prov
def init_command(prov: ProvContext) -> None:
    """Create a database, or upgrade one made by an older prov.

    \b
    Example:
      prov --db newsroom.db init
      prov --db postgresql://postgres@127.0.0.1/prov init
    """
    from provenance.schema_version import HEAD

    database = prov.database()  # opening creates or upgrades
    click.echo(f"{_shown(database.url)} is at schema revision {HEAD}")


@click.command("seed")
@click.option("--by", "actor", help="Who is recording this (default: the OS user).")
@pass_prov
def seed_command(prov: ProvContext, actor: str | None) -> None:
    """Load the seed corpus (an annotated FT article); running it twice changes nothing.

    \b
    Example:
      prov seed
    """
    from provenance.history import default_actor
    from provenance.seed import load_seed

    with prov.database().session() as session:
        document, created = load_seed(session, actor=actor or default_actor())
        count = len(document.attributions)
        verb = "loaded" if created else "already present:"
        click.echo(f"seed {verb} document {document.id} with {count} attributions")


def _shown(url: str) -> str:
    return url.split("@")[-1] if "@" in url else url.removeprefix("sqlite:///")
