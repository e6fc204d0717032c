"""An audit says what its numbers rest on: confirmed attributions apart from proposals
nobody has reviewed, in every grouping, counting and output format, on both backends.

The database: the seed article (all confirmed) and a second article imported as a
bundle whose attributions carry mixed review statuses, as an ``ingest --extract``
followed by a partial review leaves them. Expected counts are made by counting the
stored rows in plain Python, not by the audit's own SQL.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from provenance.audit.ratios import audit, total_row
from provenance.store.database import Database
from provenance.store.models import Attribution
from tests.conftest import BACKENDS, Prov
from tests.test_audit import second_article_bundle, seed_and_bundle

# the second article's six attributions, in bundle order, get these statuses:
# its own assertion, State Department, the officials (unnamed), Fidan, Ankara,
# the person familiar (unnamed)
SECOND_STATUSES = ["proposed", "confirmed", "proposed", "rejected", "proposed", "confirmed"]
UNNAMED = {"anonymous_described", "anonymous_vague"}


def _mixed_bundle(folder: Path) -> Path:
    path = second_article_bundle(folder)
    line = json.loads(path.read_text(encoding="utf-8"))
    for attribution, status in zip(line["attributions"], SECOND_STATUSES, strict=True):
        attribution["status"] = status
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=BACKENDS)
def reviewed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Prov]:
    bundle = _mixed_bundle(tmp_path_factory.mktemp("bundle"))
    with seed_and_bundle(request, tmp_path_factory, bundle) as prov:
        yield prov


def _stored(prov: Prov) -> list[tuple[int, int | None, str, str]]:
    with Database(prov.target) as database, database.session() as session:
        return [
            tuple(row)
            for row in session.execute(
                select(
                    Attribution.document_id,
                    Attribution.speaker_id,
                    Attribution.strength,
                    Attribution.status,
                )
            )
        ]


def _audit_json(prov: Prov, *args: str) -> list[dict]:
    return json.loads(prov.ok("audit", *args, "--format", "json").stdout)


def _second_doc(rows: list[dict]) -> dict:
    (row,) = [r for r in rows if r["document"] != 1]
    return row


def test_each_document_says_how_many_are_confirmed_and_proposed(reviewed: Prov) -> None:
    stored = _stored(reviewed)
    rows = _audit_json(reviewed)
    for row in rows:
        mine = [s for s in stored if s[0] == row["document"] and s[3] != "rejected"]
        statuses = Counter(s[3] for s in mine)
        assert row["confirmed"] == statuses["confirmed"]
        assert row["proposed"] == statuses["proposed"]
        assert row["rejected"] == 0
        assert row["sourced_proposed"] == sum(
            1 for s in mine if s[3] == "proposed" and s[2] != "unattributed"
        )
        assert row["confirmed"] + row["proposed"] == row["attributions"]
    second = _second_doc(rows)
    # the own assertion, the officials and Ankara are proposed; two of them are sourced
    assert (second["confirmed"], second["proposed"], second["sourced_proposed"]) == (2, 3, 2)


def test_the_table_marks_a_ratio_that_rests_on_proposals(reviewed: Prov) -> None:
    out = reviewed.ok("audit").stdout
    lines = {line.split()[0]: line for line in out.splitlines() if line[:1].isdigit()}
    second_id = str(_second_doc(_audit_json(reviewed))["document"])
    assert "proposed)" not in lines["1"]
    assert lines[second_id].rstrip().endswith("2/4 (2 proposed)")
    assert "not reviewed: 2 of the 30 sourced attributions" in out
    assert "--status confirmed" in out


def test_status_confirmed_counts_reviewed_attributions_only(reviewed: Prov) -> None:
    second = _second_doc(_audit_json(reviewed, "--status", "confirmed"))
    # State Department (named) and the person familiar (unnamed): 1 of 2
    assert (second["attributions"], second["proposed"], second["unnamed"]) == (2, 0, 1)
    assert second["unnamed_ratio"] == 0.5
    out = reviewed.ok("audit", "--status", "confirmed").stdout
    assert "proposed)" not in out and "not reviewed" not in out


def test_status_all_also_counts_rejected_ones_in_their_own_column(reviewed: Prov) -> None:
    stored = _stored(reviewed)
    rows = _audit_json(reviewed, "--status", "all")
    assert sum(r["attributions"] for r in rows) == len(stored)
    assert sum(r["rejected"] for r in rows) == sum(1 for s in stored if s[3] == "rejected") == 1
    header = reviewed.ok("audit", "--status", "all").stdout.splitlines()[0].split()
    assert header[3:6] == ["confirmed", "proposed", "rejected"]
    assert "rejected" not in reviewed.ok("audit").stdout.splitlines()[0]


@pytest.mark.parametrize("by", ["outlet", "speaker", "month"])
def test_every_grouping_adds_up_to_the_stored_statuses(reviewed: Prov, by: str) -> None:
    stored = [s for s in _stored(reviewed) if s[3] != "rejected"]
    rows = _audit_json(reviewed, "--by", by)
    assert sum(r["proposed"] for r in rows) == sum(1 for s in stored if s[3] == "proposed")
    assert sum(r["confirmed"] for r in rows) == sum(1 for s in stored if s[3] == "confirmed")
    assert sum(r["sourced_proposed"] for r in rows) == 2


def test_csv_carries_the_review_columns(reviewed: Prov) -> None:
    header = reviewed.ok("audit", "--format", "csv").stdout.splitlines()[0].split(",")
    assert header[-5:] == ["confirmed", "proposed", "rejected", "sourced_proposed", "counted"]


def test_a_distinct_source_is_proposed_while_any_of_its_attributions_is(reviewed: Prov) -> None:
    stored = [s for s in _stored(reviewed) if s[3] != "rejected"]
    sources: dict[tuple[int, int | None], set[str]] = {}
    for doc, speaker, _strength, status in stored:
        sources.setdefault((doc, speaker), set()).add(status)
    rows = _audit_json(reviewed, "--count", "distinct-sources")
    assert sum(r["attributions"] for r in rows) == len(sources)
    assert sum(r["proposed"] for r in rows) == sum(1 for s in sources.values() if "proposed" in s)
    assert sum(r["confirmed"] for r in rows) == sum(
        1 for s in sources.values() if s == {"confirmed"}
    )


def test_the_gate_says_a_failing_ratio_rests_on_proposals(reviewed: Prov) -> None:
    result = reviewed("audit", "--fail-above", "0.45")
    assert result.exit_code == 1
    assert "50.0% (2/4; 2 proposed)" in result.stderr


def test_library_rows_and_their_total_carry_the_review_counts(reviewed: Prov) -> None:
    with Database(reviewed.target) as database, database.session() as session:
        rows = audit(session)
    total = total_row(rows)
    stored = [s for s in _stored(reviewed) if s[3] != "rejected"]
    assert total.proposed == sum(1 for s in stored if s[3] == "proposed")
    assert total.sourced_proposed == 2
    unnamed_proposed = sum(1 for s in stored if s[3] == "proposed" and s[2] in UNNAMED)
    assert unnamed_proposed == 1


def test_the_chart_notes_proposals_and_keeps_the_note_inside_the_picture(
    reviewed: Prov, tmp_path: Path
) -> None:
    import xml.etree.ElementTree as ET

    from provenance.audit.chart import CHAR_WIDTH, WIDTH

    chart = tmp_path / "audit.svg"
    reviewed.ok("audit", "--chart", str(chart))
    texts = [
        (float(t.get("x", 0)), t.text or "")
        for t in ET.parse(chart).iter("{http://www.w3.org/2000/svg}text")
    ]
    notes = [(x, text) for x, text in texts if " unnamed (" in text]
    assert any(text.endswith("(2/4; 2 proposed)") for _x, text in notes)
    assert any(text.endswith("(11/26)") for _x, text in notes)
    for x, text in notes:
        assert x + len(text) * CHAR_WIDTH <= WIDTH
