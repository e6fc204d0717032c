"""The SQLite search index reads its text from the stored rows instead of keeping a copy.

Until now ``attribution_fts`` was an FTS5 table with its own content: every content
span, claim, speaker name and title was stored a second time (about 40% of the
attributions table). It becomes an external-content FTS5 table over the view
``attribution_search_source`` (migration 0002), which FTS5 reads by rowid when it needs
a column; the inverted index itself is the same, so ranking and matching do not change.

An external-content index must be told the old values of a row to forget it: each
trigger runs AFTER its change, forgets the rows it touches with the values they had
(from the ``old`` row and the tables the change left alone) and learns them again from
the view. The view now joins a speaker's aliases in key order, so that the old joining
can be written again. An attribution is re-indexed only when a column the view reads
changes (its content, claim, speaker or document), not when it is reviewed.

PostgreSQL is unchanged: its index (``attribution_search``) holds tsvectors, lexemes and
positions, not a copy of the text.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = "content, claim, speaker, title"
TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2'"

# The attribution columns the view attribution_search_source reads.
INDEXED_COLUMNS = "content_exact, claim_id, speaker_id, document_id"


def _aliases(speaker: str, *, without: str | None = None, plus_old: bool = False) -> str:
    """The aliases of ``speaker`` (an SQL expression) as the view joins them: in key
    order, space-separated; as they were before a change to ``speaker_aliases``, given
    the changed row's ``new.id`` (``without``: not there before) and whether its
    ``old`` row was (``plus_old``)."""
    rows = f"SELECT alias, key, id FROM speaker_aliases WHERE speaker_id = {speaker}"
    if without is not None:
        rows += f" AND id <> {without}"
    if plus_old:
        rows += f" UNION ALL SELECT old.alias, old.key, old.id WHERE old.speaker_id = {speaker}"
    return f"coalesce((SELECT group_concat(alias, ' ') FROM ({rows} ORDER BY key, id)), '')"


VIEW = f"""
    CREATE VIEW attribution_search_source AS
    SELECT a.id AS attribution_id,
           a.content_exact AS content,
           coalesce(c.text, '') AS claim,
           coalesce(s.name, '') || ' ' || {_aliases("s.id")} AS speaker,
           coalesce(d.title, '') AS title
    FROM attributions a
    JOIN documents d ON d.id = a.document_id
    LEFT JOIN speakers s ON s.id = a.speaker_id
    LEFT JOIN claims c ON c.id = a.claim_id
    """


def _forget(row: str, rows: str, **given: str) -> str:
    """Tell the index to forget attributions with the values it indexed them under:
    ``row`` names the attribution (``a``, over ``rows``: FROM ... WHERE; or ``old``,
    with no ``rows``), and ``given`` overrides what is not read from it and the
    unchanged tables: ``claim``, ``name`` (the speaker's), ``aliases``, ``title``."""
    claim = given.get("claim", f"(SELECT text FROM claims WHERE id = {row}.claim_id)")
    name = given.get("name", f"(SELECT name FROM speakers WHERE id = {row}.speaker_id)")
    aliases = given.get("aliases", _aliases(f"{row}.speaker_id"))
    title = given.get("title", f"(SELECT title FROM documents WHERE id = {row}.document_id)")
    return (
        f"INSERT INTO attribution_fts(attribution_fts, rowid, {COLUMNS}) "
        f"SELECT 'delete', {row}.id, {row}.content_exact, coalesce({claim}, ''), "
        f"coalesce({name}, '') || ' ' || {aliases}, coalesce({title}, '') {rows};"
    )


def _learn(ids: str) -> str:
    return (
        f"INSERT INTO attribution_fts(rowid, {COLUMNS}) "
        f"SELECT attribution_id, {COLUMNS} "
        f"FROM attribution_search_source WHERE attribution_id IN ({ids});"
    )


def _alias_trigger(event: str, *, new: bool, old: bool) -> str:
    """After a change to an alias: its speaker's attributions forgotten under the
    aliases the speaker had before it, and learnt again under those it has now."""
    speakers = ", ".join(
        x for x, there in (("old.speaker_id", old), ("new.speaker_id", new)) if there
    )
    before = _aliases("a.speaker_id", without="new.id" if new else None, plus_old=old)
    forget = _forget("a", f"FROM attributions a WHERE a.speaker_id IN ({speakers})", aliases=before)
    learn = _learn(f"SELECT id FROM attributions WHERE speaker_id IN ({speakers})")
    name = f"speaker_aliases_fts_{event.lower()}"
    return f"CREATE TRIGGER {name} AFTER {event} ON speaker_aliases BEGIN {forget} {learn} END"


# Every trigger runs AFTER its change and forgets with the old values, read from the
# ``old`` row and the unchanged rest: a change that does not happen (an INSERT OR
# IGNORE that meets a duplicate) fires nothing and so cannot leave the index behind.
TRIGGERS = {
    "attributions_fts_insert": f"AFTER INSERT ON attributions BEGIN {_learn('new.id')} END",
    "attributions_fts_update": (
        f"AFTER UPDATE OF {INDEXED_COLUMNS} ON attributions "
        f"BEGIN {_forget('old', '')} {_learn('new.id')} END"
    ),
    "attributions_fts_delete": f"AFTER DELETE ON attributions BEGIN {_forget('old', '')} END",
    "speakers_fts_update": (
        "AFTER UPDATE OF name ON speakers BEGIN "
        + _forget("a", "FROM attributions a WHERE a.speaker_id = old.id", name="old.name")
        + _learn("SELECT id FROM attributions WHERE speaker_id = new.id")
        + " END"
    ),
    "claims_fts_update": (
        "AFTER UPDATE OF text ON claims BEGIN "
        + _forget("a", "FROM attributions a WHERE a.claim_id = old.id", claim="old.text")
        + _learn("SELECT id FROM attributions WHERE claim_id = new.id")
        + " END"
    ),
    "documents_fts_update": (
        "AFTER UPDATE OF title ON documents BEGIN "
        + _forget("a", "FROM attributions a WHERE a.document_id = old.id", title="old.title")
        + _learn("SELECT id FROM attributions WHERE document_id = new.id")
        + " END"
    ),
}


def _triggers() -> list[str]:
    made = [f"CREATE TRIGGER {name} {body}" for name, body in TRIGGERS.items()]
    made.append(_alias_trigger("INSERT", new=True, old=False))
    made.append(_alias_trigger("UPDATE", new=True, old=True))
    made.append(_alias_trigger("DELETE", new=False, old=True))
    return made


def _trigger_names() -> list[str]:
    return [*TRIGGERS, *(f"speaker_aliases_fts_{e}" for e in ("insert", "update", "delete"))]


# Migration 0002's view and triggers, for the way down (and to drop on the way up).
OLD_VIEW = """
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
    """
_OLD_REINDEX = [
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


def _old_trigger(name: str, event: str, remove: str | None, add: str) -> str:
    body = []
    if remove is not None:
        body.append(f"DELETE FROM attribution_fts WHERE rowid IN ({remove});")
    body.append(_learn(add))
    return f"CREATE TRIGGER {name} {event} BEGIN " + " ".join(body) + " END"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name, *_ in _OLD_REINDEX:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TRIGGER IF EXISTS attributions_fts_delete")
    op.execute("DROP TABLE attribution_fts")
    op.execute("DROP VIEW attribution_search_source")
    op.execute(VIEW)
    op.execute(
        f"CREATE VIRTUAL TABLE attribution_fts USING fts5({COLUMNS}, "
        "content = 'attribution_search_source', content_rowid = 'attribution_id', "
        f"{TOKENIZE})"
    )
    for statement in _triggers():
        op.execute(statement)
    op.execute("INSERT INTO attribution_fts(attribution_fts) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in _trigger_names():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE attribution_fts")
    op.execute("DROP VIEW attribution_search_source")
    op.execute(OLD_VIEW)
    op.execute(f"CREATE VIRTUAL TABLE attribution_fts USING fts5({COLUMNS}, {TOKENIZE})")
    for trigger in _OLD_REINDEX:
        op.execute(_old_trigger(*trigger))
    op.execute(
        "CREATE TRIGGER attributions_fts_delete AFTER DELETE ON attributions "
        "BEGIN DELETE FROM attribution_fts WHERE rowid = old.id; END"
    )
    op.execute(
        f"INSERT INTO attribution_fts(rowid, {COLUMNS}) "
        f"SELECT attribution_id, {COLUMNS} FROM attribution_search_source"
    )
