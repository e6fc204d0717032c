"""Claims are found by a hash of their key, and the key is derived from their text
(migration 0011): the same claim is still one claim across documents, keys that share
a hash stay apart, and the migration takes a database holding keys to the new layout
and back, on the seed and over batches of many thousand claims, on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import inspect, select, text

from provenance.attributions.recording import (
    claim_for,
    claim_key,
    claim_key_hash,
    claim_key_of,
    claim_text,
)
from provenance.interchange.seed import load_seed
from provenance.store.database import Database
from provenance.store.models import Claim
from tests.conftest import Prov

CONTENTS = [
    "“We will not allow a fait accompli,” he said.",
    "talks would resume  next week.",
    "Talks would resume next week",
    "a pre-existing deconfliction mechanism",
    "Erdoğan’s office said the talks “went well”",
    "ERDOGAN'S office said the talks went well.",
    "Ｆｕｌｌ－ｗｉｄｔｈ",
]


@given(st.text())
def test_a_key_derived_from_the_stored_text_is_the_key_of_the_content(content: str) -> None:
    assert claim_key_of(claim_text(content)) == claim_key(content)
    assert -(2**63) <= claim_key_hash(claim_key(content)) < 2**63


def test_claims_of_one_key_are_one_claim_and_a_shared_hash_keeps_two(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with database.session() as session:
        first = claim_for(session, "“Talks would resume next week,”")
        assert claim_for(session, "talks would resume  next week.") is first
        other = claim_for(session, "talks would stop")
        assert other is not first
        # every key hashed alike: the keys still tell the claims apart
        monkeypatch.setattr("provenance.attributions.recording.claim_key_hash", lambda key: 7)
        a = claim_for(session, "the ceasefire held")
        b = claim_for(session, "the ceasefire broke")
        assert a is not b and a.key_hash == b.key_hash == 7
        assert claim_for(session, "The ceasefire held.") is a
        session.rollback()


def test_an_import_finds_the_claims_already_stored(seeded: Prov, tmp_path: Path) -> None:
    """A bundle's quote that the seed already holds joins the seed's claim."""
    import json

    quote = (
        "it was natural Israel be added to a pre-existing deconfliction mechanism for "
        "Syria, similar to those with the US, Russia and other regional states"
    )
    body = f"Fidan said {quote}, a ministry note added.\n"
    start = body.index(quote)
    line = {
        "document": {"title": "Echo", "text": body},
        "attributions": [
            {
                "speaker": {"name": "Hakan Fidan", "type": "person"},
                "strength": "on_record",
                "mode": "indirect",
                "content": {"start": start, "end": start + len(quote), "exact": quote},
            }
        ],
    }
    bundle = tmp_path / "echo.jsonl"
    bundle.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with Database(seeded.target) as database, database.session(write=False) as session:
        before = session.scalars(select(Claim).where(Claim.text == quote)).all()
    seeded.ok("import", str(bundle))
    with Database(seeded.target) as database, database.session(write=False) as session:
        after = session.scalars(select(Claim).where(Claim.text == quote)).all()
    assert len(before) == 1 and [c.id for c in after] == [before[0].id]


def _claim_columns(database: Database) -> set[str]:
    return {c["name"] for c in inspect(database.engine).get_columns("claims")}


@pytest.mark.parametrize("extra", [0, 45_000])
def test_0011_goes_down_and_up_over_stored_claims(fresh_target: str, extra: int) -> None:
    """Down to 0010 the keys are stored again; up to head they are gone and every
    claim's hash is its derived key's, over the seed and, with ``extra`` claims
    added at 0010, over three batches."""
    from alembic import command

    from provenance.store.migrate import alembic_config, upgrade
    from provenance.store.verify import verify

    database = Database(fresh_target)
    with database.session() as session:
        load_seed(session, actor="tester")
        expected = {c.id: claim_key_of(c.text) for c in session.scalars(select(Claim))}
    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0010")
    assert "key" in _claim_columns(database) and "key_hash" not in _claim_columns(database)
    with database.engine.begin() as connection:
        stored = dict(connection.execute(text("SELECT id, key FROM claims")).all())
        assert stored == expected
        if extra:  # many claims, a few of them texts the seed already has
            rows = [
                {"text": f"Claim number {n}, in full." if n % 7 else CONTENTS[n % 3], "key": "x"}
                for n in range(extra)
            ]
            connection.execute(
                text(
                    "INSERT INTO claims (text, key, created_at) VALUES (:text, :key, '2025-01-01')"
                ),
                rows,
            )
    upgrade(database.engine, "head")
    assert "key" not in _claim_columns(database) and "key_hash" in _claim_columns(database)
    with database.session() as session:
        claims = session.execute(select(Claim.id, Claim.text, Claim.key_hash)).all()
        assert len(claims) == len(expected) + extra
        assert all(h == claim_key_hash(claim_key_of(t)) for _, t, h in claims)
        # the seed's claims are found again by their text, first stored first
        for claim_id, key in expected.items():
            found = session.get(Claim, claim_id)
            assert found is not None and claim_for(session, found.text).id <= claim_id
            assert claim_key_of(claim_for(session, found.text).text) == key
        session.rollback()
    with database.engine.connect() as conn:
        assert verify(conn) == []
    database.close()
