"""The audit streams: its groups are grouped, sorted and labelled in SQL and written as
the database returns them, and what is written is what the whole audit, held in
memory and rendered at once, would be, on a database that spans several batches, in
every format, grouping and counting, on both backends.

The order is checked against one computed here from the stored attributions alone
(counted in Python, sorted by Python's casefold), with names that fold differently
from how they lower (İ, ß, ς, ligatures) and many groups tied on their figures."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from provenance.audit import ratios
from provenance.audit.ratios import STRENGTH_CLASSES, audit, audit_columns
from provenance.cli import output
from provenance.cli.audit_report import ratio_cell
from provenance.cli.output import render_csv, render_markdown, render_table
from provenance.store.database import Database
from provenance.store.models import Attribution, Document, Outlet, Speaker
from tests.conftest import Prov

GROUPINGS = ("document", "outlet", "speaker", "month")
# Tied named speakers (one on-record attribution each) whose order Python's casefold
# decides differently from lower(): ß, a ligature, a final sigma, a dotted capital I.
NAMES = [
    "İlker Demir",
    "Ilker Demir",
    "Strauß Anna",
    "Straut Carl",
    "Strauss Bert",
    "ﬁona Hill",
    "Fjona Hale",
    "Fiona Hilton",
    "ΠΑΠΠΑΣ Ω",
    "παππασ α",
    "Émile Zola",
    "Emile Zolb",
]
OUTLETS = ["the Gazette", "Gazette", "Ledger", "ΕΘΝΟΣ", "Straße Zeitung", "strasse Post"]


@pytest.fixture()
def corpus(seeded: Prov, tmp_path: Path) -> Prov:
    """The seed and 30 small articles: named speakers whose names fold and lower
    differently, an unnamed source of one name in every document, outlets and titles
    that differ in case only, undated articles, and a reviewed, proposed and rejected
    mix, so that many groups tie in ratio and size."""
    lines = []
    for n in range(30):
        name = NAMES[n] if n < len(NAMES) else "Officials of the ministry"
        text = (
            f"Officials met in city {n}. A person familiar with the matter said talks "
            f"would resume in week {n}. {name} said the plan held, and {name} said "
            f"more would follow.\n"
        )
        unnamed = {
            "speaker": {"name": "a person familiar with the matter", "type": "unnamed"},
            "strength": "anonymous_vague",
            "mode": "indirect",
            "status": ["confirmed", "proposed", "rejected"][n % 3],
            "content": _span(text, f"talks would resume in week {n}"),
            "source": _span(text, "A person familiar with the matter"),
        }
        named = {
            "speaker": {"name": name, "type": "person" if n < len(NAMES) else "organization"},
            "strength": "on_record",
            "mode": "indirect",
            "status": "confirmed" if n < len(NAMES) else ["proposed", "rejected"][n % 2],
            "content": _span(text, "the plan held"),
            "source": _span(text, name),
        }
        more = {
            "speaker": {"name": name, "type": "organization"},
            "strength": "anonymous_described",
            "mode": "indirect",
            "status": "proposed",
            "content": _span(text, "more would follow"),
            "source": _span(text, name, after=text.index(", and")),
        }
        document: dict[str, Any] = {
            "title": f"Talks {n % 7}" if n % 5 else f"talks {n % 7}",
            "outlet": OUTLETS[n % len(OUTLETS)],
            "text": text,
        }
        if n % 4:
            document["published"] = f"202{n % 3}-{1 + n % 12:02d}-1{n % 9}"
        attributions = [unnamed, named] + ([more] if n >= len(NAMES) and n % 3 == 0 else [])
        lines.append({"document": document, "attributions": attributions})
    bundle = tmp_path / "corpus.jsonl"
    bundle.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    seeded.ok("import", str(bundle))
    return seeded


def _span(text: str, exact: str, after: int = 0) -> dict[str, Any]:
    start = text.index(exact, after)
    return {"start": start, "end": start + len(exact), "exact": exact}


@pytest.fixture()
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read and write a few groups at a time, so that the corpus spans many batches."""
    monkeypatch.setattr(ratios, "BATCH", 3)
    monkeypatch.setattr(output, "STREAM_CHUNK", 4)


def _expected(session: Any, by: str, statuses: set[str]) -> list[tuple[Any, str, dict[str, int]]]:
    """(key, label, counts) of every group, counted and ordered here in Python."""
    latest = {d.id for d in session.scalars(select(Document))} - {
        d.revises_id for d in session.scalars(select(Document)) if d.revises_id
    }
    counts: dict[Any, Counter[str]] = defaultdict(Counter)
    names: dict[Any, tuple[str, Any]] = {}
    for a in session.scalars(select(Attribution)):
        if a.status not in statuses or a.document_id not in latest:
            continue
        document = session.get(Document, a.document_id)
        if by == "speaker":
            speaker = session.get(Speaker, a.speaker_id) if a.speaker_id else None
            key: Any = speaker.id if speaker else None
            names[key] = (
                (speaker.name, speaker.document_id) if speaker else
                ("(the reporter's own assertions)", None)
            )  # fmt: skip
        elif by == "document":
            key = document.id
            names[key] = (document.title or f"document {key}", None)
        elif by == "outlet":
            outlet = session.get(Outlet, document.outlet_id) if document.outlet_id else None
            key = outlet.name if outlet else None
            names[key] = (key or "(no outlet)", None)
        else:
            day = document.published
            key = f"{day.year:04d}-{day.month:02d}" if day else None
            names[key] = (key or "(undated)", None)
        counts[key][a.strength] += 1
    sharing = Counter(name for name, _ in names.values())

    def label(key: Any) -> str:
        name, scope = names[key]
        return f"{name} (doc {scope})" if by == "speaker" and scope and sharing[name] > 1 else name

    def ratio(key: Any) -> float | None:
        sourced = sum(n for s, n in counts[key].items() if s != "unattributed")
        unnamed = counts[key]["anonymous_described"] + counts[key]["anonymous_vague"]
        return unnamed / sourced if sourced else None

    def order(key: Any) -> tuple[Any, ...]:
        if by == "month":
            return (key is None, key or "")
        r = ratio(key)
        return (r is None, -(r or 0.0), -sum(counts[key].values()),
                names[key][0].casefold(), key if by in ("speaker", "document") else 0)  # fmt: skip

    return [
        (key, label(key), {s: counts[key][s] for s in STRENGTH_CLASSES})
        for key in sorted(counts, key=lambda k: (order(k)[:-1], order(k)[-1] or 0))
    ]


@pytest.mark.parametrize("by", GROUPINGS)
@pytest.mark.parametrize("status", ["default", "all"])
def test_groups_come_counted_labelled_and_ordered_as_counted_here(
    corpus: Prov, small_batches: None, by: str, status: str
) -> None:
    from provenance.attributions.filters import AttributionFilter

    statuses = {"confirmed", "proposed"} | ({"rejected"} if status == "all" else set())
    chosen = AttributionFilter(statuses=tuple(sorted(statuses)))
    with Database(corpus.target) as database, database.session(write=False) as session:
        rows = audit(session, by=by, filter=chosen)
        expected = _expected(session, by, statuses)
    got = [(row.details.get("speaker_id", row.key), row.label, row.counts) for row in rows]
    assert got == expected
    assert len(rows) > 3  # more than one batch of 3


def _as_dicts(corpus: Prov, by: str, count: str) -> list[dict[str, Any]]:
    with Database(corpus.target) as database, database.session(write=False) as session:
        return [row.as_dict() for row in audit(session, by=by, count=count)]


@pytest.mark.parametrize("by", GROUPINGS)
@pytest.mark.parametrize("count", ["attributions", "distinct-sources"])
def test_every_streamed_format_is_what_the_whole_audit_renders(
    corpus: Prov, small_batches: None, by: str, count: str
) -> None:
    rows = _as_dicts(corpus, by, count)
    columns = audit_columns(by)
    assert len(rows) > 4  # more than one chunk of 4

    def printed(fmt: str) -> str:
        return corpus.ok("audit", "--by", by, "--count", count, "--format", fmt).stdout

    assert printed("json") == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    assert printed("jsonl") == "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    assert printed("csv") == render_csv(rows, columns)
    assert printed("md") == render_markdown(rows, columns)


@pytest.mark.parametrize("by", GROUPINGS)
@pytest.mark.parametrize("kept", [2, 10_000], ids=["read-twice", "kept"])
def test_the_streamed_terminal_table_is_the_table_of_the_whole_audit(
    corpus: Prov, small_batches: None, by: str, kept: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Measured on a first reading, the table is written from the groups it kept, or,
    past ``TABLE_KEPT`` of them, from a second reading: the same table either way."""
    from provenance.cli import audit_report

    monkeypatch.setattr(audit_report, "TABLE_KEPT", kept)
    with Database(corpus.target) as database, database.session(write=False) as session:
        rows = audit(session, by=by)
    first = {"document": "doc", "outlet": "outlet", "speaker": "speaker", "month": "month"}[by]
    headers = ["on record", "official", "documentary", "described", "vague", "unattributed"]
    reviews = ["confirmed", "proposed"]
    if any(row.reviews["rejected"] for row in rows):
        reviews.append("rejected")
    columns = [first, *(["title"] if by == "document" else []), "total", *reviews, *headers]
    columns.append("unnamed")
    table = []
    for row in rows:
        cells: dict[str, Any] = {first: row.key if by == "document" else row.label}
        if by == "document":
            cells["title"] = row.label
        cells["total"] = row.attributions
        cells.update({r: row.reviews[r] for r in reviews})
        cells.update(dict(zip(headers, (row.counts[s] for s in STRENGTH_CLASSES), strict=True)))
        cells["unnamed"] = ratio_cell(row)
        table.append(cells)
    wrap = "title" if by == "document" else first
    for width in ("60", "120", "200"):
        printed = Prov(corpus.target)
        printed.runner.env = {"COLUMNS": width}
        out = printed.ok("audit", "--by", by).stdout
        expected = render_table(table, columns, wrap=wrap, width=int(width))
        assert out.startswith(expected)
        assert out[len(expected) :].startswith(f"all {len(rows)} ")
