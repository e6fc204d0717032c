"""Full-text search over attributions: one interface, one implementation per backend.

The index covers an attribution's content, its claim, its speaker's name and aliases,
and its document's title. Migrations 0002 and 0005 create it and the triggers that keep
it current; everything else that differs between the engines is behind
:class:`FullTextIndex`, so that the search engine, the suggestions and ``verify`` never
ask which database they are on:

* :mod:`provenance.store.fulltext.sqlite`: the FTS5 table ``attribution_fts``,
  tokenizer ``unicode61 remove_diacritics 2``, ranked by ``bm25``;
* :mod:`provenance.store.fulltext.postgresql`: the weighted tsvectors of
  ``attribution_search`` in the text search configuration ``prov_fold`` (``unaccent``),
  fed text split into words as FTS5 splits it, ranked by ``ts_rank``.

Column weights agree across the two (content 1.0, claim and speaker 0.4, title 0.2:
``ts_rank``'s defaults for A, B, C), and both discount long texts. On Latin-script text
with the usual punctuation the same query finds the same attributions on both; their
order is close but not identical, since bm25 and ``ts_rank`` weigh term frequency
differently, and the scores are on different scales. Where the engines' own rules
differ, so do the hits, and prov does not paper over it: PostgreSQL's ``unaccent``
folds more than FTS5's ``remove_diacritics`` (ł, ß, æ, ligatures, full-width forms,
Greek and Cyrillic accents: "Walesa" finds "Wałęsa" only there); FTS5 splits words at
combining marks it does not remove (Devanagari, Arabic and Hebrew vowel signs) and
indexes superscripts and fractions, which PostgreSQL drops; and PostgreSQL leaves out
words over 2,047 bytes and positions past 16,383.

A query reaches an index as terms made only of word tokens (see
:mod:`provenance.search.syntax`); each backend *renders* them into its own query
language with every token quoted, so nothing a person typed is ever an operator.
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any, Protocol

from sqlalchemy import Connection, Select
from sqlalchemy.orm import Session

from provenance.errors import BadInput

__all__ = [
    "BACKENDS",
    "DEFAULT_FIELDS",
    "FIELDS",
    "INDEX_TABLES",
    "FullTextIndex",
    "IndexTerm",
    "fulltext_for",
]

# dialect name -> the module that implements it
BACKENDS = {
    "sqlite": "provenance.store.fulltext.sqlite",
    "postgresql": "provenance.store.fulltext.postgresql",
}
FIELDS: tuple[str, ...] = ("quote", "source", "title")
"""What a search can look in: the quote (content and claim), the source (the speaker's
name and aliases) and the document's title."""
DEFAULT_FIELDS: tuple[str, ...] = ("quote", "source")
"""Where a search looks unless told: a word only in a title would otherwise make every
attribution of that article a hit."""

# Tables the migrations create for the index (and that the models do not describe).
INDEX_TABLES = ("attribution_fts", "attribution_search")


class IndexTerm(Protocol):
    """What an index needs of one term of a parsed query."""

    @property
    def tokens(self) -> tuple[str, ...]: ...

    @property
    def excluded(self) -> bool: ...


class FullTextIndex(ABC):
    """The search index of one backend.

    :meth:`matches` is the one backend-specific query of a search: the matching
    attribution ids with their ``score`` (higher is better) and the ``total`` count of
    matches, before filters, order and page; its parameters come from :meth:`params`.
    """

    dialect: str
    table: str
    """The index table, and the column holding the attribution id in it."""
    key: str

    @property
    def indexed(self) -> tuple[str, str]:
        """The table holding one row per indexed attribution, and its id column: what
        ``verify`` compares with the attributions (the index table itself, unless
        reading it reads the attributions)."""
        return self.table, self.key

    def agrees(self, connection: Connection) -> bool | None:
        """Whether the index holds exactly what the stored rows say (for engines that
        can check their index against its source; others say yes); ``None`` when the
        check cannot be made on this connection (one opened read-only)."""
        return True

    @abstractmethod
    def render(self, terms: Sequence[IndexTerm], fields: Sequence[str] = DEFAULT_FIELDS) -> str:
        """The engine's query string for ``terms``: all included, none excluded, each
        in one of ``fields`` (of :data:`FIELDS`)."""

    def params(
        self, terms: Sequence[IndexTerm], fields: Sequence[str] = DEFAULT_FIELDS
    ) -> dict[str, str]:
        """Bind parameters for :meth:`matches` and :meth:`candidates`."""
        return {"q": self.render(terms, fields)}

    @abstractmethod
    def matches(self, attributions: Any) -> Select[Any]:
        """``id``, ``score``, ``total`` of every match, joined to ``attributions``."""

    def candidates(self, window: int) -> Select[Any] | None:
        """The first ``window`` matches ranked in the index alone (``id``, ``score``),
        or ``None`` when this engine cannot rank without reading the rows."""
        return None

    def unindexable(self, session: Session, tokens: Sequence[str]) -> list[str]:
        """Included words the index cannot hold at all (a query on them would
        silently match everything): none, unless the engine drops some."""
        return []

    @contextmanager
    def deferred(self, connection: Connection) -> Iterator[list[int]]:
        """Index attributions inserted in bulk once, after they are all in, rather than
        one by one as they go in: add the ids of the attributions inserted inside the
        block to the list it gives. The index is current when the block ends, in the
        same transaction (here, as rows go in: engines that can do better say so)."""
        yield []

    @abstractmethod
    def holds_word(self, session: Session, token: str) -> bool:
        """Whether any indexed attribution contains ``token``."""

    @abstractmethod
    def words_near(self, session: Session, first: str, length: int, edits: int) -> Sequence[str]:
        """Indexed words beginning with ``first`` whose length is within ``edits`` of
        ``length``: the candidates for a "did you mean"."""


@cache
def fulltext_for(dialect: str) -> FullTextIndex:
    """The index of the backend ``dialect`` (``"sqlite"`` or ``"postgresql"``)."""
    module = BACKENDS.get(dialect)
    if module is None:
        raise BadInput(f"full-text search is not available on {dialect}; use SQLite or PostgreSQL")
    index: FullTextIndex = importlib.import_module(module).INDEX
    return index
