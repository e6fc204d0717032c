"""Every export format says each attribution's review status, ``--status`` chooses
which are exported, and the W3C and PROV exports name the real agents: the extractor
(as software, with prov's version) for a proposal, the person who decided a reviewed
one. On both backends, through the real CLI: an article ingested with ``--extract`` by
one person, partly reviewed by another.
"""

from __future__ import annotations

import csv
import io
import json
from importlib.metadata import version
from pathlib import Path

import pytest
from sqlalchemy import select

from provenance.export.html import HTML_COLUMNS
from provenance.export.latex import LATEX_HEADERS
from provenance.export.tabular import MARKDOWN_HEADERS
from provenance.store.database import Database
from provenance.store.models import Attribution
from tests.conftest import Prov
from tests.test_audit import SECOND_TEXT
from tests.test_export_readers import read_latex_table, read_markdown_table

PROV_VERSION = version("quoteprov")


@pytest.fixture()
def reviewed(prov: Prov, tmp_path: Path) -> tuple[Prov, dict[int, str]]:
    """The article ingested with --extract by alice; bob confirms the first proposal,
    rejects the second and leaves the rest. Returns the stored status of each id."""
    article = tmp_path / "article.txt"
    article.write_text(SECOND_TEXT, encoding="utf-8")
    prov.ok("ingest", str(article), "--extract", "--by", "alice", "--title", "Second")
    prov.ok("review", "--doc", "1", "--by", "bob", input="a\nr\nq\n")
    with Database(prov.target) as database, database.session() as session:
        statuses = {i: s for i, s in session.execute(select(Attribution.id, Attribution.status))}
    assert sorted(statuses.values()).count("confirmed") == 1
    assert sorted(statuses.values()).count("rejected") == 1
    assert sorted(statuses.values()).count("proposed") >= 2
    return prov, statuses


def _export(prov: Prov, fmt: str, *args: str) -> str:
    return prov.ok("export", "--format", fmt, *args).stdout


def _kept(statuses: dict[int, str], *kept: str) -> dict[int, str]:
    return {i: s for i, s in statuses.items() if s in kept}


def test_csv_and_json_rows_carry_the_stored_status(reviewed: tuple[Prov, dict]) -> None:
    prov, statuses = reviewed
    rows = list(csv.DictReader(io.StringIO(_export(prov, "csv"))))
    assert {int(r["id"]): r["status"] for r in rows} == _kept(statuses, "confirmed", "proposed")
    for fmt in ("json", "jsonl"):
        text = _export(prov, fmt)
        items = json.loads(text) if fmt == "json" else [json.loads(x) for x in text.splitlines()]
        assert {r["id"]: r["status"] for r in items} == _kept(statuses, "confirmed", "proposed")


def test_markdown_and_latex_tables_have_a_status_column(reviewed: tuple[Prov, dict]) -> None:
    prov, statuses = reviewed
    header, rows = read_markdown_table(_export(prov, "md"))
    assert tuple(header) == MARKDOWN_HEADERS
    column = header.index("Status")
    assert {int(r[0]): r[column] for r in rows} == _kept(statuses, "confirmed", "proposed")
    latex = read_latex_table(_export(prov, "latex"))
    column = LATEX_HEADERS.index("Status")
    assert {int(r[0]): r[column] for r in latex} == _kept(statuses, "confirmed", "proposed")


def test_html_has_a_status_column(reviewed: tuple[Prov, dict]) -> None:
    prov, statuses = reviewed
    import re

    page = _export(prov, "html", "--status", "all")
    names = [name.casefold() for name, _kind in HTML_COLUMNS]
    column = names.index("status")
    found = {}
    for row in re.findall(r"<tr>(<td.*?)</tr>", page):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
        found[int(cells[0])] = cells[column]
    assert found == statuses


@pytest.mark.parametrize(
    ("option", "kept"),
    [
        (("--status", "confirmed"), ("confirmed",)),
        (("--status", "proposed"), ("proposed",)),
        (("--status", "all"), ("confirmed", "proposed", "rejected")),
        (("--status", "rejected", "--status", "confirmed"), ("confirmed", "rejected")),
        ((), ("confirmed", "proposed")),
    ],
)
def test_status_chooses_what_is_exported(
    reviewed: tuple[Prov, dict], option: tuple[str, ...], kept: tuple[str, ...]
) -> None:
    prov, statuses = reviewed
    rows = list(csv.DictReader(io.StringIO(_export(prov, "csv", *option))))
    assert {int(r["id"]): r["status"] for r in rows} == _kept(statuses, *kept)


def _bodies(annotation: dict) -> dict[str, dict]:
    return {body["purpose"]: body for body in annotation["body"]}


def test_w3c_names_the_extractor_and_the_reviewer(reviewed: tuple[Prov, dict]) -> None:
    prov, statuses = reviewed
    annotations = json.loads(_export(prov, "w3c", "--status", "all"))
    assert len(annotations) == len(statuses)
    software = {"type": "Software", "name": f"prov {PROV_VERSION} extract"}
    seen = set()
    for item in annotations:
        assert item["creator"] == software  # never the OS user as a program's name
        assert item["generator"]["name"] == f"prov {PROV_VERSION}"
        review = _bodies(item)["moderating"]
        seen.add(review["value"])
        if review["value"] == "proposed":
            assert "creator" not in review
        else:
            assert review["creator"] == {"type": "Person", "nickname": "bob"}
        assert f"review: {review['value']}" in _bodies(item)["describing"]["value"]
    assert seen == {"confirmed", "rejected", "proposed"}


def test_w3c_names_the_person_who_added_an_attribution_by_hand(seeded: Prov) -> None:
    seeded.ok("add", "--doc", "1", "--by", "carol", "--speaker", "Recep Tayyip Erdoğan",
              "--quote", "the main foreign power in Syria")  # fmt: skip
    annotations = json.loads(_export(seeded, "w3c"))
    creators = {json.dumps(a.get("creator"), sort_keys=True) for a in annotations}
    assert json.dumps({"type": "Person", "nickname": "carol"}, sort_keys=True) in creators
    assert not any("Software" in c for c in creators)


def test_prov_json_names_the_extractor_and_the_reviewer(reviewed: tuple[Prov, dict]) -> None:
    from prov.constants import PROV, PROV_LABEL, PROV_TYPE
    from prov.model import (
        ProvActivity,
        ProvAgent,
        ProvAssociation,
        ProvDelegation,
        ProvDocument,
        ProvGeneration,
        ProvUsage,
    )

    prov, statuses = reviewed
    document = ProvDocument.deserialize(
        content=_export(prov, "prov-json", "--status", "all"), format="json"
    )
    records = list(document.get_records())
    agents = {r.identifier: r for r in records if isinstance(r, ProvAgent)}

    def labels(kind: str) -> set[str]:
        return {
            str(next(iter(a.get_attribute(PROV_LABEL))))
            for a in agents.values()
            if PROV[kind] in a.get_attribute(PROV_TYPE)
        }

    assert labels("SoftwareAgent") == {f"prov {PROV_VERSION} extract"}
    assert {"alice", "bob"} <= labels("Person")
    activities = {r.identifier for r in records if isinstance(r, ProvActivity)}
    generated = {
        r.get_attribute("prov:entity").pop(): r.get_attribute("prov:activity").pop()
        for r in records
        if isinstance(r, ProvGeneration)
    }
    assert len(generated) == len(statuses) and set(generated.values()) <= activities
    associations = {
        (r.get_attribute("prov:activity").pop(), r.get_attribute("prov:agent").pop())
        for r in records
        if isinstance(r, ProvAssociation)
    }
    by_label = {str(next(iter(a.get_attribute(PROV_LABEL)))): i for i, a in agents.items()}
    software, alice, bob = (by_label[f"prov {PROV_VERSION} extract"], by_label["alice"],
                            by_label["bob"])  # fmt: skip
    assert all((activity, software) in associations for activity in set(generated.values()))
    delegations = {
        (r.get_attribute("prov:delegate").pop(), r.get_attribute("prov:responsible").pop())
        for r in records
        if isinstance(r, ProvDelegation)
    }
    assert (software, alice) in delegations
    used = [r for r in records if isinstance(r, ProvUsage)]
    assert len(used) == 2  # the confirmed and the rejected proposal
    for usage in used:
        assert (usage.get_attribute("prov:activity").pop(), bob) in associations
