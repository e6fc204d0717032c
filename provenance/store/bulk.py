"""Writing many rows at once: ids handed out in blocks, rows inserted in batches.

Batch work (``prov import``, ``prov ingest`` of a folder) writes thousands of rows a
second; going through the ORM one row at a time (a flush, an id fetched, a history row,
each its own round trip) costs a hundred times a bare load. :class:`BulkWriter` writes
on the session's own connection, inside its transaction:

* ids are handed out before the rows are written, so that rows can point at each other
  (an attribution at its speaker and claim, a history entry at its attribution) with no
  round trip per row: on PostgreSQL from the table's sequence, one statement per block;
  on SQLite past the highest id, which is safe because a writer holds the database's
  write lock (``BEGIN IMMEDIATE``) from its first statement to its commit;
* rows go in with the driver's own bulk path: ``executemany`` of one prepared
  statement on SQLite (the sqlite3 module loops in C), ``COPY ... FROM STDIN`` on
  PostgreSQL. Values are converted as the models' column types store them (times and
  dates as SQLite's text, JSON as text), so rows read back exactly as ORM rows do.

ORM work in the same transaction stays correct as long as it is flushed before ids are
handed out (:meth:`BulkWriter.ids` flushes the session first).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from functools import cache
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import JSON, Date, DateTime, Table, func, select, text
from sqlalchemy.orm import Session

from provenance.store.history import extend_chain
from provenance.store.models import Base, Change

__all__ = ["BulkWriter", "utc_now"]

Convert = Callable[[Any], Any]
BULK_CACHE_KB = 64 * 1024


def utc_now() -> dt.datetime:
    """The time rows are stamped with (UTC, without a zone, as the models store it)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _sqlite_time(value: dt.datetime | None) -> str | None:
    # SQLAlchemy's storage format for DateTime on SQLite
    return None if value is None else value.strftime("%Y-%m-%d %H:%M:%S.%f")


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def _same(value: Any) -> Any:
    return value


@cache
def _converters(table: Table, dialect: str) -> dict[str, Convert]:
    out: dict[str, Convert] = {}
    for column in table.columns:
        kind = column.type
        if isinstance(kind, JSON):
            out[column.name] = _json
        elif isinstance(kind, DateTime) and dialect == "sqlite":
            out[column.name] = _sqlite_time
        elif isinstance(kind, Date) and dialect == "sqlite":
            out[column.name] = _iso
        else:
            out[column.name] = _same
    return out


class BulkWriter:
    """Bulk inserts in ``session``'s transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name
        self.now = utc_now()  # one time for every row of a batch
        if self.dialect == "sqlite":
            # Rows go into indexes in no useful order (claim keys, speaker names): with
            # SQLite's default 2 MB page cache, a database past a few hundred MB reads
            # back the index pages it just wrote. 64 MB, for this connection only.
            session.connection().exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KB}")

    def ids(self, model: type[Base], count: int) -> list[int]:
        """``count`` fresh ids for ``model``'s table: use them, in one :meth:`insert`,
        before anything else writes to the table in this transaction."""
        table = _table(model)
        if count <= 0:
            return []
        self.session.flush()
        connection = self.session.connection()
        if self.dialect == "postgresql":
            return list(
                connection.execute(
                    text(
                        "SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                        "FROM generate_series(1, :n)"
                    ),
                    {"table": table.name, "n": count},
                ).scalars()
            )
        highest = connection.execute(select(func.max(table.c.id))).scalar() or 0
        return list(range(highest + 1, highest + 1 + count))

    def insert(self, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
        """Insert ``rows`` (dicts with the same keys) into ``model``'s table."""
        if not rows:
            return
        columns = list(rows[0])
        pick = itemgetter(*columns)
        values = (
            [(pick(row),) for row in rows] if len(columns) == 1 else [pick(row) for row in rows]
        )
        self.insert_tuples(model, columns, values)

    def insert_tuples(
        self, model: type[Base], columns: Sequence[str], values: Sequence[tuple[Any, ...]]
    ) -> None:
        """Insert ``values`` (tuples in the order of ``columns``) into ``model``'s table."""
        if not values:
            return
        if model is Change:
            values, columns = self._chained(values, columns)
        table = _table(model)
        converters = _converters(table, self.dialect)
        changed = [(i, converters[c]) for i, c in enumerate(columns) if converters[c] is not _same]
        rows: Sequence[tuple[Any, ...]] = values
        if changed:
            now, stamped = self.now, _sqlite_time(self.now)  # most rows share one time
            converted = []
            for row in values:
                fields = list(row)
                for i, convert in changed:
                    value = fields[i]
                    is_now = value is now and convert is _sqlite_time
                    fields[i] = stamped if is_now else convert(value)
                converted.append(tuple(fields))
            rows = converted
        names = ", ".join(columns)
        connection = self.session.connection()
        if self.dialect == "postgresql":
            raw = connection.connection.driver_connection
            assert raw is not None
            with (
                raw.cursor() as cursor,
                cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join("?" * len(columns))
        connection.exec_driver_sql(
            f"INSERT INTO {table.name} ({names}) VALUES ({marks})", list(rows)
        )

    def _chained(
        self, values: Sequence[tuple[Any, ...]], columns: Sequence[str]
    ) -> tuple[list[tuple[Any, ...]], list[str]]:
        """History entries with their digests, chained after every entry before them
        (the session's own pending ones are written first)."""
        self.session.flush()
        pick = itemgetter(*(columns.index(c) for c in _CHAINED))
        digests = extend_chain(self.session, [pick(row) for row in values])
        chained = [(*row, digest) for row, digest in zip(values, digests, strict=True)]
        return chained, [*columns, "digest"]


_CHAINED = ("at", "actor", "action", "entity", "entity_id", "data")


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)
