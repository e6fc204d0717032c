"""An article from what it was saved as: a text file, a web page, a crawler's record.

A saved page (``.html``/``.htm``, or text that starts like HTML) is reduced to its
article text by trafilatura, without navigation, footers and comments, and its metadata
(headline, authors, date, site name, canonical URL) fill in what the user did not give.
The HTML support is an optional extra: ``pip install 'quoteprov[html]'``. Every article
keeps the SHA-256 of the bytes it was read from (``original_sha256``), beside the hash of
the text prov stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from provenance.documents.files import decode_text, read_bytes
from provenance.errors import BadInput

__all__ = ["LoadedArticle", "article_from_bytes", "html_article", "load_article", "looks_like_html"]

_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_HTML_STARTS = ("<!doctype html", "<html", "<?xml")
# what prov takes from trafilatura's reading of a page
_METADATA = ("text", "title", "author", "date", "sitename", "url")


@dataclass
class LoadedArticle:
    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    from_html: bool = False
    original_sha256: str | None = None


def looks_like_html(name: str, text: str) -> bool:
    """By the file's suffix, or by how its first characters read."""
    if Path(name).suffix.lower() in _HTML_SUFFIXES:
        return True
    return text.lstrip()[:64].lower().startswith(_HTML_STARTS)


def html_article(name: str, html: str | bytes) -> LoadedArticle:
    """The article in a web page (``name`` says where it came from, in messages)."""
    return _from_html(name, html)


def _from_html(name: str, html: str | bytes) -> LoadedArticle:
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
    name = "standard input" if str(path) == "-" else str(path)
    return article_from_bytes(str(path), read_bytes(path), name=name)


def article_from_bytes(path: str, data: bytes, *, name: str | None = None) -> LoadedArticle:
    """The article in the bytes of a file called ``path`` (text, or a web page by its
    suffix or its first characters)."""
    shown = name or path
    text = decode_text(data, shown)
    html = looks_like_html(path, text)
    article = _from_html(shown, text) if html else LoadedArticle(text=text)
    article.original_sha256 = _bytes_sha256(data)
    return article


def _bytes_sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()
