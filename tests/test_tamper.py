"""``prov verify`` finds a database edited behind prov's back.

Each case makes one edit the way a careless colleague or an attacker would, with the
``sqlite3`` module (as the ``sqlite3`` shell does) or a plain PostgreSQL connection,
lifting the history's append-only triggers where the edit needs it and putting them
back, and then runs the real ``prov verify``: it must exit 1 and name what was done.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from provenance.store.database import Database
from provenance.store.integrity import EXPECTED, live_objects
from tests.conftest import Prov

APPEND_ONLY = {
    "update": "CREATE TRIGGER changes_append_only_update BEFORE UPDATE ON changes "
    "BEGIN SELECT RAISE(ABORT, 'the change history is append-only'); END",
    "delete": "CREATE TRIGGER changes_append_only_delete BEFORE DELETE ON changes "
    "BEGIN SELECT RAISE(ABORT, 'the change history is append-only'); END",
}


def _sqlite_edit(path: str, *statements: str, history: bool = False) -> None:
    """Run ``statements`` on the file with the stdlib module, as the shell would."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        if history:
            for name in APPEND_ONLY:
                conn.execute(f"DROP TRIGGER changes_append_only_{name}")
        for statement in statements:
            conn.execute(statement)
        if history:
            for create in APPEND_ONLY.values():
                conn.execute(create)
        conn.execute("COMMIT")
    finally:
        conn.close()


def _pg_edit(url: str, *statements: str, history: bool = False) -> None:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.begin() as conn:
            if history:
                conn.exec_driver_sql("ALTER TABLE changes DISABLE TRIGGER changes_append_only")
            for statement in statements:
                conn.exec_driver_sql(statement)
            if history:
                conn.exec_driver_sql(
                    "ALTER TABLE changes ENABLE ALWAYS TRIGGER changes_append_only"
                )
    finally:
        engine.dispose()


def _edit(target: str, *statements: str, history: bool = False) -> None:
    if "://" in target:
        _pg_edit(target, *statements, history=history)
    else:
        _sqlite_edit(target, *statements, history=history)


@pytest.fixture()
def own_seeded(fresh_target: str) -> Prov:
    """A seeded database of its own, for edits to the schema (which would outlive the
    test in the PostgreSQL database other tests share)."""
    prov = Prov(fresh_target)
    prov.ok("seed")
    return prov


def _problems(prov: Prov) -> str:
    result = prov("verify")
    assert result.exit_code == 1, result.output
    return result.output


SEED_TEXT_SHA = "SELECT sha256 FROM documents WHERE id = 1"

# (name, statements, whether the history's triggers are lifted, what verify must say)
EDITS: list[tuple[str, tuple[str, ...], bool, str]] = [
    (
        "an entry edited",
        ("UPDATE changes SET actor = 'mallory' WHERE id = 7",),
        True,
        "history entry 7: breaks the history's hash chain",
    ),
    (
        "an entry deleted",
        ("DELETE FROM changes WHERE id = 8",),
        True,
        "history entry 9: breaks the history's hash chain",
    ),
    (
        "two entries reordered",
        (
            "UPDATE changes SET entity_id = -1 WHERE id = 10",
            "UPDATE changes SET entity_id = (SELECT entity_id FROM changes WHERE id = 11) "
            "WHERE id = 10",
        ),
        True,
        "history entry 10: breaks",
    ),
    (
        "an entry forged without a digest",
        (
            "INSERT INTO changes (at, actor, action, entity, entity_id, data) VALUES "
            "('2026-01-01 00:00:00.000000', 'mallory', 'attribution.add', 'attribution', 1, "
            "'{}')",
        ),
        False,
        "has no digest",
    ),
    (
        "an entry forged with a made-up digest",
        (
            "INSERT INTO changes (at, actor, action, entity, entity_id, data, digest) VALUES "
            "('2026-01-01 00:00:00.000000', 'mallory', 'attribution.add', 'attribution', 1, "
            f"'{{}}', '{'0' * 64}')",
        ),
        False,
        "breaks the history's hash chain",
    ),
    (
        "an attribution deleted",
        ("DELETE FROM attributions WHERE id = 5",),
        False,
        "attribution 5: is in the history but gone",
    ),
    (
        "a speaker slipped in",
        (
            "INSERT INTO speakers (name, key, type, created_at) VALUES "
            "('Mallory', 'mallory', 'person', '2026-01-01 00:00:00.000000')",
        ),
        False,
        "has no history entry",
    ),
]


@pytest.mark.parametrize(
    ("name", "statements", "history", "said"), EDITS, ids=[e[0] for e in EDITS]
)
def test_verify_names_an_edit_behind_provs_back(
    seeded: Prov, name: str, statements: tuple[str, ...], history: bool, said: str
) -> None:
    assert seeded("verify").exit_code == 0
    _edit(seeded.target, *statements, history=history)
    assert said in _problems(seeded), name


def test_a_text_replaced_with_its_hash_recomputed_is_found(seeded: Prov) -> None:
    forged = "A different article altogether."
    digest = hashlib.sha256(forged.encode("utf-8")).hexdigest()
    _edit(
        seeded.target,
        "DROP TRIGGER IF EXISTS documents_fts_update" if "://" not in seeded.target else "SELECT 1",
        f"UPDATE documents SET text = '{forged}', sha256 = '{digest}' WHERE id = 1",
    )
    output = _problems(seeded)
    assert "document 1: its SHA-256 is not the one recorded" in output


@pytest.mark.parametrize("kind", ["trigger", "index"])
def test_a_dropped_trigger_or_index_is_named(own_seeded: Prov, kind: str) -> None:
    seeded = own_seeded
    postgresql = "://" in seeded.target
    if kind == "trigger":
        name = "claims_search" if postgresql else "claims_fts_update"
        statement = f"DROP TRIGGER {name} ON claims" if postgresql else f"DROP TRIGGER {name}"
    else:
        name = "ix_documents_published"
        statement = f"DROP INDEX {name}"
    _edit(seeded.target, statement)
    assert f"{kind}: {name} is missing" in _problems(seeded)


def test_the_expected_schema_objects_are_what_the_migrations_make(db_target: str) -> None:
    """The list verify checks against is the one a fresh database has: a migration that
    adds a trigger or index without the list (or the reverse) fails here."""
    database = Database(db_target)
    try:
        with database.reading() as conn:
            live = live_objects(conn)
            expected = EXPECTED[conn.dialect.name]
    finally:
        database.close()
    assert set(live["trigger"]) == expected["trigger"]
    assert set(live["index"]) == expected["index"]


def test_a_page_overwritten_on_disk_is_found(tmp_path: Path) -> None:
    """Each page of the file in turn overwritten with noise: verify fails on every one
    (integrity_check reads pages no query of verify's own would), never a traceback."""
    path = tmp_path / "damaged.db"
    prov = Prov(str(path))
    prov.ok("seed")
    prov.ok("verify")
    Database(path).close()  # checkpoint: every page in the main file
    size = path.stat().st_size
    page = 4096
    pages = size // page
    assert pages > 4
    free = _free_leaf_pages(path.read_bytes(), page)
    caught = 0
    for number in range(1, pages):  # page 0 is the header: a different failure
        if number in free:  # a page on the freelist holds nothing to damage
            continue
        damaged = tmp_path / f"damaged-{number}.db"
        data = bytearray(path.read_bytes())
        data[number * page : (number + 1) * page] = bytes((i * 7 + 3) % 256 for i in range(page))
        damaged.write_bytes(bytes(data))
        result = Prov(str(damaged))("verify")
        assert "Traceback" not in result.output
        caught += result.exit_code != 0
    assert caught == pages - 1 - len(free)


def _free_leaf_pages(data: bytes, page: int) -> set[int]:
    """The free pages that hold nothing (leaves of the freelist), numbered from 0, read
    from the file as SQLite's file format lays it out: the header names the first
    trunk page; each trunk names the next and its leaves."""
    leaves: set[int] = set()
    trunk = int.from_bytes(data[32:36], "big")
    while trunk:
        at = (trunk - 1) * page
        following, count = (int.from_bytes(data[at + i : at + i + 4], "big") for i in (0, 4))
        leaves.update(
            int.from_bytes(data[at + 8 + 4 * i : at + 12 + 4 * i], "big") - 1 for i in range(count)
        )
        trunk = following
    return leaves


def _pg_url(target: str) -> str:
    return target.replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE changes",
        "TRUNCATE changes CASCADE",
        "UPDATE changes SET actor = 'mallory'",
        "DELETE FROM changes",
    ],
)
@pytest.mark.parametrize("backend", ["postgresql"])
def test_postgresql_history_refuses_truncate_and_a_replica_role(
    seeded: Prov, statement: str
) -> None:
    """``session_replication_role = replica`` switches ordinary triggers off; the
    history's fire always, and TRUNCATE is refused as UPDATE and DELETE are."""
    engine = create_engine(_pg_url(seeded.target))
    try:
        for role in ("origin", "replica"):
            with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
                conn.exec_driver_sql(f"SET LOCAL session_replication_role = {role}")
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()
    seeded.ok("verify")


@pytest.mark.parametrize("backend", ["postgresql"])
def test_postgresql_a_disabled_history_trigger_is_named(own_seeded: Prov) -> None:
    seeded = own_seeded
    _pg_edit(seeded.target, "ALTER TABLE changes DISABLE TRIGGER changes_append_only_truncate")
    assert "changes_append_only_truncate is disabled" in _problems(seeded)
    _pg_edit(seeded.target, "ALTER TABLE changes ENABLE TRIGGER changes_append_only_truncate")
    assert "changes_append_only_truncate does not fire always" in _problems(seeded)


def test_the_chain_holds_across_bulk_and_single_writes(prov: Prov, tmp_path: Path) -> None:
    """One-row writes (seed, alias) and bulk writes (a folder ingested with the
    extractor) in one database extend one chain: verify holds, every entry sealed."""
    prov.ok("seed")
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(3):
        (folder / f"a{n}.txt").write_text(
            f"Talks resumed on day {n}. “We are ready,” said Hakan Fidan, the minister.\n"
            "“Nothing is agreed,” a senior official told reporters.\n",
            encoding="utf-8",
        )
    prov.ok("ingest", str(folder), "--extract")
    prov.ok("speaker", "alias", "Hakan Fidan", "H. Fidan")
    prov.ok("verify")
    database = Database(prov.target)
    try:
        with database.reading() as conn:
            digests = conn.execute(text("SELECT digest FROM changes ORDER BY id")).scalars().all()
    finally:
        database.close()
    assert all(d is not None and len(d) == 64 for d in digests)
    assert len(set(digests)) == len(digests)
