"""``prov backup``: a consistent copy of a live SQLite database, taken while others write.

``VACUUM INTO`` copies the database as one read transaction sees it: in WAL mode
writers go on meanwhile, and the copy holds every row as of one moment, with its ids,
history (hash chain included), revision links and timestamps, compacted. It is written
to a temporary file beside the target, checked, and renamed into place, so a failure
or an interruption leaves no half-copy. A PostgreSQL database is copied with the
server's own tool (``pg_dump``), which the message says.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from provenance.errors import BadInput
from provenance.store.database import Database
from provenance.store.outputs import output_file

__all__ = ["Backup", "backup"]


@dataclass(frozen=True)
class Backup:
    """What a backup holds."""

    path: Path
    documents: int
    attributions: int
    changes: int
    size: int


def backup(database: Database, path: str | os.PathLike[str], *, force: bool = False) -> Backup:
    """Copy ``database`` to ``path`` (refused if it exists, unless ``force``)."""
    if not database.is_sqlite:
        raise BadInput(
            "prov backup copies a SQLite file; back up a PostgreSQL database with "
            "pg_dump --format=custom --file=FILE DBNAME (restore with pg_restore)"
        )
    out = output_file(
        Path(path), force=force, protect=database.files(), named="the backup", role="backup"
    )
    tmp, target = out.temporary, out.target  # empty, as VACUUM INTO wants it
    try:
        _copy(database, tmp)
        made = _check(tmp, target)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return made


def _copy(database: Database, tmp: str) -> None:
    raw = database.engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert driver is not None
        try:
            driver.execute("VACUUM INTO ?", (tmp,))  # autocommit: a transaction of its own
        except sqlite3.OperationalError as exc:
            raise BadInput(f"cannot write the backup ({exc}); nothing was written") from None
    finally:
        raw.close()


def _check(tmp: str, target: Path) -> Backup:
    """Check the copy page by page and make it a prov database like the original (WAL)."""
    copy = sqlite3.connect(tmp, isolation_level=None)
    try:
        found = copy.execute("PRAGMA quick_check").fetchall()
        if found != [("ok",)]:
            raise BadInput(f"the backup did not check out ({found[0][0]}); nothing was written")
        copy.execute("PRAGMA journal_mode = WAL")
        documents, attributions, changes = (
            int(copy.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("documents", "attributions", "changes")
        )
    finally:
        copy.close()
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    return Backup(target, documents, attributions, changes, size=os.path.getsize(tmp))
