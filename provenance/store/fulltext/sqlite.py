"""The SQLite index: the FTS5 table ``attribution_fts``, ranked by bm25.

Since migration 0008 an external-content table: it keeps the inverted index only and
reads the text of a row, when it needs it, from the view ``attribution_search_source``
(migration 0002), so the text is not stored twice. Triggers tell it of every change.

Its tokenizer, ``unicode61 remove_diacritics 2``, folds case and diacritics, so
"Erdogan" finds "Erdoğan"; a query is rendered as FTS5 strings, which FTS5 reads as a
phrase of the tokens inside: never a keyword, column filter or prefix.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    bindparam,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnClause

from provenance.store.fulltext import DEFAULT_FIELDS, FIELDS, FullTextIndex, IndexTerm

__all__ = ["BM25_WEIGHTS", "INDEX", "SqliteIndex"]

# bm25 weights per FTS5 column (content, claim, speaker, title) = ts_rank's A, B, B, C.
BM25_WEIGHTS = (1.0, 0.4, 0.4, 0.2)
_BM25 = "bm25(" + ", ".join(map(str, BM25_WEIGHTS)) + ")"

INSERT_TRIGGER = "attributions_fts_insert"  # migration 0008
# the FTS5 columns of each field a search can look in
COLUMNS_OF_FIELD = {"quote": ("content", "claim"), "source": ("speaker",), "title": ("title",)}

_FTS = table("attribution_fts", column("rowid"), column("rank"))
_FTS_NAME: ColumnClause[Any] = literal_column("attribution_fts")


def _fts5_string(tokens: tuple[str, ...]) -> str:
    return '"' + " ".join(tokens).replace('"', '""') + '"'


def _runs(ids: list[int]) -> Iterator[tuple[int, int]]:
    """``ids`` (sorted) as runs of consecutive numbers, first and last of each."""
    start = previous = None
    for i in ids:
        if previous is not None and i == previous + 1:
            previous = i
            continue
        if start is not None and previous is not None:
            yield start, previous
        start = previous = i
    if start is not None and previous is not None:
        yield start, previous


class SqliteIndex(FullTextIndex):
    dialect = "sqlite"
    table = "attribution_fts"
    key = "rowid"

    @property
    def indexed(self) -> tuple[str, str]:
        # Reading an external-content table's rowids reads the view it indexes; the
        # docsize shadow table holds one row per indexed attribution.
        return "attribution_fts_docsize", "id"

    def agrees(self, connection: Connection) -> bool | None:
        """FTS5's own check of the index against the rows it was built from: a word
        of a changed text still indexed, or a new one missing, fails it. The check is
        an INSERT command, so a file opened read-only cannot run it (``None``)."""
        try:
            with connection.begin_nested():
                connection.exec_driver_sql(
                    "INSERT INTO attribution_fts(attribution_fts, rank) "
                    "VALUES ('integrity-check', 1)"
                )
        except DatabaseError as exc:
            if "readonly" in str(exc.orig) or "read-only" in str(exc.orig):
                return None
            return False
        return True

    def render(self, terms: Sequence[IndexTerm], fields: Sequence[str] = DEFAULT_FIELDS) -> str:
        """An FTS5 MATCH expression: ``{content claim speaker} : (("a" AND "b c") NOT
        "d")``, the column filter naming the columns of ``fields``."""
        positive = " AND ".join(_fts5_string(t.tokens) for t in terms if not t.excluded)
        expression = f"({positive})"
        for term in terms:
            if term.excluded:
                expression += f" NOT {_fts5_string(term.tokens)}"
        if set(fields) >= set(FIELDS):
            return expression
        columns = [c for f in FIELDS if f in fields for c in COLUMNS_OF_FIELD[f]]
        return "{" + " ".join(columns) + "} : (" + expression + ")"

    def _matching(self) -> Any:
        # FTS5's rank column, set to bm25 with our weights by the "rank MATCH" constraint
        # (the bm25() function cannot be called next to a window function).
        return (_FTS_NAME.op("MATCH")(bindparam("q")), _FTS.c.rank.op("MATCH")(literal(_BM25)))

    def matches(self, attributions: Any) -> Select[Any]:
        a = attributions.c
        # bm25 is negative, lower is better; negated so that both backends sort alike.
        return (
            select(
                a.id.label("id"),
                (-_FTS.c.rank).label("score"),
                func.count().over().label("total"),
            )
            .select_from(_FTS)
            .join(attributions, a.id == _FTS.c.rowid)
            .where(*self._matching())
        )

    def candidates(self, window: int) -> Select[Any]:
        """Ranked in the index alone: only the index is read, never a table row."""
        return (
            select(_FTS.c.rowid.label("id"), (-_FTS.c.rank).label("score"))
            .where(*self._matching())
            .order_by(_FTS.c.rank, _FTS.c.rowid)
            .limit(window)
        )

    @contextmanager
    def deferred(self, connection: Connection) -> Iterator[list[int]]:
        """The per-row trigger set aside for the block and the new rows indexed in one
        statement per run of ids after it, six times faster; both within the writer's
        transaction, so a failure or a kill leaves the trigger as it was."""
        trigger = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
            (INSERT_TRIGGER,),
        ).scalar()
        if trigger is not None:
            connection.exec_driver_sql(f"DROP TRIGGER {INSERT_TRIGGER}")
        added: list[int] = []
        yield added
        for first, last in _runs(sorted(added)):
            connection.exec_driver_sql(
                "INSERT INTO attribution_fts (rowid, content, claim, speaker, title) "
                "SELECT attribution_id, content, claim, speaker, title "
                "FROM attribution_search_source WHERE attribution_id BETWEEN ? AND ?",
                (first, last),
            )
        if trigger is not None:
            connection.exec_driver_sql(trigger)

    def holds_word(self, session: Session, token: str) -> bool:
        statement = text("SELECT 1 FROM attribution_fts WHERE attribution_fts MATCH :q LIMIT 1")
        return session.execute(statement, {"q": f"({_fts5_string((token,))})"}).first() is not None

    def words_near(self, session: Session, first: str, length: int, edits: int) -> Sequence[str]:
        # The vocabulary view lives in the connection's temp schema: nothing is written
        # to the database file, and it needs no migration.
        session.execute(
            text(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.attribution_fts_vocabulary "
                "USING fts5vocab(main, attribution_fts, row)"
            )
        )
        statement = text(
            "SELECT term FROM temp.attribution_fts_vocabulary "
            "WHERE term >= :lo AND term < :hi AND abs(length(term) - :n) <= :k"
        )
        bounds = {"lo": first, "hi": chr(ord(first) + 1), "n": length, "k": edits}
        return session.scalars(statement, bounds).all()


INDEX = SqliteIndex()
