"""Who is speaking, and how strongly the article identifies them.

``classify_source`` reads one source mention as written ("a Turkish defence official",
"Hakan Fidan, Turkey’s foreign minister", "he") and says what kind of speaker it
names and which sourcing-strength class that earns (see DESIGN.md, strongest first):

=====================  =====================================================  ==========
kind                   examples                                               strength
=====================  =====================================================  ==========
``person``             "Hakan Fidan", "Mr. Trump", "Sen. Graham"              on_record
``organization``       "Ankara", "the White House", "both countries",         official_
                       "Netanyahu’s office", "police", "a State Department    statement
                       spokesman" (an unnamed voice of a named organisation)
``document``           "a Quinnipiac poll", "the indictment", "a new poll"    documentary
``unnamed_described``  "a Turkish defence official", "Israeli officials",     anonymous_
                       "many Republicans", "voters", "a spokeswoman for the   described
                       campaign", "economists at Goldman Sachs"
``unnamed_vague``      "a person familiar with the matter", "sources",        anonymous_
                       "a source close to the campaign", "critics", "some",   vague
                       "experts", "the person familiar with X"
``backref``            "he", "they", "his office", "the official", "the       (none)
                       senator", "the campaign", "the Republican nominee"
=====================  =====================================================  ==========

Decisions worth knowing:

* Affiliation or role makes an unnamed source *described*: "officials", "voters",
  "Republican aides". Access alone keeps it *vague*: "people briefed on the plans",
  "a source close to the campaign", "a person familiar with Israeli government
  deliberations" (the government there is what the person knows about, not who they
  work for). "experts", "analysts", "critics" and "observers" are vague; a role with an
  employer ("economists at Goldman Sachs") is described.
* An unnamed spokesperson of a *named* principal is that principal's stated position,
  so ``official_statement``: "a State Department spokesman" is the organisation "State
  Department"; "a spokesman for Hillary Clinton" is the organisation "Hillary Clinton’s
  office" with ``holder`` "Hillary Clinton" (the same shape as "Netanyahu’s office").
  A spokesperson of an unnamed principal ("for the campaign") is described.
* A definite description with nothing but a role or a generic noun ("the official",
  "the second official", "the minister", "the Republican nominee", "the campaign",
  "the person") points back: it is a ``backref``. A definite description that says
  something new about an unnamed source ("the person familiar with Israeli government
  deliberations") is a source of its own (here ``unnamed_vague``);
  ``resolve_backreference`` still links it to an earlier mention with the very same
  description ("a person familiar with X" ... "the person familiar with X").
* Documents are classified by their head noun whatever their article: "the poll" is
  ``documentary``; ``resolve_backreference`` links it to an earlier poll if there is one.
* Pronouns and possessive pronouns ("his office") are backrefs. "I" and "we" inside a
  quote point to the quoted speaker, so they resolve to the last speaker too.

Where each part lives: this module holds what a reading is (``SourceKind``,
``SourceClass``) and the head words the rules share; ``classify_source`` and its ordered
rules are in :mod:`provenance.language.classify` (a mention that names someone:
:mod:`provenance.language.named_sources`; a possessive:
:mod:`provenance.language.possessives`; a common noun phrase:
:mod:`provenance.language.noun_phrases`); ``resolve_backreference`` and
``resolve_source``, which follow a backref to the speaker it points at, are in
:mod:`provenance.language.backrefs`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from provenance.language import lexicon
from provenance.language.names import (
    DETERMINERS,
    FEMININE_ROLE_WORDS,
    GROUP_NOUNS,
    MASCULINE_ROLE_WORDS,
    ROLE_NOUNS,
    VAGUE_HEADS,
    looks_like_role_noun,
    word_key,
)
from provenance.vocabulary import SourcingStrength, SpeakerType

__all__ = [
    "DOCUMENT_NOUNS",
    "ORG_NOUNS",
    "POSSESSIVE_PRONOUNS",
    "POSTMODIFIER_STARTERS",
    "PRONOUNS",
    "SPEECH_MEDIUM_NOUNS",
    "SPOKES_NOUNS",
    "STANDALONE_ORG_NOUNS",
    "Classifier",
    "Pronoun",
    "SourceClass",
    "SourceKind",
    "article_normalised",
    "first_answer",
    "head_of",
    "is_plural",
    "make_source",
    "names_other_people",
    "role_gender",
]


class SourceKind(StrEnum):
    """What a source mention names, before it is resolved to a speaker."""

    PERSON = "person"
    ORGANIZATION = "organization"
    DOCUMENT = "document"
    UNNAMED_DESCRIBED = "unnamed_described"
    UNNAMED_VAGUE = "unnamed_vague"
    BACKREF = "backref"


@dataclass(frozen=True, slots=True)
class SourceClass:
    """The reading of one source mention.

    ``name`` is the canonical speaker name (titles removed for a person; the phrase
    with its article normalised for an unnamed source); ``description`` is the title,
    role or apposition set aside. The remaining fields serve back-reference
    resolution: ``head`` is the head noun ("official", "campaign", "poll"),
    ``qualifier`` what follows it ("familiar with the plans"), ``holder`` the person
    an office belongs to, ``possessed`` the noun after a possessive pronoun ("office"
    in "his office"), and ``gender`` is ``"male"``/``"female"`` when cheaply known.
    """

    kind: SourceKind
    speaker_type: SpeakerType | None
    strength: SourcingStrength | None
    name: str
    description: str | None = None
    head: str | None = None
    qualifier: str | None = None
    plural: bool = False
    gender: str | None = None
    holder: str | None = None
    possessed: str | None = None

    @property
    def is_human(self) -> bool:
        """A person, or an unnamed source made of people (not a document, not an org)."""
        return self.kind in _HUMAN_KINDS


_HUMAN_KINDS = frozenset(
    {SourceKind.PERSON, SourceKind.UNNAMED_DESCRIBED, SourceKind.UNNAMED_VAGUE}
)


_STRENGTH_OF: dict[SourceKind, tuple[SpeakerType, SourcingStrength]] = {
    SourceKind.PERSON: (SpeakerType.PERSON, SourcingStrength.ON_RECORD),
    SourceKind.ORGANIZATION: (SpeakerType.ORGANIZATION, SourcingStrength.OFFICIAL_STATEMENT),
    SourceKind.DOCUMENT: (SpeakerType.UNNAMED, SourcingStrength.DOCUMENTARY),
    SourceKind.UNNAMED_DESCRIBED: (SpeakerType.UNNAMED, SourcingStrength.ANONYMOUS_DESCRIBED),
    SourceKind.UNNAMED_VAGUE: (SpeakerType.UNNAMED, SourcingStrength.ANONYMOUS_VAGUE),
}


def make_source(kind: SourceKind, name: str, **fields: object) -> SourceClass:
    """A reading of ``kind``, with the speaker type and strength that kind earns unless
    ``fields`` give them (a document nobody names is anonymous_vague)."""
    if kind is SourceKind.BACKREF:
        return SourceClass(kind, None, None, name, **fields)  # type: ignore[arg-type]
    speaker_type, strength = _STRENGTH_OF[kind]
    if "speaker_type" in fields:
        speaker_type = fields.pop("speaker_type")  # type: ignore[assignment]
    if "strength" in fields:
        strength = fields.pop("strength")  # type: ignore[assignment]
    return SourceClass(kind, speaker_type, strength, name, **fields)  # type: ignore[arg-type]


Classifier = Callable[[str], "SourceClass"]
"""``classify_source``, handed to the rules that read a part of a mention as a mention of
its own (the owner in "X’s office", the principal of "a spokesman for X"): they are
below the classifier and cannot import it without a cycle."""

Subject = TypeVar("Subject")
Answer = TypeVar("Answer")


def first_answer(rules: Sequence[Callable[[Subject], Answer]], subject: Subject) -> Answer | None:
    """The answer of the first rule in ``rules`` that gives one (not None).

    The classification is written as ordered tables of small named rules: a reader sees
    the order, and a change to one rule cannot silently reorder another."""
    for rule in rules:
        answer = rule(subject)
        if answer is not None:
            return answer
    return None


@dataclass(frozen=True, slots=True)
class Pronoun:
    """What a pronoun can point back to (see ``pronouns.tsv``)."""

    gender: str | None
    plural: bool
    points_to: str


PRONOUNS: dict[str, Pronoun] = {
    pronoun: Pronoun(gender or None, number == "plural", points_to)
    for pronoun, gender, number, points_to in lexicon.table("pronouns")
}
POSSESSIVE_PRONOUNS: dict[str, str] = lexicon.mapping("possessive-pronouns")

DOCUMENT_NOUNS = lexicon.words("document-nouns")
ORG_NOUNS = lexicon.words("org-nouns")
STANDALONE_ORG_NOUNS = lexicon.words("standalone-org-nouns")
SPOKES_NOUNS = lexicon.words("spokes-nouns")
SPEECH_MEDIUM_NOUNS = lexicon.words("speech-medium-nouns")
POSTMODIFIER_STARTERS = lexicon.words("access-words") | lexicon.words("postmodifier-openers")
_KINSHIP_NOUNS = lexicon.words("kinship-nouns")
_PLURAL_HEADS = lexicon.words("plural-heads") | (VAGUE_HEADS & lexicon.words("plural-vague-heads"))


def head_of(words: Sequence[str]) -> str:
    """The head noun of a phrase: the word before its first post-modifier, or its last."""
    for i, w in enumerate(words):
        if i > 0 and word_key(w) in POSTMODIFIER_STARTERS:
            return word_key(words[i - 1])
    return word_key(words[-1])


def names_other_people(head: str) -> bool:
    """Whether "X’s <head>" is somebody other than X ("aides", "wife", "lawyer")."""
    return (
        head in ROLE_NOUNS
        or head in GROUP_NOUNS
        or head in _KINSHIP_NOUNS
        or looks_like_role_noun(head)
    )


def article_normalised(phrase: str) -> str:
    """ "A person familiar with ..." -> "a person ...": a capital from the sentence start
    is not part of an unnamed source's name."""
    words = phrase.split()
    if words and (word_key(words[0]) in DETERMINERS or word_key(words[0]) in VAGUE_HEADS):
        words[0] = words[0].lower()
    return " ".join(words)


def is_plural(head: str) -> bool:
    """Whether a head noun names more than one ("people", "officials", "others")."""
    if head in _PLURAL_HEADS:
        return True
    return head.endswith("s") and not head.endswith(("ss", "us", "is"))


def role_gender(head: str) -> str | None:
    """ "male" for "spokesman", "female" for "spokeswoman", else None."""
    if head in MASCULINE_ROLE_WORDS:
        return "male"
    if head in FEMININE_ROLE_WORDS:
        return "female"
    return None
