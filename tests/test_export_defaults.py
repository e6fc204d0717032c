"""What ``prov export`` does when told little: a citation table on the terminal with no
``--format``, the format ``--out``'s extension names, and ``--excel`` for spreadsheets.
Through the real CLI, on both backends."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import Prov


def test_no_format_prints_a_citation_table_not_a_bundle(seeded: Prov) -> None:
    result = seeded.ok("export", "--doc", "1")
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "doc", "speaker", "strength", "status", "quote"]
    assert "Israel and Turkey have launched talks" in result.stdout
    assert '"document"' not in result.stdout and '"text"' not in result.stdout
    # one row per attribution: every id in the first column, once
    ids = [line.split()[0] for line in lines[2:] if line[:1].isdigit()]
    assert len(ids) == len(set(ids)) == 35
    assert "35 attribution(s)" in result.stderr


def test_the_terminal_table_stays_aligned_across_pages(
    seeded: Prov, monkeypatch: pytest.MonkeyPatch
) -> None:
    from provenance.cli import export

    monkeypatch.setattr(export, "TERMINAL_PAGE", 4)  # the seed's 35 rows, 9 pages
    out = seeded.ok("export", "--doc", "1").stdout
    lines = out.splitlines()
    assert sum(1 for line in lines if line.startswith("id ")) == 1
    status_column = lines[0].index("status")
    rows = [line for line in lines[2:] if line[:1].isdigit()]
    assert len(rows) == 35
    assert all(line[status_column:].split()[0] == "confirmed" for line in rows)


def test_no_match_says_so(seeded: Prov) -> None:
    result = seeded.ok("export", "--speaker", "Hakan Fidan", "--strength", "anonymous_vague")
    assert "no attribution matches" in result.stderr


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("citations.csv", lambda text: text.startswith("id,quote,")),
        ("citations.md", lambda text: text.startswith("| # | Quote |")),
        ("citations.json", lambda text: isinstance(json.loads(text), list)),
        ("citations.jsonl", lambda text: "quote" in json.loads(text.splitlines()[0])),
        ("citations.html", lambda text: text.startswith("<!DOCTYPE html>")),
        ("citations.tex", lambda text: "\\begin{longtable}" in text),
        ("annotations.jsonld", lambda text: json.loads(text)[0]["type"] == "Annotation"),
    ],
)
def test_the_out_extension_names_the_format(
    seeded: Prov, tmp_path: Path, name: str, check: object
) -> None:
    out = tmp_path / name
    seeded.ok("export", "--doc", "1", "--out", str(out))
    assert callable(check) and check(out.read_text(encoding="utf-8"))


def test_an_extension_that_names_no_format_asks_for_one(seeded: Prov, tmp_path: Path) -> None:
    out = tmp_path / "citations.txt"
    result = seeded("export", "--out", str(out))
    assert result.exit_code == 2
    assert "add --format" in result.stderr and "Traceback" not in result.output
    assert not out.exists()


def test_excel_starts_the_csv_with_a_byte_order_mark(seeded: Prov, tmp_path: Path) -> None:
    out = tmp_path / "citations.csv"
    seeded.ok("export", "--doc", "1", "--out", str(out), "--excel")
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,quote,")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 35 and any("“" in row["quote"] for row in rows)
    plain = tmp_path / "plain.csv"
    seeded.ok("export", "--doc", "1", "--out", str(plain))
    assert data == b"\xef\xbb\xbf" + plain.read_bytes()


def test_excel_is_for_csv_only(seeded: Prov) -> None:
    result = seeded("export", "--format", "md", "--excel")
    assert result.exit_code == 2 and "--excel" in result.stderr
