"""What every command shares: the database, the acting user, and error handling."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import click

from provenance.errors import ProvError

if TYPE_CHECKING:
    from provenance.store.database import Database

T = TypeVar("T")


class ProvContext:
    """Opens the database on first use, so commands that need none never connect."""

    def __init__(self, target: str | None):
        self.target = target
        self._database: Database | None = None

    def database(self) -> Database:
        if self._database is None:
            from provenance.store.database import Database

            self._database = Database(self.target)
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


def run_guarded(call: Callable[[], T]) -> T:
    """Run a command; a failure the user can fix becomes one line and a non-zero exit."""
    try:
        return call()
    except ProvError as exc:
        raise _Failure(str(exc), exc.exit_code) from None
    except Exception as exc:
        spans = sys.modules.get("provenance.text.spans")
        if spans is not None and isinstance(exc, spans.SpanError):
            raise _Failure(str(exc), 1) from None
        message = _database_failure(exc)
        if message is None:
            raise
        raise _Failure(message, 1) from None


class _Failure(click.ClickException):
    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


def _database_failure(exc: Exception) -> str | None:
    """One line for errors raised by the database driver, or None for real bugs."""
    from sqlalchemy.exc import DBAPIError

    if not isinstance(exc, DBAPIError):
        return None
    detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    if "locked" in detail or "could not serialize" in detail:
        return f"the database is busy ({detail}); try again when the other writer is done"
    return f"the database reported an error ({detail}); nothing was changed"
