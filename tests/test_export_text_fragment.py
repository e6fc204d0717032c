"""Text fragment links: the draft's percent-encoding, syntax and search, on real text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.export.text_fragment import (
    EXACT_MAX_WORDS,
    QuoteTargeter,
    TextDirective,
    parse_text_directive,
    percent_encode_term,
    quote_link,
    with_text_directive,
)
from provenance.interchange.seed import read_seed


@pytest.mark.parametrize(
    ("term", "encoded"),
    [
        # the three characters of the directive's own syntax
        ("co-ordination", "co%2Dordination"),
        ("Ankara, Jerusalem", "Ankara%2C%20Jerusalem"),
        ("Israel & Turkey", "Israel%20%26%20Turkey"),
        # the explicit characters stay as they are
        ("!$'()*+./:;=?@_~", "!$'()*+./:;=?@_~"),
        # % and # would be read as an escape and as a new fragment
        ("100% #1", "100%25%20%231"),
        # UTF-8 bytes: ğ is U+011F = C4 9F; curly quotes are E2 80 9C / E2 80 9D
        ("Erdoğan", "Erdo%C4%9Fan"),
        ("“natural”", "%E2%80%9Cnatural%E2%80%9D"),
        ("a\u00a0b", "a%C2%A0b"),
        ("[and] Iran", "%5Band%5D%20Iran"),
        ('a"b<c>d`e|f\\g{h}^', "a%22b%3Cc%3Ed%60e%7Cf%5Cg%7Bh%7D%5E"),
    ],
)
def test_terms_are_percent_encoded_as_the_draft_says(term: str, encoded: str) -> None:
    assert percent_encode_term(term) == encoded


def test_the_drafts_own_examples_are_written_exactly() -> None:
    assert str(TextDirective("an example text fragment")) == ("text=an%20example%20text%20fragment")
    assert str(TextDirective("an example", "text fragment")) == (
        "text=an%20example,text%20fragment"
    )
    assert str(TextDirective("an example", prefix="this is", suffix="text fragment")) == (
        "text=this%20is-,an%20example,-text%20fragment"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://ft.com/a", "https://ft.com/a#:~:text=x"),
        ("https://ft.com/a#top", "https://ft.com/a#top:~:text=x"),
        ("https://ft.com/a#:~:text=y", "https://ft.com/a#:~:text=y&text=x"),
        (" https://ft.com/a b ", "https://ft.com/a%20b#:~:text=x"),
    ],
)
def test_the_directive_joins_the_url_fragment(url: str, expected: str) -> None:
    assert with_text_directive(url, TextDirective("x")) == expected


terms = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)


@given(
    start=terms,
    end=st.none() | terms,
    prefix=st.none() | terms,
    suffix=st.none() | terms,
)
def test_a_directive_parses_back_to_itself(
    start: str, end: str | None, prefix: str | None, suffix: str | None
) -> None:
    directive = TextDirective(start, end, prefix, suffix)
    written = str(directive)
    assert written.isascii()
    assert parse_text_directive(written) == directive


def test_malformed_directives_do_not_parse() -> None:
    for bad in ("text=", "text=a,b,c,d,e", "text=a,,b", "txt=a", "text=-a-", "text=a-,-b"):
        assert parse_text_directive(bad) is None, bad


# ---------------------------------------------------------------- the draft's search


def test_search_is_word_bounded_and_ignores_case_and_accents() -> None:
    text = "The color orange.\nA forest ranger.\nA mountain range near ERDOGAN, at home."
    targeter = QuoteTargeter(text)
    mountain = text.index("range near")
    assert targeter.locate(TextDirective("range")) == (mountain, mountain + 5)
    found = targeter.locate(TextDirective("erdoğan"))
    assert found is not None and text[found[0] : found[1]] == "ERDOGAN"
    # an apostrophe between letters is inside the word (UAX #29): no match there
    assert QuoteTargeter("Erdoğan's party").locate(TextDirective("Erdoğan")) is None


def test_context_terms_pick_the_right_instance() -> None:
    # the draft's example: "an example" after "this is" and before "text fragment"
    text = "here is an example text.\nthis is an example text fragment"
    directive = TextDirective("an example", prefix="this is", suffix="text fragment")
    start, end = QuoteTargeter(text).locate(directive)  # type: ignore[misc]
    assert start == text.index("an example", 10) and text[start:end] == "an example"


def test_a_term_cannot_cross_a_paragraph_but_a_range_can() -> None:
    text = "The quick\nbrown fox jumped."
    targeter = QuoteTargeter(text)
    assert targeter.locate(TextDirective("quick brown")) is None
    assert targeter.locate(TextDirective("The quick", "jumped.")) == (0, len(text))


# ---------------------------------------------------------------- choosing a directive


def test_a_short_quote_is_linked_by_its_whole_text() -> None:
    text = "Trump said he had “great relations” with Recep Tayyip Erdoğan, and left."
    start = text.index("he had")
    end = text.index(", and")
    link = quote_link("https://ft.com/x", text, start, end)
    assert link == (
        "https://ft.com/x#:~:text=he%20had%20%E2%80%9Cgreat%20relations%E2%80%9D"
        "%20with%20Recep%20Tayyip%20Erdo%C4%9Fan"
    )


def test_a_long_quote_is_linked_by_its_first_and_last_words() -> None:
    words = "one two three four five six seven eight nine ten eleven twelve"
    text = f"Intro. {words}. Outro."
    start = text.index("one")
    directive = QuoteTargeter(text).directive(start, start + len(words))
    assert len(words.split()) > EXACT_MAX_WORDS
    assert str(directive) == "text=one%20two%20three,ten%20eleven%20twelve"


def test_a_repeated_quote_gets_context() -> None:
    text = "Ann said no.\nBob said no.\n"
    start = text.index("said no.", 5)
    directive = QuoteTargeter(text).directive(start, start + len("said no."))
    assert str(directive) == "text=Bob-,said%20no."


def test_a_repeated_quote_at_a_paragraph_start_takes_its_suffix() -> None:
    text = "No way, she said.\nNo way, he said.\n"
    start = text.index("No way", 3)
    directive = QuoteTargeter(text).directive(start, start + len("No way"))
    # prefix "said." (end of the paragraph before) already lands on it
    assert str(directive) == "text=said.-,No%20way"
    assert QuoteTargeter(text).locate(directive) == (start, start + 6)


def test_words_are_added_until_the_start_is_unique_in_the_seed() -> None:
    # "Israel and Turkey have" also opens the article's first sentence, so the
    # range needs five words before it stops matching there
    corpus = read_seed()
    text = corpus.text
    start = text.index("Israel and Turkey have long-standing")
    end = text.index("since 2003.") + len("since 2003.")
    assert str(QuoteTargeter(text).directive(start, end)) == (
        "text=Israel%20and%20Turkey%20have%20long%2Dstanding,been%20in%20power%20since%202003."
    )


def test_a_quote_over_two_paragraphs_takes_a_term_from_each() -> None:
    text = "He said: “We will talk\nand we will listen,” he added later."
    start = text.index("“We")
    end = text.index(",”") + 2
    directive = QuoteTargeter(text).directive(start, end)
    assert directive is not None and directive.text_end is not None
    assert "\n" not in directive.text_start + directive.text_end
    assert QuoteTargeter(text).locate(directive) == (start, end)


def test_a_span_inside_a_word_is_widened_to_whole_words() -> None:
    text = "The negotiators met twice."
    start = text.index("gotiators")
    targeter = QuoteTargeter(text)
    assert targeter.target(start, start + 5) == (4, 15)
    assert str(targeter.directive(start, start + 5)) == "text=negotiators"


def test_every_seed_quote_links_to_itself() -> None:
    corpus = read_seed()
    targeter = QuoteTargeter(corpus.text)
    for attribution in corpus.attributions:
        span = attribution.content
        directive = targeter.directive(span.start, span.end)
        assert directive is not None
        assert targeter.locate(directive) == targeter.target(span.start, span.end), span.exact


_word = st.sampled_from(["Ann", "said", "no", "yes", "the", "deal", "“talks”", "Erdoğan", "-"])
_paragraph = st.lists(_word, min_size=1, max_size=12).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(paragraphs=st.lists(_paragraph, min_size=1, max_size=6), data=st.data())
def test_a_directive_lands_on_the_quote_whenever_its_words_are_unique(
    paragraphs: list[str], data: st.DataObject
) -> None:
    text = "\n".join(paragraphs)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    targeter = QuoteTargeter(text)
    target = targeter.target(start, end)
    directive = targeter.directive(start, end)
    if target is None:
        assert text[start:end].isspace() and directive is None
        return
    assert directive is not None
    assert parse_text_directive(str(directive)) == directive
    for term in (directive.text_start, directive.text_end, directive.prefix, directive.suffix):
        assert term is None or "\n" not in term
    passage = text[target[0] : target[1]]
    occurrences = sum(
        1
        for i in range(len(text))
        if text.casefold().startswith(passage.casefold(), i)
        and targeter.at_word_boundary(i)
        and targeter.at_word_boundary(i + len(passage))
    )
    if "\n" not in passage and occurrences == 1:
        assert targeter.locate(directive) == target


@given(st.text())
def test_a_text_is_folded_as_its_characters_are_one_by_one(text: str) -> None:
    from provenance.export.text_fragment import _fold_text, _primary_fold

    folded = _fold_text(text)
    assert len(folded) == len(text)
    assert folded == "".join(_primary_fold(ch) for ch in text)
