"""``prov show``: one attribution with its spans in context."""

from __future__ import annotations

import click

from provenance.cli.context import ProvContext, pass_prov


def describe_attribution(attribution) -> dict:  # type: ignore[no-untyped-def]
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
@click.argument("attribution_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_prov
def show_command(prov: ProvContext, attribution_id: int, fmt: str) -> None:
    """Show one attribution: who, how strongly sourced, and the span in its sentence.

    \b
    Example:
      prov show 3
    """
    import json

    from provenance.attributions import get_attribution

    with prov.database().session() as session:
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
            click.echo(f"{key:>13}: {row[key]}")
    start, end = row["start"], row["end"]
    left = max(text.rfind("\n", 0, start) + 1, start - 200)
    right = text.find("\n", end)
    right = min(len(text) if right == -1 else right, end + 200)
    marked = text[left:start] + click.style(text[start:end], bold=True, underline=True)
    click.echo(f"{'span':>13}: [{start}, {end})")
    click.echo(f"{'in context':>13}: {marked}{text[end:right]}")
