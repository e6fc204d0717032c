"""What ``verify`` reports: one row, and what is wrong with it."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Problem"]


@dataclass(frozen=True)
class Problem:
    """One inconsistency: which row, and what is wrong with it."""

    entity: str
    entity_id: int | None
    problem: str

    def __str__(self) -> str:
        row = f"{self.entity} {self.entity_id}" if self.entity_id is not None else self.entity
        return f"{row}: {self.problem}"
