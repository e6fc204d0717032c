"""Real databases for the tests: a temporary SQLite file and a real PostgreSQL server.

Every test that takes ``db_target`` runs once per backend. SQLite tests get a fresh
file copied from a database migrated once per session; PostgreSQL tests share one
database created for this test session (and dropped after it), emptied between tests.

PostgreSQL is found at ``$PROV_TEST_PG`` (default ``postgresql://postgres@127.0.0.1:5432``).
When it is not reachable the PostgreSQL cases skip with a reason, except under CI
(``CI`` set), where they fail: CI must test both backends.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from provenance.cli import cli
from provenance.store.database import Database

PG_SERVER = os.environ.get("PROV_TEST_PG", "postgresql://postgres@127.0.0.1:5432")
BACKENDS = ("sqlite", "postgresql")

TABLES = (
    "changes",
    "attributions",
    "claims",
    "speaker_tokens",
    "speaker_aliases",
    "speakers",
    "documents",
    "outlets",
)


def _pg_admin_url() -> str:
    return PG_SERVER.replace("postgresql://", "postgresql+psycopg://", 1) + "/postgres"


class PostgresServer:
    """Creates and drops throwaway databases on the test server."""

    def __init__(self) -> None:
        from sqlalchemy import create_engine

        self.engine = create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT")

    def reachable(self) -> str | None:
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        except Exception as exc:
            return str(exc).splitlines()[0]
        return None

    def create(self) -> str:
        name = f"prov_test_{uuid.uuid4().hex[:12]}"
        with self.engine.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        return name

    def drop(self, name: str) -> None:
        with self.engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def url(self, name: str) -> str:
        return f"{PG_SERVER}/{name}"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    server = PostgresServer()
    problem = server.reachable()
    if problem is not None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {PG_SERVER} is required under CI: {problem}")
        pytest.skip(f"PostgreSQL at {PG_SERVER} not reachable ({problem})")
    yield server
    server.engine.dispose()


@pytest.fixture()
def fresh_pg_url(pg_server: PostgresServer) -> Iterator[str]:
    """An empty PostgreSQL database of its own (for migration tests)."""
    name = pg_server.create()
    yield pg_server.url(name)
    pg_server.drop(name)


@pytest.fixture(scope="session")
def _pg_shared(pg_server: PostgresServer) -> Iterator[str]:
    name = pg_server.create()
    url = pg_server.url(name)
    Database(url).close()  # migrate once
    yield url
    pg_server.drop(name)


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "prov.db"
    Database(path).close()  # closing the last connection checkpoints the WAL into the file
    return path


def _empty_pg(url: str) -> None:
    database = Database(url, migrate=False)
    try:
        with database.engine.begin() as conn:
            conn.exec_driver_sql(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
    finally:
        database.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture()
def db_target(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The ``--db`` value of a migrated, empty database on the test's backend."""
    if backend == "sqlite":
        template = request.getfixturevalue("_sqlite_template")
        target = tmp_path / "prov.db"
        shutil.copyfile(template, target)
        return str(target)
    url = request.getfixturevalue("_pg_shared")
    _empty_pg(url)
    return url


@pytest.fixture()
def fresh_target(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A brand-new, unmigrated database of its own on the test's backend."""
    if backend == "sqlite":
        return str(tmp_path / "fresh.db")
    return request.getfixturevalue("fresh_pg_url")


@pytest.fixture()
def database(db_target: str) -> Iterator[Database]:
    db = Database(db_target)
    yield db
    db.close()


class Prov:
    """Runs the real ``prov`` command line against one database."""

    def __init__(self, target: str):
        self.target = target
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | bytes | None = None) -> Result:
        return self.runner.invoke(cli, ["--db", self.target, *args], input=input)

    def ok(self, *args: str, input: str | bytes | None = None) -> Result:
        result = self(*args, input=input)
        assert result.exit_code == 0, (result.output, result.exception)
        return result


@pytest.fixture()
def prov(db_target: str) -> Prov:
    return Prov(db_target)


@pytest.fixture()
def seeded(prov: Prov) -> Prov:
    prov.ok("seed")
    return prov


@pytest.fixture(scope="session")
def seed_text() -> str:
    from provenance.interchange.seed import read_seed

    return read_seed().text
