"""The ordered rule tables of the English rules: each rule decides a mention of its own,
and the order of every table is pinned, so a change to one rule cannot silently reorder
another. Also the fix that a bare surname of a person named earlier is that person,
before the places and organisations lists ("Hill" after "Fiona Hill")."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from provenance.cli import cli
from provenance.language.backrefs import resolve_backreference, resolve_source
from provenance.language.classify import CLASSIFY_RULES, Mention, classify_source
from provenance.language.mentions import clean_mention, parse_mention
from provenance.language.named_sources import NAMED_RULES, NOT_A_NAME, NamedMention
from provenance.language.noun_phrases import (
    ORGANISATION_NOUN_RULES,
    PHRASE_RULES,
    SPOKESPERSON_RULES,
    NounPhrase,
)
from provenance.language.possessives import POSSESSED_RULES, POSSESSIVE_RULES, Owned, Possessive
from provenance.language.sources import SourceClass, SourceKind
from provenance.vocabulary import SourcingStrength

P, ORG, D = SourceKind.PERSON, SourceKind.ORGANIZATION, SourceKind.DOCUMENT
DESC, VAGUE, BACK = SourceKind.UNNAMED_DESCRIBED, SourceKind.UNNAMED_VAGUE, SourceKind.BACKREF
NOT = NOT_A_NAME


def deciding(rules: Sequence[Callable[[Any], object]], subject: object) -> tuple[str, Any]:
    """The name of the first rule that answers for ``subject``, and its answer."""
    for rule in rules:
        answer = rule(subject)
        if answer is not None:
            return rule.__name__, answer
    raise AssertionError("no rule answered")


def kind_and_name(answer: object) -> tuple[object, str | None]:
    if isinstance(answer, SourceClass):
        return answer.kind, answer.name
    return answer, None


def named(text: str) -> NamedMention:
    parts = parse_mention(clean_mention(text))
    return NamedMention(parts.core, parts.name, parts.description, classify_source)


def phrase(text: str) -> NounPhrase:
    parts = parse_mention(clean_mention(text))
    return NounPhrase(parts.restrictive, parts.apposition, classify_source)


def possessive(text: str) -> Possessive:
    parts = parse_mention(clean_mention(text))
    found = Possessive.of(parts.core, parts.name, parts.description, classify_source)
    assert found is not None
    return found


# -------------------------------------------------------------------- the order


def names(rules: Sequence[Callable[..., object]]) -> list[str]:
    return [rule.__name__ for rule in rules]


def test_classify_source_tries_pronouns_then_names_then_noun_phrases() -> None:
    assert names(CLASSIFY_RULES) == [
        "contracted_pronoun",
        "pronoun",
        "bare_possessive_pronoun",
        "partitive_pronoun",
        "pronoun_with_apposition",
        "named_person",
        "possessive_pronoun_phrase",
        "named_source",
        "noun_phrase",
    ]


def test_the_naming_rules_read_the_lists_before_the_shape_of_a_name() -> None:
    assert names(NAMED_RULES) == [
        "no_name_words",
        "possessive_name",
        "place_or_known_organisation",
        "media_title",
        "places_and_organisations_joined",
        "website",
        "capitalised_common_noun",
        "plural_demonym",
        "camel_case_brand",
        "honorific_surname",
        "day_as_given_name",
        "personal_name",
        "not_a_proper_phrase",
        "named_group",
        "people_in_organisation",
        "media_title_with_article",
        "demonym_surname",
        "single_letter",
        "capitalised_common_head",
        "document_title",
        "descriptor_first",
        "collective_states",
        "organisation_name",
        "not_name_words",
        "proper_name",
    ]


def test_a_noun_phrase_is_read_by_its_head_documents_first() -> None:
    assert names(PHRASE_RULES) == [
        "document",
        "spokesperson",
        "collective_governments",
        "organisation_noun",
        "vague_head",
        "group",
        "role",
        "capitalised_head",
        "anything_else",
    ]
    assert names(SPOKESPERSON_RULES) == [
        "principals_person",
        "principals_organisation",
        "unnamed_statement",
        "the_spokesperson",
        "unnamed_principals_spokesperson",
    ]
    assert names(ORGANISATION_NOUN_RULES) == [
        "people_in_it",
        "several_of_them",
        "named_organisation",
        "standalone_organisation",
        "the_organisation",
        "unnamed_organisation",
    ]


def test_a_possessive_is_read_document_and_speech_before_organisation() -> None:
    assert names(POSSESSIVE_RULES) == [
        "owned_document",
        "owners_speech",
        "owners_spokesperson",
        "owners_organisation",
        "owners_vague_circle",
        "owners_own_words",
        "owners_people",
    ]
    assert names(POSSESSED_RULES) == [
        "unnamed_owner",
        "his_words",
        "his_spokesperson",
        "his_organisation",
        "his_document",
        "his_circle",
        "his_view",
        "his_people",
    ]


def test_every_rule_has_a_case_of_its_own_below() -> None:
    tables = {
        "classify": (CLASSIFY_RULES, CLASSIFY_CASES),
        "named": (NAMED_RULES, NAMED_CASES),
        "phrase": (PHRASE_RULES, PHRASE_CASES),
        "spokesperson": (SPOKESPERSON_RULES, SPOKESPERSON_CASES),
        "organisation noun": (ORGANISATION_NOUN_RULES, ORGANISATION_NOUN_CASES),
        "possessive": (POSSESSIVE_RULES, POSSESSIVE_CASES),
        "possessed": (POSSESSED_RULES, POSSESSED_CASES),
    }
    for table, (rules, cases) in tables.items():
        decided = {case[0] for case in cases} | {"no_name_words"}  # tested on its own
        assert sorted(decided & set(names(rules))) == sorted(names(rules)), table
        assert {case[0] for case in cases} <= set(names(rules)), table


# -------------------------------------------------------------------- each rule

# (rule, mention, kind, name): the mention is decided by that rule, with that reading.
CLASSIFY_CASES = [
    ("contracted_pronoun", "I've", BACK, "I've"),
    ("pronoun", "he", BACK, "he"),
    ("bare_possessive_pronoun", "his", BACK, "his"),
    ("partitive_pronoun", "one of them", BACK, "one of them"),
    ("pronoun_with_apposition", "she, a senior official", BACK, "she, a senior official"),
    ("named_person", "His campaign manager, Jeff Weaver", P, "Jeff Weaver"),
    ("possessive_pronoun_phrase", "his office", BACK, "his office"),
    ("named_source", "the White House", ORG, "White House"),
    ("noun_phrase", "a Turkish defence official", DESC, "a Turkish defence official"),
]


@pytest.mark.parametrize(("rule", "mention", "kind", "name"), CLASSIFY_CASES)
def test_classify_rule(rule: str, mention: str, kind: SourceKind, name: str) -> None:
    decided_by, answer = deciding(CLASSIFY_RULES, Mention(mention))
    assert decided_by == rule
    assert kind_and_name(answer) == (kind, name)
    assert classify_source(mention) == answer


NAMED_CASES = [
    ("possessive_name", "Netanyahu’s office", ORG, "Netanyahu’s office"),
    ("place_or_known_organisation", "Ankara", ORG, "Ankara"),
    ("media_title", "the Orlando Sentinel", ORG, "Orlando Sentinel"),
    ("places_and_organisations_joined", "Tennessee and Virginia", ORG, "Tennessee and Virginia"),
    ("website", "Factcheck.org", ORG, "Factcheck.org"),
    ("capitalised_common_noun", "Companies", NOT, None),
    ("plural_demonym", "Iowans", NOT, None),
    ("camel_case_brand", "ProPublica", ORG, "ProPublica"),
    ("honorific_surname", "Mr. King", P, "King"),
    ("day_as_given_name", "Sunday Adelaja", P, "Sunday Adelaja"),
    ("personal_name", "Hakan Fidan", P, "Hakan Fidan"),
    ("not_a_proper_phrase", "the campaign", NOT, None),
    ("named_group", "Reporters Without Borders", ORG, "Reporters Without Borders"),
    ("people_in_organisation", "Democrats in Congress", NOT, None),
    ("media_title_with_article", "The Chicago Tribune", ORG, "The Chicago Tribune"),
    ("demonym_surname", "Cuban", P, "Cuban"),
    ("single_letter", "Q", NOT, None),
    ("capitalised_common_head", "the Arizona Republican", NOT, None),
    ("document_title", "Report", NOT, None),
    ("descriptor_first", "Republicans on Capitol Hill", NOT, None),
    ("collective_states", "EU Member States", NOT, None),
    ("organisation_name", "State Department", ORG, "State Department"),
    ("not_name_words", "American-born 29-year-old", NOT, None),
    ("proper_name", "Cruz and Rubio", P, "Cruz and Rubio"),
]


@pytest.mark.parametrize(("rule", "mention", "kind", "name"), NAMED_CASES)
def test_naming_rule(rule: str, mention: str, kind: object, name: str | None) -> None:
    decided_by, answer = deciding(NAMED_RULES, named(mention))
    assert decided_by == rule
    assert kind_and_name(answer) == (kind, name)


def test_naming_rule_no_name_words() -> None:
    """An empty name (no words left once the titles are set aside) names nobody."""
    assert deciding(NAMED_RULES, NamedMention("the", "", None, classify_source)) == (
        "no_name_words",
        NOT,
    )


PHRASE_CASES = [
    ("document", "a Quinnipiac poll", D, "a Quinnipiac poll"),
    ("spokesperson", "a spokesman for Hillary Clinton", ORG, "Hillary Clinton’s office"),
    ("collective_governments", "both countries", ORG, "both countries"),
    ("organisation_noun", "the Clinton campaign", ORG, "Clinton campaign"),
    ("vague_head", "a person familiar with the matter", VAGUE, "a person familiar with the matter"),
    ("group", "voters", DESC, "voters"),
    ("role", "a Turkish defence official", DESC, "a Turkish defence official"),
    ("capitalised_head", "some Trump Devotees", DESC, "some Trump Devotees"),
    ("anything_else", "the second thing", VAGUE, "the second thing"),
]


@pytest.mark.parametrize(("rule", "mention", "kind", "name"), PHRASE_CASES)
def test_noun_phrase_rule(rule: str, mention: str, kind: SourceKind, name: str) -> None:
    decided_by, answer = deciding(PHRASE_RULES, phrase(mention))
    assert decided_by == rule
    assert kind_and_name(answer) == (kind, name)


def test_a_document_nobody_names_is_as_vague_as_people_familiar() -> None:
    _, named_poll = deciding(PHRASE_RULES, phrase("a Quinnipiac poll"))
    _, new_poll = deciding(PHRASE_RULES, phrase("a new poll"))
    assert named_poll.strength is SourcingStrength.DOCUMENTARY
    assert new_poll.strength is SourcingStrength.ANONYMOUS_VAGUE


SPOKESPERSON_CASES = [
    ("principals_person", "a spokesman for Hillary Clinton", ORG, "Hillary Clinton’s office"),
    ("principals_organisation", "a State Department spokesman", ORG, "State Department"),
    ("unnamed_statement", "a statement", D, "a statement"),
    ("the_spokesperson", "the spokeswoman", BACK, "the spokeswoman"),
    (
        "unnamed_principals_spokesperson",
        "a spokeswoman for the campaign",
        DESC,
        "a spokeswoman for the campaign",
    ),
]


@pytest.mark.parametrize(("rule", "mention", "kind", "name"), SPOKESPERSON_CASES)
def test_spokesperson_rule(rule: str, mention: str, kind: SourceKind, name: str) -> None:
    decided_by, answer = deciding(SPOKESPERSON_RULES, phrase(mention))
    assert decided_by == rule
    assert kind_and_name(answer) == (kind, name)


ORGANISATION_NOUN_CASES = [
    ("people_in_it", "many in the party", DESC, "many in the party"),
    ("several_of_them", "Six Gannett newspapers", DESC, "six Gannett newspapers"),
    ("named_organisation", "the Clinton campaign", ORG, "Clinton campaign"),
    ("standalone_organisation", "police", ORG, "police"),
    ("the_organisation", "the campaign", BACK, "the campaign"),
    ("unnamed_organisation", "a campaign", DESC, "a campaign"),
]


@pytest.mark.parametrize(("rule", "mention", "kind", "name"), ORGANISATION_NOUN_CASES)
def test_organisation_noun_rule(rule: str, mention: str, kind: SourceKind, name: str) -> None:
    decided_by, answer = deciding(ORGANISATION_NOUN_RULES, phrase(mention))
    assert decided_by == rule
    assert kind_and_name(answer) == (kind, name)


POSSESSIVE_CASES = [
    ("owned_document", "the GAO’s report", D, "GAO’s report"),
    ("owners_speech", "Trump’s remarks", P, "Trump"),
    ("owners_spokesperson", "Cameron’s spokesman", ORG, "Cameron’s office"),
    ("owners_organisation", "Netanyahu’s office", ORG, "Netanyahu’s office"),
    ("owners_vague_circle", "Trump’s friends", VAGUE, "Trump’s friends"),
    ("owners_own_words", "Trump’s claim", P, "Trump"),
    ("owners_people", "Trump’s aides", DESC, "Trump’s aides"),
]


@pytest.mark.parametrize(("rule", "mention", "kind", "name"), POSSESSIVE_CASES)
def test_possessive_rule(rule: str, mention: str, kind: SourceKind, name: str) -> None:
    decided_by, answer = deciding(POSSESSIVE_RULES, possessive(mention))
    assert decided_by == rule
    assert kind_and_name(answer) == (kind, name)


def test_an_office_keeps_its_holder() -> None:
    _, office = deciding(POSSESSIVE_RULES, possessive("Netanyahu’s office"))
    assert office.holder == "Netanyahu"


NETANYAHU = "Benjamin Netanyahu"
POSSESSED_CASES = [
    ("unnamed_owner", "a senior official", "aides", DESC, "a senior official’s aides"),
    ("his_words", NETANYAHU, "speech", P, NETANYAHU),
    ("his_spokesperson", NETANYAHU, "spokesman", ORG, "Benjamin Netanyahu’s office"),
    ("his_organisation", NETANYAHU, "office", ORG, "Benjamin Netanyahu’s office"),
    ("his_document", NETANYAHU, "report", D, "Benjamin Netanyahu’s report"),
    ("his_circle", NETANYAHU, "friends", VAGUE, "Benjamin Netanyahu’s friends"),
    ("his_view", NETANYAHU, "view", P, NETANYAHU),
    ("his_people", NETANYAHU, "aides", DESC, "Benjamin Netanyahu’s aides"),
]


@pytest.mark.parametrize(("rule", "owner", "possessed", "kind", "name"), POSSESSED_CASES)
def test_possessed_rule(rule: str, owner: str, possessed: str, kind: SourceKind, name: str) -> None:
    decided_by, answer = deciding(POSSESSED_RULES, Owned(classify_source(owner), possessed))
    assert decided_by == rule
    assert kind_and_name(answer) == (kind, name)


# ------------------------------------------- a surname before the lists (the Hill fix)


@pytest.mark.parametrize(
    ("person", "surname"),
    [
        ("Fiona Hill, a former White House adviser", "Hill"),
        ("Michael Jordan", "Jordan"),
        ("Jennifer Chad, a lawyer for the family", "Chad"),
        ("Georgia Smith", "Smith"),
    ],
)
def test_a_surname_of_a_person_named_earlier_is_that_person(person: str, surname: str) -> None:
    earlier = [classify_source(person)]
    resolved = resolve_source(surname, earlier)
    assert resolved.kind is P
    assert resolved.name == earlier[0].name
    assert resolve_backreference(surname, earlier) == 0


def test_the_whole_name_and_the_surname_of_a_person_named_earlier_are_that_person() -> None:
    earlier = [classify_source("Rep. Steve Israel (D-N.Y.)")]
    for mention in ("Steve Israel", "Israel", "Israel, a New York Democrat,"):
        resolved = resolve_source(mention, earlier)
        assert (resolved.kind, resolved.name) == (P, "Steve Israel"), mention


def test_without_that_person_the_lists_still_decide() -> None:
    assert resolve_source("Hill", []).kind is ORG  # The Hill
    assert resolve_source("Jordan", [classify_source("Fiona Hill")]).kind is ORG
    assert resolve_source("the Hill", [classify_source("Fiona Hill")]).kind is ORG
    # A first name is no alias: "Georgia" after "Georgia Smith" is the state.
    assert resolve_source("Georgia", [classify_source("Georgia Smith")]).kind is ORG


ARTICLE = (
    "Fiona Hill, a former White House adviser, said the talks had stalled.\n"
    "“We are nowhere,” Hill said.\n"
    "Michael Jordan, the former basketball player, said he would not run for office.\n"
    "“I am done with that,” Jordan said.\n"
)


def test_prov_extract_gives_the_surname_to_the_person(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(article), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [
        (r["source"]["text"], r["speaker"], r["speaker_type"], r["strength"]) for r in rows
    ] == [
        ("Fiona Hill", "Fiona Hill", "person", "on_record"),
        ("Hill", "Fiona Hill", "person", "on_record"),
        ("Michael Jordan", "Michael Jordan", "person", "on_record"),
        ("Jordan", "Michael Jordan", "person", "on_record"),
    ]
