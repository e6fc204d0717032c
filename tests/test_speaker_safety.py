"""Speaker commands that move attributions never guess: a merge names both speakers
exactly and keeps to one type, and `speaker show` does not pass off an organisation for
the person asked about. Through the real CLI, on both backends."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Prov

ARTICLE = (
    "Clinton said the plan would work.\n"
    "The Hillary Clinton campaign announced a rally in Ohio.\n"
    "A person familiar with the matter said the rally was moved.\n"
)


def _article(prov: Prov, tmp_path: Path) -> Prov:
    path = tmp_path / "clinton.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    prov.ok("ingest", str(path), "--title", "Rally")
    prov.ok("add", "--doc", "1", "--quote", "the plan would work", "--speaker", "Clinton",
            "--speaker-type", "person")  # fmt: skip
    prov.ok("add", "--doc", "1", "--quote", "a rally in Ohio", "--speaker",
            "Hillary Clinton campaign", "--speaker-type", "organization")  # fmt: skip
    prov.ok("add", "--doc", "1", "--quote", "the rally was moved", "--source",
            "A person familiar with the matter")  # fmt: skip
    return prov


def _speakers_of_quotes(prov: Prov) -> dict[str, str]:
    rows = json.loads(prov.ok("export", "--format", "json").stdout)
    return {r["quote"]: r["speaker"] for r in rows}


def test_a_merge_across_types_is_refused_and_moves_nothing(prov: Prov, tmp_path: Path) -> None:
    _article(prov, tmp_path)
    before = _speakers_of_quotes(prov)
    result = prov("speaker", "merge", "Clinton", "Hillary Clinton campaign")
    assert result.exit_code == 1
    assert "'Clinton' is a person and 'Hillary Clinton campaign' an organization" in result.output
    assert "--across-types" in result.output and "Traceback" not in result.output
    assert _speakers_of_quotes(prov) == before
    prov.ok("speaker", "merge", "Clinton", "Hillary Clinton campaign", "--across-types")
    assert set(_speakers_of_quotes(prov).values()) >= {"Hillary Clinton campaign"}
    assert "Clinton" not in _speakers_of_quotes(prov).values()


def test_a_merge_names_its_speakers_exactly(seeded: Prov) -> None:
    before = _speakers_of_quotes(seeded)
    result = seeded("speaker", "merge", "Hakan Fidam", "Recep Tayyip Erdoğan")
    assert result.exit_code == 1
    assert "no speaker 'Hakan Fidam'; did you mean Hakan Fidan (person" in result.output
    result = seeded("speaker", "merge", "Hakan Fidan", "Recep Tayip Erdogan")
    assert result.exit_code == 1 and "did you mean Recep Tayyip Erdoğan" in result.output
    assert _speakers_of_quotes(seeded) == before
    # an alias or a folded spelling is exact
    seeded.ok("speaker", "alias", "Hakan Fidan", "Turkish FM Fidan")
    merged = seeded.ok("speaker", "merge", "turkish fm fidan", "Recep Tayyip Erdogan")
    assert "merged 'Hakan Fidan' into 'Recep Tayyip Erdoğan'" in merged.output


def test_show_does_not_pass_off_an_organisation_for_a_person(prov: Prov, tmp_path: Path) -> None:
    _article(prov, tmp_path)
    prov.ok("speaker", "merge", "Clinton", "Hillary Clinton campaign", "--across-types")
    result = prov("speaker", "show", "Hillary Clinton")
    assert result.exit_code == 1
    assert "did you mean Hillary Clinton campaign (organization" in result.output
    shown = prov.ok("speaker", "show", "Hillary Clinton campaign").output
    assert shown.startswith("Hillary Clinton campaign")


def test_show_still_finds_a_person_by_part_of_the_name(seeded: Prov) -> None:
    shown = seeded.ok("speaker", "show", "Fidan", "--format", "json")
    assert json.loads(shown.stdout)["name"] == "Hakan Fidan"


def test_show_of_an_unnamed_source_asks_which_document(prov: Prov, tmp_path: Path) -> None:
    _article(prov, tmp_path)
    result = prov("speaker", "show", "a person familiar with the matter")
    assert result.exit_code == 1
    assert "unnamed source, one per document (document 1); add --doc N" in result.output
    shown = prov.ok("speaker", "show", "a person familiar with the matter", "--doc", "1")
    assert "the rally was moved" in shown.output


def test_speakers_left_with_nothing_do_not_clutter_the_list(prov: Prov, tmp_path: Path) -> None:
    _article(prov, tmp_path)
    rows = json.loads(prov.ok("export", "--format", "json").stdout)
    (clinton,) = [r["id"] for r in rows if r["speaker"] == "Clinton"]
    prov.ok("reject", str(clinton))
    listed = prov.ok("speakers")
    names = [r["speaker"] for r in json.loads(prov.ok("speakers", "--format", "json").stdout)]
    assert "Clinton" not in names and "Hillary Clinton campaign" in names
    assert "Clinton " not in listed.stdout.replace("Hillary Clinton campaign", "")
    assert "with no attributions not shown; --all lists them" in listed.stderr
    every = json.loads(prov.ok("speakers", "--all", "--format", "json").stdout)
    assert {r["speaker"]: r["attributions"] for r in every}["Clinton"] == 0
