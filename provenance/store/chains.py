"""Walking chains of parents: an office's holders, a version's predecessors, a merged
speaker's successors. Each link points at one parent; a chain must never come back
round, and a walk must end even on a database where one does."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from typing import TypeVar

__all__ = ["ancestors", "loops", "reaches"]

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


def ancestors(
    start: T | None, parent: Callable[[T], T | None], key: Callable[[T], Hashable]
) -> Iterator[T]:
    """``start`` and its parent, its parent's parent and so on, each once (a loop ends
    the walk where it closes)."""
    seen: set[Hashable] = set()
    at = start
    while at is not None and key(at) not in seen:
        seen.add(key(at))
        yield at
        at = parent(at)


def reaches(
    start: T | None, target: T, parent: Callable[[T], T | None], key: Callable[[T], Hashable]
) -> bool:
    """Whether ``target`` is ``start`` or one of its ancestors."""
    return any(key(node) == key(target) for node in ancestors(start, parent, key))


def loops(parents: Mapping[K, K]) -> Iterator[list[K]]:
    """Every loop in a parent mapping, once each, as the list of its members from the
    first one met (walking from the smallest key)."""
    looped: set[K] = set()
    for start in sorted(parents):  # type: ignore[type-var]
        path: list[K] = []
        at: K | None = start
        while at is not None and at not in path:
            path.append(at)
            at = parents.get(at)
        if at is not None and at not in looped:  # came back round
            ring = path[path.index(at) :]
            looped.update(ring)
            yield ring
