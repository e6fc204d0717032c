"""Exports and imports at their edges: URLs that try to break out of a Markdown link,
formulas behind spaces, an --out that names the database, private files, revisions
listed before their originals, and bundles a careful backup must survive."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from urllib.parse import unquote

from prov.model import ProvDocument

from tests.conftest import Prov
from tests.test_export_readers import read_markdown_link, read_markdown_table

TEXT = "Doc said hello. Ann said goodbye.\n"


def _bundle_line(**document: object) -> str:
    record = {
        "document": {"title": "T", "text": TEXT, **document},
        "attributions": [
            {
                "speaker": {"name": "Ann Smith", "type": "person"},
                "strength": "on_record",
                "mode": "indirect",
                "content": {"start": 9, "end": 14, "exact": "hello"},
            }
        ],
    }
    return json.dumps(record)


def _import(prov: Prov, tmp_path: Path, *lines: str, name: str = "b.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    prov.ok("import", str(path))
    return path


def test_a_markdown_link_never_lets_its_url_out(prov: Prov, tmp_path: Path) -> None:
    url = "https://e.com/?q=><img src=x onerror=alert(1)>\n| injected | row |\\x"
    _import(prov, tmp_path, _bundle_line(url=url))
    text = prov.ok("export", "--format", "md").stdout
    header, rows = read_markdown_table(text)
    assert len(rows) == 1  # no injected row
    assert "<img" not in text
    link = read_markdown_link(rows[0][header.index("Document")])
    assert link is not None
    assert unquote(link[1]) == url  # the same address, percent-encoded


def test_a_formula_behind_spaces_is_neutralised_in_csv(prov: Prov, tmp_path: Path) -> None:
    _import(prov, tmp_path, _bundle_line(title=" =1+2"))
    [row] = list(csv.DictReader(io.StringIO(prov.ok("export", "--format", "csv").stdout)))
    assert row["title"] == "' =1+2"


def test_out_never_overwrites_the_database(tmp_path: Path) -> None:
    target = tmp_path / "prov.db"
    prov = Prov(str(target))
    prov.ok("seed")
    result = prov("export", "--format", "csv", "--out", str(target), "--force")
    assert result.exit_code != 0 and "is the database itself" in result.output
    result = prov("audit", "--chart", str(target), "--force")
    assert result.exit_code != 0 and "is the database itself" in result.output
    assert prov.ok("verify").output.startswith("ok: 1 document(s)")


def test_force_keeps_a_private_files_mode_and_writes_through_a_link(tmp_path: Path) -> None:
    prov = Prov(str(tmp_path / "prov.db"))
    prov.ok("seed")
    private = tmp_path / "private.csv"
    private.write_text("old\n")
    private.chmod(0o600)
    prov.ok("export", "--format", "csv", "--out", str(private), "--force")
    assert private.stat().st_mode & 0o777 == 0o600
    assert private.read_text().startswith("id,")
    real, link = tmp_path / "real.csv", tmp_path / "link.csv"
    real.write_text("old\n")
    link.symlink_to(real)
    prov.ok("export", "--format", "csv", "--out", str(link), "--force")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text().startswith("id,")


def test_prov_json_describes_an_original_imported_after_its_revision(
    seeded: Prov, fresh_target: str, tmp_path: Path
) -> None:
    seed = Path(__file__).resolve().parent.parent / "seeds" / "ft-israel-turkey-syria-2025-04.txt"
    revised = tmp_path / "v2.txt"
    revised.write_text("UPDATED.\n" + seed.read_text(encoding="utf-8"), encoding="utf-8")
    seeded.ok("revise", "1", str(revised))
    lines = seeded.ok("export", "--format", "bundle").stdout.splitlines()
    other = Prov(fresh_target)
    _import(other, tmp_path, *reversed(lines), name="reversed.jsonl")  # revision stored first
    document = ProvDocument.deserialize(
        content=other.ok("export", "--format", "prov-json", "--all-versions").stdout,
        format="json",
    )
    documents = [
        record
        for record in document.get_records()
        if record.is_element() and "document/" in str(record.identifier)
    ]
    assert len(documents) == 2
    for record in documents:
        titles = [str(v) for k, v in record.attributes if str(k) == "qp:title"]
        assert titles == ["Israel and Turkey launch talks to avoid clashes in Syria"], record


def test_a_backup_of_an_empty_database_restores(prov: Prov, fresh_target: str) -> None:
    backup = prov.ok("export", "--format", "bundle").stdout
    assert backup == ""
    other = Prov(fresh_target)
    result = other.ok("import", "-", input=backup)
    assert "imported 0 document(s)" in result.output


def test_a_name_that_is_another_kinds_alias_keeps_its_own_speaker(
    prov: Prov, fresh_target: str, tmp_path: Path
) -> None:
    text = "The government warned of floods. Jordan said the match was fixed.\n"
    record = {
        "document": {"title": "J", "text": text},
        "attributions": [
            {
                "speaker": {
                    "name": "Government of Jordan",
                    "type": "organization",
                    "aliases": ["Jordan"],
                },
                "strength": "official_statement",
                "mode": "indirect",
                "content": {"start": 22, "end": 31, "exact": "of floods"},
            },
            {
                "speaker": {"name": "Jordan", "type": "person"},
                "strength": "on_record",
                "mode": "indirect",
                "content": {"start": 45, "end": 64, "exact": "the match was fixed"},
            },
        ],
    }
    _import(prov, tmp_path, json.dumps(record))
    first = prov.ok("export", "--format", "bundle").stdout
    speakers = [a["speaker"]["name"] for a in json.loads(first)["attributions"]]
    assert speakers == ["Government of Jordan", "Jordan"]
    other = Prov(fresh_target)
    other.ok("import", "-", input=first)
    assert other.ok("export", "--format", "bundle").stdout == first


def test_bad_bundle_lines_are_one_line_and_write_nothing(prov: Prov, tmp_path: Path) -> None:
    good = _bundle_line()
    cases = {
        "surrogate": (_bundle_line(authors=["\ud800"]), "lone surrogate"),
        "deep": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        "no-strength": (
            good.replace('"strength": "on_record", ', ""),
            "attribution 1: strength is required",
        ),
        "bad-mode": (
            good.replace('"mode": "indirect"', '"mode": "shouting"'),
            "mode 'shouting' is not one of direct, mixed, indirect",
        ),
        "title-int": (good.replace('"title": "T"', '"title": 5'), "title must be a string"),
    }
    for name, (line, fragment) in cases.items():
        path = tmp_path / f"{name}.jsonl"
        first = _bundle_line(text="Doc said hello. Bob said so.\n")  # a good line before
        path.write_text(first + "\n" + line + "\n")
        result = prov("import", str(path))
        assert result.exit_code != 0, name
        assert fragment in result.output, (name, result.output)
        assert result.output.count(f"{path}:2") == 1, result.output  # named once
        assert "Traceback" not in result.output
        assert json.loads(prov.ok("documents", "--format", "json").stdout) == []


def _round_trip(prov: Prov, fresh_target: str) -> tuple[str, Prov]:
    first = prov.ok("export", "--format", "bundle").stdout
    other = Prov(fresh_target)
    other.ok("import", "-", input=first)
    assert other.ok("export", "--format", "bundle").stdout == first
    return first, other


def test_a_restore_never_gives_a_quote_to_a_look_alike_speaker(
    prov: Prov, fresh_target: str, tmp_path: Path
) -> None:
    path = tmp_path / "art.txt"
    path.write_text(
        "John Smith said the bridge would open in May.\nLater, Smith said the budget was fine.\n"
    )
    prov.ok("ingest", str(path))
    prov.ok("add", "--doc", "1", "--quote", "the budget was fine", "--speaker", "Smith",
            "--speaker-type", "person")  # fmt: skip
    prov.ok("add", "--doc", "1", "--quote", "the bridge would open in May",
            "--speaker", "John Smith")  # fmt: skip
    _, other = _round_trip(prov, fresh_target)
    names = sorted(
        r["speaker"] for r in json.loads(other.ok("speakers", "--format", "json").stdout)
    )
    assert names == ["John Smith", "Smith"]


def test_a_holder_cited_nowhere_survives_a_restore(prov: Prov, fresh_target: str) -> None:
    text = "The ministry of finance said the budget would be balanced.\n"
    gomez = {"name": "Maria Gomez", "type": "person", "description": "finance minister",
             "aliases": ["Finance Minister Gomez"]}  # fmt: skip
    record = {
        "document": {"title": "T", "text": text},
        "attributions": [
            {
                "speaker": {
                    "name": "Ministry of Finance",
                    "type": "organization",
                    "holder": gomez,
                },
                "strength": "official_statement",
                "mode": "indirect",
                "content": {"start": 29, "end": 57, "exact": text[29:57]},
            }
        ],
    }
    prov.ok("import", "-", input=json.dumps(record) + "\n")
    _, other = _round_trip(prov, fresh_target)
    shown = other.ok("speaker", "show", "Ministry of Finance", "--format", "json").stdout
    assert json.loads(shown)["holder"] == "Maria Gomez"
    profile = json.loads(other.ok("speaker", "show", "Maria Gomez", "--format", "json").stdout)
    assert profile["aliases"] == ["Finance Minister Gomez"] and profile["attributions"] == []


def _office_bundle(text: str, *speakers: dict) -> str:
    """One document whose attributions, one a word, are by ``speakers`` in order."""
    attributions = []
    at = 0
    for speaker in speakers:
        word = text.split()[len(attributions)]
        at = text.index(word, at)
        attributions.append(
            {
                "speaker": speaker,
                "strength": "official_statement",
                "mode": "indirect",
                "content": {"start": at, "end": at + len(word), "exact": word},
            }
        )
        at += len(word)
    return json.dumps({"document": {"title": "O", "text": text}, "attributions": attributions})


def test_a_loop_of_holders_in_a_bundle_is_left_out_with_a_note(prov: Prov) -> None:
    office_a = {"name": "Office A", "type": "organization"}
    office_b = {"name": "Office B", "type": "organization", "holder": office_a}
    within = _office_bundle("Alpha said so.\n", {**office_a, "holder": office_b})
    result = prov.ok("import", "-", input=within + "\n")
    assert "would close a loop of holders; not linked" in result.output
    across = _office_bundle(
        "Gamma and delta said so.\n",
        {"name": "Office C", "type": "organization", "holder": "Office D"},
        {"name": "Office D", "type": "organization", "holder": "Office C"},
    )
    result = prov.ok("import", "-", input=across + "\n")
    assert "would close a loop of holders; not linked" in result.output
    assert prov.ok("verify").exit_code == 0


def test_a_holder_of_no_known_type_is_refused(prov: Prov) -> None:
    line = _office_bundle(
        "Alpha said so.\n",
        {
            "name": "Office A",
            "type": "organization",
            "holder": {"name": "X", "type": []},
        },
    )
    result = prov("import", "-", input=line + "\n")
    assert result.exit_code == 1 and "type must be person or organization" in result.output
    assert "Traceback" not in result.output


def test_a_name_held_by_a_speaker_of_another_type_is_said(prov: Prov, tmp_path: Path) -> None:
    path = tmp_path / "gw.txt"
    path.write_text("Washington said he would go.\n")
    prov.ok("ingest", str(path))
    prov.ok("add", "--doc", "1", "--quote", "he would go", "--speaker", "Washington",
            "--speaker-type", "person")  # fmt: skip
    line = _office_bundle(
        "Washington said fine.\n",
        {"name": "Washington", "type": "organization", "description": "the US government"},
    )
    result = prov.ok("import", "-", input=line + "\n")
    assert "'Washington' is a person already (the bundle says organization)" in result.output


def test_an_alias_that_is_another_speakers_name_survives_a_restore(
    prov: Prov, fresh_target: str
) -> None:
    line = _office_bundle(
        "first second said.\n",
        {"name": "Hakan Fidan", "type": "person", "aliases": ["Fidan"]},
        {"name": "Fidan", "type": "person"},
    )
    prov.ok("import", "-", input=line + "\n")
    _, other = _round_trip(prov, fresh_target)
    rows = json.loads(other.ok("export", "--format", "json").stdout)
    assert [r["speaker"] for r in rows] == ["Hakan Fidan", "Fidan"]


def test_a_bundle_for_a_stored_text_adds_the_attributions_it_lacks(
    prov: Prov, tmp_path: Path
) -> None:
    line = _bundle_line(title="Backup title")
    path = tmp_path / "article.txt"
    path.write_text(TEXT, encoding="utf-8")
    prov.ok("ingest", str(path), "--title", "draft")
    prov.ok("add", "--doc", "1", "--quote", "goodbye", "--speaker", "Ann", "--speaker-type",
            "person")  # fmt: skip
    result = prov.ok("import", "-", input=line + "\n")
    assert "imported 0 document(s) and 1 attribution(s)" in result.output
    assert "whose title is 'draft', not 'Backup title'; kept as stored" in result.output
    rows = json.loads(prov.ok("export", "--format", "json").stdout)
    assert sorted(r["quote"] for r in rows) == ["goodbye", "hello"]
    again = prov.ok("import", "-", input=line + "\n")
    assert "1 document(s) and 1 attribution(s) were already present" in again.output
