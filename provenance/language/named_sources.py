"""A mention that names someone: a person, an organisation, a place or an office.

``read_named`` takes the core of a mention, the name ``parse_mention`` found in it and
its description, and tries ``NAMED_RULES`` in order; the first answer wins. An answer is
a reading, or ``NOT_A_NAME``: the words look like a name but are not one ("Companies",
"Iowans", "the Arizona Republican", capitalised by the sentence or by a title), so the
mention is read as a common noun phrase instead. Decisions worth knowing:

* The places and organisations lists come before the test for a personal name, so
  "Ankara", "Georgia" and "The Hill" are organisations (a bare "Hill" after "Fiona
  Hill" is her: :mod:`provenance.language.backrefs` looks for the earlier person first).
* A proper phrase that is not a personal name is an organisation when it holds an
  organisation word ("State Department"), is all acronyms ("AP", "NBC"), is named after
  its members ("Reporters Without Borders", "Citizens United") or is a publication's
  title ("The Orlando Sentinel"); capitalised common nouns ("Democrats", "the Arizona
  Republican", "Report") are not names.
* "X’s <noun>" is read by :mod:`provenance.language.possessives`: "Netanyahu’s office"
  is an office with holder Netanyahu, "Trump’s claim" Trump himself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from enum import Enum
from functools import cached_property

from provenance.language import lexicon
from provenance.language.names import (
    COURTESY_HONORIFICS,
    DEMONYMS,
    DETERMINERS,
    FEMALE_GIVEN_NAMES,
    FEMININE_ROLE_WORDS,
    GIVEN_NAMES,
    GROUP_NOUNS,
    MALE_GIVEN_NAMES,
    MASCULINE_ROLE_WORDS,
    ORG_KEYWORDS,
    PARTY_AND_DESCRIPTOR_WORDS,
    ROLE_NOUNS,
    TITLE_WORDS,
    VAGUE_HEADS,
    WEEKDAYS_AND_MONTHS,
    is_group_prefix,
    is_name_part,
    is_proper_phrase,
    trailing_name_start,
    word_key,
)
from provenance.language.possessives import POSSESSIVE_NAME_RE, read_possessive
from provenance.language.sources import (
    DOCUMENT_NOUNS,
    ORG_NOUNS,
    Classifier,
    SourceClass,
    SourceKind,
    first_answer,
    make_source,
)
from provenance.text.folding import fold_key

__all__ = [
    "COLLECTIVE_STATE_NOUNS",
    "NAMED_RULES",
    "NOT_A_NAME",
    "PLACES_AND_METONYMS",
    "NamedMention",
    "NotAName",
    "read_named",
]

PLACES_AND_METONYMS = lexicon.folded("places")
KNOWN_ORGANIZATIONS = lexicon.folded("known-organisations")
_PLACES_AND_ORGANIZATIONS = PLACES_AND_METONYMS | KNOWN_ORGANIZATIONS
_PLACE_LIST = tuple(sorted(PLACES_AND_METONYMS))
COLLECTIVE_STATE_NOUNS = lexicon.words("collective-state-nouns")
_MEDIA_WORDS = lexicon.words("media-words")
_TITLE_LIKE = TITLE_WORDS | ROLE_NOUNS | VAGUE_HEADS | lexicon.words("person-titles")
_CAMEL_PREFIXES = lexicon.entries("camel-case-surname-prefixes")
_COMMON_PLURAL_ENDINGS = lexicon.entries("common-plural-endings")
_COMMON_HEADS = DOCUMENT_NOUNS | ORG_NOUNS | ROLE_NOUNS | GROUP_NOUNS | VAGUE_HEADS
_CAPITALISED_COMMON_WORDS = lexicon.words("capitalised-common-words")
_MASCULINE_WORDS = lexicon.words("masculine-honorifics") | MASCULINE_ROLE_WORDS
_FEMININE_WORDS = lexicon.words("feminine-honorifics") | FEMININE_ROLE_WORDS
_COMMON_HEAD_WORDS = ROLE_NOUNS | GROUP_NOUNS | VAGUE_HEADS | PARTY_AND_DESCRIPTOR_WORDS | DEMONYMS
_GROUP_HEADS = GROUP_NOUNS | ROLE_NOUNS | VAGUE_HEADS
_DEMONYM_SUFFIXES = ("ians", "ans", "ns", "ers", "ites")
_WEBSITE_RE = re.compile(r"\w\.(?:com|org|net|co\.uk|gov)\b")


class NotAName(Enum):
    """The answer of a rule that decides a mention names nobody."""

    NOT_A_NAME = "not a name"


NOT_A_NAME = NotAName.NOT_A_NAME


class NamedMention:
    """The parts of a mention the naming rules read, each worked out once."""

    def __init__(self, core: str, name: str, description: str | None, classify: Classifier) -> None:
        self.core = core
        self.classify = classify
        self.name = name
        self.description = description
        self.name_words = name.split()
        self.core_words = core.split()

    @cached_property
    def start(self) -> int:
        """Where the trailing personal name starts in the name's words."""
        return trailing_name_start(self.name_words)

    @property
    def personal(self) -> bool:
        """Whether the whole name is a personal name."""
        return self.start == 0

    @cached_property
    def proper_words(self) -> list[str]:
        """The name's words without a leading "the"."""
        words = self.name_words
        return words[1:] if word_key(words[0]) == "the" else words

    @cached_property
    def keys(self) -> list[str]:
        return [word_key(w) for w in self.proper_words]

    @cached_property
    def lead(self) -> int:
        """Index of the first key after any determiners ("Some Democrats in Congress")."""
        keys = self.keys
        lead = 0
        while lead < len(keys) - 1 and keys[lead] in DETERMINERS:
            lead += 1
        return lead

    @property
    def core_is_definite(self) -> bool:
        return word_key(self.core_words[0]) == "the"

    def source(self, kind: SourceKind, **fields: object) -> SourceClass:
        """A reading named as written, with the mention's description."""
        return make_source(kind, self.name, description=self.description, **fields)


# ------------------------------------------------------------------------------ rules


def no_name_words(m: NamedMention) -> SourceClass | NotAName | None:
    """An empty name names nobody."""
    return NOT_A_NAME if not m.name_words else None


def possessive_name(m: NamedMention) -> SourceClass | NotAName | None:
    """ "Netanyahu’s office", "Trump’s claim": read by the possessive rules."""
    if POSSESSIVE_NAME_RE.match(m.name) is None or m.personal:
        return None  # a personal name with a possessive inside stays a name
    return read_possessive(m.core, m.name, m.description, m.classify)


def place_or_known_organisation(m: NamedMention) -> SourceClass | NotAName | None:
    """ "Ankara", "the White House", "Reuters": the places and organisations lists, for
    the name and then for the whole core ("the Kremlin, which ...")."""
    for candidate, description in ((m.name, m.description), (m.core, None)):
        folded = fold_key(candidate)
        bare = folded[4:] if folded.startswith("the ") else folded
        if bare in _PLACES_AND_ORGANIZATIONS:
            if candidate is m.core:
                candidate = " ".join(m.core_words[1:]) if folded != bare else m.core
            return make_source(
                SourceKind.ORGANIZATION, candidate, description=description, head=bare
            )
    return None


def media_title(m: NamedMention) -> SourceClass | NotAName | None:
    """ "the Orlando Sentinel": a publication's title after "the"."""
    if (
        m.core_is_definite
        and is_proper_phrase(m.name_words)
        and _media_title([word_key(w) for w in m.name_words])
    ):
        return m.source(SourceKind.ORGANIZATION, head="media")
    return None


def places_and_organisations_joined(m: NamedMention) -> SourceClass | NotAName | None:
    """ "Tennessee and Virginia", "Reuters/Ipsos": governments or organisations."""
    conjuncts = [fold_key(p) for p in re.split(r"\s+(?:and|&)\s+|/", m.name) if p.strip()]
    if len(conjuncts) > 1 and all(
        c.removeprefix("the ") in _PLACES_AND_ORGANIZATIONS for c in conjuncts
    ):
        return m.source(SourceKind.ORGANIZATION, plural=True)
    return None


def website(m: NamedMention) -> SourceClass | NotAName | None:
    """ "Politico.com", "Change.org": a website speaks for its owner."""
    if _WEBSITE_RE.search(m.name):
        return m.source(SourceKind.ORGANIZATION, head="website")
    return None


def capitalised_common_noun(m: NamedMention) -> SourceClass | NotAName | None:
    """ "Companies", "Footage", "Terrorists": one word capitalised by the sentence."""
    if m.personal and len(m.name_words) == 1 and _common_noun(m.name_words[0]):
        return NOT_A_NAME
    return None


def plural_demonym(m: NamedMention) -> SourceClass | NotAName | None:
    """ "Iowans", "New Yorkers": people of a place, unnamed."""
    if m.personal and _plural_demonym(m.name):
        return NOT_A_NAME
    return None


def camel_case_brand(m: NamedMention) -> SourceClass | NotAName | None:
    """ "EgyptAir", "ProPublica": one word written as brands are."""
    if m.personal and len(m.name_words) == 1 and _camel_case(m.name_words[0]):
        return m.source(SourceKind.ORGANIZATION, head=fold_key(m.name))
    return None


def honorific_surname(m: NamedMention) -> SourceClass | NotAName | None:
    """ "Mr. King", "Ms. Bishop", "Dr. Singer": an honorific before a capitalised word
    that would otherwise be a title or a role."""
    if (
        not m.personal
        and len(m.core_words) >= 2
        and (word_key(m.core_words[0]) in COURTESY_HONORIFICS or word_key(m.core_words[0]) == "dr")
        and len(m.name_words) == 1
        and m.name_words[0][:1].isupper()
    ):
        return m.source(SourceKind.PERSON, gender=_gender(m.core, m.name, None))
    return None


def day_as_given_name(m: NamedMention) -> SourceClass | NotAName | None:
    """ "Sunday Adelaja": a day or month before a surname is a given name."""
    if (
        m.start == 1
        and len(m.name_words) == 2
        and word_key(m.name_words[0]) in WEEKDAYS_AND_MONTHS
        and word_key(m.name_words[1]) not in ORG_KEYWORDS
    ):
        return m.source(SourceKind.PERSON)
    return None


def personal_name(m: NamedMention) -> SourceClass | NotAName | None:
    """ "Hakan Fidan", "Peck and Mahaney": a personal name throughout."""
    if not m.personal:
        return None
    plural = " and " in f" {m.name} "
    return m.source(
        SourceKind.PERSON,
        plural=plural,
        gender=None if plural else _gender(m.core, m.name, m.description),
    )


def not_a_proper_phrase(m: NamedMention) -> SourceClass | NotAName | None:
    """ "the campaign": not every word capitalised, so no name."""
    return NOT_A_NAME if not is_proper_phrase(m.proper_words) else None


def named_group(m: NamedMention) -> SourceClass | NotAName | None:
    """ "Reporters Without Borders", "Citizens United", "The March of Dimes": an
    organisation named after its members."""
    titled = m.core_is_definite or word_key(m.name_words[0]) == "the"
    if m.lead == 0 and _named_group(m.keys, m.proper_words, titled):
        return m.source(SourceKind.ORGANIZATION, head=m.keys[-1])
    return None


def people_in_organisation(m: NamedMention) -> SourceClass | NotAName | None:
    """ "Democrats in Congress", "Members of Parliament": people in it, not it."""
    keys, lead = m.keys, m.lead
    if (
        len(keys) - lead > 2
        and (keys[lead] in _GROUP_HEADS or is_group_prefix(keys[lead]))
        and keys[lead + 1] in {"in", "of", "at"}
    ):
        return NOT_A_NAME
    return None


def media_title_with_article(m: NamedMention) -> SourceClass | NotAName | None:
    """ "The Chicago Tribune": a publication whose title keeps its "The"."""
    if m.core_is_definite and _media_title(m.keys):
        return m.source(SourceKind.ORGANIZATION, head=m.keys[-1])
    return None


def demonym_surname(m: NamedMention) -> SourceClass | NotAName | None:
    """ "Cuban" (Mark Cuban), capitalised alone: a surname."""
    if len(m.keys) == 1 and m.keys[-1] in DEMONYMS and m.proper_words[0][:1].isupper():
        return m.source(SourceKind.PERSON)
    return None


def single_letter(m: NamedMention) -> SourceClass | NotAName | None:
    """ "Q" and "A" of an interview transcript."""
    return NOT_A_NAME if len(m.keys) == 1 and len(m.keys[-1]) < 2 else None


def capitalised_common_head(m: NamedMention) -> SourceClass | NotAName | None:
    """ "the Arizona Republican", "Democrats": capitalised common nouns."""
    return NOT_A_NAME if m.keys[-1] in _COMMON_HEAD_WORDS else None


def document_title(m: NamedMention) -> SourceClass | NotAName | None:
    """ "Report", "Federal Election Commission Records": a document, not a name; but
    "Washington Post" is a newspaper."""
    last = m.keys[-1]
    if last in DOCUMENT_NOUNS and (len(m.keys) == 1 or last not in ORG_KEYWORDS):
        return NOT_A_NAME
    return None


def descriptor_first(m: NamedMention) -> SourceClass | NotAName | None:
    """ "Republican Senate Leadership": a description first and no organisation word
    at the end."""
    first, last = m.keys[0], m.keys[-1]
    descriptive = first in PARTY_AND_DESCRIPTOR_WORDS or first in DEMONYMS
    return NOT_A_NAME if descriptive and last not in ORG_KEYWORDS else None


def collective_states(m: NamedMention) -> SourceClass | NotAName | None:
    """ "Western Capitals", "Both Sides": the governments concerned, unnamed."""
    return NOT_A_NAME if m.keys[-1] in COLLECTIVE_STATE_NOUNS else None


def organisation_name(m: NamedMention) -> SourceClass | NotAName | None:
    """ "State Department", "Judicial Watch", "AP": an organisation word, or acronyms."""
    if any(k in ORG_KEYWORDS for k in m.keys) or all(_is_acronym_word(w) for w in m.proper_words):
        return m.source(SourceKind.ORGANIZATION, head=m.keys[-1])
    return None


def not_name_words(m: NamedMention) -> SourceClass | NotAName | None:
    """ "Another", "American-born 29-year-old": capitalised, but no name words."""
    connectors = {"and", "&", "of", "de", "the"}
    if not all(is_name_part(w) or word_key(w) in connectors for w in m.proper_words):
        return NOT_A_NAME
    return None


def proper_name(m: NamedMention) -> SourceClass | NotAName | None:
    """Any other proper phrase is a person's name ("Ban Ki-moon")."""
    return m.source(SourceKind.PERSON, plural=" and " in f" {m.name} ")


NamedRule = Callable[[NamedMention], SourceClass | NotAName | None]

NAMED_RULES: tuple[NamedRule, ...] = (
    no_name_words,
    possessive_name,
    place_or_known_organisation,
    media_title,
    places_and_organisations_joined,
    website,
    capitalised_common_noun,
    plural_demonym,
    camel_case_brand,
    honorific_surname,
    day_as_given_name,
    personal_name,
    not_a_proper_phrase,
    named_group,
    people_in_organisation,
    media_title_with_article,
    demonym_surname,
    single_letter,
    capitalised_common_head,
    document_title,
    descriptor_first,
    collective_states,
    organisation_name,
    not_name_words,
    proper_name,
)
"""The rules of ``read_named`` in the order they are tried; the last always answers.
From ``not_a_proper_phrase`` on, the name is not a personal name."""


def read_named(
    core: str, name: str, description: str | None, classify: Classifier
) -> SourceClass | None:
    """A person, an organisation or an office named in the mention; None for a mention
    that names nobody (a common noun phrase)."""
    answer = first_answer(NAMED_RULES, NamedMention(core, name, description, classify))
    return None if isinstance(answer, NotAName) else answer


# ------------------------------------------------------------------------------ helpers


def _gender(core: str, name: str, description: str | None) -> str | None:
    """ "male" or "female" from an honorific or role word, else from a common given
    name; None when neither says."""
    for key in (word_key(w) for w in f"{core} {description or ''}".split()):
        if key in _MASCULINE_WORDS:
            return "male"
        if key in _FEMININE_WORDS:
            return "female"
    first_name = word_key(name.split()[0])
    if first_name in MALE_GIVEN_NAMES:
        return "male"
    if first_name in FEMALE_GIVEN_NAMES:
        return "female"
    return None


def _named_group(keys: Sequence[str], words: Sequence[str], titled: bool) -> bool:
    """Whether a proper phrase is an organisation named after its members ("Reporters
    Without Borders", "Citizens United", "Americans for Prosperity", "Veterans of
    Foreign Wars", "Half Moon Bay") or "The X of Y" ("The March of Dimes")."""
    if len(keys) < 2 or keys[1] in {"in", "at", "on", "from", "and", "&", "or"}:
        return False
    first = keys[0]
    prefix = is_group_prefix(first)
    if (
        keys[1] in {"for", "to", "of"}
        and prefix
        and not (titled and keys[1] == "of")
        and (keys[1] == "to" or first not in GROUP_NOUNS)
    ):
        # "Americans for Prosperity", "Veterans of Foreign Wars"; but "Aides to
        # Clinton", "Attorneys for Clinton" are people working for someone, and "Half
        # of Vermont Democrats" a part of a group
        return False
    if "of" in keys[1:-1] and (keys[1] == "of" or not prefix):
        # "Veterans of Foreign Wars" but "Members of Congress", "Residents of New
        # Hampshire": a one-word object or a place says where the people are
        at = keys.index("of")
        if fold_key(" ".join(words[at + 1 :])) in PLACES_AND_METONYMS:
            return False
        if prefix and len(keys) - at > 2:
            return True
        return titled and first not in _TITLE_LIKE and all(w[:1].isupper() for w in words[at + 1 :])
    return prefix and keys[1] not in GIVEN_NAMES


def _media_title(keys: Sequence[str]) -> bool:
    """ "The Chicago Sun-Times", "The Blaze", "The Orlando Sentinel": a publication."""
    last = keys[-1].rsplit("-", 1)[-1]
    return last in _MEDIA_WORDS


def _plural_demonym(name: str) -> bool:
    """ "Iowans", "Texans", "New Yorkers", "Floridians": the people of a place."""
    key = fold_key(name)
    if not key.endswith("s") or " and " in key:
        return False
    for suffix in _DEMONYM_SUFFIXES:
        if key.endswith(suffix):
            stem = key[: -len(suffix)]
            if len(stem) >= 4 and any(place.startswith(stem) for place in _PLACE_LIST):
                return True
    return False


def _camel_case(word: str) -> bool:
    """A single word with a capital inside ("EgyptAir", "ProPublica", "PolitiFact"), as
    brands are written; surnames with a prefix ("McConnell", "DeSantis") excepted."""
    if not word.isalpha() or word.isupper() or word.startswith(_CAMEL_PREFIXES):
        return False
    return any(ch.isupper() for ch in word[1:])


def _common_noun(word: str) -> bool:
    """Whether one capitalised word is a common noun rather than a surname: a word of
    the source lexicons, or a plural with a suffix surnames do not have."""
    key = word_key(word)
    if key in _COMMON_HEADS or key in _CAPITALISED_COMMON_WORDS:
        return True
    return len(key) > 6 and key.endswith(_COMMON_PLURAL_ENDINGS)


def _is_acronym_word(word: str) -> bool:
    letters = word.strip(".,;:'’").replace(".", "").replace("&", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()
