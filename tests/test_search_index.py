"""The search index follows every change to what it indexes, on both backends.

Since migration 0008 SQLite's index keeps no copy of the text: it is told the old
values of a row before the row changes, and reads the new ones after. These tests make
each kind of change with plain SQL (as a hand edit or a future code path would) and
check that search finds the new words, no longer finds the old ones, and that
``verify`` (FTS5's own integrity check on SQLite) agrees. A random sequence of such
changes is then held against an index rebuilt from scratch.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from provenance.interchange.seed import load_seed
from provenance.search.engine import search
from provenance.store.database import Database
from provenance.store.fulltext import FIELDS
from provenance.store.verify import verify


@pytest.fixture()
def seeded(database: Database) -> Iterator[Database]:
    with database.session() as session:
        load_seed(session, actor="test")
    yield database


def _found(database: Database, query: str) -> set[int]:
    """Every attribution the index finds ``query`` in, in any field (title too)."""
    with database.session(write=False) as session:
        return {hit.id for hit in search(session, query, limit=100, fields=FIELDS).hits}


def _ids(database: Database, sql: str, **params: object) -> set[int]:
    with database.engine.connect() as conn:
        return set(conn.execute(text(sql), params).scalars())


def _problems(database: Database) -> list[str]:
    with database.engine.connect() as conn:
        return [str(p) for p in verify(conn)]


def _run(database: Database, sql: str, **params: object) -> None:
    with database.engine.begin() as conn:
        conn.execute(text(sql), params)


def test_renaming_a_speaker_and_changing_aliases_reindexes_their_attributions(
    seeded: Database,
) -> None:
    fidan = _ids(
        seeded,
        "SELECT a.id FROM attributions a JOIN speakers s ON s.id = a.speaker_id "
        "WHERE s.name = 'Hakan Fidan'",
    )
    assert fidan and fidan <= _found(seeded, "Fidan")
    _run(
        seeded,
        "DELETE FROM speaker_aliases WHERE speaker_id IN "
        "(SELECT id FROM speakers WHERE name = 'Hakan Fidan')",
    )
    _run(
        seeded,
        "UPDATE speakers SET name = 'Hakan Quillfeather', key = 'hakan quillfeather' "
        "WHERE name = 'Hakan Fidan'",
    )
    assert _found(seeded, "Quillfeather") == fidan
    # the seed's text says "Fidan" too: what is left are hits on the content, not him
    leftover = _found(seeded, "Fidan")
    with seeded.engine.connect() as conn:
        for attribution_id in leftover:
            content = conn.execute(
                text("SELECT content_exact FROM attributions WHERE id = :i"), {"i": attribution_id}
            ).scalar_one()
            assert "Fidan" in content
    _run(
        seeded,
        "INSERT INTO speaker_aliases (speaker_id, alias, key) SELECT id, 'Zebulonovich', "
        "'zebulonovich' FROM speakers WHERE name = 'Hakan Quillfeather'",
    )
    assert _found(seeded, "Zebulonovich") == fidan
    _run(
        seeded,
        "UPDATE speaker_aliases SET alias = 'Yarrowby', key = 'yarrowby' "
        "WHERE alias = 'Zebulonovich'",
    )
    assert _found(seeded, "Zebulonovich") == set()
    assert _found(seeded, "Yarrowby") == fidan
    _run(seeded, "DELETE FROM speaker_aliases WHERE alias = 'Yarrowby'")
    assert _found(seeded, "Yarrowby") == set()
    assert _problems(seeded) == []


def test_claim_title_and_attribution_changes_reindex(seeded: Database) -> None:
    first = min(_ids(seeded, "SELECT id FROM attributions WHERE claim_id IS NOT NULL"))
    claim_id = next(iter(_ids(seeded, "SELECT claim_id FROM attributions WHERE id = :i", i=first)))
    sharing = _ids(seeded, "SELECT id FROM attributions WHERE claim_id = :c", c=claim_id)
    _run(seeded, "UPDATE claims SET text = text || ' marmalade' WHERE id = :c", c=claim_id)
    assert _found(seeded, "marmalade") == sharing

    everything = _ids(seeded, "SELECT id FROM attributions")
    _run(seeded, "UPDATE documents SET title = 'Kumquat summit'")
    assert _found(seeded, "kumquat") == everything

    # moved to another speaker: found under the new name, no longer under the old
    mover = min(
        _ids(
            seeded,
            "SELECT a.id FROM attributions a JOIN speakers s ON s.id = a.speaker_id "
            "WHERE s.document_id IS NULL",
        )
    )
    _run(
        seeded,
        "INSERT INTO speakers (name, key, type, created_at) "
        "VALUES ('Ottoline Brackenridge', 'ottoline brackenridge', 'person', '2025-01-01')",
    )
    _run(
        seeded,
        "UPDATE attributions SET speaker_id = "
        "(SELECT id FROM speakers WHERE name = 'Ottoline Brackenridge') WHERE id = :i",
        i=mover,
    )
    assert _found(seeded, "Brackenridge") == {mover}

    # a review does not touch the index, a deletion takes the row out of it
    _run(seeded, "UPDATE attributions SET status = 'rejected' WHERE id = :i", i=mover)
    _run(seeded, "DELETE FROM attributions WHERE id = :i", i=mover)
    assert _found(seeded, "Brackenridge") == set()
    assert _found(seeded, "kumquat") == everything - {mover}
    # verify sees the rows written and deleted behind prov's back, but no index problem
    assert [p for p in _problems(seeded) if "search index" in p] == []
    assert f"attribution {mover}: is in the history but gone" in " ".join(_problems(seeded))


def test_verify_finds_an_index_left_behind_by_a_dropped_trigger(tmp_path: Path) -> None:
    database = Database(str(tmp_path / "p.db"))
    with database.session() as session:
        load_seed(session, actor="test")
    database.close()
    db = sqlite3.connect(tmp_path / "p.db")
    db.execute("DROP TRIGGER speakers_fts_update")
    db.execute(
        "UPDATE speakers SET name = 'Someone Else', key = 'someone else' WHERE name = 'Hakan Fidan'"
    )
    db.commit()
    db.close()
    database = Database(str(tmp_path / "p.db"))
    try:
        assert _problems(database) == [
            "search index: does not hold what the stored rows say",
            "trigger: speakers_fts_update is missing: it was dropped behind prov's back",
        ]
    finally:
        database.close()


# One change of a random sequence: (kind, which row, a word to put in).
_WORDS = ["alder", "birch", "cedar", "dogwood", "elm"]
CHANGE = st.tuples(
    st.sampled_from(
        [
            "rename",
            "alias",
            "realias",
            "unalias",
            "unalias_all",
            "rename_all",
            "claim",
            "title",
            "move",
            "delete",
        ]
    ),
    st.integers(min_value=0, max_value=40),
    st.sampled_from(_WORDS),
)


def _apply(db: sqlite3.Connection, kind: str, n: int, word: str) -> None:
    def pick(sql: str) -> int | None:
        rows = [r[0] for r in db.execute(sql)]
        return rows[n % len(rows)] if rows else None

    speaker = pick("SELECT id FROM speakers ORDER BY id")
    attribution = pick("SELECT id FROM attributions ORDER BY id")
    if kind == "rename" and speaker is not None:
        db.execute("UPDATE speakers SET name = name || ' ' || ? WHERE id = ?", (word, speaker))
    elif kind == "alias" and speaker is not None:
        db.execute(
            "INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias, key) VALUES (?, ?, ?)",
            (speaker, word, word),
        )
    elif kind == "unalias":
        alias = pick("SELECT id FROM speaker_aliases ORDER BY id")
        if alias is not None:
            db.execute("DELETE FROM speaker_aliases WHERE id = ?", (alias,))
    elif kind == "realias":
        alias = pick("SELECT id FROM speaker_aliases ORDER BY id")
        if alias is not None and speaker is not None:
            db.execute(
                "UPDATE OR IGNORE speaker_aliases SET speaker_id = ?, alias = ?, key = ? "
                "WHERE id = ?",
                (speaker, word, word, alias),
            )
    elif kind == "unalias_all" and speaker is not None:
        db.execute("DELETE FROM speaker_aliases WHERE speaker_id = ?", (speaker,))
    elif kind == "rename_all":
        db.execute("UPDATE speakers SET name = ? || ' ' || name", (word,))
    elif kind == "claim":
        claim = pick("SELECT id FROM claims ORDER BY id")
        if claim is not None:
            db.execute("UPDATE claims SET text = ? || ' ' || text WHERE id = ?", (word, claim))
    elif kind == "title":
        db.execute("UPDATE documents SET title = coalesce(title, '') || ' ' || ?", (word,))
    elif kind == "move" and attribution is not None and speaker is not None:
        db.execute(
            "UPDATE OR IGNORE attributions SET speaker_id = ? WHERE id = ? AND speaker_id "
            "IN (SELECT id FROM speakers WHERE document_id IS NULL)",
            (speaker, attribution),
        )
    elif kind == "delete" and attribution is not None:
        db.execute("DELETE FROM attributions WHERE id = ?", (attribution,))


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    database = Database(str(path))
    with database.session() as session:
        load_seed(session, actor="test")
    database.close()
    return path


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes=st.lists(CHANGE, min_size=1, max_size=12))
def test_any_sequence_of_changes_leaves_the_index_as_a_rebuild_would(
    seed_file: Path, changes: list[tuple[str, int, str]]
) -> None:
    db = sqlite3.connect(":memory:")
    sqlite3.connect(seed_file).backup(db)
    for change in changes:
        _apply(db, *change)
    # FTS5's own check against the rows
    db.execute("INSERT INTO attribution_fts(attribution_fts, rank) VALUES ('integrity-check', 1)")
    # and every word gives the hits an index built from scratch over the same rows gives
    db.execute(
        "CREATE VIRTUAL TABLE temp.fresh USING fts5(content, claim, speaker, title, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    db.execute(
        "INSERT INTO temp.fresh (rowid, content, claim, speaker, title) "
        "SELECT attribution_id, content, claim, speaker, title FROM attribution_search_source"
    )
    for word in [*_WORDS, "deconfliction", "fidan", "turkey"]:
        live = db.execute(
            "SELECT rowid FROM attribution_fts WHERE attribution_fts MATCH ? ORDER BY rowid",
            (word,),
        ).fetchall()
        fresh = db.execute(
            "SELECT rowid FROM temp.fresh WHERE fresh MATCH ? ORDER BY rowid", (word,)
        ).fetchall()
        assert live == fresh, word
