"""Closed-class English words the attribution patterns lean on.

Without a parser, the patterns tell a noun phrase from a clause by a few word lists:
auxiliaries and common irregular verb forms (a clause has a verb), words that open a
clause (a source noun phrase never runs across them), and the small words that may sit
inside a source noun phrase ("a person familiar *with* the matter"). All entries are
lower case; callers compare ``Token.lower``.
"""

from __future__ import annotations

__all__ = [
    "ABBREVIATIONS",
    "ADVERBS_IN_CUE",
    "AUXILIARIES",
    "CLAUSE_OPENERS",
    "DETERMINERS",
    "IRREGULAR_VERB_FORMS",
    "NP_PARTICIPLES",
    "NP_PREPOSITIONS",
    "OBJECT_PRONOUNS",
    "PREPOSITIONS",
    "RECIPIENT_NOUNS",
    "SUBJECT_PRONOUNS",
    "TIME_WORDS",
    "is_verb_like",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _with_straight_apostrophes(words: frozenset[str]) -> frozenset[str]:
    return words | frozenset(word.replace("’", "'") for word in words)


AUXILIARIES = _with_straight_apostrophes(
    _words(
        """
        is are was were be been being am has have had having do does did
        will would can could may might must shall should
        isn’t aren’t wasn’t weren’t hasn’t haven’t hadn’t don’t doesn’t didn’t
        won’t wouldn’t can’t cannot couldn’t mustn’t shouldn’t
        """
    )
)

ADVERBS_IN_CUE = _words(
    """
    not never also again repeatedly previously recently later once often already
    still just even ever further then since first long later reportedly allegedly now
    publicly privately openly flatly strongly explicitly loudly quickly
    """
)
"""Adverbs that sit inside a verb group ("has also said", "did not say"); words
ending in -ly are accepted as well by the cue module."""

DETERMINERS = _words(
    """
    a an the this that these those some many most several few all both each every
    other another any no his her their its our my your one two three four five six
    seven eight nine ten dozens hundreds thousands
    """
)

SUBJECT_PRONOUNS = _with_straight_apostrophes(_words("he she they we i it you"))
OBJECT_PRONOUNS = _words("me us him her them you it")

PREPOSITIONS = _words(
    """
    on in at by for with from to of about over under into onto during after before
    since until via through across against among between within without toward
    towards around near inside outside despite amid amidst upon per like
    """
)

NP_PREPOSITIONS = _words("of for with at in on from to close familiar briefed")
"""Prepositions (and the adjectives that take them) that stay inside a source noun
phrase: "a spokesman for the campaign", "people close to the president"."""

CLAUSE_OPENERS = _words(
    """
    that which who whom whose because since although though while whereas when
    whenever where after before until unless if as but or so nor yet and
    ; : — – -- ( ) [ ] “ ” " ‘ ’ '' `` « »
    """
)
"""Tokens a source noun phrase never runs across when read backwards from its verb.
"and" is decided separately (a compound source keeps it)."""

IRREGULAR_VERB_FORMS = _words(
    """
    came comes went goes gone met meets made makes took takes taken gave gives given got
    gets saw seen left leaves began begins begun became becomes held holds won wins
    lost loses ran runs sent sends struck strikes brought brings built builds bought
    caught chose cut drew drove fell falls fought found finds forgot grew grows hit
    kept keeps knew known laid led leads let lets meant means paid pays put puts
    rose sat sets shot shut sold spent stood stole swore taught thought threw
    understood woke wore wrote written spoke spoken told tells said says
    seems seemed appears appeared remains remained
    """
)

NP_PARTICIPLES = _words(
    """
    unnamed unidentified elected retired concerned informed briefed qualified
    registered married armed united based appointed selected designated
    disaffected embattled beleaguered celebrated noted renowned respected
    so-called self-described self-proclaimed longtime
    """
)
"""Words in -ed that are adjectives inside a source noun phrase, not verbs."""

RECIPIENT_NOUNS = _words(
    """
    reporters journalists supporters voters lawmakers colleagues students donors members
    guests listeners viewers readers audiences crowds delegates attendees congress
    parliament investigators officials senators legislators an a the
    """
)
"""Words that can open the recipient of "told" when it is not a name or pronoun."""

TIME_WORDS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday today yesterday tonight
    earlier later recently previously again also repeatedly separately publicly
    privately once last this next week month year weekend morning afternoon evening
    night late early
    """
)

ABBREVIATIONS = _words(
    """
    mr mrs ms dr sen sens rep reps gov govs gen lt col capt sgt adm cmdr maj st jr sr
    rev prof pres inc co corp ltd vs jan feb mar apr aug sep sept oct nov dec
    ft mt u.s u.n u.k d.c e.g i.e a.m p.m calif fla ill mass pa va wash ariz ark colo
    conn del ga ind kan ky la md mich minn miss mo mont neb nev okla ore tenn tex vt
    wis wyo
    """
)


def is_verb_like(lower: str) -> bool:
    """Whether a lower-case word is probably a finite or participial verb form."""
    if lower in AUXILIARIES or lower in IRREGULAR_VERB_FORMS:
        return True
    return len(lower) > 4 and lower.endswith("ed") and lower not in NP_PARTICIPLES
