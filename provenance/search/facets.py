"""Facet counts for a search: of all the attributions a query and filter match, how
many fall in each sourcing strength, review status, outlet, speaker type and month of
publication. A page shows them beside the hits so that a reader narrows the results
by clicking, the way a catalogue does.

One statement counts every facet: the matches are found once (a common table
expression, which both engines compute once when it is read more than once) and each
facet is a ``GROUP BY`` over them, joined by ``UNION ALL``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, cast, func, literal, select, union_all
from sqlalchemy.orm import Session

from provenance.attributions.filters import AttributionFilter
from provenance.search.syntax import SearchQuery, parse_query
from provenance.store.fulltext import DEFAULT_FIELDS, fulltext_for
from provenance.store.models import Attribution, Document, Outlet, Speaker

__all__ = ["FACETS", "search_facets"]

FACETS = ("strength", "status", "outlet", "speaker_type", "month")
"""The facets, in the order a page shows them."""

FACET_VALUES = 12
"""The most values a facet lists (the commonest); outlets and months can be many."""

_A = Attribution.__table__
_D = Document.__table__
_S = Speaker.__table__
_O = Outlet.__table__


def search_facets(
    session: Session,
    query: str | SearchQuery,
    *,
    filter: AttributionFilter | None = None,
    fields: Sequence[str] = DEFAULT_FIELDS,
    values: int = FACET_VALUES,
) -> dict[str, list[tuple[str | None, int]]]:
    """For each facet of :data:`FACETS`, its values among the matches of ``query``
    under ``filter``, commonest first (ties by value), at most ``values`` of each;
    ``None`` is an attribution without one (no outlet, no speaker, no date). Months
    come as ``YYYY-MM``, newest first."""
    parsed = query if isinstance(query, SearchQuery) else parse_query(query)
    attribution_filter = filter or AttributionFilter()
    index = fulltext_for(session.get_bind().dialect.name)
    matched = attribution_filter.apply(index.matches(_A)).subquery("matched")
    hits = select(matched.c.id).cte("hits")
    a, d = _A.c, _D.c
    month = _month(session.get_bind().dialect.name, d.published)
    keyed: dict[str, Any] = {
        "strength": a.strength,
        "status": a.status,
        "outlet": _O.c.name,
        "speaker_type": _S.c.type,
        "month": month,
    }
    parts = []
    for name, column in keyed.items():
        joined = hits.join(_A, a.id == hits.c.id)
        if name in ("outlet", "month"):
            joined = joined.join(_D, d.id == a.document_id)
        if name == "outlet":
            joined = joined.outerjoin(_O, _O.c.id == d.outlet_id)
        if name == "speaker_type":
            joined = joined.outerjoin(_S, _S.c.id == a.speaker_id)
        parts.append(
            select(
                literal(name).label("facet"),
                cast(column, String).label("value"),
                func.count().label("n"),
            )
            .select_from(joined)
            .group_by(column)
        )
    counts: dict[str, list[tuple[str | None, int]]] = {name: [] for name in FACETS}
    params = index.params(parsed.terms, tuple(fields))
    for facet, value, n in session.execute(union_all(*parts), params):
        counts[facet].append((value, int(n)))
    for facet, found in counts.items():
        if facet == "month":
            found.sort(key=lambda vn: (vn[0] is None, "" if vn[0] is None else vn[0]))
            found.reverse()
            found.sort(key=lambda vn: vn[0] is None)
        else:
            found.sort(key=lambda vn: (-vn[1], vn[0] is None, vn[0] or ""))
        del found[values:]
    return counts


def _month(dialect: str, published: Any) -> Any:
    if dialect == "sqlite":
        return func.strftime("%Y-%m", published)
    return func.to_char(published, "YYYY-MM")
