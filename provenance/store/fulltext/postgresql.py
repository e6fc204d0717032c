"""The PostgreSQL index: weighted tsvectors in ``attribution_search``, ranked by ts_rank.

Migration 0002 creates the table and the text search configuration ``prov_fold``
(``simple`` with ``unaccent``); migration 0005 feeds it text split into words as FTS5
splits it (``prov_search_text``), so "U.S.", "F-16" and "pre-existing" are found alike
on both backends. A query is rendered as a tsquery of quoted lexemes, which
``to_tsquery`` normalises through the configuration and reads no operator from.
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
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnClause

from provenance.store.fulltext import DEFAULT_FIELDS, FIELDS, FullTextIndex, IndexTerm

__all__ = ["INDEX", "TS_CONFIG", "PostgresIndex"]

TS_CONFIG = "prov_fold"
TRIGGER = "attributions_search"  # migration 0002: indexes each attribution as it goes in
# ts_rank normalisation 1: divide by 1 + log(length), as bm25 discounts long texts;
# with it PostgreSQL orders the seed's hits as SQLite does (without it, many tie).
TS_RANK_LENGTH = 1
# The fields' weights in the tsvector (migration 0010): content A, claim B, title C,
# the speaker's names D; and ts_rank's weights, {D, C, B, A}, as FTS5's bm25 has them.
WEIGHTS_OF_FIELD = {"quote": "AB", "source": "D", "title": "C"}
TS_RANK_WEIGHTS = "{0.4, 0.2, 0.4, 1.0}"

_TSV = table("attribution_search", column("attribution_id"), column("document"))


def _lexeme(token: str, weights: str = "") -> str:
    quoted = "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"
    return f"{quoted}:{weights}" if weights else quoted


def _phrase(tokens: tuple[str, ...], weights: str = "") -> str:
    if len(tokens) == 1:
        return _lexeme(tokens[0], weights)
    return "(" + " <-> ".join(_lexeme(t, weights) for t in tokens) + ")"


class PostgresIndex(FullTextIndex):
    dialect = "postgresql"
    table = "attribution_search"
    key = "attribution_id"

    def render(self, terms: Sequence[IndexTerm], fields: Sequence[str] = DEFAULT_FIELDS) -> str:
        """A tsquery for ``to_tsquery(config, ...)``: ``'a':ABD & ('b':ABD <-> 'c':ABD)
        & !'d':ABD``, each lexeme held to the weights of ``fields``."""
        weights = (
            ""
            if set(fields) >= set(FIELDS)
            else "".join(sorted("".join(WEIGHTS_OF_FIELD[f] for f in fields)))
        )
        parts = [_phrase(t.tokens, weights) for t in terms if not t.excluded]
        parts += [f"!{_phrase(t.tokens, weights)}" for t in terms if t.excluded]
        return " & ".join(parts)

    def params(
        self, terms: Sequence[IndexTerm], fields: Sequence[str] = DEFAULT_FIELDS
    ) -> dict[str, str]:
        # rank by what is looked for, not by what is left out
        included = [t for t in terms if not t.excluded]
        return {"q": self.render(terms, fields), "r": self.render(included, fields)}

    def matches(self, attributions: Any) -> Select[Any]:
        a = attributions.c
        config: ColumnClause[Any] = literal_column(f"'{TS_CONFIG}'::regconfig")
        tsquery = func.to_tsquery(config, bindparam("q"))
        wanted = func.to_tsquery(config, bindparam("r"))
        return (
            select(
                a.id.label("id"),
                func.ts_rank(
                    literal_column(f"'{TS_RANK_WEIGHTS}'::float4[]"),
                    _TSV.c.document,
                    wanted,
                    TS_RANK_LENGTH,
                ).label("score"),
                func.count().over().label("total"),
            )
            .select_from(_TSV)
            .join(attributions, a.id == _TSV.c.attribution_id)
            .where(_TSV.c.document.op("@@")(tsquery))
        )

    @contextmanager
    def deferred(self, connection: Connection) -> Iterator[list[int]]:
        """The row trigger switched off for the block and the new rows indexed with one
        call of ``prov_reindex_attributions`` after it (migration 0002), in the writer's
        transaction: other sessions never see the trigger off. A role that does not own
        the table may not switch it off; its rows are then indexed as they go in."""
        try:
            with connection.begin_nested():
                connection.exec_driver_sql(f"ALTER TABLE attributions DISABLE TRIGGER {TRIGGER}")
        except DBAPIError:
            yield []
            return
        added: list[int] = []
        yield added
        if added:
            connection.execute(
                text("SELECT prov_reindex_attributions(CAST(:ids AS integer[]))"), {"ids": added}
            )
        connection.exec_driver_sql(f"ALTER TABLE attributions ENABLE TRIGGER {TRIGGER}")

    def unindexable(self, session: Session, tokens: Sequence[str]) -> list[str]:
        """Words the configuration turns into no lexeme at all: over 2,047 characters,
        or with no letter or digit it knows. Left in a tsquery they would drop out of it
        silently, and the query would match everything."""
        statement = text(
            "SELECT t FROM unnest(CAST(:tokens AS text[])) AS t "
            f"WHERE to_tsvector('{TS_CONFIG}', prov_search_text(t)) = ''::tsvector"
        )
        return list(session.scalars(statement, {"tokens": sorted(set(tokens))}))

    def holds_word(self, session: Session, token: str) -> bool:
        statement = text(
            "SELECT 1 FROM attribution_search "
            f"WHERE document @@ to_tsquery('{TS_CONFIG}', :q) LIMIT 1"
        )
        return session.execute(statement, {"q": _lexeme(token)}).first() is not None

    def words_near(self, session: Session, first: str, length: int, edits: int) -> Sequence[str]:
        statement = text(
            "SELECT word FROM ts_stat('SELECT document FROM attribution_search') "
            "WHERE left(word, 1) = :lo AND abs(length(word) - :n) <= :k"
        )
        return session.scalars(statement, {"lo": first, "n": length, "k": edits}).all()


INDEX = PostgresIndex()
