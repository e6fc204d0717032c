"""Writing output files safely: all or nothing, and never over a file by accident."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from provenance.errors import BadInput

__all__ = ["write_atomically"]


def write_atomically(
    path: str | Path,
    chunks: Iterable[str],
    *,
    force: bool = False,
    protect: Iterable[str | Path] = (),
) -> Path:
    """Write ``chunks`` to a temporary file beside ``path``, then rename it into place.

    A reader never sees a half-written file, and a failure leaves nothing behind.
    An existing ``path`` is refused unless ``force``; when it is overwritten, it keeps
    its permissions, and a symbolic link is written through to the file it points at.
    A path in ``protect`` (the open database) is refused even with ``force``.
    """
    given = Path(path)
    target = given.resolve() if given.is_symlink() else given
    if target.is_dir():
        raise BadInput(f"{given} is a folder; give {{out}} a file name", out="the output")
    for kept in protect:
        if _same_file(target, Path(kept)):
            raise BadInput(
                f"{given} is the database itself; give {{out}} another file name", out="the output"
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
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            for chunk in chunks:
                fh.write(chunk)
        if existing_mode is None:
            umask = os.umask(0)
            os.umask(umask)
            existing_mode = 0o666 & ~umask  # mkstemp makes 0600; give the usual mode
        os.chmod(tmp, existing_mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise BadInput(f"cannot write {target} ({exc.strerror}); nothing was written") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False
