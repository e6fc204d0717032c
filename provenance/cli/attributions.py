"""``prov show``: one attribution with its spans in context."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from provenance.cli.context import ID, ProvContext, pass_prov
from provenance.cli.filters import STRENGTHS

if TYPE_CHECKING:
    from provenance.store.models import Attribution


def describe_attribution(attribution: Attribution) -> dict[str, Any]:
    """The fields a person needs to judge one attribution."""
    document = attribution.document
    speaker = attribution.speaker
    return {
        "id": attribution.id,
        "document": document.id,
        "title": document.title,
        "speaker": speaker.name if speaker else None,
        "speaker_type": speaker.type if speaker else None,
        "strength": attribution.strength,
        "mode": attribution.mode,
        "status": attribution.status,
        "content": attribution.content_exact,
        "source": attribution.source_exact,
        "cue": attribution.cue_exact,
        "start": attribution.content_start,
        "end": attribution.content_end,
        "recorded_by": attribution.recorded_by,
        "recorded_via": attribution.recorded_via,
    }


@click.command("show")
@click.argument("attribution_id", type=ID)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_prov
def show_command(prov: ProvContext, attribution_id: int, fmt: str) -> None:
    """Show one attribution: who, how strongly sourced, and the span in its sentence.

    \b
    Example:
      prov show 3
    """
    import json

    from provenance.attributions.recording import get_attribution
    from provenance.cli.output import span_in_context, terminal_text

    with prov.database().session(write=False) as session:
        attribution = get_attribution(session, attribution_id)
        row = describe_attribution(attribution)
        text = attribution.document.text
    if fmt == "json":
        click.echo(json.dumps(row, ensure_ascii=False, indent=2))
        return
    for key in (
        "id",
        "document",
        "title",
        "speaker",
        "speaker_type",
        "strength",
        "mode",
        "status",
        "source",
        "cue",
        "recorded_by",
        "recorded_via",
    ):
        if row[key] is not None:
            click.echo(f"{key:>13}: {terminal_text(str(row[key]))}")
    start, end = row["start"], row["end"]
    click.echo(f"{'span':>13}: [{start}, {end})")
    click.echo(f"{'in context':>13}: {span_in_context(text, start, end)}")


@click.command("add")
@click.option("--doc", "doc_id", type=ID, required=True, help="The document's id.")
@click.option(
    "--quote", required=True, help="The content, typed as you like (quotes, dashes fold)."
)
@click.option("--speaker", help="Who said it (name or alias); omit for the reporter's own claim.")
@click.option(
    "--speaker-type",
    type=click.Choice(["person", "organization", "unnamed"]),
    help="For a new speaker (default: classified from --source or --speaker).",
)
@click.option(
    "--strength",
    type=click.Choice(STRENGTHS),
    help="Sourcing strength (default: classified from the source mention).",
)
@click.option(
    "--mode", type=click.Choice(["direct", "mixed", "indirect"]), help="Default: inferred."
)
@click.option("--source", help='The source mention as written, e.g. "a Turkish defence official".')
@click.option("--cue", help='The cue, e.g. "said", "told", "according to".')
@click.option("--occurrence", type=ID, help="Which occurrence of the quote (1-based).")
@click.option("--by", "actor", help="Who is recording this (default: the OS user).")
@pass_prov
def add_command(
    prov: ProvContext,
    doc_id: int,
    quote: str,
    speaker: str | None,
    speaker_type: str | None,
    strength: str | None,
    mode: str | None,
    source: str | None,
    cue: str | None,
    occurrence: int | None,
    actor: str | None,
) -> None:
    """Record an attribution by quoting the article; prints the new attribution's id.

    The quote is found as typed: straight or curly quotes, -, – and —, runs of spaces
    and no-break spaces all match; what is stored is the article's own text. The
    source mention and cue are looked for next to the quote.

    \b
    Example:
      prov add --doc 1 --quote 'it was "natural" Israel be added' \\
          --speaker "Hakan Fidan" --strength on_record --mode mixed --cue told
    """
    from provenance.attributions.by_quote import add_by_quote
    from provenance.documents.ingest import get_document
    from provenance.errors import AmbiguousQuote
    from provenance.store.history import default_actor

    with prov.database().session() as session:
        document = get_document(session, doc_id)
        try:
            added = add_by_quote(
                session,
                document,
                quote,
                actor=actor or default_actor(),
                speaker=speaker,
                speaker_type=speaker_type,
                strength=strength,
                mode=mode,
                source=source,
                cue=cue,
                occurrence=occurrence,
            )
        except AmbiguousQuote as exc:
            for line in exc.snippets():
                click.echo(f"  {line}", err=True)
            raise
        for note in added.notes:
            click.echo(f"note: {note}", err=True)
        click.echo(added.attribution.id)


@click.command("set-strength")
@click.argument("attribution_id", type=ID)
@click.argument(
    "strength",
    type=click.Choice(STRENGTHS),
)
@click.option("--by", "actor", help="Who is recording this (default: the OS user).")
@pass_prov
def set_strength_command(
    prov: ProvContext, attribution_id: int, strength: str, actor: str | None
) -> None:
    """Override the sourcing strength of one attribution (the history keeps the old one).

    \b
    Example:
      prov set-strength 12 anonymous_vague
    """
    from provenance.attributions.recording import get_attribution, set_strength
    from provenance.store.history import default_actor

    with prov.database().session() as session:
        attribution = get_attribution(session, attribution_id)
        old = attribution.strength
        changed = set_strength(session, attribution, strength, actor=actor or default_actor())
    click.echo(f"attribution {attribution_id}: {old} → {strength}" if changed else "unchanged")


def _decide_command(status: str, verb: str, help_text: str) -> click.Command:
    @click.command(verb, help=help_text)
    @click.argument("attribution_ids", type=ID, nargs=-1, required=True, metavar="ID...")
    @click.option("--by", "actor", help="Who is deciding (default: the OS user).")
    @pass_prov
    def command(prov: ProvContext, attribution_ids: tuple[int, ...], actor: str | None) -> None:
        from provenance.attributions.proposals import decide
        from provenance.attributions.recording import get_attribution
        from provenance.store.history import default_actor

        said = []  # told once the whole decision is stored
        with prov.database().session() as session:
            for attribution_id in attribution_ids:
                attribution = get_attribution(session, attribution_id)
                old = attribution.status
                if old == status:
                    said.append(f"attribution {attribution_id}: {status} already")
                    continue
                decide(session, attribution, status, actor=actor or default_actor())
                said.append(f"attribution {attribution_id}: {old} → {status}")
        for line in said:
            click.echo(line)

    return command


reject_command = _decide_command(
    "rejected",
    "reject",
    "Reject attributions (a mistake, a duplicate): they leave search, audit and export, "
    "and stay in the database and its history.\n\n\b\nExample:\n  prov reject 36 37",
)
confirm_command = _decide_command(
    "confirmed",
    "confirm",
    "Confirm attributions (a proposal checked, or a rejection undone); the history "
    "records it.\n\n\b\nExample:\n  prov confirm 12",
)
