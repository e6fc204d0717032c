"""Index speaker names and aliases by token, for resolution without a full scan.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "speaker_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=80), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["speakers.id"],
            name=op.f("fk_speaker_tokens_speaker_id_speakers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_tokens")),
        sa.UniqueConstraint(
            "token", "speaker_id", "key", name=op.f("uq_speaker_tokens_token_speaker_id_key")
        ),
    )
    op.create_index(
        op.f("ix_speaker_tokens_speaker_id"), "speaker_tokens", ["speaker_id"], unique=False
    )
    # index the speakers a database already holds
    from provenance.speakers.resolution import reindex_all_speakers

    reindex_all_speakers(op.get_bind())


def downgrade() -> None:
    op.drop_index(op.f("ix_speaker_tokens_speaker_id"), table_name="speaker_tokens")
    op.drop_table("speaker_tokens")
