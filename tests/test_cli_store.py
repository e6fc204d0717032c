"""The command line over the store: demo, seed, ingest, import/export, and bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import cli
from tests.conftest import Prov


def test_demo_runs_the_main_job_on_the_seed(prov: Prov, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    result = prov.ok("demo", "--out-dir", str(out_dir))
    out = result.output
    search = out.split('prov search "deconfliction"', 1)[1].split("prov audit", 1)[0]
    heads = re.findall(r"^#\d+\s+(.+?) · (\w+) · (\w+) ·", search, flags=re.MULTILINE)
    assert sorted(heads) == [
        ("Hakan Fidan", "on_record", "direct"),
        ("Hakan Fidan", "on_record", "mixed"),
        ("Israel and Turkey", "official_statement", "mixed"),
    ]
    assert "pre-existing *deconfliction* mechanism for Syria" in search
    audit = out.split("prov audit", 1)[1].split("prov export", 1)[0]
    assert "42.3%" in audit and "11/26" in audit
    table = (out_dir / "citations.md").read_text(encoding="utf-8")
    assert table.count("\n") == 2 + 35  # header, rule, one row per attribution
    assert "ok: every stored span still matches" in out
    # a second run finds the data and does not duplicate it
    again = prov.ok("demo", "--out-dir", str(tmp_path / "out2"))
    assert "found the seed article" in again.output
    assert "3 attributions match" in again.output


def test_seed_twice_changes_nothing(prov: Prov) -> None:
    first = prov.ok("seed")
    assert "loaded document 1" in first.output
    second = prov.ok("seed")
    assert "already present" in second.output
    listed = json.loads(prov.ok("documents", "--format", "json").stdout)
    assert len(listed) == 1


def test_ingest_prints_the_id_and_refuses_a_duplicate(prov: Prov, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "Café owners said on Monday that prices rose.\r\nThey were \u201cangry\u201d."
    )
    result = prov.ok(
        "ingest",
        str(article),
        "--title",
        "Prices",
        "--outlet",
        "Gazette",
        "--published",
        "2025-01-02",
        "--author",
        "A. Writer",
    )
    assert result.stdout.strip() == "1"
    duplicate = prov("ingest", str(article))
    assert duplicate.exit_code == 1
    assert "already stored as document 1" in duplicate.output
    assert "Traceback" not in duplicate.output


def test_ingest_reads_standard_input(prov: Prov) -> None:
    result = prov.ok("ingest", "-", "--title", "From a pipe", input="A text from stdin.\n")
    assert result.stdout.strip().isdigit()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "is empty"),
        (b"\x00\x01\x02binary", "looks binary"),
        ("Caf\u00e9 latte".encode("latin-1"), "is not UTF-8"),
    ],
    ids=["missing", "empty", "binary", "latin-1"],
)
def test_bad_article_files_get_one_line_and_write_nothing(
    prov: Prov, tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "article.txt"
    if content is not None:
        path.write_bytes(content)
    result = prov("ingest", str(path))
    assert result.exit_code != 0
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert json.loads(prov.ok("documents", "--format", "json").stdout) == []


def test_bad_date_is_refused(prov: Prov, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Someone said something.")
    result = prov("ingest", str(path), "--published", "10/04/2025")
    assert result.exit_code == 1 and "YYYY-MM-DD" in result.output


def test_bundle_round_trip_is_lossless(seeded: Prov, tmp_path: Path, backend: str) -> None:
    out = tmp_path / "backup.jsonl"
    seeded.ok("export", "--format", "bundle", "--out", str(out))
    original = out.read_text(encoding="utf-8")
    records = [json.loads(line) for line in original.splitlines()]
    assert len(records) == 1
    first = records[0]["attributions"][0]
    text = records[0]["document"]["text"]
    assert text[first["content"]["start"] : first["content"]["end"]] == first["content"]["exact"]

    other = Prov(str(tmp_path / "other.db"))
    assert "imported 1 document(s)" in other.ok("import", str(out)).output
    again = tmp_path / "again.jsonl"
    other.ok("export", "--format", "bundle", "--out", str(again))
    assert again.read_text(encoding="utf-8") == original
    # importing the same bundle again adds nothing, and says so
    again_output = other.ok("import", str(out)).output
    assert "imported 0 document(s) and 0 attribution(s)" in again_output
    assert f"1 document(s) and {len(records[0]['attributions'])} attribution(s) were already" in (
        again_output
    )
    assert other.ok("export", "--format", "bundle").stdout == original


def test_export_refuses_to_overwrite_without_force(seeded: Prov, tmp_path: Path) -> None:
    out = tmp_path / "b.jsonl"
    out.write_text("keep me")
    result = seeded("export", "--format", "bundle", "--out", str(out))
    assert result.exit_code == 1 and "--force" in result.output
    assert out.read_text() == "keep me"
    seeded.ok("export", "--format", "bundle", "--out", str(out), "--force")
    assert out.read_text().startswith('{"document"')


def _bundle_line(text: str, **attribution: object) -> str:
    record = {
        "document": {"title": "T", "outlet": "O", "text": text},
        "attributions": [attribution],
    }
    return json.dumps(record)


@pytest.mark.parametrize(
    ("second_line", "message"),
    [
        ("{not json", "bundle.jsonl:2: not JSON"),
        ('["a list"]', "bundle.jsonl:2:"),
        (
            _bundle_line(
                "Ann said it rained.",
                speaker={"name": "Ann", "type": "person"},
                strength="on_record",
                mode="indirect",
                content={"start": 9, "end": 18, "exact": "it snowed"},
            ),
            "does not match the text",
        ),
        (
            _bundle_line(
                "Ann said it rained.",
                speaker={"name": "Ann", "type": "person"},
                strength="gossip",
                mode="indirect",
                content={"start": 9, "end": 18, "exact": "it rained"},
            ),
            "gossip",
        ),
    ],
    ids=["not-json", "not-object", "exact-mismatch", "bad-strength"],
)
def test_a_bad_bundle_line_names_the_line_and_imports_nothing(
    prov: Prov, tmp_path: Path, second_line: str, message: str
) -> None:
    good = _bundle_line(
        "Bob said the river rose.",
        speaker={"name": "Bob", "type": "person"},
        strength="on_record",
        mode="indirect",
        content={"start": 9, "end": 23, "exact": "the river rose"},
    )
    path = tmp_path / "bundle.jsonl"
    path.write_text(good + "\n" + second_line + "\n", encoding="utf-8")
    result = prov("import", str(path))
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "bundle.jsonl:2" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert json.loads(prov.ok("documents", "--format", "json").stdout) == []


def test_a_db_path_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "important.txt"
    path.write_text("do not touch")
    result = CliRunner().invoke(cli, ["--db", str(path), "documents"])
    assert result.exit_code == 1
    assert "not a SQLite database" in result.output
    assert path.read_text() == "do not touch"


def test_prov_db_environment_variable_picks_the_database(tmp_path: Path) -> None:
    target = tmp_path / "env.db"
    result = CliRunner().invoke(cli, ["seed"], env={"PROV_DB": str(target)})
    assert result.exit_code == 0, result.output
    assert target.exists()


def test_show_prints_the_span_in_context(seeded: Prov) -> None:
    result = seeded.ok("show", "1", "--format", "json")
    row = json.loads(result.stdout)
    assert row["content"] and row["strength"]
    missing = seeded("show", "9999")
    assert missing.exit_code == 1 and "no attribution 9999" in missing.output


def test_db_may_follow_the_command(seeded: Prov, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from provenance.cli import cli

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # no ./prov.db here to be used instead
    monkeypatch.delenv("PROV_DB", raising=False)
    runner = CliRunner()
    found = runner.invoke(cli, ["search", "deconfliction", "--db", seeded.target, "--format",
                                "json"])  # fmt: skip
    assert found.exit_code == 0, found.output
    assert len(json.loads(found.stdout)) == 3
    checked = runner.invoke(cli, ["speaker", "show", "Fidan", "--db", seeded.target])
    assert checked.exit_code == 0 and checked.output.startswith("Hakan Fidan")
    assert not (elsewhere / "prov.db").exists()
