"""A source named by a common noun phrase: unnamed people, documents, organisations by
their noun, and the definite descriptions that point back.

``read_noun_phrase`` parses the phrase (determiner, modifiers, head noun, post-modifier:
"a | senior Israeli | official | familiar with the talks") and tries ``PHRASE_RULES`` in
order, by the head noun first; the first answer wins, and the last rule always answers.
Decisions worth knowing:

* Affiliation or role makes an unnamed source *described*: "officials", "voters",
  "Republican aides". Access alone keeps it *vague*: "people briefed on the plans",
  "a source close to the campaign", "a person familiar with Israeli government
  deliberations" (the government there is what the person knows about, not who they
  work for).
* A document nobody names ("a report", "reports said", "a new poll") is as vague a
  source as "people familiar"; a named one ("a Pew survey") is documentary.
* An unnamed spokesperson of a *named* principal is that principal's stated position
  (``SPOKESPERSON_RULES``); of an unnamed principal ("for the campaign"), described.
* A definite description with nothing but a role or a generic noun ("the official",
  "the campaign", "the person") is a back-reference; one that says something new
  ("the person familiar with X") is a source of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

from provenance.language import lexicon
from provenance.language.named_sources import COLLECTIVE_STATE_NOUNS
from provenance.language.names import (
    DEMONYMS,
    DETERMINERS,
    GROUP_NOUNS,
    PARTY_AND_DESCRIPTOR_WORDS,
    ROLE_NOUNS,
    VAGUE_HEADS,
    looks_like_role_noun,
    word_key,
)
from provenance.language.sources import (
    DOCUMENT_NOUNS,
    ORG_NOUNS,
    POSTMODIFIER_STARTERS,
    SPOKES_NOUNS,
    STANDALONE_ORG_NOUNS,
    Classifier,
    SourceClass,
    SourceKind,
    article_normalised,
    first_answer,
    is_plural,
    make_source,
    role_gender,
)
from provenance.vocabulary import SourcingStrength

__all__ = [
    "ORGANISATION_NOUN_RULES",
    "PHRASE_RULES",
    "SPOKESPERSON_RULES",
    "NounPhrase",
    "read_noun_phrase",
]

_ACCESS_WORDS = lexicon.words("access-words")
_AFFILIATION_PREPOSITIONS = lexicon.words("affiliation-prepositions")
_ACCESS_AFTER_WITH = lexicon.words("access-after-with")
# Modifiers that say where an unnamed person works or what they do.
_AFFILIATION_MODIFIERS = (
    PARTY_AND_DESCRIPTOR_WORDS | DEMONYMS | lexicon.words("workplace-modifiers")
)
_EMPTY_MODIFIERS = lexicon.words("empty-modifiers")
_PARTITIVE_QUANTIFIERS = lexicon.words("partitive-quantifiers")
_INSTITUTION_PLURALS = lexicon.words("institution-plurals")
_STATEMENT_NOUNS = lexicon.words("statement-nouns")
_SINGULAR_PARTY_NOUNS = lexicon.words("singular-party-nouns")
_PARTY_ROLE_NOUNS = lexicon.words("party-role-nouns")
_PLURAL_DETERMINERS = lexicon.words("plural-determiners")
_APPROXIMATORS = lexicon.words("approximators")
_NUMBER_WORDS = lexicon.words("number-words") | frozenset(
    f"{tens}-{unit}"
    for tens in lexicon.words("number-words")
    if tens.endswith("ty")
    for unit in lexicon.words("number-units")
)
_QUANTITY_NOUNS = lexicon.words("quantity-nouns")
_UNNAMING_WORDS = lexicon.words("unnaming-words")
# "May" is not taken for a month here, as before the lists became data: a capitalised
# "May" in a document mention may name its author (Theresa May).
_CALENDAR_WORDS = lexicon.words("weekdays") | (lexicon.words("months") - {"may"})
_NUMBER_RE = re.compile(r"^[\d][\d,.]*%?$")
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})


@dataclass(frozen=True, slots=True)
class _Parsed:
    determiner: str | None
    premodifiers: tuple[str, ...]
    head: str
    head_word: str
    postmodifier: tuple[str, ...]


def _parse(core: str) -> _Parsed:
    """Determiner, modifiers, head noun and post-modifier of a common noun phrase."""
    words = core.split()
    determiner: str | None = None
    i = 0
    counting = False  # after a number or quantity, "of" and "in" belong to it too
    while i < len(words) - 1:
        key = word_key(words[i])
        if key in DETERMINERS or key in _APPROXIMATORS:
            determiner = determiner or key
        elif _NUMBER_RE.match(key) or key in _QUANTITY_NOUNS or key in _NUMBER_WORDS:
            determiner = determiner or "some"
            counting = True
        elif key in {"of", "in", "out"} and (counting or i > 0):
            pass
        else:
            break
        i += 1
    rest = words[i:] or words[-1:]
    end = len(rest)
    for j in range(1, len(rest)):
        if word_key(rest[j]) in POSTMODIFIER_STARTERS:
            end = j
            break
    head_word = rest[end - 1]
    return _Parsed(
        determiner=determiner,
        premodifiers=tuple(rest[: end - 1]),
        head=word_key(head_word),
        head_word=head_word,
        postmodifier=tuple(rest[end:]),
    )


class NounPhrase:
    """A common noun phrase as the rules read it: its parts, and the name, plurality
    and qualifier a reading of it carries."""

    def __init__(self, core: str, description: str | None, classify: Classifier) -> None:
        parsed = _parse(core)
        self.classify = classify
        self.core = core
        self.description = description
        self.determiner = parsed.determiner
        self.premodifiers = parsed.premodifiers
        self.head = parsed.head
        self.head_word = parsed.head_word
        self.postmodifier = parsed.postmodifier
        self.name = article_normalised(core)
        self.definite = parsed.determiner in _DEFINITE
        self.plural = is_plural(self.head) or parsed.determiner in _PLURAL_DETERMINERS
        self.qualifier = " ".join(parsed.postmodifier) or None

    def source(self, kind: SourceKind, name: str | None = None, **fields: object) -> SourceClass:
        """A reading of the phrase as written (or under ``name``), with its head,
        qualifier and number."""
        return make_source(
            kind,
            self.name if name is None else name,
            description=self.description,
            head=self.head,
            qualifier=self.qualifier,
            plural=self.plural,
            **fields,
        )

    @cached_property
    def has_affiliation(self) -> bool:
        """Whether the phrase says where the unnamed source works or what they are."""
        for word in self.premodifiers:
            key = word_key(word)
            if key in _EMPTY_MODIFIERS:
                continue
            if key in _AFFILIATION_MODIFIERS or word[:1].isupper() or key in ROLE_NOUNS:
                return True
            if key in ORG_NOUNS:
                return True
        post = self.postmodifier
        if not post or word_key(post[0]) in _ACCESS_WORDS:
            return False
        starter = word_key(post[0])
        if starter not in _AFFILIATION_PREPOSITIONS:
            return False
        if starter == "with" and len(post) > 1 and word_key(post[1]) in _ACCESS_AFTER_WITH:
            return False
        obj = post[1:]
        return any(
            w[:1].isupper() or word_key(w) in ORG_NOUNS or word_key(w) in ROLE_NOUNS for w in obj
        )

    @property
    def access_only(self) -> bool:
        """ "the official familiar with ...": a role described by access alone."""
        return bool(self.postmodifier) and word_key(self.postmodifier[0]) in _ACCESS_WORDS

    @cached_property
    def principal(self) -> SourceClass | None:
        """The organisation or person a spokesperson speaks for, if the phrase names one
        ("a spokesman *for Hillary Clinton*", "a *State Department* spokesman")."""
        post = self.postmodifier
        if post and word_key(post[0]) in {"for", "of", "from", "at", "with", "to"}:
            principal = " ".join(post[1:])
            if principal:
                return self.classify(principal)
        premods = [w for w in self.premodifiers if word_key(w) not in _EMPTY_MODIFIERS]
        if premods:
            return self.classify(" ".join(premods))
        return None

    @property
    def organisation_name(self) -> str:
        """The phrase as an organisation's name: without a leading "the"."""
        words = self.name.split()
        return " ".join(words[1:]) if word_key(words[0]) == "the" else self.name

    def names_its_document(self) -> bool:
        """Whether a document mention names whose it is or which it is: a proper word in
        it ("a Pew survey", "the GAO report", "a report by the Government Accountability
        Office", "the Mueller report") beyond a capital the sentence start may have put
        on a common word ("Reports said", "Exit polls show")."""
        for i, word in enumerate(self.core.split()):
            key = word_key(word)
            if not word[:1].isupper() or key in DOCUMENT_NOUNS or key in _CALENDAR_WORDS:
                continue  # "data released Friday": a day is capitalised, and names nothing
            if i == 0 and key in _UNNAMING_WORDS:
                continue
            return True
        return False


# ------------------------------------------------------------------------ the phrase


def document(np: NounPhrase) -> SourceClass | None:
    """ "a Quinnipiac poll", "the indictment"; a document nobody names ("a report",
    "reports said", "a new poll") is as vague a source as "people familiar"."""
    if np.head not in DOCUMENT_NOUNS or np.head in _STATEMENT_NOUNS:
        return None
    if np.names_its_document():
        return np.source(SourceKind.DOCUMENT)
    return np.source(SourceKind.DOCUMENT, strength=SourcingStrength.ANONYMOUS_VAGUE)


def spokesperson(np: NounPhrase) -> SourceClass | None:
    """ "a State Department spokesman", "a statement from the campaign": read by
    ``SPOKESPERSON_RULES``."""
    return first_answer(SPOKESPERSON_RULES, np) if np.head in SPOKES_NOUNS else None


def collective_governments(np: NounPhrase) -> SourceClass | None:
    """ "both countries", "the two sides", "Western capitals": the governments
    concerned, named by the context."""
    if np.head in COLLECTIVE_STATE_NOUNS and (
        np.determiner in {"both", "the", "two", "all"} or np.has_affiliation
    ):
        return np.source(SourceKind.ORGANIZATION)
    return None


def organisation_noun(np: NounPhrase) -> SourceClass | None:
    """ "the Clinton campaign", "police", "the campaign": read by
    ``ORGANISATION_NOUN_RULES``."""
    if np.head in ORG_NOUNS or np.head in STANDALONE_ORG_NOUNS:
        return first_answer(ORGANISATION_NOUN_RULES, np)
    return None


def vague_head(np: NounPhrase) -> SourceClass | None:
    """ "a person familiar with the matter", "sources", "some" (vague); "the person"
    (a back-reference); "people in the administration" (described)."""
    if np.head not in VAGUE_HEADS and (np.premodifiers or np.head not in DETERMINERS):
        return None
    if np.definite and not np.postmodifier and not np.premodifiers:
        return np.source(SourceKind.BACKREF)
    if np.has_affiliation:
        return np.source(SourceKind.UNNAMED_DESCRIBED)
    return np.source(SourceKind.UNNAMED_VAGUE)


def group(np: NounPhrase) -> SourceClass | None:
    """ "voters", "many Republicans", "Israelis": a group by affiliation."""
    if np.head in GROUP_NOUNS and np.head not in _SINGULAR_PARTY_NOUNS:
        return np.source(SourceKind.UNNAMED_DESCRIBED)
    return None


def role(np: NounPhrase) -> SourceClass | None:
    """ "a Turkish defence official" (described); "the official", "the Republican"
    (back-references, unless described by access alone)."""
    if not (np.head in ROLE_NOUNS or np.head in _PARTY_ROLE_NOUNS or looks_like_role_noun(np.head)):
        return None
    if np.definite and not np.access_only:
        return np.source(SourceKind.BACKREF, gender=role_gender(np.head))
    return np.source(SourceKind.UNNAMED_DESCRIBED)


def capitalised_head(np: NounPhrase) -> SourceClass | None:
    """ "some Trump Loyalists": a capitalised head noun says who they are."""
    if np.head_word[:1].isupper() and len(np.head) > 1 and not np.definite:
        return np.source(SourceKind.UNNAMED_DESCRIBED)
    return None


def anything_else(np: NounPhrase) -> SourceClass | None:
    """Any other phrase identifies nobody."""
    return np.source(SourceKind.UNNAMED_VAGUE)


PHRASE_RULES = (
    document,
    spokesperson,
    collective_governments,
    organisation_noun,
    vague_head,
    group,
    role,
    capitalised_head,
    anything_else,
)
"""The rules of ``read_noun_phrase`` in the order they are tried; the last always
answers."""


# ------------------------------------------------------------------ a spokesperson


def principals_person(np: NounPhrase) -> SourceClass | None:
    """ "a spokesman for Hillary Clinton": Hillary Clinton’s office, her holder."""
    principal = np.principal
    if principal is None or principal.kind is not SourceKind.PERSON:
        return None
    return make_source(
        SourceKind.ORGANIZATION,
        f"{principal.name}’s office",
        description=np.name,
        head="office",
        holder=principal.name,
    )


def principals_organisation(np: NounPhrase) -> SourceClass | None:
    """ "a State Department spokesman": the State Department's stated position."""
    principal = np.principal
    if principal is None or principal.kind is not SourceKind.ORGANIZATION:
        return None
    return replace(principal, description=np.name)


def unnamed_statement(np: NounPhrase) -> SourceClass | None:
    """ "a statement", "an announcement" of nobody named: a document."""
    return np.source(SourceKind.DOCUMENT) if np.head in _STATEMENT_NOUNS else None


def the_spokesperson(np: NounPhrase) -> SourceClass | None:
    """ "the spokeswoman": points back to the one met before."""
    if np.definite and np.principal is None:
        return np.source(SourceKind.BACKREF, gender=role_gender(np.head))
    return None


def unnamed_principals_spokesperson(np: NounPhrase) -> SourceClass | None:
    """ "a spokeswoman for the campaign": described."""
    return np.source(SourceKind.UNNAMED_DESCRIBED, gender=role_gender(np.head))


SPOKESPERSON_RULES = (
    principals_person,
    principals_organisation,
    unnamed_statement,
    the_spokesperson,
    unnamed_principals_spokesperson,
)
"""The rules for a spokesperson or statement, in order; the last always answers."""


# ------------------------------------------------------------ an organisation noun


def people_in_it(np: NounPhrase) -> SourceClass | None:
    """ "many in the party", "some in the administration": people inside it."""
    if np.determiner in _PARTITIVE_QUANTIFIERS:
        return np.source(SourceKind.UNNAMED_DESCRIBED)
    return None


def several_of_them(np: NounPhrase) -> SourceClass | None:
    """ "Six Gannett newspapers", "Federal labor organizations": several, none named
    (but "forces", "authorities" and "police" are one institution)."""
    if is_plural(np.head) and np.head not in _INSTITUTION_PLURALS:
        return np.source(SourceKind.UNNAMED_DESCRIBED)
    return None


def _indefinite(np: NounPhrase) -> bool:
    return np.determiner in {"a", "an", "one", "another", "some", "several"}


def named_organisation(np: NounPhrase) -> SourceClass | None:
    """ "the Clinton campaign", "the Israeli military", "the ministry of Defence": the
    organisation a proper or national modifier names."""
    named_modifier = any(
        w[:1].isupper() or word_key(w) in DEMONYMS
        for w in np.premodifiers
        if word_key(w) not in _EMPTY_MODIFIERS
    )
    post = np.postmodifier
    named_of = (
        bool(post) and word_key(post[0]) in {"of", "in"} and any(w[:1].isupper() for w in post[1:])
    )
    if (named_modifier or named_of) and not _indefinite(np):
        return np.source(SourceKind.ORGANIZATION, name=np.organisation_name)
    return None


def standalone_organisation(np: NounPhrase) -> SourceClass | None:
    """ "police said", "the authorities": an institution even bare."""
    if np.head in STANDALONE_ORG_NOUNS and not _indefinite(np):
        return np.source(SourceKind.ORGANIZATION, name=np.organisation_name)
    return None


def the_organisation(np: NounPhrase) -> SourceClass | None:
    """ "the campaign", "the company": points back to the one met before."""
    return np.source(SourceKind.BACKREF) if np.definite and not np.postmodifier else None


def unnamed_organisation(np: NounPhrase) -> SourceClass | None:
    """ "a campaign", "a group of activists": described, none named."""
    return np.source(SourceKind.UNNAMED_DESCRIBED)


ORGANISATION_NOUN_RULES = (
    people_in_it,
    several_of_them,
    named_organisation,
    standalone_organisation,
    the_organisation,
    unnamed_organisation,
)
"""The rules for an organisation noun, in order; the last always answers."""


def read_noun_phrase(core: str, description: str | None, classify: Classifier) -> SourceClass:
    """An unnamed source, a document, an organisation by common noun, or a backref."""
    answer = first_answer(PHRASE_RULES, NounPhrase(core, description, classify))
    assert answer is not None, "anything_else always answers"
    return answer
