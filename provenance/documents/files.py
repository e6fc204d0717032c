"""Reading files: UTF-8 text checked on the way in, and an article from a file (plain
text as it is, a saved web page through trafilatura).

A saved page (``.html``/``.htm``, or a file that starts like HTML) is reduced to its
article text, without navigation, footers and comments, and its metadata (headline,
authors, date, site name, canonical URL) fill in what the user did not give. The HTML
support is an optional extra: ``pip install 'quoteprov[html]'``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from provenance.errors import BadInput
from provenance.text.folding import is_blank

__all__ = ["LoadedArticle", "load_article", "looks_like_html", "read_text_file"]

_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_HTML_STARTS = ("<!doctype html", "<html", "<?xml")
# what prov takes from trafilatura's reading of a page
_METADATA = ("text", "title", "author", "date", "sitename", "url")


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
    try:
        if name == "-":
            data = sys.stdin.buffer.read()
            name = "standard input"
        else:
            data = Path(path).read_bytes()
    except FileNotFoundError:
        raise BadInput(f"{name}: no such file; check the path") from None
    except IsADirectoryError:
        raise BadInput(f"{name} is a folder; give the path of an article file") from None
    except PermissionError:
        raise BadInput(f"{name}: permission denied; check the file's permissions") from None
    except OSError as exc:
        raise BadInput(f"{name}: cannot read ({exc.strerror}); check the file") from None
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


@dataclass
class LoadedArticle:
    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    from_html: bool = False


def looks_like_html(name: str, text: str) -> bool:
    """By the file's suffix, or by how its first characters read."""
    if Path(name).suffix.lower() in _HTML_SUFFIXES:
        return True
    return text.lstrip()[:64].lower().startswith(_HTML_STARTS)


def _from_html(name: str, html: str) -> LoadedArticle:
    try:
        import trafilatura
    except ImportError as exc:  # trafilatura, or a part of it (lxml_html_clean), is missing
        missing = getattr(exc, "name", None) or "trafilatura"
        raise BadInput(
            f"{name} is a web page; install HTML support to read it "
            f"(pip install 'quoteprov[html]'; missing: {missing}), "
            "or give the article as plain text"
        ) from None
    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    # a Document, or None when the page holds no article (a dict only when asked for)
    found: dict[str, Any] = {}
    if extracted is not None and not isinstance(extracted, dict):
        found = {key: getattr(extracted, key, None) for key in _METADATA}
    text = found.get("text")
    if not text or not text.strip():
        raise BadInput(f"{name}: no article text found in this page; save the article as text")
    authors = [a.strip() for a in (found.get("author") or "").split(";") if a.strip()]
    return LoadedArticle(
        text=text,
        title=found.get("title") or None,
        authors=authors,
        published=found.get("date") or None,
        outlet=found.get("sitename") or None,
        url=found.get("url") or None,
        from_html=True,
    )


def load_article(path: str | Path) -> LoadedArticle:
    """The article in ``path`` (``-`` for standard input): its text and what is known
    about it. Plain text comes back as it is; the caller normalises it for storage."""
    name = str(path)
    text = read_text_file(path)
    if looks_like_html(name, text):
        return _from_html("standard input" if name == "-" else name, text)
    return LoadedArticle(text=text)
