"""``prov extract`` and ``prov review``: proposals from the extractor, and a person's say."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from provenance.cli.context import ID, ProvContext, message, pass_prov

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from provenance.store.models import Attribution


@click.command("extract")
@click.argument("files", nargs=-1, metavar="[FILE]...")
@click.option("--doc", "doc_id", type=ID, help="Extract from a stored document instead.")
@click.option("--save", is_flag=True, help="With --doc: store the proposals as 'proposed'.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json", "table"]),
    default="jsonl",
    show_default=True,
)
@click.option("--by", "actor", help="Who is recording this (default: the OS user).")
@pass_prov
def extract_command(
    prov: ProvContext,
    files: tuple[str, ...],
    doc_id: int | None,
    save: bool,
    fmt: str,
    actor: str | None,
) -> None:
    """Propose the attributions in articles (no database needed for files).

    Rule-based: quotation structure, a cue-verb lexicon, source-mention patterns
    and back-references. Offsets are into each file's text as prov stores it (NFC,
    \\n line ends).

    \b
    Examples:
      prov extract article.txt --format jsonl
      prov extract --doc 1 --save && prov review --doc 1
    """
    import json

    from provenance.extract import extract, to_json

    if bool(files) == (doc_id is not None):
        raise click.UsageError("give article files, or --doc ID")
    if save and doc_id is None:
        raise click.UsageError("--save stores proposals on a stored document: use --doc ID")
    if doc_id is not None:
        from provenance.documents.ingest import get_document
        from provenance.store.history import default_actor

        with prov.database().session() as session:
            document = get_document(session, doc_id)
            if save:
                from provenance.attributions.proposals import save_proposals

                report = save_proposals(session, document, actor=actor or default_actor())
                click.echo(f"document {doc_id}: {report.summary()}")
                return
            sources = [(f"document {doc_id}", document.text)]
    else:
        sources = _read_each(files)
    rows: list[dict[str, Any]] = []
    for name, text in sources:
        rows.extend(to_json(p, text, name) for p in extract(text))
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    else:
        from provenance.cli.output import emit

        flat = [
            {
                "file": r["file"],
                "speaker": r["speaker"],
                "strength": r["strength"],
                "mode": r["mode"],
                "confidence": r["confidence"],
                "content": r["content"]["text"],
            }
            for r in rows
        ]
        columns = ["speaker", "strength", "mode", "confidence", "content"]
        if len(sources) > 1:
            columns.insert(0, "file")
        emit(flat, "table", columns, wrap="content")
    if len(sources) < len(files):
        raise SystemExit(1)


def _read_each(files: tuple[str, ...]) -> list[tuple[str, str]]:
    """Each file's text as prov would store it; a file that cannot be read is named on
    standard error and left out, so one bad file does not sink a batch (the exit
    status still says so)."""
    from provenance.documents.articles import load_article
    from provenance.errors import BadInput
    from provenance.text.folding import normalize_text

    sources = []
    for name in files:
        try:
            sources.append((name, normalize_text(load_article(name).text)))
        except BadInput as exc:
            click.echo(f"skipped: {message(exc)}", err=True)
    return sources


@click.command("review")
@click.option("--doc", "doc_id", type=ID, required=True, help="The document to review.")
@click.option(
    "--accept-above",
    type=click.FloatRange(0, 1),
    help="Confirm every proposal at or above this confidence without asking.",
)
@click.option("--by", "actor", help="Who is deciding (default: the OS user).")
@pass_prov
def review_command(
    prov: ProvContext, doc_id: int, accept_above: float | None, actor: str | None
) -> None:
    """Step through a document's proposals: accept, reject, edit speaker or strength, skip.

    Decisions are saved when you quit (q), reach the end or the input ends;
    interrupting with Ctrl-C saves nothing. An answer that cannot be taken (an
    empty speaker name, a speaker on an unattributed claim) is explained and asked again.

    \b
    Example:
      prov review --doc 1
    """
    from provenance.attributions.proposals import decide, pending_proposals
    from provenance.attributions.recording import set_strength
    from provenance.cli.filters import STRENGTHS
    from provenance.cli.output import span_in_context, terminal_text
    from provenance.documents.ingest import get_document
    from provenance.errors import BadInput
    from provenance.store.history import default_actor

    actor = actor or default_actor()
    with prov.database().session() as session:
        get_document(session, doc_id)
        pending = pending_proposals(session, doc_id)
        if not pending:
            click.echo(f"document {doc_id} has no proposals to review")
            return
        decided = {"confirmed": 0, "rejected": 0, "skipped": 0}
        for n, a in enumerate(pending, 1):
            if accept_above is not None and (a.confidence or 0) >= accept_above:
                decide(session, a, "confirmed", actor=actor)
                decided["confirmed"] += 1
                continue
            click.echo()
            click.secho(f"[{n}/{len(pending)}] #{a.id}  confidence {a.confidence}", bold=True)
            click.echo(span_in_context(a.document.text, a.content_start, a.content_end, reach=160))
            while True:
                speaker = a.speaker.name if a.speaker else "(none)"
                click.echo(
                    terminal_text(
                        f"  speaker: {speaker} · {a.strength} · {a.mode} · "
                        f"cue: {a.cue_exact or '(none)'}"
                    )
                )
                try:
                    choice = click.prompt(
                        "  [a]ccept [r]eject [e]dit speaker [t] strength [s]kip [q]uit",
                        type=click.Choice(["a", "r", "e", "t", "s", "q"]),
                        show_choices=False,
                        default="s",
                    )
                    if choice == "e":
                        name = click.prompt("  speaker", default=speaker)
                        _set_speaker(session, a, name, actor)
                        continue
                    if choice == "t":
                        strength = click.prompt("  strength", type=click.Choice(STRENGTHS))
                        set_strength(session, a, strength, actor=actor)
                        continue
                except BadInput as exc:
                    click.echo(f"  {message(exc)}; answer again", err=True)
                    continue
                except click.Abort as exc:
                    if not isinstance(exc.__context__, EOFError):
                        raise  # Ctrl-C: nothing is saved
                    click.echo("\n(end of input: saving the decisions made)")
                    choice = "q"
                break
            if choice == "q":
                break
            if choice == "s":
                decided["skipped"] += 1
                continue
            status = "confirmed" if choice == "a" else "rejected"
            decide(session, a, status, actor=actor)
            decided[status] += 1
        session.flush()
    click.echo(
        f"\n{decided['confirmed']} confirmed, {decided['rejected']} rejected, "
        f"{decided['skipped']} skipped"
    )


def _set_speaker(session: Session, attribution: Attribution, name: str, actor: str) -> None:
    """Give a proposal the speaker a person typed, classified as the extractor would
    ("Ibrahim Kalin" is a person on the record, "a senior official" an unnamed source)."""
    from provenance.attributions.proposals import set_speaker

    changed = set_speaker(session, attribution, name, actor=actor)
    if changed:
        click.echo(f"  strength → {attribution.strength}")
