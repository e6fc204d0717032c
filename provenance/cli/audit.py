"""``prov audit``: the unnamed-source ratio and the other questions a standards desk asks.

The work is done by :mod:`provenance.audit.ratios`; this module parses options, calls it and
prints. It imports nothing heavy at import time (``prov --help`` loads it to list the
commands), and the fuzzy claim matcher only when ``--unsupported`` asks for it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from provenance.audit.corroboration import CORROBORATION_THRESHOLD
from provenance.cli.context import ProvContext, message, pass_prov
from provenance.cli.filters import filter_options
from provenance.cli.output import emit, output_options
from provenance.errors import BadInput

if TYPE_CHECKING:
    from provenance.attributions.filters import AttributionFilter
    from provenance.audit.ratios import AuditRow
    from provenance.audit.unnamed import UnnamedAttribution

GROUPINGS = ("document", "outlet", "speaker", "month")
COUNTINGS = ("attributions", "distinct-sources")
# strength class -> table header; "described" and "vague" are the two unnamed classes
TABLE_HEADERS = {
    "on_record": "on record",
    "official_statement": "official",
    "documentary": "documentary",
    "anonymous_described": "described",
    "anonymous_vague": "vague",
    "unattributed": "unattributed",
}
GROUP_NOUNS = {
    "document": "documents",
    "outlet": "outlets",
    "speaker": "speakers",
    "month": "months",
}
BAR_CELLS = 8
# the audit's columns holding text (the others hold numbers)
TEXT_COLUMNS = {
    "document": ("title", "outlet", "published", "counted"),
    "outlet": ("outlet", "counted"),
    "speaker": ("speaker", "speaker_type", "counted"),
    "month": ("month", "counted"),
}
_EIGHTHS = " ▏▎▍▌▋▊▉"


def ratio_bar(ratio: float, cells: int = BAR_CELLS) -> str:
    """A bar ``cells`` characters wide, filled in eighths: 0.423 -> ``'███▍    '``."""
    eighths = round(max(0.0, min(1.0, ratio)) * cells * 8)
    full, part = divmod(eighths, 8)
    bar = "█" * full + (_EIGHTHS[part] if part else "")
    return bar.ljust(cells)


def ratio_cell(row: AuditRow) -> str:
    """The ratio for people: percentage, bar, the count behind it (``11/26``), and how
    many of those are unreviewed proposals (``11/26 (7 proposed)``)."""
    return ratio_text(row.unnamed_ratio, row.unnamed, row.sourced, row.sourced_proposed)


def ratio_text(ratio: float | None, unnamed: int, sourced: int, proposed: int) -> str:
    """:func:`ratio_cell` from the numbers."""
    if ratio is None:
        return f"{'n/a':>6} {' ' * BAR_CELLS} 0/0"
    cell = f"{ratio * 100:5.1f}% {ratio_bar(ratio)} {unnamed}/{sourced}"
    if proposed:
        cell += f" ({proposed} proposed)"
    return cell


def _definition(counting: str) -> str:
    what = "attributions" if counting == "attributions" else "distinct sources per document"
    return (
        f"unnamed = (anonymous_described + anonymous_vague) / all {what} but unattributed;"
        " described and vague are the unnamed classes"
    )


def _unreviewed_warning(total: AuditRow) -> str:
    """What a ratio marked ``(N proposed)`` means, and how to count reviewed rows only."""
    return (
        f"not reviewed: {total.sourced_proposed} of the {total.sourced} sourced "
        f"{'attributions' if total.counted == 'attributions' else 'sources'} behind these "
        "ratios are extractor proposals; check them with prov review --doc ID, or add "
        "--status confirmed to count reviewed ones only"
    )


class _Report:
    """An audit printed as its groups stream from the database, and what else reads
    them on the way: the totals under the table, the first groups the chart draws,
    the groups a ``--fail-above`` gate names. Nothing keeps every group: the terminal
    table, which must be measured before its first line, reads the groups twice (in
    one transaction, so both readings see the same groups)."""

    def __init__(
        self, by: str, counting: str, fmt: str, *, chart: bool, gate: float | None
    ) -> None:
        from provenance.audit.ratios import REVIEW_COUNTS, STRENGTH_CLASSES, audit_columns

        self.by, self.counting, self.fmt = by, counting, fmt.lower()
        self.columns = audit_columns(by)
        at = {name: i for i, name in enumerate(self.columns)}  # the label comes last
        self.at = at
        self.measures = [at[m] for m in (*STRENGTH_CLASSES, *REVIEW_COUNTS)]
        self.sums = [0] * len(self.measures)
        self.groups = 0
        self.chart = chart
        self.first: list[AuditRow] = []
        self.gate = gate
        self.over: list[str] = []
        self.any_sourced = False
        shown = ("attributions", "confirmed", "proposed", "rejected", *STRENGTH_CLASSES)
        self.shown = [at[c] for c in shown]

    def write(self, records: Callable[[], Iterable[Sequence[Any]]]) -> None:
        """Write the audit, reading its groups from ``records()``."""
        from provenance.cli.output import emit_stream

        observed = self._observed(records())
        if self.fmt == "table":
            self._write_table(observed, records)
            return
        emit_stream(
            observed,
            self.fmt,
            self.columns,
            text=TEXT_COLUMNS[self.by],
            floats={"unnamed_ratio"},
        )

    def _observed(self, records: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
        from provenance.audit.chart import MAX_GROUPS
        from provenance.audit.ratios import row_of

        at, measures, sums = self.at, self.measures, self.sums
        sourced, ratio = at["sourced"], at["unnamed_ratio"]
        keep_all = self.chart or self.fmt == "table"
        for record in records:
            self.groups += 1
            if keep_all:
                for i, column in enumerate(measures):
                    sums[i] += record[column]
            if self.chart and len(self.first) < MAX_GROUPS:
                self.first.append(row_of(self.by, record))
            if self.gate is not None:
                self.any_sourced = self.any_sourced or record[sourced] > 0
                if record[ratio] is not None and record[ratio] > self.gate:
                    self.over.append(self._gate_line(record))
            yield record

    def _write_table(
        self,
        observed: Iterable[Sequence[Any]],
        records: Callable[[], Iterable[Sequence[Any]]],
    ) -> None:
        """The terminal table: measured on a first reading, written on a second."""
        from provenance.cli.output import TableLayout

        first = {"document": "doc", "outlet": "outlet", "speaker": "speaker", "month": "month"}
        columns = [first[self.by], *(["title"] if self.by == "document" else [])]
        named = len(columns)
        columns += ["total", "confirmed", "proposed", "rejected", *TABLE_HEADERS.values()]
        layout = TableLayout(
            [*columns, "unnamed"], wrap=columns[named - 1], numbers=columns[named:]
        )
        rejected = self.at["rejected"]
        any_rejected = False
        for record in observed:
            layout.measure(self._cells(record))
            any_rejected = any_rejected or record[rejected] > 0
        if not any_rejected:
            layout.drop("rejected")
            self.shown.remove(rejected)
        lines = (
            layout.lines(self._cells(record) for record in records())
            if self.groups
            else (layout.lines([]))
        )
        out = sys.stdout
        chunk: list[str] = []
        for line in lines:
            chunk.append(line + "\n")
            if len(chunk) >= 2000:
                out.write("".join(chunk))
                chunk = []
        out.write("".join(chunk))
        out.flush()

    def _cells(self, record: Sequence[Any]) -> list[Any]:
        """A group as the terminal table shows it."""
        from provenance.cli.output import table_cell

        at = self.at
        label = table_cell(record[-1])
        cells = [str(record[at["document"]]), label] if self.by == "document" else [label]
        cells += [record[i] for i in self.shown]
        cells.append(
            ratio_text(
                record[at["unnamed_ratio"]],
                record[at["unnamed"]],
                record[at["sourced"]],
                record[at["sourced_proposed"]],
            )
        )
        return cells

    def _gate_line(self, record: Sequence[Any]) -> str:
        at, label = self.at, record[-1]
        name = f"{record[at['document']]} “{label}”" if self.by == "document" else label
        unnamed, sourced = record[at["unnamed"]], record[at["sourced"]]
        proposed = record[at["sourced_proposed"]]
        behind = f"{unnamed}/{sourced}"
        if proposed:
            behind += f"; {proposed} proposed"
        cell = ratio_text(record[at["unnamed_ratio"]], unnamed, sourced, proposed)
        return f"  {self.by} {name}: {cell.split()[0]} ({behind})"

    def total(self) -> AuditRow:
        from provenance.audit.ratios import REVIEW_COUNTS, STRENGTH_CLASSES, AuditRow

        sums = dict(zip((*STRENGTH_CLASSES, *REVIEW_COUNTS), self.sums, strict=True))
        return AuditRow(
            by="total",
            key="all",
            label="all",
            counts={s: sums[s] for s in STRENGTH_CLASSES},
            counted=self.counting,
            reviews={s: sums[s] for s in REVIEW_COUNTS},
        )

    def print_footer(self, *, limited: bool) -> None:
        """What the terminal table's figures mean, under it."""
        by = self.by
        if not self.groups:
            click.echo("(no attributions match)")
            return
        total = self.total()
        if limited:
            order = "in order" if by == "month" else "worst first"
            click.echo(f"the first {self.groups} {GROUP_NOUNS[by]} ({order}); without --limit, all")
        elif self.groups > 1:
            click.echo(f"all {self.groups} {GROUP_NOUNS[by]}: {ratio_cell(total).strip()}")
        click.echo(_definition(self.counting))
        if total.sourced_proposed:
            click.echo(_unreviewed_warning(total))

    def check_gate(self) -> None:
        """Exit with status 1, naming them, if any group's ratio is above the gate."""
        limit, by = self.gate, self.by
        assert limit is not None
        if not self.any_sourced:
            # a gate that checked nothing (a misspelt --outlet, an empty database) must
            # not pass
            click.echo(
                f"nothing to check: no sourced attribution matches these filters, so no {by} "
                f"was held to {limit:g}; check the filters",
                err=True,
            )
            raise SystemExit(1)
        if not self.over:
            click.echo(f"ok: no {by} has an unnamed-source ratio above {limit:g}", err=True)
            return
        click.echo(
            f"{len(self.over)} {by}(s) with an unnamed-source ratio above {limit:g}:", err=True
        )
        err = sys.stderr
        for start in range(0, len(self.over), 2000):
            err.write("".join(line + "\n" for line in self.over[start : start + 2000]))
        err.flush()
        raise SystemExit(1)


def _finite(value: float | None) -> float | None:
    if value is not None and value != value:  # NaN passes FloatRange and every comparison
        raise click.BadParameter(
            "give a ratio between 0 and 1, e.g. 0.4", param_hint="--fail-above"
        )
    return value


def _write_chart(report: _Report, path: str, force: bool, protect: list[str]) -> None:
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
    import sys

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

    report = _Report(by, counting, fmt, chart=bool(chart), gate=fail_above)
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
