"""`prov add`, `prov verify` and `prov revise`: spans that never lie, through the CLI."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from provenance.store.database import Database
from tests.conftest import Prov

SEED = Path(__file__).resolve().parent.parent / "seeds" / "ft-israel-turkey-syria-2025-04.txt"


@pytest.fixture()
def article(prov: Prov) -> Prov:
    """The seed article ingested as document 1, with no attributions yet."""
    result = prov.ok("ingest", str(SEED), "--title", "Seed", "--outlet", "Financial Times")
    assert result.stdout.strip() == "1"
    return prov


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (
            'It was the "first technical meeting ... to establish a de-escalation mechanism',
            "It was the “first technical meeting . . . to establish a de-escalation mechanism",
        ),
        (
            '"This creates fear - by us of them, and them of us," the official added',
            "“This creates fear — by us of them, and them of us,” the official added",
        ),
        (
            "You can't be an Israeli decision maker without fearing Turkey moving southward "
            "in Syria [closer to the border with Israel]",
            "You can’t be an Israeli decision maker without fearing Turkey moving southward "
            "in Syria [closer to the border with Israel]",
        ),
        (
            'it was "natural" Israel be added',
            "it was “natural” Israel be added",
        ),
        (
            "a Nato state [like Turkey].",
            "a Nato state [like Turkey].",
        ),
    ],
)
def test_add_finds_plainly_typed_quotes_and_stores_the_articles_characters(
    article: Prov, typed: str, expected: str
) -> None:
    new_id = article.ok(
        "add",
        "--doc",
        "1",
        "--quote",
        typed,
        "--speaker",
        "Someone",
        "--speaker-type",
        "person",
        "--strength",
        "on_record",
    ).stdout.strip()
    shown = json.loads(article.ok("show", new_id, "--format", "json").stdout)
    assert shown["content"] == expected
    assert article.ok("verify").exit_code == 0


def test_add_locates_source_and_cue_next_to_the_quote(article: Prov) -> None:
    new_id = article.ok(
        "add",
        "--doc",
        "1",
        "--quote",
        'it was "natural" Israel be added',
        "--speaker",
        "Hakan Fidan",
        "--strength",
        "on_record",
        "--mode",
        "mixed",
        "--source",
        "Hakan Fidan",
        "--cue",
        "told",
        "--by",
        "reporter@example",
    ).stdout.strip()
    shown = json.loads(article.ok("show", new_id, "--format", "json").stdout)
    assert (shown["source"], shown["cue"], shown["mode"]) == ("Hakan Fidan", "told", "mixed")
    assert shown["recorded_by"] == "reporter@example"


def test_add_records_who_and_when_in_the_history(article: Prov, db_target: str) -> None:
    article.ok(
        "add",
        "--doc",
        "1",
        "--quote",
        "US representatives were also involved",
        "--speaker",
        "a person familiar with the matter",
        "--speaker-type",
        "unnamed",
        "--strength",
        "anonymous_vague",
        "--by",
        "desk",
    )
    database = Database(db_target)
    with database.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT actor, at FROM changes WHERE action = 'attribution.add'")
        ).all()
    database.close()
    assert [r.actor for r in rows] == ["desk"] and rows[0].at is not None


def test_an_ambiguous_quote_is_refused_showing_each_place(article: Prov) -> None:
    result = article(
        "add",
        "--doc",
        "1",
        "--quote",
        "said",
        "--speaker",
        "X",
        "--speaker-type",
        "person",
        "--strength",
        "on_record",
    )
    assert result.exit_code == 1
    assert "occurs 10 times" in result.output
    assert "2. [" in result.output  # every place, numbered, with context
    assert "Traceback" not in result.output
    chosen = article.ok(
        "add",
        "--doc",
        "1",
        "--quote",
        "said",
        "--occurrence",
        "2",
        "--speaker",
        "X",
        "--speaker-type",
        "person",
        "--strength",
        "on_record",
    ).stdout.strip()
    shown = json.loads(article.ok("show", chosen, "--format", "json").stdout)
    assert shown["start"] == SEED.read_text(encoding="utf-8").find("said US representatives")


def test_a_quote_not_in_the_article_shows_the_closest_passage(article: Prov) -> None:
    result = article(
        "add",
        "--doc",
        "1",
        "--quote",
        "we need to have a deconflction mechanizm",
        "--speaker",
        "X",
        "--strength",
        "on_record",
    )
    assert result.exit_code == 1
    assert "closest passage (score" in result.output
    assert "deconfliction mechanism" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_a_quote_never_cuts_an_emoji_cluster(prov: Prov, tmp_path: Path) -> None:
    path = tmp_path / "emoji.txt"
    path.write_text("She wrote: “great work 👍🏽 and 👩\u200d👩\u200d👧 family” yesterday.\n")
    prov.ok("ingest", str(path))
    thumb = prov.ok("add", "--doc", "1", "--quote", "👍").stdout.strip()
    family = prov.ok("add", "--doc", "1", "--quote", "👩").stdout.strip()  # one place, not two
    shown = [json.loads(prov.ok("show", n, "--format", "json").stdout) for n in (thumb, family)]
    assert [s["content"] for s in shown] == ["👍🏽", "👩\u200d👩\u200d👧"]
    assert prov.ok("verify").exit_code == 0


def test_verify_passes_on_a_clean_database(seeded: Prov) -> None:
    result = seeded.ok("verify")
    assert result.output.startswith("ok: 1 document(s), 35 attribution(s)")


def _tamper(db_target: str, backend: str, statement: str) -> None:
    if backend == "sqlite":
        with sqlite3.connect(db_target) as conn:  # behind prov's back, no triggers bypassed
            conn.execute("PRAGMA foreign_keys = OFF")
            conn.execute(statement)
    else:
        database = Database(db_target, migrate=False)
        with database.engine.begin() as conn:
            conn.execute(text("SET session_replication_role = replica"))  # FK triggers off
            conn.execute(text(statement))
        database.close()


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (
            "UPDATE documents SET text = replace(text, 'Hakan Fidan', 'Hakan Fidam')",
            "document 1: text does not match its SHA-256",
        ),
        (
            "UPDATE attributions SET content_start = content_start + 1 WHERE id = 3",
            "attribution 3: content span",
        ),
        ("UPDATE attributions SET speaker_id = 999 WHERE id = 2", "speaker_id points at missing"),
        (
            "UPDATE speakers SET merged_into_id = 1 WHERE id = "
            "(SELECT speaker_id FROM attributions WHERE id = 6)",
            "attribution 6: its speaker",
        ),
        (
            "UPDATE speakers SET name = 'Donald Trump' WHERE key = 'hakan fidan'",
            "lookup key 'hakan fidan' is not the folded name 'Donald Trump'",
        ),
        (
            "UPDATE speakers SET holder_id = CASE WHEN key = 'hakan fidan' THEN "
            "(SELECT id FROM speakers WHERE key = 'donald trump') ELSE "
            "(SELECT id FROM speakers WHERE key = 'hakan fidan') END "
            "WHERE key IN ('hakan fidan', 'donald trump')",
            "its holders go round in a loop",
        ),
    ],
    ids=[
        "text-edited",
        "offset-edited",
        "dangling-speaker",
        "merged-speaker",
        "renamed",
        "holder-loop",
    ],
)
def test_verify_catches_a_database_edited_behind_provs_back(
    seeded: Prov, db_target: str, backend: str, statement: str, expected: str
) -> None:
    _tamper(db_target, backend, statement)
    result = seeded("verify")
    assert result.exit_code == 1
    assert expected in result.output


def test_verify_catches_an_unnamed_source_moved_to_another_document(
    seeded: Prov, db_target: str, backend: str, tmp_path: Path
) -> None:
    other = tmp_path / "other.txt"
    other.write_text("Talks would resume, a person familiar with the matter said.\n")
    seeded.ok("ingest", str(other))
    new_id = seeded.ok(
        "add", "--doc", "2", "--quote", "Talks would resume",
        "--source", "a person familiar with the matter", "--cue", "said",
    ).stdout.strip()  # fmt: skip
    _tamper(
        db_target,
        backend,
        "UPDATE attributions SET speaker_id = (SELECT speaker_id FROM attributions WHERE id = 2) "
        f"WHERE id = {new_id}",
    )
    result = seeded("verify")
    assert result.exit_code == 1
    assert f"attribution {new_id}: its speaker" in result.output
    assert "is an unnamed source of document 1, not of document 2" in result.output


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("UPDATE attributions SET content_start = 928.5 WHERE id = 3", "start is 928.5 (float)"),
        ("UPDATE documents SET text = CAST(text AS BLOB)", "text is stored as bytes, not text"),
    ],
    ids=["float-offset", "blob-text"],
)
def test_verify_names_values_sqlite_stored_with_the_wrong_type(
    tmp_path: Path, statement: str, expected: str
) -> None:
    target = str(tmp_path / "typed.db")
    seeded = Prov(target)
    seeded.ok("seed")
    _tamper(target, "sqlite", statement)
    result = seeded("verify")
    assert result.exit_code == 1
    assert expected in result.output
    assert "Traceback" not in result.output


def _revised_seed() -> str:
    text = SEED.read_text(encoding="utf-8")
    text = "UPDATED: this article has been revised.\n" + text  # everything moves
    text = text.replace(  # a quietly edited quote
        "“This creates fear — by us of them, and them of us,”",
        "“This creates real fear — by us of them, and them of us,”",
    )
    text = text.replace(  # a removed sentence
        "Both countries indicated the talks would continue.", ""
    )
    return text


def test_revise_carries_attributions_over_and_surfaces_edited_quotes(
    seeded: Prov, tmp_path: Path
) -> None:
    v2 = tmp_path / "v2.txt"
    v2.write_text(_revised_seed(), encoding="utf-8")
    result = seeded.ok("revise", "1", str(v2), "--format", "json")
    rows = {r["old_text"]: r for r in json.loads(result.stdout)}
    edited = rows["“This creates fear — by us of them, and them of us,”"]
    assert edited["status"] == "changed"
    assert edited["new_text"] == "“This creates real fear — by us of them, and them of us,”"
    assert rows["the talks would continue"]["status"] == "lost"
    assert rows["the talks would continue"]["new_start"] is None
    moved = rows["US representatives were also involved in the meeting"]
    assert moved["status"] == "moved"
    assert moved["new_start"] == moved["old_start"] + len(
        "UPDATED: this article has been revised.\n"
    )
    assert {r["status"] for r in rows.values()} <= {"moved", "changed", "lost"}
    # the new version is stored, revises the old, and every carried span holds
    docs = json.loads(seeded.ok("documents", "--format", "json").stdout)
    assert [d["revises"] for d in docs] == [None, 1]
    assert seeded.ok("verify").exit_code == 0


def test_revise_table_shows_old_and_new_quote_side_by_side(seeded: Prov, tmp_path: Path) -> None:
    v2 = tmp_path / "v2.txt"
    v2.write_text(_revised_seed(), encoding="utf-8")
    out = seeded.ok("revise", "1", str(v2)).output
    assert "document 2 revises document 1" in out
    assert "old: “This creates fear" in out and "new: “This creates real fear" in out


def test_revise_gives_a_repeated_quote_that_lost_a_copy_to_one_attribution(
    prov: Prov, tmp_path: Path
) -> None:
    said = "Fidan said “we will win this war”."
    v1, v2 = tmp_path / "v1.txt", tmp_path / "v2.txt"
    v1.write_text(f"Hakan Fidan spoke on Monday. {said}\nOn Tuesday, {said}\nThe end.\n")
    v2.write_text(f"Hakan Fidan spoke on Monday. {said}\nThe end.\n")
    prov.ok("ingest", str(v1))
    for n in ("1", "2"):
        prov.ok("add", "--doc", "1", "--quote", '"we will win this war"', "--occurrence", n,
                "--speaker", "Hakan Fidan", "--speaker-type", "person")  # fmt: skip
    rows = json.loads(prov.ok("revise", "1", str(v2), "--format", "json").stdout)
    by_old = {r["old_start"]: r for r in rows}
    first, second = sorted(by_old)
    assert by_old[first]["status"] == "unchanged"
    assert by_old[second]["status"] == "lost" and by_old[second]["method"] == "taken"
    assert by_old[second]["new_id"] is None
    assert prov.ok("verify").exit_code == 0


def test_revise_proposes_an_attribution_whose_cue_was_edited(prov: Prov, tmp_path: Path) -> None:
    v1, v2 = tmp_path / "v1.txt", tmp_path / "v2.txt"
    line = "Turkish foreign minister Hakan Fidan {} on Monday that talks would continue.\n"
    v1.write_text(line.format("said"))
    v2.write_text(line.format("says"))
    prov.ok("ingest", str(v1))
    prov.ok("add", "--doc", "1", "--quote", "talks would continue", "--source", "Hakan Fidan",
            "--cue", "said", "--speaker-type", "person")  # fmt: skip
    [row] = json.loads(prov.ok("revise", "1", str(v2), "--format", "json").stdout)
    assert (row["status"], row["source_status"], row["cue_status"]) == (
        "unchanged",
        "unchanged",
        "lost",
    )
    carried = json.loads(prov.ok("show", str(row["new_id"]), "--format", "json").stdout)
    assert carried["status"] == "proposed" and carried["cue"] is None
    assert carried["source"] == "Hakan Fidan"
    v3 = tmp_path / "v3.txt"
    v3.write_text(line.format("says") + "More later.\n")
    table = prov.ok("revise", "2", str(v3)).output  # versions form one line: 1, 2, 3
    assert "document 3 revises document 2" in table


def test_revise_proposes_an_attribution_whose_source_now_stands_elsewhere(
    seeded: Prov, tmp_path: Path
) -> None:
    text = SEED.read_text(encoding="utf-8")
    office = "Israeli Prime Minister Benjamin Netanyahu’s office"
    text = text.replace(f"{office} said.", "a spokesperson for the Turkish defence ministry said.")
    text = text.replace(
        "Both countries have recalled their ambassadors.",
        f"Both countries have recalled their ambassadors. {office} declined to comment.",
    )
    v2 = tmp_path / "v2.txt"
    v2.write_text(text, encoding="utf-8")
    rows = json.loads(seeded.ok("revise", "1", str(v2), "--format", "json").stdout)
    [row] = [r for r in rows if r["source_status"] == "detached"]
    carried = json.loads(seeded.ok("show", str(row["new_id"]), "--format", "json").stdout)
    assert carried["speaker"] == "Benjamin Netanyahu's office"
    assert carried["status"] == "proposed"  # a person must look: the quote changed hands
    others = [r for r in rows if r is not row and r["new_id"] is not None]
    assert all(r["source_status"] != "detached" for r in others)


def _revise_rows(prov: Prov, tmp_path: Path, old: str, new: str, quotes: list[tuple]) -> list:
    v1, v2 = tmp_path / "v1.txt", tmp_path / "v2.txt"
    v1.write_text(old, encoding="utf-8")
    v2.write_text(new, encoding="utf-8")
    prov.ok("ingest", str(v1))
    for quote, source, cue in quotes:
        prov.ok("add", "--doc", "1", "--quote", quote, "--source", source, "--cue", cue)
    rows = json.loads(prov.ok("revise", "1", str(v2), "--format", "json").stdout)
    return sorted(rows, key=lambda r: r["id"])


def test_revise_proposes_quotes_whose_speakers_swapped(prov: Prov, tmp_path: Path) -> None:
    said = "{} said the talks were useful. {} said the talks were a waste of time.\n"
    before, after = said.format("Fidan", "Lindenstrauss"), said.format("Lindenstrauss", "Fidan")
    rows = _revise_rows(
        prov, tmp_path, before, after,
        [("the talks were useful", "Fidan", "said"),
         ("the talks were a waste of time", "Lindenstrauss", "said")],
    )  # fmt: skip
    assert [r["source_status"] for r in rows] == ["detached", "detached"]
    for row in rows:
        shown = json.loads(prov.ok("show", str(row["new_id"]), "--format", "json").stdout)
        assert shown["status"] == "proposed" and shown["source"] is None


def test_revise_keeps_a_source_an_apposition_was_added_to(prov: Prov, tmp_path: Path) -> None:
    rows = _revise_rows(
        prov, tmp_path,
        "The talks went on.\n\nHakan Fidan told reporters that the mechanism was working.\n",
        "The talks went on.\n\nHakan Fidan, Turkey's foreign minister since 2023, told "
        "reporters in Ankara on Tuesday that the mechanism was working.\n",
        [("the mechanism was working", "Hakan Fidan", "told")],
    )  # fmt: skip
    assert (rows[0]["source_status"], rows[0]["cue_status"]) == ("unchanged", "moved")
    shown = json.loads(prov.ok("show", str(rows[0]["new_id"]), "--format", "json").stdout)
    assert shown["status"] == "confirmed"


def test_revise_finds_an_edited_copy_of_a_repeated_quote_in_its_own_place(
    prov: Prov, tmp_path: Path
) -> None:
    quote = "we will never accept a buffer zone in Syria"
    old = f'Fidan said "{quote}".\n\nA paragraph between.\n\nNetanyahu said "{quote}".\n'
    new = old[: old.rindex(quote)] + quote.replace("a buffer", "any buffer") + '".\n'
    v1, v2 = tmp_path / "v1.txt", tmp_path / "v2.txt"
    v1.write_text(old, encoding="utf-8")
    v2.write_text(new, encoding="utf-8")
    prov.ok("ingest", str(v1))
    for n, speaker in (("1", "Hakan Fidan"), ("2", "Benjamin Netanyahu")):
        prov.ok("add", "--doc", "1", "--quote", quote, "--occurrence", n, "--speaker", speaker,
                "--speaker-type", "person")  # fmt: skip
    rows = json.loads(prov.ok("revise", "1", str(v2), "--format", "json").stdout)
    assert [(r["status"], r["new_text"]) for r in sorted(rows, key=lambda r: r["id"])] == [
        ("unchanged", quote),
        ("changed", quote.replace("a buffer", "any buffer")),
    ]


def test_revise_to_a_stored_text_says_why_nothing_is_stored(seeded: Prov) -> None:
    result = seeded("revise", "1", str(SEED))
    assert result.exit_code == 1
    assert "is no new version: its text is stored already, as document 1" in result.output


def test_set_strength_overrides_and_is_recorded(seeded: Prov, db_target: str) -> None:
    result = seeded.ok("set-strength", "2", "anonymous_described", "--by", "editor")
    assert "anonymous_vague → anonymous_described" in result.output
    shown = json.loads(seeded.ok("show", "2", "--format", "json").stdout)
    assert shown["strength"] == "anonymous_described"
    database = Database(db_target)
    with database.engine.connect() as conn:
        change = conn.execute(
            text("SELECT actor, data FROM changes WHERE action = 'attribution.set_strength'")
        ).one()
    database.close()
    data = change.data if isinstance(change.data, dict) else json.loads(change.data)
    assert change.actor == "editor" and data == {
        "from": "anonymous_vague",
        "to": "anonymous_described",
    }


@pytest.mark.parametrize(
    ("text", "quote", "mode"),
    [
        ("She said “we need a mechanism now,” and left.\n", "we need a mechanism", "direct"),
        ('She said "we need a mechanism now," and left.\n', "we need a mechanism", "direct"),
        ("She said we need a mechanism now, and left.\n", "we need a mechanism", "indirect"),
        ("“Go.” She said we need a mechanism, “soon”.\n", "we need a mechanism", "indirect"),
    ],
)
def test_part_of_a_quote_typed_without_its_marks_is_direct(
    prov: Prov, tmp_path: Path, text: str, quote: str, mode: str
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    prov.ok("ingest", str(path))
    added = prov.ok("add", "--doc", "1", "--quote", quote).stdout.strip()
    assert json.loads(prov.ok("show", added, "--format", "json").stdout)["mode"] == mode
