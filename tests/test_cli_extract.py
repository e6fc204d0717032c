"""`prov extract`, `prov extract --doc --save`, `prov ingest --extract` and `prov review`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from provenance.cli import cli
from tests.conftest import Prov

SEED = Path(__file__).resolve().parent.parent / "seeds" / "ft-israel-turkey-syria-2025-04.txt"
FIELDS = {"file", "content", "source", "cue", "speaker", "speaker_type", "strength", "mode",
          "confidence"}  # fmt: skip


def test_extract_a_file_needs_no_database(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("“We will win,” the senator said.\r\nShe added that polls were wrong.\n")
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "never.db"), "extract", str(article), "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(set(r) == FIELDS for r in rows)
    first = rows[0]
    assert first["content"]["text"] == "“We will win,”"
    assert first["source"]["text"] == "the senator" and first["cue"]["text"] == "said"
    text = article.read_text().replace("\r\n", "\n")
    for r in rows:  # offsets are into the stored (normalised) text
        assert text[r["content"]["start"] : r["content"]["end"]] == r["content"]["text"]
    assert not (tmp_path / "never.db").exists()


def test_extract_bad_files_are_one_line_errors(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("d\u00e9j\u00e0 vu".encode("latin-1"))
    result = CliRunner().invoke(cli, ["extract", str(bad)])
    assert result.exit_code == 1 and "is not UTF-8" in result.output
    missing = CliRunner().invoke(cli, ["extract", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1 and "no such file" in missing.output


def test_save_proposals_then_review(prov: Prov) -> None:
    prov.ok("ingest", str(SEED), "--title", "Seed")
    saved = prov.ok("extract", "--doc", "1", "--save")
    count = int(saved.output.split(": ")[1].split()[0])
    assert count >= 20
    again = prov.ok("extract", "--doc", "1", "--save")
    assert f"0 proposal(s) saved as proposed; {count} already recorded" in again.output

    # accept the first, reject the second, change the third's strength then accept, quit
    review = prov.ok("review", "--doc", "1", input="a\nr\nt\nanonymous_vague\na\nq\n")
    assert "2 confirmed, 1 rejected, 0 skipped" in review.output
    shown = [json.loads(prov.ok("show", str(i), "--format", "json").stdout) for i in (1, 2, 3)]
    assert [a["status"] for a in shown] == ["confirmed", "rejected", "confirmed"]
    assert shown[2]["strength"] == "anonymous_vague"
    docs = json.loads(prov.ok("documents", "--format", "json").stdout)
    assert docs[0]["attributions"] == count
    left = prov.ok("review", "--doc", "1", "--accept-above", "0.0")
    assert f"{count - 3} confirmed" in left.output
    assert "no proposals to review" in prov.ok("review", "--doc", "1").output
    assert prov.ok("verify").exit_code == 0


def test_ingest_with_extract_proposes_in_one_step(prov: Prov) -> None:
    result = prov.ok("ingest", str(SEED), "--title", "Seed", "--extract")
    assert result.stdout.strip() == "1"
    assert "proposal(s) saved as proposed" in result.output
