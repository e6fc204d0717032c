"""Properties of re-anchoring and of typed-quote matching over generated articles.

An article here is built from words of a small vocabulary (accents, a combining mark
with no precomposed form, emoji beyond the Basic Multilingual Plane, curly quotes,
dashes), joined by spaces, CRLF and lone CR line ends, blank lines and no-break spaces,
and stored as prov stores text (``normalize_text``). The span under test is made of
distinctive words (capitals, digits, a fox emoji) found nowhere else, so that it is
unique and an unrelated passage cannot pass for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from provenance.text.folding import normalize_text
from provenance.text.locate import FoldedText, find_quote, match_key
from provenance.text.reanchor import REANCHOR_THRESHOLD, AnchorStatus, reanchor
from provenance.text.spans import make_span, span_holds

PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

VOCABULARY = [
    "the", "talks", "official", "said", "would", "continue", "border", "Syria", "Ankara",
    "café", "naïve", "Erdoğan", "sen\u0303or", "x\u0303", "🙂", "🇹🇷", "𝔘nicode", "don’t",
    "“quoted”", "—", "…", "(aside)", "de-escalation", "2025", "a", "of", "and",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", "  ", "\r\n", "\r", "\n\n", "\u00a0", ", "]

word = st.sampled_from(VOCABULARY)
separator = st.sampled_from(SEPARATORS)
region = st.lists(st.tuples(word, separator), max_size=25)
# distinctive words: nothing in VOCABULARY shares these characters
distinctive = st.builds(
    lambda letters, mark: letters + mark,
    st.text(alphabet="ZQXJKV0123456789🦊", min_size=4, max_size=6),
    st.sampled_from(["", "", "\u0303"]),
)
span_words = st.lists(distinctive, min_size=8, max_size=12, unique=True)


def render(items: list[tuple[str, str]]) -> str:
    return normalize_text("".join(w + sep for w, sep in items))


@dataclass
class Article:
    text: str
    start: int
    end: int


def build(before: list[tuple[str, str]], words: list[str], after: list[tuple[str, str]]) -> Article:
    """``before`` + the span + a space + ``after``, as stored text, with the span's offsets."""
    head, quote, tail = render(before), normalize_text(" ".join(words)), render(after)
    text = head + quote + " " + tail
    assert normalize_text(text) == text
    return Article(text, len(head), len(head) + len(quote))


edit = st.tuples(
    st.sampled_from(["insert", "delete", "replace"]),
    st.integers(min_value=0, max_value=30),
    st.tuples(word, separator),
)


def apply_edits(items: list[tuple[str, str]], edits: list) -> list[tuple[str, str]]:
    items = list(items)
    for kind, index, item in edits:
        if kind == "insert":
            items.insert(min(index, len(items)), item)
        elif items:
            position = index % len(items)
            if kind == "delete":
                del items[position]
            else:
                items[position] = item
    return items


# A few words right next to the span that the edits leave alone, so that its stored
# prefix and suffix (32 characters) still stand in the revised text.
protected = st.lists(st.tuples(word, st.just(" ")), min_size=10, max_size=12).filter(
    lambda items: len(render(items)) >= 40
)


@PROPERTY_SETTINGS
@given(
    before=region,
    words=span_words,
    after=region,
    before_edits=st.lists(edit, max_size=4),
    after_edits=st.lists(edit, max_size=4),
)
def test_edits_away_from_a_span_leave_it_unchanged_or_moved(
    before, words, after, before_edits, after_edits
):
    old = build(before, words, after)
    span = make_span(old.text, old.start, old.end)
    new = build(apply_edits(before, before_edits), words, apply_edits(after, after_edits))

    result = reanchor(span, new.text, old_text=old.text)

    assert result.span is not None
    assert (result.span.start, result.span.end) == (new.start, new.end)
    assert result.span.exact == span.exact and span_holds(new.text, result.span)
    expected = AnchorStatus.UNCHANGED if new.start == old.start else AnchorStatus.MOVED
    assert result.status is expected


@PROPERTY_SETTINGS
@given(
    before=region,
    near_before=protected,
    words=span_words,
    near_after=protected,
    after=region,
    before_edits=st.lists(edit, max_size=4),
    after_edits=st.lists(edit, max_size=4),
)
def test_a_span_whose_text_is_repeated_is_told_apart_by_its_context(
    before, near_before, words, near_after, after, before_edits, after_edits
):
    copy = [(" ".join(words), " "), ("copy", "\n")]  # the same words, other context
    old = build(copy + before + near_before, words, near_after + after)
    span = make_span(old.text, old.start, old.end)
    new = build(
        copy + apply_edits(before, before_edits) + near_before,
        words,
        near_after + apply_edits(after, after_edits),
    )

    result = reanchor(span, new.text, old_text=old.text)

    assert result.span is not None and result.span.start == new.start
    assert result.status in (AnchorStatus.UNCHANGED, AnchorStatus.MOVED)


inner_edit = st.tuples(
    st.sampled_from(["insert", "delete", "replace"]),
    st.integers(min_value=0, max_value=20),
    distinctive,
)


@PROPERTY_SETTINGS
@given(
    before=region,
    near_before=protected,
    words=span_words,
    near_after=protected,
    after=region,
    change=inner_edit,
    before_edits=st.lists(edit, max_size=3),
    after_edits=st.lists(edit, max_size=3),
)
def test_an_edit_inside_a_span_gives_changed_with_the_new_text(
    before, near_before, words, near_after, after, change, before_edits, after_edits
):
    old = build(before + near_before, words, near_after + after)
    span = make_span(old.text, old.start, old.end)
    kind, index, new_word = change
    assume(new_word not in words)
    edited = list(words)
    if kind == "insert":  # between two words: one put at an edge would be outside the span
        edited.insert(1 + index % (len(edited) - 1), new_word)
    elif kind == "delete":
        del edited[index % len(edited)]
    else:
        edited[index % len(edited)] = new_word
    new = build(
        apply_edits(before, before_edits) + near_before,
        edited,
        near_after + apply_edits(after, after_edits),
    )
    new_exact = new.text[new.start : new.end]
    # the edit is small by construction: one short word of eight or more
    assert fuzz.ratio(match_key(span.exact), match_key(new_exact)) >= REANCHOR_THRESHOLD

    result = reanchor(span, new.text, old_text=old.text)

    assert result.status is AnchorStatus.CHANGED
    assert result.span is not None and (result.span.start, result.span.end) == (
        new.start,
        new.end,
    )
    assert result.span.exact == new_exact
    assert REANCHOR_THRESHOLD <= result.similarity < 100


@PROPERTY_SETTINGS
@given(
    before=region,
    words=span_words,
    after=region,
    before_edits=st.lists(edit, max_size=4),
    after_edits=st.lists(edit, max_size=4),
)
def test_a_deleted_span_is_lost(before, words, after, before_edits, after_edits):
    old = build(before, words, after)
    span = make_span(old.text, old.start, old.end)
    new_text = render(apply_edits(before, before_edits)) + render(apply_edits(after, after_edits))

    result = reanchor(span, new_text, old_text=old.text)

    assert result.status is AnchorStatus.LOST and result.span is None
    assert result.similarity < REANCHOR_THRESHOLD


# ------------------------------------------------------------ typed quotes, round trip

# (as printed, ways a person types it)
PRINTED_TOKENS = [
    ("“{w}”", ['"{w}"']),
    ("‘{w}’", ["'{w}'"]),
    ("{w}’s", ["{w}'s"]),
    ("{w} — {w}", ["{w} - {w}", "{w}-{w}", "{w} -- {w}"]),
    ("{w}–{w}", ["{w}-{w}", "{w} - {w}"]),
    ("{w} . . . {w}", ["{w} ... {w}", "{w}...{w}", "{w} … {w}"]),
    ("{w}…", ["{w}...", "{w} . . ."]),
    ("[{w}]", ["[{w}]", "[ {w} ]"]),
    ("{w}", ["{w}"]),
]
PRINTED_SPACES = [" ", "\u00a0", "\u2009", "  ", "\n"]


@st.composite
def typographic_quote(draw) -> tuple[str, str]:
    """A quote as an article prints it, and as someone might type it."""
    printed_parts, typed_parts = [], []
    for w in draw(st.lists(distinctive, min_size=2, max_size=6)):
        printed, typings = draw(st.sampled_from(PRINTED_TOKENS))
        printed_parts.append(printed.format(w=w))
        typed_parts.append(draw(st.sampled_from(typings)).format(w=w))
    printed = ""
    for part in printed_parts:
        printed += (draw(st.sampled_from(PRINTED_SPACES)) if printed else "") + part
    return normalize_text(printed), normalize_text(" ".join(typed_parts))


@PROPERTY_SETTINGS
@given(before=region, quote=typographic_quote(), after=region)
def test_a_quote_typed_plainly_is_found_at_the_articles_own_characters(before, quote, after):
    printed, typed = quote
    head, tail = render(before), render(after)
    text = head + printed + " " + tail

    span = FoldedText(text).find_quote(typed)

    assert (span.start, span.end) == (len(head), len(head) + len(printed))
    assert span.exact == printed
    assert find_quote(text, typed) == span
