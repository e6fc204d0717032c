"""The article text cut into runs for highlighting (provenance.workspace.marks)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from provenance.workspace.marks import Mark, runs

ROLES = ("content", "source", "cue")


@st.composite
def text_and_marks(draw: st.DrawFn) -> tuple[str, list[Mark]]:
    text = draw(st.text(min_size=0, max_size=60))
    marks = []
    for ident in range(draw(st.integers(0, 8))):
        start = draw(st.integers(-3, len(text) + 3))
        end = draw(st.integers(-3, len(text) + 3))
        marks.append(Mark(ident + 1, draw(st.sampled_from(ROLES)), start, end))
    return text, marks


@given(text_and_marks())
def test_runs_join_up_to_the_text_and_each_character_has_the_marks_covering_it(
    case: tuple[str, list[Mark]],
) -> None:
    text, marks = case
    cut = runs(text, marks)
    assert "".join(r.text for r in cut) == text
    at = 0
    for run in cut:
        assert run.start == at and run.end > run.start and text[run.start : run.end] == run.text
        at = run.end
    assert at == len(text)
    for run in cut:
        for i in range(run.start, run.end):
            covering = {
                (m.attribution, m.role)
                for m in marks
                if max(m.start, 0) <= i < min(m.end, len(text))
            }
            assert {(m.attribution, m.role) for m in run.marks} == covering


@given(text_and_marks())
def test_each_content_span_is_anchored_once_at_its_first_character(
    case: tuple[str, list[Mark]],
) -> None:
    text, marks = case
    anchors = [(a, r.start) for r in runs(text, marks) for a in r.anchors]
    expected = sorted(
        (m.attribution, max(m.start, 0))
        for m in marks
        if m.role == "content" and max(m.start, 0) < min(m.end, len(text))
    )
    assert sorted(anchors) == expected


def test_the_lead_of_a_run_is_its_shortest_content_span() -> None:
    text = "He said that the talks would continue."
    outer = Mark(1, "content", 0, len(text))
    inner = Mark(2, "content", 13, 22)  # "the talks"
    source = Mark(3, "source", 0, 2)
    cut = runs(text, [outer, inner, source])
    by_text = {r.text: r for r in cut}
    assert by_text["the talks"].lead == 2
    assert by_text["He"].lead == 1 and by_text["He"].roles == ("content", "source")
    assert by_text[" would continue."].lead == 1
