"""Careless and hostile use of the store's commands: each gets one line, nothing lost."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import cli
from tests.conftest import Prov


def _one_line_failure(result, fragment: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code != 0, result.output
    assert fragment in result.output, result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output


def _speaker_counts(prov: Prov) -> dict[str, int]:
    rows = json.loads(prov.ok("speakers", "--format", "json").stdout)
    return {r["speaker"]: r["attributions"] for r in rows}


def test_chained_merges_unmerge_in_any_order(seeded: Prov) -> None:
    before = _speaker_counts(seeded)
    seeded.ok("speaker", "merge", "Donald Trump", "Recep Tayyip Erdoğan")
    seeded.ok("speaker", "merge", "Recep Tayyip Erdoğan", "Benjamin Netanyahu")
    seeded.ok("speaker", "unmerge", "Donald Trump")
    seeded.ok("speaker", "unmerge", "Recep Tayyip Erdoğan")
    assert _speaker_counts(seeded) == before
    for name in ("Donald Trump", "Recep Tayyip Erdoğan", "Benjamin Netanyahu"):
        profile = json.loads(seeded.ok("speaker", "show", name, "--format", "json").stdout)
        assert profile["name"] == name
    assert seeded.ok("verify").exit_code == 0


def test_an_alias_that_names_another_speaker_is_refused(seeded: Prov) -> None:
    _one_line_failure(seeded("speaker", "alias", "Hakan Fidan", "Trump"), "already names")
    _one_line_failure(seeded("speaker", "alias", "Hakan Fidan", "  "), "needs some text")


def test_holder_loops_are_refused(seeded: Prov) -> None:
    seeded.ok("speaker", "link", "Netanyahu's office", "--holder", "Benjamin Netanyahu")
    _one_line_failure(
        seeded("speaker", "link", "Benjamin Netanyahu", "--holder", "Netanyahu's office"),
        "no loops",
    )


def test_a_vague_definite_speaker_stays_in_its_own_document(prov: Prov, tmp_path: Path) -> None:
    for n, text in enumerate(
        [
            "The spokesman said prices would rise.",
            "In another town the spokesman said the bridge is closed.",
        ]
    ):
        path = tmp_path / f"{n}.txt"
        path.write_text(text)
        prov.ok("ingest", str(path))
    prov.ok("add", "--doc", "1", "--quote", "prices would rise", "--speaker", "The spokesman")
    prov.ok("add", "--doc", "2", "--quote", "the bridge is closed", "--speaker", "the spokesman")
    rows = json.loads(prov.ok("speakers", "--format", "json").stdout)
    assert sorted(r["scope"] for r in rows) == ["document 1", "document 2"]
    assert {r["type"] for r in rows} == {"unnamed"}
    assert {r["strength"] for r in rows} == {"anonymous_described"}


def test_he_after_a_recorded_speaker_resolves_to_them(seeded: Prov) -> None:
    result = seeded.ok(
        "add",
        "--doc",
        "1",
        "--quote",
        "we need to have a deconfliction mechanism",
        "--source",
        "he",
        "--cue",
        "said",
    )
    shown = json.loads(seeded.ok("show", result.stdout.strip(), "--format", "json").stdout)
    assert (shown["speaker"], shown["strength"], shown["source"]) == (
        "Hakan Fidan",
        "on_record",
        "he",
    )


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["show", "99999999999999999999999"], "99999999999999999999999"),
        (
            ["add", "--doc", "1", "--quote", "Syria", "--occurrence", "4", "--speaker", "  "],
            "--speaker is empty",
        ),
        (
            ["add", "--doc", "1", "--quote", "the talks would continue", "--source", "Nobody Here"],
            "source 'Nobody Here' not found",
        ),
        (["review", "--doc", "999"], "no document 999"),
    ],
)
def test_bad_arguments_are_one_line(seeded: Prov, args: list[str], fragment: str) -> None:
    result = seeded(*args)
    assert result.exit_code != 0 and fragment in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "url",
    [
        "mysql://x@localhost/y",
        "foo://bar",
        "postgresql://postgres@127.0.0.1:notaport/x",
    ],
)
def test_unusable_database_urls_are_one_line(url: str) -> None:
    result = CliRunner().invoke(cli, ["--db", url, "documents"])
    _one_line_failure(result, "--db")


def test_another_applications_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["--db", str(path), "documents"])
    _one_line_failure(result, "not a prov database")
    assert path.read_bytes() == before


def _export(prov: Prov, tmp_path: Path, name: str) -> list[str]:
    out = tmp_path / name
    prov.ok("export", "--format", "bundle", "--out", str(out))
    return out.read_text(encoding="utf-8").splitlines()


def test_bundle_links_made_after_every_line_is_read(prov: Prov, tmp_path: Path) -> None:
    """A revision listed before its original, an office before its holder: the links
    survive the round trip."""
    for n, text in enumerate(
        ["The ministry said taxes would rise.", "Jane Minister said taxes would fall."], 1
    ):
        path = tmp_path / f"h{n}.txt"
        path.write_text(text)
        prov.ok("ingest", str(path), "--title", f"H{n}")
    prov.ok(
        "add",
        "--doc",
        "1",
        "--quote",
        "taxes would rise",
        "--speaker",
        "Finance Ministry",
        "--speaker-type",
        "organization",
    )
    prov.ok(
        "add",
        "--doc",
        "2",
        "--quote",
        "taxes would fall",
        "--speaker",
        "Jane Minister",
        "--speaker-type",
        "person",
    )
    prov.ok("speaker", "link", "Finance Ministry", "--holder", "Jane Minister")
    revised = tmp_path / "h1b.txt"
    revised.write_text("Update: The ministry said taxes would rise.")
    prov.ok("revise", "1", str(revised))
    lines = _export(prov, tmp_path, "first.jsonl")
    shuffled = tmp_path / "shuffled.jsonl"
    shuffled.write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")

    other = Prov(str(tmp_path / "other.db"))
    other.ok("import", str(shuffled))
    again = _export(other, tmp_path, "again.jsonl")
    records = [json.loads(line) for line in again]
    revision = next(r for r in records if r["document"]["text"].startswith("Update"))
    original = next(
        r
        for r in records
        if r["document"]["title"] == "H1" and not r["document"]["text"].startswith("Update")
    )
    assert revision["document"]["revises"] == original["document"]["sha256"]
    holders = [a["speaker"].get("holder") for r in records for a in r["attributions"]]
    assert "Jane Minister" in [h["name"] for h in holders if h]


def _bundle(tmp_path: Path, document: dict, attributions: list | None = None) -> Path:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"document": document, "attributions": attributions or []}) + "\n")
    return path


ANN = {"name": "Ann", "type": "person"}
RAIN = {"start": 9, "end": 18, "exact": "it rained"}


@pytest.mark.parametrize(
    ("document", "attributions", "fragment"),
    [
        ({"text": "Ann said it rained.", "sha256": "0" * 64}, None, "sha256 does not match"),
        ({"text": "Ann said it rained.", "published": 20250101}, None, "YYYY-MM-DD string"),
        ({"text": "Ann said it rained.", "authors": [1, None]}, None, "list of strings"),
        ({"text": "Ann said \x00 it."}, None, "NUL character"),
        ({"text": "Ann said \ud800 it."}, None, "lone surrogate"),
        (
            {"text": "Ann said it rained."},
            [
                {
                    "speaker": ANN,
                    "strength": "on_record",
                    "mode": "indirect",
                    "content": RAIN,
                    "confidence": "high",
                }
            ],
            "confidence must be a number",
        ),
        (
            {"text": "Ann said it rained."},
            [
                {
                    "speaker": ANN,
                    "strength": "on_record",
                    "mode": "indirect",
                    "content": RAIN,
                    "confidence": 5,
                }
            ],
            "confidence must be a number",
        ),
        (
            {"text": "Ann said it rained."},
            [
                {
                    "speaker": {**ANN, "aliases": "JR"},
                    "strength": "on_record",
                    "mode": "indirect",
                    "content": RAIN,
                }
            ],
            "aliases must be a list of strings",
        ),
        (
            {"text": "Ann said it rained."},
            [
                {
                    "speaker": ANN,
                    "strength": "on_record",
                    "mode": "indirect",
                    "content": {"start": True, "end": 18, "exact": "nn said it rained"},
                }
            ],
            "content.start must be an integer",
        ),
    ],
    ids=["sha", "date-int", "authors", "nul", "surrogate", "conf-str", "conf-5", "aliases", "bool"],
)
def test_bad_bundle_fields_name_the_line(
    prov: Prov, tmp_path: Path, document: dict, attributions: list | None, fragment: str
) -> None:
    path = _bundle(tmp_path, {"title": "T", **document}, attributions)
    result = prov("import", str(path))
    _one_line_failure(result, fragment)
    assert "bad.jsonl:1" in result.output
    assert json.loads(prov.ok("documents", "--format", "json").stdout) == []


def test_utf16_files_get_the_iconv_hint(prov: Prov, tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("Ann said it rained.".encode("utf-16"))
    _one_line_failure(prov("ingest", str(path)), "iconv -f UTF-16")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("Ann said it rained.\n" * 1000 + "tail \x00 end\n", "NUL bytes"),
        ("\u200b\ufeff \n", "is empty"),
    ],
    ids=["nul-past-the-first-block", "only-invisible-characters"],
)
def test_text_that_is_not_an_article_is_refused_alike_on_every_backend(
    prov: Prov, tmp_path: Path, content: str, fragment: str
) -> None:
    path = tmp_path / "odd.txt"
    path.write_text(content, encoding="utf-8")
    _one_line_failure(prov("ingest", str(path)), fragment)
    assert json.loads(prov.ok("documents", "--format", "json").stdout) == []


def test_export_into_a_missing_folder_is_one_line(seeded: Prov, tmp_path: Path) -> None:
    result = seeded("export", "--format", "bundle", "--out", str(tmp_path / "no" / "x.jsonl"))
    _one_line_failure(result, "does not exist")


def test_verify_catches_values_written_around_the_checks(tmp_path: Path) -> None:
    """Only SQLite can be told to ignore CHECK constraints, so this is a SQLite test."""
    seeded = Prov(str(tmp_path / "checks.db"))
    seeded.ok("seed")
    with sqlite3.connect(seeded.target) as conn:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute("UPDATE attributions SET strength = 'bogus' WHERE id = 1")
        conn.execute("UPDATE speakers SET document_id = NULL WHERE type = 'unnamed'")
    result = seeded("verify")
    assert result.exit_code == 1
    assert "strength 'bogus'" in result.output
    assert "an unnamed source must belong to one document" in result.output


def test_two_writers_on_sqlite_queue_instead_of_failing(tmp_path: Path) -> None:
    """Concurrent commands on one SQLite file wait for each other (BEGIN IMMEDIATE)."""
    db = tmp_path / "shared.db"
    assert CliRunner().invoke(cli, ["--db", str(db), "seed"]).exit_code == 0
    quotes = [
        "the talks would continue",
        "Sharaa as a jihadist",
        "Netanyahu to Adolf Hitler",
        "US representatives were also involved",
    ]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "provenance",
                "--db",
                str(db),
                "add",
                "--doc",
                "1",
                "--quote",
                q,
                "--speaker",
                f"Writer {n}",
                "--speaker-type",
                "person",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, q in enumerate(quotes)
    ]
    outcomes = [(*p.communicate(timeout=120), p.returncode) for p in procs]
    assert all(code == 0 for _, _, code in outcomes), outcomes


def test_a_speaker_on_an_unattributed_assertion_is_refused(seeded: Prov) -> None:
    _one_line_failure(
        seeded(
            "add",
            "--doc",
            "1",
            "--quote",
            "Both countries have recalled their ambassadors",
            "--speaker",
            "Hakan Fidan",
            "--strength",
            "unattributed",
        ),
        "reporter's own",
    )
    _one_line_failure(seeded("set-strength", "1", "unattributed"), "has a speaker")


def test_seed_annotates_the_article_when_it_was_ingested_by_hand(prov: Prov) -> None:
    article = (
        Path(__file__).resolve().parent.parent / "seeds" / "ft-israel-turkey-syria-2025-04.txt"
    )
    prov.ok("ingest", str(article), "--title", "by hand")
    prov.ok("seed")
    docs = json.loads(prov.ok("documents", "--format", "json").stdout)
    assert [(d["id"], d["attributions"]) for d in docs] == [(1, 35)]
    assert "already present" in prov.ok("seed").output
