"""``prov demo``: the main job on the seed corpus, start to finish, in a few seconds."""

from __future__ import annotations

import click

from provenance.cli.context import ProvContext, pass_prov


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
@pass_prov
def demo_command(prov: ProvContext, out_dir: str) -> None:
    """Load the seed article and show what prov does with it.

    Creates the database (./prov.db unless --db says otherwise), loads the
    annotated seed article, and shows who said "deconfliction", how strongly each
    source is identified, and exactly where.

    \b
    Example:
      prov demo && prov search "deconfliction"
    """
    from sqlalchemy import select

    from provenance.history import default_actor
    from provenance.models import Attribution
    from provenance.seed import load_seed

    database = prov.database()
    shown = database.display_name
    click.secho(f"prov demo: database {shown}", bold=True)
    with database.session() as session:
        document, created = load_seed(session, actor=default_actor())
        attributions = list(document.attributions)
        sourced = [a for a in attributions if a.strength != "unattributed"]
        click.echo(
            f"{'loaded' if created else 'found'} the seed article as document {document.id}: "
            f"{document.title!r} ({document.outlet.name if document.outlet else '?'}, "
            f"{document.published}), {len(sourced)} sourced attributions, "
            f"{len(attributions) - len(sourced)} unattributed assertions"
        )
        _heading('Attributions that mention "deconfliction"')
        hits = session.scalars(
            select(Attribution)
            .where(
                Attribution.document_id == document.id,
                Attribution.content_exact.contains("deconfliction"),
                Attribution.strength != "unattributed",
            )
            .order_by(Attribution.content_start)
        ).all()
        for a in hits:
            speaker = a.speaker.name if a.speaker else "(reporter)"
            click.echo(
                f"  #{a.id} {click.style(speaker, bold=True)} · {a.strength} · {a.mode} "
                f"· [{a.content_start}, {a.content_end})"
            )
            click.echo(f"      {a.content_exact}")
    _heading("Verify: every span, hash and reference")
    from provenance.verify import verify

    with database.reading() as conn:
        problems = verify(conn)
    if problems:
        for problem in problems:
            click.echo(f"  {problem}")
    else:
        click.echo("  ok: every stored span still matches its article's text")
    click.echo()
    import shlex

    click.echo(f"Explore it: prov --db {shlex.quote(shown)} show {hits[0].id if hits else 1}")
