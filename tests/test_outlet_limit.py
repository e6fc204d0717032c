"""An outlet name longer than the database can hold (200 characters, the column's
length on PostgreSQL) is refused the same way on both backends, so that a backup
made on one restores on the other: in one line naming the input, with nothing
written; a corpus ingest reports the one record as failed and stores the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from provenance.documents.ingest import OUTLET_NAME_MAX
from provenance.store.database import Database
from provenance.store.models import Document, Outlet
from tests.conftest import Prov

LONG = "The " + "Very " * 60 + "Long Gazette"


def _stored(target: str) -> tuple[int, int]:
    with Database(target) as database, database.session(write=False) as session:
        return (
            session.scalar(select(func.count()).select_from(Document)) or 0,
            session.scalar(select(func.count()).select_from(Outlet)) or 0,
        )


def test_the_limit_is_the_columns() -> None:
    assert OUTLET_NAME_MAX == 200 < len(LONG)


@pytest.mark.parametrize("extra", [0, 1])
def test_ingest_takes_an_outlet_up_to_the_limit_and_refuses_one_past_it(
    prov: Prov, tmp_path: Path, extra: int
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Officials said talks would resume.\n", encoding="utf-8")
    name = "G" * (OUTLET_NAME_MAX + extra)
    result = prov("ingest", str(article), "--outlet", name)
    if extra:
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert f"at most {OUTLET_NAME_MAX} fit" in result.output
        assert _stored(prov.target) == (0, 0)
    else:
        assert result.exit_code == 0, result.output
        assert _stored(prov.target) == (1, 1)


def test_a_bundle_line_with_a_long_outlet_is_refused_by_its_line(
    prov: Prov, tmp_path: Path
) -> None:
    lines = [
        {"document": {"title": "Fine", "outlet": "Ledger", "text": "Aides agreed.\n"}},
        {"document": {"title": "Long", "outlet": LONG, "text": "Officials said so.\n"}},
    ]
    bundle = tmp_path / "b.jsonl"
    bundle.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = prov("import", str(bundle))
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "b.jsonl:2:" in result.output and f"at most {OUTLET_NAME_MAX} fit" in result.output
    assert _stored(prov.target) == (0, 0)  # the bundle is checked before anything is stored


def test_a_corpus_record_with_a_long_outlet_fails_alone(
    prov: Prov, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # where the failure report is written
    records = tmp_path / "crawl.jsonl"
    rows = [
        {"text": "Officials said talks would resume.", "outlet": LONG},
        {"text": "Aides said the plan held.", "outlet": "Ledger"},
    ]
    records.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = prov.ok("ingest", str(records))
    assert "stored 1 document(s)" in result.output and "1 failed" in result.output
    assert _stored(prov.target) == (1, 1)
    (report,) = tmp_path.glob("prov-ingest-failures-*.jsonl")
    assert f"at most {OUTLET_NAME_MAX} fit" in report.read_text(encoding="utf-8")
