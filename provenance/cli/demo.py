"""``prov demo``: the main job on the seed corpus, start to finish, in a few seconds."""

from __future__ import annotations

from pathlib import Path

import click

from provenance.cli.context import ProvContext


def _heading(text: str) -> None:
    click.echo()
    click.secho(f"── {text}", bold=True)


@click.command("demo")
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False),
    default="prov-demo",
    show_default=True,
    help="Where the demo writes its citation table.",
)
@click.pass_context
def demo_command(ctx: click.Context, out_dir: str) -> None:
    """Load the seed article and show what prov does with it.

    Creates the database (./prov.db unless --db says otherwise), loads the
    annotated seed article, searches it for "deconfliction", audits its unnamed
    sourcing, writes a citation table and verifies every span. Safe to run again.

    \b
    Example:
      prov demo && prov search "buffer zone"
    """
    import shlex

    from provenance.cli.audit import audit_command
    from provenance.cli.export import export_command
    from provenance.cli.search import search_command
    from provenance.interchange.seed import load_seed
    from provenance.store.history import default_actor
    from provenance.store.verify import verify

    prov: ProvContext = ctx.obj
    database = prov.database()
    shown = database.display_name
    click.secho(f"prov demo: database {shown}", bold=True)
    with database.session() as session:
        document, created = load_seed(session, actor=default_actor())
        attributions = list(document.attributions)
        sourced = [a for a in attributions if a.strength != "unattributed"]
        doc_id = document.id
        click.echo(
            f"{'loaded' if created else 'found'} the seed article as document {doc_id}: "
            f"{document.title!r} ({document.outlet.name if document.outlet else '?'}, "
            f"{document.published}), {len(sourced)} sourced attributions, "
            f"{len(attributions) - len(sourced)} unattributed assertions"
        )

    _heading('prov search "deconfliction": who said it, how strongly sourced, where')
    ctx.invoke(search_command, query=("deconfliction",), documents=(doc_id,))

    _heading(f"prov audit --doc {doc_id}: how much rests on unnamed sources")
    ctx.invoke(audit_command, documents=(doc_id,))

    _heading("prov export --format md: a citation table")
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    table = folder / "citations.md"
    ctx.invoke(
        export_command, fmt="md", out=str(table), force=True, documents=(doc_id,), named=None
    )

    _heading("prov verify: every span, hash and reference")
    with database.reading() as conn:
        problems = verify(conn)
    for problem in problems:
        click.echo(f"  {problem}")
    if not problems:
        click.echo("ok: every stored span still matches its article's text")

    click.echo()
    db = shlex.quote(shown)
    click.echo(f"Explore it:  prov --db {db} speaker show Fidan")
    click.echo(f"             prov --db {db} search Erdogan --format json")
    if problems:
        raise SystemExit(1)
