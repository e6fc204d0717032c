"""Least privilege: ``prov --read-only`` reads (search, audit, export, verify ...) and
refuses every write in one line with nothing written, on both backends; on SQLite it
opens the file with ``mode=ro``, so it never creates one; and a PostgreSQL role that
may only SELECT can search but not add."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from provenance.store.database import Database
from provenance.store.models import Attribution, Change, Document
from tests.conftest import Prov

READS = [
    ("search", "deconfliction"),
    ("documents",),
    ("audit", "--by", "speaker", "--format", "csv"),
    ("export", "--format", "csv"),
    ("speakers",),
    ("history", "--limit", "3"),
]
WRITES = [
    ("add", "--doc", "1", "--quote", "deconfliction", "--occurrence", "2", "--source", "Fidan"),
    ("speaker", "alias", "Hakan Fidan", "Fidan the minister"),
    ("speaker", "merge", "Fidan", "Hakan Fidan"),
]


def _counts(target: str) -> tuple[int, int, int]:
    with Database(target) as database, database.session(write=False) as session:
        return (
            session.scalar(select(func.count()).select_from(Document)) or 0,
            session.scalar(select(func.count()).select_from(Attribution)) or 0,
            session.scalar(select(func.count()).select_from(Change)) or 0,
        )


@pytest.mark.parametrize("command", READS, ids=" ".join)
def test_read_only_reads_as_a_writable_open_does(seeded: Prov, command: tuple[str, ...]) -> None:
    expected = seeded.ok(*command).stdout
    assert seeded.ok("--read-only", *command).stdout == expected


def test_read_only_verify_holds_and_says_what_it_left_out(seeded: Prov, backend: str) -> None:
    result = seeded.ok("--read-only", "verify")
    assert result.stdout.startswith("ok: 1 document(s)")
    assert ("left out" in result.stdout) == (backend == "sqlite")


@pytest.mark.parametrize("command", WRITES, ids=" ".join)
def test_read_only_refuses_each_write_in_one_line(seeded: Prov, command: tuple[str, ...]) -> None:
    before = _counts(seeded.target)
    result = seeded("--read-only", *command)
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("Error:") and "--read-only" in lines[-1], result.output
    assert "Traceback" not in result.output
    assert _counts(seeded.target) == before


def test_ingest_read_only_writes_nothing(seeded: Prov, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Officials said talks would resume.\n", encoding="utf-8")
    before = _counts(seeded.target)
    result = seeded("--read-only", "ingest", str(article))
    assert result.exit_code != 0 and "--read-only" in result.output
    assert _counts(seeded.target) == before


def test_a_missing_file_opened_read_only_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    result = Prov(str(missing))("--read-only", "search", "talks")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_an_old_schema_opened_read_only_is_not_upgraded(tmp_path: Path) -> None:
    from provenance.store.migrate import upgrade

    path = tmp_path / "old.db"
    old = Database(path, migrate=False)
    upgrade(old.engine, "0010")
    old.close()
    result = Prov(str(path))("--read-only", "search", "talks")
    assert result.exit_code != 0
    assert "needs an upgrade" in result.output and "--read-only" in result.output
    with create_engine(f"sqlite:///{path}").connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0010"


def test_a_postgresql_role_that_may_only_select_can_search_but_not_add(
    fresh_pg_url: str,
) -> None:
    writer = Prov(fresh_pg_url)
    writer.ok("seed")
    role = f"prov_reader_{uuid.uuid4().hex[:8]}"
    admin = create_engine(fresh_pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE {role} LOGIN"))
        conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {role}"))
        conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}"))
    try:
        url = make_url(fresh_pg_url).set(username=role, password=None)
        reader = Prov(url.render_as_string(hide_password=False))
        found = reader.ok("search", "deconfliction")
        assert "3 attributions match" in found.output
        before = _counts(fresh_pg_url)
        refused = reader(*WRITES[0])
        assert refused.exit_code != 0 and "Traceback" not in refused.output
        assert "refused to write" in refused.output and "permission denied" in refused.output
        assert _counts(fresh_pg_url) == before
        writer.ok(*WRITES[0])  # the same add, by a role that may write, is stored
        assert _counts(fresh_pg_url)[1] == before[1] + 1
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP OWNED BY {role}"))
            conn.execute(text(f"DROP ROLE {role}"))
        admin.dispose()
