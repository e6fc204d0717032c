"""``prov backup`` takes a consistent copy of a live SQLite database while a writer goes
on, and the copy is a prov database: it verifies, keeps every id, time and history
digest of the rows it holds, and takes new writes that extend the same chain."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import Prov

TABLES = ("documents", "speakers", "attributions", "changes")


def _rows(path: Path, table: str, up_to: int | None = None) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        where = f" WHERE id <= {up_to}" if up_to is not None else ""
        return conn.execute(f"SELECT * FROM {table}{where} ORDER BY id").fetchall()
    finally:
        conn.close()


def _articles(folder: Path, count: int) -> None:
    folder.mkdir()
    for n in range(count):
        (folder / f"report-{n:04d}.txt").write_text(
            f"Report {n}. “The council will meet on day {n},” said Mayor Ada Brandt.\n"
            f"“We were not told,” a senior council official said of plan {n}.\n",
            encoding="utf-8",
        )


def test_a_backup_taken_under_write_load_is_consistent(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    Prov(str(live)).ok("seed")
    folder = tmp_path / "reports"
    _articles(folder, 12)
    # one process, and one commit, per article: copies fall between commits
    loop = (
        "import subprocess, sys\n"
        "for path in sys.argv[2:]:\n"
        "    subprocess.run([sys.executable, '-m', 'provenance', '--db', sys.argv[1],\n"
        "                    'ingest', path, '--extract'], check=True)\n"
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", loop, str(live), *sorted(map(str, folder.iterdir()))],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PROV_USER": "writer"},
    )
    backups: list[Path] = []
    try:
        while writer.poll() is None and len(backups) < 40:
            copy = tmp_path / f"copy-{len(backups)}.db"
            Prov(str(live)).ok("backup", str(copy))
            backups.append(copy)
            time.sleep(0.3)
    finally:
        _, errors = writer.communicate(timeout=600)
    assert writer.returncode == 0, errors
    assert backups, "the writer finished before a backup could be taken: make it longer"
    for copy in backups:
        Prov(str(copy)).ok("verify")
        for table in TABLES:
            held = _rows(copy, table)
            highest = max((int(str(row[0])) for row in held), default=0)
            # prov never changes a stored document or history entry, nor deletes a row:
            # the copy holds exactly the live rows up to its own last id
            if table in ("documents", "changes"):
                assert held == _rows(live, table, highest), (copy, table)
            else:
                assert [r[0] for r in held] == [r[0] for r in _rows(live, table, highest)]
    sizes = [len(_rows(copy, "documents")) for copy in backups]
    assert sizes == sorted(sizes)
    stored = len(_rows(live, "documents"))
    assert stored == 13
    # at least one copy was taken in the middle of the ingest, not before or after it
    assert any(1 < size < stored for size in sizes), sizes


def test_a_restored_backup_takes_new_writes_on_the_same_chain(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    Prov(str(live)).ok("seed")
    copy = tmp_path / "copy.db"
    result = Prov(str(live)).ok("backup", str(copy))
    assert result.stdout.startswith("backed up 1 document(s), 35 attribution(s) and ")
    restored = Prov(str(copy))
    restored.ok("speaker", "alias", "Hakan Fidan", "H. Fidan")
    restored.ok("verify")
    assert _rows(copy, "changes")[:-1] == _rows(live, "changes")


def test_backup_refuses_what_would_lose_work(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    prov = Prov(str(live))
    prov.ok("seed")
    copy = tmp_path / "copy.db"
    copy.write_text("an earlier file\n", encoding="utf-8")
    refused = prov("backup", str(copy))
    assert refused.exit_code != 0
    assert "copy.db exists; add --force to overwrite it" in refused.output
    assert copy.read_text(encoding="utf-8") == "an earlier file\n"
    prov.ok("backup", str(copy), "--force")
    Prov(str(copy)).ok("verify")
    link = tmp_path / "link.db"
    link.symlink_to(live)
    for spelled in (str(live), str(link), str(tmp_path / "." / "live.db")):
        itself = prov("backup", spelled, "--force")
        assert itself.exit_code != 0
        assert "is the database itself" in itself.output
    missing = prov("backup", str(tmp_path / "nowhere" / "x.db"))
    assert missing.exit_code != 0 and "does not exist; create it first" in missing.output
    assert not list(tmp_path.glob(".*.tmp"))
    prov.ok("verify")


@pytest.mark.parametrize("backend", ["postgresql"])
def test_backup_of_postgresql_names_pg_dump(prov: Prov, tmp_path: Path) -> None:
    result = prov("backup", str(tmp_path / "copy.db"))
    assert result.exit_code != 0
    assert "pg_dump --format=custom" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "copy.db").exists()
