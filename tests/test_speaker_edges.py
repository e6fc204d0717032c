"""Speaker edge cases a careful user runs into: merged unnamed sources, misleading
aliases, offices and their holders through a merge, and names met by alias."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Prov


def _profile(prov: Prov, name: str, *extra: str) -> dict:
    return json.loads(prov.ok("speaker", "show", name, *extra, "--format", "json").stdout)


def _second_article(prov: Prov, tmp_path: Path) -> None:
    article = tmp_path / "second.txt"
    article.write_text(
        "Talks would resume, a person familiar with the matter said. "
        "Nothing was agreed, the official added.\n",
        encoding="utf-8",
    )
    assert prov.ok("ingest", str(article)).stdout.strip() == "2"
    prov.ok("add", "--doc", "2", "--quote", "Talks would resume",
            "--source", "a person familiar with the matter", "--cue", "said")  # fmt: skip
    prov.ok("add", "--doc", "2", "--quote", "Nothing was agreed", "--source", "the official",
            "--cue", "added", "--speaker-type", "unnamed")  # fmt: skip


def test_a_merged_unnamed_source_is_still_found_by_its_old_name(
    seeded: Prov, tmp_path: Path
) -> None:
    _second_article(seeded, tmp_path)
    seeded.ok("speaker", "merge", "the official", "a person familiar with the matter",
              "--doc", "2")  # fmt: skip
    again = seeded("add", "--doc", "2", "--quote", "Nothing was agreed",
                   "--source", "The official", "--cue", "added")  # fmt: skip
    assert again.exit_code != 0 and "already has this attribution" in again.output
    seeded.ok("speaker", "unmerge", "the official", "--doc", "2")
    assert seeded.ok("verify").exit_code == 0


def test_unmerge_picks_the_document_asked_for(seeded: Prov, tmp_path: Path) -> None:
    _second_article(seeded, tmp_path)
    seeded.ok("speaker", "merge", "a person familiar with the matter",
              "a Turkish defence official", "--doc", "1")  # fmt: skip
    seeded.ok("speaker", "merge", "a person familiar with the matter", "the official",
              "--doc", "2")  # fmt: skip
    seeded.ok("speaker", "unmerge", "a person familiar with the matter", "--doc", "1")
    first = _profile(seeded, "a person familiar with the matter", "--doc", "1")
    assert first["name"] == "a person familiar with the matter"
    second = _profile(seeded, "a person familiar with the matter", "--doc", "2")
    assert second["name"] == "the official"  # document 2's merge still stands
    missing = seeded("speaker", "unmerge", "a person familiar with the matter", "--doc", "1")
    assert missing.exit_code != 0 and "in document 1" in missing.output


@pytest.mark.parametrize(
    ("alias", "fragment"),
    [
        ("Donald J. Trump", "already resolves to 'Donald Trump'"),
        ("a person familiar with the matter", "describes an unnamed source"),
        ("two Israeli officials", "describes an unnamed source"),
        ("the official", "describes an unnamed source"),
    ],
)
def test_an_alias_that_would_mislead_resolution_is_refused(
    seeded: Prov, alias: str, fragment: str
) -> None:
    result = seeded("speaker", "alias", "Hakan Fidan", alias)
    assert result.exit_code != 0
    assert fragment in result.output
    assert alias not in _profile(seeded, "Hakan Fidan")["aliases"]


def test_a_descriptive_definite_alias_is_accepted(seeded: Prov) -> None:
    seeded.ok("speaker", "alias", "Hakan Fidan", "Turkey's top diplomat")
    assert "Turkey's top diplomat" in _profile(seeded, "Hakan Fidan")["aliases"]


def test_merging_a_holder_moves_its_offices_and_unmerge_gives_them_back(seeded: Prov) -> None:
    seeded.ok("add", "--doc", "1", "--quote", "Netanyahu to Adolf Hitler",
              "--speaker", "Bibi Netanyahu", "--speaker-type", "person")  # fmt: skip
    office = "Israeli Prime Minister Benjamin Netanyahu's office"
    seeded.ok("speaker", "link", office, "--holder", "Bibi Netanyahu")
    seeded.ok("speaker", "merge", "Bibi Netanyahu", "Benjamin Netanyahu")
    assert _profile(seeded, office)["holder"] == "Benjamin Netanyahu"
    assert _profile(seeded, "Benjamin Netanyahu")["offices"] == ["Benjamin Netanyahu's office"]
    seeded.ok("speaker", "unmerge", "Bibi Netanyahu")
    assert _profile(seeded, office)["holder"] == "Bibi Netanyahu"
    assert _profile(seeded, "Benjamin Netanyahu")["offices"] == []


def test_an_office_and_its_holder_are_not_merged(seeded: Prov) -> None:
    office = "Israeli Prime Minister Benjamin Netanyahu's office"
    seeded.ok("speaker", "link", office, "--holder", "Benjamin Netanyahu")
    result = seeded("speaker", "merge", "Benjamin Netanyahu", office, "--across-types")
    assert result.exit_code != 0 and "an office and its holder" in result.output


def test_a_name_met_by_alias_is_said(seeded: Prov, tmp_path: Path) -> None:
    article = tmp_path / "mrs.txt"
    article.write_text("Mrs Erdogan, the first lady, said the summit “went well”.\n")
    seeded.ok("ingest", str(article))
    added = seeded.ok("add", "--doc", "2", "--quote", '"went well"',
                      "--source", "Mrs Erdogan", "--cue", "said")  # fmt: skip
    assert "resolved to 'Recep Tayyip Erdoğan' by alias" in added.output


def test_a_speaker_type_that_contradicts_the_known_speaker_is_refused(seeded: Prov) -> None:
    result = seeded("add", "--doc", "1", "--quote", "a pre-existing deconfliction mechanism",
                    "--speaker", "Hakan Fidan", "--speaker-type", "unnamed")  # fmt: skip
    assert result.exit_code != 0
    assert "already the person speaker 'Hakan Fidan'" in result.output


def test_a_merge_that_would_loop_offices_is_refused(seeded: Prov) -> None:
    for name in ("Turkish Presidency", "Turkish Foreign Ministry"):
        seeded.ok("add", "--doc", "1", "--quote", "Those ties deteriorated" if "Pres" in name
                  else "Both countries have recalled their ambassadors", "--speaker", name,
                  "--speaker-type", "organization")  # fmt: skip
    seeded.ok("speaker", "link", "Turkish Foreign Ministry", "--holder", "Hakan Fidan")
    seeded.ok("speaker", "link", "Turkish Presidency", "--holder", "Turkish Foreign Ministry")
    result = seeded("speaker", "merge", "Hakan Fidan", "Turkish Presidency", "--across-types")
    assert result.exit_code != 0 and "in a loop" in result.output
    assert _profile(seeded, "Turkish Foreign Ministry")["holder"] == "Hakan Fidan"
    assert seeded.ok("verify").exit_code == 0


def test_unmerge_follows_the_copies_a_revision_made(seeded: Prov, tmp_path: Path) -> None:
    added = seeded.ok("add", "--doc", "1", "--quote", "Those ties deteriorated",
                      "--speaker", "Turkish FM", "--speaker-type", "person")  # fmt: skip
    added = added.stdout.strip()
    seeded.ok("speaker", "merge", "Turkish FM", "Hakan Fidan")
    seed = Path(__file__).resolve().parent.parent / "seeds" / "ft-israel-turkey-syria-2025-04.txt"
    revised = tmp_path / "v2.txt"
    revised.write_text("UPDATED.\n" + seed.read_text(encoding="utf-8"), encoding="utf-8")
    rows = json.loads(seeded.ok("revise", "1", str(revised), "--format", "json").stdout)
    [copy] = [r["new_id"] for r in rows if r["id"] == int(added)]
    seeded.ok("speaker", "unmerge", "Turkish FM")
    for attribution in (added, str(copy)):
        shown = json.loads(seeded.ok("show", attribution, "--format", "json").stdout)
        assert shown["speaker"] == "Turkish FM", attribution


def test_unmerge_explains_a_name_taken_since(seeded: Prov) -> None:
    from provenance.speakers.directory import ensure_speaker
    from provenance.store.database import Database

    seeded.ok("add", "--doc", "1", "--quote", "Those ties deteriorated", "--speaker", "Jordan",
              "--speaker-type", "person")  # fmt: skip
    seeded.ok("speaker", "merge", "Jordan", "Hakan Fidan")
    database = Database(seeded.target)  # the state, made through the library
    with database.session() as session:
        ensure_speaker(session, "Jordan", "organization", actor="tester")
    database.close()
    assert _profile(seeded, "Jordan")["type"] == "organization"
    result = seeded("speaker", "unmerge", "Jordan")
    assert result.exit_code != 0
    assert "'Jordan' (organization) has taken that name since the merge" in result.output


def test_unmerge_refuses_to_close_a_loop_of_holders(prov: Prov, tmp_path: Path) -> None:
    path = tmp_path / "five.txt"
    path.write_text("One two three four five.\n")
    prov.ok("ingest", str(path))
    for word, name, kind in (("One", "Sam Source", "person"), ("two", "Tom Target", "person"),
                             ("three", "Karl Keeper", "person"), ("four", "Harry Holder", "person"),
                             ("five", "Office Oh", "organization")):  # fmt: skip
        prov.ok("add", "--doc", "1", "--quote", word, "--speaker", name, "--speaker-type", kind)
    prov.ok("speaker", "link", "Office Oh", "--holder", "Sam Source")
    prov.ok("speaker", "link", "Tom Target", "--holder", "Karl Keeper")
    prov.ok("speaker", "link", "Sam Source", "--holder", "Harry Holder")
    prov.ok("speaker", "merge", "Sam Source", "Tom Target")  # Office Oh now held by Tom
    prov.ok("speaker", "link", "Harry Holder", "--holder", "Office Oh")  # no loop yet
    result = prov("speaker", "unmerge", "Sam Source")
    assert result.exit_code != 0 and "hold each other in a loop" in result.output
    assert prov.ok("verify").exit_code == 0


def test_a_duplicate_rejected_lets_the_merge_through(seeded: Prov) -> None:
    added = seeded.ok("add", "--doc", "1", "--quote", "a pre-existing deconfliction mechanism",
                      "--speaker", "H. Fidan", "--speaker-type", "person")  # fmt: skip
    assert "overlaps attribution #18 (Hakan Fidan)" in added.output
    duplicate = added.stdout.strip()
    seeded.ok("add", "--doc", "1", "--quote", "Those ties deteriorated", "--speaker", "H. Fidan")
    seeded.ok("speaker", "alias", "Hakan Fidan", "Turkey's top diplomat")
    # the same span twice for one speaker cannot stand; a rejected one can stay behind
    seeded.ok("add", "--doc", "1", "--quote", "it was “natural” Israel be added to a "
              "pre-existing deconfliction mechanism for Syria, similar to those with the US, "
              "Russia and other regional states", "--speaker", "H. Fidan")  # fmt: skip
    blocked = seeded("speaker", "merge", "H. Fidan", "Hakan Fidan")
    assert blocked.exit_code != 0 and "reject the duplicates first (prov reject" in blocked.output
    clash = blocked.output.split("prov reject ")[1].split(")")[0]
    assert "confirmed → rejected" in seeded.ok("reject", clash).output
    merged = seeded.ok("speaker", "merge", "H. Fidan", "Hakan Fidan")
    assert "2 attribution(s) moved" in merged.output
    assert seeded.ok("verify").exit_code == 0
    shown = json.loads(seeded.ok("show", duplicate, "--format", "json").stdout)
    assert shown["speaker"] == "Hakan Fidan"
    assert "when it was merged, as a duplicate" in seeded("confirm", clash).output
    seeded.ok("speaker", "unmerge", "H. Fidan")
    assert "rejected → confirmed" in seeded.ok("confirm", clash).output
    assert seeded.ok("verify").exit_code == 0
