"""Personal names: which words can make one, and the shorter forms a person goes by.

A source mention as an article writes it carries more than a name ("Turkish President
Recep Tayyip Erdoğan", "Mr. Obama"); :mod:`provenance.language.mentions` takes it apart
with the tests here:

* A personal name is the trailing run of capitalised words that are not titles, roles,
  nationalities, party words or organisation words (``trailing_name_start``): in "US
  President Donald Trump" the run is "Donald Trump". Initials ("Donald J. Trump"),
  suffixes ("Jr.") and name particles ("al-Assad", "bin Laden", "de Blasio") belong to
  the run. A title or nationality word after a common given name, or after an
  honorific, is a surname ("Steve King", "John Major", "Mark Cuban", "Mr. King").
* ``alias_variants`` gives the shorter forms a person is later called by ("Erdoğan"
  for "Recep Tayyip Erdoğan"), and ``name_tokens`` the folded tokens a speaker index
  blocks on.

The word lists bound here (titles, roles, groups, nationalities, organisation words,
given names) are also what :mod:`provenance.language.classify` uses to tell people,
organisations and unnamed sources apart, so they are bound in one place; the lists
themselves are data in :mod:`provenance.language.lexicon`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from provenance.language import lexicon
from provenance.text.folding import fold_key

__all__ = [
    "COURTESY_HONORIFICS",
    "DEMONYMS",
    "DETERMINERS",
    "FEMALE_GIVEN_NAMES",
    "FEMININE_ROLE_WORDS",
    "GIVEN_NAMES",
    "GROUP_NOUNS",
    "MALE_GIVEN_NAMES",
    "MASCULINE_ROLE_WORDS",
    "MONTHS",
    "NAME_PARTICLES",
    "NAME_SUFFIXES",
    "NOT_NAME_WORDS",
    "ORG_KEYWORDS",
    "PARTY_AND_DESCRIPTOR_WORDS",
    "POSSESSIVE_RE",
    "ROLE_ABBREVIATIONS",
    "ROLE_NOUNS",
    "TITLE_WORDS",
    "VAGUE_HEADS",
    "WEEKDAYS",
    "WEEKDAYS_AND_MONTHS",
    "alias_variants",
    "is_group_prefix",
    "is_name_part",
    "is_proper_phrase",
    "looks_like_role_noun",
    "name_tokens",
    "trailing_name_start",
    "word_key",
]

COURTESY_HONORIFICS = lexicon.words("courtesy-honorifics")
ROLE_ABBREVIATIONS: dict[str, str] = lexicon.mapping("role-abbreviations")
TITLE_WORDS = lexicon.words("title-words")
ROLE_NOUNS = lexicon.words("role-nouns")
GROUP_NOUNS = lexicon.words("group-nouns")
VAGUE_HEADS = lexicon.words("vague-heads")
DETERMINERS = lexicon.words("determiners")
PARTY_AND_DESCRIPTOR_WORDS = lexicon.words("party-and-descriptor-words")
DEMONYMS = lexicon.words("demonyms")
ORG_KEYWORDS = lexicon.words("org-keywords")
NAME_PARTICLES = lexicon.words("name-particles")
NAME_SUFFIXES = lexicon.words("name-suffixes")
MALE_GIVEN_NAMES = lexicon.words("male-given-names")
FEMALE_GIVEN_NAMES = lexicon.words("female-given-names")
GIVEN_NAMES = MALE_GIVEN_NAMES | FEMALE_GIVEN_NAMES
FEMININE_ROLE_WORDS = lexicon.words("feminine-role-words")
MASCULINE_ROLE_WORDS = lexicon.words("masculine-role-words")
WEEKDAYS = lexicon.words("weekdays")
MONTHS = lexicon.words("months")
WEEKDAYS_AND_MONTHS = WEEKDAYS | MONTHS

_OF_TITLE_HEADS = lexicon.words("of-title-heads")
_GROUP_PART_WORDS = lexicon.words("group-part-words")
_DOCUMENT_AND_LABEL_WORDS = lexicon.words("document-and-label-words")
_NAME_CONNECTORS = lexicon.words("name-connectors")
_NAME_TOKEN_STOPWORDS = lexicon.words("name-token-stopwords")
_PARTICLES_AND_SUFFIXES = NAME_PARTICLES | NAME_SUFFIXES
_SURNAME_TITLE_WORDS = TITLE_WORDS | ROLE_NOUNS | DEMONYMS  # a surname after a given name
_OF_TITLE_WORDS = TITLE_WORDS | _OF_TITLE_HEADS
_ROLE_NOUN_SUFFIXES = lexicon.entries("role-noun-suffixes")

# Words that are never part of a personal name, whatever their case. The months that
# are also given names stay out ("Theresa May", "April Ryan").
NOT_NAME_WORDS = (
    TITLE_WORDS
    | ROLE_NOUNS
    | GROUP_NOUNS
    | VAGUE_HEADS
    | DETERMINERS
    | PARTY_AND_DESCRIPTOR_WORDS
    | DEMONYMS
    | ORG_KEYWORDS
    | lexicon.words("not-name-function-words")
    | _GROUP_PART_WORDS
    | _DOCUMENT_AND_LABEL_WORDS
    | WEEKDAYS
    | lexicon.words("relative-days")
    | (MONTHS - lexicon.words("months-also-given-names"))
)


def looks_like_role_noun(key: str) -> bool:
    """A guess for role nouns not in the lists: "pediatrician", "skywriters", "user"."""
    return key.isalpha() and len(key) > 3 and key.endswith(_ROLE_NOUN_SUFFIXES)


def is_group_prefix(key: str) -> bool:
    """Whether a capitalised first word makes a proper name an organisation's, not a
    title before a person's name: a plural group or role noun ("Reporters Without
    Borders", "Democrats Abroad", "Citizens United"), a quantity, label or day word
    ("Half Moon Bay", "Poll Everywhere", "The Monday Morning Quarterback")."""
    if key in _GROUP_PART_WORDS or key in _DOCUMENT_AND_LABEL_WORDS or key in WEEKDAYS_AND_MONTHS:
        return True
    plural = key.endswith("s") or key in ("men", "women", "people")
    return plural and (
        key in GROUP_NOUNS
        or key in ROLE_NOUNS
        or key in PARTY_AND_DESCRIPTOR_WORDS
        or key[:-1] in DEMONYMS
        or looks_like_role_noun(key)
    )


POSSESSIVE_RE = re.compile(r"(?:['’]s|s['’])(?=\s|$)")


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def word_key(token: str) -> str:
    """The lexicon key of one token: lower-cased, outer punctuation and quotes stripped.

    A trailing full stop is dropped ("Sen." is "sen") so abbreviations meet their
    entries; "U.S." keeps its inner stops and becomes "u.s".
    """
    stripped = token.translate(_APOSTROPHES).strip("\"'“”«»()[]{},;:!?")
    return stripped.rstrip(".").lower()


def _is_acronym(bare: str) -> bool:
    letters = bare.replace(".", "").replace("&", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


def is_name_part(token: str) -> bool:
    """Whether ``token`` can stand in a personal name (ignoring its neighbours)."""
    bare = token.strip("\"'“”‘’«»()[]{},;:!?")
    if not bare:
        return False
    key = word_key(bare)
    if key in NAME_SUFFIXES:
        return True
    if bare.startswith("@") and len(bare) > 1:
        return True
    if key in COURTESY_HONORIFICS or key in ROLE_ABBREVIATIONS:
        return False
    if key in NOT_NAME_WORDS:
        return False
    if key.endswith("s") and (key[:-1] in DEMONYMS or key[:-1] in PARTY_AND_DESCRIPTOR_WORDS):
        return False  # "African-Americans", "Democrats"
    if _is_acronym(bare) or _is_acronym(bare.removesuffix("s")):
        return False  # "FBI", "PACs"
    if len(bare) == 2 and bare[0].isupper() and bare[1] == ".":
        return True  # an initial
    if key in NAME_PARTICLES:
        return True
    first = bare[0]
    if first.isupper():
        return any(ch.isalpha() for ch in bare) and len(bare.rstrip(".")) > 1
    # "al-Sharaa", "bin-Salman", "de'Medici": a particle joined to a capitalised name
    head, sep, rest = bare.partition("-")
    return bool(sep) and head.lower() in NAME_PARTICLES and rest[:1].isupper()


def _is_honorific(token: str) -> bool:
    key = word_key(token)
    return key in COURTESY_HONORIFICS or key in ROLE_ABBREVIATIONS


def trailing_name_start(tokens: Sequence[str]) -> int:
    """Index where the personal name at the end of ``tokens`` starts (``len`` if none).

    A run that is only particles or suffixes is no name. A capitalised title or
    nationality word at the end is a surname after a common given name ("Steve King",
    "Mark Cuban") or after an honorific ("Mr. King").
    """
    n = len(tokens)
    start = n
    while start > 0 and is_name_part(tokens[start - 1]):
        start -= 1
    core = [t for t in tokens[start:] if word_key(t) not in _PARTICLES_AND_SUFFIXES]
    if not core:
        start = n
    # Leading particles belong to the name only when a name follows them, and a
    # capitalised one opens the surname ("Le Pen", "De Blasio", "Van Hollen").
    while (
        start < n
        and word_key(tokens[start]) in NAME_PARTICLES
        and not (tokens[start][:1].isupper() and start + 1 < n)
    ):
        start += 1
    suffixed = n
    while suffixed > 1 and word_key(tokens[suffixed - 1]) in NAME_SUFFIXES:
        suffixed -= 1  # "Martin Luther King Jr.": the title rule looks at "King"
    if start >= suffixed and suffixed >= 2:
        start = n
        last = tokens[suffixed - 1]
        last_bare = last.strip("\"'“”‘’,;:")
        looks_capitalised = last_bare[:1].isupper() and not _is_acronym(last_bare)
        if looks_capitalised and word_key(last) in _SURNAME_TITLE_WORDS:
            before = tokens[suffixed - 2]
            if _is_honorific(before):
                start = suffixed - 1
            elif is_name_part(before):
                start = suffixed - 2
                while start > 0 and is_name_part(tokens[start - 1]):
                    start -= 1  # "Martin Luther King"
                if not any(word_key(t) in GIVEN_NAMES for t in tokens[start : suffixed - 1]):
                    start = n
    of = start - 1
    while of > 0 and word_key(tokens[of]) in TITLE_WORDS:
        of -= 1
    if (
        n - start >= 3
        and of >= 1
        and word_key(tokens[of]) == "of"
        and word_key(tokens[of - 1]) in _OF_TITLE_WORDS
    ):
        # "Supervisor of Elections Susan Bucher": the title's object is no name part
        start = next(
            (k for k in range(start + 1, n - 1) if word_key(tokens[k]) in GIVEN_NAMES), n - 2
        )
    return start


def is_proper_phrase(words: Sequence[str]) -> bool:
    """Every word capitalised, or a connector inside a name ("Bank of America")."""
    if not words:
        return False
    if word_key(words[0]) in _NAME_CONNECTORS:
        return False
    for w in words:
        bare = w.strip("\"'“”‘’,;:()")
        if not bare:
            continue
        if bare.lower() in _NAME_CONNECTORS:
            continue
        if not (bare[0].isupper() or bare[0].isdigit() or bare[0] in "@#"):
            return False
    return True


def _name_words(name: str) -> list[str]:
    return [w for w in name.split() if word_key(w) not in NAME_SUFFIXES]


def alias_variants(name: str) -> list[str]:
    """The shorter forms a person is later called by, longest first.

    "Recep Tayyip Erdoğan" gives "Recep Tayyip Erdoğan", "Tayyip Erdoğan", "Recep
    Erdoğan" and "Erdoğan"; "Ahmed al-Sharaa" also gives "al-Sharaa" and "Sharaa"; "James
    B. Comey Jr." gives "James Comey" and "Comey". A name that is not a personal name (an
    office, an organisation: anything with a lower-case word or a possessive) only gets
    its variants with and without a leading "the". Folding ("Erdogan") is left to
    ``fold_key``.
    """
    clean = " ".join(name.split())
    if not clean:
        return []
    words = clean.split()
    is_personal = all(is_name_part(w) for w in words) and not POSSESSIVE_RE.search(clean)
    variants: list[str] = [clean]
    if not is_personal:
        if word_key(words[0]) == "the" and len(words) > 1:
            variants.append(" ".join(words[1:]))
        elif is_proper_phrase(words):
            variants.append("the " + clean)
        return variants
    if " and " in f" {clean} ":
        return variants
    core = [w for w in _name_words(clean) if not (len(w) == 2 and w.endswith("."))]
    if core and core != words:
        variants.append(" ".join(core))
    particle_surname = len(core) >= 2 and word_key(core[-2]) in NAME_PARTICLES
    if len(core) >= 3:
        variants.append(" ".join(core[-2:]))
        if not particle_surname:
            variants.append(f"{core[0]} {core[-1]}")
    surname = core[-1] if core else words[-1]
    if particle_surname:
        surname = f"{core[-2]} {core[-1]}"
        variants.append(surname)
        variants.append(core[-1])
    else:
        variants.append(surname)
        head, sep, rest = surname.partition("-")
        if sep and head.lower() in NAME_PARTICLES and rest:
            variants.append(rest)
    seen: set[str] = set()
    ordered = []
    for v in variants:
        if v not in seen:
            seen.add(v)
            ordered.append(v)
    return ordered


TOKEN_MAX = 80
"""The longest token the speaker index holds (its column's length): a longer "word"
(a run of letters pasted without spaces) is indexed by its first 80 characters."""


def name_tokens(name: str) -> list[str]:
    """Folded tokens of a name for blocking in a speaker index.

    Stopwords, courtesy honorifics, title abbreviations and one-letter initials are
    dropped: "Mr. Donald J. Trump" and "donald trump" give the same tokens, and
    "Netanyahu’s office" gives ``["netanyahu", "office"]``. A token is at most
    :data:`TOKEN_MAX` characters.
    """
    folded = fold_key(name)
    raw = re.split(r"[^\w@#]+", folded)
    tokens: list[str] = []
    for tok in raw:
        if len(tok) < 2 or tok in _NAME_TOKEN_STOPWORDS or tok in COURTESY_HONORIFICS:
            continue
        if tok in ROLE_ABBREVIATIONS or tok in NAME_PARTICLES or tok in NAME_SUFFIXES:
            continue
        tok = tok[:TOKEN_MAX]
        if tok not in tokens:
            tokens.append(tok)
    return tokens
