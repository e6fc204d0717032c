"""Links straight to a quote: the document URL with a text fragment (``#:~:text=``).

A browser that follows ``https://example.com/a#:~:text=start,end`` scrolls to and
highlights the first passage of the page that starts with ``start`` and ends with
``end`` (WICG "Text Fragments" draft, https://wicg.github.io/scroll-to-text-fragment/).
The draft fixes the syntax ``text=[prefix-,]textStart[,textEnd][,-suffix]`` and how
a page is searched:

* every term is percent-decoded before matching, so any character outside
  ``[A-Za-z0-9]`` and ``! $ ' ( ) * + . / : ; = ? @ _ ~`` is percent-encoded (UTF-8);
  ``-``, ``&`` and ``,`` must be, because they are the directive's own syntax;
* the *first* match in the page wins; matching ignores case and accents; a term
  must start and end on word boundaries and lie within one block (paragraph);
  the whole passage may span blocks;
* ``prefix`` and ``suffix`` are context: text right before and after the passage,
  with any amount of whitespace between, never highlighted.

So a short quote (one paragraph, at most :data:`EXACT_MAX_WORDS` words) is linked by
its whole text; a longer one by its first and last words (``textStart,textEnd``);
and when that would first match somewhere else in the article, words are added and
then prefix/suffix context, until :meth:`QuoteTargeter.locate`, which runs the
draft's search over the stored text, lands on the quote itself.

What this cannot know: the live page also has a headline, captions and navigation
that the stored text may lack, and its blocks may not be our paragraphs. Matching is
therefore checked against the stored text, the best evidence available.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, unquote

__all__ = [
    "EXACT_MAX_WORDS",
    "QuoteTargeter",
    "TextDirective",
    "parse_text_directive",
    "percent_encode_term",
    "quote_link",
    "with_text_directive",
]

EXACT_MAX_WORDS = 10
"""A quote of at most this many words, within one paragraph, is linked by its whole text."""

RANGE_WORDS = 3
"""Words in ``textStart`` and ``textEnd`` for a long quote, before any are added."""

MAX_RANGE_WORDS = 8
CONTEXT_WORDS = (1, 2, 3)

# TextDirectiveExplicitChar in the draft's grammar (ASCII letters and digits and
# these), written as is; all else is %XX.
_EXPLICIT_PUNCTUATION = "!$'()*+./:;=?@_~"
_WORD = re.compile(r"\S+")
_APOSTROPHES = "'\u2019"


def percent_encode_term(term: str) -> str:
    """``term`` as the draft writes a text directive term: explicit characters as they
    are, every other character as the ``%XX`` bytes of its UTF-8 encoding.

    >>> percent_encode_term("co-ordination, & more")
    'co%2Dordination%2C%20%26%20more'
    """
    # quote() keeps letters, digits and "_.-~" plus ``safe``; of those the draft
    # wants "-" encoded (it separates prefix and suffix from the text)
    return quote(term, safe=_EXPLICIT_PUNCTUATION).replace("-", "%2D")


@dataclass(frozen=True, slots=True)
class TextDirective:
    """One ``text=`` directive; ``text_start`` is required, the other terms optional."""

    text_start: str
    text_end: str | None = None
    prefix: str | None = None
    suffix: str | None = None

    def __post_init__(self) -> None:
        for term in (self.text_start, self.text_end, self.prefix, self.suffix):
            if term is not None and not term:
                raise ValueError("a text directive term cannot be empty")

    def __str__(self) -> str:
        parts = []
        if self.prefix is not None:
            parts.append(percent_encode_term(self.prefix) + "-")
        parts.append(percent_encode_term(self.text_start))
        if self.text_end is not None:
            parts.append(percent_encode_term(self.text_end))
        if self.suffix is not None:
            parts.append("-" + percent_encode_term(self.suffix))
        return "text=" + ",".join(parts)


def parse_text_directive(directive: str) -> TextDirective | None:
    """Parse ``text=...`` as the draft's "parse a text directive" does; ``None`` if invalid."""
    if not directive.startswith("text="):
        return None
    tokens = directive[len("text=") :].split(",")
    if not 1 <= len(tokens) <= 4 or any(not t for t in tokens):
        return None
    prefix = suffix = None
    if tokens[0].endswith("-"):
        prefix = unquote(tokens.pop(0)[:-1])
    if tokens and tokens[-1].startswith("-"):
        suffix = unquote(tokens.pop()[1:])
    if len(tokens) not in (1, 2):
        return None
    text_start = unquote(tokens[0])
    text_end = unquote(tokens[1]) if len(tokens) == 2 else None
    try:
        return TextDirective(text_start, text_end, prefix or None, suffix or None)
    except ValueError:
        return None


def with_text_directive(url: str, directive: TextDirective) -> str:
    """``url`` with ``directive`` in its fragment directive (after ``:~:``).

    An existing fragment is kept (``page#section`` becomes ``page#section:~:text=..``);
    an existing fragment directive gets this one appended with ``&``.
    """
    base = _link_base(url)
    if "#" not in base:
        return f"{base}#:~:{directive}"
    if ":~:" in base.split("#", 1)[1]:
        return f"{base}&{directive}"
    return f"{base}:~:{directive}"


@lru_cache(maxsize=256)
def _link_base(url: str) -> str:
    # characters a URL cannot hold as they are (the WHATWG fragment percent-encode
    # set): a stored URL with a space or a quote still makes a working link. Cached:
    # an export asks for the same document's URL once for each of its quotes.
    return "".join(
        f"%{ord(ch):02X}" if ord(ch) <= 0x20 or ch in '"<>`' or ord(ch) == 0x7F else ch
        for ch in url.strip()
    )


@lru_cache(maxsize=8192)
def _primary_fold(ch: str) -> str:
    # The draft compares at the collation's primary level (case and accents
    # ignored). One character in, one out, so offsets need no map; a character
    # whose fold is longer ("ß" -> "ss") is compared lower-cased instead.
    folded = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    folded = folded.casefold()
    if len(folded) == 1:
        return folded
    lower = ch.lower()
    return lower if len(lower) == 1 else ch


class _FoldTable(dict[int, str]):
    """:func:`_primary_fold` as a ``str.translate`` table that fills itself: each code
    point is folded the first time a text holds it (kept to a bounded size)."""

    def __missing__(self, code: int) -> str:
        if len(self) >= 1 << 16:
            self.clear()
        folded = self[code] = _primary_fold(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def _fold_text(text: str) -> str:
    """:func:`_primary_fold` of every character, applied by ``str.translate``."""
    return text.translate(_FOLD_TABLE)


class QuoteTargeter:
    """Text directives for spans of one stored text, checked against that text.

    Build one per document and ask it for each of its quotes: the folded view of
    the text is made once.
    """

    def __init__(self, text: str):
        self.text = text
        self._folded = _fold_text(text)

    # ------------------------------------------------------------- the draft's search

    def _word_char(self, i: int) -> bool:
        ch = self.text[i]
        if ch.isalnum() or ch == "_" or unicodedata.category(ch) in ("Mn", "Mc"):
            return True
        # an apostrophe between letters is inside a word ("can't", "Tiyas’s")
        return (
            ch in _APOSTROPHES
            and 0 < i < len(self.text) - 1
            and self.text[i - 1].isalnum()
            and self.text[i + 1].isalnum()
        )

    def at_word_boundary(self, i: int) -> bool:
        """Whether offset ``i`` is a word boundary (UAX #29, approximated)."""
        if i <= 0 or i >= len(self.text):
            return True
        return not (self._word_char(i - 1) and self._word_char(i))

    def _find(
        self, query: str, lo: int, word_start: bool, word_end: bool
    ) -> tuple[int, int] | None:
        needle = _fold_text(query)
        if not needle or "\n" in query:
            return None
        i = self._folded.find(needle, lo)
        while i != -1:
            j = i + len(needle)
            if (not word_start or self.at_word_boundary(i)) and (
                not word_end or self.at_word_boundary(j)
            ):
                return i, j
            i = self._folded.find(needle, i + 1)
        return None

    def _skip_space(self, i: int) -> int:
        while i < len(self.text) and self.text[i].isspace():
            i += 1
        return i

    def locate(self, directive: TextDirective) -> tuple[int, int] | None:
        """Where a browser would land: the draft's "find a range from a text
        directive", run over the stored text (paragraphs are its blocks)."""
        d = directive
        end_of_text = len(self.text)
        search_from = 0
        while search_from < end_of_text:
            must_end_at_word = d.text_end is not None or d.suffix is None
            if d.prefix is not None:
                prefix = self._find(d.prefix, search_from, True, False)
                if prefix is None:
                    return None
                search_from = prefix[0] + 1
                match_from = self._skip_space(prefix[1])
                if match_from >= end_of_text:
                    return None
                start = self._find(d.text_start, match_from, False, must_end_at_word)
                if start is None:
                    return None
                if start[0] != match_from:
                    continue
            else:
                start = self._find(d.text_start, search_from, True, must_end_at_word)
                if start is None:
                    return None
                search_from = start[0] + 1
            match_start, match_end = start
            if d.text_end is None and d.suffix is None:
                return match_start, match_end
            end_from = match_end
            while end_from < end_of_text:
                if d.text_end is not None:
                    end = self._find(d.text_end, end_from, True, d.suffix is None)
                    if end is None:
                        return None
                    match_end = end[1]
                if d.suffix is None:
                    return match_start, match_end
                suffix_from = self._skip_space(match_end)
                suffix = self._find(d.suffix, suffix_from, False, True)
                if suffix is None:
                    return None
                if suffix[0] == suffix_from:
                    return match_start, match_end
                if d.text_end is None:
                    break
                end_from = match_end
            else:
                # no end term (or no room for the suffix) after this start: none
                # after a later start either
                return None
        return None

    # ------------------------------------------------------------- building directives

    def target(self, start: int, end: int) -> tuple[int, int] | None:
        """The passage a link can highlight for ``[start, end)``: whitespace trimmed,
        widened to whole words (a fragment cannot start or end inside a word)."""
        start = max(0, start)
        end = min(len(self.text), end)
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if start >= end:
            return None
        while not self.at_word_boundary(start):
            start -= 1
        while not self.at_word_boundary(end):
            end += 1
        return start, end

    def _context_before(self, start: int, words: int) -> str | None:
        # the words right before the passage, from its paragraph or, at a
        # paragraph's start, from the end of the paragraph before
        left = start
        while left > 0 and self.text[left - 1].isspace():
            left -= 1
        line_start = self.text.rfind("\n", 0, left) + 1
        tokens = list(_WORD.finditer(self.text, line_start, left))
        if not tokens:
            return None
        return self.text[tokens[-min(words, len(tokens))].start() : left]

    def _context_after(self, end: int, words: int) -> str | None:
        right = self._skip_space(end)
        line_end = self.text.find("\n", right)
        line_end = len(self.text) if line_end == -1 else line_end
        tokens = list(_WORD.finditer(self.text, right, line_end))
        if not tokens:
            return None
        return self.text[right : tokens[min(words, len(tokens)) - 1].end()]

    def _bases(self, passage: str) -> Iterator[TextDirective]:
        # the passage itself when short, else text_start,text_end pairs of a growing
        # number of words; made one at a time, as most quotes take the first
        lines = passage.split("\n")
        first = list(_WORD.finditer(lines[0]))
        if len(lines) == 1 and len(first) <= EXACT_MAX_WORDS:
            yield TextDirective(passage)
            return
        last = first if len(lines) == 1 else list(_WORD.finditer(lines[-1]))
        # one paragraph: start and end words must not overlap
        most = min(
            MAX_RANGE_WORDS, len(first) // 2 if len(lines) == 1 else min(len(first), len(last))
        )
        offset_last = len(passage) - len(lines[-1])
        for words in range(min(RANGE_WORDS, most), most + 1):
            text_start = passage[: first[words - 1].end()]
            text_end = passage[offset_last + last[-words].start() :]
            yield TextDirective(text_start, text_end)
        if len(lines) == 1:
            # last resort for a long quote in one paragraph: all of it, which lands
            # on it whenever its words stand nowhere else (a long link, a right one)
            yield TextDirective(passage)

    def _candidates(self, start: int, end: int) -> Iterator[TextDirective]:
        first_base = last_base = None
        made = 0
        for base in self._bases(self.text[start:end]):
            first_base = first_base or base
            last_base = base
            made += 1
            yield base
        assert first_base is not None and last_base is not None
        for base in (first_base, last_base) if made > 1 else (first_base,):
            for words in CONTEXT_WORDS:
                prefix = self._context_before(start, words)
                suffix = self._context_after(end, words)
                if prefix:
                    yield TextDirective(base.text_start, base.text_end, prefix=prefix)
                if suffix:
                    yield TextDirective(base.text_start, base.text_end, suffix=suffix)
                if prefix and suffix:
                    yield TextDirective(base.text_start, base.text_end, prefix, suffix)

    def directive(self, start: int, end: int) -> TextDirective | None:
        """The shortest directive found that lands on ``[start, end)`` (trimmed and
        widened to whole words, see :meth:`target`).

        When none does (the same words, with the same context, stand earlier in
        the text), the most specific one is returned: it highlights the same words.
        ``None`` only for a span of nothing but whitespace.
        """
        target = self.target(start, end)
        if target is None:
            return None
        fallback = None
        for candidate in self._candidates(*target):
            if self.locate(candidate) == target:
                return candidate
            fallback = candidate
        return fallback


def quote_link(url: str, text: str, start: int, end: int) -> str | None:
    """``url`` with a text fragment that highlights ``text[start:end]``.

    For many quotes of one text, make one :class:`QuoteTargeter` instead.
    """
    directive = QuoteTargeter(text).directive(start, end)
    return None if directive is None else with_text_directive(url, directive)
