"""Reading files: bytes checked on the way in and decoded as UTF-8 text, whole or a line
at a time (an article from a file, page or record is :mod:`provenance.documents.articles`).

A saved page (``.html``/``.htm``, or a file that starts like HTML) is reduced to its
article text, without navigation, footers and comments, and its metadata (headline,
authors, date, site name, canonical URL) fill in what the user did not give. The HTML
support is an optional extra: ``pip install 'quoteprov[html]'``.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from provenance.errors import BadInput
from provenance.text.folding import is_blank

__all__ = ["TextLines", "decode_text", "read_bytes", "read_text_file"]


def read_text_file(
    path: str | Path, *, what: str = "the article's text", allow_empty: bool = False
) -> str:
    """Read an article file (``-`` for standard input) as UTF-8 text.

    ``allow_empty`` for a file that may rightly hold nothing (the bundle of an empty
    database).

    Every way this can fail ends in a :class:`BadInput` whose message names the
    file and says what to do.
    """
    name = str(path)
    data = read_bytes(path)
    return decode_text(
        data, "standard input" if name == "-" else name, what=what, allow_empty=allow_empty
    )


def read_bytes(path: str | Path, *, limit: int | None = None) -> bytes:
    """The bytes of a file (``-`` for standard input); a file over ``limit`` bytes is
    refused before it is read."""
    name = str(path)
    try:
        if name == "-":
            return sys.stdin.buffer.read()
        if limit is not None and Path(path).stat().st_size > limit:
            raise BadInput(
                f"{name} is over {limit // 1_000_000} MB, more than an article; "
                "split it, or give it as JSON Lines records"
            )
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise BadInput(f"{name}: no such file; check the path") from None
    except IsADirectoryError:
        raise BadInput(f"{name} is a folder; give the path of an article file") from None
    except PermissionError:
        raise BadInput(f"{name}: permission denied; check the file's permissions") from None
    except OSError as exc:
        raise BadInput(f"{name}: cannot read ({exc.strerror}); check the file") from None


def decode_text(
    data: bytes, name: str, *, what: str = "the article's text", allow_empty: bool = False
) -> str:
    """``data`` as UTF-8 text (a byte-order mark dropped), or a :class:`BadInput` that
    names ``name`` and says how to convert it."""
    if not data.strip() and not allow_empty:
        raise BadInput(f"{name} is empty; give a file with {what}")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise BadInput(
            f"{name} is UTF-16, not UTF-8; convert it first, e.g. iconv -f UTF-16 -t UTF-8 {name}"
        )
    if b"\x00" in data:
        raise BadInput(f"{name} looks binary (it holds NUL bytes); give a plain-text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(
            f"{name} is not UTF-8 (invalid byte at offset {exc.start}); convert it first, "
            f"e.g. iconv -f WINDOWS-1252 -t UTF-8 {name if name != 'standard input' else 'FILE'}"
        ) from None
    if not allow_empty and is_blank(text):  # a byte-order mark or zero-width spaces only
        raise BadInput(f"{name} is empty; give a file with {what}")
    return text


class TextLines:
    """A UTF-8 text file (``-`` for standard input) read a line at a time, with the
    checks :func:`read_text_file` makes of a whole file, so that a file of any size is
    read in flat memory.

    Iterating gives ``(line number, line)`` pairs, without the line end. It can be
    iterated more than once: standard input is kept in a temporary file as it is read
    the first time. ``done`` and ``size`` (``None`` when unknown) count bytes, for
    progress.
    """

    def __init__(self, path: str | Path, *, what: str = "lines of text") -> None:
        self.path = str(path)
        self.name = "standard input" if self.path == "-" else self.path
        self.what = what
        self.done = 0
        self.size: int | None = None
        self._spool: IO[bytes] | None = None
        if self.path != "-":
            self._open().close()  # a missing or unreadable file is said at once
            self.size = Path(self.path).stat().st_size

    def _open(self) -> IO[bytes]:
        try:
            return open(self.path, "rb")
        except FileNotFoundError:
            raise BadInput(f"{self.name}: no such file; check the path") from None
        except IsADirectoryError:
            raise BadInput(f"{self.name} is a folder; give the path of a file") from None
        except PermissionError:
            raise BadInput(
                f"{self.name}: permission denied; check the file's permissions"
            ) from None
        except OSError as exc:
            raise BadInput(f"{self.name}: cannot read ({exc.strerror}); check the file") from None

    def __iter__(self) -> Iterator[tuple[int, str]]:
        self.done = 0
        if self.path == "-" and self._spool is None:
            self._spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
            yield from self._lines(sys.stdin.buffer, copy=self._spool)
            self.size = self.done
            return
        if self._spool is not None:
            self._spool.seek(0)
            yield from self._lines(self._spool, copy=None)
            return
        with self._open() as stream:
            yield from self._lines(stream, copy=None)

    def _lines(self, stream: IO[bytes], copy: IO[bytes] | None) -> Iterator[tuple[int, str]]:
        for number, raw in enumerate(stream, 1):
            if copy is not None:
                copy.write(raw)
            self.done += len(raw)
            if number == 1:
                if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
                    raise BadInput(
                        f"{self.name} is UTF-16, not UTF-8; convert it first, "
                        f"e.g. iconv -f UTF-16 -t UTF-8 {self._shown()}"
                    )
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if b"\x00" in raw:
                raise BadInput(
                    f"{self.name}:{number} holds NUL bytes (the file looks binary); "
                    f"give a file of {self.what}"
                )
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise BadInput(
                    f"{self.name}:{number} is not UTF-8 (invalid byte at offset {exc.start} "
                    f"of the line); convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8 "
                    f"{self._shown()}"
                ) from None
            yield number, line.rstrip("\r\n")

    def _shown(self) -> str:
        return "FILE" if self.path == "-" else self.path

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()
            self._spool = None
