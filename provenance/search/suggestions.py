"""When a query finds nothing: which of its words the index does not hold, and what
the person may have meant.

:func:`unknown_words` says which words occur nowhere in the index; :func:`suggest_terms`
finds indexed words close to a misspelt one (rapidfuzz over the index vocabulary,
imported only then, so a search that finds something never pays for it).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from provenance.search.syntax import SearchQuery, fold_token
from provenance.store.fulltext import fulltext_for

__all__ = ["suggest_terms", "unknown_words"]


def unknown_words(session: Session, query: SearchQuery) -> list[str]:
    """The words of the query's included terms that occur nowhere in the index
    (under no filter): the ones worth a "did you mean"."""
    index = fulltext_for(session.get_bind().dialect.name)
    missing: list[str] = []
    for term in query.included:
        for token in term.tokens:
            if token not in missing and not index.holds_word(session, token):
                missing.append(token)
    return missing


def suggest_terms(session: Session, word: str, *, limit: int = 3) -> list[str]:
    """Indexed words close to ``word`` (a misspelling), closest first.

    Candidates are narrowed by the index before any fuzzy scoring: words that begin
    with the same letter and are about as long (a typo seldom changes the first
    letter), read from the FTS5 vocabulary on SQLite and from ``ts_stat`` on
    PostgreSQL. They are ranked by optimal-string-alignment distance (a swap of two
    letters is one edit), then alphabetically, so both backends agree.
    """
    key = fold_token(word)
    if not key:
        return []
    edits = 1 if len(key) <= 4 else 2 if len(key) <= 8 else 3
    index = fulltext_for(session.get_bind().dialect.name)
    candidates = index.words_near(session, key[0], len(key), edits)
    if not candidates:
        return []
    from rapidfuzz.distance import OSA
    from rapidfuzz.process import extract

    scored = extract(
        key,
        candidates,
        scorer=OSA.distance,
        processor=None,
        score_cutoff=edits,
        limit=None,
    )
    ranked = sorted((distance, term) for term, distance, _ in scored if term != key)
    return [term for _, term in ranked[:limit]]
