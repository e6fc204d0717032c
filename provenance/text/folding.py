"""Text normalisation shared by storage, matching and search.

Two different things happen to text here, and they must not be confused:

* ``normalize_text`` is what a document's text becomes *before it is stored*:
  Unicode NFC and ``\\n`` line ends. Offsets are code points into that result.
* ``fold_key`` is a lossy key for *comparing names and words*: casefolded, with
  diacritics removed and whitespace collapsed. It is never stored as text that
  offsets point into.
"""

from __future__ import annotations

import unicodedata

__all__ = ["fold_key", "is_blank", "normalize_text", "strip_diacritics"]


def normalize_text(raw: str) -> str:
    """Return ``raw`` as prov stores it: NFC, with CRLF and lone CR turned into LF."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


class _CombiningMarks(dict[int, int | None]):
    """A ``str.translate`` table that drops combining marks and keeps every other
    character, filled in as characters are first met (a table of all of Unicode
    would cost start-up time; the characters of news text are few)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        if len(self) < _TABLE_CAP:  # text made of all of Unicode is not kept
            self[code] = kept
        return kept


_TABLE_CAP = 1 << 16


_DROP_COMBINING = _CombiningMarks()


def strip_diacritics(text: str) -> str:
    """Remove combining marks: ``"Erdoğan"`` becomes ``"Erdogan"``."""
    if text.isascii():  # nothing to decompose (the usual case, and a hot path)
        return text
    return unicodedata.normalize("NFKD", text).translate(_DROP_COMBINING)


def fold_key(text: str) -> str:
    """A comparison key: diacritics stripped, casefolded, whitespace collapsed.

    ``fold_key("Recep Tayyip  Erdoğan") == fold_key("recep tayyip erdogan")``.
    Typographic apostrophes fold to ``'`` so that "Netanyahu’s" matches "Netanyahu's".
    """
    folded = strip_diacritics(text).casefold()
    folded = folded.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(folded.split())


def is_blank(text: str) -> bool:
    """Nothing but white space and invisible format characters (zero-width space,
    byte-order mark, joiners)."""
    return all(c.isspace() or unicodedata.category(c) == "Cf" for c in text)
