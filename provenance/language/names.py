"""Speaker names: the name in a source mention, apart from the titles around it.

A mention as an article writes it carries more than a name: "Turkish President Recep
Tayyip Erdoğan", "Hakan Fidan, Turkey’s foreign minister", "Mr. Obama". The speaker
index wants the name alone, so that every mention of one person in an archive meets on
one speaker, and keeps the rest as the speaker's description.

Rules ``split_name`` follows:

* A personal name is the trailing run of capitalised words that are not titles, roles,
  nationalities, party words or organisation words: in "US President Donald Trump" the
  run is "Donald Trump" and "US President" is the description. Initials ("Donald J.
  Trump"), suffixes ("Jr.") and name particles ("al-Assad", "bin Laden", "de Blasio")
  belong to the run. A title or nationality word after a common given name, or after
  an honorific, is a surname ("Steve King", "John Major", "Mark Cuban", "Mr. King").
* Courtesy honorifics (Mr., Mrs., Ms., Miss) are dropped; honorifics that state a role
  (Sen., Rep., Gov., Dr., Gen. ...) are kept in the description.
* An apposition after a comma or dash is description ("Gallia Lindenstrauss, a senior
  fellow at ..."), and so are a relative clause ("Trump, who has been feuding ...") and
  a parenthesis ("Sen. Marco Rubio (R-Fla.)"). When the first segment is a role and the
  second a name ("the Post’s new owner, Jeff Bezos"), the name wins.
* A name after a preposition governed by a common noun is not the speaker's:
  "economists at Goldman Sachs" and "a spokesman for Hillary Clinton" keep the whole
  phrase (the caller decides what the employer makes of them), while "Secretary of
  State John Kerry" is John Kerry.
* A possessive office keeps its noun: "Israeli Prime Minister Benjamin Netanyahu’s
  office" is named "Benjamin Netanyahu’s office" (a speaker distinct from Netanyahu,
  which an office must be) with the holder's title, "Israeli Prime Minister", as its
  description. A possessive before a name is description: "The New Republic’s Jeet
  Heer" is Jeet Heer.
* A leading "the" is dropped from a proper name ("the White House" is "White House"),
  except for the publications that carry it ("The New York Times"). A common noun phrase
  keeps its article, lower-cased: "A person familiar with the plans" becomes "a person
  familiar with the plans".

The word lists here are also what ``provenance.language.sources`` uses to tell roles,
organisations and places apart, so they live in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from provenance.text.folding import fold_key

__all__ = [
    "MentionParts",
    "alias_variants",
    "clean_mention",
    "is_group_prefix",
    "is_name_part",
    "is_proper_phrase",
    "looks_like_role_noun",
    "name_tokens",
    "parse_mention",
    "split_name",
    "trailing_name_start",
    "word_key",
]


def _words(block: str) -> frozenset[str]:
    """A lexicon from a whitespace-separated block; ``_`` joins multi-word entries."""
    return frozenset(w.replace("_", " ") for w in block.split())


# Courtesy honorifics carry no role: dropped from both name and description.
COURTESY_HONORIFICS = _words("mr mrs ms miss mx messrs mme mmes")

# Honorifics that state a role; expanded so "the senator" can find "Sen. Graham".
ROLE_ABBREVIATIONS: dict[str, str] = {
    "sen": "senator",
    "sens": "senator",
    "rep": "representative",
    "reps": "representative",
    "gov": "governor",
    "lt. gov": "lieutenant governor",
    "dr": "doctor",
    "gen": "general",
    "lt": "lieutenant",
    "col": "colonel",
    "capt": "captain",
    "cpt": "captain",
    "sgt": "sergeant",
    "adm": "admiral",
    "cmdr": "commander",
    "maj": "major",
    "prof": "professor",
    "rev": "reverend",
    "pres": "president",
    "amb": "ambassador",
    "atty": "attorney",
    "supt": "superintendent",
    "insp": "inspector",
    "det": "detective",
    "hon": "honourable",
    "sec": "secretary",
    "st": "saint",
}

# Words that introduce or make up a title before a name. Capitalised in that position,
# so the name run must not swallow them.
TITLE_WORDS = _words(
    """
    president vice prime minister secretary deputy undersecretary under director chairman
    chairwoman chair chairperson speaker senator congressman congresswoman congressmember
    representative delegate governor lieutenant mayor attorney general judge justice chief
    commissioner ambassador envoy leader majority minority whip king queen prince princess
    sheikh emir crown chancellor premier pope cardinal bishop archbishop rabbi imam
    ayatollah sultan colonel captain sergeant admiral commander marshal field professor
    doctor dean reporter correspondent editor columnist anchor host candidate nominee
    hopeful frontrunner front-runner former then foreign defence defense interior finance
    treasury state homeland security house senate national federal supreme court assistant
    associate acting interim special counsel adviser advisor spokesman spokeswoman
    spokesperson lord lady sir dame founder co-founder ceo cfo coo executive officer
    economist analyst strategist pollster fellow lawyer activist author star actor actress
    singer rapper comedian player coach manager owner partner officer general-secretary
    secretary-general first presidential vice-presidential gubernatorial senior junior
    top ranking republican democrat democratic independent libertarian conservative
    liberal progressive labour labor tory likud socialist green gop mp mep msp mla
    lawmaker legislator councilman councilwoman councillor councilor alderman sheriff
    prosecutor solicitor auditor inspector superintendent comptroller treasurer clerk
    registrar regent premier-elect president-elect elect designate emeritus retired
    ex ex-president party committee supervisor administrator billionaire businessman
    businesswoman entrepreneur philanthropist magnate tycoon mogul investor
    """
)

# Role nouns: what an unnamed source is by office or trade ("a Turkish defence official").
ROLE_NOUNS = _words(
    """
    official officials minister ministers senator senators spokesman spokeswoman
    spokesperson spokesmen spokeswomen spokespeople diplomat diplomats aide aides adviser
    advisers advisor advisors officer officers commander commanders general generals
    strategist strategists pollster pollsters executive executives director directors
    chairman chairwoman chair leader leaders lawmaker lawmakers legislator legislators
    candidate candidates nominee nominees governor governors mayor mayors prosecutor
    prosecutors judge judges investigator investigators agent agents staffer staffers
    employee employees worker workers member members representative representatives
    negotiator negotiators ambassador ambassadors envoy envoys secretary secretaries
    chief chiefs head heads administrator administrators researcher researchers scientist
    scientists professor professors fellow fellows historian historians activist
    activists organizer organizers organiser organisers operative operatives consultant
    consultants donor donors doctor doctors economist economists banker bankers trader
    traders investor investors manager managers regulator regulators lawyer lawyers
    attorney attorneys president presidents congressman congresswoman congressmen
    congresswomen delegate delegates hopeful hopefuls frontrunner front-runner
    frontrunners front-runners contender contenders challenger challengers incumbent
    minister officer counsel adviser spokesperson reporter reporters correspondent
    correspondents editor editors columnist columnists journalist journalists soldier
    soldiers troops commanders vice-president chancellor
    premier king queen prince emir sheikh commissioner commissioners auditor auditors
    inspector inspectors detective detectives sheriff police-officer veteran veterans
    teacher teachers student students nurse nurses physician physicians surgeon surgeons
    pediatrician engineer engineers pilot pilots owner owners founder founders partner
    partners colleague colleagues ally allies adversary rival rivals opponent opponents
    campaigner campaigners volunteer volunteers staff staffers counselor counsellor
    planner planners chairmen trustee trustees governor-general mp mps mep meps
    councilman councilwoman councillor councillors councilor councilors alderman
    treasurer comptroller clerk clerks organizer mediator mediators monitor monitors
    whistleblower whistleblowers lobbyist lobbyists
    """
)

# Groups described by affiliation: plural unnamed sources that are not vague.
GROUP_NOUNS = _words(
    """
    voters democrats republicans conservatives liberals progressives moderates
    independents libertarians millennials evangelicals hispanics latinos latinas
    americans israelis turks palestinians syrians iranians russians ukrainians europeans
    britons brits germans french chinese japanese koreans indians pakistanis afghans
    iraqis saudis egyptians kurds arabs jews muslims christians catholics protestants
    mormons tories residents citizens constituents supporters backers loyalists
    opponents delegates members marines soldiers troops veterans
    parents families women men mothers fathers farmers workers unionists students
    protesters protestors demonstrators activists immigrants refugees migrants
    taxpayers consumers customers shoppers businesses employers respondents
    participants survivors victims witnesses neighbours neighbors locals villagers
    settlers officers policemen firefighters doctors nurses teachers scholars
    republican democrat conservative liberal
    """
)

# Heads that identify nobody: access at most ("a person familiar with the matter").
VAGUE_HEADS = _words(
    """
    person people persons source sources individual individuals someone somebody anyone
    anybody everyone everybody one ones critics critic observers observer experts expert
    analysts analyst insiders insider commentators commentator pundits pundit some many
    others other few several most those these both all none each either neither
    skeptics sceptics detractors proponents advocates admirers fans friends friend
    acquaintances acquaintance associates associate figures figure voices voice
    speculation rumours rumors reports word talk
    """
)

# Determiners and quantifiers that open a noun phrase.
DETERMINERS = _words(
    """
    a an the this that these those some many several most few a_few both all any each
    every other another one two three four five six seven eight nine ten dozen dozens
    hundreds thousands numerous various certain multiple at_least more fewer such no
    """
)

PARTY_AND_DESCRIPTOR_WORDS = _words(
    """
    republican republicans democratic democrat democrats gop conservative liberal
    progressive independent libertarian labour labor tory tories likud socialist
    communist green greens nationalist centrist leftist rightist far-right far-left
    centre-left center-left centre-right center-right hard-line hardline moderate
    evangelical catholic jewish muslim arab kurdish sunni shia shiite
    islamist jihadist western eastern northern southern arab-american african-american
    hispanic latino asian millennial millennials senior junior former top
    veteran prominent leading
    """
)

# Nationality and regional adjectives: affiliations, never names.
DEMONYMS = _words(
    """
    afghan albanian algerian american andorran angolan argentine argentinian armenian
    australian austrian azerbaijani azeri bahraini bangladeshi belarusian belgian
    bolivian bosnian brazilian british bulgarian burmese cambodian cameroonian canadian
    chadian chilean chinese colombian congolese croatian cuban cypriot czech danish
    dutch ecuadorian egyptian emirati english eritrean estonian ethiopian european
    filipino finnish french georgian german ghanaian greek guatemalan haitian honduran
    hungarian icelandic indian indonesian iranian iraqi irish israeli italian ivorian
    jamaican japanese jordanian kazakh kenyan korean kosovar kuwaiti kyrgyz laotian
    latvian lebanese liberian libyan lithuanian luxembourgish macedonian malagasy
    malaysian malian maltese mauritanian mexican moldovan mongolian montenegrin
    moroccan mozambican namibian nepalese nepali nigerian nigerien norwegian omani
    pakistani palestinian panamanian paraguayan persian peruvian polish portuguese
    qatari romanian russian rwandan saudi scottish senegalese serbian sierra_leonean
    singaporean slovak slovenian somali south_african south_korean north_korean
    spanish sri_lankan sudanese swedish swiss syrian taiwanese tajik tanzanian thai
    tunisian turkish turkmen ugandan ukrainian uruguayan uzbek venezuelan vietnamese
    welsh yemeni zambian zimbabwean gazan israeli-palestinian arab african asian
    latin-american middle-eastern gulf nordic baltic balkan soviet ottoman kremlin-backed
    iranian-backed russian-backed us-backed u.s.-backed western-backed kurdish-led
    us u.s. uk u.k. eu un nato british-based
    """
)

# Words that end an organisation's proper name ("State Department", "Judicial Watch").
ORG_KEYWORDS = _words(
    """
    department ministry office agency bureau administration commission committee council
    court congress senate parliament assembly party campaign foundation institute
    sentinel examiner chronicle inquirer dispatch
    institution center centre university college school association society union
    federation league coalition alliance organization organisation group fund bank
    corporation corp corp. inc inc. co co. company ltd llc plc trust network news press
    times post journal herald tribune gazette guardian observer telegraph independent
    review magazine daily weekly radio television tv channel media watch forces force
    army navy police guard service services authority board cabinet secretariat embassy
    consulate mission command corps church club project initiative program programme
    forum lab laboratory labs research partners associates capital holdings systems
    technologies airlines motors republic kingdom state states nations house pentagon
    kremlin legislature caucus fed reserve exchange clinic hospital museum library
    academy conference summit tribunal jury police-department sheriff's secretariat
    directorate inspectorate ministry-of party's government regime junta chamber
    newspaper outlet studio studios report
    """
)

# Names where a leading "The" belongs to the title, not to the sentence.
_THE_TITLED_ENDINGS = _words(
    """
    times post journal guardian economist hill atlantic republic independent telegraph
    observer herald globe tribune nation intercept beast examiner spectator new_yorker
    week onion wrap daily sun star mirror express register monitor courier oregonian
    """
)

NAME_PARTICLES = _words(
    "al el bin ibn bint abu abd de del della dei di da dos das du van von der den ter ten la le y"
)
NAME_SUFFIXES = _words("jr jr. sr sr. ii iii iv")

# A few common given names, enough for "he"/"she" to skip a speaker of the other sex.
MALE_GIVEN_NAMES = _words(
    """
    donald barack bernie bernard ted marco jeb ben benjamin john joe joseph mike michael
    paul chris christopher bill william george hakan recep tayyip ahmed ahmad mohammed
    muhammad vladimir emmanuel boris keir rishi olaf volodymyr xi jim james robert bob
    david dan daniel steve steven mark mitch chuck tim tom thomas rand rick richard
    jeff jeffrey kevin brian scott eric lindsey reince corey newt rudy martin andrew
    jared mike mohammad bashar recep yair naftali benny avigdor yoav isaac abdullah
    ali hassan hussein omar ibrahim mustafa kemal jake jack peter matthew mitt lloyd
    antony anthony jens xavier pedro carlos jose juan luis sergei sergey dmitry alexei
    """
)
FEMALE_GIVEN_NAMES = _words(
    """
    hillary gallia carly nancy elizabeth sarah kamala angela theresa ursula marine huma
    loretta hua jill michelle melania ivanka kellyanne sheryl susan susanna maria mary
    anne ann jane janet patricia linda barbara margaret karen lisa laura amy emily
    emma olivia sophia hannah rachel rebecca ruth tzipi golda ayelet liz kristi nikki
    tulsi debbie donna valerie samantha heather megan megyn christine catherine kate
    katherine victoria alexandria ilhan rashida kirsten tammy dianne marsha kay
    """
)
FEMININE_ROLE_WORDS = _words(
    "spokeswoman congresswoman chairwoman councilwoman businesswoman woman queen princess"
)
MASCULINE_ROLE_WORDS = _words(
    "spokesman congressman chairman councilman businessman man king prince"
)
_FEMININE_HONORIFICS = _words("mrs ms miss mme")
_MASCULINE_HONORIFICS = _words("mr messrs")

# Title heads that take "of" and an office before a name ("Director of National
# Intelligence James Clapper").
_OF_TITLE_HEADS = _words("secretary director supervisor administrator commissioner chief")

# A part of a group ("Half of Vermont Democrats", "Majorities of voters"): no name.
_QUANTITY_WORDS = _words(
    """
    half majority majorities plurality pluralities minority minorities percent
    two-thirds three-quarters handful most
    """
)
# Documents and the labels of headlines and columns ("Poll: …", "Fact-Check: …"):
# capitalised in a title, never a person.
_DOCUMENT_AND_LABEL_WORDS = _words(
    """
    poll polls survey surveys study studies analysis memo dataset data index
    latest guide fact-check factcheck explainer opinion exclusive breaking update
    editorial live timeline factbox commentary recap revealed bombshell wow look
    watch listen
    """
)
_WEEKDAYS_AND_MONTHS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december
    """
)

# Words that are never part of a personal name, whatever their case.
_NOT_NAME_WORDS = (
    TITLE_WORDS
    | ROLE_NOUNS
    | GROUP_NOUNS
    | VAGUE_HEADS
    | DETERMINERS
    | PARTY_AND_DESCRIPTOR_WORDS
    | DEMONYMS
    | ORG_KEYWORDS
    | _words("and or of for to in at on by with from the he she they it we i you")
    | _QUANTITY_WORDS
    | _DOCUMENT_AND_LABEL_WORDS
    | _words(
        """
        monday tuesday wednesday thursday friday saturday sunday today yesterday
        tomorrow january february march july september october november december
        """
    )
)

_ROLE_SUFFIXES = ("er", "ers", "or", "ors", "ist", "ists", "ian", "ians", "ant", "ants")


def looks_like_role_noun(key: str) -> bool:
    """A guess for role nouns not in the lists: "pediatrician", "skywriters", "user"."""
    return key.isalpha() and len(key) > 3 and key.endswith(_ROLE_SUFFIXES)


_STOPWORDS = _words("the a an of for and or to in at on by with from 's s")


def is_group_prefix(key: str) -> bool:
    """Whether a capitalised first word makes a proper name an organisation's, not a
    title before a person's name: a plural group or role noun ("Reporters Without
    Borders", "Democrats Abroad", "Citizens United"), a quantity, label or day word
    ("Half Moon Bay", "Poll Everywhere", "The Monday Morning Quarterback")."""
    if key in _QUANTITY_WORDS or key in _DOCUMENT_AND_LABEL_WORDS or key in _WEEKDAYS_AND_MONTHS:
        return True
    plural = key.endswith("s") or key in ("men", "women", "people")
    return plural and (
        key in GROUP_NOUNS
        or key in ROLE_NOUNS
        or key in PARTY_AND_DESCRIPTOR_WORDS
        or key[:-1] in DEMONYMS
        or looks_like_role_noun(key)
    )


def _keeps_whole(tokens: Sequence[str], start: int) -> bool:
    """Whether the capitalised words before a name run are part of one proper name
    rather than a description of a person: "Reporters Without Borders" is not a person
    "Without Borders" described as reporters. A descriptor is only stripped before
    something that reads as a person's name (a common given name)."""
    before = list(tokens[:start])
    if before and word_key(before[0]) == "the":
        before = before[1:]
    if not before or not is_group_prefix(word_key(before[0])):
        return False
    if word_key(tokens[start]) in MALE_GIVEN_NAMES | FEMALE_GIVEN_NAMES:
        return False
    connectors = {"of", "for", "and", "&", "the"}
    return all(t[:1].isupper() or word_key(t) in connectors for t in tokens[1:])


_PAREN_RE = re.compile(r"\s*\(([^()]*)\)")
_POSSESSIVE_RE = re.compile(r"(?:['’]s|s['’])(?=\s|$)")
_RELATIVE_RE = re.compile(r"\s(?=(?:who|whose|whom|which)\s)")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def word_key(token: str) -> str:
    """The lexicon key of one token: lower-cased, outer punctuation and quotes stripped.

    A trailing full stop is dropped ("Sen." is "sen") so abbreviations meet their
    entries; "U.S." keeps its inner stops and becomes "u.s".
    """
    stripped = token.translate(_APOSTROPHES).strip("\"'“”«»()[]{},;:!?")
    return stripped.rstrip(".").lower()


def clean_mention(mention: str) -> str:
    """Whitespace collapsed, and punctuation that only joins the mention to its sentence
    (a trailing comma, a dash, an unbalanced quote) removed from both ends."""
    text = " ".join(mention.split())
    text = text.strip(" ,;:—–-")
    for opening, closing in (("(", ")"), ("[", "]"), ("“", "”"), ('"', '"'), ("‘", "’")):
        if text.startswith(opening) and text.endswith(closing) and len(text) > 2:
            text = text[1:-1].strip()
        elif (
            opening in "“‘"
            and text.count(opening) + text.count(closing) == 1
            and not text.endswith("s’")  # a plural possessive, not a quote mark
        ):
            text = text.strip(opening + closing).strip()
    return text


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
    if key in _NOT_NAME_WORDS:
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
    core = [t for t in tokens[start:] if word_key(t) not in NAME_PARTICLES | NAME_SUFFIXES]
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
        if looks_capitalised and word_key(last) in TITLE_WORDS | ROLE_NOUNS | DEMONYMS:
            before = tokens[suffixed - 2]
            given = MALE_GIVEN_NAMES | FEMALE_GIVEN_NAMES
            if _is_honorific(before):
                start = suffixed - 1
            elif is_name_part(before):
                start = suffixed - 2
                while start > 0 and is_name_part(tokens[start - 1]):
                    start -= 1  # "Martin Luther King"
                if not any(word_key(t) in given for t in tokens[start : suffixed - 1]):
                    start = n
    of = start - 1
    while of > 0 and word_key(tokens[of]) in TITLE_WORDS:
        of -= 1
    if (
        n - start >= 3
        and of >= 1
        and word_key(tokens[of]) == "of"
        and word_key(tokens[of - 1]) in TITLE_WORDS | _OF_TITLE_HEADS
    ):
        # "Supervisor of Elections Susan Bucher": the title's object is no name part
        given = MALE_GIVEN_NAMES | FEMALE_GIVEN_NAMES
        start = next((k for k in range(start + 1, n - 1) if word_key(tokens[k]) in given), n - 2)
    return start


def is_proper_phrase(words: Sequence[str]) -> bool:
    """Every word capitalised, or a connector inside a name ("Bank of America")."""
    connectors = {"of", "for", "and", "&", "on", "the", "de", "in", "at", "to"}
    if not words:
        return False
    if word_key(words[0]) in connectors:
        return False
    for w in words:
        bare = w.strip("\"'“”‘’,;:()")
        if not bare:
            continue
        if bare.lower() in connectors:
            continue
        if not (bare[0].isupper() or bare[0].isdigit() or bare[0] in "@#"):
            return False
    return True


def _split_top_level(text: str) -> list[str]:
    """Split on commas and spaced dashes outside parentheses and quotes."""
    parts: list[str] = []
    depth = 0
    in_quote = False
    buf: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch in "“”":
            in_quote = ch == "“"
        if depth == 0 and not in_quote:
            if ch == "," and text[i - 1 : i].isdigit() and text[i + 1 : i + 2].isdigit():
                pass  # "1,409 teachers"
            elif ch == ",":
                parts.append("".join(buf))
                buf = []
                i += 1
                continue
            if ch in "—–-" and text[i - 1 : i] == " " and text[i + 1 : i + 2] == " ":
                parts.append("".join(buf))
                buf = []
                i += 1
                continue
        buf.append(ch)
        i += 1
    parts.append("".join(buf))
    return [p.strip(" —–-") for p in parts if p.strip(" —–-")]


def _take_parentheses(text: str) -> tuple[str, list[str]]:
    asides = [f"({m.group(1).strip()})" for m in _PAREN_RE.finditer(text) if m.group(1).strip()]
    return " ".join(_PAREN_RE.sub("", text).split()), asides


def _take_relative_clause(text: str) -> tuple[str, str | None]:
    match = _RELATIVE_RE.search(text)
    if match is None or match.start() == 0:
        return text, None
    return text[: match.start()].strip(), text[match.end() :].strip()


def _has_name(segment: str) -> bool:
    """Whether the segment ends in a speaker's name ("the campaign chief, Paul Manafort")."""
    tokens = segment.split()
    if not tokens or word_key(tokens[0]) in {"who", "whose", "whom", "which", "that"}:
        return False
    start = trailing_name_start(tokens)
    return start < len(tokens) and not _name_is_object(tokens[:start])


def _normalise_article(phrase: str) -> str:
    """Drop "the" before a proper name (unless a title keeps it); lower-case it otherwise."""
    words = phrase.split()
    if not words:
        return phrase
    first = word_key(words[0])
    if first not in {"the", "a", "an"}:
        return phrase
    rest = words[1:]
    if first == "the" and rest and is_proper_phrase(rest):
        if word_key(rest[-1]) in _THE_TITLED_ENDINGS or fold_key(" ".join(rest[-2:])) in {
            "new yorker",
            "new republic",
            "daily beast",
        }:
            return "The " + " ".join(rest)
        return " ".join(rest)
    return " ".join([first, *rest])


def _join(parts: Iterable[str | None]) -> str | None:
    kept = [p.strip(" ,") for p in parts if p and p.strip(" ,")]
    return ", ".join(kept) if kept else None


def _split_core(core: str) -> tuple[str, str | None]:
    """Name and title of one phrase with no apposition, parenthesis or relative clause."""
    possessive = _split_possessive(core)
    if possessive is not None:
        return possessive
    coordinated = _split_coordination(core)
    if coordinated is not None:
        return coordinated
    affiliated = _split_name_of_place(core)
    if affiliated is not None:
        return affiliated
    tokens = core.split()
    start = trailing_name_start(tokens)
    if start < len(tokens) and not _name_is_object(tokens[:start]):
        if start > 0 and _keeps_whole(tokens, start):
            return _normalise_article(core), None
        before = [t for t in tokens[:start] if word_key(t) not in COURTESY_HONORIFICS]
        if before and word_key(before[0]) in {"the", "a", "an"}:
            before[0] = before[0].lower()
            if len(before) == 1:  # "the Washington Free Beacon": an article is no title
                before = []
        return " ".join(tokens[start:]), " ".join(before) or None
    return _normalise_article(core), None


# Title heads that take "of" before a name: "Secretary of State John Kerry".
_OF_TITLES = _words(
    """
    secretary minister chairman chairwoman chair director chief head president governor
    speaker leader commissioner ambassador mayor member
    """
)
_TO_TITLES = _words("ambassador envoy adviser advisor counselor counsellor")
_PREPOSITIONS = _words("at of for in by from with to on among near about against")


def _split_name_of_place(core: str) -> tuple[str, str | None] | None:
    """ "David French of the National Retail Federation", "Sen. Sanders of Vermont"."""
    for match in re.finditer(r"\s(?:of|from)\s", core):
        left, right = core[: match.start()], core[match.end() :]
        left_tokens = left.split()
        start = trailing_name_start(left_tokens)
        if start == len(left_tokens) or _name_is_object(left_tokens[:start]):
            continue
        if not right[:1].isupper() and not right.startswith("the "):
            continue
        name, title = _split_core(left)
        return name, _join([title, core[match.start() :].strip()])
    return None


def _name_is_object(before: Sequence[str]) -> bool:
    """Whether the name after ``before`` is not the speaker's own.

    "economists at Goldman Sachs" and "a spokesman for ... Hillary Clinton" name an
    unnamed source by its employer; "a poll released Thursday" is no person at all.
    "Secretary of State John Kerry" and "former secretary of state Hillary Clinton"
    are titles before the speaker's name, and so is any role noun ("digital
    consultant Phil Musser").
    """
    if before:
        last = before[-1].strip("\"'“”‘’,;:")
        key = word_key(last)
        if last[:1].islower() and key.endswith("ed") and key not in _NOT_NAME_WORDS:
            return True  # "a poll released Thursday", "a video posted Sunday"
    if before and before[-1] in _PREPOSITIONS:  # "Republicans in Washington"
        return True
    for i in range(1, len(before)):
        prep = before[i]
        if prep not in _PREPOSITIONS:  # prepositions in a title are lower-case
            continue
        head = before[i - 1].strip(",;:")
        key = word_key(head)
        if prep == "of" and (key in _OF_TITLES or head[:1].isupper()):
            continue  # "Secretary of State ...", "Chairman of the Joint Chiefs ..."
        if prep == "to" and key in _TO_TITLES:
            continue  # "Ambassador to the UN Nikki Haley"
        return True
    return False


def _split_possessive(core: str) -> tuple[str, str | None] | None:
    matches = list(_POSSESSIVE_RE.finditer(core))
    if not matches:
        return None
    match = matches[-1]
    owner = core[: match.start()].strip()
    marker = match.group(0)
    possessed = core[match.end() :].strip()
    owner_tokens = owner.split()
    if not owner_tokens or word_key(owner_tokens[-1]) in {"it", "one"}:
        return None
    possessed_tokens = possessed.split()
    if possessed_tokens:
        start = trailing_name_start(possessed_tokens)
        if start < len(possessed_tokens):
            # "The New Republic’s Jeet Heer": the possessive is the person's description.
            prefix = " ".join([owner + marker, *possessed_tokens[:start]])
            prefix = " ".join(t for t in prefix.split() if word_key(t) not in COURTESY_HONORIFICS)
            return " ".join(possessed_tokens[start:]), prefix
    owner_name, owner_title = _split_core(owner)
    if not possessed:
        return owner_name, owner_title
    if marker.startswith("s"):  # plural possessive ("the Democrats’ nominee"): no office
        return _normalise_article(core), None
    return f"{owner_name}{marker} {possessed}", owner_title


def _split_coordination(core: str) -> tuple[str, str | None] | None:
    """ "Mr. Peck and Mr. Mahaney" -> ("Peck and Mahaney", None): two named people."""
    pieces = re.split(r"\s+(?:and|&)\s+", core)
    if len(pieces) != 2:
        return None
    left, right = pieces
    if not (_has_name(left) and _has_name(right)):
        return None
    left_tokens = left.split()
    left_start = trailing_name_start(left_tokens)
    # "Democratic presidential hopefuls former Maryland Gov. Martin O’Malley and ..."
    names = [" ".join(left_tokens[left_start:])]
    right_name, right_title = _split_core(right)
    names.append(right_name)
    left_title = " ".join(
        t for t in left_tokens[:left_start] if word_key(t) not in COURTESY_HONORIFICS
    )
    return " and ".join(names), _join([left_title, right_title])


class MentionParts(NamedTuple):
    """A mention taken apart: the phrase that names the speaker, the name, the rest.

    ``restrictive`` is the core with a relative clause that was not set off by a
    comma ("a person who attended the meeting"): for an unnamed source that clause
    says who the source is, so it belongs to the name, and ``apposition`` is then the
    description (what the other segments and parentheses say).
    """

    core: str
    name: str
    description: str | None
    restrictive: str
    apposition: str | None


def parse_mention(mention: str) -> MentionParts:
    """Like ``split_name``, and also the core phrase the name came from.

    The core is the mention without its apposition, relative clause and parentheses:
    for "Gallia Lindenstrauss, a senior fellow at ..." it is "Gallia Lindenstrauss";
    for "The person familiar with X, who spoke ..." it is "The person familiar with X".
    ``provenance.language.sources`` classifies the core.
    """
    text = clean_mention(mention)
    bare, asides = _take_parentheses(text)
    if bare:
        text = bare
    else:
        asides = []
    segments = _split_top_level(text) or [text]
    core_index = 0
    if len(segments) > 1 and not _has_name(segments[0]) and _has_name(segments[1]):
        first_word = word_key(segments[0].split()[0])
        introduces = DETERMINERS | {"his", "her", "their", "its", "our", "my"}
        if first_word in introduces or _POSSESSIVE_RE.search(segments[0]):
            core_index = 1
    segment = segments[core_index]
    core, relative = _take_relative_clause(segment)
    name, title = _split_core(core)
    if asides:  # "Sen. (R-Fla.)": a parenthesis glosses the title it follows
        title = " ".join([title or "", *asides]).strip()
    others = segments[1:] if core_index == 0 else [segments[0], *segments[2:]]
    description = _join([title, *others, relative])
    return MentionParts(core, name, description, segment, _join([*others, *asides]))


def split_name(mention: str) -> tuple[str, str | None]:
    """Split a source mention into the speaker's name and the description around it.

    >>> split_name("Turkish President Recep Tayyip Erdoğan")
    ('Recep Tayyip Erdoğan', 'Turkish President')
    >>> split_name("Hakan Fidan, Turkey’s foreign minister")
    ('Hakan Fidan', 'Turkey’s foreign minister')
    >>> split_name("Mr. Obama")
    ('Obama', None)
    >>> split_name("Israeli Prime Minister Benjamin Netanyahu’s office")
    ('Benjamin Netanyahu’s office', 'Israeli Prime Minister')
    >>> split_name("A person familiar with the plans")
    ('a person familiar with the plans', None)
    """
    parts = parse_mention(mention)
    return parts.name, parts.description


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
    is_personal = all(is_name_part(w) for w in words) and not _POSSESSIVE_RE.search(clean)
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


def name_tokens(name: str) -> list[str]:
    """Folded tokens of a name for blocking in a speaker index.

    Stopwords, courtesy honorifics, title abbreviations and one-letter initials are
    dropped: "Mr. Donald J. Trump" and "donald trump" give the same tokens, and
    "Netanyahu’s office" gives ``["netanyahu", "office"]``.
    """
    folded = fold_key(name)
    raw = re.split(r"[^\w@#]+", folded)
    tokens: list[str] = []
    for tok in raw:
        if len(tok) < 2 or tok in _STOPWORDS or tok in COURTESY_HONORIFICS:
            continue
        if tok in ROLE_ABBREVIATIONS or tok in NAME_PARTICLES or tok in NAME_SUFFIXES:
            continue
        if tok not in tokens:
            tokens.append(tok)
    return tokens
