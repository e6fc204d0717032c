"""Where the files that ship with prov are: the Alembic migrations and the seed corpus.

In a source checkout (or an editable install) they are the top-level ``migrations/``
and ``seeds/`` folders; a built wheel carries them inside the package as
``provenance/_migrations`` and ``provenance/_seeds``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def _shipped(packaged: str, checkout: str) -> Path:
    inside = _PACKAGE / packaged
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / checkout


def migrations_dir() -> Path:
    return _shipped("_migrations", "migrations")


def seeds_dir() -> Path:
    return _shipped("_seeds", "seeds")
