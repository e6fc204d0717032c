"""Writing output files safely: all or nothing, and never over a file by accident."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from provenance.errors import BadInput
from provenance.store.outputs import output_file

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
    out = output_file(path, force=force, protect=protect)
    target, tmp, existing_mode = out.target, out.temporary, out.existing_mode
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
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
