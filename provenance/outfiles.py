"""Writing output files safely: all or nothing, and never over a file by accident."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from provenance.errors import BadInput

__all__ = ["write_atomically"]


def write_atomically(path: str | Path, chunks: Iterable[str], *, force: bool = False) -> Path:
    """Write ``chunks`` to a temporary file beside ``path``, then rename it into place.

    A reader never sees a half-written file, and a failure leaves nothing behind.
    An existing ``path`` is refused unless ``force``.
    """
    target = Path(path)
    if target.is_dir():
        raise BadInput(f"{target} is a folder; give --out a file name")
    if target.exists() and not force:
        raise BadInput(f"{target} exists; add --force to overwrite it")
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
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file the usual mode
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise BadInput(f"cannot write {target} ({exc.strerror}); nothing was written") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
