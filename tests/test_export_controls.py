"""Control characters in stored text (an escape sequence that retitles a terminal or
clears it, a bell) never reach a CSV, Markdown, HTML or LaTeX file, or the csv and md
that search and audit print: each is shown as U+FFFD. JSON escapes them and keeps them,
so that nothing is lost where a program reads the output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import Prov

TITLE = "Talks\x1b]0;pwned\x07 resume"
TEXT = "Officials said the talks \x1b[2J would resume \x07soon\x9b, the minister said.\n"
# what may stand in a text file: tab, line feed, and carriage return only before one
LEFT_IN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


@pytest.fixture()
def controlled(prov: Prov, tmp_path: Path) -> Prov:
    article = tmp_path / "article.txt"
    article.write_bytes(TEXT.encode("utf-8"))
    prov.ok("ingest", str(article), "--title", TITLE, "--outlet", "Ledger\x1bX")
    prov.ok("add", "--doc", "1", "--quote", "the talks \x1b[2J would resume \x07soon\x9b",
            "--speaker", "the minister", "--strength", "anonymous_vague")  # fmt: skip
    return prov


@pytest.mark.parametrize("fmt", ["csv", "md", "html", "latex"])
def test_an_export_file_holds_no_control_character(
    controlled: Prov, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"out.{fmt}"
    controlled.ok("export", "--format", fmt, "--out", str(out))
    written = out.read_text(encoding="utf-8")
    assert LEFT_IN.search(written) is None
    if fmt != "latex":  # LaTeX typesets a control as a space
        assert "\ufffd" in written


@pytest.mark.parametrize(
    "command",
    [
        ("search", "talks", "--format", "csv"),
        ("search", "talks", "--format", "md"),
        ("audit", "--format", "csv"),
        ("audit", "--format", "md"),
        ("audit", "--by", "outlet", "--format", "csv"),
        ("export", "--format", "csv"),
    ],
    ids=" ".join,
)
def test_printed_csv_and_markdown_hold_no_control_character(
    controlled: Prov, command: tuple[str, ...]
) -> None:
    printed = controlled.ok(*command).stdout
    assert LEFT_IN.search(printed) is None
    assert "\ufffd" in printed


def test_json_keeps_the_stored_characters(controlled: Prov) -> None:
    rows = json.loads(controlled.ok("export", "--format", "json").stdout)
    assert rows[0]["title"] == TITLE
    assert "\x1b[2J" in rows[0]["quote"]
    audit = json.loads(controlled.ok("audit", "--format", "json").stdout)
    assert audit[0]["title"] == TITLE
