"""Writers take turns: how long one waits for the one before it, and the retry loop
that makes a SQLite writer queue instead of failing on a busy database."""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Callable

from sqlalchemy.exc import OperationalError

from provenance.errors import BadInput, WriterWaited

__all__ = ["WRITER_WAIT", "queued", "waited", "writer_wait"]

WRITER_WAIT = 300.0
"""Seconds a writer waits for the one before it (``PROV_WAIT`` sets another limit)."""


def queued(attempt: Callable[[], object]) -> None:
    """Run ``attempt`` (a statement that takes SQLite's write lock) until the database
    is not busy, for at most :func:`writer_wait` seconds."""
    limit = writer_wait()
    deadline = time.monotonic() + limit
    while True:
        try:
            attempt()
            return
        except sqlite3.OperationalError as exc:  # the driver's own, or SQLAlchemy's below
            detail = str(exc)
        except OperationalError as exc:
            detail = str(exc.orig)
        if "locked" not in detail and "busy" not in detail:
            raise
        if time.monotonic() >= deadline:
            raise waited(limit) from None
        time.sleep(random.uniform(0.005, 0.05))


def writer_wait() -> float:
    """How long a writer waits for the one before it: ``PROV_WAIT`` seconds, or
    :data:`WRITER_WAIT`."""
    given = os.environ.get("PROV_WAIT", "")
    refused = BadInput(f"PROV_WAIT={given!r} is not a number of seconds; set it to e.g. 300")
    try:
        seconds = float(given) if given else WRITER_WAIT
    except ValueError:
        raise refused from None
    if not seconds >= 0:  # also refuses nan
        raise refused
    return min(seconds, 86_400.0)


def waited(limit: float) -> WriterWaited:
    """The message for a writer that waited past the limit."""
    return WriterWaited(
        f"another writer held the database for more than {limit:g} s; try again when it "
        "is done, or let writers wait longer with PROV_WAIT=SECONDS"
    )
