"""Where clauses and phrases begin and end around a cue, without a parser.

A cue's content is a clause or a phrase; these helpers find its edges from a few signs
news English gives: the sentence end, time and setting phrases to skip ("said *on
Thursday* that"), who was addressed ("told *CNN Turk* that"), whether a stretch has a
verb at all (a clause) or is a bare noun phrase, and the reporter's afterthoughts that
annotators leave out of the content (", which …", " — …").
"""

from __future__ import annotations

from provenance.extract.cues import CUE_FORMS
from provenance.extract.sentences import Layout, Sentence
from provenance.extract.words import (
    AUXILIARIES,
    OBJECT_PRONOUNS,
    PREPOSITIONS,
    RECIPIENT_NOUNS,
    SUBJECT_PRONOUNS,
    TIME_WORDS,
    is_verb_like,
    with_straight_apostrophes,
)
from provenance.language import lexicon

__all__ = [
    "CONNECTIVES",
    "continues_clause",
    "has_verb",
    "sentence_end",
    "skip_adverbials",
    "skip_recipient",
    "starts_predicate",
    "trim_content_end",
]

_TERMINAL = frozenset({".", "!", "?", ";", ":", ",", "…"})

CONNECTIVES = frozenset({",", "and", "but", "while", "whereas", "as", ";", "—", "–", "or", "--"})

_ADVERBIAL_PREPOSITIONS = lexicon.words("adverbial-prepositions")

_CONTRACTED_VERBS = tuple(
    sorted(with_straight_apostrophes(lexicon.words("contracted-verb-endings")))
)

_NOT_CONTINUING = lexicon.words("not-continuing")

_CONTENT_STOPS = frozenset(
    {
        (",", "which"),
        (",", "who"),
        ("—", ""),
        (",", "though"),
        (",", "although"),
        (",", "compared"),
    }
)

_SETTING_MEDIA = lexicon.words("setting-media")

_PHRASE_KINDS = frozenset({"object", "to", "wh"})
_TIME_DETERMINERS = lexicon.words("time-determiners")
_POSSESSIVE_DETERMINERS = lexicon.words("possessive-determiners")
_MAX_SETTING = 9


def sentence_end(layout: Layout, sentence: Sentence) -> int:
    """The sentence's end without its final punctuation (kept when inside a quote)."""
    end = sentence.last
    tokens = layout.tokens
    while (
        end > sentence.first and tokens[end - 1].text in _TERMINAL and not layout.in_quote(end - 1)
    ):
        end -= 1
    return end


def _relative(layout: Layout, index: int, end: int) -> bool:
    """Whether "that" at ``index`` opens a relative clause ("that showed")."""
    following = index + 1
    if following >= end or layout.in_quote(following):
        return False
    token = layout.tokens[following]
    return not token.capitalized and is_verb_like(token.lower) and token.lower not in AUXILIARIES


def _setting_end(layout: Layout, j: int, end: int) -> int | None:
    """The end of a prepositional phrase at ``j`` that sets the scene ("on Thursday",
    "in a statement", "in a documentary that showed …"), or None when the words after
    the preposition look like the content itself."""
    tokens = layout.tokens
    k = j + 1
    if k < end and tokens[k].lower in _TIME_DETERMINERS:
        k += 1
    if k < end and tokens[k].lower in TIME_WORDS:
        return k + 1
    if tokens[j].lower in ("in", "during", "on", "via"):
        # "in a statement", "in an interview", "in a post on Facebook": the medium
        for m in range(j + 1, min(end, j + 5)):
            if layout.in_quote(m) or not tokens[m].is_word:
                break
            if tokens[m].lower in _SETTING_MEDIA:
                return m + 1
    k = j + 1
    while k < end and k - j <= _MAX_SETTING:
        token = tokens[k]
        if token.lower in ("that", "which", "who") and _relative(layout, k, end):
            while k < end and tokens[k].text != "," and not layout.in_quote(k):
                k += 1
            return k
        if token.lower == "that" or token.text in (",", ":") or layout.in_quote(k):
            return k
        if not token.capitalized and is_verb_like(token.lower):
            return None
        k += 1
    return k if k - j <= _MAX_SETTING else None


def skip_adverbials(layout: Layout, j: int, end: int) -> int:
    """Skip time and setting phrases after a cue ("on Thursday", "in a statement",
    "— on Twitter, as it happens —")."""
    tokens = layout.tokens
    while j < end and not layout.in_quote(j):
        lower = tokens[j].lower
        if lower in ("—", "–", "--"):
            closing = next(
                (k for k in range(j + 1, min(end, j + 12)) if tokens[k].lower == lower), -1
            )
            if closing < 0:
                break
            j = closing + 1
        elif lower in TIME_WORDS or (
            lower == "," and j + 1 < end and tokens[j + 1].lower in TIME_WORDS
        ):
            j += 1
        elif lower in _ADVERBIAL_PREPOSITIONS:
            after = _setting_end(layout, j, end)
            if after is None:
                break
            j = after
        else:
            break
    return j


def skip_recipient(layout: Layout, j: int, end: int) -> int:
    """Skip who was addressed ("told *CNN Turk* that", "told *reporters*:")."""
    tokens = layout.tokens
    if j >= end or layout.in_quote(j):
        return j
    token = tokens[j]
    if token.lower in _POSSESSIVE_DETERMINERS:
        k = j + 1
        while k < end and k - j <= 3 and tokens[k].is_word and not tokens[k].capitalized:
            if tokens[k].lower == "that" or is_verb_like(tokens[k].lower):
                break
            k += 1
        return k if k > j + 1 else j + 1
    if token.lower in OBJECT_PRONOUNS:
        return j + 1
    k = j
    if token.lower == "the" and k + 1 < end and tokens[k + 1].capitalized:
        k += 1
    if tokens[k].capitalized:
        while (
            k < end
            and not layout.in_quote(k)
            and (
                tokens[k].capitalized
                or (
                    tokens[k].lower in ("of", "the", "&")
                    and k + 1 < end
                    and tokens[k + 1].capitalized
                )
            )
        ):
            k += 1
        return _skip_quoted_title(layout, k, end)
    if token.lower in RECIPIENT_NOUNS:
        k = j + 1
        while k < end and k - j < 5 and not layout.in_quote(k):
            if tokens[k].lower == "that" or tokens[k].text in (",", ":"):
                return k
            if tokens[k].lower in _ADVERBIAL_PREPOSITIONS or is_verb_like(tokens[k].lower):
                return k if token.lower not in ("a", "an", "the") else j
            k += 1
        return k if k >= end else j
    return j


def _skip_quoted_title(layout: Layout, k: int, end: int) -> int:
    """Skip a show or publication title in quotes after its owner ("told NBC’s “Meet
    the Press” that"): a short capitalised quotation followed by "that"."""
    tokens = layout.tokens
    if k >= end or not layout.opens_quote(k) or not tokens[k - 1].lower.endswith(("’s", "'s")):
        return k
    quote = layout.quotes[layout.quote_of[k]]
    m = k + 1
    while m < end and tokens[m].start < quote.end:
        m += 1
    inside = [t for t in tokens[k + 1 : m - 1] if t.is_word]
    if (
        quote.closed
        and 0 < len(inside) <= 6
        and inside[0].capitalized
        and m < end
        and tokens[m].lower in ("that", ":", ",")
    ):
        return m
    return k


def has_verb(layout: Layout, first: int, last: int) -> bool:
    """Whether tokens ``[first, last)`` hold a verb (or a quotation): a clause, not a
    bare noun phrase. Without a tagger, a verb is an auxiliary, an -ed or irregular
    form, a cue verb, or the word after a subject pronoun ("they *prefer*")."""
    tokens = layout.tokens
    for k in range(first, last):
        token = tokens[k]
        if layout.in_quote(k):
            return True
        if token.capitalized or not token.is_word:
            continue
        lower = token.lower
        if is_verb_like(lower) or lower in CUE_FORMS or lower.endswith(_CONTRACTED_VERBS):
            return True
        if k == first:
            continue
        before = tokens[k - 1]
        if before.lower in SUBJECT_PRONOUNS and lower not in PREPOSITIONS:
            return True
        if (
            before.capitalized
            and before.is_word
            and lower.endswith("s")
            and not lower.endswith("ss")
        ):
            return True  # "Trump deserves …"
    return False


def continues_clause(layout: Layout, start: int, end: int) -> bool:
    """Whether the words after "…, she said," carry on the content."""
    tokens = layout.tokens
    if end - start < 3 or layout.in_quote(start):
        return False
    first = tokens[start]
    if first.lower.endswith("ing") or first.lower in _NOT_CONTINUING:
        return False
    return has_verb(layout, start, end) or first.lower in ("but", "and", "or") or end - start >= 5


def starts_predicate(layout: Layout, index: int) -> bool:
    """Whether the token at ``index`` is a verb continuing a subject cut off by an
    interruption ("Many of the closures, he said, *have* involved …")."""
    token = layout.tokens[index]
    return not token.capitalized and (token.lower in AUXILIARIES or is_verb_like(token.lower))


def _cut_phrase(layout: Layout, start: int, end: int, kind: str) -> int:
    """An object, infinitive or wh-content is a phrase: it ends at the first comma or
    semicolon ("declined to comment, didn't respond to requests …")."""
    if kind not in _PHRASE_KINDS:
        return end
    tokens = layout.tokens
    for k in range(start + 1, end):
        if tokens[k].text in (",", ";") and not layout.in_quote(k):
            return k
    return end


def _object_end(layout: Layout, start: int, end: int) -> int:
    """An object content ends before "and" + a new verb ("endorsed Trump last week
    and has appeared at his side"): that is what the subject did next."""
    tokens = layout.tokens
    for k in range(start + 1, end - 1):
        if tokens[k].lower in ("and", "but") and not layout.in_quote(k):
            following = tokens[k + 1]
            if not following.capitalized and (
                following.lower in AUXILIARIES or is_verb_like(following.lower)
            ):
                return k
    return end


def _cut_afterthought(layout: Layout, start: int, end: int) -> int:
    """Stop indirect content before the reporter's own afterthought: ", which …",
    " — …", ", though …" (annotators keep only what is clearly attributed)."""
    tokens = layout.tokens
    last_comma = next(
        (m for m in range(end - 1, start, -1) if tokens[m].text == "," and not layout.in_quote(m)),
        -1,
    )
    for k in range(start + 1, end):
        if layout.in_quote(k):
            continue
        text = tokens[k].text
        nxt = tokens[k + 1].lower if k + 1 < end and not layout.in_quote(k + 1) else "\0"
        if (text, "") in _CONTENT_STOPS or (text, nxt) in _CONTENT_STOPS:
            if nxt in ("which", "who") and last_comma >= k + 2:
                continue  # ", which …, …": an aside closed by a comma, content goes on
            return k
    return end


def trim_content_end(layout: Layout, start: int, end: int, kind: str) -> int:
    """The end of content ``[start, end)`` once afterthoughts are cut off and no
    connective or comma is left dangling; ``kind`` says what opened the content."""
    tokens = layout.tokens
    end = _cut_afterthought(layout, start, end)
    end = _cut_phrase(layout, start, end, kind)
    if kind == "object":
        end = _object_end(layout, start, end)
    while end > start and tokens[end - 1].lower in CONNECTIVES and not layout.in_quote(end - 1):
        end -= 1
    return end
