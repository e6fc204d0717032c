"""``prov extract`` and ``prov review``: proposals from the extractor, and a person's say."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from provenance.cli.context import ID, ProvContext, message, pass_prov

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from provenance.attributions.editing import SpanRole
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


REVIEW_KEYS = (
    ("a", "accept"),
    ("r", "reject"),
    ("e", "speaker"),
    ("t", "strength"),
    ("m", "mode"),
    ("c", "content"),
    ("o", "source"),
    ("u", "cue"),
    ("n", "new"),
    ("s", "skip"),
    ("q", "quit"),
)
"""The review prompt's keys and what each does (the README and --help list them)."""

_PROMPT = "  " + " ".join(
    f"[{key}]{word[1:]}" if word[0] == key else f"[{key}] {word}" for key, word in REVIEW_KEYS
)


_SPAN_KEYS: dict[str, SpanRole] = {"c": "content", "o": "source", "u": "cue"}


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
    """Step through a document's proposals: accept, reject, fix, add what was missed.

    Every decision and every fix is saved the moment it is made, so Ctrl-C or a closed
    terminal loses nothing; run the command again to go on with the proposals still
    open (skipped ones included). An answer that cannot be taken (an empty speaker
    name, a passage not in the article) is explained and asked again.

    \b
    Keys:
      a accept    r reject    s skip    q quit
      e speaker   correct the speaker; the proposal is then confirmed
      t strength  m mode      (then accept or reject)
      c content   o source    u cue: type the passage as it reads in the article
                  (for source and cue, - removes it)
      n new       add an attribution the extractor missed, by its quote

    \b
    Example:
      prov review --doc 1
    """
    from provenance.attributions.proposals import pending_proposals
    from provenance.documents.ingest import get_document
    from provenance.store.history import default_actor

    actor = actor or default_actor()
    database = prov.database()
    with database.session(write=False) as session:
        text = get_document(session, doc_id).text
        pending = [a.id for a in pending_proposals(session, doc_id)]
    if not pending:
        click.echo(f"document {doc_id} has no proposals to review")
        return
    review = _Review(prov, doc_id, text, actor)
    try:
        for n, attribution_id in enumerate(pending, 1):
            if review.one(attribution_id, n, len(pending), accept_above) == "quit":
                break
    except click.Abort as exc:
        if not isinstance(exc.__context__, EOFError):
            click.echo(
                f"\nstopped: {review.summary()}; every decision made is saved; "
                f"prov review --doc {doc_id} goes on with the rest",
                err=True,
            )
            raise SystemExit(130) from None
        click.echo("\n(end of input)")
    click.echo(f"\n{review.summary()}")


class _Review:
    """One person's review of one document: each answer is its own transaction."""

    def __init__(self, prov: ProvContext, doc_id: int, text: str, actor: str) -> None:
        self.prov = prov
        self.doc_id = doc_id
        self.text = text
        self.actor = actor
        self.decided = {"confirmed": 0, "rejected": 0, "skipped": 0, "added": 0}
        self.piped = not sys.stdin.isatty()

    def summary(self) -> str:
        d = self.decided
        added = f", {d['added']} added" if d["added"] else ""
        return (
            f"{d['confirmed']} confirmed, {d['rejected']} rejected, {d['skipped']} skipped{added}"
        )

    def ask(self, prompt: str, **kwargs: Any) -> Any:
        """``click.prompt``, with the answer echoed when it comes from a pipe, so that
        a transcript reads as a conversation and not as prompts run together."""
        answer = click.prompt(prompt, **kwargs)
        if self.piped:
            click.echo(answer if answer != "" else "(empty)")
        return answer

    def _open(self, session: Session, attribution_id: int) -> Attribution | None:
        from provenance.store.models import Attribution

        attribution = session.get(Attribution, attribution_id)
        if attribution is None or attribution.status != "proposed":
            return None
        return attribution

    def one(self, attribution_id: int, n: int, total: int, accept_above: float | None) -> str:
        from provenance.attributions.proposals import decide
        from provenance.cli.output import span_in_context
        from provenance.errors import BadInput

        database = self.prov.database()
        with database.session() as session:
            a = self._open(session, attribution_id)
            if a is None:
                return "gone"  # decided meanwhile, by someone else
            if accept_above is not None and (a.confidence or 0) >= accept_above:
                decide(session, a, "confirmed", actor=self.actor)
                self.decided["confirmed"] += 1
                return "confirmed"
            shown = _shown(a)
        click.echo()
        click.secho(f"[{n}/{total}] #{attribution_id}  confidence {shown['confidence']}", bold=True)
        click.echo(span_in_context(self.text, shown["start"], shown["end"], reach=160))
        while True:
            click.echo(_describe(shown))
            choice = self.ask(
                _PROMPT,
                type=click.Choice([key for key, _ in REVIEW_KEYS]),
                show_choices=False,
                default="s",
            )
            if choice == "q":
                return "quit"
            if choice == "s":
                self.decided["skipped"] += 1
                return "skipped"
            try:
                outcome = self._act(choice, attribution_id, shown)
            except BadInput as exc:
                click.echo(f"  {message(exc)}; answer again", err=True)
                continue
            if outcome == "gone":
                click.echo("  decided meanwhile by someone else; moving on", err=True)
                return outcome
            if outcome in ("confirmed", "rejected"):
                self.decided[outcome] += 1
                return outcome
            if outcome == "changed" and choice == "c":
                click.echo(span_in_context(self.text, shown["start"], shown["end"], reach=160))

    def _act(self, choice: str, attribution_id: int, shown: dict[str, Any]) -> str:
        """Carry out one answer in its own transaction; ``shown`` is refreshed."""
        from provenance.attributions.editing import set_span
        from provenance.attributions.proposals import decide
        from provenance.attributions.recording import set_mode, set_strength
        from provenance.cli.filters import MODES, STRENGTHS

        if choice == "n":
            return self._add_missed()
        typed: str | None = None
        if choice == "e":
            typed = self.ask("  speaker", default=shown["speaker"] or "")
        elif choice == "t":
            typed = self.ask("  strength", type=click.Choice(STRENGTHS))
        elif choice == "m":
            typed = self.ask("  mode", type=click.Choice(MODES))
        elif choice in _SPAN_KEYS:
            role = _SPAN_KEYS[choice]
            hint = "" if role == "content" else "; - for none"
            typed = self.ask(f"  {role} (the passage as it reads{hint})")
        with self.prov.database().session() as session:
            a = self._open(session, attribution_id)
            if a is None:
                return "gone"
            if choice in ("a", "r"):
                decide(session, a, "confirmed" if choice == "a" else "rejected", actor=self.actor)
                return "confirmed" if choice == "a" else "rejected"
            if choice == "e":
                _set_speaker(session, a, typed or "", self.actor)
                decide(session, a, "confirmed", actor=self.actor)
                return "confirmed"
            if choice == "t":
                changed = set_strength(session, a, typed or "", actor=self.actor)
            elif choice == "m":
                changed = set_mode(session, a, typed or "", actor=self.actor)
            else:
                passage = None if (typed or "").strip() == "-" else typed
                changed = set_span(session, a, _SPAN_KEYS[choice], passage, actor=self.actor)
            session.flush()
            shown.update(_shown(a))
        return "changed" if changed else "unchanged"

    def _add_missed(self) -> str:
        from provenance.attributions.by_quote import add_by_quote
        from provenance.documents.ingest import get_document

        quote = self.ask("  quote (as it reads in the article)")
        speaker = self.ask("  speaker (empty: from the source mention)", default="")
        source = self.ask("  source mention (empty: none)", default="")
        with self.prov.database().session() as session:
            added = add_by_quote(
                session,
                get_document(session, self.doc_id),
                quote,
                actor=self.actor,
                speaker=speaker or None,
                source=source or None,
            )
            attribution = added.attribution
            click.echo(
                f"  added #{attribution.id}: "
                f"{attribution.speaker.name if attribution.speaker else '(unattributed)'} · "
                f"{attribution.strength} · {attribution.mode}"
            )
        self.decided["added"] += 1
        return "added"


def _shown(a: Attribution) -> dict[str, Any]:
    return {
        "confidence": a.confidence,
        "start": a.content_start,
        "end": a.content_end,
        "speaker": a.speaker.name if a.speaker else None,
        "strength": a.strength,
        "mode": a.mode,
        "source": a.source_exact,
        "cue": a.cue_exact,
    }


def _describe(shown: dict[str, Any]) -> str:
    from provenance.cli.output import terminal_text

    return terminal_text(
        f"  speaker: {shown['speaker'] or '(none)'} · {shown['strength']} · {shown['mode']} · "
        f"source: {shown['source'] or '(none)'} · cue: {shown['cue'] or '(none)'}"
    )


def _set_speaker(session: Session, attribution: Attribution, name: str, actor: str) -> None:
    """Give a proposal the speaker a person typed, classified as the extractor would
    ("Ibrahim Kalin" is a person on the record, "a senior official" an unnamed source)."""
    from provenance.attributions.proposals import set_speaker

    changed = set_speaker(session, attribution, name, actor=actor)
    if changed:
        click.echo(f"  strength → {attribution.strength}")
