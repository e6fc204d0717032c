"""``prov audit --unsupported`` shows its progress on a terminal only: piped into a file
or another program, its output is the answer and nothing else. The terminal is a real
pseudo-terminal around a real ``prov`` process; both backends."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Prov

CLAIMS = 240  # above the 200 claims from which matching reports progress


@pytest.fixture()
def many_claims(prov: Prov, tmp_path: Path) -> Prov:
    sentences = [
        f"The depot number {i} in the {['north', 'south', 'east'][i % 3]} district "
        f"will close after {i + 3} weeks of talks, an official of office {i} said."
        for i in range(CLAIMS)
    ]
    text = "\n".join(sentences) + "\n"
    attributions = []
    offset = 0
    for i, sentence in enumerate(sentences):
        claim = sentence[: sentence.index(",")]
        source = f"an official of office {i}"
        source_at = offset + sentence.index(source)
        attributions.append(
            {
                "speaker": {"name": source, "type": "unnamed"},
                "strength": "anonymous_vague",
                "mode": "indirect",
                "content": {"start": offset, "end": offset + len(claim), "exact": claim},
                "source": {"start": source_at, "end": source_at + len(source), "exact": source},
            }
        )
        offset += len(sentence) + 1
    bundle = tmp_path / "many.jsonl"
    line = {"document": {"title": "Depots", "text": text}, "attributions": attributions}
    bundle.write_text(json.dumps(line) + "\n", encoding="utf-8")
    prov.ok("import", str(bundle))
    return prov


def _run_on_a_terminal(target: str, *args: str) -> tuple[int, str, str]:
    """Run prov with standard error on a pseudo-terminal; standard output is a pipe."""
    controller, terminal = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
           "COLUMNS": "100"}  # fmt: skip
    with subprocess.Popen(
        [sys.executable, "-m", "provenance", "--db", target, *args],
        stdout=subprocess.PIPE,
        stderr=terminal,
        env=env,
    ) as process:
        os.close(terminal)
        seen = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the process closed its end
                break
            if not chunk:
                break
            seen += chunk
        out = process.stdout.read() if process.stdout else b""
        code = process.wait()
    os.close(controller)
    return code, out.decode(), seen.decode(errors="replace")


def test_no_progress_lines_when_standard_error_is_not_a_terminal(many_claims: Prov) -> None:
    result = many_claims.ok("audit", "--unsupported")
    assert "matching claims" not in result.stderr
    assert "matching claims" not in result.stdout
    assert f"{CLAIMS} claim(s) rest only on unnamed sources" in result.stdout


def test_a_terminal_sees_the_progress_and_the_output_stays_clean(many_claims: Prov) -> None:
    code, out, terminal = _run_on_a_terminal(many_claims.target, "audit", "--unsupported")
    assert code == 0, terminal
    assert "matching claims" in terminal
    assert "matching claims" not in out
    assert f"{CLAIMS} claim(s) rest only on unnamed sources" in out
