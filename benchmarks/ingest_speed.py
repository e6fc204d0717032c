"""How fast ``prov ingest`` stores a folder of articles, with and without the extractor.

The folder (built once, cached in ``benchmarks/.cache/``) holds ``--articles`` plain-text
files of about 5 kB, each made of three articles of the synthetic corpus
(``benchmarks/corpus.py``): news-like paragraphs that attribute claims to named and
unnamed sources in the ways newspapers do, so the extractor has work on every line.

Timed as whole processes on a new SQLite file (and, with ``--pg URL``, on a new
PostgreSQL database): ``prov ingest FOLDER --jobs N`` and ``prov ingest FOLDER
--extract --jobs N``. Printed: articles per second end to end, peak memory, and for
scale a bare stdlib loop that reads the same files and inserts them into a one-table
SQLite database. Targets (issue 13, 2 cores, ``--jobs 2``): at least 400 articles/s,
and 150 with ``--extract``.

    python benchmarks/ingest_speed.py                      # 10,000 articles
    python benchmarks/ingest_speed.py --articles 2000 --pg postgresql://postgres@127.0.0.1:5432
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import cache_dir, cached_corpus
from import_speed import timed

BARE = r"""
import hashlib, os, sqlite3, sys
folder, target = sys.argv[1], sys.argv[2]
db = sqlite3.connect(target, isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, text TEXT, sha256 TEXT UNIQUE)")
db.execute("BEGIN")
for name in sorted(os.listdir(folder)):
    text = open(os.path.join(folder, name), encoding="utf-8").read()
    db.execute("INSERT INTO documents (text, sha256) VALUES (?, ?)",
               (text, hashlib.sha256(text.encode()).hexdigest()))
db.execute("COMMIT")
"""


def cached_folder(articles: int) -> Path:
    """``articles`` text files of three corpus articles each (about 5 kB)."""
    folder = cache_dir() / f"articles-{articles}"
    done = folder / ".complete"
    if done.exists():
        return folder
    folder.mkdir(exist_ok=True)
    corpus = cached_corpus(max(articles * 3, 1000))
    db = sqlite3.connect(f"file:{corpus}?mode=ro", uri=True)
    texts = (row[0] for row in db.execute("SELECT text FROM documents ORDER BY id"))
    for n in range(articles):
        body = "\n\n".join(next(texts) for _ in range(3))
        (folder / f"{n:06d}.txt").write_text(body + "\n", encoding="utf-8")
    done.touch()
    return folder


def _run(label: str, command: list[str], articles: int) -> None:
    seconds, peak = timed(command, {**os.environ, "PROV_USER": "benchmark"})
    print(
        f"{label:36s} {seconds:6.1f} s  {articles / seconds:6.0f} articles/s  peak {peak:,.0f} MB"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--pg", help="also ingest into a new database on this server")
    args = parser.parse_args(argv)
    folder = cached_folder(args.articles)
    size = sum(p.stat().st_size for p in folder.glob("*.txt"))
    print(
        f"folder    {folder.name}: {args.articles:,} articles, "
        f"{size / args.articles / 1000:.1f} kB on average"
    )
    prov = [sys.executable, "-m", "provenance"]
    jobs = ["--jobs", str(args.jobs)]
    with tempfile.TemporaryDirectory(dir=cache_dir()) as work:
        _run(
            "bare sqlite3 loop (no checks)",
            [sys.executable, "-c", BARE, str(folder), str(Path(work) / "bare.db")],
            args.articles,
        )
        targets = [("SQLite", lambda name: str(Path(work) / f"{name}.db"))]
        created: list[str] = []
        if args.pg:
            targets.append(("PostgreSQL", lambda name: _new_pg(args.pg, name, created)))
        for backend, target in targets:
            _run(
                f"prov ingest ({backend})",
                [*prov, "--db", target("plain"), "ingest", str(folder), *jobs],
                args.articles,
            )
            _run(
                f"prov ingest --extract ({backend})",
                [*prov, "--db", target("extract"), "ingest", str(folder), "--extract", *jobs],
                args.articles,
            )
        _drop_pg(args.pg, created)
    print("targets: >= 400 articles/s, >= 150 with --extract (2 cores, --jobs 2)")


def _admin(server: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine

    return create_engine(
        server.replace("postgresql://", "postgresql+psycopg://", 1) + "/postgres",
        isolation_level="AUTOCOMMIT",
    )


def _new_pg(server: str, name: str, created: list[str]) -> str:
    """A new, empty database on ``server``, remembered in ``created`` to drop later."""
    database = f"prov_bench_{name}_{uuid.uuid4().hex[:8]}"
    admin = _admin(server)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{database}"')
    admin.dispose()
    created.append(database)
    return f"{server}/{database}"


def _drop_pg(server: str | None, created: list[str]) -> None:
    if not server or not created:
        return
    admin = _admin(server)
    with admin.connect() as conn:
        for database in created:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    admin.dispose()


if __name__ == "__main__":
    main()
