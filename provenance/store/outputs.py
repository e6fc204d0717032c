"""Where an output file may go: never over a file by accident, never over the database.

Shared by everything that writes a file (``export --out``, ``backup``): the target is
checked, and a temporary file made beside it, to be renamed into place once whole.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from provenance.errors import BadInput

__all__ = ["OutputFile", "output_file"]


@dataclass(frozen=True)
class OutputFile:
    """A checked target and the empty temporary file beside it."""

    given: Path
    target: Path
    temporary: str
    existing_mode: int | None  # the permissions of the file it replaces


def output_file(
    path: str | Path,
    *,
    force: bool = False,
    protect: Iterable[str | Path] = (),
    named: str = "the output",
    role: str = "out",
) -> OutputFile:
    """Check that ``path`` may be written and make a temporary file beside it.

    An existing ``path`` is refused unless ``force`` (a symbolic link is written through
    to the file it points at); a path in ``protect`` (the open database) is refused
    even with ``force``, however either is spelled. ``named`` is what messages call the
    file, as the option ``role`` (``out``: the CLI says ``--out``).
    """
    given = Path(path)
    target = given.resolve() if given.is_symlink() else given
    if target.is_dir():
        raise BadInput(f"{given} is a folder; give {{{role}}} a file name", **{role: named})
    for kept in protect:
        if _same_file(target, Path(kept)):
            raise BadInput(
                f"{given} is the database itself; give {{{role}}} another file name",
                **{role: named},
            )
    existing_mode = None
    if target.exists():
        if not force:
            raise BadInput(f"{given} exists; add {{force}} to overwrite it", force="force=True")
        existing_mode = stat.S_IMODE(target.stat().st_mode)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise BadInput(f"the folder {folder} does not exist; create it first")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise BadInput(
            f"cannot write in {folder} ({exc.strerror}); choose a folder you can write to"
        ) from None
    os.close(fd)
    return OutputFile(given, target, tmp, existing_mode)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False
