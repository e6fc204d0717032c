"""A speaker name holding a "word" longer than the speaker index's column (80
characters) is stored and found again on both backends, by hand and by import; the
index holds its first 80 characters (migration 0012 cuts what a database holds)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from provenance.language.names import TOKEN_MAX, name_tokens
from provenance.store.database import Database
from provenance.store.models import SpeakerToken
from tests.conftest import Prov

WORD = "Abcdefghij" * 10  # 100 letters, no space
NAME = f"Minister {WORD}"


def test_the_limit_is_the_columns() -> None:
    assert SpeakerToken.__table__.c.token.type.length == TOKEN_MAX  # type: ignore[attr-defined]
    assert max(map(len, name_tokens(NAME))) == TOKEN_MAX


def test_a_long_word_in_a_name_is_stored_and_found_again(prov: Prov, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(f"Officials said talks would resume, {NAME} said.\n", encoding="utf-8")
    prov.ok("ingest", str(article))
    prov.ok("add", "--doc", "1", "--quote", "talks would resume", "--source", NAME,
            "--strength", "on_record")  # fmt: skip
    shown = prov.ok("speaker", "show", NAME)
    assert WORD in shown.output and "talks would resume" in shown.output  # "Minister": a role
    prov.ok("verify")


def test_an_import_stores_a_name_with_a_long_word(prov: Prov, tmp_path: Path) -> None:
    body = f"{NAME} said the plan held.\n"
    quote = "the plan held"
    start = body.index(quote)
    line = {
        "document": {"title": "Plan", "text": body},
        "attributions": [
            {
                "speaker": {"name": NAME, "type": "person"},
                "strength": "on_record",
                "mode": "indirect",
                "content": {"start": start, "end": start + len(quote), "exact": quote},
                "source": {"start": 0, "end": len(NAME), "exact": NAME},
            }
        ],
    }
    bundle = tmp_path / "b.jsonl"
    bundle.write_text(json.dumps(line) + "\n", encoding="utf-8")
    prov.ok("import", str(bundle))
    assert NAME in prov.ok("speaker", "show", NAME).output


def test_0012_cuts_the_tokens_a_sqlite_database_holds(tmp_path: Path) -> None:
    """Only SQLite can hold a longer token (PostgreSQL's column refuses one), so only
    a SQLite file has anything to cut."""
    from provenance.store.migrate import upgrade

    path = tmp_path / "old.db"
    database = Database(path, migrate=False)
    upgrade(database.engine, "0011")
    long_a, long_b = WORD + "x", WORD + "y"  # the same first 80 characters
    insert = "INSERT INTO speaker_tokens (id, token, speaker_id, key) VALUES (:i, :t, 1, 'k')"
    with database.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO speakers (id, name, key, type, created_at) "
                "VALUES (1, 'x', 'x', 'person', '2025-01-01')"
            )
        )
        for n, token in enumerate((long_a, long_b, "minister"), 1):
            conn.execute(text(insert), {"i": n, "t": token})
    upgrade(database.engine, "head")
    with database.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, token FROM speaker_tokens ORDER BY id")).all()
    database.close()
    assert [(i, t) for i, t in rows] == [(1, WORD[:TOKEN_MAX]), (3, "minister")]
