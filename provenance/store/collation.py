"""Python's order of names, in SQL: casefolded, then compared by code point.

``sorted(names, key=str.casefold)`` is the order people expect of a list of speakers,
outlets or titles ("Ilse", "İlker" and "ilse" where they belong, "Straße" beside
"Strasse"). :func:`casefolded` gives the database the same key, so that it can sort a
long list itself and a caller can stream it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import Session

__all__ = ["casefolded", "register_casefold"]


# Where PostgreSQL's lower() (in a UTF-8 database) and Python's casefold() differ for
# letters a name may hold, after Unicode's CaseFolding.txt: a letter lower() leaves
# alone or folds to one letter, and those that fold to several.
_FOLD_BEFORE_LOWER = {"İ": "i̇"}
_FOLD_ONE = ("µſςϐϑϕϖϰϱϵẛ", "μsσβθφπκρεṡ")
_FOLD_MANY = {letter: letter.casefold() for letter in "ßŉﬀﬁﬂﬃﬄﬅﬆǰΐΰẖẗẘẙẚ"}


def casefolded(text: Any, dialect: str) -> Any:
    """``text`` casefolded, compared by code point as Python compares strings.

    SQLite calls Python's own :meth:`str.casefold` (registered by
    :func:`register_casefold`), so the order is exactly the one Python gives.
    PostgreSQL has no case folding before version 18: ``lower()``, corrected where it
    differs from ``casefold`` for Latin, Greek and Cyrillic letters (ß, İ, ς, ǰ,
    ligatures). That leaves the Greek letters with iota subscripts, Cherokee, and a
    database whose character type is ``C`` (where ``lower()`` knows ASCII only)."""
    if dialect == "sqlite":
        return func.prov_casefold(text)
    for letter, folded in _FOLD_BEFORE_LOWER.items():
        text = func.replace(text, letter, folded)
    text = func.translate(func.lower(text), *_FOLD_ONE)
    for letter, folded in _FOLD_MANY.items():
        text = func.replace(text, letter, folded)
    return text.collate("C")


def _casefold(text: str | None) -> str | None:
    return None if text is None else text.casefold()


def register_casefold(session: Session) -> None:
    """Give the session's SQLite connection ``prov_casefold()``, which
    :func:`casefolded` calls there."""
    connection = session.connection().connection.driver_connection
    assert connection is not None  # a session's connection is open
    connection.create_function("prov_casefold", 1, _casefold, deterministic=True)
