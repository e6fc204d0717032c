"""Arguments that are not UTF-8 (a Latin-1 terminal, a script that pastes raw bytes)
are refused in one line that names the argument, with nothing written, on every
command that stores or looks up text. Real processes: the bytes reach prov through
``argv`` exactly as a shell hands them over."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from provenance.store.database import Database
from tests.conftest import Prov

BAD = b"Fid\xffan"

ARTICLE = "Talks resumed on Tuesday. \u201cWe are ready,\u201d said Hakan Fidan, the minister.\n"
LATER = "Talks ended on Friday. \u201cWe are done,\u201d said Hakan Fidan.\n"

# each: the arguments after --db, with BAD where a shell would put the raw bytes
COMMANDS: list[list[str | bytes]] = [
    ["add", "--doc", "1", "--quote", "Talks resumed", "--speaker", BAD],
    ["add", "--doc", "1", "--quote", "Talks resumed", "--speaker", "Hakan Fidan", "--by", BAD],
    ["ingest", "{article}", "--title", BAD],
    ["ingest", "{article}", "--outlet", BAD],
    ["search", "ready", "--speaker", BAD],
    ["speaker", "alias", "Hakan Fidan", BAD],
]


def _history(target: str) -> int:
    database = Database(target)
    try:
        with database.reading() as conn:
            return int(conn.execute(text("SELECT count(*) FROM changes")).scalar_one())
    finally:
        database.close()


@pytest.mark.parametrize("arguments", COMMANDS, ids=lambda a: " ".join(map(str, a[:1] + a[-2:-1])))
def test_an_argument_that_is_not_utf8_is_refused_in_one_line(
    prov: Prov, tmp_path: Path, arguments: list[str | bytes]
) -> None:
    first, article = tmp_path / "first.txt", tmp_path / "article.txt"
    first.write_text(ARTICLE, encoding="utf-8")
    article.write_text(LATER, encoding="utf-8")  # not stored yet: ingest would store it
    prov.ok("ingest", str(first))
    prov.ok("add", "--doc", "1", "--quote", "We are ready", "--speaker", "Hakan Fidan")
    before = _history(prov.target)
    argv = [str(article) if a == "{article}" else a for a in arguments]
    result = subprocess.run(
        [sys.executable, "-m", "provenance", "--db", prov.target, *argv],
        capture_output=True,
        env={**os.environ, "PROV_USER": "bytes-test"},
    )
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, stderr
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines() == [
        "Error: argument b'Fid\\xffan' is not UTF-8 text; type it again in UTF-8 (set the "
        "terminal's encoding to UTF-8, or convert it with iconv); nothing was changed"
    ]
    assert _history(prov.target) == before
