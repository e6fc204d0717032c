"""Opening a prov database: where it is, how connections are set up, which schema it has.

A target is a file path (SQLite, the embedded default) or a SQLAlchemy URL
(``postgresql+psycopg://...``). Opening checks the schema version with one query and
runs the Alembic migrations only when the database is new or behind, so that commands
on an up-to-date database never import Alembic.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from provenance.errors import BadInput, SchemaTooNew
from provenance.store.schema_version import HEAD, REVISIONS
from provenance.store.writers import queued, waited, writer_wait

__all__ = ["DEFAULT_DB", "Database", "resolve_url"]

DEFAULT_DB = "prov.db"
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 1_000  # one wait inside SQLite; a writer asks again until writer_wait()
WRITER_LOCK = 0x70726F76  # "prov": the PostgreSQL advisory lock that queues writers

# Whether the transaction being opened will write. On SQLite a writer starts with
# BEGIN IMMEDIATE, so that two writers queue on the busy timeout instead of one
# failing at once when it upgrades a read lock (WAL mode cannot wait there).
_WRITING: ContextVar[bool] = ContextVar("prov_writing", default=True)


def resolve_url(target: str | os.PathLike[str] | None) -> str:
    """Turn ``--db`` / ``PROV_DB`` into a SQLAlchemy URL.

    A value with ``://`` is a URL (``postgresql://`` gets the psycopg 3 driver);
    anything else is a SQLite file path. ``None`` means ``$PROV_DB`` or ``./prov.db``.
    """
    if target is None:
        target = os.environ.get("PROV_DB") or DEFAULT_DB
    target = os.fspath(target)
    if "://" in target:
        for plain in ("postgresql://", "postgres://"):
            if target.startswith(plain):
                return "postgresql+psycopg://" + target[len(plain) :]
        return target
    path = Path(target).expanduser()
    if path.is_dir():
        raise BadInput(
            f"{target} is a directory; give {{db}} a file path such as {target}/prov.db",
            db="the database",
        )
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as fh:
            if fh.read(16) != SQLITE_MAGIC:
                raise BadInput(
                    f"{target} exists and is not a SQLite database; "
                    "choose another {db} path (the file was left untouched)",
                    db="database",
                )
    if not path.parent.exists():
        raise BadInput(
            f"the folder of {target} does not exist; create it or choose another {{db}}",
            db="database",
        )
    # Quoted, so that the URL names exactly this file: SQLAlchemy decodes %XX in a
    # SQLite URL and reads a "?" as the start of its options ("q?mode=ro.db" would
    # open "q"; "pct%20x.db" would open "pct x.db").
    return "sqlite:///" + quote(str(path.resolve()))


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin, so
        # that DDL and DML of one command share one transaction.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        if not _WRITING.get():
            connection.exec_driver_sql("BEGIN")
            return
        # SQLite's own busy handler polls, and a writer that keeps arriving late can
        # lose every poll: ask again, with a random pause, until the stated limit.
        queued(lambda: connection.exec_driver_sql("BEGIN IMMEDIATE"))


_NOT_STREAMED = {"stream_results": False, "yield_per": None}


def _configure_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # Writers take turns, as on SQLite: one transaction-scoped advisory lock, held to
        # commit. Two first uses of an empty database, or two ingests of one text, then
        # meet a finished transaction instead of racing (readers never take it).

        def plain(sql: str) -> None:
            # on the driver's own connection: never through a server-side cursor, even
            # when the statement that begins the transaction streams (yield_per)
            connection.exec_driver_sql(sql, execution_options=_NOT_STREAMED)

        if not _WRITING.get():
            # A reader sees one snapshot for the whole command, as on SQLite: an audit
            # that reads its groups twice, or a list and then its count, reads the same.
            plain("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            return
        limit = writer_wait()
        plain(f"SET LOCAL lock_timeout = '{int(limit * 1000)}ms'")
        try:
            plain(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")
        except OperationalError as exc:
            if "lock timeout" not in str(exc.orig):
                raise
            raise waited(limit) from None


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for ``url`` with prov's connection settings; with ``read_only``, one
    whose connections cannot write (SQLite opens the file with ``mode=ro``, so that a
    database on read-only media can be read; PostgreSQL makes every transaction read
    only)."""
    try:
        if url.startswith("sqlite"):
            if read_only:
                engine = create_engine("sqlite://", creator=_read_only_sqlite(url))
            else:
                engine = create_engine(url)
            _configure_sqlite(engine)
            return engine
        if read_only:
            options = {"options": "-c default_transaction_read_only=on"}
            engine = create_engine(url, connect_args=options)
        else:
            engine = create_engine(url)
        if engine.dialect.name == "postgresql":
            _configure_postgresql(engine)
        return engine
    except ModuleNotFoundError as exc:
        hint = " (pip install 'quoteprov[postgres]')" if "psycopg" in str(exc) else ""
        raise BadInput(
            f"{{db}} {_shown_url(url)} needs a database driver that is not installed: "
            f"{exc.name}{hint}",
            db="the database",
        ) from None
    except Exception as exc:  # sqlalchemy.exc.ArgumentError, NoSuchModuleError, ValueError
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BadInput(
            f"{{db}} {_shown_url(url)} is not a usable database URL ({first}); give a file path "
            "or a URL such as postgresql://user@host/dbname",
            db="the database",
        ) from None


def _read_only_sqlite(url: str) -> Callable[[], Any]:
    """A connection factory that opens the file ``url`` names read-only: SQLite's URI
    form, the path percent-encoded so that it names exactly that file."""
    import sqlite3

    from sqlalchemy.engine import make_url

    path = make_url(url).database or ""
    location = "file:" + quote(path) + "?mode=ro"

    def connect() -> Any:
        return sqlite3.connect(location, uri=True, check_same_thread=False)

    return connect


def _shown_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url.split("@")[-1]


class Database:
    """A prov database. Use :meth:`session` for one unit of work.

    >>> db = Database("investigation.db")          # doctest: +SKIP
    >>> with db.session() as s:                      # doctest: +SKIP
    ...     s.scalars(select(Document)).all()
    """

    def __init__(
        self,
        target: str | os.PathLike[str] | None = None,
        *,
        migrate: bool = True,
        create: bool = False,
        read_only: bool = False,
    ):
        self.url = resolve_url(target)
        self.read_only = read_only
        """Opened so that nothing can be written (``--read-only``): a session that
        would write is refused, and so is an upgrade of the schema."""
        self.engine = make_engine(self.url, read_only=read_only)
        self.created = False
        """Whether opening it created the database on its server (``create``)."""
        if migrate:
            self.ensure_schema(create=create)

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"`` (or another SQLAlchemy dialect name)."""
        return self.engine.dialect.name

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    def schema_revision(self) -> str | None:
        """The Alembic revision the database is at; ``None`` for a new database."""
        try:
            with self.reading() as conn:
                return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except (OperationalError, ProgrammingError) as exc:
            if _is_missing_table(exc):
                return None
            raise

    def ensure_schema(self, *, create: bool = False) -> str:
        """Create or upgrade the schema to this prov's head; refuse a newer one.

        A PostgreSQL database that does not exist on its server is created with
        ``create`` (what ``prov init`` asks), or named in the error."""
        try:
            revision = self.schema_revision()
        except OperationalError as exc:
            missing = _missing_database(self.url, exc)
            if missing is None:
                raise BadInput(
                    _connection_problem(self.url, exc), db="the database location"
                ) from None
            if not create:
                raise BadInput(
                    f"no database {missing!r} on the server of {_shown_url(self.url)}; "
                    "{init} creates it",
                    init="Database(..., create=True)",
                ) from None
            self.created = create_postgres_database(self.url)
            revision = self.schema_revision()
        if revision == HEAD:
            return HEAD
        if revision is None:
            # Asked again holding the write lock: another first use of this database
            # may be creating it right now, and its tables are then not foreign.
            revision, foreign = self._revision_and_tables()
        else:
            foreign = False
        if revision is None and foreign:
            raise BadInput(
                f"{self.display_name} already holds tables but is not a prov database; "
                "choose another {db} (it was left untouched)",
                db="database",
            )
        if revision is not None and revision not in REVISIONS:
            raise SchemaTooNew(
                f"{self.display_name} was made or upgraded by a newer prov than this one; "
                "upgrade prov (pip install -U quoteprov)"
            )
        if self.read_only:
            raise BadInput(
                f"{self.display_name} is opened read-only and "
                + ("holds no prov database yet" if revision is None else "needs an upgrade")
                + "; open it once without {read_only} first",
                read_only="read_only=True",
            )
        from provenance.store.migrate import upgrade

        upgrade(self.engine)
        return HEAD

    @property
    def display_name(self) -> str:
        """The database as a person would type it after --db (no password)."""
        if self.is_sqlite:
            return unquote(self.url.removeprefix("sqlite:///"))
        return _shown_url(self.url)

    def files(self) -> list[str]:
        """The files a SQLite database lives in (none for a server database): what an
        output file must never overwrite."""
        if not self.is_sqlite:
            return []
        path = self.display_name
        return [path, f"{path}-wal", f"{path}-shm"]

    def _revision_and_tables(self) -> tuple[str | None, bool]:
        """The schema revision, and whether tables exist without one, read while
        holding the write lock (a migration in progress elsewhere finishes first)."""
        from sqlalchemy import inspect

        with self.session() as session:
            connection = session.connection()
            tables = inspect(connection).get_table_names()
            if "alembic_version" not in tables:
                return None, bool(tables)
            version = connection.execute(text("SELECT version_num FROM alembic_version"))
            return version.scalar(), False

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reads only (no write lock on SQLite)."""
        token = _WRITING.set(False)
        try:
            with self.engine.connect() as conn:
                yield conn
        finally:
            _WRITING.reset(token)

    @contextmanager
    def session(self, *, write: bool = True) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises.

        ``write=False`` for a command that only reads: on SQLite it does not take the
        write lock, so it never waits for a writer.
        """
        if write and self.read_only:
            raise BadInput(
                f"{self.display_name} is opened read-only ({{read_only}}) and this command "
                "writes; run it without {read_only}, as someone who may write",
                read_only="read_only=True",
            )
        token = _WRITING.set(write)
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                yield session
        finally:
            _WRITING.reset(token)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_missing_table(exc: Exception) -> bool:
    message = str(exc).lower()
    return "no such table" in message or ("does not exist" in message and "relation" in message)


def _missing_database(url: str, exc: Exception) -> str | None:
    """The database's name when ``exc`` says the server has no database of that name."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql" or not parsed.database:
        return None
    said = str(getattr(exc, "orig", exc))
    return parsed.database if f'database "{parsed.database}" does not exist' in said else None


def create_postgres_database(url: str) -> bool:
    """Create the database ``url`` names on its PostgreSQL server, connecting to the
    server's ``postgres`` database to do so; ``True`` if it was created, ``False`` if
    it was there already. A role that may not create databases gets the ``createdb``
    command that would (for the server's owner to run)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    name = parsed.database or ""
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            there = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if there.first() is not None:
                return False
            conn.exec_driver_sql(f"CREATE DATABASE {admin.dialect.identifier_preparer.quote(name)}")
    except (OperationalError, ProgrammingError) as exc:
        first = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        where = " ".join(
            part
            for part in (
                f"-h {parsed.host}" if parsed.host else "",
                f"-p {parsed.port}" if parsed.port else "",
                f"-O {parsed.username}" if parsed.username else "",
            )
            if part
        )
        raise BadInput(
            f"no database {name!r} on the server, and this role may not create it ({first}); "
            f"ask its owner to run: createdb {where + ' ' if where else ''}{name}"
            if "permission denied" in first
            else f"could not create the database {name!r}: {first}"
        ) from None
    finally:
        admin.dispose()
    return True


def _connection_problem(url: str, exc: Exception) -> str:
    first = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
    return f"cannot open the database {_shown_url(url)}: {first}; check {{db}} or PROV_DB"
