"""Speaker index tokens are cut to the 80 characters their column holds.

A name holding a "word" of more than 80 characters (letters pasted without spaces)
could not be stored on PostgreSQL, whose ``speaker_tokens.token`` is ``VARCHAR(80)``,
and was stored whole on SQLite, which does not hold a column to its length. prov now
indexes such a word by its first 80 characters on both; this revision cuts the tokens
a SQLite database already holds the same way (a token that would then repeat another
of the same speaker and key is dropped), so that lookups, which cut theirs, find them.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

TOKEN_MAX = 80


def upgrade() -> None:
    op.execute(
        f"DELETE FROM speaker_tokens WHERE length(token) > {TOKEN_MAX} AND EXISTS ("
        "SELECT 1 FROM speaker_tokens other WHERE other.speaker_id = speaker_tokens.speaker_id "
        "AND other.key = speaker_tokens.key AND other.id < speaker_tokens.id "
        f"AND substr(other.token, 1, {TOKEN_MAX}) = substr(speaker_tokens.token, 1, {TOKEN_MAX}))"
    )
    op.execute(
        f"UPDATE speaker_tokens SET token = substr(token, 1, {TOKEN_MAX}) "
        f"WHERE length(token) > {TOKEN_MAX}"
    )


def downgrade() -> None:
    """The whole tokens are not kept; the cut ones find what they found."""
