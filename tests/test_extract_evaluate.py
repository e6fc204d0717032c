"""The extractor's scorer and BRAT reader, on inputs small enough to work out by hand."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from provenance.extract.brat import parse_ann, read_corpus
from provenance.extract.evaluate import main, scorable_proposals
from provenance.extract.propose import Proposal
from provenance.extract.scoring import Counts, jaccard, same_boundaries, score_document, trim

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "polnear"

Fragments = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Item:
    content: Fragments
    source: Fragments | None = None


# Positions 40 and 41 hold an opening quote and a space: trimming removes both.
TEXT = "A" * 40 + "“ " + "B" * 18 + "C" * 60

GOLD = [
    Item(((10, 20),), ((0, 5),)),
    Item(((40, 60),), ((30, 34),)),
    Item(((70, 80),)),
]


def test_scorer_counts_worked_out_by_hand() -> None:
    proposed = [
        Item(((10, 20),), ((2, 3),)),  # Jaccard 1 with gold 1; source overlaps
        Item(((42, 60),)),  # 18/20 = 0.9 with gold 2; equal once trimmed; no source
        Item(((100, 110),)),  # overlaps nothing
        Item(((72, 90),)),  # 8/20 = 0.4 with gold 3: below 0.5
    ]
    counts = score_document(TEXT, GOLD, proposed)
    assert counts == Counts(
        proposed=4, gold=3, lenient=2, strict=2, sources_checked=2, sources_right=1
    )
    assert counts.precision() == 0.5
    assert counts.recall() == pytest.approx(2 / 3)
    assert counts.f1() == pytest.approx(4 / 7)
    assert counts.source_accuracy() == 0.5


def test_a_match_is_strict_only_with_equal_trimmed_boundaries() -> None:
    counts = score_document(TEXT, GOLD[:1], [Item(((11, 20),), ((0, 1),))])
    assert (counts.lenient, counts.strict) == (1, 0)


def test_proposals_pair_in_text_order_each_with_its_best_unpaired_gold() -> None:
    gold = [Item(((0, 10),))]
    # (0, 6) comes first and takes the gold (0.6) although (0, 9) would fit better (0.9).
    counts = score_document("x" * 20, gold, [Item(((0, 9),)), Item(((0, 6),))])
    assert (counts.proposed, counts.lenient) == (2, 1)
    assert counts.precision() == 0.5
    assert counts.recall() == 1.0


def test_a_failed_pairing_leaves_the_gold_free() -> None:
    gold = [Item(((0, 10),))]
    counts = score_document("x" * 30, gold, [Item(((0, 3),)), Item(((1, 10),))])
    # (0, 3): 3/10 = 0.3, no pair; (1, 10): 9/10 = 0.9, pairs.
    assert counts.lenient == 1


def test_gold_without_source_is_left_out_of_source_accuracy() -> None:
    counts = score_document(TEXT, GOLD[2:], [Item(((70, 80),))])
    assert counts.sources_checked == 0
    assert counts.source_accuracy() is None


def test_jaccard_on_discontinuous_spans() -> None:
    gold = ((0, 10), (20, 30))
    assert jaccard(((0, 10),), gold) == 0.5  # 10 shared / 20 in the union
    assert jaccard(((0, 9),), gold) == 0.45
    assert jaccard(((0, 30),), gold) == pytest.approx(20 / 30)
    assert jaccard(((0, 10), (5, 10)), ((0, 10),)) == 1.0  # overlapping fragments merge


def test_trim_removes_quotes_and_trailing_punctuation_only() -> None:
    text = "He said “it works.” today"
    assert text[8:19] == "“it works.”"
    assert trim(text, ((8, 19),)) == ((9, 17),)
    assert trim(", it", ((0, 4),)) == ((0, 4),)  # leading punctuation stays
    assert trim(" “ ", ((0, 3),)) == ()


def test_strict_compares_trimmed_outer_boundaries_of_discontinuous_spans() -> None:
    text = "“We are close,” he said, “but not done.” Then he left."
    first, second = (0, 15), (25, 40)
    assert text[slice(*first)] == "“We are close,”" and text[slice(*second)] == "“but not done.”"
    # Each fragment is trimmed on its own: the inner quote marks and comma go.
    assert trim(text, (first, second)) == ((1, 13), (26, 38))
    # Inner fragments that differ only by a quote mark still match strictly.
    assert same_boundaries(text, (first, second), ((1, 14), (25, 40)))
    assert same_boundaries(text, (first, second), ((0, 40),))  # same outer ends
    assert not same_boundaries(text, (first, second), ((1, 13), (26, 35)))
    gold = [Item((first, second))]
    counts = score_document(text, gold, [Item(((1, 14), (25, 39)))])
    assert (counts.lenient, counts.strict) == (1, 1)


def test_counts_add_up_over_documents() -> None:
    total = Counts(2, 3, 1, 1, 1, 0) + Counts(1, 1, 1, 0, 1, 1)
    assert total == Counts(3, 4, 2, 1, 2, 1)


# ---------------------------------------------------------------- continuations


def _proposal(content: tuple[int, int], continues: int | None = None) -> Proposal:
    source = None if continues is not None else (0, 2)
    return Proposal(content, source, None, None, None, None, "direct", 0.9, continues)


def test_continuations_fold_into_their_head_for_polnear() -> None:
    proposals = [_proposal((5, 10)), _proposal((20, 30), continues=0), _proposal((40, 50))]
    merged = scorable_proposals(proposals, merge_continuations=True)
    assert [m.content for m in merged] == [((5, 10), (20, 30)), ((40, 50),)]
    assert merged[0].source == ((0, 2),)
    apart = scorable_proposals(proposals, merge_continuations=False)
    assert [a.content for a in apart] == [((5, 10),), ((20, 30),), ((40, 50),)]


# ---------------------------------------------------------------- BRAT


ANN = (
    # The event comes first and names spans defined after it.
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T1\tSource 0 5\tAlpha\n"
    "T2\tCue 6 10\tsaid\n"
    "T3\tContent 11 20;25 30\tthe plan works\n"
    "T4\tAttribution 6 10\tsaid\n"
    "#1\tAnnotatorNotes T3\tis this one attribution?\n"
    "T5\tContent 40 50\tsomething\n"
    "that runs over two lines\n"
    "T6\tAttribution-no-source 35 39\tseen\n"
    "T7\tCue 35 39\tseen\n"
    "E2\tAttribution-no-source:T6 Content:T5 Cue:T7\n"
    "T8\tContent 60 70\tcontinued\n"
    "E3\tAttribution:T9 Content:T10 Content2:T8 Source:T11 \n"
    "T9\tAttribution 52 56\tsaid\n"
    "T10\tContent 52 58\tfirst\n"
    "T11\tSource 57 59\the\n"
    "E4\tAttribution:T12 Cue:T7\n"
    "T12\tAttribution 80 84\tnote\n"
)


def test_brat_events_resolve_spans_defined_later_and_discontinuous_ones() -> None:
    first, second, third = parse_ann(ANN)
    assert first.content == ((11, 20), (25, 30))
    assert first.source == ((0, 5),)
    assert first.cue == ((6, 10),)
    assert second.content == ((40, 50),)
    assert second.source is None
    assert second.cue == ((35, 39),)
    assert third.content == ((52, 58), (60, 70))  # Content2 joins the content
    assert third.source == ((57, 59),)
    assert third.cue is None


def test_brat_relation_without_content_is_skipped() -> None:
    assert len(parse_ann(ANN)) == 3


def test_read_corpus_picks_the_first_annotator_by_name(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "story.txt").write_text("Alpha said it.\r\nBeta", encoding="utf-8")
    (tmp_path / "attributions" / "story_b2.ann").write_text(
        "T1\tContent 11 13\tit\nE1\tAttribution:T2 Content:T1\nT2\tAttribution 6 10\tsaid\n",
        encoding="utf-8",
    )
    (tmp_path / "attributions" / "story_a1.ann").write_text(
        "T1\tContent 0 13\tAlpha said it\nE1\tAttribution:T2 Content:T1\nT2\tAttribution 6 10\tx\n",
        encoding="utf-8",
    )
    (article,) = read_corpus(tmp_path)
    assert article.annotation == "story_a1.ann"
    assert article.attributions[0].content == ((0, 13),)
    assert article.text == "Alpha said it.\r\nBeta"  # offsets count the file as stored


# ---------------------------------------------------------------- end to end


def test_evaluate_seed_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--seed", "--format", "json"]) == 0
    figures = json.loads(capsys.readouterr().out)["seed"]
    assert figures["gold"] == 26
    assert figures["lenient_f1"] >= 0.9
    assert figures["source_accuracy"] >= 0.9


@pytest.mark.skipif(not (POLNEAR / "dev").is_dir(), reason="PolNeAR corpus not in ../shared")
def test_polnear_articles_read_and_score_end_to_end() -> None:
    from provenance.extract import extract

    articles = read_corpus(POLNEAR / "dev")[:5]
    assert articles and all(a.attributions for a in articles)
    total = Counts()
    for article in articles:
        for gold in article.attributions:
            for start, end in gold.content:
                assert 0 <= start < end <= len(article.text)
        proposed = scorable_proposals(extract(article.text), merge_continuations=True)
        total += score_document(article.text, article.attributions, proposed)
    assert 0 < total.lenient <= min(total.proposed, total.gold)


def test_a_strict_pair_is_lenient_whatever_its_raw_jaccard() -> None:
    # Gold ``No`` and a proposal ``“No,”``: equal once trimmed, Jaccard 2/5 untrimmed.
    text = "She said: “No,” and left."
    gold = [Item(((11, 13),))]
    counts = score_document(text, gold, [Item(((10, 15),))])
    assert (counts.lenient, counts.strict) == (1, 1)
    # A pair neither strict nor over the threshold is still no match.
    assert score_document(text, gold, [Item(((10, 22),))]).lenient == 0


def test_sentence_splitting_holds_on_one_long_line_of_quotations() -> None:
    """Thousands of quotations on one line split as a few do (their cost is measured, as a
    ratio, by benchmarks/extract_scaling.py; no test times anything)."""
    from provenance.extract.sentences import lay_out

    small = 'He said "yes." She said no. ' * 2000
    assert len(lay_out(small).sentences) == 4000
    assert len(lay_out(small * 8).sentences) == 32000
