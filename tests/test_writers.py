"""Writers take turns, and ``--db`` opens exactly the file it names.

Real processes against a real SQLite file and a real PostgreSQL database: writers
that arrive together all get their turn; a writer held up longer than ``PROV_WAIT``
says so in one line and writes nothing; a first use of an empty database by several
processes at once succeeds for all; and a path with URL-like characters in it is a
path, so an output guard that compares paths protects the database that is open.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from provenance.store.database import WRITER_LOCK, Database
from provenance.store.schema_version import HEAD
from tests.conftest import Prov

ARTICLE = (
    "The ministry said on Tuesday that the talks would resume. “We are ready to "
    "meet again next week,” a senior official told reporters.\n"
)


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PROV_USER": "writer-test", **extra}


def _prov(target: str, *args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "provenance", "--db", target, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(**env),
    )


def _documents(target: str) -> int:
    database = Database(target)
    try:
        with database.reading() as connection:
            return int(connection.execute(text("SELECT count(*) FROM documents")).scalar_one())
    finally:
        database.close()


@contextmanager
def _write_lock_held(target: str) -> Iterator[None]:
    """Another writer, holding the database's write lock the way prov's writers take
    it, until the block ends."""
    if "://" not in target:
        holder = sqlite3.connect(target, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    engine = create_engine(target.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")
            yield
    finally:
        engine.dispose()


def _article(tmp_path: Path, name: str, body: str = ARTICLE) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_a_writer_waits_its_turn_past_the_busy_timeout(db_target: str, tmp_path: Path) -> None:
    article = _article(tmp_path, "a.txt")
    with _write_lock_held(db_target):
        writer = _prov(db_target, "ingest", str(article))
        # held for several of SQLite's busy timeouts (one second each): a writer that
        # gave up after one would be finished, with an error, by now
        time.sleep(6)
        assert writer.poll() is None, writer.communicate()
    _out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert _documents(db_target) == 1


def test_a_writer_held_up_past_prov_wait_says_so_and_writes_nothing(
    db_target: str, tmp_path: Path
) -> None:
    article = _article(tmp_path, "a.txt")
    with _write_lock_held(db_target):
        writer = _prov(db_target, "ingest", str(article), PROV_WAIT="1")
        _out, err = writer.communicate(timeout=120)
    assert writer.returncode == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "another writer held the database for more than 1 s" in lines[0]
    assert "PROV_WAIT" in lines[0] and "Traceback" not in err
    assert _documents(db_target) == 0


def test_prov_wait_that_is_not_a_number_is_refused_in_one_line(db_target: str) -> None:
    writer = _prov(db_target, "seed", PROV_WAIT="soon")
    _out, err = writer.communicate(timeout=120)
    assert writer.returncode == 1
    assert err.strip() == "Error: PROV_WAIT='soon' is not a number of seconds; set it to e.g. 300"


WRITER = textwrap.dedent(
    """
    import sys
    from provenance.store.database import Database
    from provenance.documents.ingest import ingest_document

    target, worker, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    database = Database(target)
    for i in range(count):
        with database.session() as session:
            ingest_document(
                session,
                f"Worker {worker} wrote article {i}. The mayor said the bridge would open.",
                actor=f"worker-{worker}",
            )
    database.close()
    """
)

READER = textwrap.dedent(
    """
    import sys, time
    from sqlalchemy import text
    from provenance.store.database import Database

    database = Database(sys.argv[1])
    deadline = time.monotonic() + float(sys.argv[2])
    reads = 0
    while time.monotonic() < deadline:
        with database.reading() as connection:
            connection.execute(text("SELECT count(*) FROM documents")).scalar_one()
        reads += 1
    print(reads)
    """
)


def test_eight_writers_at_once_with_readers_running_all_store(db_target: str) -> None:
    env = _env()
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, db_target, "8"], stdout=subprocess.PIPE, env=env
        )
        for _ in range(2)
    ]
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, db_target, str(n), "25"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(8)
    ]
    failures = []
    for process in writers:
        _, err = process.communicate(timeout=600)
        if process.returncode != 0:
            failures.append(err.strip().splitlines()[-1])
    for reader in readers:
        out, _ = reader.communicate(timeout=600)
        assert reader.returncode == 0 and int(out) > 0
    assert failures == []
    assert _documents(db_target) == 8 * 25


def test_first_use_of_an_empty_database_by_eight_processes_at_once(fresh_target: str) -> None:
    processes = [_prov(fresh_target, "documents") for _ in range(8)]
    results = [p.communicate(timeout=600) for p in processes]
    assert [p.returncode for p in processes] == [0] * 8, [err for _, err in results]
    database = Database(fresh_target, migrate=False)
    try:
        assert database.schema_revision() == HEAD
    finally:
        database.close()


def test_two_ingests_of_one_text_racing_end_with_one_document(
    db_target: str, tmp_path: Path
) -> None:
    article = _article(tmp_path, "same.txt")
    start = threading.Barrier(2)
    results: list[subprocess.CompletedProcess[str]] = []

    def ingest() -> None:
        start.wait()
        results.append(
            subprocess.run(
                [sys.executable, "-m", "provenance", "--db", db_target, "ingest", str(article)],
                capture_output=True,
                text=True,
                env=_env(),
                timeout=300,
            )
        )

    threads = [threading.Thread(target=ingest) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.returncode for r in results) == [0, 1]
    loser = next(r for r in results if r.returncode == 1)
    assert "already stored as document 1" in loser.stderr, loser.stderr
    assert "Traceback" not in loser.stderr and "uq_documents" not in loser.stderr
    assert _documents(db_target) == 1


@pytest.mark.parametrize("name", ["pct%20x.db", "q?mode=ro.db", "a#b.db", "sp ace.db"])
def test_a_database_path_is_the_file_named(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    Prov(str(folder / name)).ok("seed")
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        name
    ]
    assert (folder / name).read_bytes()[:16] == b"SQLite format 3\x00"


def test_export_never_overwrites_the_open_database_however_its_path_is_written(
    tmp_path: Path,
) -> None:
    database = tmp_path / "pct%20x.db"
    prov = Prov(str(database))
    prov.ok("seed")
    # the URL-decoded spelling is another file: written, and the database untouched
    prov.ok("export", "--format", "csv", "--out", str(tmp_path / "pct x.db"), "--force")
    assert database.read_bytes()[:16] == b"SQLite format 3\x00"
    # the database itself, through a link or a path that goes round about: refused
    link = tmp_path / "link.db"
    link.symlink_to(database)
    for out in (link, tmp_path / "sub" / ".." / database.name):
        (tmp_path / "sub").mkdir(exist_ok=True)
        result = prov("export", "--format", "csv", "--out", str(out), "--force")
        assert result.exit_code == 1, result.output
        assert "is the database itself" in result.output
    assert database.read_bytes()[:16] == b"SQLite format 3\x00"
    Prov(str(database)).ok("verify")
