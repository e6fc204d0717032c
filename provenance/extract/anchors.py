"""Find the cues of a sentence: each cue word used as a verb, with its verb group.

A cue word counts only where it works as a verb of attribution, which the words around
it decide: not inside a quotation (no nested attributions), not a noun ("the call",
"Trump’s claim"), not an infinitive ("to say"), not a passive ("was told"), and a
gerund only where it opens a participial clause ("…, saying that"). The verb group
keeps auxiliaries, negation and adverbs with the verb ("has also said", "did not
deny"), and the particle of a phrasal cue ("pointed out", "called for").
"""

from __future__ import annotations

from dataclasses import dataclass

from provenance.extract.cues import ADJECTIVE_CUES, CUE_FORMS, CueVerb, FormKind
from provenance.extract.sentences import Layout, Sentence
from provenance.extract.tokens import Token
from provenance.extract.words import (
    ADVERBS_IN_CUE,
    AUXILIARIES,
    CLAUSE_LINKS,
    NOUN_MARKERS,
    PRONOMINAL_QUANTIFIERS,
)
from provenance.language import lexicon

__all__ = ["ACCORDING_TO", "COLON", "IN_DOCUMENT", "Anchor", "find_anchors"]

ACCORDING_TO = CueVerb("according to", "speech", frozenset({"according"}), 0.9)
COLON = CueVerb(":", "speech", frozenset({"colon"}), 0.75)
IN_DOCUMENT = CueVerb("in", "evidence", frozenset({"in"}), 0.7)
_DOCUMENT_ANCHOR_NOUNS = lexicon.words("document-anchor-nouns")

_BE = lexicon.words("be-forms")
_COPULAS = _BE | lexicon.words("copula-verbs")
_GERUND_OPENERS = frozenset({",", "and", "while", "by", "after", "before", "when", "—", "–"})
_NOT_BEFORE_VERB = lexicon.words("not-before-verb")
_LY_NOT_ADVERBS = lexicon.words("ly-not-adverbs")


@dataclass(frozen=True, slots=True)
class Anchor:
    """A cue in a sentence: tokens ``[first, last)`` form the cue span, ``head`` is
    the cue word itself."""

    verb: CueVerb
    form: str
    first: int
    head: int
    last: int
    passive: bool = False

    @property
    def is_according(self) -> bool:
        return self.verb is ACCORDING_TO

    @property
    def is_colon(self) -> bool:
        return self.verb is COLON

    @property
    def is_in_document(self) -> bool:
        return self.verb is IN_DOCUMENT


_MODALS = lexicon.words("modals")
_SURNAME_HONORIFICS = lexicon.words("surname-honorifics")


def _is_surname(tokens: list[Token], k: int, lo: int) -> bool:
    """Whether a capitalised auxiliary or adverb is a name ("Theresa May said", "Mrs.
    May said", "Justin Will said"): it follows a capitalised word or an honorific. A
    sentence-initial "Still," or "Now," is followed by a comma, never by the cue."""
    if k <= lo:
        return False
    before = tokens[k - 1]
    if before.text == "." and k - 1 > lo and tokens[k - 2].end == before.start:
        return tokens[k - 2].lower in _SURNAME_HONORIFICS or len(tokens[k - 2].text) == 1
    return before.is_word and before.capitalized


def _in_group(tokens: list[Token], k: int, lo: int) -> bool:
    token = tokens[k]
    lower = token.lower
    if lower in AUXILIARIES or lower in ADVERBS_IN_CUE:
        return not (token.capitalized and _is_surname(tokens, k, lo))
    return (
        lower.endswith("ly")
        and len(lower) > 4
        and not token.capitalized
        and lower not in _LY_NOT_ADVERBS
    )


def _group_start(tokens: list[Token], lo: int, head: int, form: str = "") -> int:
    first = head
    while first - 1 >= lo and _in_group(tokens, first - 1, lo):
        first -= 1
    if (
        first == lo
        and first + 1 == head
        and tokens[first].capitalized
        and tokens[first].lower in _MODALS
        and form not in ("", FormKind.BASE)
    ):
        return head  # "May said", "Will urged": a modal takes a bare verb, so a name
    return first


def _is_passive(tokens: list[Token], first: int, head: int) -> bool:
    return any(tokens[k].lower in _BE for k in range(first, head))


_PASSIVE_CUES = frozenset({"ask"})
_PASSIVE_OPENERS = frozenset({"when", "after", "once", "if", "as", ","})
_AFTER_DOCUMENT = frozenset({"of", "by", "from", "released"})
_PLURAL_SUBJECT_WORDS = lexicon.words("plural-subject-words")


def _plural_subject(token: Token) -> bool:
    lower = token.lower
    return (
        lower in _PLURAL_SUBJECT_WORDS
        or token.capitalized
        or lower in ("and", ",", "—")
        or lower.endswith(("s", "%"))
        or token.text[0].isdigit()
    )


def _quantifier_subject(tokens: list[Token], lo: int, first: int, form: str) -> bool:
    """Whether the determiner before a cue is its subject ("…, while another said")."""
    before = tokens[first - 1].lower
    if before not in PRONOMINAL_QUANTIFIERS:
        return False
    singular = before == "another"  # "another said", "others say"
    if form not in (
        (FormKind.PAST, FormKind.THIRD) if singular else (FormKind.PAST, FormKind.BASE)
    ):
        return False
    return first - 1 == lo or tokens[first - 2].lower in CLAUSE_LINKS


def _verb_anchor(layout: Layout, sentence: Sentence, i: int) -> Anchor | None:
    tokens = layout.tokens
    lo, hi = sentence.first, sentence.last
    token = tokens[i]
    verb, form = CUE_FORMS[token.lower]
    if token.capitalized and i != lo:
        return None  # part of a name: "United States", "Fox News Reports"
    last = i + 1
    if last < hi and tokens[last].lower in verb.particles:
        last += 1
    elif verb.particle_required:
        return None
    first = _group_start(tokens, lo, i, form)
    before = tokens[first - 1] if first > lo else None
    if before is not None:
        if before.lower in _NOT_BEFORE_VERB and first == i:
            return None  # "to say", "the call", "of support"
        if (
            first == i
            and before.lower in NOUN_MARKERS
            and before.lower != "that"
            and not _quantifier_subject(tokens, lo, first, form)
        ):
            return None
        if (
            first == i
            and before.lower.endswith(("’s", "'s"))
            and before.lower not in _BE
            and not (form == FormKind.PAST and before.capitalized)
        ):
            return None  # "Trump’s claim"; but "Moody’s said" is a verb after a name
    if form == FormKind.PAST and verb.lemma in _PASSIVE_CUES:
        # "was asked by a reporter whether …", "Asked about …, she said"
        opener = before.lower if before is not None else ""
        if _is_passive(tokens, first, i) or first == lo or opener in _PASSIVE_OPENERS:
            return Anchor(verb, form, first, i, last, passive=True)
    if form == FormKind.PAST and _is_passive(tokens, first, i):
        return None
    if form == FormKind.BASE and first == i and before is not None and not _plural_subject(before):
        return None  # "TV show", "a plan": a noun, not a verb with a plural subject
    if form == FormKind.GERUND:
        progressive = _is_passive(tokens, first, i)
        if not progressive and (before is None or before.lower not in _GERUND_OPENERS):
            return None
    return Anchor(verb, form, first, i, last)


def _adjective_anchor(layout: Layout, sentence: Sentence, i: int) -> Anchor | None:
    tokens = layout.tokens
    lo, hi = sentence.first, sentence.last
    verb = ADJECTIVE_CUES[tokens[i].lower]
    first = i
    while (
        first - 1 >= lo
        and _in_group(tokens, first - 1, lo)
        and tokens[first - 1].lower not in _COPULAS
    ):
        first -= 1
    if first - 1 < lo or tokens[first - 1].lower not in _COPULAS:
        return None
    first = _group_start(tokens, lo, first - 1)
    last = i + 1
    if last >= hi or tokens[last].lower not in verb.particles:
        return None
    if tokens[last].lower != "that":
        last += 1  # "concerned about": the preposition belongs to the cue
    return Anchor(verb, FormKind.PAST, first, i, last)


def _document_anchor(layout: Layout, sentence: Sentence, i: int) -> Anchor | None:
    """ "In the latest Post-ABC poll, …": a document named at the head of a clause."""
    tokens = layout.tokens
    for k in range(i + 1, min(sentence.last, i + 12)):
        if tokens[k].text == "," or layout.in_quote(k):
            return None
        if (
            tokens[k].lower in _DOCUMENT_ANCHOR_NOUNS
            and k + 1 < sentence.last
            and (tokens[k + 1].text == "," or tokens[k + 1].lower in _AFTER_DOCUMENT)
        ):
            return Anchor(IN_DOCUMENT, FormKind.BASE, i, i, i + 1)
    return None


def find_anchors(layout: Layout, sentence: Sentence) -> list[Anchor]:
    """The cues of ``sentence``, left to right, outside quotations."""
    tokens = layout.tokens
    anchors = []
    lo, hi = sentence.first, sentence.last
    for i in range(lo, hi):
        if layout.in_quote(i):
            continue
        lower = tokens[i].lower
        anchor = None
        if lower == "according" and i + 1 < hi and tokens[i + 1].lower == "to":
            anchor = Anchor(ACCORDING_TO, FormKind.BASE, i, i, i + 2)
        elif lower in CUE_FORMS:
            anchor = _verb_anchor(layout, sentence, i)
        elif lower in ADJECTIVE_CUES:
            anchor = _adjective_anchor(layout, sentence, i)
        elif lower == "in" and (i == lo or tokens[i - 1].text == ","):
            anchor = _document_anchor(layout, sentence, i)
        elif lower == ":" and i > lo:
            anchor = Anchor(COLON, FormKind.BASE, i, i, i + 1)
        if anchor is not None:
            anchors.append(anchor)
    return anchors
