"""An export streams: rows read a few at a time give the very output that one read of
them all gives, in every citation format, on both backends, over a database whose
attributions span many batches; and what comes out is what the bundle put in.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from provenance.export import FORMATS, Export
from provenance.store.database import Database
from tests.conftest import Prov
from tests.test_corpus_import import newsroom_bundle, write_bundle

REPORTS = 300
"""About 1,700 attributions: many batches of 7, two of the default 1,000."""

CITATION_FORMATS = sorted(name for name, f in FORMATS.items() if f.reads == "citations")


@pytest.fixture()
def newsroom(prov: Prov, tmp_path: Path) -> tuple[Prov, list[str]]:
    lines = newsroom_bundle(REPORTS)
    prov.ok("import", str(write_bundle(tmp_path / "newsroom.jsonl", lines)))
    return prov, lines


def _export(target: str, name: str, batch_rows: int | None) -> tuple[str, int]:
    database = Database(target)
    try:
        with database.session(write=False) as session:
            export = Export(session, name, batch_rows=batch_rows)
            output = "".join(export)
            return output, export.count
    finally:
        database.close()


def _digests(target: str) -> dict[int, str]:
    url = target if "://" in target else f"sqlite:///{target}"
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT id, sha256 FROM documents")).all()
    finally:
        engine.dispose()
    return {document_id: digest for document_id, digest in rows}


def _kept_from_bundle(lines: list[str]) -> set[tuple[Any, ...]]:
    """What a default export holds, read from the bundle itself: the latest version
    of each article (not one a correction revises), all but rejected attributions."""
    records = [json.loads(line) for line in lines]
    revised = {r["document"]["revises"] for r in records if r["document"].get("revises")}
    kept = set()
    for record in records:
        digest = hashlib.sha256(record["document"]["text"].encode("utf-8")).hexdigest()
        if digest in revised:
            continue
        for a in record["attributions"]:
            if a["status"] == "rejected":
                continue
            content = a["content"]
            speaker = a["speaker"]["name"] if a["speaker"] else None
            kept.add(
                (digest, content["start"], content["end"], content["exact"], speaker, a["status"])
            )
    return kept


@pytest.mark.parametrize("name", CITATION_FORMATS)
def test_a_streamed_export_is_the_export_read_in_one_go(
    newsroom: tuple[Prov, list[str]], name: str
) -> None:
    prov, lines = newsroom
    expected = len(_kept_from_bundle(lines))
    assert expected > 1000  # more than one default batch

    whole, whole_count = _export(prov.target, name, batch_rows=10**9)
    streamed, streamed_count = _export(prov.target, name, batch_rows=7)
    default, default_count = _export(prov.target, name, batch_rows=None)

    assert whole_count == streamed_count == default_count == expected
    assert streamed == whole
    assert default == whole


def test_a_streamed_export_holds_what_the_bundle_put_in_in_reading_order(
    newsroom: tuple[Prov, list[str]],
) -> None:
    prov, lines = newsroom
    output, _ = _export(prov.target, "jsonl", batch_rows=7)
    rows = [json.loads(line) for line in output.splitlines()]
    digests = _digests(prov.target)

    got = {
        (digests[r["document"]], r["start"], r["end"], r["quote"], r["speaker"], r["status"])
        for r in rows
    }
    assert len(got) == len(rows)
    assert got == _kept_from_bundle(lines)
    # by document, then by position in it
    order = [(r["document"], r["start"], r["end"]) for r in rows]
    assert order == sorted(order)
    # every document of the bundle has a URL, so every quote has a link to its words
    assert all(r["link"] and r["link"].startswith(r["url"] + "#:~:text=") for r in rows)
