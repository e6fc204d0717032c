"""Closed-class English words the attribution patterns lean on.

Without a parser, the patterns tell a noun phrase from a clause by a few word lists:
auxiliaries and common irregular verb forms (a clause has a verb), words that open a
clause (a source noun phrase never runs across them), and the small words that may sit
inside a source noun phrase ("a person familiar *with* the matter"). The lists are data
in :mod:`provenance.language.lexicon`, each file saying what it is for; all entries are
lower case, and callers compare ``Token.lower``.
"""

from __future__ import annotations

from provenance.language import lexicon

__all__ = [
    "ADVERBS_IN_CUE",
    "AUXILIARIES",
    "CLAUSE_LINKS",
    "CLAUSE_OPENERS",
    "IRREGULAR_VERB_FORMS",
    "NOUN_MARKERS",
    "NP_PARTICIPLES",
    "NP_PREPOSITIONS",
    "OBJECT_PRONOUNS",
    "PERIOD_ABBREVIATIONS",
    "PREPOSITIONS",
    "PRONOMINAL_QUANTIFIERS",
    "RECIPIENT_NOUNS",
    "SUBJECT_PRONOUNS",
    "TIME_WORDS",
    "is_verb_like",
    "with_straight_apostrophes",
]


def with_straight_apostrophes(words: frozenset[str]) -> frozenset[str]:
    """``words`` and each of them written with a straight apostrophe for a curly one."""
    return words | frozenset(word.replace("’", "'") for word in words)


AUXILIARIES = with_straight_apostrophes(lexicon.words("auxiliaries"))
ADVERBS_IN_CUE = lexicon.words("adverbs-in-cue")
NOUN_MARKERS = lexicon.words("noun-markers")
SUBJECT_PRONOUNS = with_straight_apostrophes(lexicon.words("subject-pronouns"))
OBJECT_PRONOUNS = lexicon.words("object-pronouns")
PREPOSITIONS = lexicon.words("prepositions")
NP_PREPOSITIONS = lexicon.words("np-prepositions")
# Punctuation opens a clause too (syntax, so it stays here): a source noun phrase is
# never read across a bracket, a quotation mark, a colon or a dash.
CLAUSE_OPENERS = lexicon.words("clause-openers") | frozenset(
    {";", ":", "—", "–", "--", "(", ")", "[", "]", "“", "”", '"', "‘", "’", "''", "``", "«", "»"}
)
# Conjunctions and punctuation that link a new clause ("..., while another said").
CLAUSE_LINKS = lexicon.words("clause-links") | frozenset({",", ";", "—", "–"})
PRONOMINAL_QUANTIFIERS = lexicon.words("pronominal-quantifiers")
IRREGULAR_VERB_FORMS = lexicon.words("irregular-verb-forms")
NP_PARTICIPLES = lexicon.words("np-participles")
RECIPIENT_NOUNS = lexicon.words("recipient-nouns")
TIME_WORDS = lexicon.words("time-words")
PERIOD_ABBREVIATIONS = lexicon.words("period-abbreviations")


def is_verb_like(lower: str) -> bool:
    """Whether a lower-case word is probably a finite or participial verb form."""
    if lower in AUXILIARIES or lower in IRREGULAR_VERB_FORMS:
        return True
    return len(lower) > 4 and lower.endswith("ed") and lower not in NP_PARTICIPLES
