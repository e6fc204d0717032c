"""``prov --db postgresql://.../newsroom init`` creates the database when the server lets
the role do so, and otherwise says how (``createdb``); a command other than init on a
database that does not exist says to run init. Against the real PostgreSQL server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from tests.conftest import PostgresServer, Prov


@pytest.fixture()
def missing_name(pg_server: PostgresServer) -> Iterator[str]:
    """A database name nobody has; dropped afterwards if a test made it."""
    name = f"prov_init_{uuid.uuid4().hex[:10]}"
    yield name
    pg_server.drop(name)


def _exists(pg_server: PostgresServer, name: str) -> bool:
    with pg_server.engine.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        return found.first() is not None


def test_init_creates_a_missing_database(pg_server: PostgresServer, missing_name: str) -> None:
    url = pg_server.url(missing_name)
    result = Prov(url).ok("init")
    assert "created the database" in result.output and missing_name in result.output
    assert "revision" not in result.output  # no internal words
    assert _exists(pg_server, missing_name)
    Prov(url).ok("seed")
    again = Prov(url).ok("init")
    assert "created" not in again.output and "ready" in again.output


def test_another_command_on_a_missing_database_says_to_init(
    pg_server: PostgresServer, missing_name: str
) -> None:
    url = pg_server.url(missing_name)
    result = Prov(url)("search", "talks")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"no database {missing_name!r}" in result.output and "init" in result.output
    assert not _exists(pg_server, missing_name)


def test_a_role_that_may_not_create_databases_is_told_how(
    pg_server: PostgresServer, missing_name: str
) -> None:
    role = f"prov_nocreate_{uuid.uuid4().hex[:8]}"
    with pg_server.engine.connect() as conn:
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN NOCREATEDB'))
    try:
        url = make_url(pg_server.url(missing_name)).set(username=role, password=None)
        result = Prov(url.render_as_string(hide_password=False))("init")
        assert result.exit_code == 1 and "Traceback" not in result.output
        # for the server's owner to run: the database made, and owned by this role
        assert f"ask its owner to run: createdb -h 127.0.0.1 -p 5432 -O {role} {missing_name}" in (
            result.output
        )
        assert not _exists(pg_server, missing_name)
    finally:
        with pg_server.engine.connect() as conn:
            conn.execute(text(f'DROP ROLE "{role}"'))
