"""The audit table as ``prov audit`` prints it, written as its groups stream in.

:class:`Report` reads the records of :func:`provenance.audit.ratios.audit_records` once
(twice for the terminal table, which is measured first) and keeps only what its
footer, a chart and a ``--fail-above`` gate need.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from provenance.audit.ratios import AuditRow

__all__ = ["BAR_CELLS", "Report", "ratio_bar", "ratio_cell", "ratio_text"]

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


TABLE_KEPT = 10_000
"""Groups the terminal table keeps from its first reading rather than read twice."""


class Report:
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
        """The terminal table: measured on a first reading, and written from the
        groups kept on the way if there were at most :data:`TABLE_KEPT` of them, or
        else from a second reading."""
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
        kept: list[Sequence[Any]] | None = []
        for record in observed:
            layout.measure(self._cells(record))
            any_rejected = any_rejected or record[rejected] > 0
            if kept is not None:
                kept.append(tuple(record))
                if len(kept) > TABLE_KEPT:
                    kept = None  # too many to hold: read them again
        if not any_rejected:
            layout.drop("rejected")
            self.shown.remove(rejected)
        again = records() if kept is None else kept
        lines = layout.lines(self._cells(record) for record in again)
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
