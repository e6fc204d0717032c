"""A source mention taken apart: the speaker's name, apart from the titles around it.

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

What makes a word a name part is :mod:`provenance.language.names`; the word lists are
data in :mod:`provenance.language.lexicon`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from provenance.language import lexicon
from provenance.language.names import (
    COURTESY_HONORIFICS,
    DETERMINERS,
    GIVEN_NAMES,
    NOT_NAME_WORDS,
    POSSESSIVE_RE,
    is_group_prefix,
    is_proper_phrase,
    trailing_name_start,
    word_key,
)
from provenance.text.folding import fold_key

__all__ = ["MentionParts", "clean_mention", "parse_mention", "split_name"]

_THE_TITLED_NAMES = lexicon.words("the-titled-names")
_THE_TITLED_LAST_WORDS = frozenset(n for n in _THE_TITLED_NAMES if " " not in n)
_THE_TITLED_LAST_PAIRS = frozenset(n for n in _THE_TITLED_NAMES if " " in n)
_OF_TITLES = lexicon.words("of-titles")
_TO_TITLES = lexicon.words("to-titles")
_NAME_OBJECT_PREPOSITIONS = lexicon.words("name-object-prepositions")
# A first segment opened by one of these introduces the name in the next segment.
_INTRODUCERS = DETERMINERS | lexicon.words("possessive-determiners")


_PAREN_RE = re.compile(r"\s*\(([^()]*)\)")


_RELATIVE_RE = re.compile(r"\s(?=(?:who|whose|whom|which)\s)")


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
    if word_key(tokens[start]) in GIVEN_NAMES:
        return False
    connectors = {"of", "for", "and", "&", "the"}
    return all(t[:1].isupper() or word_key(t) in connectors for t in tokens[1:])


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
        last_pair = fold_key(" ".join(rest[-2:]))
        if word_key(rest[-1]) in _THE_TITLED_LAST_WORDS or last_pair in _THE_TITLED_LAST_PAIRS:
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
        if last[:1].islower() and key.endswith("ed") and key not in NOT_NAME_WORDS:
            return True  # "a poll released Thursday", "a video posted Sunday"
    if before and before[-1] in _NAME_OBJECT_PREPOSITIONS:  # "Republicans in Washington"
        return True
    for i in range(1, len(before)):
        prep = before[i]
        if prep not in _NAME_OBJECT_PREPOSITIONS:  # prepositions in a title are lower-case
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
    matches = list(POSSESSIVE_RE.finditer(core))
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
    ``provenance.language.classify`` classifies the core.
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
        if first_word in _INTRODUCERS or POSSESSIVE_RE.search(segments[0]):
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
