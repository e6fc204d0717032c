"""Names apart from titles: split_name, alias_variants, name_tokens."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.language.mentions import clean_mention, split_name
from provenance.language.names import alias_variants, name_tokens
from provenance.text.folding import fold_key

SPLITS = [
    # The seed article.
    ("Turkish President Recep Tayyip Erdoğan", "Recep Tayyip Erdoğan", "Turkish President"),
    ("US President Donald Trump", "Donald Trump", "US President"),
    ("Hakan Fidan, Turkey’s foreign minister,", "Hakan Fidan", "Turkey’s foreign minister"),
    (
        "Gallia Lindenstrauss, a senior fellow at the Institute for National Security "
        "Studies in Tel Aviv",
        "Gallia Lindenstrauss",
        "a senior fellow at the Institute for National Security Studies in Tel Aviv",
    ),
    (
        "Israeli Prime Minister Benjamin Netanyahu’s office",
        "Benjamin Netanyahu’s office",
        "Israeli Prime Minister",
    ),
    ("Syria’s President Ahmed al-Sharaa", "Ahmed al-Sharaa", "Syria’s President"),
    ("A person familiar with the plans", "a person familiar with the plans", None),
    # Honorifics: courtesy ones go, role ones stay in the description.
    ("Mr. Obama", "Obama", None),
    ("Mrs. Clinton", "Clinton", None),
    ("Sen. Graham", "Graham", "Sen."),
    ("Dr. Ben Carson", "Ben Carson", "Dr."),
    ("Gov. Chris Christie", "Chris Christie", "Gov."),
    ("Mr. King", "King", None),
    ("Steve King", "Steve King", None),
    ("Roy M. Neel", "Roy M. Neel", None),
    # Titles before the name, parentheses and appositions after it.
    ("Sen. Marco Rubio (R-Fla.)", "Marco Rubio", "Sen. (R-Fla.)"),
    ("FBI Director James Comey", "James Comey", "FBI Director"),
    ("Attorney General Loretta E. Lynch", "Loretta E. Lynch", "Attorney General"),
    ("Secretary of State John Kerry", "John Kerry", "Secretary of State"),
    ("former secretary of state Hillary Clinton", "Hillary Clinton", "former secretary of state"),
    (
        "Chinese Foreign Ministry spokeswoman Hua Chunying",
        "Hua Chunying",
        "Chinese Foreign Ministry spokeswoman",
    ),
    ("Twitter user @MADBLACKTHOT", "@MADBLACKTHOT", "Twitter user"),
    (
        "billionaire Dallas Mavericks owner Mark Cuban",
        "Mark Cuban",
        "billionaire Dallas Mavericks owner",
    ),
    ("Karen Janes, 67, of Exeter, N.H.", "Karen Janes", "67, of Exeter, N.H."),
    (
        "Trump, who has been feuding with Republican leaders",
        "Trump",
        "who has been feuding with Republican leaders",
    ),
    (
        "David French of the National Retail Federation",
        "David French",
        "of the National Retail Federation",
    ),
    ("The New Republic’s Jeet Heer", "Jeet Heer", "The New Republic’s"),
    ("His campaign manager, Jeff Weaver,", "Jeff Weaver", "His campaign manager"),
    ("the campaign chief, Paul Manafort,", "Paul Manafort", "the campaign chief"),
    ("Mr. Peck and Mr. Mahaney", "Peck and Mahaney", None),
    # Organisations keep their names; "the" goes unless a title carries it.
    ("the White House", "White House", None),
    ("The State Department", "State Department", None),
    ("The New York Times", "The New York Times", None),
    ("House Speaker Paul Ryan’s office", "Paul Ryan’s office", "House Speaker"),
    ("Trump’s", "Trump", None),
    # A name after a preposition is an employer, not the speaker.
    ("economists at Goldman Sachs", "economists at Goldman Sachs", None),
    ("many Republicans in Washington", "many Republicans in Washington", None),
    (
        "an Associated Press-GfK poll released Thursday",
        "an Associated Press-GfK poll released Thursday",
        None,
    ),
    # A title that takes "of" and an office: the office is no part of the name.
    (
        "Broward County Supervisor of Elections Brenda Snipes",
        "Brenda Snipes",
        "Broward County Supervisor of Elections",
    ),
    (
        "Director of National Intelligence Dan Coats",
        "Dan Coats",
        "Director of National Intelligence",
    ),
    # A descriptor noun before a name is a title too.
    ("Billionaire Warren Buffett", "Warren Buffett", "Billionaire"),
    ("real estate mogul Donald Trump", "Donald Trump", "real estate mogul"),
]


@pytest.mark.parametrize(("mention", "name", "description"), SPLITS)
def test_split_name_separates_the_name_from_titles_and_appositions(
    mention: str, name: str, description: str | None
) -> None:
    assert split_name(mention) == (name, description)


ALIASES = [
    (
        "Recep Tayyip Erdoğan",
        ["Recep Tayyip Erdoğan", "Tayyip Erdoğan", "Recep Erdoğan", "Erdoğan"],
    ),
    ("Hakan Fidan", ["Hakan Fidan", "Fidan"]),
    ("Ahmed al-Sharaa", ["Ahmed al-Sharaa", "al-Sharaa", "Sharaa"]),
    ("Osama bin Laden", ["Osama bin Laden", "bin Laden", "Laden"]),
    ("Donald J. Trump", ["Donald J. Trump", "Donald Trump", "Trump"]),
    ("James B. Comey Jr.", ["James B. Comey Jr.", "James Comey", "Comey"]),
    ("Benjamin Netanyahu’s office", ["Benjamin Netanyahu’s office"]),
    ("White House", ["White House", "the White House"]),
]


@pytest.mark.parametrize(("name", "variants"), ALIASES)
def test_alias_variants_are_the_forms_a_person_is_later_called_by(
    name: str, variants: list[str]
) -> None:
    assert alias_variants(name) == variants


def test_alias_variants_link_the_seed_spellings_of_erdogan_once_folded() -> None:
    folded = {fold_key(v) for v in alias_variants("Recep Tayyip Erdoğan")}
    assert fold_key("Erdogan") in folded
    assert fold_key("Erdoğan") in folded


def test_an_office_never_shortens_to_its_holder() -> None:
    assert "Netanyahu" not in alias_variants("Benjamin Netanyahu’s office")


TOKENS = [
    ("Mr. Donald J. Trump", ["donald", "trump"]),
    ("Recep Tayyip Erdoğan", ["recep", "tayyip", "erdogan"]),
    ("Benjamin Netanyahu’s office", ["benjamin", "netanyahu", "office"]),
    ("Ahmed al-Sharaa", ["ahmed", "sharaa"]),
    (
        "the Institute for National Security Studies",
        ["institute", "national", "security", "studies"],
    ),
    ("Sen. Lindsey Graham", ["lindsey", "graham"]),
]


@pytest.mark.parametrize(("name", "tokens"), TOKENS)
def test_name_tokens_drop_titles_stopwords_and_initials(name: str, tokens: list[str]) -> None:
    assert name_tokens(name) == tokens


def test_name_tokens_agree_across_spellings() -> None:
    assert name_tokens("Erdogan") == name_tokens("ERDOĞAN") == ["erdogan"]
    assert name_tokens("Netanyahu's office") == name_tokens("Netanyahu’s office")


def test_clean_mention_drops_joining_punctuation_only() -> None:
    assert clean_mention("  Hakan Fidan,\n Turkey’s foreign minister, ") == (
        "Hakan Fidan, Turkey’s foreign minister"
    )
    assert (
        clean_mention("(Senator Bernie Sanders of Vermont)") == "Senator Bernie Sanders of Vermont"
    )
    assert clean_mention("James B. Comey Jr.") == "James B. Comey Jr."


# Mentions assembled from the pieces source mentions are made of.
_PIECES = st.sampled_from(
    [
        "Mr.",
        "Sen.",
        "the",
        "a",
        "Turkish",
        "President",
        "Recep",
        "Tayyip",
        "Erdoğan",
        "official",
        "senior",
        "of",
        "familiar",
        "with",
        "the",
        "matter",
        ",",
        "’s",
        "office",
        "Donald",
        "J.",
        "Trump",
        "al-Sharaa",
        "and",
        "(R-Fla.)",
        "who",
        "said",
        "—",
        "Jr.",
        "campaign",
        "poll",
        "Israeli",
        "officials",
        "people",
        "Washington",
        "Department",
    ]
)
_MENTIONS = st.lists(_PIECES, min_size=1, max_size=10).map(" ".join)


def _words_of(text: str) -> set[str]:
    return {w.strip(",;:()—’'").casefold() for w in text.replace("’s", " ’s").split()}


@given(_MENTIONS)
def test_split_name_only_uses_words_of_the_mention(mention: str) -> None:
    name, description = split_name(mention)
    assert _words_of(name) <= _words_of(mention) | {"’s", ""}
    if description is not None:
        assert description.strip()


@given(
    st.lists(
        st.sampled_from(["Recep", "Tayyip", "Erdoğan", "J.", "al-Sharaa", "bin", "Laden", "Jr."]),
        min_size=1,
        max_size=5,
    ).map(" ".join)
)
def test_alias_variants_start_with_the_name_and_use_its_words(name: str) -> None:
    variants = alias_variants(name)
    assert variants[0] == name
    assert len(variants) == len(set(variants))
    for variant in variants:
        assert set(variant.split()) <= set(name.split()) | {"the"} or variant in name


@pytest.mark.parametrize(
    "mention",
    ["Half Moon Bay", "Reporters Without Borders", "Citizens United", "Veterans of Foreign Wars"],
)
def test_a_group_word_is_only_a_description_before_a_personal_name(mention: str) -> None:
    assert split_name(mention) == (mention, None)


def test_a_descriptor_is_still_stripped_before_a_personal_name() -> None:
    assert split_name("Democrat Hillary Clinton") == ("Hillary Clinton", "Democrat")
    assert split_name("Republicans Ted Cruz") == ("Ted Cruz", "Republicans")
    assert split_name("Marine Le Pen") == ("Marine Le Pen", None)
    assert split_name("Le Pen") == ("Le Pen", None)
