"""What every command shares: the database, the acting user, and error handling."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import click

from provenance.errors import ProvError

if TYPE_CHECKING:
    from provenance.store.database import Database

T = TypeVar("T")

# How the command line names the settings that library errors mention in their own
# words (see provenance.errors): the flag (or command) a person types to fix the problem.
FLAGS = {
    "read_only": "--read-only",
    "init": "`prov --db URL init`",
    "across_types": "--across-types",
    "add_source": "prov add --source",
    "format": "--format",
    "link_holder": "prov speaker link --holder",
    "db": "--db",
    "doc": "--doc",
    "force": "--force",
    "limit": "--limit",
    "occurrence": "--occurrence",
    "offset": "--offset",
    "out": "--out",
    "outlet": "--outlet",
    "since": "--since",
    "speaker": "--speaker",
    "speaker_type": "--speaker-type",
    "until": "--until",
    "all_versions": "--all-versions",
}


class ProvContext:
    """Opens the database on first use, so commands that need none never connect."""

    def __init__(self, target: str | None, *, read_only: bool = False):
        self.target = target
        self.read_only = read_only
        self._database: Database | None = None

    def database(self, *, create: bool = False) -> Database:
        """The database, opened (and created, with ``create``, as ``init`` asks) once."""
        if self._database is None:
            from provenance.store.database import Database

            self._database = Database(self.target, create=create, read_only=self.read_only)
            if not gc.isenabled():  # see provenance.cli.main
                gc.freeze()
                gc.enable()
        return self._database

    def close(self) -> None:
        if self._database is not None:
            self._database.close()


ID = click.IntRange(1, 2**31 - 1)
"""The type of a row id on the command line: positive and within a 32-bit integer,
so a mistyped id is a usage error, not a database overflow."""


def pass_prov(f: Callable[..., T]) -> Callable[..., T]:
    return click.pass_obj(f)


def message(error: ProvError) -> str:
    """A library error as the command line says it: with the flag to use."""
    return error.render(FLAGS)


def run_guarded(call: Callable[[], T]) -> T:
    """Run a command; a failure the user can fix becomes one line and a non-zero exit."""
    try:
        return call()
    except ProvError as exc:
        raise _Failure(message(exc), exc.exit_code) from None
    except UnicodeEncodeError as exc:
        if "surrogates not allowed" not in str(exc):
            raise
        raise _Failure(_not_utf8(), 2) from None
    except Exception as exc:
        failure = _database_failure(exc)
        if failure is None:
            raise
        raise _Failure(failure, 1) from None


def _not_utf8() -> str:
    """Text that came in as bytes that are not UTF-8 (Python keeps them as lone
    surrogates, which no database stores): which argument, and how to fix it."""
    import sys

    for argument in sys.argv[1:]:
        if any("\udc80" <= ch <= "\udcff" for ch in argument):
            shown = argument.encode("utf-8", "surrogateescape")
            return (
                f"argument {shown!r} is not UTF-8 text; type it again in UTF-8 (set the "
                "terminal's encoding to UTF-8, or convert it with iconv); nothing was changed"
            )
    return (
        "text given to prov is not UTF-8 (bytes that no encoding could read); give it in "
        "UTF-8; nothing was changed"
    )


class _Failure(click.ClickException):
    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click declares it on the class


def _database_failure(exc: Exception) -> str | None:
    """One line for errors raised by the database driver, or None for real bugs."""
    from sqlalchemy.exc import DBAPIError

    if not isinstance(exc, DBAPIError):
        return None
    detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    if "locked" in detail or "could not serialize" in detail:
        return f"the database is busy ({detail}); try again when the other writer is done"
    if "permission denied" in detail or "read-only" in detail or "readonly" in detail:
        return (
            f"the database refused to write ({detail}); this database or role is read "
            "only: run the command as someone who may write; nothing was changed"
        )
    return f"the database reported an error ({detail}); nothing was changed"
