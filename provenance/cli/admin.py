"""``prov init`` and ``prov seed``: creating a database and loading the seed corpus."""

from __future__ import annotations

import click

from provenance.cli.context import ID, ProvContext, pass_prov
from provenance.cli.output import emit, output_options


@click.command("init")
@pass_prov
def init_command(prov: ProvContext) -> None:
    """Create a database, or upgrade one made by an older prov.

    \b
    Example:
      prov --db newsroom.db init
      prov --db postgresql://postgres@127.0.0.1/prov init
    """
    database = prov.database(create=True)  # opening creates or upgrades
    if database.created:
        click.echo(f"created the database {database.display_name}")
    click.echo(f"ready: {database.display_name} holds prov's current tables")


@click.command("seed")
@click.option("--by", "actor", help="Who is recording this (default: the OS user).")
@pass_prov
def seed_command(prov: ProvContext, actor: str | None) -> None:
    """Load the seed corpus (an annotated FT article); running it twice changes nothing.

    \b
    Example:
      prov seed
    """
    from provenance.interchange.seed import load_seed
    from provenance.store.history import default_actor

    with prov.database().session() as session:
        document, created = load_seed(session, actor=actor or default_actor())
        count = len(document.attributions)
        verb = "loaded" if created else "already present:"
        click.echo(f"seed {verb} document {document.id} with {count} attributions")


@click.command("verify")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--quick",
    is_flag=True,
    help="Leave out what hashes every byte (texts, the history chain); "
    "SQLite's quick_check instead of integrity_check.",
)
@pass_prov
def verify_command(prov: ProvContext, fmt: str, quick: bool) -> None:
    """Check every span against its text, every hash and every foreign key, the file
    itself, the schema's triggers and indexes, and the history's hash chain.

    Exit status 0 when everything holds, 1 when anything does not (each bad row is
    listed). Catches a database edited behind prov's back.

    \b
    Example:
      prov verify && echo "all spans hold"
    """
    import json

    from sqlalchemy import func, select

    from provenance.store.models import Attribution, Document
    from provenance.store.verify import verify

    database = prov.database()
    with database.reading() as conn:
        problems = verify(conn, quick=quick)
        documents = conn.execute(select(func.count()).select_from(Document)).scalar()
        attributions = conn.execute(select(func.count()).select_from(Attribution)).scalar()
    if fmt == "json":
        click.echo(json.dumps([p.__dict__ for p in problems], indent=2, ensure_ascii=False))
    elif not problems:
        left_out = ""
        if database.read_only and database.is_sqlite:
            left_out = " (read-only: FTS5's own check of the search index, which writes, left out)"
        click.echo(
            f"ok: {documents} document(s), {attributions} attribution(s); every hash, span "
            f"and reference holds{left_out}"
        )
    else:
        for problem in problems:
            click.echo(str(problem))
        click.echo(f"{len(problems)} problem(s) found", err=True)
    if problems:
        raise SystemExit(1)


@click.command("history")
@click.option(
    "--entity",
    type=click.Choice(["document", "speaker", "attribution"]),
    help="Only changes to this kind of row.",
)
@click.option("--id", "entity_id", type=ID, help="With --entity: only this row.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@output_options
@pass_prov
def history_command(
    prov: ProvContext, entity: str | None, entity_id: int | None, limit: int, fmt: str
) -> None:
    """The change history, newest first: who changed what, when, and how.

    \b
    Examples:
      prov history
      prov history --entity attribution --id 12 --format json
    """
    import datetime as dt

    from sqlalchemy import select

    from provenance.store.models import Change

    if entity_id is not None and entity is None:
        raise click.UsageError("--id needs --entity")
    query = select(Change).order_by(Change.id.desc()).limit(limit)
    if entity:
        query = query.where(Change.entity == entity)
    if entity_id is not None:
        query = query.where(Change.entity_id == entity_id)
    with prov.database().session(write=False) as session:
        rows = [
            {
                "id": c.id,
                # stored in UTC, shown with its offset so that no reader takes it for
                # local time
                "at": c.at.replace(tzinfo=dt.UTC).isoformat(sep=" ", timespec="seconds"),
                "actor": c.actor,
                "action": c.action,
                "entity": c.entity,
                "entity_id": c.entity_id,
                "data": c.data,
            }
            for c in session.scalars(query)
        ]
    emit(rows, fmt, ["id", "at", "actor", "action", "entity", "entity_id", "data"])


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=str))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@pass_prov
def backup_command(prov: ProvContext, path: str, force: bool) -> None:
    """Copy the database to PATH while others go on writing.

    The copy is consistent (as of one moment), keeps ids, the history, revision links
    and timestamps, is checked before it is put in place, and opens with --db PATH.
    SQLite only: for PostgreSQL the message gives the pg_dump command.

    \b
    Example:
      prov backup backups/prov-2026-12-03.db && prov --db backups/prov-2026-12-03.db verify
    """
    from provenance.store.backup import backup

    made = backup(prov.database(), path, force=force)
    click.echo(
        f"backed up {made.documents} document(s), {made.attributions} attribution(s) and "
        f"{made.changes} history entries to {made.path} ({made.size / 1e6:.1f} MB)"
    )
