"""Full-text search over attributions: ranked hits, each with its span in its sentence.

The index covers an attribution's content, its claim, its speaker's name and aliases,
and its document's title (migration 0002). On SQLite it is the FTS5 table
``attribution_fts`` ranked by ``bm25``; on PostgreSQL the weighted tsvectors of
``attribution_search`` ranked by ``ts_rank``. Column weights agree across the two
(content 1.0, claim and speaker 0.4, title 0.2: ``ts_rank``'s defaults for A, B, C),
and both discount long texts. On Latin-script text with the usual punctuation the same
query finds the same attributions on both (PostgreSQL's text is split into words as
FTS5 splits it, migration 0005); their order is close but not identical, since bm25 and
``ts_rank`` weigh term frequency differently, and the scores are on different scales.
Ties go to the lower id.

Where the engines' own rules differ, so do the hits, and prov does not paper over it:
PostgreSQL's ``unaccent`` folds more than FTS5's ``remove_diacritics`` (ł, ß, æ,
ligatures, full-width forms, Greek and Cyrillic accents: "Walesa" finds "Wałęsa" only
there); FTS5 splits words at combining marks it does not remove (Devanagari, Arabic and
Hebrew vowel signs) and indexes superscripts and fractions, which PostgreSQL drops; and
PostgreSQL leaves out words over 2,047 bytes and positions past 16,383.

One statement does the work. The engine finds, filters (:class:`AttributionFilter`)
and ranks the matches and keeps one page of ids; only then is that page joined to
speaker, document and outlet and a window of the article cut around each span, so that
the cost of a search is the cost of the index lookup, not of the joins. On SQLite,
when only review statuses filter (the usual case), the index alone ranks and just its
first candidates are checked against the filter, which halves the time of a word
found in thousands of attributions (see :func:`_search_index_first`).

A query with no hits can be helped: :func:`unknown_words` says which of its words the
index does not hold at all, and :func:`suggest_terms` finds indexed words close to a
misspelt one (rapidfuzz over the index vocabulary, imported only then).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise
from typing import Any, NamedTuple

from sqlalchemy import (
    Select,
    bindparam,
    case,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from provenance.errors import BadInput
from provenance.attributions.filters import AttributionFilter
from provenance.store.models import Attribution, Document, Outlet, Speaker
from provenance.search.syntax import SearchQuery, Term, fold_token, parse_query, word_spans

__all__ = [
    "MAX_LIMIT",
    "HitContext",
    "SearchHit",
    "SearchResult",
    "hit_context",
    "search",
    "suggest_terms",
    "unknown_words",
]

MAX_LIMIT = 10_000
MAX_OFFSET = 2**31 - 1  # beyond any database; past 2**62 the engines' integers overflow
# Characters of article fetched either side of a span to find its sentence in.
CONTEXT_WINDOW = 300
# bm25 weights per FTS5 column (content, claim, speaker, title) = ts_rank's A, B, B, C.
BM25_WEIGHTS = (1.0, 0.4, 0.4, 0.2)
_BM25 = "bm25(" + ", ".join(map(str, BM25_WEIGHTS)) + ")"
TS_CONFIG = "prov_fold"
# ts_rank normalisation 1: divide by 1 + log(length), as bm25 discounts long texts;
# with it PostgreSQL orders the seed's hits as SQLite does (without it, many tie).
TS_RANK_LENGTH = 1

# Core tables, not the mapped classes: a statement made of ORM attributes makes
# SQLAlchemy configure every mapper first, a cost each ``prov search`` would pay.
_ATTRIBUTIONS = Attribution.__table__
_DOCUMENTS = Document.__table__
_SPEAKERS = Speaker.__table__
_OUTLETS = Outlet.__table__
_FTS = table("attribution_fts", column("rowid"), column("rank"))
_FTS_NAME = literal_column("attribution_fts")
_TSV = table("attribution_search", column("attribution_id"), column("document"))


class HitContext(NamedTuple):
    """The sentence (or sentences) holding a hit's span, cut from the article.

    ``span`` and ``matches`` are ``[start, end)`` offsets into ``text``; ``start`` is
    the offset of ``text`` in the article. ``clipped_start``/``clipped_end`` say that
    the sentence went on beyond what is shown.
    """

    text: str
    start: int
    span: tuple[int, int]
    matches: tuple[tuple[int, int], ...]
    clipped_start: bool = False
    clipped_end: bool = False

    def segments(self) -> list[tuple[str, bool, bool]]:
        """``text`` cut into runs of ``(text, inside the span, a matched word)``, in
        order: what a renderer needs to underline the span and mark the words."""
        cuts = {0, len(self.text), *self.span}
        for s, e in self.matches:
            cuts.update((s, e))
        points = sorted(c for c in cuts if 0 <= c <= len(self.text))
        out: list[tuple[str, bool, bool]] = []
        for s, e in pairwise(points):
            inside = self.span[0] <= s and e <= self.span[1]
            matched = any(ms <= s and e <= me for ms, me in self.matches)
            if out and out[-1][1:] == (inside, matched):
                out[-1] = (out[-1][0] + self.text[s:e], inside, matched)
            else:
                out.append((self.text[s:e], inside, matched))
        return out


class SearchHit(NamedTuple):
    """One attribution that matches, with the fields of DESIGN.md's search output."""

    id: int
    text: str
    speaker: str | None
    speaker_type: str | None
    strength: str
    mode: str
    document: int
    outlet: str | None
    published: dt.date | None
    start: int
    end: int
    score: float
    title: str | None
    context: HitContext

    def as_dict(self) -> dict[str, Any]:
        """The stable JSON shape: ``id, text, speaker, speaker_type, strength, mode,
        document, outlet, published, start, end, score``."""
        return {
            "id": self.id,
            "text": self.text,
            "speaker": self.speaker,
            "speaker_type": self.speaker_type,
            "strength": self.strength,
            "mode": self.mode,
            "document": self.document,
            "outlet": self.outlet,
            "published": self.published.isoformat() if self.published else None,
            "start": self.start,
            "end": self.end,
            "score": float(f"{self.score:.6g}"),  # significant digits, not places
        }


class SearchResult(NamedTuple):
    """One page of hits, best first.

    ``total`` is how many attributions match in all, or ``None`` when counting them
    would cost more than the search: on SQLite, for a word in more attributions than
    the index's first candidates (see :func:`_search_index_first`). ``more`` always
    says whether a next page has hits.
    """

    query: SearchQuery
    hits: list[SearchHit]
    total: int | None
    more: bool
    limit: int
    offset: int


def search(
    session: Session,
    query: str | SearchQuery,
    *,
    filter: AttributionFilter | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResult:
    """Attributions matching ``query`` (see :mod:`provenance.search.syntax`), best first.

    >>> with db.session() as s:                               # doctest: +SKIP
    ...     result = search(s, '"buffer zone" -talks', limit=5)
    ...     [hit.speaker for hit in result.hits]

    Raises :class:`BadInput` for a query with nothing to search for or a bad page.
    """
    parsed = query if isinstance(query, SearchQuery) else parse_query(query)
    if not 1 <= limit <= MAX_LIMIT:
        raise BadInput(f"--limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if not 0 <= offset <= MAX_OFFSET:
        raise BadInput(f"--offset must be between 0 and {MAX_OFFSET}, not {offset}")
    attribution_filter = filter or AttributionFilter()
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite" and _filters_only_statuses(attribution_filter):
        result = _search_index_first(session, parsed, attribution_filter, limit, offset)
        if result is not None:
            return result
    if dialect == "postgresql" and _unindexable(session, parsed):
        # a word PostgreSQL cannot index (over 2,047 characters, or no letter or digit
        # it knows) would silently drop out of the tsquery and match everything
        return SearchResult(parsed, [], 0, False, limit, offset)
    return _search_all_matches(session, dialect, parsed, attribution_filter, limit, offset)


def _unindexable(session: Session, query: SearchQuery) -> list[str]:
    """The included words PostgreSQL's configuration turns into no lexeme at all."""
    tokens = sorted({token for term in query.included for token in term.tokens})
    statement = text(
        "SELECT t FROM unnest(CAST(:tokens AS text[])) AS t "
        f"WHERE to_tsvector('{TS_CONFIG}', prov_search_text(t)) = ''::tsvector"
    )
    return list(session.scalars(statement, {"tokens": tokens}))


def _filters_only_statuses(attribution_filter: AttributionFilter) -> bool:
    neutral = replace(attribution_filter, statuses=AttributionFilter().statuses, all_versions=False)
    return neutral == AttributionFilter()


def _search_all_matches(
    session: Session,
    dialect: str,
    query: SearchQuery,
    attribution_filter: AttributionFilter,
    limit: int,
    offset: int,
) -> SearchResult:
    """Rank and count every filtered match, keep one page: exact, and the way for
    PostgreSQL and for filters that keep few matches."""
    params = {"q": _render(dialect, query)}
    if dialect == "postgresql":  # rank by what is looked for, not by what is left out
        params["r"] = SearchQuery(query.included).to_tsquery()
    ranked = (
        attribution_filter.apply(_matches(dialect, query))
        .order_by(literal_column("score").desc(), _ATTRIBUTIONS.c.id)
        .limit(limit)
        .offset(offset)
        .subquery("ranked")
    )
    rows = session.execute(_page(ranked), params).all()
    if rows:
        total = int(rows[0].total)
    elif offset == 0:
        total = 0
    else:  # past the last page: count what there is
        counted = attribution_filter.apply(_matches(dialect, query)).subquery()
        total = session.execute(select(func.count()).select_from(counted), params).scalar_one()
    hits = [_hit(row, query) for row in rows]
    return SearchResult(query, hits, total, offset + len(hits) < total, limit, offset)


def _search_index_first(
    session: Session,
    query: SearchQuery,
    attribution_filter: AttributionFilter,
    limit: int,
    offset: int,
) -> SearchResult | None:
    """On SQLite, when only review statuses filter: rank in the FTS index alone, take
    the first candidates (twice the page and more), and filter just those.

    Ranking touches only the index; filtering every match would read a table row per
    match (10,000 for a word in 1% of a million attributions), which costs as much
    again. The filtered matches in rank order are the filtered candidates followed by
    whatever lies beyond them, so when enough candidates pass, the page is exact.
    Returns ``None`` when they do not (the caller then ranks every match).
    """
    wanted = offset + limit + 1  # one more than the page, to know there is more
    window = 2 * wanted + 32
    fts = _FTS.c
    candidates = (
        select(fts.rowid.label("id"), (-fts.rank).label("score"))
        .where(_FTS_NAME.op("MATCH")(bindparam("q")))
        .where(fts.rank.op("MATCH")(literal(_BM25)))
        .order_by(fts.rank, fts.rowid)
        .limit(window)
        .cte("candidates")
    )
    seen = select(func.count()).select_from(candidates).scalar_subquery()
    a = _ATTRIBUTIONS.c
    passed = select(
        candidates.c.id,
        candidates.c.score,
        func.count().over().label("total"),
        seen.label("seen"),
    ).join_from(candidates, _ATTRIBUTIONS, a.id == candidates.c.id)
    ranked = (
        attribution_filter.apply(passed)
        .order_by(candidates.c.score.desc(), candidates.c.id)
        .limit(limit)
        .offset(offset)
        .subquery("ranked")
    )
    rows = session.execute(_page(ranked), {"q": query.to_fts5()}).all()
    if not rows:
        return None
    seen_all = rows[0].seen < window
    passing = int(rows[0].total)
    if not seen_all and passing < wanted:
        return None
    hits = [_hit(row, query) for row in rows]
    total = passing if seen_all else None
    return SearchResult(query, hits, total, passing > offset + len(hits), limit, offset)


def _render(dialect: str, query: SearchQuery) -> str:
    return query.to_fts5() if dialect == "sqlite" else query.to_tsquery()


def _matches(dialect: str, query: SearchQuery) -> Select[Any]:
    """The matching attribution ids with their score (higher is better) and the count
    of all matches, before filters, order and page: the one backend-specific query."""
    a = _ATTRIBUTIONS.c
    if dialect == "sqlite":
        # FTS5's rank column, set to bm25 with our weights by the "rank MATCH" constraint
        # (the bm25() function cannot be called next to a window function). bm25 is
        # negative, lower is better; negated so that both backends sort alike.
        return (
            select(
                a.id.label("id"),
                (-_FTS.c.rank).label("score"),
                func.count().over().label("total"),
            )
            .select_from(_FTS)
            .join(_ATTRIBUTIONS, a.id == _FTS.c.rowid)
            .where(_FTS_NAME.op("MATCH")(bindparam("q")))
            .where(_FTS.c.rank.op("MATCH")(literal(_BM25)))
        )
    if dialect == "postgresql":
        config = literal_column(f"'{TS_CONFIG}'::regconfig")
        tsquery = func.to_tsquery(config, bindparam("q"))
        wanted = func.to_tsquery(config, bindparam("r"))
        return (
            select(
                a.id.label("id"),
                func.ts_rank(_TSV.c.document, wanted, TS_RANK_LENGTH).label("score"),
                func.count().over().label("total"),
            )
            .select_from(_TSV)
            .join(_ATTRIBUTIONS, a.id == _TSV.c.attribution_id)
            .where(_TSV.c.document.op("@@")(tsquery))
        )
    raise BadInput(f"full-text search is not available on {dialect}; use SQLite or PostgreSQL")


def _page(ranked: Any) -> Select[Any]:
    """One page of ranked ids, joined to what a hit shows, with a window of the article."""
    a, d, s, o = (t.c for t in (_ATTRIBUTIONS, _DOCUMENTS, _SPEAKERS, _OUTLETS))
    window_start = case(
        (a.content_start > CONTEXT_WINDOW, a.content_start - CONTEXT_WINDOW), else_=0
    )
    window_length = a.content_end - window_start + CONTEXT_WINDOW
    return (
        select(
            *ranked.c,
            a.content_exact,
            a.content_start,
            a.content_end,
            a.strength,
            a.mode,
            a.document_id,
            s.name.label("speaker"),
            s.type.label("speaker_type"),
            d.title,
            d.published,
            o.name.label("outlet"),
            window_start.label("window_start"),
            func.substr(d.text, window_start + 1, window_length).label("window"),
        )
        .select_from(ranked)
        .join(_ATTRIBUTIONS, a.id == ranked.c.id)
        .join(_DOCUMENTS, d.id == a.document_id)
        .outerjoin(_SPEAKERS, s.id == a.speaker_id)
        .outerjoin(_OUTLETS, o.id == d.outlet_id)
        .order_by(ranked.c.score.desc(), ranked.c.id)
    )


def _hit(row: Any, query: SearchQuery) -> SearchHit:
    return SearchHit(
        id=row.id,
        text=row.content_exact,
        speaker=row.speaker,
        speaker_type=row.speaker_type,
        strength=row.strength,
        mode=row.mode,
        document=row.document_id,
        outlet=row.outlet,
        published=row.published,
        start=row.content_start,
        end=row.content_end,
        score=float(row.score),
        title=row.title,
        context=hit_context(
            row.window, row.window_start, row.content_start, row.content_end, query
        ),
    )


# ------------------------------------------------------------------ sentences

# The end of a sentence: . ! ? or … , then any closing quotes or brackets, then a space
# (or the end). "U.S." and initials are not ends: the word before the stop is one letter.
_SENTENCE_END = re.compile(r"(?<!\b\w)[.!?…]+[\"”’')\]]*(?=\s|$)")
_CLOSING = frozenset(".!?…\"”’')],;:")


def hit_context(
    window: str, window_start: int, start: int, end: int, query: SearchQuery
) -> HitContext:
    """The sentence around the span ``[start, end)`` (article offsets), found in
    ``window``, a slice of the article beginning at ``window_start``; with the span
    and the words of ``query`` located in it."""
    span_start, span_end = start - window_start, end - window_start
    left, left_found = _sentence_start(window, span_start)
    right, right_found = _sentence_end(window, span_end)
    # the window is as long as asked only when the article goes on after it
    full_window = len(window) == end - window_start + CONTEXT_WINDOW
    piece = window[left:right]
    relative = (span_start - left, span_end - left)
    return HitContext(
        text=piece,
        start=window_start + left,
        span=relative,
        matches=tuple(_matched_words(piece, query)),
        clipped_start=not left_found and window_start > 0,
        clipped_end=not right_found and full_window,
    )


def _sentence_start(window: str, at: int) -> tuple[int, bool]:
    """Where the sentence holding offset ``at`` begins: after the last sentence end
    or line break before it; and whether one was found (else the window's start)."""
    line = window.rfind("\n", 0, at)
    best, found = line + 1, line >= 0
    for match in _SENTENCE_END.finditer(window, line + 1, at):
        best, found = match.end(), True
    while best < at and window[best].isspace():
        best += 1
    return best, found


def _sentence_end(window: str, at: int) -> tuple[int, bool]:
    """Where the sentence holding offset ``at`` (a span's end) ends: after the next
    sentence end, or at the line break; and whether one was found (else the window's
    end)."""
    line = window.find("\n", at)
    limit = len(window) if line == -1 else line
    # a span may end on or just before its sentence's stop: look from the last word
    back = at
    while back > 0 and window[back - 1] in _CLOSING:
        back -= 1
    match = _SENTENCE_END.search(window, back, limit)
    if match:
        return max(match.end(), at), True
    return limit, line != -1


def _matched_words(text: str, query: SearchQuery) -> list[tuple[int, int]]:
    """Spans of ``text`` holding the included terms: single words anywhere, phrases
    only where their words stand in a row."""
    spans = word_spans(text)
    keys = [fold_token(text[s:e]) for s, e in spans]
    marked: set[int] = set()
    for term in query.included:
        wanted = [fold_token(t) for t in term.tokens]
        width = len(wanted)
        for i in range(len(keys) - width + 1):
            if keys[i : i + width] == wanted:
                marked.update(range(i, i + width))
    return [spans[i] for i in sorted(marked)]


# ------------------------------------------------------------------ no hits


def unknown_words(session: Session, query: SearchQuery) -> list[str]:
    """The words of the query's included terms that occur nowhere in the index
    (under no filter): the ones worth a "did you mean"."""
    dialect = session.get_bind().dialect.name
    missing: list[str] = []
    for term in query.included:
        for token in term.tokens:
            if token in missing:
                continue
            probe = SearchQuery((Term((token,)),))
            if dialect == "sqlite":
                statement = text(
                    "SELECT 1 FROM attribution_fts WHERE attribution_fts MATCH :q LIMIT 1"
                )
            else:
                statement = text(
                    "SELECT 1 FROM attribution_search "
                    f"WHERE document @@ to_tsquery('{TS_CONFIG}', :q) LIMIT 1"
                )
            if session.execute(statement, {"q": _render(dialect, probe)}).first() is None:
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
    candidates = _vocabulary_near(session, key, edits)
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


def _vocabulary_near(session: Session, key: str, edits: int) -> Sequence[str]:
    """Indexed words beginning with ``key``'s first character, of length within
    ``edits`` of ``key``'s."""
    first = key[0]
    bounds = {"lo": first, "hi": chr(ord(first) + 1), "n": len(key), "k": edits}
    if session.get_bind().dialect.name == "sqlite":
        # The vocabulary view lives in the connection's temp schema: nothing is
        # written to the database file, and it needs no migration.
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
    else:
        statement = text(
            "SELECT word FROM ts_stat('SELECT document FROM attribution_search') "
            "WHERE left(word, 1) = :lo AND abs(length(word) - :n) <= :k"
        )
        bounds.pop("hi")
    return session.scalars(statement, bounds).all()
