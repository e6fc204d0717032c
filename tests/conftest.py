"""Real databases for the tests: a temporary SQLite file and a real PostgreSQL server.

Every test that takes ``db_target`` runs once per backend. SQLite tests get a fresh
file copied from a database migrated once per session; PostgreSQL tests share one
database created for this test session (and dropped after it), emptied between tests.

PostgreSQL is found at ``$PROV_TEST_PG`` (default ``postgresql://postgres@127.0.0.1:5432``).
When it is not reachable the PostgreSQL cases skip with a reason, except under CI
(``CI`` set), where they fail: CI must test both backends.

``--backend sqlite|postgresql|all`` (default ``all``) picks which half runs, and the
other half is deselected, never skipped, so it cannot be counted as passing:

- ``pytest --backend sqlite`` is the fast half: every case on SQLite and every test
  that needs no database server. It never touches PostgreSQL, even under CI.
- ``pytest --backend postgresql`` runs only the cases that need the PostgreSQL server;
  one that cannot be reached then fails instead of skipping (it was asked for).
- The two halves together are exactly the default run.

A test needs PostgreSQL when one of its parameters is ``"postgresql"`` (the ``backend``
fixture, or any parametrisation over ``BACKENDS``), or, lacking such a parameter, when
it uses ``pg_server``, ``fresh_pg_url`` or ``_pg_shared``, by argument or by
``request.getfixturevalue`` in its body or in a fixture it uses. A test that reaches
PostgreSQL some other way under ``--backend sqlite`` fails, saying so.

Outside CI, ``$PROV_TEST_BACKEND`` gives the default of ``--backend``; under CI it is
not read, so that only a ``--backend`` typed on the command line can narrow a CI run.
"""

from __future__ import annotations

import functools
import inspect
import os
import re
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
BACKEND_CHOICES = (*BACKENDS, "all")
PG_FIXTURES = frozenset({"pg_server", "fresh_pg_url", "_pg_shared"})
# A test body that asks for the server at run time, out of sight of the fixture closure.
_PG_AT_RUN_TIME = re.compile(
    r"getfixturevalue\(\s*[\"'](?:" + "|".join(sorted(PG_FIXTURES)) + r")[\"']\s*\)"
)

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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend",
        choices=BACKEND_CHOICES,
        default=None,
        help="Run the cases of one database backend only (default: all, or "
        "$PROV_TEST_BACKEND outside CI); the others are deselected.",
    )


def _backend_choice(config: pytest.Config) -> tuple[str, bool]:
    """The chosen ``--backend`` value, and whether someone asked for it (not the default)."""
    given = config.getoption("--backend")
    if given is not None:
        return given, True
    from_env = "" if os.environ.get("CI") else os.environ.get("PROV_TEST_BACKEND", "")
    if not from_env:
        return "all", False
    if from_env not in BACKEND_CHOICES:
        raise pytest.UsageError(
            f"PROV_TEST_BACKEND={from_env!r}: use one of {', '.join(BACKEND_CHOICES)}"
        )
    return from_env, True


def selected_backends(config: pytest.Config) -> tuple[str, ...]:
    choice, _ = _backend_choice(config)
    return BACKENDS if choice == "all" else (choice,)


def pytest_configure(config: pytest.Config) -> None:
    _backend_choice(config)  # a bad $PROV_TEST_BACKEND stops the run before collection


def pytest_report_header(config: pytest.Config) -> str:
    return f"database backends: {', '.join(selected_backends(config))}"


def _asks_for_postgresql_at_run_time(item: pytest.Item) -> bool:
    """Whether the test's body, or a fixture it uses, calls ``request.getfixturevalue``
    for a PostgreSQL fixture."""
    functions = [getattr(item, "function", None)]
    fixture_info = getattr(item, "_fixtureinfo", None)  # pytest's, stable for years
    for definitions in getattr(fixture_info, "name2fixturedefs", {}).values():
        functions += [definition.func for definition in definitions]
    return any(_source_asks_for_postgresql(function) for function in functions if function)


@functools.cache
def _source_asks_for_postgresql(function: object) -> bool:
    try:
        source = inspect.getsource(function)  # type: ignore[arg-type]
    except (OSError, TypeError):
        return False
    return _PG_AT_RUN_TIME.search(source) is not None


def needs_postgresql(item: pytest.Item) -> bool:
    """Whether this test case talks to the PostgreSQL server (see the module docstring)."""
    callspec = getattr(item, "callspec", None)
    params = callspec.params.values() if callspec is not None else ()
    backends = {value for value in params if isinstance(value, str) and value in BACKENDS}
    if backends:
        return "postgresql" in backends
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(fixtures & PG_FIXTURES) or _asks_for_postgresql_at_run_time(item)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    chosen = selected_backends(config)
    if chosen == BACKENDS:
        return
    # The SQLite half also holds the tests that need no database server at all.
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        half = "postgresql" if needs_postgresql(item) else "sqlite"
        (keep if half in chosen else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


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
def pg_server(request: pytest.FixtureRequest) -> Iterator[PostgresServer]:
    if "postgresql" not in selected_backends(request.config):
        # needs_postgresql() missed this test: fail loudly rather than reach the server.
        pytest.fail(
            "a test reached PostgreSQL under --backend sqlite, unseen at collection: give "
            "it a 'postgresql' parameter or take a PostgreSQL fixture as an argument"
        )
    server = PostgresServer()
    problem = server.reachable()
    if problem is not None:
        choice, asked = _backend_choice(request.config)
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {PG_SERVER} is required under CI: {problem}")
        if asked and choice == "postgresql":
            pytest.fail(f"--backend postgresql, but PostgreSQL at {PG_SERVER}: {problem}")
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
            # The history refuses TRUNCATE (migration 0009): a test database is emptied
            # by its owner, who lifts the rule for this one transaction.
            conn.exec_driver_sql("ALTER TABLE changes DISABLE TRIGGER changes_append_only_truncate")
            conn.exec_driver_sql(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
            conn.exec_driver_sql(
                "ALTER TABLE changes ENABLE ALWAYS TRIGGER changes_append_only_truncate"
            )
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
