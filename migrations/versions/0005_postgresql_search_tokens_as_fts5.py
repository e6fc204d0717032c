"""PostgreSQL full-text search: split words as SQLite's FTS5 does.

PostgreSQL's text-search parser keeps some punctuated tokens whole where FTS5's
``unicode61`` tokenizer splits them: "pre-existing" is indexed as the compound and then
its parts (so the phrase "a pre-existing deconfliction" had a gap in it), "U.S." as a
file name, "F-16" as a signed number, "example.com" as a host, an e-mail address whole.
A query, which prov always renders as plain word tokens, could not find them. Three
changes make the two backends find the same attributions:

* ``prov_search_text()`` turns every ASCII punctuation character into a space before
  the parser sees the text, so only words and numbers remain, as FTS5 sees them;
* ``prov_fold`` folds diacritics in every word-like token type, numbers-and-letters
  ("Erdoğan2") included;
* the four fields (content, claim, speaker, title) are joined with a one-position gap
  (a ``|`` lexeme no query can produce), so a phrase never runs from one field into the
  next, as FTS5 keeps its columns apart.

The index is rebuilt. SQLite is unchanged.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"  # every ASCII punctuation character
WORD_TYPES = (
    "asciiword, word, numword, asciihword, hword, numhword, "
    "hword_asciipart, hword_part, hword_numpart"
)


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


SEARCH_TEXT = f"""
    CREATE FUNCTION prov_search_text(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT translate(coalesce(t, ''), {_literal(PUNCTUATION)}, {_literal(" " * len(PUNCTUATION))})
    $$
"""

_GAP = r"$gap$'|'\:1$gap$::tsvector"


def _field(expression: str, weight: str) -> str:
    return f"setweight(to_tsvector('prov_fold', prov_search_text({expression})), '{weight}')"


def _reindex_function(field: Callable[[str, str], str], gap: str) -> str:
    parts = [
        field("a.content_exact", "A"),
        field("c.text", "B"),
        field(
            "coalesce(s.name, '') || ' ' || coalesce((SELECT string_agg(al.alias, ' ') "
            "FROM speaker_aliases al WHERE al.speaker_id = s.id), '')",
            "B",
        ),
        field("d.title", "C"),
    ]
    joiner = f"\n               || {gap} || " if gap else "\n               || "
    joined = joiner.join(parts)
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


def _old_field(expression: str, weight: str) -> str:
    return f"setweight(to_tsvector('prov_fold', coalesce({expression}, '')), '{weight}')"


def _execute(statement: str) -> None:
    op.execute(sa.text(statement))


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _execute(f"ALTER TEXT SEARCH CONFIGURATION prov_fold ALTER MAPPING FOR {WORD_TYPES} "
             "WITH unaccent, simple")  # fmt: skip
    _execute(SEARCH_TEXT)
    _execute(_reindex_function(_field, _GAP))
    _execute("SELECT prov_reindex_attributions(ARRAY(SELECT id FROM attributions))")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _execute(_reindex_function(_old_field, ""))
    _execute("DROP FUNCTION prov_search_text(text)")
    _execute("ALTER TEXT SEARCH CONFIGURATION prov_fold ALTER MAPPING FOR "
             "asciiword, numword, asciihword, numhword, hword_asciipart, hword_numpart "
             "WITH simple")  # fmt: skip
    _execute("SELECT prov_reindex_attributions(ARRAY(SELECT id FROM attributions))")
