"""``prov search``: every attribution of a word, a phrase or a speaker, with its span in
its sentence.

The command parses options, calls :func:`provenance.search.search` and prints. It is
the command people type most, so its module imports only Click and the shared CLI
helpers; the library (and SQLAlchemy) load when it runs, rapidfuzz only when a query
finds nothing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import click

from provenance.cli.context import ProvContext, message, pass_prov
from provenance.cli.filters import filter_options
from provenance.cli.output import SPAN_MARKS, emit, output_options, terminal_text, use_colour

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from provenance.attributions.filters import AttributionFilter
    from provenance.search.context import HitContext
    from provenance.search.engine import SearchHit, SearchResult
    from provenance.search.syntax import SearchQuery

FIELDS = (
    "id",
    "text",
    "speaker",
    "speaker_type",
    "strength",
    "mode",
    "document",
    "outlet",
    "published",
    "start",
    "end",
    "score",
    "matched",
)
INDENT = 5
MAX_OFFSET = 2**31 - 1  # more hits than any database holds; the engines overflow past 2**62
# Without colour, the span is bracketed (SPAN_MARKS) and matched words starred.
WORD_MARK = "*"
STRENGTH_COLOURS = {
    "on_record": "green",
    "official_statement": "cyan",
    "documentary": "blue",
    "anonymous_described": "yellow",
    "anonymous_vague": "magenta",
    "unattributed": "white",
}


@click.command(
    "search",
    # "-word" excludes a word, so "-h..." must not be read as the help option here.
    context_settings={"ignore_unknown_options": True, "help_option_names": ["--help"]},
)
@click.argument("query", nargs=-1, required=True)
@filter_options
@click.option(
    "--in",
    "fields",
    multiple=True,
    type=click.Choice(("quote", "source", "title")),
    help="Where to look (repeatable): the quote (and its claim), the source (the "
    "speaker's names and aliases), the article's title. Default: quote and source.",
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Hits per page."
)
@click.option(
    "--offset",
    type=click.IntRange(min=0, max=MAX_OFFSET),
    default=0,
    show_default=True,
    help="Hits to skip.",
)
@output_options
@pass_prov
def search_command(
    prov: ProvContext,
    query: tuple[str, ...],
    attribution_filter: AttributionFilter,
    fields: tuple[str, ...],
    limit: int,
    offset: int,
    fmt: str,
) -> None:
    """Find attributions by word, "quoted phrase" or speaker, best match first.

    Searches what was said (and its claim) and the speaker's names and aliases; with
    --in title, the article's title; each hit says where it matched. Diacritics fold
    (Erdogan finds Erdoğan). All words must match;
    "a phrase" matches words in a row; -word leaves out what contains it (quote a
    query that holds one, so that it is not read as an option).

    \b
    Examples:
      prov search deconfliction
      prov search '"air bases"' --strength anonymous_described --strength anonymous_vague
      prov search Erdogan
      prov search mechanism --speaker Fidan --outlet "Financial Times" --since 2025-01-01
      prov search 'talks -Erdogan' --unnamed --format json
      prov search Syria --in title
    """
    from provenance.search.engine import search
    from provenance.search.syntax import parse_query
    from provenance.store.fulltext import DEFAULT_FIELDS

    if query == ("-h",):  # alone, it asks for help, as -h does for every other command
        ctx = click.get_current_context()
        click.echo(ctx.get_help())
        ctx.exit(0)
    _refuse_mistyped_options(query)
    parsed = parse_query(" ".join(query))
    with prov.database().session(write=False) as session:
        result = search(
            session,
            parsed,
            filter=attribution_filter,
            limit=limit,
            offset=offset,
            fields=fields or DEFAULT_FIELDS,
        )
        problem = None
        if not result.hits:
            problem = _no_hits(session, result, attribution_filter)
    rows = [hit.as_dict() for hit in result.hits]
    if fmt.lower() == "table":
        if rows:
            _print_hits(result, use_colour())
        else:
            click.echo(problem, err=True)
        return
    emit(rows, fmt, FIELDS)
    if problem:
        click.echo(problem, err=True)


def _refuse_mistyped_options(query: tuple[str, ...]) -> None:
    """``-word`` excludes a word, so unknown options reach the query; one that is, or
    nearly is, an option of this command ("--speakr Trump") was meant as one."""
    dashed = [w.split("=")[0].lower() for w in query if w.startswith("--") and len(w) >= 3]
    if not dashed:
        return
    import difflib

    options = [
        opt
        for param in click.get_current_context().command.params
        for opt in param.opts
        if opt.startswith("--")
    ]
    for name in dashed:
        close = difflib.get_close_matches(name, options, n=1, cutoff=0.75)
        if close:
            raise click.UsageError(
                f"{name} is read as part of the query; did you mean the option {close[0]}? "
                "(options go before a -- that ends them)"
            )


def _no_hits(session: Session, result: SearchResult, attribution_filter: AttributionFilter) -> str:
    """One line on why nothing matched, with the closest indexed words for a misspelling."""
    from provenance.attributions.filters import AttributionFilter
    from provenance.search.suggestions import suggest_terms, unknown_words

    query = result.query
    if result.total:
        return (
            f"{_count(result.total)} {query}; --offset {result.offset} is past the "
            f"last one (try --offset {max(result.total - result.limit, 0)})"
        )
    from provenance.attributions.filters import unmatched_values

    unmatched = unmatched_values(session, attribution_filter)
    if unmatched:
        return f"no attribution matches {query}: " + "; ".join(message(e) for e in unmatched)
    missing = unknown_words(session, query)
    if not missing:
        where = "" if attribution_filter == AttributionFilter() else " with these filters"
        return f"no attribution matches {query}{where}; try fewer words or filters"
    suggestions = {word: suggest_terms(session, word) for word in missing}
    if not any(suggestions.values()):
        listed = ", ".join(missing)
        return f"no attribution matches {query}: the index has no {listed}"
    if len(query.terms) == 1 and len(query.terms[0].tokens) == 1:  # one word: offer each
        return (
            f"no attribution matches {query}; did you mean {' or '.join(suggestions[missing[0]])}?"
        )
    return f"no attribution matches {query}; did you mean {_corrected(query, suggestions)}?"


def _corrected(query: SearchQuery, suggestions: dict[str, list[str]]) -> str:
    """The query again, each unknown word replaced by its closest indexed word."""
    from provenance.search.syntax import SearchQuery, Term

    terms = [
        Term(
            tuple(suggestions[t][0] if suggestions.get(t) else t for t in term.tokens),
            excluded=term.excluded,
            quoted=term.quoted,
        )
        for term in query.terms
    ]
    return f"'{SearchQuery(tuple(terms))}'"


def _count(n: int) -> str:
    """``1 attribution matches`` / ``3 attributions match``."""
    return f"{n:,} attribution matches" if n == 1 else f"{n:,} attributions match"


def _print_hits(result: SearchResult, colour: bool) -> None:
    width = max(40, _terminal_width())
    for hit in result.hits:
        click.echo(_heading(hit, colour))
        for line in _context_lines(hit.context, width - INDENT, colour):
            click.echo(" " * INDENT + line)
        click.echo()
    click.echo(_summary(result))


def _summary(result: SearchResult) -> str:
    """``3 attributions match deconfliction`` and, when there is more, the next page."""
    last = result.offset + len(result.hits)
    # a large total is not counted, to keep the search fast; then there is one more
    total = result.total
    counted = f"at least {_count(last + 1)}" if total is None else _count(total)
    line = f"{counted} {result.query}"
    if result.more or result.offset:
        line += f"; showing {result.offset + 1}–{last}"
    if result.more:
        line += f", next page: --offset {last}"
    return line


def _terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size((100, 24)).columns


def _heading(hit: SearchHit, colour: bool) -> str:
    speaker = terminal_text(hit.speaker or "(the reporter)")
    where = terminal_text(
        ", ".join(
            part
            for part in (
                hit.outlet,
                hit.published.isoformat() if hit.published else None,
                f"doc {hit.document}",
            )
            if part
        )
    )
    number = f"#{hit.id}".ljust(INDENT - 1)
    # where the words were found, when not (only) in what was said
    found = "" if hit.matched in ((), ("quote",)) else f"in {' and '.join(hit.matched)}"
    if colour:
        return (
            f"{click.style(number, dim=True)} {click.style(speaker, bold=True)}  "
            f"{click.style(hit.strength, fg=STRENGTH_COLOURS.get(hit.strength))}  "
            f"{hit.mode}  {click.style(where, dim=True)}"
            + (f"  {click.style(found, dim=True)}" if found else "")
        )
    return f"{number} {speaker} · {hit.strength} · {hit.mode} · {where}" + (
        f" · {found}" if found else ""
    )


def _context_lines(context: HitContext, width: int, colour: bool) -> list[str]:
    """The context wrapped to ``width``: styled when ``colour``, else with the span in
    ⟦ ⟧ and matched words in * *."""
    pieces: list[tuple[str, bool, bool]] = []
    if context.clipped_start:
        pieces.append(("… ", False, False))
    pieces += [
        (terminal_text(t.replace("\n", " ")), inside, matched)
        for t, inside, matched in context.segments()
    ]
    if context.clipped_end:
        pieces.append((" …", False, False))
    if not colour:
        marked = _marked_text(pieces)
        return [marked[s:e] for s, e in _wrap(marked, width)]
    plain = "".join(t for t, _, _ in pieces)
    lines = []
    for start, end in _wrap(plain, width):
        out, at = [], 0
        for piece, inside, matched in pieces:
            s, e = max(start, at), min(end, at + len(piece))
            if s < e:
                out.append(
                    click.style(
                        plain[s:e],
                        underline=inside,
                        bold=matched,
                        fg="yellow" if matched else None,
                    )
                    if inside or matched
                    else plain[s:e]
                )
            at += len(piece)
        lines.append("".join(out))
    return lines


def _marked_text(pieces: list[tuple[str, bool, bool]]) -> str:
    out: list[str] = []
    was_inside = False
    for piece, inside, matched in pieces:
        if inside and not was_inside:
            out.append(SPAN_MARKS[0])
        if was_inside and not inside:
            out.append(SPAN_MARKS[1])
        out.append(f"{WORD_MARK}{piece}{WORD_MARK}" if matched else piece)
        was_inside = inside
    if was_inside:
        out.append(SPAN_MARKS[1])
    return "".join(out)


def _wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy line breaks at spaces: the ``[start, end)`` of each line of ``text``."""
    lines: list[tuple[int, int]] = []
    start = end = -1
    for word in re.finditer(r"\S+", text):
        if start < 0:
            start, end = word.span()
        elif word.end() - start <= width:
            end = word.end()
        else:
            lines.append((start, end))
            start, end = word.span()
    if start >= 0:
        lines.append((start, end))
    return lines
