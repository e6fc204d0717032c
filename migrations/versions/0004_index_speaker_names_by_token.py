"""Index speaker names and aliases by token, for resolution without a full scan.

The index is filled with the tokens prov made of a name when this revision was
written (the rule is copied here, frozen, so that the migration gives the same result
whatever later versions of prov do with names; a later change to the rule comes with
a revision of its own that re-indexes).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import re
import unicodedata

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
    _index_existing_speakers(op.get_bind())


def downgrade() -> None:
    op.drop_index(op.f("ix_speaker_tokens_speaker_id"), table_name="speaker_tokens")
    op.drop_table("speaker_tokens")


# The token rule of prov at revision 0004: a name is folded (no diacritics, casefolded,
# typographic apostrophes straightened, spaces collapsed), split at anything but word
# characters, @ and #, and stripped of one-letter initials, stopwords, courtesy
# honorifics, role abbreviations, name particles and suffixes.
_STOPWORDS = frozenset("the a an of for and or to in at on by with from 's s".split())
_COURTESY_HONORIFICS = frozenset("mr mrs ms miss mx messrs mme mmes".split())
_ROLE_ABBREVIATIONS = frozenset(
    "sen sens rep reps gov dr gen lt col capt cpt sgt adm cmdr maj prof rev pres amb atty "
    "supt insp det hon sec st".split()
)
_NAME_PARTICLES = frozenset(
    "al el bin ibn bint abu abd de del della dei di da dos das du van von der den ter ten "
    "la le y".split()
)
_NAME_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    folded = folded.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(folded.split())


def _tokens(name: str) -> list[str]:
    tokens: list[str] = []
    for token in re.split(r"[^\w@#]+", _fold(name)):
        if len(token) < 2 or token in _STOPWORDS or token in _COURTESY_HONORIFICS:
            continue
        if token in _ROLE_ABBREVIATIONS or token in _NAME_PARTICLES or token in _NAME_SUFFIXES:
            continue
        if token not in tokens:
            tokens.append(token)
    return tokens


def _index_existing_speakers(conn: sa.Connection) -> None:
    names = conn.execute(
        sa.text(
            "SELECT id, key FROM speakers WHERE document_id IS NULL AND merged_into_id IS NULL "
            "UNION SELECT a.speaker_id, a.key FROM speaker_aliases a JOIN speakers s "
            "ON s.id = a.speaker_id WHERE s.document_id IS NULL AND s.merged_into_id IS NULL"
        )
    ).all()
    rows = {(token, sid, key) for sid, key in names for token in _tokens(key)}
    if rows:
        conn.execute(
            sa.text("INSERT INTO speaker_tokens (token, speaker_id, key) VALUES (:t, :s, :k)"),
            [{"t": t, "s": s, "k": k} for t, s, k in sorted(rows)],
        )
