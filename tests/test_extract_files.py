"""`prov extract FILE...` over a batch: one unreadable file is named and left out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import cli


def test_a_bad_file_is_named_and_the_rest_of_the_batch_still_extracted(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Hakan Fidan said the talks would continue.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf\xe2\x80\x8b\n")  # a byte-order mark and a zero-width space
    result = CliRunner().invoke(cli, ["extract", str(good), str(empty), str(bom)])
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["file"], r["speaker"]) for r in rows] == [(str(good), "Hakan Fidan")]
    assert f"skipped: {empty} is empty" in result.stderr
    assert f"skipped: {bom} is empty" in result.stderr
    assert "Traceback" not in result.output


def test_the_table_names_the_file_when_there_are_several(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # short, relative names as a person types them
    for name, speaker in (("one.txt", "Hakan Fidan"), ("two.txt", "Gallia Lindenstrauss")):
        Path(name).write_text(f"{speaker} said the talks would continue.\n", encoding="utf-8")
    table = CliRunner().invoke(cli, ["extract", "one.txt", "two.txt", "--format", "table"])
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert lines[0].split()[0] == "file"
    assert [line.split()[0] for line in lines[2:]] == ["one.txt", "two.txt"]
