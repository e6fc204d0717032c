"""prov: who said what, how strongly the source is identified, and exactly where.

The library behind the ``prov`` command, usable on its own::

    from provenance import Database, add_by_quote, audit, extract, search

    db = Database("prov.db")
    with db.session() as session:                  # one transaction
        hits = search(session, "deconfliction").hits
        rows = audit(session, by="outlet")

Names are imported on first use, so ``import provenance`` costs nothing and a program
pays only for what it touches. ``search``, ``audit`` and ``extract`` are also the names
of the packages that hold them, and each of those packages can be called as its main
function (:mod:`provenance.packages`). ARCHITECTURE.md shows how the library is laid out.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from provenance.attributions.by_quote import add_by_quote
    from provenance.audit.ratios import audit
    from provenance.extract.propose import extract
    from provenance.search.engine import search
    from provenance.store.database import Database

__all__ = ["Database", "add_by_quote", "audit", "extract", "search"]

# public name -> "module:attribute"
_PUBLIC = {
    "Database": "provenance.store.database:Database",
    "add_by_quote": "provenance.attributions.by_quote:add_by_quote",
    "audit": "provenance.audit.ratios:audit",
    "extract": "provenance.extract.propose:extract",
    "search": "provenance.search.engine:search",
}


def _load(target: str) -> Any:
    module, attribute = target.split(":")
    return getattr(importlib.import_module(module), attribute)


def __getattr__(name: str) -> Any:
    target = _PUBLIC.get(name)
    if target is None:
        raise AttributeError(f"module 'provenance' has no attribute {name!r}")
    if name in ("audit", "extract", "search"):  # callable packages: see packages.py
        return importlib.import_module(f"provenance.{name}")
    value = _load(target)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
