"""Full-text search over attributions: ranked hits, each with its span in its sentence.

What is indexed, and how each backend ranks and folds, is the index's business
(:mod:`provenance.store.fulltext`); this module asks it for the matches and does the
rest the same way on every backend.

One statement does the work. The index finds the matches, :class:`AttributionFilter`
filters them, and the page is ranked and kept as ids; only then is that page joined to
speaker, document and outlet and a window of the article cut around each span
(:mod:`provenance.search.context`), so that the cost of a search is the cost of the
index lookup, not of the joins. When the index can rank on its own (FTS5) and only
review statuses filter (the usual case), just its first candidates are checked against
the filter, which halves the time of a word found in thousands of attributions (see
:func:`_search_index_first`). Ties go to the lower id.

A query with no hits can be helped: see :mod:`provenance.search.suggestions`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, NamedTuple

from sqlalchemy import Select, case, func, literal_column, select
from sqlalchemy.orm import Session

from provenance.attributions.filters import AttributionFilter
from provenance.errors import BadInput
from provenance.search.context import CONTEXT_WINDOW, HitContext, hit_context
from provenance.search.syntax import SearchQuery, fold_token, parse_query, word_spans
from provenance.store.fulltext import DEFAULT_FIELDS, FIELDS, FullTextIndex, fulltext_for
from provenance.store.models import Attribution, Document, Outlet, Speaker

__all__ = ["MAX_LIMIT", "SearchHit", "SearchResult", "search"]

MAX_LIMIT = 10_000
MAX_OFFSET = 2**31 - 1  # beyond any database; past 2**62 the engines' integers overflow
# Core tables, not the mapped classes: a statement made of ORM attributes makes
# SQLAlchemy configure every mapper first, a cost each ``prov search`` would pay.
_ATTRIBUTIONS = Attribution.__table__
_DOCUMENTS = Document.__table__
_SPEAKERS = Speaker.__table__
_OUTLETS = Outlet.__table__


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
    matched: tuple[str, ...] = ()
    """Where the query's words were found: ``quote``, ``source``, ``title``."""

    def as_dict(self) -> dict[str, Any]:
        """The stable JSON shape: ``id, text, speaker, speaker_type, strength, mode,
        document, outlet, published, start, end, score``, and ``matched``: the fields
        the words were found in."""
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
            "matched": list(self.matched),
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
    fields: Sequence[str] = DEFAULT_FIELDS,
) -> SearchResult:
    """Attributions matching ``query`` (see :mod:`provenance.search.syntax`), best first.

    ``fields`` says where to look (:data:`~provenance.store.fulltext.FIELDS`): by
    default the quote and the source, not the title, so that a word of a headline does
    not make every attribution of the article a hit. Each hit says where it matched.

    >>> with db.session() as s:                               # doctest: +SKIP
    ...     result = search(s, '"buffer zone" -talks', limit=5)
    ...     [hit.speaker for hit in result.hits]

    Raises :class:`BadInput` for a query with nothing to search for or a bad page.
    """
    parsed = query if isinstance(query, SearchQuery) else parse_query(query)
    if not 1 <= limit <= MAX_LIMIT:
        raise BadInput(f"{{limit}} must be between 1 and {MAX_LIMIT}, not {limit}", limit="limit")
    if not 0 <= offset <= MAX_OFFSET:
        raise BadInput(
            f"{{offset}} must be between 0 and {MAX_OFFSET}, not {offset}", offset="offset"
        )
    unknown = [f for f in fields if f not in FIELDS]
    if unknown or not fields:
        raise BadInput(
            f"cannot search in {', '.join(unknown) or 'nothing'}; choose from {', '.join(FIELDS)}"
        )
    fields = tuple(f for f in FIELDS if f in fields)
    attribution_filter = filter or AttributionFilter()
    index = fulltext_for(session.get_bind().dialect.name)
    page = _Page(limit, offset, fields)
    if _filters_only_statuses(attribution_filter):
        result = _search_index_first(session, index, parsed, attribution_filter, page)
        if result is not None:
            return result
    included = [token for term in parsed.included for token in term.tokens]
    if index.unindexable(session, included):
        # a word the index cannot hold would silently drop out of the engine's query
        # and match everything
        return SearchResult(parsed, [], 0, False, limit, offset)
    return _search_all_matches(session, index, parsed, attribution_filter, page)


class _Page(NamedTuple):
    limit: int
    offset: int
    fields: tuple[str, ...]


def _filters_only_statuses(attribution_filter: AttributionFilter) -> bool:
    neutral = replace(attribution_filter, statuses=AttributionFilter().statuses, all_versions=False)
    return neutral == AttributionFilter()


def _search_all_matches(
    session: Session,
    index: FullTextIndex,
    query: SearchQuery,
    attribution_filter: AttributionFilter,
    page: _Page,
) -> SearchResult:
    """Rank and count every filtered match, keep one page: exact, and the way for
    an index that cannot rank alone and for filters that keep few matches."""
    limit, offset = page.limit, page.offset
    params = index.params(query.terms, page.fields)
    matches = index.matches(_ATTRIBUTIONS)
    ranked = (
        attribution_filter.apply(matches)
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
        counted = attribution_filter.apply(index.matches(_ATTRIBUTIONS)).subquery()
        total = session.execute(select(func.count()).select_from(counted), params).scalar_one()
    hits = [_hit(row, query, page.fields) for row in rows]
    return SearchResult(query, hits, total, offset + len(hits) < total, limit, offset)


def _search_index_first(
    session: Session,
    index: FullTextIndex,
    query: SearchQuery,
    attribution_filter: AttributionFilter,
    page: _Page,
) -> SearchResult | None:
    """When only review statuses filter and the index can rank alone: take its first
    candidates (twice the page and more), and filter just those.

    Ranking touches only the index; filtering every match would read a table row per
    match (10,000 for a word in 1% of a million attributions), which costs as much
    again. The filtered matches in rank order are the filtered candidates followed by
    whatever lies beyond them, so when enough candidates pass, the page is exact.
    Returns ``None`` when they do not, or when the index cannot rank alone (the caller
    then ranks every match).
    """
    limit, offset = page.limit, page.offset
    wanted = offset + limit + 1  # one more than the page, to know there is more
    window = 2 * wanted + 32
    first = index.candidates(window)
    if first is None:
        return None
    candidates = first.cte("candidates")
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
    rows = session.execute(_page(ranked), index.params(query.terms, page.fields)).all()
    if not rows:
        return None
    seen_all = rows[0].seen < window
    passing = int(rows[0].total)
    if not seen_all and passing < wanted:
        return None
    hits = [_hit(row, query, page.fields) for row in rows]
    total = passing if seen_all else None
    return SearchResult(query, hits, total, passing > offset + len(hits), limit, offset)


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


def _words(text: str | None) -> str:
    """``text`` as a run of folded words between spaces, for phrase look-ups."""
    if not text:
        return " "
    return " " + " ".join(fold_token(text[i:j]) for i, j in word_spans(text)) + " "


def _matched(row: Any, query: SearchQuery, fields: tuple[str, ...]) -> tuple[str, ...]:
    """The fields among ``fields`` holding one of the query's included words or
    phrases. The speaker's aliases are not read: a hit found in none of the others
    matched the source by an alias."""
    texts = {"quote": row.content_exact, "source": row.speaker, "title": row.title}
    phrases = [" " + " ".join(fold_token(t) for t in term.tokens) + " " for term in query.included]
    found = tuple(
        f for f in fields if (words := _words(texts[f])) and any(p in words for p in phrases)
    )
    if not found and "source" in fields:
        return ("source",)
    return found


def _hit(row: Any, query: SearchQuery, fields: tuple[str, ...]) -> SearchHit:
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
        matched=_matched(row, query, fields),
    )
