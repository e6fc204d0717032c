"""Documents keep the SHA-256 of the file or record their text was read from.

A saved web page, a WARC record or a crawler's line is not the text prov stores (the
article is extracted from it, normalised to NFC with ``\\n`` line ends); the original's
hash, beside the stored text's, says which capture a document came from. Null for a
document that was typed in or imported from a bundle that did not say.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("original_sha256", sa.String(length=64), nullable=True))


def downgrade() -> None:
    # a plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch rebuild would drop the
    # documents table that attributions and speakers point at
    op.execute("ALTER TABLE documents DROP COLUMN original_sha256")
