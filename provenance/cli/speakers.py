"""``prov speakers`` and ``prov speaker ...``: who is cited, and keeping that tidy."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

from provenance.cli.context import ID, ProvContext, pass_prov
from provenance.cli.output import emit, output_options

T = TypeVar("T")


@click.command("speakers")
@click.option("--type", "speaker_type", type=click.Choice(["person", "organization", "unnamed"]))
@click.option(
    "--all",
    "unused",
    is_flag=True,
    help="Also speakers with no attribution left (all rejected, or moved by a merge).",
)
@output_options
@pass_prov
def speakers_command(prov: ProvContext, speaker_type: str | None, unused: bool, fmt: str) -> None:
    """List speakers: type, usual strength class, attributions and documents.

    Speakers left with no attribution are not listed unless --all asks for them.

    \b
    Example:
      prov speakers --type person
    """
    from provenance.speakers.report import speaker_table

    with prov.database().session(write=False) as session:
        rows = speaker_table(session, speaker_type=speaker_type)
    hidden = 0
    if not unused:
        hidden = sum(1 for row in rows if not row["attributions"])
        rows = [row for row in rows if row["attributions"]]
    emit(
        rows,
        fmt,
        ["id", "speaker", "type", "strength", "attributions", "documents", "scope", "aliases"],
        table_columns=["id", "speaker", "type", "strength", "attributions", "documents"],
    )
    if hidden and fmt == "table":
        click.echo(
            f"({hidden} speaker(s) with no attributions not shown; --all lists them)", err=True
        )


@click.group("speaker")
def speaker_group() -> None:
    """Look at one speaker, give it aliases, merge duplicates, link offices to holders.

    \b
    Examples:
      prov speaker show Erdogan
      prov speaker merge "H. Fidan" "Hakan Fidan"
    """


def _doc_option(f: Callable[..., T]) -> Callable[..., T]:
    return click.option(
        "--doc", "doc_id", type=ID, help="For an unnamed source: the document it belongs to."
    )(f)


@speaker_group.command("show")
@click.argument("name")
@_doc_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_prov
def show_command(prov: ProvContext, name: str, doc_id: int | None, fmt: str) -> None:
    """Show a speaker (found by any name or alias) and every attribution to it.

    \b
    Example:
      prov speaker show Erdogan
    """
    import json

    from provenance.speakers.directory import require_speaker
    from provenance.speakers.report import speaker_profile

    with prov.database().session(write=False) as session:
        speaker = require_speaker(session, name, document_id=doc_id)
        profile = speaker_profile(session, speaker)
    if fmt == "json":
        click.echo(json.dumps(profile, ensure_ascii=False, indent=2, default=str))
        return
    from provenance.cli.output import terminal_text

    click.secho(terminal_text(profile["name"]), bold=True)
    for key in ("type", "description", "scope", "holder"):
        if profile.get(key):
            click.echo(f"  {key}: {terminal_text(str(profile[key]))}")
    for key in ("aliases", "offices", "merged_from"):
        if profile.get(key):
            click.echo(f"  {key}: {terminal_text(', '.join(profile[key]))}")
    live = [a for a in profile["attributions"] if a["status"] != "rejected"]
    rejected = len(profile["attributions"]) - len(live)
    extra = f" (and {rejected} rejected)" if rejected else ""
    click.echo(f"  attributions: {len(live)}{extra}")
    for a in profile["attributions"]:
        status = "" if a["status"] == "confirmed" else f" · {a['status']}"
        click.echo(
            f"    #{a['id']} doc {a['document']} · {a['strength']} · {a['mode']}{status}: "
            f"{terminal_text(a['text'])}"
        )


@speaker_group.command("alias")
@click.argument("name")
@click.argument("alias")
@click.option("--by", "actor", help="Who is recording this (default: the OS user).")
@pass_prov
def alias_command(prov: ProvContext, name: str, alias: str, actor: str | None) -> None:
    """Give a speaker another name it is written as.

    \b
    Example:
      prov speaker alias "Hakan Fidan" "Turkish Foreign Minister Hakan Fidan"
    """
    from provenance.speakers.directory import alias_speaker, require_speaker
    from provenance.store.history import default_actor

    with prov.database().session() as session:
        speaker = require_speaker(session, name)
        if not alias_speaker(session, speaker, alias, actor=actor or default_actor()):
            click.echo(f"{speaker.name} is already known as {alias!r}")
            return
        click.echo(f"{speaker.name}: alias {alias!r} added")


@speaker_group.command("merge")
@click.argument("source")
@click.argument("target")
@_doc_option
@click.option(
    "--across-types",
    is_flag=True,
    help="Allow merging speakers of two types (a person and an organisation).",
)
@click.option("--by", "actor", help="Who is recording this (default: the OS user).")
@pass_prov
def merge_command(
    prov: ProvContext,
    source: str,
    target: str,
    doc_id: int | None,
    across_types: bool,
    actor: str | None,
) -> None:
    """Merge SOURCE into TARGET: one speaker, recorded in the history, reversible.

    Both are named exactly (a name or an alias; case and accents fold): a merge moves
    attributions, so a near miss is refused with "did you mean", never guessed. Two
    speakers of different types are refused too, without --across-types.

    \b
    Example:
      prov speaker merge "H. Fidan" "Hakan Fidan"
      prov speaker unmerge "H. Fidan"          # undoes it
    """
    from provenance.speakers.directory import require_speaker
    from provenance.speakers.merging import merge_speakers
    from provenance.store.history import default_actor

    with prov.database().session() as session:
        left = require_speaker(session, source, document_id=doc_id, exact=True)
        right = require_speaker(session, target, document_id=doc_id, exact=True)
        change = merge_speakers(
            session, left, right, actor=actor or default_actor(), across_types=across_types
        )
        moved = len(change.data["attributions"])
        click.echo(f"merged {left.name!r} into {right.name!r}: {moved} attribution(s) moved")


@speaker_group.command("unmerge")
@click.argument("name")
@_doc_option
@click.option("--by", "actor", help="Who is recording this (default: the OS user).")
@pass_prov
def unmerge_command(prov: ProvContext, name: str, doc_id: int | None, actor: str | None) -> None:
    """Undo a merge, from the history: the speaker and its attributions come back.

    An unnamed source of that name merged in several documents: --doc picks which
    (without it, the latest merge).

    \b
    Example:
      prov speaker unmerge "H. Fidan"
    """
    from sqlalchemy import select

    from provenance.errors import NotFound
    from provenance.speakers.merging import unmerge_speaker
    from provenance.store.history import default_actor
    from provenance.store.models import Speaker
    from provenance.text.folding import fold_key

    with prov.database().session() as session:
        query = select(Speaker).where(
            Speaker.key == fold_key(name), Speaker.merged_into_id.is_not(None)
        )
        if doc_id is not None:
            query = query.where(Speaker.document_id == doc_id)
        merged = session.scalar(query.order_by(Speaker.id.desc()).limit(1))
        if merged is None:
            where = f" in document {doc_id}" if doc_id is not None else ""
            raise NotFound(f"no merged speaker called {name!r}{where}")
        target = unmerge_speaker(session, merged, actor=actor or default_actor())
        click.echo(f"{merged.name!r} is its own speaker again (was merged into {target.name!r})")


@speaker_group.command("link")
@click.argument("office")
@click.option("--holder", required=True, help="The person who holds the office or role.")
@click.option("--by", "actor", help="Who is recording this (default: the OS user).")
@pass_prov
def link_command(prov: ProvContext, office: str, holder: str, actor: str | None) -> None:
    """Link an office (or a spokesperson's role) to the person who holds it.

    \b
    Example:
      prov speaker link "Israeli Prime Minister Benjamin Netanyahu's office" \\
          --holder "Benjamin Netanyahu"
    """
    from provenance.speakers.directory import link_holder, require_speaker
    from provenance.store.history import default_actor

    with prov.database().session() as session:
        office_row = require_speaker(session, office)
        holder_row = require_speaker(session, holder)
        link_holder(session, office_row, holder_row, actor=actor or default_actor())
        click.echo(f"{office_row.name} → held by {holder_row.name}")
