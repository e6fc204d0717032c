"""Find the source mention next to a cue: the noun phrase that names who is cited.

There is no parser here, so a source noun phrase is read off the tokens around the cue
with a few rules that hold in news English:

* before a cue (``SOURCE said``), read backwards over words that can sit in a noun
  phrase (names, determiners, adjectives, nouns and the prepositions that attach
  modifiers: "a person familiar *with* the matter") and stop at anything that opens a
  clause or is a verb; an appositive set off by commas just before the cue ("Hakan
  Fidan, Turkey’s foreign minister, told") is skipped and the name before it kept;
* after a cue (``said SOURCE``, ``according to SOURCE``), read forwards and stop at a
  comma (an appositive follows), the end of the sentence, a verb, or a preposition
  that starts an adverbial ("said Trump *in* a statement").

A mention is returned as token indices ``[first, last)``.
"""

from __future__ import annotations

from provenance.extract.cues import CUE_FORMS
from provenance.extract.sentences import Layout
from provenance.extract.tokens import Token
from provenance.extract.words import (
    CLAUSE_LINKS,
    CLAUSE_OPENERS,
    NOUN_MARKERS,
    NP_PARTICIPLES,
    NP_PREPOSITIONS,
    OBJECT_PRONOUNS,
    PREPOSITIONS,
    PRONOMINAL_QUANTIFIERS,
    SUBJECT_PRONOUNS,
    TIME_WORDS,
    is_verb_like,
)
from provenance.language import lexicon
from provenance.language.names import MONTHS, WEEKDAYS, is_name_part, looks_like_role_noun

__all__ = ["mention_after", "mention_before", "subject_before"]

_MAX_MENTION = 14
_MAX_APPOSITIVE = 25
_APPOSITIVE_MARKS = frozenset({",", "—", "–", "--"})
_NOT_APPOSITIVE = lexicon.words("not-appositive")
_LEADING_NOISE = lexicon.words("leading-noise")
_ARTICLES = lexicon.words("articles-and-possessives")
_WEEKDAYS = WEEKDAYS | lexicon.words("relative-days")
_TIME_NOUNS = lexicon.words("time-nouns")
_TIME_MODIFIERS = lexicon.words("time-modifiers")
_TIME_RUN = _WEEKDAYS | _TIME_NOUNS | _TIME_MODIFIERS
_REFLEXIVES = frozenset({"himself", "herself", "themselves", "itself", "myself", "ourselves"})
_NAME_TAILS = lexicon.words("name-tails")
_TIME_PREPOSITIONS = frozenset({"on", "in", "at", "during", "since", "by"})
_BEFORE_MONTH = _TIME_MODIFIERS | _TIME_PREPOSITIONS
_LONE_TIME_ADVERBS = lexicon.words("lone-time-adverbs")
_IRREGULAR_PARTICIPLES = lexicon.words("irregular-participles")
_WALK_STOPS = frozenset({"what", "how", "why", "there", "here", "whatever"})
_NOT_SOURCES = lexicon.words("not-sources")
_S_WORDS_NOT_PLURAL = lexicon.words("s-words-not-plural")
_OPENING_MARKERS = NOUN_MARKERS | _ARTICLES
_WEEKDAYS_AND_MONTHS = _WEEKDAYS | MONTHS
_WEEKDAY_OR_MODIFIER = _WEEKDAYS | _TIME_MODIFIERS


def _possessive(token: Token) -> bool:
    return token.lower.endswith(("’s", "'s")) or token.text in ("’", "'")


def _is_name_part(token: Token) -> bool:
    return token.capitalized or token.text[0].isdigit()


def _valid(tokens: list[Token], first: int, last: int, end: int = -1) -> bool:
    """Whether ``tokens[first:last]`` can be a source noun phrase (``end``: the cue it
    stands right before, if any)."""
    if last <= first:
        return False
    head, opening = tokens[last - 1], tokens[first]
    if head.text in ("%", ".") and last - first > 1:
        if head.text == "." and tokens[last - 2].end != head.start:
            return False
        head = tokens[last - 2]  # "Donald Trump Jr.", "The U.N.", "Procter & Gamble Co."
    if not head.is_word or (_possessive(head) and not (head.capitalized and last == end)):
        return False  # "Trump’s": not a source; "Moody’s said" is one
    if head.lower in _ARTICLES or head.lower in PREPOSITIONS or head.lower in _NOT_SOURCES:
        return False
    if last - first == 1:
        if head.lower in SUBJECT_PRONOUNS:
            return True
        if head.lower in OBJECT_PRONOUNS:
            return False
    if opening.lower in PREPOSITIONS and not opening.capitalized:
        return False
    return not (is_verb_like(head.lower) and not head.capitalized)


def _trim_leading(tokens: list[Token], first: int, last: int) -> int:
    while first < last - 1 and (
        tokens[first].lower in _LEADING_NOISE or tokens[first].text in (",", "—", "–")
    ):
        first += 1
    return first


def _verbal(tokens: list[Token], index: int) -> bool:
    """Whether the word at ``index`` (not the first of the sentence) is a verb, which
    ends a noun phrase; "the plans", "his remarks" are nouns."""
    token = tokens[index]
    if token.capitalized or not (is_verb_like(token.lower) or token.lower in CUE_FORMS):
        return False
    before = tokens[index - 1]
    return not (before.lower in NOUN_MARKERS or _possessive(before))


def _joins(tokens: list[Token], conjunction: int, right: int) -> bool:
    """Whether "and" at ``conjunction`` joins two sources ("Israel and Turkey",
    "teachers and union officials") rather than two clauses."""
    before = tokens[conjunction - 1]
    if tokens[right].capitalized and before.capitalized:
        return True
    return (
        before.is_word
        and not before.capitalized
        and before.lower.endswith("s")
        and not is_verb_like(before.lower)
        and before.lower not in CUE_FORMS
        and before.lower not in _S_WORDS_NOT_PLURAL
    )


def _read_backwards(layout: Layout, lo: int, end: int) -> int:
    """The first token of the noun phrase that ends just before ``end``."""
    tokens = layout.tokens
    first = end
    i = end - 1
    while i >= lo and end - i <= _MAX_MENTION:
        token = tokens[i]
        lower = token.lower
        if layout.in_quote(i):
            break
        if token.text == ")":
            opening = next(
                (k for k in range(i - 1, max(lo, i - 8) - 1, -1) if tokens[k].text == "("), -1
            )
            if opening < 0 or (
                first == end and not (opening > lo and tokens[opening - 1].capitalized)
            ):
                break
            i = opening - 1
            first = opening
            continue
        if token.text == "." and i > lo and tokens[i - 1].end == token.start:
            i -= 1  # the period of "Sen." or "U.S."
            continue
        if not token.is_word:
            if (
                token.text in ("’", "'", "-", "&", "%", "/")
                and i > lo
                and tokens[i - 1].end == token.start
            ):
                i -= 1
                continue
            if (
                token.text == "&"
                and first < end
                and tokens[first].capitalized
                and i > lo
                and tokens[i - 1].capitalized
            ):
                first = i  # "Procter & Gamble Co.", "Standard & Poor’s"
                i -= 1
                continue
            break
        if lower == "and":
            if first < end and i > lo and not layout.in_quote(i - 1) and _joins(tokens, i, first):
                first = i
                i -= 1
                continue
            break
        if lower in CLAUSE_OPENERS or lower in _WALK_STOPS:
            break
        if i > lo and _verbal(tokens, i):
            break
        first = i
        i -= 1
    return first


def _time_start(layout: Layout, lo: int, end: int) -> int:
    """Where a time adverbial that ends just before ``end`` starts ("on Monday", "this
    week", "earlier this month", "Friday", "now", "also"), or ``end`` if none does.
    Such words sit between a subject and its verb ("Clinton on Monday said"); they are
    never part of the source."""
    tokens = layout.tokens
    k = end
    while k > lo and not layout.in_quote(k - 1):
        lower = tokens[k - 1].lower
        if lower in _LONE_TIME_ADVERBS and not tokens[k - 1].capitalized:
            k -= 1
            continue
        if (
            lower in MONTHS
            and k - 2 > lo
            and tokens[k - 2].lower in _BEFORE_MONTH
            and not tokens[k - 2].capitalized
        ):
            k -= 2  # "Clinton last April said", "Clinton in April said"
            continue
        if lower not in _WEEKDAYS and lower not in _TIME_NOUNS:
            break
        j = k - 1
        while j > lo and tokens[j - 1].lower in _TIME_RUN:
            j -= 1
        if lower in _TIME_NOUNS and not (j < k - 1 and tokens[k - 2].lower in _WEEKDAY_OR_MODIFIER):
            break  # "the year", "Morning": not a time adverbial on its own
        if j > lo and tokens[j - 1].lower in _TIME_PREPOSITIONS:
            j -= 1
        k = j
    return k if k > lo else end


def _participle(token: Token) -> bool:
    """A past participle that opens a modifier ("a poll *conducted* last week")."""
    lower = token.lower
    if token.capitalized or lower in NP_PARTICIPLES:
        return False
    return (len(lower) > 4 and lower.endswith("ed")) or lower in _IRREGULAR_PARTICIPLES


def _before_modifier(layout: Layout, lo: int, first: int, last: int) -> tuple[int, int] | None:
    """The noun phrase before a participle modifier that ends at ``last`` ("A report
    released last year", "a survey commissioned by the party"), if ``first`` stopped
    at one."""
    tokens = layout.tokens
    p = first - 1
    if p > lo and tokens[p].lower in PREPOSITIONS and first < last:
        p -= 1  # "a review commissioned by the board": the preposition was dropped
    elif (
        first < last
        and tokens[first].lower not in PREPOSITIONS
        and tokens[first].lower not in _WEEKDAYS
    ):
        return None  # but "a survey released Monday by Gallup" goes on
    if p <= lo or not _participle(tokens[p]) or layout.in_quote(p):
        return None
    head = tokens[p - 1]
    if not head.is_word or head.lower in SUBJECT_PRONOUNS or _verbal(tokens, p - 1):
        return None
    start = _trim_leading(tokens, _read_backwards(layout, lo, p), p)
    if not _valid(tokens, start, p) or tokens[start].lower in SUBJECT_PRONOUNS:
        return None
    return start, p


def _appositive_name(layout: Layout, lo: int, opening: int, last: int) -> int | None:
    """The start of "DESCRIPTION, NAME" when the commas set off a name after a role
    ("Turkey’s foreign minister, Hakan Fidan, said"): the name is the speaker."""
    tokens = layout.tokens
    name = range(opening + 1, last - 1)
    if not 1 <= len(name) <= 4 or not all(
        tokens[k].is_word and tokens[k].capitalized and not layout.in_quote(k) for k in name
    ):
        return None
    role = tokens[opening - 1] if opening > lo else None
    if role is None or not role.is_word or role.lower in _ARTICLES:
        return None
    lead = _trim_leading(tokens, _read_backwards(layout, lo, opening), opening)
    if (
        lead - 1 > lo
        and tokens[lead - 1].lower == "and"
        and tokens[lead].is_word
        and not tokens[lead].capitalized
    ):
        # "The company’s founder and chief executive, Mark Zuckerberg, wrote"
        before = _trim_leading(tokens, _read_backwards(layout, lo, lead - 1), lead - 1)
        if before < lead - 1 and tokens[before].lower in _OPENING_MARKERS:
            lead = before
    if role.capitalized and not _has_role_noun(tokens, lead, opening):
        return None  # "Israel, Turkey, said": a list of names, not a role and a name
    if lead >= opening - 1 and not tokens[lead].capitalized:
        return None
    opener = tokens[lead]
    if not (opener.capitalized or opener.lower in NOUN_MARKERS):
        return None
    return lead


def _has_role_noun(tokens: list[Token], first: int, last: int) -> bool:
    """Whether a description ending in a name still has a common noun of its own, after
    a determiner ("The chairman of the Federal Reserve", "A spokesman for Sen. Chuck
    Schumer"): then it is a role, and a name set off after it is the speaker."""
    if tokens[first].lower not in _OPENING_MARKERS:
        return False
    return any(
        t.is_word
        and not t.capitalized
        and t.lower not in PREPOSITIONS
        and t.lower not in _ARTICLES
        and t.lower != "and"
        for t in tokens[first + 1 : last]
    )


def _before_gloss(layout: Layout, lo: int, end: int) -> int:
    """Where a name ends when a gloss or intensifier follows it before ``end``: "Sen.
    Ted Cruz (R-Texas) said", "Mr. Rubio himself said"."""
    tokens = layout.tokens
    if end - 1 > lo and tokens[end - 1].text == ")" and not layout.in_quote(end - 1):
        for k in range(end - 2, max(lo, end - 10), -1):
            if tokens[k].text == "(":
                if k > lo and tokens[k - 1].is_word and tokens[k - 1].capitalized:
                    return k
                break
    if end - 1 > lo and tokens[end - 1].lower in _REFLEXIVES:
        before = tokens[end - 2]
        if before.is_word and (before.capitalized or before.lower not in SUBJECT_PRONOUNS):
            return end - 1
    return end


def _name_tail_start(tokens: list[Token], first: int, last: int) -> int:
    """The end of a name followed by an adverbial that the backward read took in ("Trump
    on Twitter", "Warren in a statement", "Jeb Bush in a Medium post"): the adverbial
    is not part of the source. A group named by a common noun keeps its prepositional
    phrase ("Democrats in Congress", "economists at Goldman Sachs")."""
    for k in range(first + 1, last - 1):
        token = tokens[k]
        if token.lower not in _NAME_TAILS or token.capitalized:
            continue
        before = tokens[k - 1]
        if not (before.is_word and is_name_part(before.text)):
            return last
        if k - first == 1 and looks_like_role_noun(before.lower):
            return last  # "Pastors in Iowa"
        if all(t.capitalized or t.text == "." for t in tokens[first:k]):
            return k
        return last
    return last


def mention_before(layout: Layout, lo: int, end: int) -> tuple[int, int] | None:
    """The source noun phrase ending just before token ``end`` (sentence from ``lo``)."""
    tokens = layout.tokens
    end = _time_start(layout, lo, end)
    end = _before_gloss(layout, lo, end)
    last = end
    if (
        last - 1 >= lo
        and tokens[last - 1].lower in PRONOMINAL_QUANTIFIERS
        and (last - 1 == lo or tokens[last - 2].lower in CLAUSE_LINKS)
        and not layout.in_quote(last - 1)
    ):
        return last - 1, last  # "…, while another said …", "but others say"
    if last - 1 >= lo and tokens[last - 1].text in _APPOSITIVE_MARKS:
        # An appositive: "NAME, DESCRIPTION, said". Keep the name before it.
        mark = tokens[last - 1].text
        opening = -1
        for k in range(last - 2, max(lo, last - 2 - _MAX_APPOSITIVE) - 1, -1):
            if layout.in_quote(k):
                break
            if tokens[k].text == mark:
                opening = k
                break
        if opening < 0 or tokens[opening + 1].lower in _NOT_APPOSITIVE:
            return None
        named = _appositive_name(layout, lo, opening, last)
        if named is not None:
            return named, last - 1
        last = opening
        lead = _trim_leading(tokens, _read_backwards(layout, lo, last), last)
        if not (
            tokens[lead].capitalized
            or tokens[lead].lower in NOUN_MARKERS
            or tokens[lead].text[0].isdigit()
        ):
            return None  # "…, while others …, said": not a name and its description
    first = _read_backwards(layout, lo, last)
    first = _trim_leading(tokens, first, last)
    if tokens[last - 1].lower in SUBJECT_PRONOUNS:
        first = last - 1  # "in September she said": the pronoun alone
    # A mention that starts after a preposition may have swallowed it ("Monday Trump").
    opened = first
    while first < last - 1 and tokens[first].lower in PREPOSITIONS:
        first += 1
    if (
        first < last - 1
        and tokens[first].lower in _WEEKDAYS_AND_MONTHS
        and (first > opened or tokens[first + 1].lower in _ARTICLES)
    ):
        first += 1  # "On Tuesday the White House said", "Tuesday the campaign said"
    last = _name_tail_start(tokens, first, last)
    modified = _before_modifier(layout, lo, first, last)
    if modified is not None:
        return modified
    if not _valid(tokens, first, last, end):
        return None
    return first, last


def mention_after(layout: Layout, start: int, hi: int) -> tuple[int, int] | None:
    """The source noun phrase starting at token ``start`` (sentence up to ``hi``)."""
    tokens = layout.tokens
    i = start
    last = start
    while i < hi and i - start < _MAX_MENTION:
        token = tokens[i]
        lower = token.lower
        if layout.in_quote(i):
            break
        if not token.is_word:
            if token.text == "." and i > start and tokens[i - 1].end == token.start:
                if i + 1 < hi and tokens[i + 1].capitalized and tokens[i - 1].text[0].isupper():
                    i += 1
                    continue
                break
            if token.text in ("’", "'", "-", "&", "%", "/") and tokens[i - 1].end == token.start:
                i += 1
                continue
            if token.text == "(":
                closing = next(
                    (k for k in range(i + 1, min(hi, i + 8)) if tokens[k].text == ")"), -1
                )
                if closing > 0:
                    i = last = closing + 1
                    continue
            break
        if i > start:
            previous = tokens[i - 1]
            if lower in PREPOSITIONS and not token.capitalized:
                if previous.capitalized and lower != "of":
                    break
                if lower not in NP_PREPOSITIONS:
                    break
            if lower in TIME_WORDS and not token.capitalized:
                break
            if token.capitalized and lower in TIME_WORDS:
                break
            if lower == "and" and not (i + 1 < hi and tokens[i + 1].capitalized):
                break
        if lower in CLAUSE_OPENERS and lower != "and":
            break
        if i > start and _verbal(tokens, i):
            break
        i += 1
        if token.is_word:
            last = i
    if not _valid(tokens, start, last):
        return None
    return start, last


def subject_before(layout: Layout, lo: int, end: int) -> tuple[int, int] | None:
    """The subject of the nearest clause before ``end``: the last noun phrase in the
    sentence that stands right before a verb ("US President Donald Trump *met* …").

    Used for a cue with no subject of its own ("…, saying he had …").
    """
    tokens = layout.tokens
    for v in range(end - 1, lo, -1):
        token = tokens[v]
        if token.capitalized or layout.in_quote(v) or not is_verb_like(token.lower):
            continue
        group = v
        while group - 1 > lo and (
            tokens[group - 1].lower in ("has", "have", "had", "will", "would")
            or tokens[group - 1].lower.endswith("ly")
        ):
            group -= 1
        mention = mention_before(layout, lo, group)
        if mention is None:
            continue
        opener = tokens[mention[0] - 1].lower if mention[0] > lo else ""
        if opener not in PREPOSITIONS or opener in CLAUSE_OPENERS:
            return mention
    return None
