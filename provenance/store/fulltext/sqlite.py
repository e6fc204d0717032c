"""The SQLite index: the FTS5 table ``attribution_fts`` (migration 0002), ranked by bm25.

Its tokenizer, ``unicode61 remove_diacritics 2``, folds case and diacritics, so
"Erdogan" finds "Erdoğan"; a query is rendered as FTS5 strings, which FTS5 reads as a
phrase of the tokens inside: never a keyword, column filter or prefix.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, bindparam, column, func, literal, literal_column, select, table, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnClause

from provenance.store.fulltext import FullTextIndex, IndexTerm

__all__ = ["BM25_WEIGHTS", "INDEX", "SqliteIndex"]

# bm25 weights per FTS5 column (content, claim, speaker, title) = ts_rank's A, B, B, C.
BM25_WEIGHTS = (1.0, 0.4, 0.4, 0.2)
_BM25 = "bm25(" + ", ".join(map(str, BM25_WEIGHTS)) + ")"

_FTS = table("attribution_fts", column("rowid"), column("rank"))
_FTS_NAME: ColumnClause[Any] = literal_column("attribution_fts")


def _fts5_string(tokens: tuple[str, ...]) -> str:
    return '"' + " ".join(tokens).replace('"', '""') + '"'


class SqliteIndex(FullTextIndex):
    dialect = "sqlite"
    table = "attribution_fts"
    key = "rowid"

    def render(self, terms: Sequence[IndexTerm]) -> str:
        """An FTS5 MATCH expression: ``("a" AND "b c") NOT "d"``."""
        positive = " AND ".join(_fts5_string(t.tokens) for t in terms if not t.excluded)
        expression = f"({positive})"
        for term in terms:
            if term.excluded:
                expression += f" NOT {_fts5_string(term.tokens)}"
        return expression

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
