"""`prov review` keeps every decision the moment it is made, fixes spans, mode and
strength from the prompt, adds what the extractor missed, and reads well when its
answers are piped. Real ``prov`` processes (killed, interrupted on a real
pseudo-terminal) and the real CLI, on both backends."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select as io_select
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

from sqlalchemy import select

from provenance.store.database import Database
from provenance.store.models import Attribution, Change
from tests.conftest import Prov

ARTICLE = (
    "A Turkish defence official said the talks were technical.\n"
    "Hakan Fidan told reporters that a mechanism was needed.\n"
    "Israel sent ground troops across the border last week.\n"
)
ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}


def _ingested(prov: Prov, tmp_path: Path) -> list[int]:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    prov.ok("ingest", str(path), "--extract")
    return sorted(_rows(prov))


def _rows(prov: Prov) -> dict[int, Attribution]:
    with Database(prov.target) as database, database.session() as session:
        return {a.id: a for a in session.scalars(select(Attribution))}


def _statuses(prov: Prov) -> list[str]:
    return sorted(a.status for a in _rows(prov).values())


def _read_until(fd: int, wanted: bytes, seen: bytes = b"", timeout: float = 60) -> bytes:
    deadline = time.monotonic() + timeout
    while wanted not in seen:
        assert time.monotonic() < deadline, seen.decode(errors="replace")
        ready, _, _ = io_select.select([fd], [], [], 0.2)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    return seen


def _take_the_terminal() -> None:
    """In the child: make the pseudo-terminal its controlling terminal, so that the
    terminal turns Ctrl-C into SIGINT for it as a shell's terminal would. SIGINT is
    reset to its default first: a test run started in the background by a script has
    it ignored, and an ignored signal stays ignored across exec."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def test_ctrl_c_keeps_the_decisions_made_and_a_rerun_goes_on(prov: Prov, tmp_path: Path) -> None:
    ids = _ingested(prov, tmp_path)
    assert len(ids) == 2
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "provenance", "--db", prov.target, "review", "--doc", "1"],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=ENV,
        start_new_session=True,
        preexec_fn=_take_the_terminal,
    )
    os.close(terminal)
    try:
        seen = _read_until(controller, b"[q]uit [s]: ")
        os.write(controller, b"a\n")
        seen = _read_until(controller, b"[2/2]", seen)
        seen = _read_until(controller, b"[q]uit [s]: ", seen.split(b"[2/2]")[1])
        os.write(controller, b"\x03")  # Ctrl-C, as the terminal sends it
        rest = _read_until(controller, b"goes on with the rest")
        assert process.wait(timeout=60) == 130
    finally:
        if process.poll() is None:
            process.kill()
        os.close(controller)
    assert b"1 confirmed" in rest and b"Traceback" not in rest
    assert _statuses(prov) == ["confirmed", "proposed"]
    again = prov.ok("review", "--doc", "1", input="r\n")
    assert "[1/1]" in again.output  # the confirmed one is not asked again
    assert _statuses(prov) == ["confirmed", "rejected"]


def test_a_killed_review_has_kept_each_decision(prov: Prov, tmp_path: Path) -> None:
    _ingested(prov, tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "provenance", "--db", prov.target, "review", "--doc", "1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=ENV,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(b"r\n")
    process.stdin.flush()
    seen = b""
    while b"[2/2]" not in seen:
        chunk = process.stdout.read1(4096)
        assert chunk, seen
        seen += chunk
    process.send_signal(signal.SIGKILL)  # a closed laptop, a lost connection
    process.wait(timeout=60)
    process.stdin.close()
    process.stdout.close()
    assert _statuses(prov) == ["proposed", "rejected"]


def test_spans_mode_and_strength_are_fixed_from_the_prompt(prov: Prov, tmp_path: Path) -> None:
    first = _ingested(prov, tmp_path)[0]
    answers = (
        "c\ntalks were technical\n"  # content: a passage of the article
        "u\nsaid\n"  # cue: the one next to it
        "o\n-\n"  # source: removed
        "m\ndirect\n"
        "t\nanonymous_vague\n"
        "a\nq\n"
    )
    result = prov.ok("review", "--doc", "1", "--by", "dana", input=answers)
    assert "1 confirmed" in result.output
    fixed = _rows(prov)[first]
    start = ARTICLE.index("talks were technical")
    assert (fixed.content_start, fixed.content_end) == (start, start + 20)
    assert fixed.content_exact == "talks were technical"
    assert ARTICLE[fixed.cue_start : fixed.cue_end] == "said"
    assert fixed.cue_start == ARTICLE.index("said")
    assert fixed.source_start is None and fixed.source_exact is None
    assert (fixed.mode, fixed.strength, fixed.status) == ("direct", "anonymous_vague", "confirmed")
    with Database(prov.target) as database, database.session() as session:
        actions = [
            (c.action, c.data.get("role"))
            for c in session.scalars(
                select(Change).where(Change.entity_id == first, Change.actor == "dana")
            )
        ]
    assert ("attribution.set_span", "content") in actions
    assert ("attribution.set_span", "source") in actions
    assert ("attribution.set_mode", None) in actions
    assert actions[-1] == ("attribution.confirm", None)
    # the search index follows the new content
    hits = json.loads(prov.ok("search", "technical", "--format", "json").stdout)
    assert [h["id"] for h in hits] == [first]


def test_a_passage_not_in_the_article_is_explained_and_asked_again(
    prov: Prov, tmp_path: Path
) -> None:
    first = _ingested(prov, tmp_path)[0]
    before = _rows(prov)[first]
    result = prov.ok("review", "--doc", "1", input="c\nthe moon landed on Tuesday\nq\n")
    assert "content 'the moon landed on Tuesday' is not in the article" in result.output
    assert "answer again" in result.output
    after = _rows(prov)[first]
    assert (after.content_start, after.content_end) == (before.content_start, before.content_end)


def test_an_attribution_the_extractor_missed_is_added_from_review(
    prov: Prov, tmp_path: Path
) -> None:
    ids = _ingested(prov, tmp_path)
    answers = "n\nIsrael sent ground troops across the border\nthe Syrian government\n\nq\n"
    result = prov.ok("review", "--doc", "1", "--by", "erin", input=answers)
    assert "1 added" in result.output
    rows = _rows(prov)
    (new,) = [a for i, a in rows.items() if i not in ids]
    assert new.content_exact == "Israel sent ground troops across the border"
    assert (new.status, new.recorded_by, new.recorded_via) == ("confirmed", "erin", "hand")
    with Database(prov.target) as database, database.session() as session:
        speaker = session.get(Attribution, new.id).speaker  # type: ignore[union-attr]
        assert speaker is not None and speaker.name == "the Syrian government"


def test_piped_answers_are_echoed_after_their_prompts(prov: Prov, tmp_path: Path) -> None:
    _ingested(prov, tmp_path)
    result = prov.ok("review", "--doc", "1", input="s\nq\n")
    lines = result.output.splitlines()
    asked = [line for line in lines if "[q]uit [s]:" in line]
    assert [line.rsplit(":", 1)[1].strip() for line in asked] == ["s", "q"]
    assert not any(line.count("[q]uit") > 1 for line in lines)


def test_an_edit_that_changes_nothing_is_not_in_the_history(prov: Prov, tmp_path: Path) -> None:
    first = _ingested(prov, tmp_path)[0]
    mode = _rows(prov)[first].mode
    prov.ok("review", "--doc", "1", "--by", "fay", input=f"m\n{mode}\nq\n")
    with Database(prov.target) as database, database.session() as session:
        mine = list(session.scalars(select(Change.action).where(Change.actor == "fay")))
    assert mine == []


def test_documents_show_review_progress(prov: Prov, tmp_path: Path) -> None:
    _ingested(prov, tmp_path)
    prov.ok("review", "--doc", "1", input="r\nq\n")
    (row,) = json.loads(prov.ok("documents", "--format", "json").stdout)
    statuses = _statuses(prov)
    assert (
        (row["proposed"], row["confirmed"], row["rejected"])
        == (
            statuses.count("proposed"),
            statuses.count("confirmed"),
            statuses.count("rejected"),
        )
        == (1, 0, 1)
    )
    assert row["attributions"] == 2 and row["characters"] == len(ARTICLE)
    table = prov.ok("documents")
    assert table.stdout.splitlines()[0].split()[-4:] == [
        "proposed", "confirmed", "rejected", "revises"
    ]  # fmt: skip
    assert "awaiting review: prov review --doc ID" in table.stderr
    prov.ok("review", "--doc", "1", input="a\n")
    assert "awaiting review" not in prov.ok("documents").stderr
