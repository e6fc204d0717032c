"""Lay an article out as paragraphs, sentences, tokens and quotations.

A sentence ends at ``.``, ``!`` or ``?`` (with any closing quote or bracket after it)
when the next token opens a sentence (a capital, a digit, an opening quote) and the
period does not end a known abbreviation or an initial ("Sen.", "U.S.", "R."). A
sentence never ends inside a quotation: for attribution, "“A. B,” she said." is one
unit, the quote and its cue together. Paragraphs are lines.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from provenance.extract.quotes import OPENING_MARKS, QUOTE_MARKS, Quote, find_quotes
from provenance.extract.tokens import Token, tokenize
from provenance.extract.words import PERIOD_ABBREVIATIONS
from provenance.language import lexicon

__all__ = ["Layout", "Sentence", "lay_out"]

_LINE = re.compile(r"[^\n]+")
_MAX_SENTENCE_TOKENS = 400
"""Longer runs of text with no sentence end (the longest real news sentence in PolNeAR
has 329 tokens) are cut into pieces of at most this many tokens, preferably after a
comma, semicolon or colon, so the per-sentence patterns stay bounded on any input."""
_BREAKS = frozenset({";", ",", ":", "—", "–"})
_TERMINATORS = frozenset({".", "!", "?", "…"})
_AFTER_TERMINATOR = QUOTE_MARKS | frozenset({")", "]", "’", "'"})


@dataclass(frozen=True, slots=True)
class Sentence:
    """Tokens ``[first, last)`` of the layout, spanning ``[start, end)`` of the text."""

    start: int
    end: int
    first: int
    last: int
    paragraph: int


@dataclass(slots=True)
class Layout:
    """An article's text with its tokens, quotations, sentences and paragraphs.

    ``quote_of[i]`` is the index in ``quotes`` of the quotation holding token ``i``
    (its marks included), or -1.
    """

    text: str
    tokens: list[Token]
    quotes: list[Quote]
    sentences: list[Sentence]
    quote_of: list[int]

    def in_quote(self, index: int) -> bool:
        return self.quote_of[index] >= 0

    def opens_quote(self, index: int) -> bool:
        """Whether token ``index`` is the opening mark of a quotation."""
        quote = self.quote_of[index]
        return quote >= 0 and self.quotes[quote].start == self.tokens[index].start

    def closes_quote(self, index: int) -> bool:
        """Whether token ``index`` is the closing mark of a quotation."""
        quote = self.quote_of[index]
        token = self.tokens[index]
        return quote >= 0 and token.text in QUOTE_MARKS and self.quotes[quote].end == token.end


def _opens_sentence(token: Token) -> bool:
    first = token.text[0]
    return first.isupper() or first.isdigit() or token.text in OPENING_MARKS or first in "\"('["


def _ends_abbreviation(tokens: list[Token], index: int) -> bool:
    """Whether the period at ``index`` closes an abbreviation or an initial."""
    if index == 0 or tokens[index].text != ".":
        return False
    before = tokens[index - 1]
    if before.end != tokens[index].start or not before.is_word:
        return False
    return before.lower in PERIOD_ABBREVIATIONS or (len(before.text) == 1 and before.capitalized)


_SPEECH_AFTER_QUOTE = lexicon.words("speech-after-quote")


def _cue_follows_quote(
    tokens: list[Token], begin: int, terminator: int, start: int, last: int
) -> bool:
    """Whether a quoted question or exclamation that makes up the sentence so far is
    followed by its cue: "“Why?” Lichtman asked." stays one sentence."""
    if tokens[terminator].text not in ("?", "!") or tokens[begin].text not in QUOTE_MARKS:
        return False
    if start - 1 <= terminator or tokens[start - 1].text not in QUOTE_MARKS:
        return False
    for k in range(start, min(last, start + 6)):
        if tokens[k].text in _TERMINATORS:
            return False
        if tokens[k].lower in _SPEECH_AFTER_QUOTE:
            return True
    return False


def _inside(quotes: list[Quote], starts: list[int], position: int) -> bool:
    """Whether ``position`` lies strictly inside a quotation. ``quotes`` do not overlap
    and ``starts`` is their sorted starts, so one bisection finds the only candidate."""
    k = bisect_left(starts, position) - 1
    return k >= 0 and quotes[k].start < position < quotes[k].end


def _split_paragraph(
    tokens: list[Token], first: int, last: int, quotes: list[Quote], paragraph: int
) -> list[Sentence]:
    sentences = []
    starts = [q.start for q in quotes]
    begin = first
    i = first
    while i < last:
        if tokens[i].text in _TERMINATORS and not _ends_abbreviation(tokens, i):
            j = i + 1
            while (
                j < last
                and tokens[j].text in _AFTER_TERMINATOR
                and tokens[j].start == tokens[j - 1].end
            ):
                j += 1
            if (
                j < last
                and _opens_sentence(tokens[j])
                and not _inside(quotes, starts, tokens[j - 1].end)
                and not _cue_follows_quote(tokens, begin, i, j, last)
            ):
                sentences.append(
                    Sentence(tokens[begin].start, tokens[j - 1].end, begin, j, paragraph)
                )
                begin = j
            i = j
            continue
        i += 1
    if begin < last:
        sentences.append(
            Sentence(tokens[begin].start, tokens[last - 1].end, begin, last, paragraph)
        )
    if any(s.last - s.first > _MAX_SENTENCE_TOKENS for s in sentences):
        return [piece for s in sentences for piece in _cut_long(tokens, s)]
    return sentences


def _cut_long(tokens: list[Token], sentence: Sentence) -> list[Sentence]:
    """``sentence`` in pieces of at most ``_MAX_SENTENCE_TOKENS`` tokens."""
    pieces = []
    begin, last = sentence.first, sentence.last
    while last - begin > _MAX_SENTENCE_TOKENS:
        cut = begin + _MAX_SENTENCE_TOKENS
        for k in range(cut - 1, begin + _MAX_SENTENCE_TOKENS // 2, -1):
            if tokens[k].text in _BREAKS:
                cut = k + 1
                break
        pieces.append(
            Sentence(tokens[begin].start, tokens[cut - 1].end, begin, cut, sentence.paragraph)
        )
        begin = cut
    pieces.append(
        Sentence(tokens[begin].start, tokens[last - 1].end, begin, last, sentence.paragraph)
    )
    return pieces


def lay_out(text: str) -> Layout:
    """Segment ``text``; offsets everywhere are code points into it."""
    tokens: list[Token] = []
    quotes: list[Quote] = []
    sentences: list[Sentence] = []
    quote_of: list[int] = []
    for paragraph, line in enumerate(_LINE.finditer(text)):
        para_tokens = tokenize(text, line.start(), line.end())
        if not para_tokens:
            continue
        para_quotes = find_quotes(text, line.start(), line.end())
        first = len(tokens)
        tokens.extend(para_tokens)
        q = 0
        for token in para_tokens:
            while q < len(para_quotes) and para_quotes[q].end <= token.start:
                q += 1
            inside = q < len(para_quotes) and para_quotes[q].start <= token.start
            quote_of.append(len(quotes) + q if inside else -1)
        quotes.extend(para_quotes)
        sentences.extend(_split_paragraph(tokens, first, len(tokens), para_quotes, paragraph))
    return Layout(text, tokens, quotes, sentences, quote_of)
