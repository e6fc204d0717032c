"""Reading an article from a file: plain text as it is, a saved web page through trafilatura.

A saved page (``.html``/``.htm``, or a file that starts like HTML) is reduced to its
article text, without navigation, footers and comments, and its metadata (headline,
authors, date, site name, canonical URL) fill in what the user did not give. The HTML
support is an optional extra: ``pip install 'quoteprov[html]'``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from provenance.documents.ingest import read_article
from provenance.errors import BadInput

__all__ = ["LoadedArticle", "load_article", "looks_like_html"]

_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_HTML_STARTS = ("<!doctype html", "<html", "<?xml")


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
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise BadInput(f"{name}: no article text found in this page; save the article as text")
    authors = [a.strip() for a in (extracted.author or "").split(";") if a.strip()]
    return LoadedArticle(
        text=text,
        title=extracted.title or None,
        authors=authors,
        published=extracted.date or None,
        outlet=extracted.sitename or None,
        url=extracted.url or None,
        from_html=True,
    )


def load_article(path: str | Path) -> LoadedArticle:
    """The article in ``path`` (``-`` for standard input): its text and what is known
    about it. Plain text comes back as it is; the caller normalises it for storage."""
    name = str(path)
    text = read_article(path)
    if looks_like_html(name, text):
        return _from_html("standard input" if name == "-" else name, text)
    return LoadedArticle(text=text)
