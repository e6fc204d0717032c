"""``prov export`` shows a progress bar on a terminal only, and never in what it writes:
with ``--out``, or with standard output piped, the bar goes to a terminal's standard
error and the file or pipe holds exactly what it holds without one. A real ``prov``
process around a real pseudo-terminal; both backends."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Prov
from tests.test_audit_progress import _run_on_a_terminal


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "bundle"])
def test_a_terminal_sees_the_export_progress_and_the_file_does_not(
    seeded: Prov, tmp_path: Path, fmt: str
) -> None:
    quiet = tmp_path / f"quiet.{fmt}"
    result = seeded.ok("export", "--format", fmt, "--out", str(quiet))
    assert "exporting" not in result.output
    shown = tmp_path / f"shown.{fmt}"
    code, out, terminal = _run_on_a_terminal(
        seeded.target, "export", "--format", fmt, "--out", str(shown)
    )
    assert code == 0, terminal
    assert "exporting" in terminal
    noun = "document" if fmt == "bundle" else "attribution"
    assert f"wrote 1 {noun}" in terminal or f"wrote 35 {noun}" in terminal
    assert out == ""
    if fmt == "csv":  # the only format without a time of export in it
        assert shown.read_bytes() == quiet.read_bytes()
    else:
        assert len(shown.read_bytes().splitlines()) == len(quiet.read_bytes().splitlines())


def test_a_pipe_gets_the_output_and_the_terminal_the_bar(seeded: Prov) -> None:
    code, out, terminal = _run_on_a_terminal(seeded.target, "export", "--format", "csv")
    assert code == 0, terminal
    assert "exporting" in terminal
    # (the test runner's capture reads CSV's CRLF record ends as newlines)
    assert out.replace("\r\n", "\n") == seeded.ok("export", "--format", "csv").stdout
