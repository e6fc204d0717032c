"""``prov audit``: the unnamed-source ratio and the other questions a standards desk asks.

The work is done by :mod:`provenance.audit.ratios`; this module parses options, calls it and
prints. It imports nothing heavy at import time (``prov --help`` loads it to list the
commands), and the fuzzy claim matcher only when ``--unsupported`` asks for it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from provenance.audit.corroboration import CORROBORATION_THRESHOLD
from provenance.cli.context import ProvContext, message, pass_prov
from provenance.cli.filters import filter_options
from provenance.cli.output import emit, output_options
from provenance.errors import BadInput

if TYPE_CHECKING:
    from provenance.attributions.filters import AttributionFilter
    from provenance.audit.unnamed import UnnamedAttribution
    from provenance.cli.audit_report import Report

GROUPINGS = ("document", "outlet", "speaker", "month")
COUNTINGS = ("attributions", "distinct-sources")


def _finite(value: float | None) -> float | None:
    if value is not None and value != value:  # NaN passes FloatRange and every comparison
        raise click.BadParameter(
            "give a ratio between 0 and 1, e.g. 0.4", param_hint="--fail-above"
        )
    return value


def _write_chart(report: Report, path: str, force: bool, protect: list[str]) -> None:
    from provenance.audit.chart import strength_mix_svg
    from provenance.export.outfiles import write_atomically

    by = report.by
    svg = strength_mix_svg(
        report.first,
        by=by,
        counting=report.counting,
        groups=report.groups,
        total=report.total(),
    )
    write_atomically(path, [svg], force=force, protect=protect)
    shown = len(report.first)
    more = f" (the first {shown} of {report.groups})" if report.groups > shown else ""
    click.echo(f"wrote a chart of {shown} {by} group(s){more} to {path}", err=True)


def _print_detail(prov: ProvContext, attribution_filter: AttributionFilter, fmt: str) -> None:
    from provenance.audit.unnamed import UnnamedAttribution, unnamed_detail

    if not attribution_filter.documents:
        raise click.UsageError(
            "--detail lists the unnamed attributions of one article; add --doc ID "
            "(`prov documents` lists the ids)"
        )
    with prov.database().session(write=False) as session:
        found = [
            item
            for doc_id in attribution_filter.documents
            for item in unnamed_detail(session, doc_id, attribution_filter)
        ]
    if fmt.lower() != "table":
        emit([item.as_dict() for item in found], fmt, _field_names(UnnamedAttribution))
        return
    for item in found:
        click.echo(_detail_block(item))
    click.echo(f"{len(found)} unnamed attribution(s); spans are [start, end) in code points")


def _detail_block(item: UnnamedAttribution) -> str:
    """One attribution as a reviewer reads it: who, then each span on its own line."""
    import shutil
    import textwrap

    width = max(60, shutil.get_terminal_size((100, 24)).columns)
    lines = [f"#{item.id}  document {item.document}  {item.strength}  {item.speaker}"]
    spans = [
        ("source", item.source, item.source_start, item.source_end),
        ("cue", item.cue, item.cue_start, item.cue_end),
        ("content", item.content, item.content_start, item.content_end),
    ]
    for role, text, start, end in spans:
        where = f"[{start}, {end})" if text is not None else ""
        prefix = f"    {role:<8}{where:<14} "
        shown = text if text is not None else _ABSENT[role]
        lines.append(
            textwrap.fill(
                shown,
                width=width,
                initial_indent=prefix,
                subsequent_indent=" " * len(prefix),
                break_on_hyphens=False,
            )
        )
    return "\n".join(lines) + "\n"


_ABSENT = {
    "source": "(none: the quote runs on from the previous one)",
    "cue": "(none)",
    "content": "",
}


def _field_names(record_type: type) -> list[str]:
    import dataclasses

    return [field.name for field in dataclasses.fields(record_type)]


def _print_unsupported(prov: ProvContext, attribution_filter: AttributionFilter, fmt: str) -> None:
    import contextlib

    from provenance.audit.unsupported import UnsupportedClaim, unsupported_claims

    with contextlib.ExitStack() as stack, prov.database().session(write=False) as session:
        progress = None
        if sys.stderr.isatty():
            # a live bar on a terminal only: a log or a pipe gets the answer, not lines
            # about how it was reached
            from provenance.cli.progress import Progress

            bar = stack.enter_context(Progress("matching claims", items="claims"))

            def progress(done: int, total: int) -> None:
                bar.update(done, total, done)

        found = unsupported_claims(session, attribution_filter, progress=progress)
    if fmt.lower() != "table":
        emit([claim.as_dict() for claim in found], fmt, _field_names(UnsupportedClaim))
        return
    table = [
        {
            "claim": claim.claim,
            "reason": claim.reason,
            "docs": ", ".join(map(str, claim.documents)),
            "sources": "; ".join(claim.speakers),
            "text": claim.text,
        }
        for claim in found
    ]
    emit(table, fmt, ["claim", "reason", "docs", "sources", "text"], wrap="text")
    click.echo(
        f"{len(found)} claim(s) rest only on unnamed sources or on one source; the same "
        f"claim elsewhere is matched by normalised text at similarity ≥ "
        f"{CORROBORATION_THRESHOLD:.0f}/100"
    )


@click.command("audit")
@click.option(
    "--by",
    type=click.Choice(GROUPINGS),
    default="document",
    show_default=True,
    help="Group by document, outlet, speaker or month of publication.",
)
@click.option(
    "--count",
    "counting",
    type=click.Choice(COUNTINGS),
    default="attributions",
    show_default=True,
    help="Count attributions, or each distinct source once per document.",
)
@click.option("--detail", is_flag=True, help="List every unnamed attribution of --doc, with spans.")
@click.option(
    "--unsupported",
    is_flag=True,
    help=(
        "List claims resting only on unnamed sources, or on one source, counting the same "
        f"claim in every document (matched at similarity >= {CORROBORATION_THRESHOLD:.0f}/100)."
    ),
)
@click.option(
    "--fail-above",
    type=click.FloatRange(0, 1),
    callback=lambda _ctx, _param, value: _finite(value),
    metavar="RATIO",
    help=(
        "Exit with status 1 if any group's unnamed ratio exceeds RATIO (e.g. 0.4), "
        "or if the filters leave nothing to check."
    ),
)
@click.option(
    "--chart",
    type=click.Path(dir_okay=False),
    metavar="FILE.svg",
    help="Also write the strength mix per group as an SVG stacked bar chart.",
)
@click.option("--force", is_flag=True, help="Overwrite the --chart file if it exists.")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    metavar="N",
    help="Only the first N groups (worst first; months in order), chosen in the database.",
)
@filter_options
@output_options
@pass_prov
def audit_command(
    prov: ProvContext,
    by: str,
    counting: str,
    detail: bool,
    unsupported: bool,
    fail_above: float | None,
    chart: str | None,
    force: bool,
    limit: int | None,
    fmt: str,
    attribution_filter: AttributionFilter,
) -> None:
    """How much rests on unnamed sources, per document, outlet, speaker or month.

    The unnamed-source ratio is (anonymous_described + anonymous_vague) divided by all
    attributions except unattributed (the reporter's own assertions).

    \b
    Examples:
      prov audit                          # per document
      prov audit --by outlet --format json
      prov audit --doc 1 --detail         # each unnamed attribution and its spans
      prov audit --fail-above 0.4         # exit 1 if a document is above 40%
      prov audit --count distinct-sources # each source once per document
      prov audit --unsupported            # claims resting on unnamed or single sources
      prov audit --by speaker --chart audit.svg
      prov audit --by speaker --limit 20  # the 20 speakers most often unnamed
    """
    modes = [name for name, on in (("--detail", detail), ("--unsupported", unsupported)) if on]
    if len(modes) > 1:
        raise click.UsageError("--detail and --unsupported are two different lists; pick one")
    if modes and (
        chart
        or fail_above is not None
        or by != "document"
        or counting != "attributions"
        or limit is not None
    ):
        raise click.UsageError(
            f"{modes[0]} lists attributions or claims; --by, --count, --chart, --limit and "
            "--fail-above apply to the audit table, without it"
        )
    if detail:
        _print_detail(prov, attribution_filter, fmt)
        return
    if unsupported:
        _print_unsupported(prov, attribution_filter, fmt)
        return
    if chart and Path(chart).exists() and not force:
        # checked before the audit runs, so that nothing is printed for nothing
        raise BadInput(f"{chart} exists; add --force to overwrite it")

    from provenance.attributions.filters import unmatched_values
    from provenance.audit.ratios import audit_records
    from provenance.cli.audit_report import Report

    report = Report(by, counting, fmt, chart=bool(chart), gate=fail_above)
    with prov.database().session(write=False) as session:
        report.write(
            lambda: audit_records(
                session, by=by, filter=attribution_filter, count=counting, limit=limit
            )
        )
        unmatched = [] if report.groups else unmatched_values(session, attribution_filter)
    if report.fmt == "table":
        report.print_footer(limited=limit is not None and report.groups == limit)
    for problem in unmatched:
        click.echo(message(problem), err=True)
    if chart:
        _write_chart(report, chart, force, prov.database().files())
    if fail_above is not None:
        report.check_gate()
