"""What a possessive names: "Netanyahu’s office", "Trump’s claim", "his spokesman".

Two ordered tables, first answer wins, the last rule of each always answers:

* ``POSSESSIVE_RULES`` read "X’s Y" with X named in the mention: "Netanyahu’s office"
  is an office with holder Netanyahu (a speaker distinct from Netanyahu, which an
  office must be), "Trump’s spokesman" his office, "the GAO’s report" a document,
  "Trump’s remarks" and "Trump’s claim" Trump himself, "Trump’s aides" other people.
* ``POSSESSED_RULES`` read "his Y" once "his" has resolved to an earlier speaker
  (:mod:`provenance.language.backrefs`): "his office" after "Benjamin Netanyahu" is
  "Benjamin Netanyahu’s office", "his speech" the owner himself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from provenance.language.names import VAGUE_HEADS
from provenance.language.sources import (
    DOCUMENT_NOUNS,
    ORG_NOUNS,
    SPEECH_MEDIUM_NOUNS,
    SPOKES_NOUNS,
    Classifier,
    SourceClass,
    SourceKind,
    article_normalised,
    first_answer,
    head_of,
    is_plural,
    make_source,
    names_other_people,
)
from provenance.vocabulary import SpeakerType

__all__ = [
    "POSSESSED_RULES",
    "POSSESSIVE_NAME_RE",
    "POSSESSIVE_RULES",
    "Owned",
    "Possessive",
    "read_possessed",
    "read_possessive",
]

POSSESSIVE_NAME_RE = re.compile(r"^(?P<owner>.+?)(?P<mark>['’]s)\s+(?P<rest>.+)$")
"""A name with a possessive before its last words: "Netanyahu’s office"."""


# --------------------------------------------------------------------- "X’s Y"


@dataclass(frozen=True, slots=True)
class Possessive:
    """ "X’s Y" taken apart: the owner's reading, and the noun it owns."""

    core: str
    description: str | None
    owner: SourceClass
    mark: str
    rest: str
    head: str

    @property
    def name(self) -> str:
        return f"{self.owner.name}{self.mark} {self.rest}"

    @property
    def holder(self) -> str | None:
        """The person an office belongs to ("Netanyahu’s office"), if a person owns it."""
        return self.owner.name if self.owner.kind is SourceKind.PERSON else None

    @property
    def named_owner(self) -> bool:
        return self.owner.kind in {SourceKind.PERSON, SourceKind.ORGANIZATION}

    @classmethod
    def of(
        cls, core: str, name: str, description: str | None, classify: Classifier
    ) -> Possessive | None:
        """ "X’s Y" read off a name, the owner X classified as a mention of its own;
        None when the name has no possessive."""
        match = POSSESSIVE_NAME_RE.match(name)
        if match is None:
            return None
        rest = match.group("rest")
        return cls(
            core,
            description,
            classify(match.group("owner")),
            match.group("mark"),
            rest,
            head_of(rest.split()),
        )

    def owner_speaking(self) -> SourceClass:
        """The owner, described as the mention describes it if it does."""
        return replace(self.owner, description=self.description or self.owner.description)


def owned_document(p: Possessive) -> SourceClass | None:
    """ "the GAO’s report", "Trump’s tax returns": a document, the owner's if named."""
    if p.head in DOCUMENT_NOUNS and p.head not in SPEECH_MEDIUM_NOUNS:
        return make_source(
            SourceKind.DOCUMENT,
            p.name,
            description=p.description,
            head=p.head,
            speaker_type=SpeakerType.ORGANIZATION if p.named_owner else SpeakerType.UNNAMED,
        )
    return None


def owners_speech(p: Possessive) -> SourceClass | None:
    """ "Trump’s remarks", "Clinton’s tweet": the owner speaking."""
    return p.owner_speaking() if p.head in SPEECH_MEDIUM_NOUNS and p.named_owner else None


def owners_spokesperson(p: Possessive) -> SourceClass | None:
    """ "Trump’s spokesman" is Trump’s office; "the ministry’s spokesman" the ministry."""
    if p.head not in SPOKES_NOUNS or not p.named_owner:
        return None
    principal = f"{p.owner.name}{p.mark} office" if p.holder else p.owner.name
    return make_source(
        SourceKind.ORGANIZATION, principal, description=p.description, head=p.head, holder=p.holder
    )


def owners_organisation(p: Possessive) -> SourceClass | None:
    """ "Netanyahu’s office", "Trump’s campaign": an organisation with its holder."""
    if p.head in ORG_NOUNS and p.named_owner:
        return make_source(
            SourceKind.ORGANIZATION, p.name, description=p.description, head=p.head, holder=p.holder
        )
    return None


def owners_vague_circle(p: Possessive) -> SourceClass | None:
    """ "Trump’s friends", "the senator’s associates": people around the owner."""
    if p.head in VAGUE_HEADS:
        return make_source(
            SourceKind.UNNAMED_VAGUE, article_normalised(p.core), head=p.head, plural=True
        )
    return None


def owners_own_words(p: Possessive) -> SourceClass | None:
    """ "Trump’s claim", "Clinton's argument": the owner is the one speaking."""
    return p.owner_speaking() if p.named_owner and not names_other_people(p.head) else None


def owners_people(p: Possessive) -> SourceClass | None:
    """ "Trump’s aides", "the minister’s wife": other people, described by the owner."""
    return make_source(
        SourceKind.UNNAMED_DESCRIBED,
        article_normalised(p.core),
        description=p.description,
        head=p.head,
        plural=is_plural(p.head) or " and " in f" {p.rest} ",
    )


POSSESSIVE_RULES = (
    owned_document,
    owners_speech,
    owners_spokesperson,
    owners_organisation,
    owners_vague_circle,
    owners_own_words,
    owners_people,
)
"""The rules for "X’s Y" in the order they are tried; the last always answers."""


def read_possessive(
    core: str, name: str, description: str | None, classify: Classifier
) -> SourceClass | None:
    """The reading of "X’s Y" in ``name``; None when it has no possessive."""
    possessive = Possessive.of(core, name, description, classify)
    return first_answer(POSSESSIVE_RULES, possessive) if possessive else None


# --------------------------------------------------------------------- "his Y"
@dataclass(frozen=True, slots=True)
class Owned:
    """What a possessive pronoun owns ("his *office*"), with the owner it resolved to."""

    owner: SourceClass
    possessed: str

    @property
    def name(self) -> str:
        return f"{self.owner.name}’s {self.possessed}"

    @property
    def holder(self) -> str | None:
        return self.owner.name if self.owner.kind is SourceKind.PERSON else None

    def unnamed_people(self) -> SourceClass:
        return make_source(
            SourceKind.UNNAMED_DESCRIBED,
            self.name,
            head=self.possessed,
            plural=is_plural(self.possessed),
        )


def unnamed_owner(o: Owned) -> SourceClass | None:
    """ "his aides" after "a senior official": people around an unnamed source;
    anything else of an unnamed owner ("its report") is the owner itself."""
    if o.owner.kind in {SourceKind.PERSON, SourceKind.ORGANIZATION}:
        return None
    if o.owner.is_human and names_other_people(o.possessed):
        return o.unnamed_people()
    return o.owner


def his_words(o: Owned) -> SourceClass | None:
    """ "his speech", "her remarks": the owner speaking."""
    return o.owner if o.possessed in SPEECH_MEDIUM_NOUNS else None


def his_spokesperson(o: Owned) -> SourceClass | None:
    """ "his spokesman": the owner's office."""
    if o.possessed not in SPOKES_NOUNS:
        return None
    return make_source(
        SourceKind.ORGANIZATION, f"{o.owner.name}’s office", head="office", holder=o.holder
    )


def his_organisation(o: Owned) -> SourceClass | None:
    """ "his office", "her campaign": an organisation with its holder."""
    if o.possessed not in ORG_NOUNS:
        return None
    return make_source(SourceKind.ORGANIZATION, o.name, head=o.possessed, holder=o.holder)


def his_document(o: Owned) -> SourceClass | None:
    """ "his report", "their poll": a document of a named owner."""
    if o.possessed not in DOCUMENT_NOUNS:
        return None
    return make_source(
        SourceKind.DOCUMENT, o.name, head=o.possessed, speaker_type=SpeakerType.ORGANIZATION
    )


def his_circle(o: Owned) -> SourceClass | None:
    """ "his friends", "her associates": vague people around the owner."""
    if o.possessed not in VAGUE_HEADS:
        return None
    return make_source(SourceKind.UNNAMED_VAGUE, o.name, head=o.possessed, plural=True)


def his_view(o: Owned) -> SourceClass | None:
    """ "his famous demand", "her view": the owner speaking."""
    return o.owner if not names_other_people(o.possessed) else None


def his_people(o: Owned) -> SourceClass | None:
    """ "his aides", "her lawyer": other people, described by the owner."""
    return o.unnamed_people()


POSSESSED_RULES = (
    unnamed_owner,
    his_words,
    his_spokesperson,
    his_organisation,
    his_document,
    his_circle,
    his_view,
    his_people,
)
"""The rules for what a possessive pronoun owns, in order; the last always answers."""


def read_possessed(owner: SourceClass, possessed: str) -> SourceClass:
    """The speaker "his <possessed>" is, once "his" resolved to ``owner``."""
    answer = first_answer(POSSESSED_RULES, Owned(owner, possessed))
    assert answer is not None, "his_people always answers"
    return answer
