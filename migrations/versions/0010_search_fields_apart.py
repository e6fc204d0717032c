"""PostgreSQL full-text search keeps the speaker's names apart from the claim.

Search can now be asked to look in the quote, the source or the title alone
(``prov search --in``). SQLite's FTS5 table has a column per field already; in
PostgreSQL's tsvector the fields are told apart by weight, and the claim and the
speaker's names shared weight B. The speaker's names move to weight D, so that a
tsquery can ask for quote words (A: content, B: claim), source words (D) or title words
(C). Ranking is unchanged: ``ts_rank`` is given the weights {D 0.4, C 0.2, B 0.4, A 1.0}
where its defaults gave B 0.4 to both.

The index is rebuilt. SQLite is unchanged.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_GAP = r"$gap$'|'\:1$gap$::tsvector"


def _field(expression: str, weight: str) -> str:
    return f"setweight(to_tsvector('prov_fold', prov_search_text({expression})), '{weight}')"


def _reindex_function(speaker_weight: str, field: Callable[[str, str], str] = _field) -> str:
    parts = [
        field("a.content_exact", "A"),
        field("c.text", "B"),
        field(
            "coalesce(s.name, '') || ' ' || coalesce((SELECT string_agg(al.alias, ' ') "
            "FROM speaker_aliases al WHERE al.speaker_id = s.id), '')",
            speaker_weight,
        ),
        field("d.title", "C"),
    ]
    joined = f"\n               || {_GAP} || ".join(parts)
    return f"""
    CREATE OR REPLACE FUNCTION prov_reindex_attributions(ids integer[]) RETURNS void
    LANGUAGE sql AS $$
        INSERT INTO attribution_search (attribution_id, document)
        SELECT a.id,
               {joined}
        FROM attributions a
        JOIN documents d ON d.id = a.document_id
        LEFT JOIN speakers s ON s.id = a.speaker_id
        LEFT JOIN claims c ON c.id = a.claim_id
        WHERE a.id = ANY(ids)
        ON CONFLICT (attribution_id) DO UPDATE SET document = excluded.document
    $$
    """


def _rebuild(speaker_weight: str) -> None:
    op.execute(sa.text(_reindex_function(speaker_weight)))
    op.execute(sa.text("SELECT prov_reindex_attributions(ARRAY(SELECT id FROM attributions))"))


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _rebuild("D")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _rebuild("B")
