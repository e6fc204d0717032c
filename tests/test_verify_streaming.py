"""``verify`` reads each table once, as it streams (a server-side cursor on PostgreSQL),
the attributions merged with their documents in one pass: with a few rows read at a
time, so that the database spans many batches, it passes a clean database and still
finds a span broken in the last document, an attribution whose document is gone, and
an attribution missing from the search index, on both backends."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from provenance.store import verify as verifying
from provenance.store.database import Database
from tests.conftest import Prov


@pytest.fixture()
def corpus(seeded: Prov, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Prov:
    """The seed and twelve short articles of two attributions each, read three rows at
    a time."""
    lines = []
    for n in range(12):
        body = f"Minister Number{n} said talks would resume in week {n}, and aides agreed.\n"
        spans = [(f"talks would resume in week {n}", f"Minister Number{n}"),
                 ("aides agreed", None)]  # fmt: skip
        attributions = []
        for quote, source in spans:
            start = body.index(quote)
            record = {
                "speaker": {"name": f"Number{n}", "type": "person"},
                "strength": "on_record",
                "mode": "indirect",
                "content": {"start": start, "end": start + len(quote), "exact": quote},
            }
            if source:
                at = body.index(source)
                record["source"] = {"start": at, "end": at + len(source), "exact": source}
            attributions.append(record)
        lines.append(
            {"document": {"title": f"Talks {n}", "text": body}, "attributions": attributions}
        )
    bundle = tmp_path / "corpus.jsonl"
    bundle.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    seeded.ok("import", str(bundle))
    monkeypatch.setattr(verifying, "BATCH", 3)
    return seeded


def _behind_provs_back(target: str, backend: str, *statements: str) -> None:
    if backend == "sqlite":
        with sqlite3.connect(target) as conn:
            conn.execute("PRAGMA foreign_keys = OFF")
            for statement in statements:
                conn.execute(statement)
        return
    database = Database(target, migrate=False)
    with database.engine.begin() as conn:
        conn.execute(text("SET session_replication_role = replica"))  # triggers off
        for statement in statements:
            conn.execute(text(statement))
    database.close()


def _last_attribution(target: str) -> int:
    with Database(target) as database, database.engine.connect() as conn:
        return int(conn.execute(text("SELECT max(id) FROM attributions")).scalar_one())


def test_a_clean_corpus_read_a_few_rows_at_a_time_verifies(corpus: Prov) -> None:
    result = corpus.ok("verify")
    assert "13 document(s)" in result.output


def test_a_span_broken_in_the_last_document_is_found(corpus: Prov, backend: str) -> None:
    last = _last_attribution(corpus.target)
    _behind_provs_back(
        corpus.target,
        backend,
        f"UPDATE attributions SET content_start = content_start + 1 WHERE id = {last}",
    )
    result = corpus("verify")
    assert result.exit_code == 1
    assert f"attribution {last}: content span" in result.output


def test_an_attribution_whose_document_is_gone_is_named_once(corpus: Prov, backend: str) -> None:
    with Database(corpus.target) as database, database.engine.connect() as conn:
        doc = conn.execute(text("SELECT max(document_id) FROM attributions")).scalar_one()
    _behind_provs_back(corpus.target, backend, f"DELETE FROM documents WHERE id = {doc}")
    result = corpus("verify")
    assert result.exit_code == 1
    assert f"document_id points at missing documents row {doc}" in result.output
    assert "span" not in result.output  # a span of no document is not a span problem


def test_an_attribution_missing_from_the_search_index_is_found(corpus: Prov, backend: str) -> None:
    last = _last_attribution(corpus.target)
    if backend == "sqlite":
        # an external-content FTS5 index forgets a row through its 'delete' command,
        # given the values it indexed
        statements = [
            "INSERT INTO attribution_fts (attribution_fts, rowid, content, claim, speaker, "
            "title) SELECT 'delete', attribution_id, content, claim, speaker, title "
            f"FROM attribution_search_source WHERE attribution_id = {last}"
        ]
    else:
        statements = [f"DELETE FROM attribution_search WHERE attribution_id = {last}"]
    _behind_provs_back(corpus.target, backend, *statements)
    result = corpus("verify")
    assert result.exit_code == 1
    assert "search index" in result.output
