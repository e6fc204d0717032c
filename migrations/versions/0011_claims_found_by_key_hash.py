"""Claims are found by a hash of their key; the key itself is no longer stored.

A claim's key (its text folded, the final full stop off) was stored beside its text
and indexed whole: at a million attributions, two more copies of every claim's text.
It is now derived from the text when needed, and claims are found through an index on
``key_hash``, the first eight bytes of the key's BLAKE2b digest as a signed 64-bit
integer. A lookup compares the keys of the claims the hash leads to, so two keys
sharing a hash stay two claims.

Every claim's hash is computed here from its text, by the rule frozen below, in
batches of ids. On SQLite the file keeps its size until ``VACUUM`` (the freed pages
are reused by what is stored next).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

BATCH = 20_000


def _fold_key(text: str) -> str:
    """prov's lookup key at this revision (frozen here): diacritics stripped, casefolded,
    typographic apostrophes straightened, whitespace collapsed."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = text.casefold().replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(folded.split())


def _claim_key(text: str) -> str:
    """A claim's key from its stored text, at this revision (frozen here)."""
    return _fold_key(text.rstrip("."))


def _key_hash(key: str) -> int:
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _fill(column: str, value: Callable[[str], object]) -> None:
    """Set ``column`` of every claim to ``value(text)``, a batch of ids at a time."""
    bind = op.get_bind()
    claims = sa.table(
        "claims", sa.column("id"), sa.column("text"), sa.column("key"), sa.column("key_hash")
    )
    chosen = sa.select(claims.c.id, claims.c.text).order_by(claims.c.id).limit(BATCH)
    update = (
        claims.update()
        .where(claims.c.id == sa.bindparam("claim"))
        .values({column: sa.bindparam("value")})
    )
    last = 0
    while batch := bind.execute(chosen.where(claims.c.id > last)).all():
        bind.execute(update, [{"claim": i, "value": value(text)} for i, text in batch])
        last = batch[-1][0]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a NOT NULL column only with a default; every row is filled next
        op.execute("ALTER TABLE claims ADD COLUMN key_hash BIGINT NOT NULL DEFAULT 0")
    else:
        op.add_column("claims", sa.Column("key_hash", sa.BigInteger(), nullable=True))
    _fill("key_hash", lambda text: _key_hash(_claim_key(text)))
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("claims", "key_hash", nullable=False)
    op.drop_index("ix_claims_key", table_name="claims")
    # a plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch rebuild would drop the
    # claims table that attributions point at
    op.execute("ALTER TABLE claims DROP COLUMN key")
    op.create_index("ix_claims_key_hash", "claims", ["key_hash"], unique=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE claims ADD COLUMN key TEXT NOT NULL DEFAULT ''")
    else:
        op.add_column("claims", sa.Column("key", sa.Text(), nullable=True))
    _fill("key", _claim_key)
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("claims", "key", nullable=False)
    op.drop_index("ix_claims_key_hash", table_name="claims")
    op.execute("ALTER TABLE claims DROP COLUMN key_hash")
    op.create_index("ix_claims_key", "claims", ["key"], unique=False)
