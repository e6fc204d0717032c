"""Back-references: which earlier speaker a mention points to, and what to record.

``resolve_backreference`` finds the earlier mention a pronoun ("he", "they"), a
definite description ("the official", "the campaign") or a short name ("Lindenstrauss")
points to (the rules are in its docstring); ``resolve_source`` turns a mention into the
class to record, following a backref when it can and falling back to a conservative
reading when it cannot. A bare surname of a person named earlier in the article is that
person, before any reading of the word alone as a place or an organisation: "Hill"
after "Fiona Hill" is not The Hill, nor "Jordan" after "Michael Jordan" the country.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache

from provenance.language import lexicon
from provenance.language.classify import classify_source
from provenance.language.names import (
    DEMONYMS,
    DETERMINERS,
    PARTY_AND_DESCRIPTOR_WORDS,
    ROLE_ABBREVIATIONS,
    VAGUE_HEADS,
    alias_variants,
    word_key,
)
from provenance.language.possessives import read_possessed
from provenance.language.sources import (
    ORG_NOUNS,
    PRONOUNS,
    STANDALONE_ORG_NOUNS,
    SourceClass,
    SourceKind,
    make_source,
)
from provenance.text.folding import fold_key
from provenance.vocabulary import SpeakerType

__all__ = ["resolve_backreference", "resolve_source"]

# Roles that "the X" may stand for, by synonym: "the Israeli leader" after a president.
_ROLE_SYNONYMS: dict[str, frozenset[str]] = {
    role: frozenset(accepts.split()) for role, accepts in lexicon.table("role-synonyms")
}
_MODIFIER_WORDS = PARTY_AND_DESCRIPTOR_WORDS | DEMONYMS


def _role_words(source: SourceClass) -> set[str]:
    """Role nouns in a source's description, head and name, abbreviations expanded."""
    words: set[str] = set()
    for text in (source.description or "", source.name if source.kind != SourceKind.PERSON else ""):
        for raw in text.split():
            key = word_key(raw)
            words.add(ROLE_ABBREVIATIONS.get(key, key))
            if key.endswith("s"):
                words.add(key[:-1])
    if source.head:
        words.add(source.head)
        if source.head.endswith("s"):
            words.add(source.head[:-1])
    return words


def _singular(word: str) -> str:
    if word.endswith("people"):
        return word[: -len("people")] + "person"
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _compatible_gender(wanted: str | None, candidate: SourceClass) -> bool:
    return wanted is None or candidate.gender is None or candidate.gender == wanted


def _last(earlier: Sequence[SourceClass], accept: Callable[[SourceClass], bool]) -> int | None:
    for index in range(len(earlier) - 1, -1, -1):
        if accept(earlier[index]):
            return index
    return None


def resolve_backreference(mention: str, earlier: Sequence[SourceClass]) -> int | None:
    """Index into ``earlier`` of the speaker ``mention`` points back to, or None.

    ``earlier`` holds the classified mentions before this one, in document order (most
    recent last); backrefs among them should already be replaced by what they resolved
    to (``resolve_source`` does that). The rules, applied to the most recent first:

    * "he"/"she" (and "him", "his office"): the last singular human source, a person
      or an unnamed one ("a senior official ... he said"), skipping one whose gender
      (from Mr./Mrs./Ms., a gendered role word or a common given name) is the other.
    * "they"/"them"/"their": the last plural source or organisation ("both countries",
      "Israeli officials", "Peck and Mahaney").
    * "it"/"its": the last organisation or document.
    * "I"/"we": the last speaker of any kind but a document (the quoted speaker);
      "you" points to no source.
    * "who": the last human source; "which": the last organisation or document;
      "that"/"whose": the last source.
    * "the official", "the minister", "the senator", "the president", "the second
      official", "the Republican nominee": the last human source whose head noun or
      description holds the role (Sen. counts as senator; "the leader" accepts a
      president or prime minister; "the candidate" a nominee); plural roles want a
      plural source. Modifiers in the mention ("Republican", "Israeli") must appear in
      the candidate when it has a description.
    * "the person", "the source", "the people": the last unnamed source with the same
      head noun ("source" accepts any unnamed source).
    * "the person familiar with X": the last unnamed source whose qualifier is X (so
      "the person familiar with Israeli government deliberations" does not resolve to
      "a person familiar with the plans"; it is a source of its own).
    * "the campaign", "the company", "the administration": the last organisation with
      that head noun ("Trump’s campaign", "the Clinton campaign").
    * "the poll", "the report": the last document with that head noun.
    * A named person ("Lindenstrauss", "Mr. Trump") resolves to the last person whose
      alias variants include the name ("Gallia Lindenstrauss"); a named organisation to
      the last one with the same folded name. This links a short form to the full one.
    * A bare name the lists read as a place or an organisation ("Hill", "Jordan",
      "Chad") that is also the surname (or the whole name) of a person named earlier
      resolves to that person first: "Hill said" after "Fiona Hill" is Fiona Hill, but
      "the Hill reported" is still the newspaper.

    None means the mention starts a new speaker (or points to nothing recognisable).
    """
    source = classify_source(mention)
    if source.kind is SourceKind.PERSON and not source.plural:
        key = _fold(source.name)
        mine = _person_keys(source.name)

        def same_person(c: SourceClass) -> bool:
            if c.kind is not SourceKind.PERSON or c.plural:
                return False
            return key in _person_keys(c.name) or _fold(c.name) in mine

        return _last(earlier, same_person)
    if source.kind is SourceKind.ORGANIZATION:
        key = _fold(source.name)
        if word_key(mention.split()[0]) != "the":  # "the Hill" is the newspaper
            person = _last(earlier, lambda c: _is_person_called(c, key))
            if person is not None:
                return person
        return _last(earlier, lambda c: c.kind is SourceKind.ORGANIZATION and _fold(c.name) == key)
    if source.kind is SourceKind.DOCUMENT:
        if not source.name.lower().startswith(("the ", "this ", "that ")):
            return None
        head = _singular(source.head or "")
        return _last(
            earlier,
            lambda c: c.kind is SourceKind.DOCUMENT and _singular(c.head or "") == head,
        )
    if source.kind in {SourceKind.UNNAMED_VAGUE, SourceKind.UNNAMED_DESCRIBED}:
        return _resolve_definite_unnamed(source, earlier)
    if source.kind is not SourceKind.BACKREF:
        return None
    if source.head in PRONOUNS:
        return _resolve_pronoun(source, earlier)
    return _resolve_definite(source, earlier)


def _is_person_called(candidate: SourceClass, key: str) -> bool:
    """Whether ``candidate`` is one person whose name or short form folds to ``key``."""
    return (
        candidate.kind is SourceKind.PERSON
        and not candidate.plural
        and key in _person_keys(candidate.name)
    )


_fold = lru_cache(maxsize=8192)(fold_key)


@lru_cache(maxsize=8192)
def _person_keys(name: str) -> frozenset[str]:
    """The folded alias variants of a person's name (cached: an article names the same
    people again and again, and every back-reference compares against them)."""
    return frozenset(fold_key(v) for v in alias_variants(name))


def _resolve_pronoun(source: SourceClass, earlier: Sequence[SourceClass]) -> int | None:
    head = source.head or ""
    points_to = PRONOUNS[head].points_to
    if points_to == "human":
        return _last(
            earlier,
            lambda c: c.is_human and not c.plural and _compatible_gender(source.gender, c),
        )
    if points_to == "group":
        return _last(earlier, lambda c: c.plural or c.kind is SourceKind.ORGANIZATION)
    if points_to == "thing":
        return _last(earlier, lambda c: c.kind in {SourceKind.ORGANIZATION, SourceKind.DOCUMENT})
    if points_to == "speaker":
        return _last(earlier, lambda c: c.kind is not SourceKind.DOCUMENT)
    if points_to == "relative_human":
        return _last(earlier, lambda c: c.is_human)
    if points_to == "relative_thing":
        return _last(earlier, lambda c: c.kind in {SourceKind.ORGANIZATION, SourceKind.DOCUMENT})
    if points_to == "relative":
        return len(earlier) - 1 if earlier else None
    return None


def _resolve_definite(source: SourceClass, earlier: Sequence[SourceClass]) -> int | None:
    head = source.head or ""
    if head in ORG_NOUNS or head in STANDALONE_ORG_NOUNS:
        return _last(
            earlier,
            lambda c: (
                c.kind is SourceKind.ORGANIZATION and _singular(c.head or "") == _singular(head)
            ),
        )
    if head in VAGUE_HEADS or head in DETERMINERS:
        singular = _singular(head)
        if singular == "source":
            return _last(earlier, lambda c: c.speaker_type is SpeakerType.UNNAMED and c.is_human)
        return _last(
            earlier,
            lambda c: (
                c.kind in {SourceKind.UNNAMED_VAGUE, SourceKind.UNNAMED_DESCRIBED}
                and _singular(c.head or "") == singular
            ),
        )
    wanted = _singular(head)
    accepted = _ROLE_SYNONYMS.get(wanted, frozenset({wanted})) | {wanted}
    modifiers = {
        word_key(w)
        for w in source.name.split()[1:-1]
        if word_key(w) in _MODIFIER_WORDS
        and word_key(w) not in {"former", "senior", "top", "junior"}
    }

    def holds_role(c: SourceClass) -> bool:
        if not c.is_human or c.plural != source.plural:
            return False
        if not _compatible_gender(source.gender, c):
            return False
        roles = {_singular(r) for r in _role_words(c)}
        if not roles & accepted:
            return False
        if not modifiers or (c.kind is SourceKind.PERSON and c.description is None):
            return True
        context = {word_key(w) for w in f"{c.name} {c.description or ''}".split()}
        context |= {_singular(w) for w in context}
        return modifiers <= context or _demonym_matches(modifiers, context)

    return _last(earlier, holds_role)


def _demonym_matches(modifiers: set[str], context: set[str]) -> bool:
    """ "Israeli" in the mention matches "Israel’s" in the candidate's description."""
    stems = {m[:4] for m in modifiers}
    return all(any(c.startswith(stem) for c in context) for stem in stems)


def _resolve_definite_unnamed(source: SourceClass, earlier: Sequence[SourceClass]) -> int | None:
    if not source.name.lower().startswith(("the ", "this ", "that ", "these ", "those ")):
        return None
    qualifier = fold_key(source.qualifier or "")
    head = _singular(source.head or "")
    return _last(
        earlier,
        lambda c: (
            c.kind in {SourceKind.UNNAMED_VAGUE, SourceKind.UNNAMED_DESCRIBED}
            and _singular(c.head or "") == head
            and fold_key(c.qualifier or "") == qualifier
        ),
    )


def resolve_source(mention: str, earlier: Sequence[SourceClass]) -> SourceClass:
    """The class to record for ``mention``: its antecedent's when it points back.

    A pronoun or definite description that resolves takes the antecedent's class
    (name, type, strength). A possessive pronoun builds the possessed speaker from its
    owner: "his office" after "Benjamin Netanyahu" is the organisation "Benjamin
    Netanyahu’s office" with that holder; "his speech" is the owner himself. A
    backref that resolves to nothing falls back to what the words alone support: a
    pronoun or "the person" is ``unnamed_vague``; a role ("the official") is
    ``unnamed_described``; an organisation noun ("the campaign") is an
    ``official_statement`` of an organisation named as written. A named short form
    ("Lindenstrauss") takes the full name of the person it resolves to, and so does a
    surname that the lists alone would read as a place or an organisation ("Hill" after
    "Fiona Hill").
    """
    source = classify_source(mention)
    index = resolve_backreference(mention, earlier)
    if source.kind is SourceKind.BACKREF:
        if index is not None:
            antecedent = earlier[index]
            if source.possessed is not None:
                return read_possessed(antecedent, source.possessed)
            return antecedent
        return _unresolved(source)
    if index is not None and source.kind is SourceKind.ORGANIZATION:
        antecedent = earlier[index]
        if antecedent.kind is SourceKind.PERSON:
            return antecedent  # "Hill" after "Fiona Hill"
    if index is not None and source.kind is SourceKind.PERSON:
        antecedent = earlier[index]
        if len(antecedent.name) > len(source.name):
            return replace(source, name=antecedent.name, description=antecedent.description)
    return source


def _unresolved(source: SourceClass) -> SourceClass:
    head = source.head or ""
    fields = {
        "description": source.description,
        "head": source.head,
        "qualifier": source.qualifier,
        "plural": source.plural,
        "gender": source.gender,
    }
    if head in PRONOUNS or head in VAGUE_HEADS or head in DETERMINERS:
        return make_source(SourceKind.UNNAMED_VAGUE, source.name, **fields)
    if head in ORG_NOUNS or head in STANDALONE_ORG_NOUNS:
        words = source.name.split()
        name = (
            " ".join(words[1:]) if len(words) > 1 and word_key(words[0]) == "the" else source.name
        )
        return make_source(SourceKind.ORGANIZATION, name, **fields)
    return make_source(SourceKind.UNNAMED_DESCRIBED, source.name, **fields)
