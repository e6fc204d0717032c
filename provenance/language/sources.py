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

``resolve_backreference`` finds the earlier mention a backref points to (rules in its
docstring); ``resolve_source`` turns a mention into the class to record, following a
backref when it can and falling back to a conservative reading when it cannot.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache

from provenance.text.folding import fold_key
from provenance.language.names import (
    COURTESY_HONORIFICS,
    DEMONYMS,
    DETERMINERS,
    FEMALE_GIVEN_NAMES,
    FEMININE_ROLE_WORDS,
    GROUP_NOUNS,
    MALE_GIVEN_NAMES,
    MASCULINE_ROLE_WORDS,
    ORG_KEYWORDS,
    PARTY_AND_DESCRIPTOR_WORDS,
    ROLE_ABBREVIATIONS,
    ROLE_NOUNS,
    TITLE_WORDS,
    VAGUE_HEADS,
    clean_mention,
    is_group_prefix,
    is_name_part,
    is_proper_phrase,
    looks_like_role_noun,
    parse_mention,
    trailing_name_start,
    word_key,
)
from provenance.vocabulary import SourcingStrength, SpeakerType

__all__ = [
    "SourceClass",
    "SourceKind",
    "classify_source",
    "resolve_backreference",
    "resolve_source",
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


def _make(kind: SourceKind, name: str, **fields: object) -> SourceClass:
    if kind is SourceKind.BACKREF:
        return SourceClass(kind, None, None, name, **fields)  # type: ignore[arg-type]
    speaker_type, strength = _STRENGTH_OF[kind]
    if "speaker_type" in fields:
        speaker_type = fields.pop("speaker_type")  # type: ignore[assignment]
    if "strength" in fields:
        strength = fields.pop("strength")  # type: ignore[assignment]
    return SourceClass(kind, speaker_type, strength, name, **fields)  # type: ignore[arg-type]


def _words(block: str) -> frozenset[str]:
    return frozenset(w.replace("_", " ") for w in block.split())


def _folded(block: str) -> frozenset[str]:
    return frozenset(fold_key(p) for p in re.split(r"[|\n]", block) if p.strip())


# Pronoun -> (gender, plural, what it can point to).
_PRONOUNS: dict[str, tuple[str | None, bool, str]] = {
    **dict.fromkeys(["he", "him", "himself"], ("male", False, "human")),
    **dict.fromkeys(["she", "her", "herself", "hers"], ("female", False, "human")),
    **dict.fromkeys(["they", "them", "themselves", "theirs"], (None, True, "group")),
    **dict.fromkeys(["it", "itself"], (None, False, "thing")),
    **dict.fromkeys(["i", "me", "myself"], (None, False, "speaker")),
    **dict.fromkeys(["we", "us", "ourselves"], (None, True, "speaker")),
    **dict.fromkeys(["you", "yourself", "yourselves"], (None, False, "addressee")),
    **dict.fromkeys(["who", "whom"], (None, False, "relative_human")),
    **dict.fromkeys(["which"], (None, False, "relative_thing")),
    **dict.fromkeys(["that", "whose"], (None, False, "relative")),
}
_POSSESSIVE_PRONOUNS: dict[str, str] = {
    "his": "he",
    "her": "she",
    "their": "they",
    "its": "it",
    "my": "i",
    "our": "we",
    "your": "you",
    "whose": "whose",
}

DOCUMENT_NOUNS = _words(
    """
    report reports poll polls polling survey surveys study studies indictment indictments
    filing filings dataset datasets data analysis analyses memo memos memorandum letter
    letters lawsuit lawsuits suit complaint complaints ruling rulings audit audits census
    figures statistics stats numbers estimate estimates projection projections forecast
    forecasts records record documents document email emails transcript transcripts
    video videos ad ads advertisement advertisements commercial commercials book books
    article articles website websites site blog tweet tweets statement statements
    release releases results findings index model models paper papers research review
    assessment assessments brief briefs order orders bill bills legislation law laws
    platform manifesto budget cable cables testimony affidavit motion warrant subpoena
    chart charts footage recording recordings photo photos list database questionnaire
    editorial op-ed column post posts message messages text texts note notes minutes
    guidelines guidance rule rules regulation regulations policy memoir memoirs speech
    proposal proposals plan plans headline headlines story stories coverage
    map maps graphic exit_poll exit_polls tally count counts reading readings decision
    decisions verdict summary probe investigation inquiry investigations filing
    """
)
ORG_NOUNS = _words(
    """
    campaign campaigns administration government governments company companies firm
    firms group groups agency agencies department departments ministry ministries
    committee committees party parties military army navy police court courts council
    councils office offices organization organizations organisation organisations
    network networks newspaper newspapers team teams board boards commission
    commissions bureau embassy embassies regime regimes cabinet parliament legislature
    congress senate union unions coalition alliance bank banks fund funds university
    universities institute foundation center centre think-tank thinktank outlet outlets
    station channel magazine forces force authorities authority country countries
    nation nations side sides camp movement church club panel caucus delegation
    secretariat directorate service services intelligence establishment leadership
    ministry navy air_force prosecutor's court's white_house kremlin pentagon state
    states province city county municipality operation operators industry
    """
)
# A handful of organisation nouns speak as a named institution even bare: "police said".
_STANDALONE_ORG_NOUNS = _words("police authorities")
# "both countries", "the two sides": the governments concerned, named by the context.
_COLLECTIVE_STATE_NOUNS = _words("countries nations sides governments capitals states parties")
_SPOKES_NOUNS = _words(
    """
    spokesman spokeswoman spokesperson spokesmen spokeswomen spokespeople statement
    statements announcement representative
    """
)
# After the head noun these start a description of mere access: the source stays vague.
_ACCESS_WORDS = _words(
    """
    familiar close briefed knowledgeable aware privy informed involved present
    speaking who whom granted requesting asking authorized authorised allowed permitted
    not attending acquainted
    """
)
_POSTMODIFIER_STARTERS = _ACCESS_WORDS | _words(
    """
    with in at within inside from of for on among across under near outside like such
    including whose that which to by according surveyed polled interviewed questioned
    conducted released published cited quoted based tied linked loyal working
    responsible opposed allied than after before during since over about against
    behind prior between regarding representing running seeking vying who'd close-to
    """
)
_AFFILIATION_PREPOSITIONS = _words("in at within inside from of for on among with to")
_ACCESS_AFTER_WITH = _words("knowledge direct access understanding detailed")
# Modifiers that say where an unnamed person works or what they do.
_AFFILIATION_MODIFIERS = (
    PARTY_AND_DESCRIPTOR_WORDS
    | DEMONYMS
    | _words(
        """
    government administration campaign military intelligence defence defense security
    congressional party senior diplomatic official industry company police foreign
    federal state local regional city county judicial legal justice treasury finance
    white_house pentagon kremlin army navy health economic trade energy election
    republican-led democratic-led legislative executive ministry cabinet embassy
    palace court committee senate house
    """
    )
)
# Generic adjectives that add nothing about who the source is.
_EMPTY_MODIFIERS = _words(
    """
    new other another more some several many most few certain various numerous
    unnamed anonymous unidentified outside independent additional different same
    second third fourth first last latest recent two three four five six seven eight
    nine ten dozen
    """
)
_ORDINALS = _words("first second third fourth fifth sixth last latter former other same")
# Roles that "the X" may stand for, by synonym: "the Israeli leader" after a president.
_ROLE_SYNONYMS: dict[str, frozenset[str]] = {
    "leader": _words("president prime premier chancellor king leader minister emir"),
    "lawmaker": _words("senator representative congressman congresswoman lawmaker mp"),
    "legislator": _words("senator representative congressman congresswoman lawmaker mp"),
    "candidate": _words("candidate nominee hopeful frontrunner front-runner contender"),
    "nominee": _words("nominee candidate"),
    "front-runner": _words("frontrunner front-runner candidate"),
    "frontrunner": _words("frontrunner front-runner candidate"),
    "hopeful": _words("hopeful candidate"),
    "minister": _words("minister"),
    "diplomat": _words("diplomat ambassador envoy minister"),
    "official": _words("official officials"),
    "businessman": _words("businessman executive ceo founder"),
    "billionaire": _words("billionaire businessman"),
    "republican": _words("republican gop"),
    "democrat": _words("democrat democratic"),
}
# Nouns for the medium of a person's words: "his speech" is the person speaking.
_MEDIUM_NOUNS = _words(
    """
    speech remarks comments statement statements tweet tweets letter book interview
    testimony words message post posts op-ed column memoir announcement
    """
)

# "many in the Republican establishment": people inside an organisation, not it.
_PARTITIVE_QUANTIFIERS = _words("many some most few several all others those much part")

_KINSHIP_NOUNS = _words(
    """
    father mother wife husband son daughter brother sister parents children family
    families grandfather grandmother uncle aunt cousin nephew niece fiancé fiancée
    girlfriend boyfriend widow widower spouse in-laws sons daughters brothers sisters
    """
)

# Governments and institutions named by their seat, and countries and capitals.
_PLACES_AND_METONYMS = _folded(
    """
    White House|Kremlin|Pentagon|Downing Street|Number 10|No 10|Elysée|Elysee Palace|
    Whitehall|Capitol Hill|Foggy Bottom|Zhongnanhai|Quai d'Orsay|Blue House|Vatican|
    Holy See|Knesset|Bundestag|Duma|Westminster|Brussels|Wall Street|Silicon Valley|
    Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria|
    Azerbaijan|Bahrain|Bangladesh|Belarus|Belgium|Bolivia|Bosnia|Brazil|Britain|
    Great Britain|Bulgaria|Cambodia|Cameroon|Canada|Chad|Chile|China|Colombia|Congo|
    Croatia|Cuba|Cyprus|Czech Republic|Czechia|Denmark|Ecuador|Egypt|England|Eritrea|
    Estonia|Ethiopia|Finland|France|Georgia|Germany|Ghana|Greece|Guatemala|Haiti|
    Honduras|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|
    Ivory Coast|Jamaica|Japan|Jordan|Kazakhstan|Kenya|Kosovo|Kuwait|Kyrgyzstan|Laos|
    Latvia|Lebanon|Liberia|Libya|Lithuania|Luxembourg|Macedonia|North Macedonia|
    Madagascar|Malaysia|Mali|Malta|Mauritania|Mexico|Moldova|Mongolia|Montenegro|
    Morocco|Mozambique|Myanmar|Burma|Namibia|Nepal|Netherlands|Holland|New Zealand|
    Nicaragua|Niger|Nigeria|North Korea|Norway|Oman|Pakistan|Palestine|Panama|
    Paraguay|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|Rwanda|
    Saudi Arabia|Scotland|Senegal|Serbia|Sierra Leone|Singapore|Slovakia|Slovenia|
    Somalia|South Africa|South Korea|Spain|Sri Lanka|Sudan|South Sudan|Sweden|
    Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Tunisia|Turkey|Türkiye|
    Turkmenistan|Uganda|Ukraine|United Arab Emirates|UAE|United Kingdom|UK|
    United States|US|U.S.|USA|America|Uruguay|Uzbekistan|Venezuela|Vietnam|Wales|
    Yemen|Zambia|Zimbabwe|European Union|EU|Nato|NATO|United Nations|UN|
    Ankara|Washington|Moscow|Beijing|Tehran|Kyiv|Kiev|Jerusalem|Tel Aviv|Damascus|
    Riyadh|Cairo|Baghdad|Berlin|Paris|London|Tokyo|Seoul|Pyongyang|Islamabad|
    New Delhi|Delhi|Ottawa|Canberra|Rome|Madrid|Athens|Warsaw|Budapest|Vienna|Doha|
    Abu Dhabi|Amman|Beirut|Baku|Yerevan|Tbilisi|Minsk|Kabul|Hanoi|Manila|Jakarta|
    Bangkok|Taipei|Brasília|Brasilia|Buenos Aires|Mexico City|Havana|Caracas|Bogotá|
    Lima|Santiago|Pretoria|Nairobi|Addis Ababa|Abuja|Khartoum|Tripoli|Tunis|Algiers|
    Rabat|Oslo|Stockholm|Helsinki|Copenhagen|Dublin|The Hague|Lisbon|Bern|Prague|
    Bucharest|Sofia|Belgrade|Zagreb|Vilnius|Riga|Tallinn|Astana|Tashkent|Dhaka|
    Colombo|Kathmandu|Wellington|Sanaa|Muscat|Ramallah|Gaza|Hamas|Hezbollah|Isis|
    ISIL|Islamic State|al-Qaeda|Al Qaeda|al-Shabaab|Taliban|Houthis|
    Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|
    Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|
    Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|
    New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|
    Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|
    Texas|Utah|Vermont|Virginia|West Virginia|Wisconsin|Wyoming|Albany|Sacramento|
    Tallahassee|Austin|Springfield|Annapolis|Richmond|Trenton|Harrisburg
    """
)
# News outlets and other organisations whose names carry no organisation word.
_PLACE_LIST = tuple(sorted(_PLACES_AND_METONYMS))
_KNOWN_ORGANIZATIONS = _folded(
    """
    CNN|MSNBC|Fox|Fox News|Politico|Bloomberg|Forbes|Reuters|Breitbart|Axios|Vox|Slate|
    Gallup|Quinnipiac|Rasmussen|YouGov|Ipsos|Pew|Nielsen|AP|AFP|BBC|NPR|PBS|NBC|ABC|
    CBS|Al Jazeera|Haaretz|Ynet|Politico Europe|Buzzfeed|BuzzFeed News|HuffPost|
    Huffington Post|Mediaite|Salon|Newsweek|Time|Wikileaks|WikiLeaks|Twitter|Facebook|
    Google|Apple|Amazon|Microsoft|Uber|Goldman Sachs|JPMorgan|Morgan Stanley|Citi|
    Moody's|Standard & Poor's|S&P|Fitch|Black Lives Matter|Planned Parenthood|
    Greenpeace|Amnesty|Amnesty International|Human Rights Watch|Anadolu|TRT|CNN Turk|
    Tass|RIA Novosti|Xinhua|Interfax|Fed|Wall Street Journal|Financial Times|
    Economist|Guardian|Telegraph|Times|Post|Hill|Atlantic|Drudge|Drudge Report|
    Western Journalism|National Review|Daily Caller|Daily Mail|Sun|Mirror|NYT|WSJ|FT
    """
)


_PARTITIVE_PRONOUN_RE = re.compile(
    r"^(?:one|two|three|four|five|some|several|many|most|each|another|either|neither|"
    r"both|all|none|any|few|a\s+few)\s+of\s+(?P<pronoun>them|those|these|us)$",
    re.IGNORECASE,
)


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
    text = clean_mention(mention)
    if not text or not any(ch.isalnum() for ch in text):
        raise ValueError(f"not a source mention: {mention!r}")
    words = text.split()
    first = word_key(words[0])
    if len(words) == 1 and "'" in first:
        bare = re.sub(r"'(?:ve|d|m|ll|re|s)$", "", first)
        if bare in _PRONOUNS and bare not in {"who", "that", "which"}:
            return replace(_pronoun(text, bare), name=text)  # "I've said", "we'd argued"
    if len(words) == 1 and first in _PRONOUNS:
        return _pronoun(text, first)
    if len(words) == 1 and first in _POSSESSIVE_PRONOUNS:  # "his" ("his claim that ...")
        return replace(_pronoun(text, _POSSESSIVE_PRONOUNS[first]), name=text)
    partitive = _PARTITIVE_PRONOUN_RE.match(text)
    if partitive is not None:  # "one of them": a member of the group named before
        pronoun = word_key(partitive.group("pronoun"))
        pronoun = {"those": "they", "these": "they", "them": "they", "us": "we"}.get(
            pronoun, pronoun
        )
        return replace(_pronoun(text, pronoun), name=text)
    parts = parse_mention(text)
    core_words = parts.core.split()
    if len(core_words) == 1 and word_key(core_words[0]) in _PRONOUNS:
        return replace(_pronoun(core_words[0], word_key(core_words[0])), name=text)
    named = _classify_named(parts.core, parts.name, parts.description)
    if named is not None and named.kind is SourceKind.PERSON:
        return named  # "His campaign manager, Jeff Weaver"
    if first in _POSSESSIVE_PRONOUNS:
        possessed = parts.core.split()[1:]
        if not possessed:  # "his, ..."
            return replace(_pronoun(text, _POSSESSIVE_PRONOUNS[first]), name=text)
        return _possessive_pronoun(text, first, possessed)
    if named is not None:
        return named
    return _classify_phrase(parts.restrictive, parts.apposition)


def _pronoun(text: str, key: str) -> SourceClass:
    gender, plural, _ = _PRONOUNS[key]
    return _make(SourceKind.BACKREF, text, head=key, plural=plural, gender=gender)


def _possessive_pronoun(text: str, key: str, rest: Sequence[str]) -> SourceClass:
    pronoun = _POSSESSIVE_PRONOUNS[key]
    gender, plural, _ = _PRONOUNS.get(pronoun, (None, False, "relative"))
    possessed = _head_of(rest)
    return _make(
        SourceKind.BACKREF,
        text,
        head=pronoun,
        plural=plural,
        gender=gender,
        possessed=possessed,
    )


def _head_of(words: Sequence[str]) -> str:
    for i, w in enumerate(words):
        if i > 0 and word_key(w) in _POSTMODIFIER_STARTERS:
            return word_key(words[i - 1])
    return word_key(words[-1])


def _classify_named(core: str, name: str, description: str | None) -> SourceClass | None:
    """A person, an organisation or an office named in the mention; None for a phrase."""
    name_words = name.split()
    if not name_words:
        return None
    possessive = re.match(r"^(?P<owner>.+?)(?P<mark>['’]s)\s+(?P<rest>.+)$", name)
    if possessive is not None and not _looks_personal(name_words):
        return _classify_possessive(core, possessive, description)
    start = trailing_name_start(name_words)
    personal = start == 0
    for candidate, candidate_description in ((name, description), (core, None)):
        folded = fold_key(candidate)
        bare = folded[4:] if folded.startswith("the ") else folded
        if bare in _PLACES_AND_METONYMS or bare in _KNOWN_ORGANIZATIONS:
            if candidate is core:
                candidate = " ".join(core.split()[1:]) if folded != bare else core
            return _make(
                SourceKind.ORGANIZATION,
                candidate,
                description=candidate_description,
                head=bare,
            )
    if (
        word_key(core.split()[0]) == "the"
        and is_proper_phrase(name_words)
        and _media_title([word_key(w) for w in name_words])
    ):
        return _make(SourceKind.ORGANIZATION, name, description=description, head="media")
    conjuncts = [fold_key(p) for p in re.split(r"\s+(?:and|&)\s+|/", name) if p.strip()]
    if len(conjuncts) > 1 and all(
        c.removeprefix("the ") in _PLACES_AND_METONYMS | _KNOWN_ORGANIZATIONS for c in conjuncts
    ):
        # "Tennessee and Virginia", "Reuters/Ipsos": governments or organisations, no person
        return _make(SourceKind.ORGANIZATION, name, description=description, plural=True)
    if re.search(r"\w\.(?:com|org|net|co\.uk|gov)\b", name):
        return _make(SourceKind.ORGANIZATION, name, description=description, head="website")
    if personal and len(name_words) == 1 and _common_noun(name_words[0]):
        return None  # "Companies", "Footage", "Terrorists": capitalised by the sentence
    if personal and _plural_demonym(name):
        return None  # "Iowans", "New Yorkers": people of a place, unnamed
    if personal and len(name_words) == 1 and _camel_case(name_words[0]):
        return _make(SourceKind.ORGANIZATION, name, description=description, head=fold_key(name))
    core_words = core.split()
    if (
        not personal
        and len(core_words) >= 2
        and word_key(core_words[0]) in COURTESY_HONORIFICS | {"dr"}
        and len(name_words) == 1
        and name_words[0][:1].isupper()
    ):
        # "Mr. King", "Ms. Bishop", "Dr. Singer": an honorific before a capitalised word
        return _make(
            SourceKind.PERSON, name, description=description, gender=_gender(core, name, None)
        )
    if (
        start == 1
        and len(name_words) == 2
        and word_key(name_words[0]) in _WEEKDAY_AND_MONTH_NAMES
        and word_key(name_words[1]) not in ORG_KEYWORDS
    ):
        return _make(SourceKind.PERSON, name, description=description)  # "Sunday Adelaja"
    if personal:
        plural = " and " in f" {name} "
        return _make(
            SourceKind.PERSON,
            name,
            description=description,
            plural=plural,
            gender=None if plural else _gender(core, name, description),
        )
    proper_words = name_words[1:] if word_key(name_words[0]) == "the" else name_words
    if not is_proper_phrase(proper_words):
        return None
    keys = [word_key(w) for w in proper_words]
    lead = 0
    while lead < len(keys) - 1 and keys[lead] in DETERMINERS:
        lead += 1  # "Some Democrats in Congress"
    titled = word_key(name_words[0]) == "the" or word_key(core.split()[0]) == "the"
    if lead == 0 and _named_group(keys, proper_words, titled):
        return _make(SourceKind.ORGANIZATION, name, description=description, head=keys[-1])
    if (
        len(keys) - lead > 2
        and (keys[lead] in GROUP_NOUNS | ROLE_NOUNS | VAGUE_HEADS or is_group_prefix(keys[lead]))
        and keys[lead + 1] in {"in", "of", "at"}
    ):
        return None  # "Democrats in Congress": people in the organisation, not it
    if word_key(core.split()[0]) == "the" and _media_title(keys):
        return _make(SourceKind.ORGANIZATION, name, description=description, head=keys[-1])
    last = keys[-1]
    if len(keys) == 1 and last in DEMONYMS and proper_words[0][:1].isupper():
        return _make(SourceKind.PERSON, name, description=description)  # "Cuban" (Mark)
    if len(keys) == 1 and len(last) < 2:
        return None  # "Q" and "A" of an interview transcript
    descriptive_first = keys[0] in PARTY_AND_DESCRIPTOR_WORDS or keys[0] in DEMONYMS
    if last in ROLE_NOUNS | GROUP_NOUNS | VAGUE_HEADS | PARTY_AND_DESCRIPTOR_WORDS | DEMONYMS:
        return None  # "the Arizona Republican", "Democrats": capitalised common nouns
    if last in DOCUMENT_NOUNS and (len(keys) == 1 or last not in ORG_KEYWORDS):
        return None  # "Report", "Federal Election Commission Records"; not "Washington Post"
    if descriptive_first and last not in ORG_KEYWORDS:
        return None
    if last in _COLLECTIVE_STATE_NOUNS:
        return None
    if any(k in ORG_KEYWORDS for k in keys) or all(_is_acronym_word(w) for w in proper_words):
        return _make(SourceKind.ORGANIZATION, name, description=description, head=last)
    connectors = {"and", "&", "of", "de", "the"}
    if not all(is_name_part(w) or word_key(w) in connectors for w in proper_words):
        return None  # "Another", "American-born 29-year-old": capitalised, not a name
    plural = " and " in f" {name} "
    return _make(SourceKind.PERSON, name, description=description, plural=plural)


_WEEKDAY_AND_MONTH_NAMES = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december
    """
)
_PERSON_TITLES = _words("duke duchess earl count countess baron marquess viscount")
_MEDIA_WORDS = _words(
    """
    times post journal herald tribune gazette news sun star globe sentinel examiner
    chronicle inquirer dispatch courier register bee blaze beacon observer review
    monitor express mirror telegraph guardian independent standard record daily
    """
)
_TITLE_LIKE = TITLE_WORDS | ROLE_NOUNS | VAGUE_HEADS | _PERSON_TITLES
_DEMONYM_SUFFIXES = ("ians", "ans", "ns", "ers", "ites")
_CAMEL_PREFIXES = ("Mc", "Mac", "De", "Di", "Da", "La", "Le", "Van", "Von", "O'", "O’", "St")


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
        if fold_key(" ".join(words[at + 1 :])) in _PLACES_AND_METONYMS:
            return False
        if prefix and len(keys) - at > 2:
            return True
        return titled and first not in _TITLE_LIKE and all(w[:1].isupper() for w in words[at + 1 :])
    return prefix and keys[1] not in MALE_GIVEN_NAMES | FEMALE_GIVEN_NAMES


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


_COMMON_PLURAL_ENDINGS = ("ions", "ists", "ants", "ents", "ences", "ances", "ities", "ians", "ies")


def _common_noun(word: str) -> bool:
    """Whether one capitalised word is a common noun rather than a surname: a word of
    the source lexicons, or a plural with a suffix surnames do not have."""
    key = word_key(word)
    if key in DOCUMENT_NOUNS | ORG_NOUNS | ROLE_NOUNS | GROUP_NOUNS | VAGUE_HEADS:
        return True
    if key in _words("here there nobody somebody someone everybody name info"):
        return True
    return len(key) > 6 and key.endswith(_COMMON_PLURAL_ENDINGS)


def _looks_personal(words: Sequence[str]) -> bool:
    return trailing_name_start(words) == 0


def _is_acronym_word(word: str) -> bool:
    letters = word.strip(".,;:'’").replace(".", "").replace("&", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


def _classify_possessive(core: str, match: re.Match[str], description: str | None) -> SourceClass:
    owner, mark, rest = match.group("owner"), match.group("mark"), match.group("rest")
    owner_class = classify_source(owner)
    owner_name = owner_class.name
    rest_words = rest.split()
    head = _head_of(rest_words)
    name = f"{owner_name}{mark} {rest}"
    holder = owner_name if owner_class.kind is SourceKind.PERSON else None
    named_owner = owner_class.kind in {SourceKind.PERSON, SourceKind.ORGANIZATION}
    if head in DOCUMENT_NOUNS and head not in _MEDIUM_NOUNS:
        return _make(
            SourceKind.DOCUMENT,
            name,
            description=description,
            head=head,
            speaker_type=SpeakerType.ORGANIZATION if named_owner else SpeakerType.UNNAMED,
        )
    if head in _MEDIUM_NOUNS and named_owner:
        return replace(owner_class, description=description or owner_class.description)
    if head in _SPOKES_NOUNS and named_owner:
        principal = f"{owner_name}{mark} office" if holder else owner_name
        return _make(
            SourceKind.ORGANIZATION, principal, description=description, head=head, holder=holder
        )
    if head in ORG_NOUNS and named_owner:
        return _make(
            SourceKind.ORGANIZATION, name, description=description, head=head, holder=holder
        )
    if head in VAGUE_HEADS:
        return _make(SourceKind.UNNAMED_VAGUE, _article_normalised(core), head=head, plural=True)
    if named_owner and not _names_other_people(head):
        # "Trump’s claim", "Clinton's argument": the owner is the one speaking
        return replace(owner_class, description=description or owner_class.description)
    return _make(
        SourceKind.UNNAMED_DESCRIBED,
        _article_normalised(core),
        description=description,
        head=head,
        plural=_is_plural(head) or " and " in f" {rest} ",
    )


def _names_other_people(head: str) -> bool:
    """Whether "X’s <head>" is somebody other than X ("aides", "wife", "lawyer")."""
    return head in ROLE_NOUNS or head in GROUP_NOUNS or head in _KINSHIP_NOUNS or _role_like(head)


def _gender(core: str, name: str, description: str | None) -> str | None:
    context = [word_key(w) for w in f"{core} {description or ''}".split()]
    first_name = word_key(name.split()[0])
    for key in context:
        if key in _words("mr messrs") or key in MASCULINE_ROLE_WORDS:
            return "male"
        if key in _words("mrs ms miss mme") or key in FEMININE_ROLE_WORDS:
            return "female"
    if first_name in MALE_GIVEN_NAMES:
        return "male"
    if first_name in FEMALE_GIVEN_NAMES:
        return "female"
    return None


def _article_normalised(phrase: str) -> str:
    """ "A person familiar with ..." -> "a person ...": a capital from the sentence start
    is not part of an unnamed source's name."""
    words = phrase.split()
    if words and (word_key(words[0]) in DETERMINERS or word_key(words[0]) in VAGUE_HEADS):
        words[0] = words[0].lower()
    return " ".join(words)


def _is_plural(head: str) -> bool:
    if head in _words("people police staff troops personnel media data men women children"):
        return True
    if head in VAGUE_HEADS and head in _words(
        "some many others several most those these both all few"
    ):
        return True
    return head.endswith("s") and not head.endswith(("ss", "us", "is"))


_APPROXIMATORS = _words("about nearly almost roughly around just over under only least at")
_NUMBER_RE = re.compile(r"^[\d][\d,.]*%?$")
_NUMBER_WORDS = _words(
    """
    eleven twelve fifteen twenty thirty forty fifty sixty seventy eighty ninety hundred
    thousand million half third thirds quarter quarters two-thirds three-quarters
    """
) | frozenset(
    f"{tens}-{unit}"
    for tens in ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
    for unit in ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
)
_QUANTITY_WORDS = _words(
    """
    percent per cent % majority plurality minority share part portion number lot lots
    handful dozen dozens couple bunch group groups rest bulk slew fraction proportion
    percentage pair series range host
    """
)


@dataclass(frozen=True, slots=True)
class _Phrase:
    determiner: str | None
    premodifiers: tuple[str, ...]
    head: str
    head_word: str
    postmodifier: tuple[str, ...]


def _parse_phrase(core: str) -> _Phrase:
    """Determiner, modifiers, head noun and post-modifier of a common noun phrase."""
    words = core.split()
    determiner: str | None = None
    i = 0
    counting = False  # after a number or quantity, "of" and "in" belong to it too
    while i < len(words) - 1:
        key = word_key(words[i])
        if key in DETERMINERS or key in _APPROXIMATORS:
            determiner = determiner or key
        elif _NUMBER_RE.match(key) or key in _QUANTITY_WORDS or key in _NUMBER_WORDS:
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
        if word_key(rest[j]) in _POSTMODIFIER_STARTERS:
            end = j
            break
    head_word = rest[end - 1]
    return _Phrase(
        determiner=determiner,
        premodifiers=tuple(rest[: end - 1]),
        head=word_key(head_word),
        head_word=head_word,
        postmodifier=tuple(rest[end:]),
    )


_UNNAMING_WORDS = _words(
    """
    a an the this that these those its their his her new latest recent earlier previous
    exit internal leaked draft preliminary final annual official federal confidential
    secret separate another one two three several some many most other independent
    """
)


_CALENDAR_WORDS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march
    april june july august september october november december
    """
)


def _names_its_document(core: str) -> bool:
    """Whether a document mention names whose it is or which it is: a proper word in it
    ("a Pew survey", "the GAO report", "a report by the Government Accountability
    Office", "the Mueller report") beyond a capital the sentence start may have put on
    a common word ("Reports said", "Exit polls show")."""
    words = core.split()
    for i, word in enumerate(words):
        key = word_key(word)
        if not word[:1].isupper() or key in DOCUMENT_NOUNS or key in _CALENDAR_WORDS:
            continue  # "data released Friday": a day is capitalised, and names nothing
        if i == 0 and key in _UNNAMING_WORDS:
            continue
        return True
    return False


def _classify_phrase(core: str, description: str | None) -> SourceClass:
    """An unnamed source, a document, an organisation by common noun, or a backref."""
    phrase = _parse_phrase(core)
    head = phrase.head
    name = _article_normalised(core)
    definite = phrase.determiner in {"the", "this", "that", "these", "those"}
    plural = _is_plural(head) or phrase.determiner in _words(
        "two three four five six seven eight nine ten several many some both dozens these those"
    )
    qualifier = " ".join(phrase.postmodifier) or None
    fields: dict[str, object] = {
        "description": description,
        "head": head,
        "qualifier": qualifier,
        "plural": plural,
    }

    if head in DOCUMENT_NOUNS and head not in _words("statement statements"):
        if not _names_its_document(core):
            # "a report", "reports said", "a new poll": DESIGN's documentary is a named
            # document; one nobody names is as vague a source as "people familiar"
            fields["strength"] = SourcingStrength.ANONYMOUS_VAGUE
        return _make(SourceKind.DOCUMENT, name, **fields)
    if head in _SPOKES_NOUNS:
        return _spokesperson(phrase, name, fields, definite)
    if head in _COLLECTIVE_STATE_NOUNS and (
        phrase.determiner in {"both", "the", "two", "all"} or _has_affiliation(phrase)
    ):
        return _make(SourceKind.ORGANIZATION, name, **fields)
    if head in ORG_NOUNS or head in _STANDALONE_ORG_NOUNS:
        return _organisation_noun(phrase, name, fields, definite)
    if head in VAGUE_HEADS or (not phrase.premodifiers and head in DETERMINERS):
        if definite and not phrase.postmodifier and not phrase.premodifiers:
            return _make(SourceKind.BACKREF, name, **fields)
        if _has_affiliation(phrase):
            return _make(SourceKind.UNNAMED_DESCRIBED, name, **fields)
        return _make(SourceKind.UNNAMED_VAGUE, name, **fields)
    if head in GROUP_NOUNS and head not in _words("republican democrat conservative liberal"):
        return _make(SourceKind.UNNAMED_DESCRIBED, name, **fields)
    if head in ROLE_NOUNS or head in _words("republican democrat") or _role_like(head):
        if definite and not _access_only(phrase):
            fields["gender"] = _role_gender(head)
            return _make(SourceKind.BACKREF, name, **fields)
        return _make(SourceKind.UNNAMED_DESCRIBED, name, **fields)
    if phrase.head_word[:1].isupper() and len(head) > 1 and not definite:
        return _make(SourceKind.UNNAMED_DESCRIBED, name, **fields)
    return _make(SourceKind.UNNAMED_VAGUE, name, **fields)


def _role_like(head: str) -> bool:
    return looks_like_role_noun(head)


def _role_gender(head: str) -> str | None:
    if head in MASCULINE_ROLE_WORDS:
        return "male"
    if head in FEMININE_ROLE_WORDS:
        return "female"
    return None


def _access_only(phrase: _Phrase) -> bool:
    return bool(phrase.postmodifier) and word_key(phrase.postmodifier[0]) in _ACCESS_WORDS


def _has_affiliation(phrase: _Phrase) -> bool:
    """Whether the phrase says where the unnamed source works or what they are."""
    for word in phrase.premodifiers:
        key = word_key(word)
        if key in _EMPTY_MODIFIERS:
            continue
        if key in _AFFILIATION_MODIFIERS or word[:1].isupper() or key in ROLE_NOUNS:
            return True
        if key in ORG_NOUNS:
            return True
    post = phrase.postmodifier
    if not post or word_key(post[0]) in _ACCESS_WORDS:
        return False
    starter = word_key(post[0])
    if starter not in _AFFILIATION_PREPOSITIONS:
        return False
    if starter == "with" and len(post) > 1 and word_key(post[1]) in _ACCESS_AFTER_WITH:
        return False
    obj = post[1:]
    return any(w[:1].isupper() or word_key(w) in ORG_NOUNS | ROLE_NOUNS for w in obj)


def _principal_of(phrase: _Phrase) -> SourceClass | None:
    """The organisation or person a spokesperson speaks for, if the phrase names one."""
    post = phrase.postmodifier
    if post and word_key(post[0]) in {"for", "of", "from", "at", "with", "to"}:
        principal = " ".join(post[1:])
        if principal:
            return classify_source(principal)
    premods = [w for w in phrase.premodifiers if word_key(w) not in _EMPTY_MODIFIERS]
    if premods:
        return classify_source(" ".join(premods))
    return None


def _spokesperson(
    phrase: _Phrase, name: str, fields: dict[str, object], definite: bool
) -> SourceClass:
    principal = _principal_of(phrase)
    if principal is not None and principal.kind in {SourceKind.PERSON, SourceKind.ORGANIZATION}:
        if principal.kind is SourceKind.PERSON:
            return _make(
                SourceKind.ORGANIZATION,
                f"{principal.name}’s office",
                description=name,
                head="office",
                holder=principal.name,
            )
        return replace(principal, description=name)
    if phrase.head in {"statement", "statements", "announcement"}:
        return _make(SourceKind.DOCUMENT, name, **fields)
    fields["gender"] = _role_gender(phrase.head)
    if definite and principal is None:
        return _make(SourceKind.BACKREF, name, **fields)
    return _make(SourceKind.UNNAMED_DESCRIBED, name, **fields)


def _organisation_noun(
    phrase: _Phrase, name: str, fields: dict[str, object], definite: bool
) -> SourceClass:
    """ "the Clinton campaign", "the Israeli military", "police", "the campaign"."""
    named_modifier = any(
        w[:1].isupper() or word_key(w) in DEMONYMS
        for w in phrase.premodifiers
        if word_key(w) not in _EMPTY_MODIFIERS
    )
    named_of = (
        bool(phrase.postmodifier)
        and word_key(phrase.postmodifier[0]) in {"of", "in"}
        and any(w[:1].isupper() for w in phrase.postmodifier[1:])
    )
    indefinite = phrase.determiner in {"a", "an", "one", "another", "some", "several"}
    if phrase.determiner in _PARTITIVE_QUANTIFIERS:
        return _make(SourceKind.UNNAMED_DESCRIBED, name, **fields)  # "many in the party"
    if _is_plural(phrase.head) and phrase.head not in _words("forces authorities police"):
        # "Six Gannett newspapers", "Federal labor organizations": several, none named
        return _make(SourceKind.UNNAMED_DESCRIBED, name, **fields)
    if (named_modifier or named_of) and not indefinite:
        words = name.split()
        org_name = " ".join(words[1:]) if word_key(words[0]) == "the" else name
        return _make(SourceKind.ORGANIZATION, org_name, **fields)
    if phrase.head in _STANDALONE_ORG_NOUNS and not indefinite:
        words = name.split()
        org_name = " ".join(words[1:]) if word_key(words[0]) == "the" else name
        return _make(SourceKind.ORGANIZATION, org_name, **fields)
    if definite and not phrase.postmodifier:
        return _make(SourceKind.BACKREF, name, **fields)
    return _make(SourceKind.UNNAMED_DESCRIBED, name, **fields)


# --------------------------------------------------------------------------------------
# Back-references


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


def _last(earlier: Sequence[SourceClass], accept: object) -> int | None:
    for index in range(len(earlier) - 1, -1, -1):
        if accept(earlier[index]):  # type: ignore[operator]
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
    if source.head in _PRONOUNS:
        return _resolve_pronoun(source, earlier)
    return _resolve_definite(source, earlier)


_fold = lru_cache(maxsize=8192)(fold_key)


@lru_cache(maxsize=8192)
def _person_keys(name: str) -> frozenset[str]:
    """The folded alias variants of a person's name (cached: an article names the same
    people again and again, and every back-reference compares against them)."""
    from provenance.language.names import alias_variants

    return frozenset(fold_key(v) for v in alias_variants(name))


def _resolve_pronoun(source: SourceClass, earlier: Sequence[SourceClass]) -> int | None:
    head = source.head or ""
    _, _, points_to = _PRONOUNS[head]
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
    if head in ORG_NOUNS or head in _STANDALONE_ORG_NOUNS:
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
        if word_key(w) in PARTY_AND_DESCRIPTOR_WORDS | DEMONYMS
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
    ("Lindenstrauss") takes the full name of the person it resolves to.
    """
    source = classify_source(mention)
    index = resolve_backreference(mention, earlier)
    if source.kind is SourceKind.BACKREF:
        if index is not None:
            antecedent = earlier[index]
            if source.possessed is not None:
                return _possessed(antecedent, source.possessed)
            return antecedent
        return _unresolved(source)
    if index is not None and source.kind is SourceKind.PERSON:
        antecedent = earlier[index]
        if len(antecedent.name) > len(source.name):
            return replace(source, name=antecedent.name, description=antecedent.description)
    return source


def _possessed(owner: SourceClass, possessed: str) -> SourceClass:
    name = f"{owner.name}’s {possessed}"
    if owner.kind not in {SourceKind.PERSON, SourceKind.ORGANIZATION}:
        if owner.is_human and _names_other_people(possessed):
            return _make(
                SourceKind.UNNAMED_DESCRIBED, name, head=possessed, plural=_is_plural(possessed)
            )
        return owner
    if possessed in _MEDIUM_NOUNS:
        return owner
    holder = owner.name if owner.kind is SourceKind.PERSON else None
    if possessed in _SPOKES_NOUNS:
        return _make(
            SourceKind.ORGANIZATION, f"{owner.name}’s office", head="office", holder=holder
        )
    if possessed in ORG_NOUNS:
        return _make(SourceKind.ORGANIZATION, name, head=possessed, holder=holder)
    if possessed in DOCUMENT_NOUNS:
        return _make(
            SourceKind.DOCUMENT, name, head=possessed, speaker_type=SpeakerType.ORGANIZATION
        )
    if possessed in VAGUE_HEADS:
        return _make(SourceKind.UNNAMED_VAGUE, name, head=possessed, plural=True)
    if not _names_other_people(possessed):
        return owner  # "his famous demand", "her view"
    return _make(SourceKind.UNNAMED_DESCRIBED, name, head=possessed, plural=_is_plural(possessed))


def _unresolved(source: SourceClass) -> SourceClass:
    head = source.head or ""
    fields = {
        "description": source.description,
        "head": source.head,
        "qualifier": source.qualifier,
        "plural": source.plural,
        "gender": source.gender,
    }
    if head in _PRONOUNS or head in VAGUE_HEADS or head in DETERMINERS:
        return _make(SourceKind.UNNAMED_VAGUE, source.name, **fields)
    if head in ORG_NOUNS or head in _STANDALONE_ORG_NOUNS:
        words = source.name.split()
        name = (
            " ".join(words[1:]) if len(words) > 1 and word_key(words[0]) == "the" else source.name
        )
        return _make(SourceKind.ORGANIZATION, name, **fields)
    return _make(SourceKind.UNNAMED_DESCRIBED, source.name, **fields)
