"""``classify_source``: read one source mention as written, by an ordered table of rules.

The rules are tried in the order of ``CLASSIFY_RULES`` and the first answer wins:

1. pronouns first ("he", "I've", "his", "one of them", "she, a senior official"), since
   nothing else a mention says can outweigh them;
2. then a person the mention names, even after a possessive pronoun ("His campaign
   manager, Jeff Weaver");
3. then a possessive pronoun's phrase ("his office"), a back-reference to its owner;
4. then anything else the mention names (an organisation, a place, an office: the
   rules of :mod:`provenance.language.named_sources`);
5. and last the common noun phrase (:mod:`provenance.language.noun_phrases`), which
   always gives a reading.

See :mod:`provenance.language.sources` for the kinds and strengths a reading has.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cached_property, lru_cache

from provenance.language import lexicon
from provenance.language.mentions import MentionParts, clean_mention, parse_mention
from provenance.language.named_sources import read_named
from provenance.language.names import word_key
from provenance.language.noun_phrases import read_noun_phrase
from provenance.language.sources import (
    POSSESSIVE_PRONOUNS,
    PRONOUNS,
    SourceClass,
    SourceKind,
    first_answer,
    head_of,
    make_source,
)

__all__ = ["CLASSIFY_RULES", "Mention", "classify_source"]


class Mention:
    """A source mention as the rules read it: cleaned, split into words, and (only when
    a rule asks) taken apart into name and description."""

    def __init__(self, mention: str) -> None:
        self.text = clean_mention(mention)
        if not self.text or not any(ch.isalnum() for ch in self.text):
            raise ValueError(f"not a source mention: {mention!r}")
        self.words = self.text.split()
        self.first = word_key(self.words[0])

    @cached_property
    def parts(self) -> MentionParts:
        return parse_mention(self.text)

    @cached_property
    def named(self) -> SourceClass | None:
        """What the mention names (a person, an organisation, an office), or None when
        it names nobody and is a common noun phrase."""
        parts = self.parts
        return read_named(parts.core, parts.name, parts.description, classify_source)


def _pronoun(text: str, key: str) -> SourceClass:
    pronoun = PRONOUNS[key]
    return make_source(
        SourceKind.BACKREF, text, head=key, plural=pronoun.plural, gender=pronoun.gender
    )


_CONTRACTION_RE = re.compile(r"'(?:ve|d|m|ll|re|s)$")


def contracted_pronoun(mention: Mention) -> SourceClass | None:
    """ "I've said", "we'd argued": a pronoun with a contracted verb."""
    if len(mention.words) != 1 or "'" not in mention.first:
        return None
    bare = _CONTRACTION_RE.sub("", mention.first)
    if bare in PRONOUNS and bare not in {"who", "that", "which"}:
        return replace(_pronoun(mention.text, bare), name=mention.text)
    return None


def pronoun(mention: Mention) -> SourceClass | None:
    """ "he", "they", "we": a back-reference."""
    if len(mention.words) == 1 and mention.first in PRONOUNS:
        return _pronoun(mention.text, mention.first)
    return None


def bare_possessive_pronoun(mention: Mention) -> SourceClass | None:
    """ "his" alone ("his claim that ..." cut short): the pronoun it stands for."""
    if len(mention.words) == 1 and mention.first in POSSESSIVE_PRONOUNS:
        return replace(
            _pronoun(mention.text, POSSESSIVE_PRONOUNS[mention.first]), name=mention.text
        )
    return None


_PARTITIVE_PRONOUN_RE = re.compile(
    r"^(?:"
    + "|".join(
        r"\s+".join(map(re.escape, q.split()))
        for q in lexicon.entries("partitive-pronoun-quantifiers")
    )
    + r")\s+of\s+(?P<pronoun>them|those|these|us)$",
    re.IGNORECASE,
)
_PARTITIVE_PRONOUNS = {"those": "they", "these": "they", "them": "they", "us": "we"}


def partitive_pronoun(mention: Mention) -> SourceClass | None:
    """ "one of them", "some of us": a member of the group named before."""
    match = _PARTITIVE_PRONOUN_RE.match(mention.text)
    if match is None:
        return None
    key = word_key(match.group("pronoun"))
    return replace(_pronoun(mention.text, _PARTITIVE_PRONOUNS.get(key, key)), name=mention.text)


def pronoun_with_apposition(mention: Mention) -> SourceClass | None:
    """ "she, a senior official": a pronoun whose apposition describes it."""
    core_words = mention.parts.core.split()
    if len(core_words) == 1 and word_key(core_words[0]) in PRONOUNS:
        return replace(_pronoun(core_words[0], word_key(core_words[0])), name=mention.text)
    return None


def named_person(mention: Mention) -> SourceClass | None:
    """A person the mention names, even after a possessive pronoun ("His campaign
    manager, Jeff Weaver")."""
    named = mention.named
    if named is not None and named.kind is SourceKind.PERSON:
        return named
    return None


def possessive_pronoun_phrase(mention: Mention) -> SourceClass | None:
    """ "his office", "their spokesman": a back-reference to the owner, with the noun it
    owns (``resolve_source`` builds the speaker from the owner)."""
    if mention.first not in POSSESSIVE_PRONOUNS:
        return None
    owned = mention.parts.core.split()[1:]
    key = POSSESSIVE_PRONOUNS[mention.first]
    if not owned:  # "his, ..."
        return replace(_pronoun(mention.text, key), name=mention.text)
    pronoun = PRONOUNS.get(key)
    return make_source(
        SourceKind.BACKREF,
        mention.text,
        head=key,
        plural=pronoun.plural if pronoun else False,
        gender=pronoun.gender if pronoun else None,
        possessed=head_of(owned),
    )


def named_source(mention: Mention) -> SourceClass | None:
    """An organisation, place or office the mention names ("Ankara", "the White House",
    "Netanyahu’s office")."""
    return mention.named


def noun_phrase(mention: Mention) -> SourceClass | None:
    """Everything else is a common noun phrase: an unnamed source, a document, an
    organisation by its noun, or a definite description that points back."""
    return read_noun_phrase(mention.parts.restrictive, mention.parts.apposition, classify_source)


CLASSIFY_RULES = (
    contracted_pronoun,
    pronoun,
    bare_possessive_pronoun,
    partitive_pronoun,
    pronoun_with_apposition,
    named_person,
    possessive_pronoun_phrase,
    named_source,
    noun_phrase,
)
"""The rules of ``classify_source`` in the order they are tried; the last always
answers."""


@lru_cache(maxsize=8192)
def classify_source(mention: str) -> SourceClass:
    """Classify one source mention as written in the article.

    >>> classify_source("a Turkish defence official").strength
    <SourcingStrength.ANONYMOUS_DESCRIBED: 'anonymous_described'>
    >>> classify_source("US President Donald Trump").name
    'Donald Trump'

    Raises ``ValueError`` for an empty mention. Readings are cached: a mention is
    classified once however often an article (or an archive) repeats it.
    """
    reading = first_answer(CLASSIFY_RULES, Mention(mention))
    assert reading is not None, "noun_phrase always answers"
    return reading
