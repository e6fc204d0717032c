"""Who is speaking and how strongly identified: classify_source and back-references."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from provenance.language.backrefs import resolve_backreference, resolve_source
from provenance.language.classify import classify_source
from provenance.language.sources import SourceClass, SourceKind
from provenance.vocabulary import SourcingStrength, SpeakerType

SEED = Path(__file__).resolve().parents[1] / "seeds" / "ft-israel-turkey-syria-2025-04.txt"
POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "polnear"

P, ORG, D = SourceKind.PERSON, SourceKind.ORGANIZATION, SourceKind.DOCUMENT
DESC, VAGUE, BACK = SourceKind.UNNAMED_DESCRIBED, SourceKind.UNNAMED_VAGUE, SourceKind.BACKREF

STRENGTH = {
    P: SourcingStrength.ON_RECORD,
    ORG: SourcingStrength.OFFICIAL_STATEMENT,
    D: SourcingStrength.DOCUMENTARY,
    DESC: SourcingStrength.ANONYMOUS_DESCRIBED,
    VAGUE: SourcingStrength.ANONYMOUS_VAGUE,
    BACK: None,
}

# Every source mention in the seed article, as written there: (mention, kind, name).
SEED_MENTIONS = [
    ("Hakan Fidan, Turkey’s foreign minister,", P, "Hakan Fidan"),
    (
        "Gallia Lindenstrauss, a senior fellow at the Institute for National Security "
        "Studies in Tel Aviv",
        P,
        "Gallia Lindenstrauss",
    ),
    ("US President Donald Trump", P, "Donald Trump"),
    ("Netanyahu", P, "Netanyahu"),
    ("Erdoğan", P, "Erdoğan"),
    ("Lindenstrauss", P, "Lindenstrauss"),
    ("Israeli Prime Minister Benjamin Netanyahu’s office", ORG, "Benjamin Netanyahu’s office"),
    ("both countries", ORG, "both countries"),
    ("Both countries", ORG, "both countries"),
    ("Ankara", ORG, "Ankara"),
    ("Israel", ORG, "Israel"),
    ("A person familiar with the matter", VAGUE, "a person familiar with the matter"),
    ("A person familiar with the plans", VAGUE, "a person familiar with the plans"),
    (
        "The person familiar with Israeli government deliberations",
        VAGUE,
        "the person familiar with Israeli government deliberations",
    ),
    ("a Turkish defence official", DESC, "a Turkish defence official"),
    ("Israeli and Turkish officials", DESC, "Israeli and Turkish officials"),
    ("an Israeli intelligence official", DESC, "an Israeli intelligence official"),
    ("Israeli officials", DESC, "Israeli officials"),
    ("a former senior Israeli official", DESC, "a former senior Israeli official"),
    ("the official", BACK, "the official"),
    ("he", BACK, "he"),
]


# Documents that nobody names: DESIGN's documentary class is for a *named* document, so
# these are as vague as "people familiar with the matter".
UNNAMED_DOCUMENTS = {
    "a new poll",
    "The poll",
    "the indictment",
    "Poll",
    "Footage",
    "data released Friday by state gaming regulators",
}


def _check(mention: str, kind: SourceKind, name: str | None) -> SourceClass:
    source = classify_source(mention)
    assert source.kind == kind, source
    if mention in UNNAMED_DOCUMENTS:
        assert source.strength is SourcingStrength.ANONYMOUS_VAGUE, source
    else:
        assert source.strength == STRENGTH[kind], source
    if name is not None:
        assert source.name == name
    return source


@pytest.mark.parametrize(("mention", "kind", "name"), SEED_MENTIONS)
def test_seed_source_mentions_classify(mention: str, kind: SourceKind, name: str) -> None:
    assert mention.rstrip(",") in SEED.read_text(encoding="utf-8")
    _check(mention, kind, name)


def test_seed_people_keep_their_titles_as_descriptions() -> None:
    assert classify_source("US President Donald Trump").description == "US President"
    fidan = classify_source("Hakan Fidan, Turkey’s foreign minister,")
    assert fidan.description == "Turkey’s foreign minister"
    office = classify_source("Israeli Prime Minister Benjamin Netanyahu’s office")
    assert office.holder == "Benjamin Netanyahu"
    assert office.description == "Israeli Prime Minister"
    assert office.speaker_type is SpeakerType.ORGANIZATION


def test_speaker_types_follow_the_kind() -> None:
    assert classify_source("Hakan Fidan").speaker_type is SpeakerType.PERSON
    assert classify_source("Ankara").speaker_type is SpeakerType.ORGANIZATION
    assert classify_source("a Turkish defence official").speaker_type is SpeakerType.UNNAMED
    assert classify_source("sources").speaker_type is SpeakerType.UNNAMED
    assert classify_source("he").speaker_type is None


# Source spans from PolNeAR train (annotated US campaign coverage, 2015-2016) and the
# cases the design names: (mention, kind, name or None when the name is not the point).
POLNEAR_MENTIONS = [
    # People, with titles, honorifics and appositions around the name.
    ("Mr. Trump", P, "Trump"),
    ("Mrs. Clinton", P, "Clinton"),
    ("Clinton", P, "Clinton"),
    ("Donald Trump", P, "Donald Trump"),
    ("President Barack Obama", P, "Barack Obama"),
    ("Sen. Marco Rubio (R-Fla.)", P, "Marco Rubio"),
    ("Former Florida governor Jeb Bush", P, "Jeb Bush"),
    ("FBI Director James Comey", P, "James Comey"),
    ("Chinese Foreign Ministry spokeswoman Hua Chunying", P, "Hua Chunying"),
    ("Tom Fitton, the president of Judicial Watch,", P, "Tom Fitton"),
    ("David Axelrod, who was chief strategist for Obama's campaigns,", P, "David Axelrod"),
    ("Karen Janes, 67, of Exeter, N.H.", P, "Karen Janes"),
    (
        "the Washington Post’s new owner, Jeff Bezos, who is also the founder of Amazon",
        P,
        "Jeff Bezos",
    ),
    ("The New Republic’s Jeet Heer", P, "Jeet Heer"),
    ("His campaign manager, Jeff Weaver,", P, "Jeff Weaver"),
    ("Twitter user @MADBLACKTHOT", P, "@MADBLACKTHOT"),
    ("Bolton and Gorka", P, "Bolton and Gorka"),
    ("Sen. Bernie Sanders (I-Vt.)", P, "Bernie Sanders"),
    ("Cuban", P, "Cuban"),
    # Organisations, governments, offices, outlets; unnamed voices of named ones.
    ("the Clinton campaign", ORG, "Clinton campaign"),
    ("Trump's campaign", ORG, "Trump's campaign"),
    ("The State Department", ORG, "State Department"),
    ("the White House", ORG, "White House"),
    ("the Associated Press", ORG, "Associated Press"),
    ("Judicial Watch", ORG, "Judicial Watch"),
    ("The New York Times", ORG, "The New York Times"),
    ("CNN", ORG, "CNN"),
    ("Politico", ORG, "Politico"),
    ("Congress", ORG, "Congress"),
    ("The Obama administration", ORG, "Obama administration"),
    ("police", ORG, "police"),
    ("House Speaker Paul Ryan’s office", ORG, "Paul Ryan’s office"),
    ("the Washington Post", ORG, "The Washington Post"),
    ("Trump's claim", P, "Trump"),
    ("A Justice Department spokeswoman", ORG, "Justice Department"),
    (
        "A spokesman for Democratic presidential candidate Hillary Clinton",
        ORG,
        "Hillary Clinton’s office",
    ),
    ("Outsports.com", ORG, "Outsports.com"),
    # Documents: polls, reports, data, records.
    ("a new poll", D, "a new poll"),
    ("The poll", D, "the poll"),
    ("a Quinnipiac poll", D, None),
    ("the indictment", D, None),
    ("a report by the Congressional Budget Office", D, None),
    ("a just-released poll from Florida Atlantic University broadcast on MSNBC", D, None),
    ("data released Friday by state gaming regulators", D, None),
    ("a White House pool report", D, None),
    ("Federal Election Commission records", D, None),
    ("an Associated Press-GfK poll released Thursday", D, None),
    # Unnamed, with an affiliation or a role.
    ("officials", DESC, "officials"),
    ("Republicans", DESC, "Republicans"),
    ("many Republicans", DESC, "many Republicans"),
    ("voters", DESC, "voters"),
    ("30 percent of voters", DESC, None),
    ("Sanders supporters", DESC, None),
    ("House Republicans", DESC, None),
    ("U.S. intelligence officials", DESC, None),
    ("at least a dozen members of Congress", DESC, None),
    ("a top GOP strategist", DESC, None),
    ("an executive at the Clinton Foundation", DESC, None),
    ("economists at Goldman Sachs", DESC, "economists at Goldman Sachs"),
    ("a spokeswoman for the campaign", DESC, None),
    ("two European diplomats", DESC, None),
    ("a senior administration official", DESC, None),
    ("Republican aides", DESC, None),
    ("Six Gannett newspapers in New Jersey, including the Asbury Park Press,", DESC, None),
    ("many in the Republican establishment", DESC, None),
    ("Trump's aides", DESC, None),
    # Unnamed, with nothing but access (or nothing at all).
    ("experts", VAGUE, "experts"),
    ("Analysts", VAGUE, "analysts"),
    ("critics", VAGUE, "critics"),
    ("several observers", VAGUE, None),
    ("some", VAGUE, "some"),
    ("Others", VAGUE, "others"),
    ("sources", VAGUE, None),
    ("people briefed on the plans", VAGUE, None),
    ("a source close to the campaign", VAGUE, None),
    ("many people", VAGUE, None),
    (
        "a person who attended and described her remarks on the condition of anonymity",
        VAGUE,
        None,
    ),
    # Back-references: pronouns and bare definite descriptions.
    ("He", BACK, None),
    ("she", BACK, None),
    ("they", BACK, None),
    ("who", BACK, None),
    ("I", BACK, None),
    ("his", BACK, None),
    ("his office", BACK, None),
    ("His campaign", BACK, None),
    ("the campaign", BACK, None),
    ("The president", BACK, None),
    ("the senator", BACK, None),
    ("the spokesman", BACK, None),
    ("the person", BACK, None),
    ("the Republican nominee", BACK, None),
    ("the Republican presidential candidate", BACK, None),
    ("the second official", BACK, None),
    ("The Arizona Republican", BACK, None),
]


@pytest.mark.parametrize(("mention", "kind", "name"), POLNEAR_MENTIONS)
def test_polnear_source_mentions_classify(mention: str, kind: SourceKind, name: str | None) -> None:
    _check(mention, kind, name)


def test_gender_comes_from_honorifics_role_words_and_common_given_names() -> None:
    assert classify_source("Mr. Trump").gender == "male"
    assert classify_source("Ms. Abedin").gender == "female"
    assert classify_source("Gallia Lindenstrauss").gender == "female"
    assert classify_source("the spokeswoman").gender == "female"
    assert classify_source("Lindenstrauss").gender is None


def _trail(mentions: list[str]) -> list[SourceClass]:
    """Resolve mentions in order, as an extractor walking an article does."""
    earlier: list[SourceClass] = []
    for mention in mentions:
        earlier.append(resolve_source(mention, earlier))
    return earlier


SEED_ORDER = [
    "both countries",
    "A person familiar with the matter",
    "a Turkish defence official",
    "Israeli Prime Minister Benjamin Netanyahu’s office",
    "Both countries",
    "US President Donald Trump",
    "Israeli and Turkish officials",
    "A person familiar with the plans",
    "Ankara",
    "an Israeli intelligence official",
    "Netanyahu",
    "Gallia Lindenstrauss, a senior fellow at the Institute for National Security Studies",
    "The person familiar with Israeli government deliberations",
    "Hakan Fidan, Turkey’s foreign minister,",
    "he",
    "Erdoğan",
    "Israeli officials",
    "Lindenstrauss",
    "a former senior Israeli official",
    "the official",
]


def test_seed_back_references_resolve_to_the_right_speakers() -> None:
    trail = _trail(SEED_ORDER)
    earlier = trail[:14]
    assert resolve_backreference("he", earlier) == 13  # Fidan, the last person
    assert trail[14].name == "Hakan Fidan"
    assert resolve_backreference("the official", trail[:19]) == 18
    assert trail[19].name == "a former senior Israeli official"
    assert trail[19].strength is SourcingStrength.ANONYMOUS_DESCRIBED
    assert resolve_backreference("Lindenstrauss", trail[:17]) == 11
    assert trail[17].name == "Gallia Lindenstrauss"


def test_a_new_familiar_person_is_a_source_of_its_own() -> None:
    trail = _trail(SEED_ORDER[:12])
    mention = "The person familiar with Israeli government deliberations"
    assert resolve_backreference(mention, trail) is None
    assert resolve_source(mention, trail).strength is SourcingStrength.ANONYMOUS_VAGUE


def test_the_same_familiar_person_again_resolves_to_the_first_mention() -> None:
    trail = _trail(["A person familiar with the plans", "Ankara"])
    assert resolve_backreference("the person familiar with the plans", trail) == 0


def test_a_surname_does_not_resolve_to_an_office() -> None:
    trail = _trail(["Israeli Prime Minister Benjamin Netanyahu’s office"])
    assert resolve_backreference("Netanyahu", trail) is None


BACKREF_CASES = [
    # (earlier mentions, back-reference, index it resolves to)
    (["Hillary Clinton", "Donald Trump"], "she", 0),
    (["Mrs. Clinton", "Mr. Trump"], "he", 1),
    (["a senior administration official"], "he", 0),
    (["Sen. Lindsey Graham", "Donald Trump"], "the senator", 0),
    (["Hakan Fidan, Turkey’s foreign minister", "Ankara"], "the minister", 0),
    (["Turkish President Recep Tayyip Erdoğan", "Israel"], "the president", 0),
    (["Israeli officials", "Hakan Fidan"], "they", 0),
    (["both countries", "Hakan Fidan"], "they", 0),
    (["the Clinton campaign", "Donald Trump"], "the campaign", 0),
    (["Trump’s campaign", "Hillary Clinton"], "the campaign", 0),
    (["a Quinnipiac poll", "Donald Trump"], "the poll", 0),
    (["a Turkish defence official", "Ankara"], "the official", 0),
    (["Israeli officials", "a Turkish defence official"], "the officials", 0),
    (["Republican presidential nominee Donald Trump", "Hillary Clinton"], "the nominee", 0),
    (["A person familiar with the matter", "Israel"], "the person", 0),
    (["Hillary Clinton", "Donald Trump"], "the Israeli official", None),
    (["Hakan Fidan"], "the senator", None),
    ([], "he", None),
    (["Ankara"], "she", None),
    (["Mr. Trump"], "Donald Trump", 0),
    (["Donald Trump"], "Mr. Trump", 0),
    (["Donald Trump"], "Ivanka Trump", None),
]


@pytest.mark.parametrize(("earlier", "mention", "expected"), BACKREF_CASES)
def test_resolve_backreference(earlier: list[str], mention: str, expected: int | None) -> None:
    assert resolve_backreference(mention, _trail(earlier)) == expected


def test_a_possessive_pronoun_builds_the_office_of_its_owner() -> None:
    trail = _trail(["Israeli Prime Minister Benjamin Netanyahu"])
    office = resolve_source("his office", trail)
    assert office.kind is SourceKind.ORGANIZATION
    assert office.name == "Benjamin Netanyahu’s office"
    assert office.holder == "Benjamin Netanyahu"
    assert resolve_source("his speech", trail).name == "Benjamin Netanyahu"


def test_unresolved_back_references_fall_back_conservatively() -> None:
    assert resolve_source("he", []).strength is SourcingStrength.ANONYMOUS_VAGUE
    assert resolve_source("the official", []).strength is SourcingStrength.ANONYMOUS_DESCRIBED
    assert resolve_source("the campaign", []).strength is SourcingStrength.OFFICIAL_STATEMENT


def test_empty_mentions_are_refused() -> None:
    with pytest.raises(ValueError):
        classify_source(" , ")


_WORDS = st.sampled_from(
    [
        "he",
        "the",
        "a",
        "official",
        "Mr.",
        "Trump",
        "’s",
        "office",
        "campaign",
        "of",
        "familiar",
        "with",
        "poll",
        "Israeli",
        "and",
        "some",
        "(D)",
        ",",
        "who",
        "said",
        "Ankara",
        "people",
        "senior",
        "spokesman",
        "for",
        "his",
        "2",
        "percent",
        "—",
        "Sen.",
    ]
)


@given(st.lists(_WORDS, min_size=1, max_size=12).map(" ".join))
def test_every_mention_gets_a_consistent_class(mention: str) -> None:
    assume(any(ch.isalnum() for ch in mention))
    source = classify_source(mention)
    if source.kind is SourceKind.BACKREF:
        assert source.strength is None and source.speaker_type is None
    else:
        allowed = {STRENGTH[source.kind]}
        if source.kind is SourceKind.DOCUMENT:  # named, or as vague as an unnamed source
            allowed.add(SourcingStrength.ANONYMOUS_VAGUE)
        assert source.strength in allowed
        assert source.name.strip()
    resolved = resolve_source(mention, [classify_source("Hakan Fidan")])
    assert resolved.kind is not SourceKind.BACKREF
    assert resolved.strength is not None


@given(st.lists(st.sampled_from([m for m, _, _ in POLNEAR_MENTIONS]), max_size=8), _WORDS)
def test_resolution_points_inside_the_earlier_mentions(earlier: list[str], mention: str) -> None:
    assume(any(ch.isalnum() for ch in mention))
    trail = _trail(earlier)
    index = resolve_backreference(mention, trail)
    assert index is None or 0 <= index < len(trail)


@pytest.mark.skipif(not POLNEAR.is_dir(), reason="PolNeAR development data not present")
def test_every_polnear_dev_source_span_classifies() -> None:
    """The dev split's source spans all classify, and the spread looks like news."""
    kinds: collections.Counter[SourceKind] = collections.Counter()
    for path in sorted((POLNEAR / "dev" / "attributions").glob("*.ann")):
        for line in path.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if len(fields) == 3 and fields[1].startswith("Source "):
                kinds[classify_source(fields[2]).kind] += 1
    total = sum(kinds.values())
    assert total > 1000
    assert kinds[P] / total > 0.3  # campaign coverage is mostly named politicians
    assert kinds[BACK] / total > 0.15  # and "he said"
    assert (kinds[DESC] + kinds[VAGUE]) / total < 0.3


# ---------------------------------------------------- review fixes: what is a person


@pytest.mark.parametrize(
    ("mention", "kind", "name"),
    [
        # a document, however capitalised
        ("A Quinnipiac Poll", D, "a Quinnipiac Poll"),
        ("Poll", D, "Poll"),
        ("Footage", D, "Footage"),
        # part of a group, not a person called "Most" or "Majorities"
        ("Most of Ohio Republicans", DESC, None),
        ("Majorities of independents", DESC, None),
        ("Two-thirds of Iowa voters", DESC, None),
        # people in an organisation are described, like the bare group
        ("Republicans in the Senate", DESC, "Republicans in the Senate"),
        ("Democrats", DESC, "Democrats"),
        # the title's object is no name part; a descriptor noun is a title
        ("Miami-Dade County Supervisor of Elections Christina White", P, "Christina White"),
        ("Director of National Intelligence Dan Coats", P, "Dan Coats"),
        ("Businessman Mark Cuban", P, "Mark Cuban"),
        ("Billionaire investor Carl Icahn", P, "Carl Icahn"),
        # places and organisations joined, and labels and common nouns of a headline
        ("Ohio and Michigan", ORG, "Ohio and Michigan"),
        ("Reuters/Ipsos", ORG, "Reuters/Ipsos"),
        ("Companies", DESC, "Companies"),
        ("Applicants", DESC, "Applicants"),
    ],
)
def test_capitalised_phrases_that_are_not_people(
    mention: str, kind: SourceKind, name: str | None
) -> None:
    _check(mention, kind, name)


@pytest.mark.parametrize("mention", ["Explainer", "Fact-Check", "Latest", "Opinion"])
def test_headline_labels_are_not_people(mention: str) -> None:
    assert classify_source(mention).kind is not P


def test_a_surname_that_looks_plural_is_still_a_person() -> None:
    for surname in ("Sanders", "Collins", "Davies", "Jones"):
        _check(surname, P, surname)


def test_one_of_them_points_back_to_the_group() -> None:
    trail = _trail(["two Israeli negotiators", "one of them"])
    assert trail[1].name == "two Israeli negotiators"
    assert trail[1].strength is SourcingStrength.ANONYMOUS_DESCRIBED
    assert classify_source("some of those").kind is BACK
    assert resolve_source("one of them", []).strength is SourcingStrength.ANONYMOUS_VAGUE


def test_a_contracted_pronoun_is_a_pronoun() -> None:
    assert classify_source("I've").kind is BACK
    assert resolve_source("we'd", [classify_source("Angela Merkel")]).name == "Angela Merkel"


def test_a_short_name_resolves_against_many_earlier_speakers() -> None:
    earlier = [classify_source(f"Speaker Number{i} Smith{i}") for i in range(300)]
    earlier.insert(0, classify_source("Gallia Lindenstrauss"))
    assert resolve_backreference("Lindenstrauss", earlier) == 0


@pytest.mark.parametrize(
    "mention",
    [
        "Reporters Without Borders",
        "Doctors Without Borders",
        "Mothers Against Drunk Driving",
        "Veterans of Foreign Wars",
        "Democrats Abroad",
        "Citizens United",
        "Half Moon Bay",
        "Poll Everywhere",
        "Americans for Prosperity",
        "Students for Fair Admissions",
        "The March of Dimes",
        "The Monday Morning Quarterback",
        "The Chicago Sun-Times",
        "The Orlando Sentinel",
        "ProPublica",
    ],
)
def test_an_organisation_named_after_a_group_or_a_publication(mention: str) -> None:
    source = classify_source(mention)
    assert source.kind is ORG, source
    assert source.name.removeprefix("The ") in mention


@pytest.mark.parametrize(
    ("mention", "kind"),
    [
        ("Democrats in Congress", DESC),
        ("Some Democrats in Congress", DESC),
        ("Many Republicans in Congress", DESC),
        ("Members of Congress", DESC),
        ("Residents of New Hampshire", DESC),
        ("Iowans", DESC),
        ("Texans", DESC),
        ("New Yorkers", DESC),
        ("Evans", P),
        ("Sanders", P),
        ("Republican Ted Cruz", P),
        ("McConnell", P),
    ],
)
def test_people_in_a_group_are_unnamed_and_surnames_stay_people(
    mention: str, kind: SourceKind
) -> None:
    assert classify_source(mention).kind is kind


@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ("Mr. King", "King"),
        ("Ms. Bishop", "Bishop"),
        ("Mr. Singer", "Singer"),
        ("Sunday Adelaja", "Sunday Adelaja"),
        ("April Ryan", "April Ryan"),
        ("Le Pen", "Le Pen"),
        ("Martin Luther King Jr.", "Martin Luther King Jr."),
    ],
)
def test_an_honorific_or_a_day_name_before_a_capitalised_word_is_a_person(
    mention: str, name: str
) -> None:
    source = classify_source(mention)
    assert (source.kind, source.name) == (P, name)


@pytest.mark.parametrize(
    "mention", ["Attorneys for Clinton", "Aides to Mr. Sanders", "Half of Vermont Democrats"]
)
def test_people_working_for_someone_are_not_an_organisation(mention: str) -> None:
    assert classify_source(mention).kind is DESC


@pytest.mark.parametrize(
    ("mention", "strength"),
    [
        ("a report", SourcingStrength.ANONYMOUS_VAGUE),
        ("Reports", SourcingStrength.ANONYMOUS_VAGUE),
        ("Exit polls", SourcingStrength.ANONYMOUS_VAGUE),
        ("a study published in Nature", SourcingStrength.DOCUMENTARY),
        ("a Pew survey", SourcingStrength.DOCUMENTARY),
        ("the GAO report", SourcingStrength.DOCUMENTARY),
        ("the Mueller report", SourcingStrength.DOCUMENTARY),
        ("a report by the Government Accountability Office", SourcingStrength.DOCUMENTARY),
    ],
)
def test_a_document_is_documentary_only_when_something_names_it(
    mention: str, strength: SourcingStrength
) -> None:
    source = classify_source(mention)
    assert source.kind is SourceKind.DOCUMENT
    assert source.strength is strength
