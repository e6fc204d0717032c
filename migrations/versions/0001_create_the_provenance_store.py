"""Create the provenance store: outlets, documents, speakers, claims, attributions, changes.

Revision ID: 0001
Revises:
Create Date: 2026-11-24 17:59:57.072325
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_changes")),
    )
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_changes_action"), ["action"], unique=False)
        batch_op.create_index("ix_changes_entity", ["entity", "entity_id"], unique=False)

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_key"), ["key"], unique=False)

    op.create_table(
        "outlets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outlets")),
        sa.UniqueConstraint("name", name=op.f("uq_outlets_name")),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("revises_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("length(sha256) = 64", name=op.f("ck_documents_sha256_length")),
        sa.CheckConstraint(
            "revises_id IS NULL OR revises_id <> id", name=op.f("ck_documents_not_own_revision")
        ),
        sa.ForeignKeyConstraint(
            ["outlet_id"], ["outlets.id"], name=op.f("fk_documents_outlet_id_outlets")
        ),
        sa.ForeignKeyConstraint(
            ["revises_id"], ["documents.id"], name=op.f("fk_documents_revises_id_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("sha256", name=op.f("uq_documents_sha256")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_outlet_id"), ["outlet_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_published"), ["published"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_revises_id"), ["revises_id"], unique=False)

    op.create_table(
        "speakers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("holder_id", sa.Integer(), nullable=True),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(type = 'unnamed' AND document_id IS NOT NULL) OR (type <> 'unnamed' AND document_id IS NULL)",
            name=op.f("ck_speakers_unnamed_scoped_to_document"),
        ),
        sa.CheckConstraint(
            "type IN ('person', 'organization', 'unnamed')", name=op.f("ck_speakers_type_known")
        ),
        sa.CheckConstraint(
            "holder_id IS NULL OR holder_id <> id", name=op.f("ck_speakers_not_own_holder")
        ),
        sa.CheckConstraint(
            "merged_into_id IS NULL OR merged_into_id <> id", name=op.f("ck_speakers_not_own_merge")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_speakers_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["holder_id"], ["speakers.id"], name=op.f("fk_speakers_holder_id_speakers")
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"], ["speakers.id"], name=op.f("fk_speakers_merged_into_id_speakers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speakers")),
    )
    with op.batch_alter_table("speakers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_speakers_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_speakers_holder_id"), ["holder_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_speakers_merged_into_id"), ["merged_into_id"], unique=False
        )
        batch_op.create_index(
            "uq_speakers_named_key",
            ["key"],
            unique=True,
            sqlite_where=sa.text("document_id IS NULL AND merged_into_id IS NULL"),
            postgresql_where=sa.text("document_id IS NULL AND merged_into_id IS NULL"),
        )
        batch_op.create_index(
            "uq_speakers_unnamed_key",
            ["document_id", "key"],
            unique=True,
            sqlite_where=sa.text("document_id IS NOT NULL AND merged_into_id IS NULL"),
            postgresql_where=sa.text("document_id IS NOT NULL AND merged_into_id IS NULL"),
        )

    op.create_table(
        "attributions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("speaker_id", sa.Integer(), nullable=True),
        sa.Column("strength", sa.String(length=24), nullable=False),
        sa.Column("mode", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("recorded_via", sa.String(length=12), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("revised_from_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("content_start", sa.Integer(), nullable=False),
        sa.Column("content_end", sa.Integer(), nullable=False),
        sa.Column("content_exact", sa.Text(), nullable=False),
        sa.Column("content_prefix", sa.Text(), nullable=False),
        sa.Column("content_suffix", sa.Text(), nullable=False),
        sa.Column("source_start", sa.Integer(), nullable=True),
        sa.Column("source_end", sa.Integer(), nullable=True),
        sa.Column("source_exact", sa.Text(), nullable=True),
        sa.Column("source_prefix", sa.Text(), nullable=True),
        sa.Column("source_suffix", sa.Text(), nullable=True),
        sa.Column("cue_start", sa.Integer(), nullable=True),
        sa.Column("cue_end", sa.Integer(), nullable=True),
        sa.Column("cue_exact", sa.Text(), nullable=True),
        sa.Column("cue_prefix", sa.Text(), nullable=True),
        sa.Column("cue_suffix", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "mode IN ('direct', 'mixed', 'indirect')", name=op.f("ck_attributions_mode_known")
        ),
        sa.CheckConstraint(
            "recorded_via IN ('hand', 'extractor', 'import', 'seed', 'revision')",
            name=op.f("ck_attributions_recorded_via_known"),
        ),
        sa.CheckConstraint(
            "speaker_id IS NOT NULL OR strength = 'unattributed'",
            name=op.f("ck_attributions_sourced_has_speaker"),
        ),
        sa.CheckConstraint(
            "status IN ('confirmed', 'proposed', 'rejected')",
            name=op.f("ck_attributions_status_known"),
        ),
        sa.CheckConstraint(
            "strength IN ('on_record', 'official_statement', 'documentary', 'anonymous_described', 'anonymous_vague', 'unattributed')",
            name=op.f("ck_attributions_strength_known"),
        ),
        sa.CheckConstraint(
            "(cue_start IS NULL AND cue_end IS NULL AND cue_exact IS NULL AND cue_prefix IS NULL AND cue_suffix IS NULL) OR (cue_start >= 0 AND cue_start < cue_end AND cue_exact IS NOT NULL)",
            name=op.f("ck_attributions_cue_span"),
        ),
        sa.CheckConstraint(
            "(source_start IS NULL AND source_end IS NULL AND source_exact IS NULL AND source_prefix IS NULL AND source_suffix IS NULL) OR (source_start >= 0 AND source_start < source_end AND source_exact IS NOT NULL)",
            name=op.f("ck_attributions_source_span"),
        ),
        sa.CheckConstraint(
            "confidence IS NULL OR (confidence >= 0 AND confidence <= 1)",
            name=op.f("ck_attributions_confidence_range"),
        ),
        sa.CheckConstraint(
            "content_start >= 0 AND content_start < content_end AND content_exact IS NOT NULL",
            name=op.f("ck_attributions_content_span"),
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_attributions_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_attributions_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["revised_from_id"],
            ["attributions.id"],
            name=op.f("fk_attributions_revised_from_id_attributions"),
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"], ["speakers.id"], name=op.f("fk_attributions_speaker_id_speakers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attributions")),
        sa.UniqueConstraint(
            "document_id",
            "content_start",
            "content_end",
            "speaker_id",
            name=op.f("uq_attributions_document_id_content_start_content_end_speaker_id"),
        ),
    )
    with op.batch_alter_table("attributions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attributions_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(
            "ix_attributions_document_strength", ["document_id", "strength"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_attributions_revised_from_id"), ["revised_from_id"], unique=False
        )
        batch_op.create_index(
            "ix_attributions_speaker_strength", ["speaker_id", "strength"], unique=False
        )

    op.create_table(
        "speaker_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["speakers.id"],
            name=op.f("fk_speaker_aliases_speaker_id_speakers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_aliases")),
        sa.UniqueConstraint("speaker_id", "key", name=op.f("uq_speaker_aliases_speaker_id_key")),
    )
    with op.batch_alter_table("speaker_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_speaker_aliases_key"), ["key"], unique=False)


def downgrade() -> None:
    for table in (
        "speaker_aliases",
        "attributions",
        "speakers",
        "documents",
        "outlets",
        "claims",
        "changes",
    ):
        op.drop_table(table)
