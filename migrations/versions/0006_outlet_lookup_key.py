"""Outlets get a lookup key: the name casefolded and without diacritics.

``--outlet "les echos"`` finds "Les Échos" on both backends (SQLite's LIKE folds ASCII
case only, and read ``%`` and ``_`` in a name as wildcards), and ingesting
"financial times" files the article under the "Financial Times" already stored.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _fold_key(text: str) -> str:
    """prov's lookup key at this revision (frozen here): diacritics stripped, casefolded,
    typographic apostrophes straightened, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    folded = folded.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(folded.split())


def upgrade() -> None:
    op.add_column("outlets", sa.Column("key", sa.Text(), nullable=True))
    op.create_index(op.f("ix_outlets_key"), "outlets", ["key"], unique=False)
    bind = op.get_bind()
    outlets = sa.table("outlets", sa.column("id"), sa.column("name"), sa.column("key"))
    for outlet_id, name in bind.execute(sa.select(outlets.c.id, outlets.c.name)).all():
        bind.execute(outlets.update().where(outlets.c.id == outlet_id).values(key=_fold_key(name)))


def downgrade() -> None:
    op.drop_index(op.f("ix_outlets_key"), table_name="outlets")
    # a plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch rebuild would drop the
    # outlets table that documents point at
    op.execute("ALTER TABLE outlets DROP COLUMN key")
