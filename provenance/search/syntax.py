"""What a person types into ``prov search``, parsed into a safe structure.

People type words, "quoted phrases" and ``-word`` to leave something out; they also
paste curly quotes, leave a quote open, and type ``AND``, ``NEAR(``, ``title:``,
``foo*`` or a fragment of SQL. None of that may reach the query language of FTS5 or
of PostgreSQL's tsquery as written: each has its own operators, and a stray one is a
syntax error (or a different query). So the text is parsed here into terms made only
of word tokens, and each engine's query string is *rendered* from those terms with
every token quoted. Nothing the user typed is ever an operator.

The rules, chosen to be what people expect:

* a word is a run of letters, digits and combining marks; every other character
  separates words, except that ``'``, ``’``,
  ``-``, ``.``, ``/``, ``&``, ``@`` and ``_`` *inside* a word bind its parts into a
  phrase (``Erdoğan's``, ``F-16``, ``U.S.``), because the index splits them the same way;
* text between quotation marks (straight or curly, ``«»`` and ``„`` too) is a phrase; a
  quote left open runs to the end;
* ``-`` before a word or a quoted phrase excludes it; ``+`` is accepted and ignored;
* all included terms must match (AND); ``AND``, ``OR``, ``NOT`` and ``NEAR`` are words.

Folding of case and diacritics is left to each engine, which folds the query exactly as
it folded the indexed text; :meth:`SearchQuery.highlight_keys` folds in Python only to
mark matched words in the output.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

from provenance.errors import BadInput
from provenance.text.folding import strip_diacritics

__all__ = [
    "MAX_TERMS",
    "MAX_TOKENS",
    "SearchQuery",
    "Term",
    "fold_token",
    "parse_query",
    "word_spans",
]

MAX_TERMS = 32
MAX_TOKENS = 128
QUOTES = frozenset('"“”„«»')
JOINERS = frozenset("'’-./&@_")
EXCLUDE = frozenset("-−–")  # hyphen-minus, minus sign, en dash (some keyboards autocorrect)
# str.isalnum() is exactly the letters (L*) and numbers (N*); marks and private use
# are word characters to unicode61 too.
_MARKS_AND_PRIVATE_USE = frozenset({"Mn", "Mc", "Me", "Co"})


def is_word_char(ch: str) -> bool:
    """Letters, digits, marks and private use: what a query word is made of. (FTS5's
    unicode61 keeps letters, digits and private use, and splits at a mark it does not
    strip; it reads the quoted query word the same way, so the two still meet.)"""
    return ch.isalnum() or unicodedata.category(ch) in _MARKS_AND_PRIVATE_USE


def word_spans(text: str) -> list[tuple[int, int]]:
    """The ``[start, end)`` of every word of ``text`` (offsets in code points)."""
    spans: list[tuple[int, int]] = []
    start = -1
    for i, ch in enumerate(text):
        if is_word_char(ch):
            if start < 0:
                start = i
        elif start >= 0:
            spans.append((start, i))
            start = -1
    if start >= 0:
        spans.append((start, len(text)))
    return spans


def fold_token(token: str) -> str:
    """A word as both indexes compare it: no diacritics, casefolded."""
    return strip_diacritics(token).casefold()


class Term(NamedTuple):
    """One thing to look for: a word (one token) or a phrase (tokens in a row)."""

    tokens: tuple[str, ...]
    excluded: bool = False
    quoted: bool = False

    def __str__(self) -> str:
        body = " ".join(self.tokens)
        if self.quoted or len(self.tokens) > 1:
            body = f'"{body}"'
        return f"-{body}" if self.excluded else body


class SearchQuery(NamedTuple):
    """A parsed query: what must match and what must not. Each backend's index renders
    its terms into its own query language (:meth:`FullTextIndex.render
    <provenance.store.fulltext.FullTextIndex.render>`), only ever quoting the tokens."""

    terms: tuple[Term, ...]

    @property
    def included(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if not t.excluded)

    @property
    def excluded(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.excluded)

    def __str__(self) -> str:
        return " ".join(str(t) for t in self.terms)

    def highlight_keys(self) -> frozenset[str]:
        """The folded tokens of the included terms: the words to mark in a result."""
        return frozenset(fold_token(tok) for t in self.included for tok in t.tokens)


def parse_query(text: str) -> SearchQuery:
    """Parse what a person typed. Raises :class:`BadInput` (one line saying what to
    type instead) when nothing is left to search for; never anything else."""
    terms: list[Term] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        excluded = False
        while i < n and (text[i] in EXCLUDE or text[i] == "+"):
            excluded = excluded or text[i] in EXCLUDE
            i += 1
        if i < n and text[i] in QUOTES:
            close = next((j for j in range(i + 1, n) if text[j] in QUOTES), n)
            tokens = _tokens(text[i + 1 : close])
            if tokens:
                terms.append(Term(tuple(tokens), excluded=excluded, quoted=True))
            i = close + 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in QUOTES:
            j += 1
        terms.extend(_chunk_terms(text[i:j], excluded))
        i = j
    query = SearchQuery(tuple(_dedupe(terms)))
    if not query.terms:
        raise BadInput(
            "the query has no words to search for; "
            'type a word or a "quoted phrase", e.g. prov search deconfliction'
        )
    if not query.included:
        raise BadInput(
            f"the query {str(query)!r} only excludes; add a word to search for, "
            f"e.g. prov search 'WORD {query}'"
        )
    words = sum(len(t.tokens) for t in query.terms)
    if len(query.terms) > MAX_TERMS or words > MAX_TOKENS:
        raise BadInput(
            f"the query has {words} words; search for at most {MAX_TERMS} terms "
            f"of {MAX_TOKENS} words in all"
        )
    return query


def _tokens(text: str) -> list[str]:
    return [text[s:e] for s, e in word_spans(text)]


def _chunk_terms(chunk: str, excluded: bool) -> list[Term]:
    """Terms of an unquoted stretch: words split at separators; joined parts
    (``F-16``, ``U.S.``, ``Erdoğan's``) stay together as a phrase. A leading ``-``
    excludes everything attached to it (``-title:talks`` excludes both words)."""
    terms: list[Term] = []
    group: list[str] = []
    spans = word_spans(chunk)
    for index, (start, end) in enumerate(spans):
        group.append(chunk[start:end])
        nxt = spans[index + 1] if index + 1 < len(spans) else None
        joined = nxt is not None and all(c in JOINERS for c in chunk[end : nxt[0]])
        if not joined:
            terms.append(Term(tuple(group), excluded=excluded))
            group = []
    return terms


def _dedupe(terms: list[Term]) -> list[Term]:
    seen: set[tuple[tuple[str, ...], bool]] = set()
    unique = []
    for term in terms:
        key = (tuple(fold_token(t) for t in term.tokens), term.excluded)
        if key not in seen:
            seen.add(key)
            unique.append(term)
    return unique
