"""`prov review` as people use it: answers piped in, mistakes typed, speakers edited,
and the extractor run again over what was decided."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Prov

ARTICLE = (
    "A Turkish defence official said the talks were technical.\n"
    "Hakan Fidan told reporters that a mechanism was needed.\n"
)


def _proposed(prov: Prov, tmp_path: Path) -> list[dict]:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    prov.ok("ingest", str(path), "--extract")
    rows = json.loads(prov.ok("export", "--format", "json", "--status", "proposed").stdout)
    assert len(rows) == 2, rows
    return rows


def _statuses(prov: Prov) -> list[str]:
    every = ("--status", "confirmed", "--status", "proposed", "--status", "rejected")
    rows = json.loads(prov.ok("export", "--format", "json", *every).stdout)
    return sorted(r["status"] for r in rows)


def test_the_end_of_input_saves_the_decisions_made(prov: Prov, tmp_path: Path) -> None:
    _proposed(prov, tmp_path)
    result = prov("review", "--doc", "1", input="a\n")  # then the input ends
    assert result.exit_code == 0, result.output
    assert "end of input" in result.output
    assert "1 confirmed, 0 rejected, 0 skipped" in result.output
    assert _statuses(prov) == ["confirmed", "proposed"]


def test_an_answer_that_cannot_be_taken_is_asked_again(prov: Prov, tmp_path: Path) -> None:
    _proposed(prov, tmp_path)
    answers = "t\nunattributed\nt\nanonymous_described\ne\n\u00a0\nr\nq\n"
    result = prov("review", "--doc", "1", input=answers)
    assert result.exit_code == 0, result.output
    assert "choose a sourced strength class; answer again" in result.output
    assert "a speaker needs a name; answer again" in result.output
    assert "0 confirmed, 1 rejected, 0 skipped" in result.output


def test_an_edited_speaker_is_classified_as_typed(prov: Prov, tmp_path: Path) -> None:
    rows = _proposed(prov, tmp_path)
    assert rows[0]["speaker_type"] == "unnamed"
    result = prov.ok("review", "--doc", "1", input="e\nIbrahim Kalin\nq\n")
    assert "strength → on_record" in result.output
    shown = json.loads(prov.ok("show", str(rows[0]["id"]), "--format", "json").stdout)
    assert (shown["speaker"], shown["speaker_type"], shown["strength"], shown["status"]) == (
        "Ibrahim Kalin",
        "person",
        "on_record",
        "confirmed",
    )


def test_extracting_again_never_reproposes_a_decided_passage(prov: Prov, tmp_path: Path) -> None:
    _proposed(prov, tmp_path)
    prov.ok("review", "--doc", "1", input="e\nIbrahim Kalin\nr\n")  # the edit confirms
    again = prov.ok("extract", "--doc", "1", "--save")
    assert "0 proposal(s) saved as proposed; 2 already recorded" in again.output
    assert _statuses(prov) == ["confirmed", "rejected"]


def test_a_passage_added_by_hand_is_not_proposed_again(prov: Prov, tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text("“We will win,” Bernie Sanders said. He added that sales were strong.\n")
    prov.ok("ingest", str(path))
    prov.ok("add", "--doc", "1", "--quote", "We will win", "--speaker", "Bernie Sanders",
            "--speaker-type", "person")  # fmt: skip
    prov.ok("add", "--doc", "1", "--quote", "sales were strong.", "--speaker", "Bernie Sanders")
    saved = prov.ok("extract", "--doc", "1", "--save")
    assert "0 proposal(s) saved as proposed; 2 already recorded" in saved.output


def test_a_pronoun_is_not_a_speaker_to_edit_in(prov: Prov, tmp_path: Path) -> None:
    _proposed(prov, tmp_path)
    result = prov("review", "--doc", "1", input="e\nhe\nq\n")
    assert result.exit_code == 0, result.output
    assert "'he' points back to someone; type who it is" in result.output
    names = [r["speaker"] for r in json.loads(prov.ok("speakers", "--format", "json").stdout)]
    assert "he" not in names


def test_an_edited_name_is_kept_as_typed(prov: Prov, tmp_path: Path) -> None:
    _proposed(prov, tmp_path)
    answers = "e\nHe Lifeng\ne\nthe Treasury\n"  # each edit confirms and moves on
    prov.ok("review", "--doc", "1", input=answers)
    rows = json.loads(prov.ok("speakers", "--format", "json").stdout)
    kinds = {r["speaker"]: r["type"] for r in rows if r["attributions"]}
    assert kinds == {"He Lifeng": "person", "the Treasury": "organization"}
