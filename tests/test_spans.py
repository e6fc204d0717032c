"""Spans, typed-quote matching and re-anchoring, on the seed article and small texts."""

from __future__ import annotations

import pickle
import re
import tomllib
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from provenance.errors import (
    AmbiguousQuote,
    InvalidSpan,
    NoSuchOccurrence,
    QuoteNotFound,
    QuoteNotNear,
    SpanError,
)
from provenance.text.folding import normalize_text
from provenance.text.locate import FoldedText, find_quote, folded, match_key
from provenance.text.reanchor import REANCHOR_THRESHOLD, AnchorStatus, reanchor
from provenance.text.spans import Span, make_span, span_holds

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_TEXT = normalize_text((SEEDS / "ft-israel-turkey-syria-2025-04.txt").read_text("utf-8"))
SEED = FoldedText(SEED_TEXT)

NETANYAHU_OFFICE_QUOTE = (
    "“Each side presented its interests in the region, and agreed to continue the path of "
    "dialogue in order to maintain security stability,”"
)


def type_plainly(quote: str) -> str:
    """A quote as a person types it: straight quotes, "-" for a dash, "..." for an ellipsis."""
    plain = quote.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    plain = plain.replace(" — ", " - ").replace("—", "-").replace("–", "-")
    return plain.replace(". . .", "...").replace("\u00a0", " ")


def one_line(error: Exception) -> str:
    message = str(error)
    assert message and "\n" not in message
    return message


# ------------------------------------------------------------------------------ spans


def test_make_span_keeps_32_characters_of_context_fewer_at_the_edges():
    text = "x" * 40 + "QUOTE" + "y" * 40
    span = make_span(text, 40, 45)
    assert (span.exact, span.prefix, span.suffix) == ("QUOTE", "x" * 32, "y" * 32)
    at_start = make_span(text, 0, 3)
    assert at_start.prefix == "" and at_start.suffix == text[3:35]
    at_end = make_span(text, len(text) - 2, len(text))
    assert at_end.suffix == "" and at_end.prefix == text[-34:-2]
    assert make_span(text, 40, 45, context=4).prefix == "xxxx"


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [(5, 5, "is empty"), (6, 5, "ends before it starts"), (-1, 3, "outside"), (0, 11, "outside")],
)
def test_make_span_refuses_offsets_outside_0_start_end_len(start, end, problem):
    with pytest.raises(InvalidSpan) as caught:
        make_span("0123456789", start, end)
    assert isinstance(caught.value, SpanError) and isinstance(caught.value, ValueError)
    assert problem in one_line(caught.value)
    assert "0 <= start < end <= 10" in str(caught.value)


def test_span_holds_checks_offsets_exact_text_and_context():
    span = make_span(SEED_TEXT, 100, 140)
    assert span_holds(SEED_TEXT, span)
    assert not span_holds(SEED_TEXT, Span(101, 141, span.exact, span.prefix, span.suffix))
    assert not span_holds(SEED_TEXT, Span(100, 140, span.exact.upper(), span.prefix, span.suffix))
    assert not span_holds(SEED_TEXT, Span(100, 140, span.exact, "not the prefix", span.suffix))
    assert not span_holds(SEED_TEXT, Span(100, 140, span.exact, span.prefix, "not the suffix"))
    assert not span_holds(SEED_TEXT[:120], span)
    assert span_holds(SEED_TEXT, Span(100, 140, span.exact))  # context is optional


def test_span_snippet_and_w3c_selectors():
    span = find_quote(SEED_TEXT, "a Turkish defence official")
    assert span.snippet(30) == (
        "…esirable incidents in Syria”, [a Turkish defence official] said. “Each side presented it…"
    )
    assert span.snippet(10) == "…n Syria”, [a Turkish … e official] said. “Ea…"
    position, quote = span.to_w3c_selectors()
    assert position == {"type": "TextPositionSelector", "start": span.start, "end": span.end}
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == span.exact


# ---------------------------------------------------- every seed quote, typed plainly


def seed_quotes() -> list[str]:
    """Every quotation in the article (between curly quotes, marks included)."""
    return re.findall(r"“[^”]*”", SEED_TEXT)


def test_the_seed_has_the_quotes_these_tests_rely_on():
    quotes = seed_quotes()
    assert len(quotes) == 17
    assert any(". . ." in q for q in quotes) and any("—" in q for q in quotes)
    assert any("[" in q for q in quotes) and any("’" in q for q in quotes)


@pytest.mark.parametrize("quote", seed_quotes())
def test_every_seed_quote_typed_plainly_is_found_as_the_article_prints_it(quote):
    typed = type_plainly(quote)
    assert typed != quote or quote.isascii()
    starts = [m.start() for m in re.finditer(re.escape(quote), SEED_TEXT)]
    try:
        span = SEED.find_quote(typed)
    except AmbiguousQuote as ambiguous:  # the same words quoted twice: both offered
        assert [m.start for m in ambiguous.matches] == starts
        return
    assert starts == [span.start]
    assert span.exact == quote and span_holds(SEED_TEXT, span)


def annotated_contents() -> list[tuple[str, int | None]]:
    with (SEEDS / "ft-israel-turkey-syria-2025-04.toml").open("rb") as fh:
        spec = tomllib.load(fh)
    return [(a["content"], a.get("occurrence")) for a in spec["attributions"]]


@pytest.mark.parametrize(("content", "occurrence"), annotated_contents())
def test_every_annotated_content_typed_plainly_is_found_with_its_own_characters(
    content, occurrence
):
    span = SEED.find_quote(type_plainly(content), occurrence=occurrence)
    assert span.exact == content
    assert SEED_TEXT[span.start : span.end] == content


@pytest.mark.parametrize(
    ("typed", "exact"),
    [
        (
            "first technical meeting ... to establish a de-escalation mechanism",
            "first technical meeting . . . to establish a de-escalation mechanism",
        ),
        (
            "This creates fear - by us of them, and them of us",
            "This creates fear — by us of them, and them of us",
        ),
        ("This creates fear -- by us", "This creates fear — by us"),
        ("This creates fear-by us", "This creates fear — by us"),
        ("This creates fear – by us", "This creates fear — by us"),
        (
            "You can't be an Israeli decision maker without fearing Turkey moving southward in "
            "Syria [closer to the border with Israel]",
            "You can’t be an Israeli decision maker without fearing Turkey moving southward in "
            "Syria [closer to the border with Israel]",
        ),
        ("Syria[closer to the border with Israel],", "Syria [closer to the border with Israel],"),
        (
            "Syria [ closer to the border with Israel ] ,",
            "Syria [closer to the border with Israel],",
        ),
        ('"natural"', "“natural”"),
        ("  Israeli  Prime\tMinister\nBenjamin  ", "Israeli Prime Minister Benjamin"),
        ("Netanyahu's office said", "Netanyahu’s office said"),
        ('Nato state [like Turkey]."', "Nato state [like Turkey].”"),
    ],
)
def test_typed_quotes_fold_typography_but_return_the_articles_characters(typed, exact):
    span = SEED.find_quote(typed)
    assert span.exact == exact
    assert SEED_TEXT[span.start : span.end] == exact


@pytest.mark.parametrize("printed", ["…", "...", ". . .", ".\u00a0.\u00a0."])
@pytest.mark.parametrize("typed", ["…", "...", ". . ."])
def test_ellipsis_variants_all_match_each_other(printed, typed):
    text = f"It was the first meeting {printed} to set up a mechanism, he said."
    span = find_quote(text, f"first meeting {typed} to set up")
    assert span.exact == f"first meeting {printed} to set up"


def test_runs_of_whitespace_no_break_and_thin_spaces_match_one_typed_space():
    text = "He said the\u00a0talks were  very\u2009useful\n\nand would go on."
    span = find_quote(text, "the talks were very useful and would")
    assert span.exact == "the\u00a0talks were  very\u2009useful\n\nand would"


def test_a_soft_hyphen_inside_a_word_is_invisible_to_the_typed_quote():
    span = find_quote("the de\u00adconfliction talks", "deconfliction talks")
    assert span.exact == "de\u00adconfliction talks"


def test_a_match_never_cuts_a_letter_from_its_combining_mark():
    text = "the x\u0303 sign and the y sign"
    assert find_quote(text, "the x").exact == "the x\u0303"
    assert find_quote(text, "x\u0303 sign").exact == "x\u0303 sign"


def test_emoji_beyond_the_basic_plane_count_as_one_code_point():
    text = "fans 🇹🇷 cheered “the 🙂 result”, officials said"
    span = find_quote(text, '"the 🙂 result"')
    assert span.exact == "“the 🙂 result”"
    assert text[span.start : span.end] == span.exact


# --------------------------------------------------------------------- case and accents


def test_case_sensitive_match_first_then_any_case():
    span = SEED.find_quote("each side presented its interests")
    assert span.exact == "Each side presented its interests"
    text = "Said the minister: yes. The official said no."
    assert find_quote(text, "said").exact == "said"  # the exact-case match wins, no ambiguity
    assert find_quote(text, "SAID THE").exact == "Said the"


def test_accents_are_the_last_resort_and_give_the_articles_spelling():
    # Name folding proper (aliases, search) lives elsewhere; for locating a quote a
    # plain-keyboard "Erdogan" is accepted, and the span keeps the article's "Erdoğan".
    span = SEED.find_quote("Turkish President Recep Tayyip Erdogan")
    assert span.exact == "Turkish President Recep Tayyip Erdoğan"
    with pytest.raises(AmbiguousQuote) as caught:
        SEED.find_quote("Erdogan")
    assert [m.exact for m in caught.value.matches] == ["Erdoğan"] * 3
    both = "Erdoğan spoke; later Erdogan spoke again."
    assert find_quote(both, "Erdogan").start == both.index("Erdogan ")


def test_a_quote_must_start_and_end_on_word_boundaries():
    with pytest.raises(QuoteNotFound) as caught:
        SEED.find_quote("ing agai")
    assert caught.value.inside_words
    assert "inside longer words" in one_line(caught.value)
    assert SEED.find_quote("working against").exact == "working against"


# ------------------------------------------------------------ ambiguity and occurrence


def test_an_ambiguous_quote_carries_every_match_with_context():
    with pytest.raises(AmbiguousQuote) as caught:
        SEED.find_quote("said")
    error = caught.value
    assert [m.start for m in error.matches] == [
        m.start() for m in re.finditer(r"\bsaid\b", SEED_TEXT)
    ]
    assert len(error.matches) == 10
    assert "occurs 10 times" in one_line(error) and "occurrence (1-10)" in str(error)
    lines = error.snippets()
    assert len(lines) == 10 and lines[0].startswith("1. ") and all("[said]" in s for s in lines)
    assert "both countries [said] on Thursday" in lines[0]


def test_occurrence_picks_the_nth_match_counting_from_one():
    third = SEED.find_quote("said", occurrence=3)
    assert third.start == [m.start() for m in re.finditer(r"\bsaid\b", SEED_TEXT)][2]
    assert third.prefix.endswith("a Turkish defence official ")
    for bad in (0, 11):
        with pytest.raises(NoSuchOccurrence) as caught:
            SEED.find_quote("said", occurrence=bad)
        assert f"occurrence {bad} does not exist" in one_line(caught.value)


def test_occurrence_and_near_together_are_refused():
    with pytest.raises(ValueError, match="not both"):
        SEED.find_quote("said", occurrence=1, near=(0, 10))


# ----------------------------------------------------------------------------- not found


def test_not_found_reports_the_closest_passage_and_its_score():
    with pytest.raises(QuoteNotFound) as caught:
        SEED.find_quote("Each side presented its interest in the region")
    closest = caught.value.closest
    assert closest is not None
    assert SEED_TEXT[closest.start : closest.end] == closest.text
    assert closest.text == "Each side presented its interests in the region"
    assert 95 <= closest.score < 100
    message = one_line(caught.value)
    assert f"closest passage (score {closest.score:.0f})" in message


def test_not_found_closest_passage_scores_low_for_unrelated_words():
    with pytest.raises(QuoteNotFound) as caught:
        SEED.find_quote("The moon is made of green cheese")
    assert caught.value.closest is not None and caught.value.closest.score < 60


def test_an_empty_quote_is_a_span_error():
    for typed in ("", "   ", "\u200b"):
        with pytest.raises(SpanError, match="empty"):
            SEED.find_quote(typed)


# ------------------------------------------------------------------------------- near


@pytest.mark.parametrize(
    ("content", "cue", "expected"),
    [
        (NETANYAHU_OFFICE_QUOTE, "said", "Benjamin Netanyahu’s office [said]. Both"),
        ("US representatives were also involved", "said", "familiar with the matter [said] US"),
        ("the talks would continue", "indicated", "Both countries [indicated] the talks"),
        ("“natural”", "told", "foreign minister, [told] CNN Turk"),
        ("Russians [and] Iran,”", "he", "Iran,” [he] said."),
        ("Russians [and] Iran,”", "said", "Iran,” he [said].\nIsrael"),
        ("“This creates fear", "the official", "us,” [the official] added."),
        ("“first technical meeting", "a Turkish defence official", "Syria”, [a Turkish"),
        ("Israel for committing", "Erdoğan", "October 2023. [Erdoğan] has criticised"),
    ],
)
def test_near_picks_the_closest_occurrence_not_an_ambiguity(content, cue, expected):
    near = SEED.find_quote(type_plainly(content))
    span = SEED.find_quote(type_plainly(cue), near=near)
    marked = SEED_TEXT[: span.start] + "[" + span.exact + "]" + SEED_TEXT[span.end :]
    assert expected in marked


def test_near_prefers_the_same_paragraph_over_a_closer_match_in_the_next():
    text = "“We will talk,” one official said and then a long clause follows here.\nHe said no."
    content = find_quote(text, '"We will talk,"')
    cue = find_quote(text, "said", near=content)
    assert cue.start == text.index("said")


def test_near_prefers_a_match_outside_the_content_it_is_near():
    text = "“He said we would win,” the coach said."
    content = find_quote(text, '"He said we would win,"')
    assert find_quote(text, "said", near=content).start == text.rindex("said")


def test_near_gives_up_beyond_the_window():
    text = "said " + "word " * 200 + "“a quote here”"
    content = find_quote(text, '"a quote here"')
    with pytest.raises(QuoteNotNear) as caught:
        find_quote(text, "said", near=content, window=100)
    assert isinstance(caught.value, QuoteNotFound)
    assert "not within 100 characters" in one_line(caught.value)
    assert find_quote(text, "said", near=content, window=None).start == 0


def test_near_must_lie_inside_the_text():
    with pytest.raises(InvalidSpan):
        SEED.find_quote("said", near=(10, len(SEED_TEXT) + 1))


# ------------------------------------------------------------------------- reuse


def test_folded_text_is_built_once_and_reused():
    assert folded(SEED_TEXT) is folded(SEED_TEXT)
    quote = "a person familiar with the matter"
    assert find_quote(SEED_TEXT, quote) == SEED.find_quote(quote)
    assert find_quote(SEED, quote) == SEED.find_quote(quote)


def test_match_key_folds_only_typography():
    assert match_key("“Fear — by us . . . of them”") == match_key('"Fear-by us ... of them"')
    assert match_key("Erdoğan") != match_key("erdogan")


# ------------------------------------------------------------------------- re-anchoring


def seed_span(typed: str, **kwargs) -> Span:
    return SEED.find_quote(typed, **kwargs)


def test_reanchor_unchanged_text_is_unchanged():
    span = seed_span(NETANYAHU_OFFICE_QUOTE)
    result = reanchor(span, SEED_TEXT)
    assert result.status is AnchorStatus.UNCHANGED and result.span == span
    assert result.similarity == 100 and result.method == "exact"


def test_reanchor_after_a_new_paragraph_is_moved_quote_and_cue_alike():
    quote = seed_span(NETANYAHU_OFFICE_QUOTE)
    cue = seed_span("said", near=quote)
    revised = "Updated with comment from Ankara.\n" + SEED_TEXT
    shift = len("Updated with comment from Ankara.\n")
    for span in (quote, cue):
        result = reanchor(span, revised)
        assert result.status is AnchorStatus.MOVED
        assert result.span is not None and result.span.start == span.start + shift
        assert result.span.exact == span.exact and span_holds(revised, result.span)


def test_reanchor_a_repeated_exact_text_is_told_apart_by_its_context():
    cue = seed_span("said", occurrence=6)  # "...an Israeli intelligence official said."
    revised = SEED_TEXT.replace("Israel has dismissed", "Officials said Israel has dismissed")
    result = reanchor(cue, revised)
    assert result.status is AnchorStatus.UNCHANGED
    assert result.span is not None and (result.span.start, result.span.exact) == (cue.start, "said")
    assert result.span.suffix.startswith(".\nOfficials said")  # context from the new text


def test_reanchor_a_short_span_whose_sentence_was_cut_is_lost_not_moved():
    quote = seed_span(NETANYAHU_OFFICE_QUOTE)
    cue = seed_span("said", near=quote)
    revised = SEED_TEXT.replace(" Israeli Prime Minister Benjamin Netanyahu’s office said.", "")
    assert "said" in revised
    result = reanchor(cue, revised)
    assert result.status is AnchorStatus.LOST and result.span is None


def test_reanchor_an_edit_inside_the_quote_is_changed_via_context():
    span = seed_span(NETANYAHU_OFFICE_QUOTE)
    revised = SEED_TEXT.replace("continue the path of dialogue", "pursue the path of dialogue")
    result = reanchor(span, revised)
    assert result.status is AnchorStatus.CHANGED and result.method == "context"
    assert result.span is not None and result.span.exact == NETANYAHU_OFFICE_QUOTE.replace(
        "continue", "pursue"
    )
    assert span_holds(revised, result.span)
    assert REANCHOR_THRESHOLD <= result.similarity < 100


def test_reanchor_edited_and_moved_with_one_side_of_its_context_is_found_fuzzily():
    span = seed_span(NETANYAHU_OFFICE_QUOTE)
    edited = NETANYAHU_OFFICE_QUOTE.replace("Each side", "Both sides").replace("continue", "pursue")
    revised = (
        SEED_TEXT.replace(NETANYAHU_OFFICE_QUOTE, edited)
        .replace("Israeli Prime Minister Benjamin Netanyahu’s office said", "the office said")
        .replace("Both countries indicated", "In a statement, both countries indicated")
    )
    result = reanchor(span, "New first paragraph.\n" + revised)
    assert result.status is AnchorStatus.CHANGED and result.method == "fuzzy"
    assert result.span is not None and result.span.exact == edited


def test_reanchor_does_not_take_a_look_alike_with_none_of_the_old_context():
    first = "In March the minister said the talks on the northern border would continue next week."
    later = "Later, a spokesman said the talks on the border would continue next month."
    old = f"{first}\nOther news followed.\n{later}"
    span = find_quote(old, "the talks on the northern border would continue next week")
    new = f"Other news followed.\n{later}"
    result = reanchor(span, new, old_text=old)
    assert result.status is AnchorStatus.LOST and result.span is None
    assert result.similarity >= REANCHOR_THRESHOLD  # similar enough, but not the same place


def test_reanchor_a_change_of_typography_alone_is_changed_with_full_similarity():
    span = seed_span(NETANYAHU_OFFICE_QUOTE)
    revised = SEED_TEXT.replace(NETANYAHU_OFFICE_QUOTE, type_plainly(NETANYAHU_OFFICE_QUOTE))
    result = reanchor(span, revised)
    assert result.status is AnchorStatus.CHANGED and result.similarity == 100
    assert result.span is not None and result.span.exact == type_plainly(NETANYAHU_OFFICE_QUOTE)


# An edit that keeps the quote's sense and most of its words, and a rewrite that does
# not, with their similarities just either side of REANCHOR_THRESHOLD (75).
EDITED_JUST_ABOVE = (
    "“Each side set out its position on the region, and agreed to keep up a dialogue so as "
    "to maintain security and stability,”"
)
REWRITTEN_JUST_BELOW = (
    "“Each side set out its position on the region, and both agreed to keep up a dialogue "
    "so as to maintain stability,”"
)
UNRELATED = "“We will not allow any foreign army to set up bases next to our northern frontier,”"


def similarity(a: str, b: str) -> float:
    return fuzz.ratio(match_key(a), match_key(b))


def test_threshold_an_edited_quote_just_above_it_is_changed():
    assert REANCHOR_THRESHOLD <= similarity(NETANYAHU_OFFICE_QUOTE, EDITED_JUST_ABOVE) < 80
    span = seed_span(NETANYAHU_OFFICE_QUOTE)
    result = reanchor(span, SEED_TEXT.replace(NETANYAHU_OFFICE_QUOTE, EDITED_JUST_ABOVE))
    assert result.status is AnchorStatus.CHANGED
    assert result.span is not None and result.span.exact == EDITED_JUST_ABOVE


def test_threshold_a_rewrite_just_below_it_and_an_unrelated_passage_are_lost():
    assert 70 <= similarity(NETANYAHU_OFFICE_QUOTE, REWRITTEN_JUST_BELOW) < REANCHOR_THRESHOLD
    assert similarity(NETANYAHU_OFFICE_QUOTE, UNRELATED) < 50
    span = seed_span(NETANYAHU_OFFICE_QUOTE)
    for replacement in (REWRITTEN_JUST_BELOW, UNRELATED):
        result = reanchor(span, SEED_TEXT.replace(NETANYAHU_OFFICE_QUOTE, replacement))
        assert result.status is AnchorStatus.LOST and result.span is None
        assert result.similarity < REANCHOR_THRESHOLD


def test_reanchor_with_old_text_distrusts_a_repeated_quote_whose_copy_was_cut():
    quote = "“We will never accept foreign bases on our border,”"
    old = f"Day one. {quote} the minister said.\nDay two. Reporters asked again. {quote} he added."
    first = find_quote(old, "the minister said").start - len(quote) - 1
    span = make_span(old, first, first + len(quote))
    new = old.replace(f"{quote} the minister said.", "The minister was silent.")
    assert reanchor(span, new).status is AnchorStatus.MOVED  # the text alone says "moved"
    assert reanchor(span, new, old_text=old).status is AnchorStatus.LOST


def test_reanchor_a_span_that_was_the_whole_text():
    span = make_span("Short text.", 0, 11)
    assert reanchor(span, "Short text.").status is AnchorStatus.UNCHANGED
    assert reanchor(span, "A Short text.").status is AnchorStatus.MOVED
    assert reanchor(span, "Entirely different.").status is AnchorStatus.LOST


def test_reanchor_accepts_a_prebuilt_folded_text():
    span = seed_span(NETANYAHU_OFFICE_QUOTE)
    revised = SEED_TEXT.replace("Each side", "Both sides")
    assert reanchor(span, FoldedText(revised)) == reanchor(span, revised)


def test_span_errors_survive_pickling_for_process_pools():
    for typed in ("said", "zzz quux", "ing agai"):
        with pytest.raises(SpanError) as caught:
            SEED.find_quote(typed)
        copy = pickle.loads(pickle.dumps(caught.value))
        assert type(copy) is type(caught.value) and str(copy) == str(caught.value)
        assert copy.__dict__ == caught.value.__dict__
    span = make_span(SEED_TEXT, 3, 10)
    assert pickle.loads(pickle.dumps(span)) == span


# ------------------------------------------------------------------ PolNeAR, if present

POLNEAR_DEV = Path(__file__).resolve().parents[2] / "shared" / "polnear" / "dev"


def polnear_relations() -> list[tuple[str, tuple[int, int], dict[str, tuple[int, int]]]]:
    """(text, content span, {"Source"/"Cue": span}) for every continuous relation of the
    first annotator of each dev article."""
    relations = []
    for path in sorted((POLNEAR_DEV / "text").glob("*.txt")):
        text = path.read_text("utf-8")
        annotations = sorted((POLNEAR_DEV / "attributions").glob(f"{path.stem}_*.ann"))
        if not annotations:
            continue
        spans: dict[str, tuple[int, int]] = {}
        for line in annotations[0].read_text("utf-8").splitlines():
            if m := re.match(r"(T\d+)\t\w+ (\d+) (\d+)\t", line):
                spans[m.group(1)] = (int(m.group(2)), int(m.group(3)))
            elif m := re.match(r"E\d+\t(.*)", line):
                roles = dict(part.split(":") for part in m.group(1).split())
                if roles.get("Content") in spans:
                    others = {
                        r: spans[roles[r]] for r in ("Source", "Cue") if roles.get(r) in spans
                    }
                    relations.append((text, spans[roles["Content"]], others))
    return relations


@pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason="PolNeAR dev split not in ../shared/polnear")
def test_polnear_contents_typed_plainly_are_found_and_near_finds_sources_and_cues():
    found = near_right = near_total = 0
    relations = polnear_relations()
    assert len(relations) > 1500
    texts: dict[str, FoldedText] = {}
    for text, (start, end), others in relations:
        article = texts.setdefault(text, FoldedText(text))
        exact = text[start:end].strip()
        try:
            span = article.find_quote(type_plainly(exact))
            found += span.exact == exact
        except AmbiguousQuote as ambiguous:
            found += any(m.exact == exact for m in ambiguous.matches)
        except QuoteNotFound as missing:
            # annotations that cut a word ("ot to recommend charges") are refused as such
            assert missing.inside_words, str(missing)
        for other_start, other_end in others.values():
            near_total += 1
            typed = type_plainly(text[other_start:other_end])
            try:
                span = article.find_quote(typed, near=(start, end))
            except QuoteNotFound:
                continue
            near_right += (span.start, span.end) == (other_start, other_end)
    assert found >= 0.99 * len(relations)
    assert near_right >= 0.98 * near_total
