"""Add full-text search over attributions: content, claim, speaker names and title.

SQLite gets an FTS5 table whose unicode61 tokenizer folds diacritics ("Erdogan" finds
"Erdoğan"); PostgreSQL gets a weighted tsvector per attribution in a text search
configuration that folds accents with unaccent. On both, triggers keep the index
current when attributions, speakers, aliases, claims or titles change, so that no
code path (nor a hand edit through the sqlite3 shell) can leave it stale.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE = [
    """
    CREATE VIEW attribution_search_source AS
    SELECT a.id AS attribution_id,
           a.content_exact AS content,
           coalesce(c.text, '') AS claim,
           coalesce(s.name, '') || ' ' || coalesce(
               (SELECT group_concat(al.alias, ' ') FROM speaker_aliases al
                WHERE al.speaker_id = s.id), '') AS speaker,
           coalesce(d.title, '') AS title
    FROM attributions a
    JOIN documents d ON d.id = a.document_id
    LEFT JOIN speakers s ON s.id = a.speaker_id
    LEFT JOIN claims c ON c.id = a.claim_id
    """,
    """
    CREATE VIRTUAL TABLE attribution_fts USING fts5(
        content, claim, speaker, title,
        tokenize = 'unicode61 remove_diacritics 2'
    )
    """,
]

# (trigger name, event, the set of attribution ids to re-index)
_SQLITE_REINDEX = [
    ("attributions_fts_insert", "AFTER INSERT ON attributions", None, "new.id"),
    ("attributions_fts_update", "AFTER UPDATE ON attributions", "old.id", "new.id"),
    (
        "speakers_fts_update",
        "AFTER UPDATE OF name ON speakers",
        "SELECT id FROM attributions WHERE speaker_id = new.id",
        "SELECT id FROM attributions WHERE speaker_id = new.id",
    ),
    (
        "speaker_aliases_fts_insert",
        "AFTER INSERT ON speaker_aliases",
        "SELECT id FROM attributions WHERE speaker_id = new.speaker_id",
        "SELECT id FROM attributions WHERE speaker_id = new.speaker_id",
    ),
    (
        "speaker_aliases_fts_delete",
        "AFTER DELETE ON speaker_aliases",
        "SELECT id FROM attributions WHERE speaker_id = old.speaker_id",
        "SELECT id FROM attributions WHERE speaker_id = old.speaker_id",
    ),
    (
        "claims_fts_update",
        "AFTER UPDATE OF text ON claims",
        "SELECT id FROM attributions WHERE claim_id = new.id",
        "SELECT id FROM attributions WHERE claim_id = new.id",
    ),
    (
        "documents_fts_update",
        "AFTER UPDATE OF title ON documents",
        "SELECT id FROM attributions WHERE document_id = new.id",
        "SELECT id FROM attributions WHERE document_id = new.id",
    ),
]


def _sqlite_trigger(name: str, event: str, remove: str | None, add: str) -> str:
    body = []
    if remove is not None:
        body.append(f"DELETE FROM attribution_fts WHERE rowid IN ({remove});")
    body.append(
        "INSERT INTO attribution_fts(rowid, content, claim, speaker, title) "
        "SELECT attribution_id, content, claim, speaker, title "
        f"FROM attribution_search_source WHERE attribution_id IN ({add});"
    )
    return f"CREATE TRIGGER {name} {event} BEGIN " + " ".join(body) + " END"


POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION prov_fold (COPY = simple)",
    """
    ALTER TEXT SEARCH CONFIGURATION prov_fold
        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple
    """,
    """
    CREATE TABLE attribution_search (
        attribution_id integer PRIMARY KEY
            REFERENCES attributions(id) ON DELETE CASCADE,
        document tsvector NOT NULL
    )
    """,
    "CREATE INDEX ix_attribution_search_document ON attribution_search USING gin (document)",
    """
    CREATE FUNCTION prov_reindex_attributions(ids integer[]) RETURNS void
    LANGUAGE sql AS $$
        INSERT INTO attribution_search (attribution_id, document)
        SELECT a.id,
               setweight(to_tsvector('prov_fold', a.content_exact), 'A')
               || setweight(to_tsvector('prov_fold', coalesce(c.text, '')), 'B')
               || setweight(to_tsvector('prov_fold', coalesce(s.name, '') || ' ' || coalesce(
                      (SELECT string_agg(al.alias, ' ') FROM speaker_aliases al
                       WHERE al.speaker_id = s.id), '')), 'B')
               || setweight(to_tsvector('prov_fold', coalesce(d.title, '')), 'C')
        FROM attributions a
        JOIN documents d ON d.id = a.document_id
        LEFT JOIN speakers s ON s.id = a.speaker_id
        LEFT JOIN claims c ON c.id = a.claim_id
        WHERE a.id = ANY(ids)
        ON CONFLICT (attribution_id) DO UPDATE SET document = excluded.document
    $$
    """,
    """
    CREATE FUNCTION prov_reindex_trigger() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'attributions' THEN
            PERFORM prov_reindex_attributions(ARRAY[NEW.id]);
        ELSIF TG_TABLE_NAME = 'speakers' THEN
            PERFORM prov_reindex_attributions(
                ARRAY(SELECT id FROM attributions WHERE speaker_id = NEW.id));
        ELSIF TG_TABLE_NAME = 'speaker_aliases' THEN
            PERFORM prov_reindex_attributions(
                ARRAY(SELECT id FROM attributions
                      WHERE speaker_id = COALESCE(NEW.speaker_id, OLD.speaker_id)));
        ELSIF TG_TABLE_NAME = 'claims' THEN
            PERFORM prov_reindex_attributions(
                ARRAY(SELECT id FROM attributions WHERE claim_id = NEW.id));
        ELSIF TG_TABLE_NAME = 'documents' THEN
            PERFORM prov_reindex_attributions(
                ARRAY(SELECT id FROM attributions WHERE document_id = NEW.id));
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER attributions_search AFTER INSERT OR UPDATE ON attributions
    FOR EACH ROW EXECUTE FUNCTION prov_reindex_trigger()
    """,
    """
    CREATE TRIGGER speakers_search AFTER UPDATE OF name ON speakers
    FOR EACH ROW EXECUTE FUNCTION prov_reindex_trigger()
    """,
    """
    CREATE TRIGGER speaker_aliases_search AFTER INSERT OR UPDATE OR DELETE ON speaker_aliases
    FOR EACH ROW EXECUTE FUNCTION prov_reindex_trigger()
    """,
    """
    CREATE TRIGGER claims_search AFTER UPDATE OF text ON claims
    FOR EACH ROW EXECUTE FUNCTION prov_reindex_trigger()
    """,
    """
    CREATE TRIGGER documents_search AFTER UPDATE OF title ON documents
    FOR EACH ROW EXECUTE FUNCTION prov_reindex_trigger()
    """,
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        statements = [*SQLITE, *(_sqlite_trigger(*t) for t in _SQLITE_REINDEX)]
        statements.append(
            "CREATE TRIGGER attributions_fts_delete AFTER DELETE ON attributions "
            "BEGIN DELETE FROM attribution_fts WHERE rowid = old.id; END"
        )
    elif dialect == "postgresql":
        statements = POSTGRESQL
    else:
        return  # other backends: search falls back to LIKE
    for statement in statements:
        op.execute(statement)
    # index what the database already holds
    if dialect == "sqlite":
        op.execute(
            "INSERT INTO attribution_fts(rowid, content, claim, speaker, title) "
            "SELECT attribution_id, content, claim, speaker, title FROM attribution_search_source"
        )
    else:
        op.execute("SELECT prov_reindex_attributions(ARRAY(SELECT id FROM attributions))")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name, *_ in _SQLITE_REINDEX:
            op.execute(f"DROP TRIGGER {name}")
        op.execute("DROP TRIGGER attributions_fts_delete")
        op.execute("DROP TABLE attribution_fts")
        op.execute("DROP VIEW attribution_search_source")
    elif dialect == "postgresql":
        op.execute("DROP TABLE attribution_search CASCADE")
        for trigger, table in [
            ("attributions_search", "attributions"),
            ("speakers_search", "speakers"),
            ("speaker_aliases_search", "speaker_aliases"),
            ("claims_search", "claims"),
            ("documents_search", "documents"),
        ]:
            op.execute(f"DROP TRIGGER {trigger} ON {table}")
        op.execute("DROP FUNCTION prov_reindex_trigger()")
        op.execute("DROP FUNCTION prov_reindex_attributions(integer[])")
        op.execute("DROP TEXT SEARCH CONFIGURATION prov_fold")
