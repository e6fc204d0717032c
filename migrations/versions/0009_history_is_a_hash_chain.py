"""The history becomes a hash chain, and its append-only rule holds against TRUNCATE.

Every entry of ``changes`` gets a ``digest``: the SHA-256 of the entry before it and of
what it says, over a canonical JSON form (the formula is part of the stored format:
``provenance.store.history`` computes the same, and a test holds the two together).
Existing entries are chained in id order, in blocks, so that a database of millions of
entries upgrades in flat memory.

On PostgreSQL a statement trigger refuses TRUNCATE, and both history triggers fire
"always", so that ``SET session_replication_role = replica`` does not switch them off.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from typing import Any

from alembic import op
from sqlalchemy import Connection, text

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

BLOCK = 20_000
MESSAGE = "the change history is append-only"


def _digests(previous: str, entries: list[tuple[Any, ...]]) -> Iterator[str]:
    for at, *said in entries:
        when = at.isoformat(sep=" ", timespec="microseconds")
        canonical = json.dumps([previous, when, *said], sort_keys=True, separators=(",", ":"))
        previous = hashlib.sha256(canonical.encode("ascii")).hexdigest()
        yield previous


def _when(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)


def _data(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _chain_existing(connection: Connection, dialect: str) -> None:
    previous, last = "", 0
    query = text(
        "SELECT id, at, actor, action, entity, entity_id, data FROM changes "
        "WHERE id > :last ORDER BY id LIMIT :block"
    )
    while True:
        rows = connection.execute(query, {"last": last, "block": BLOCK}).all()
        if not rows:
            return
        entries = [(_when(r[1]), r[2], r[3], r[4], r[5], _data(r[6])) for r in rows]
        digests = list(_digests(previous, entries))
        pairs = [(digest, row[0]) for row, digest in zip(rows, digests, strict=True)]
        if dialect == "postgresql":
            _update_by_copy(connection, pairs)
        else:
            connection.exec_driver_sql("UPDATE changes SET digest = ? WHERE id = ?", pairs)
        previous, last = digests[-1], rows[-1][0]


def _update_by_copy(connection: Connection, pairs: list[tuple[str, int]]) -> None:
    connection.exec_driver_sql(
        "CREATE TEMPORARY TABLE IF NOT EXISTS chained (digest varchar(64), id integer) "
        "ON COMMIT DROP"
    )
    raw = connection.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy("COPY chained (digest, id) FROM STDIN") as copy:
        for pair in pairs:
            copy.write_row(pair)
    connection.exec_driver_sql(
        "UPDATE changes SET digest = chained.digest FROM chained WHERE chained.id = changes.id"
    )
    connection.exec_driver_sql("TRUNCATE chained")


def upgrade() -> None:
    connection = op.get_bind()
    dialect = connection.dialect.name
    op.execute("ALTER TABLE changes ADD COLUMN digest VARCHAR(64)")
    if dialect == "sqlite":
        op.execute("DROP TRIGGER changes_append_only_update")
        _chain_existing(connection, dialect)
        op.execute(
            "CREATE TRIGGER changes_append_only_update BEFORE UPDATE ON changes "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )
    elif dialect == "postgresql":
        op.execute("ALTER TABLE changes DISABLE TRIGGER changes_append_only")
        _chain_existing(connection, dialect)
        op.execute("ALTER TABLE changes ENABLE ALWAYS TRIGGER changes_append_only")
        op.execute(
            "CREATE TRIGGER changes_append_only_truncate BEFORE TRUNCATE ON changes "
            "FOR EACH STATEMENT EXECUTE FUNCTION prov_changes_append_only()"
        )
        op.execute("ALTER TABLE changes ENABLE ALWAYS TRIGGER changes_append_only_truncate")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER changes_append_only_truncate ON changes")
        op.execute("ALTER TABLE changes ENABLE TRIGGER changes_append_only")
    op.execute("ALTER TABLE changes DROP COLUMN digest")
