"""The schema revisions this prov knows, oldest first, without importing Alembic.

Every command checks the database against ``HEAD`` with one query; Alembic is
imported only to upgrade. A test keeps this list equal to the migration scripts.
"""

from __future__ import annotations

REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
)
HEAD = REVISIONS[-1]
