"""How fast ``prov import`` loads a bundle, against a bare stdlib-sqlite3 load of it.

The bundle is written (once, cached in ``benchmarks/.cache/``) from the synthetic corpus
of ``benchmarks/corpus.py``: ``--documents 10000`` gives 100,000 attributions,
``--documents 100000`` a million, in the bundle format of DESIGN.md (speakers with their
aliases, spans with their exact text, status and recorder).

Yardstick: a Python process with the stdlib ``sqlite3`` module that reads the same
bundle line by line, parses each with ``json``, inserts documents, speakers (found by
name in a dict) and attributions into a minimal schema in one transaction with
``executemany``, and builds an FTS5 index over content, speaker and title at the end.
It checks nothing, records no history and resolves nothing: the floor for a load of
the same rows.

Against it, ``prov import`` as a whole process on a new SQLite file (and, with
``--pg URL``, on a new PostgreSQL database): every field checked, every span held to
its text, speakers found exactly, claims, history and the speaker index written, the
search index current. Printed: seconds, the ratio, the database size and the peak
memory of each process. Target (issue 13): within 3x (aim 2x), under 300 MB.

    python benchmarks/import_speed.py                       # 100,000 attributions
    python benchmarks/import_speed.py --documents 100000    # 1,000,000
    python benchmarks/import_speed.py --pg postgresql://postgres@127.0.0.1:5432
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import cache_dir, cached_corpus

BARE_LOAD = r'''
import json, sqlite3, sys
bundle, target = sys.argv[1], sys.argv[2]
db = sqlite3.connect(target, isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = NORMAL")
db.executescript("""
CREATE TABLE documents (id INTEGER PRIMARY KEY, title TEXT, outlet TEXT, url TEXT,
  published TEXT, authors TEXT, text TEXT NOT NULL, sha256 TEXT UNIQUE NOT NULL);
CREATE TABLE speakers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL,
  document_id INTEGER REFERENCES documents (id));
CREATE TABLE attributions (id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL
  REFERENCES documents (id), speaker_id INTEGER REFERENCES speakers (id),
  strength TEXT NOT NULL, mode TEXT NOT NULL, status TEXT,
  content_start INTEGER NOT NULL, content_end INTEGER NOT NULL, content_exact TEXT NOT NULL,
  source_start INTEGER, source_end INTEGER, source_exact TEXT,
  cue_start INTEGER, cue_end INTEGER, cue_exact TEXT);
CREATE INDEX ix_attributions_document ON attributions (document_id);
CREATE INDEX ix_attributions_speaker ON attributions (speaker_id);
""")
db.execute("BEGIN")
speakers = {}
document_id = attribution_id = 0
rows = []
def span(s):
    return (None, None, None) if s is None else (s["start"], s["end"], s["exact"])
with open(bundle, encoding="utf-8") as lines:
    for line in lines:
        record = json.loads(line)
        d = record["document"]
        document_id += 1
        db.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (document_id, d.get("title"), d.get("outlet"), d.get("url"), d.get("published"),
             json.dumps(d.get("authors") or []), d["text"], d["sha256"]))
        for a in record["attributions"]:
            s = a.get("speaker")
            speaker_id = None
            if s is not None:
                scope = document_id if s["type"] == "unnamed" else None
                key = (s["name"], s["type"], scope)
                speaker_id = speakers.get(key)
                if speaker_id is None:
                    speaker_id = speakers[key] = len(speakers) + 1
                    db.execute("INSERT INTO speakers VALUES (?, ?, ?, ?)",
                               (speaker_id, s["name"], s["type"], scope))
            attribution_id += 1
            rows.append((attribution_id, document_id, speaker_id, a["strength"], a["mode"],
                         a.get("status"), *span(a["content"]), *span(a.get("source")),
                         *span(a.get("cue"))))
        if len(rows) >= 10000:
            db.executemany("INSERT INTO attributions VALUES (" + ", ".join("?" * 15) + ")", rows)
            rows.clear()
db.executemany("INSERT INTO attributions VALUES (" + ", ".join("?" * 15) + ")", rows)
db.execute("""CREATE VIRTUAL TABLE attribution_fts USING fts5(content, speaker, title,
  tokenize = 'unicode61 remove_diacritics 2')""")
db.execute("""INSERT INTO attribution_fts (rowid, content, speaker, title)
  SELECT a.id, a.content_exact, coalesce(s.name, ''), coalesce(d.title, '')
  FROM attributions a JOIN documents d ON d.id = a.document_id
  LEFT JOIN speakers s ON s.id = a.speaker_id""")
db.execute("COMMIT")
db.close()
'''

BUNDLE_VERSION = 1


def write_bundle(corpus: Path, out: Path) -> None:
    """The corpus database as a bundle, one document a line, read with plain SQL."""
    db = sqlite3.connect(f"file:{corpus}?mode=ro", uri=True)
    aliases: dict[int, list[str]] = {}
    for speaker_id, alias in db.execute("SELECT speaker_id, alias FROM speaker_aliases"):
        aliases.setdefault(speaker_id, []).append(alias)
    speakers = {
        row[0]: {
            "name": row[1],
            "type": row[2],
            "description": row[3],
            "aliases": aliases.get(row[0], []),
        }
        for row in db.execute("SELECT id, name, type, description FROM speakers")
    }
    outlets = dict(db.execute("SELECT id, name FROM outlets"))
    query = db.execute(
        "SELECT d.id, d.title, d.outlet_id, d.url, d.published, d.authors, d.text, d.sha256,"
        " a.speaker_id, a.strength, a.mode, a.status, a.recorded_via, a.recorded_by,"
        " a.confidence, a.content_start, a.content_end, a.content_exact, a.source_start,"
        " a.source_end, a.source_exact, a.cue_start, a.cue_end, a.cue_exact"
        " FROM documents d JOIN attributions a ON a.document_id = d.id ORDER BY d.id, a.id"
    )

    def span(start: int | None, end: int | None, exact: str | None) -> dict | None:
        return None if start is None else {"start": start, "end": end, "exact": exact}

    tmp = out.with_suffix(".part")
    with tmp.open("w", encoding="utf-8") as fh:
        current: dict | None = None
        for row in query:
            if current is None or current["document"]["_id"] != row[0]:
                if current is not None:
                    del current["document"]["_id"]
                    fh.write(json.dumps(current, ensure_ascii=False) + "\n")
                current = {
                    "document": {
                        "_id": row[0],
                        "title": row[1],
                        "outlet": outlets.get(row[2]),
                        "url": row[3],
                        "published": row[4],
                        "authors": json.loads(row[5]),
                        "text": row[6],
                        "sha256": row[7],
                        "revises": None,
                    },
                    "attributions": [],
                }
            current["attributions"].append(
                {
                    "speaker": speakers.get(row[8]),
                    "strength": row[9],
                    "mode": row[10],
                    "content": span(*row[15:18]),
                    "source": span(*row[18:21]),
                    "cue": span(*row[21:24]),
                    "status": row[11],
                    "recorded_via": row[12],
                    "recorded_by": row[13],
                    "confidence": row[14],
                }
            )
        if current is not None:
            del current["document"]["_id"]
            fh.write(json.dumps(current, ensure_ascii=False) + "\n")
    tmp.replace(out)


def cached_bundle(documents: int) -> Path:
    out = cache_dir() / f"bundle-{documents}-v{BUNDLE_VERSION}.jsonl"
    if not out.exists():
        corpus = cached_corpus(documents)
        print(f"writing {out.name} from {corpus.name}", file=sys.stderr, flush=True)
        write_bundle(corpus, out)
    return out


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of one process run to its end (the peak
    from GNU time where it is installed: a forked child's own count starts at its
    parent's)."""
    gnu_time = Path("/usr/bin/time")
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        if gnu_time.exists():
            command = [str(gnu_time), "-f", "%M", "-o", rss.name, *command]
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        if status != 0:
            raise SystemExit(f"{' '.join(command[:6])} ... failed (status {status})")
        written = rss.read().strip().splitlines()
        peak_kb = int(written[-1]) if written and written[-1].isdigit() else usage.ru_maxrss
    return seconds, peak_kb / 1024


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--pg", help="also import into a new database on this server")
    args = parser.parse_args(argv)
    bundle = cached_bundle(args.documents)
    lines = sum(1 for _ in bundle.open(encoding="utf-8"))
    attributions = sum(line.count('"strength"') for line in bundle.open(encoding="utf-8"))
    print(
        f"bundle    {bundle.name}: {lines:,} documents, {attributions:,} attributions, "
        f"{bundle.stat().st_size / 1e6:,.0f} MB"
    )
    prov = [sys.executable, "-m", "provenance"]
    with tempfile.TemporaryDirectory(dir=cache_dir()) as work:
        bare_db = Path(work) / "bare.db"
        bare_s, bare_mb = timed([sys.executable, "-c", BARE_LOAD, str(bundle), str(bare_db)])
        print(
            f"bare      sqlite3 load with FTS5 at the end: {bare_s:7.1f} s, "
            f"{_size(bare_db) / 1e6:,.0f} MB on disk, peak {bare_mb:,.0f} MB"
        )
        prov_db = Path(work) / "prov.db"
        env = {**os.environ, "PROV_USER": "benchmark"}
        prov_s, prov_mb = timed([*prov, "--db", str(prov_db), "import", str(bundle)], env)
        print(
            f"prov      prov import (SQLite):                {prov_s:7.1f} s, "
            f"{_size(prov_db) / 1e6:,.0f} MB on disk, peak {prov_mb:,.0f} MB"
        )
        print(
            f"ratio     {prov_s / bare_s:.2f} (target <= 3, aim 2); "
            f"{attributions / prov_s:,.0f} attributions/s"
        )
        if args.pg:
            _import_into_postgres(args.pg, prov, bundle, env, bare_s, attributions)


def _import_into_postgres(
    server: str, prov: list[str], bundle: Path, env: dict[str, str], bare_s: float, n: int
) -> None:
    from sqlalchemy import create_engine

    admin = create_engine(
        server.replace("postgresql://", "postgresql+psycopg://", 1) + "/postgres",
        isolation_level="AUTOCOMMIT",
    )
    name = f"prov_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        seconds, peak = timed([*prov, "--db", f"{server}/{name}", "import", str(bundle)], env)
        with admin.connect() as conn:
            size = conn.exec_driver_sql(f"SELECT pg_database_size('{name}')").scalar_one()
        print(
            f"postgres  prov import (PostgreSQL):            {seconds:7.1f} s, "
            f"{size / 1e6:,.0f} MB on disk, peak {peak:,.0f} MB"
        )
        print(
            f"ratio     {seconds / bare_s:.2f} against the bare SQLite load; "
            f"{n / seconds:,.0f} attributions/s"
        )
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


if __name__ == "__main__":
    main()
