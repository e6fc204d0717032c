"""Speakers: the seed's cast, resolution, aliases, merge and unmerge, office holders."""

from __future__ import annotations

import json

from provenance.speakers.directory import ensure_speaker
from provenance.speakers.resolution import MATCH_SCORE, SUGGEST_SCORE, resolve_speaker
from provenance.store.database import Database
from tests.conftest import Prov


def _speakers(prov: Prov) -> list[dict]:
    return json.loads(prov.ok("speakers", "--format", "json").stdout)


def test_the_seed_cast_is_what_a_careful_reader_lists(seeded: Prov) -> None:
    rows = _speakers(seeded)
    people = sorted(r["speaker"] for r in rows if r["type"] == "person")
    assert people == [
        "Benjamin Netanyahu",
        "Donald Trump",
        "Gallia Lindenstrauss",
        "Hakan Fidan",
        "Recep Tayyip Erdoğan",
    ]
    organisations = {r["speaker"] for r in rows if r["type"] == "organization"}
    assert "Benjamin Netanyahu's office" in organisations
    assert {"Israel and Turkey", "Government of Israel", "Government of Turkey"} <= organisations
    unnamed = [r for r in rows if r["type"] == "unnamed"]
    assert len(unnamed) == 8
    assert all(r["scope"] == "document 1" for r in unnamed)
    fidan = next(r for r in rows if r["speaker"] == "Hakan Fidan")
    assert (fidan["strength"], fidan["attributions"], fidan["documents"]) == ("on_record", 2, 1)


def test_speaker_show_resolves_a_name_without_diacritics(seeded: Prov) -> None:
    profile = json.loads(seeded.ok("speaker", "show", "Erdogan", "--format", "json").stdout)
    assert profile["name"] == "Recep Tayyip Erdoğan"
    assert profile["description"] == "Turkish President"
    assert len(profile["attributions"]) == 2


def test_an_unknown_speaker_suggests_the_near_miss(seeded: Prov) -> None:
    result = seeded("speaker", "show", "Hakan Fidam")
    assert result.exit_code == 1
    assert "did you mean Hakan Fidan" in result.output


def test_alias_then_merge_then_unmerge(seeded: Prov) -> None:
    seeded.ok("speaker", "alias", "Hakan Fidan", "Turkish Foreign Minister Hakan Fidan")
    added = seeded.ok(
        "add", "--doc", "1", "--quote", "a pre-existing deconfliction mechanism",
        "--speaker", "H. Fidan", "--cue", "told",
    )  # fmt: skip
    assert "did you mean Hakan Fidan" in added.output  # a near miss is not merged silently
    new_id = int(added.stdout.strip())
    assert json.loads(seeded.ok("show", str(new_id), "--format", "json").stdout)["speaker"] == (
        "H. Fidan"
    )

    merged = seeded.ok("speaker", "merge", "H. Fidan", "Hakan Fidan")
    assert "1 attribution(s) moved" in merged.output
    profile = json.loads(seeded.ok("speaker", "show", "H. Fidan", "--format", "json").stdout)
    assert profile["name"] == "Hakan Fidan"  # the old name is now an alias
    assert new_id in [a["id"] for a in profile["attributions"]]
    assert "H. Fidan" not in [r["speaker"] for r in _speakers(seeded)]

    seeded.ok("speaker", "unmerge", "H. Fidan")
    restored = json.loads(seeded.ok("show", str(new_id), "--format", "json").stdout)
    assert restored["speaker"] == "H. Fidan"
    fidan = json.loads(seeded.ok("speaker", "show", "Hakan Fidan", "--format", "json").stdout)
    assert "H. Fidan" not in fidan["aliases"]
    assert "Turkish Foreign Minister Hakan Fidan" in fidan["aliases"]
    assert seeded.ok("verify").exit_code == 0


def test_link_an_office_to_its_holder(seeded: Prov) -> None:
    seeded.ok(
        "speaker", "link", "Israeli Prime Minister Benjamin Netanyahu's office",
        "--holder", "Benjamin Netanyahu",
    )  # fmt: skip
    person = json.loads(seeded.ok("speaker", "show", "Netanyahu", "--format", "json").stdout)
    assert person["offices"] == ["Benjamin Netanyahu's office"]
    office = json.loads(
        seeded.ok("speaker", "show", "Netanyahu's office", "--format", "json").stdout
    )
    assert office["holder"] == "Benjamin Netanyahu"


def test_resolution_exact_fuzzy_near_miss_and_new(database: Database) -> None:
    with database.session() as session:
        erdogan = ensure_speaker(session, "Recep Tayyip Erdoğan", "person", actor="t")
        trump = ensure_speaker(session, "Donald Trump", "person", actor="t")
        ensure_speaker(session, "Benjamin Netanyahu", "person", actor="t")

        exact = resolve_speaker(session, "recep tayyip erdogan")
        assert (exact.speaker, exact.via) == (erdogan, "exact")

        shorter = resolve_speaker(session, "Erdogan")  # a surname, not yet an alias
        assert (shorter.speaker, shorter.via) == (erdogan, "fuzzy")

        initials = resolve_speaker(session, "Donald J. Trump")  # the initial drops out
        assert initials.speaker == trump and initials.score >= MATCH_SCORE

        typo = resolve_speaker(session, "Benjamin Netanyahoo")
        assert typo.speaker is None
        assert typo.suggestions and typo.suggestions[0].name == "Benjamin Netanyahu"
        assert SUGGEST_SCORE <= typo.suggestions[0].score < MATCH_SCORE

        office = resolve_speaker(session, "Benjamin Netanyahu's office")  # another speaker
        assert office.speaker is None

        stranger = resolve_speaker(session, "Gallia Lindenstrauss")
        assert (stranger.speaker, stranger.suggestions) == (None, [])


def test_history_shows_who_changed_what(seeded: Prov) -> None:
    seeded.ok("set-strength", "2", "anonymous_described", "--by", "editor")
    seeded.ok("speaker", "merge", "Donald Trump", "Recep Tayyip Erdoğan", "--by", "desk")
    rows = json.loads(seeded.ok("history", "--limit", "2", "--format", "json").stdout)
    assert [(r["actor"], r["action"]) for r in rows] == [
        ("desk", "speaker.merge"),
        ("editor", "attribution.set_strength"),
    ]
    only = json.loads(
        seeded.ok("history", "--entity", "attribution", "--id", "2", "--format", "json").stdout
    )
    assert [r["action"] for r in only] == ["attribution.set_strength", "attribution.add"]
    assert only[0]["data"] == {"from": "anonymous_vague", "to": "anonymous_described"}
    assert '{"from": "anonymous_vague"' in seeded.ok("history", "--limit", "5").output
