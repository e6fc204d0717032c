"""How fast ``prov verify`` checks a database, against a bare pass that recomputes the
same checks.

The database is the bundle of ``benchmarks/import_speed.py`` imported by ``prov import``
(once, cached in ``benchmarks/.cache/``): every row with its history, as a real prov
database holds it. ``--documents 10000`` gives 100,000 attributions, ``100000`` a
million.

Yardstick: a Python process with the stdlib ``sqlite3`` module that runs the checks
``verify`` runs, written here by hand: ``PRAGMA integrity_check``; every document's
SHA-256; every span against its document's text, with its prefix and suffix, the
attributions merged with their documents in one pass; the foreign keys, vocabularies
and scoping rules as SQL; the search index's rows and FTS5's own integrity check;
every history entry's digest in its SHA-256 chain; rows with no history entry and
history about rows that are gone. It reports nothing and checks no schema objects:
the floor for reading and hashing the same bytes.

Against it, ``prov verify`` as a whole process (and ``verify --quick``, which leaves
out what hashes every byte). Printed: seconds, the ratio, peak memory. Target
(issue 18): within 3x the bare pass, memory flat.

    python benchmarks/verify_speed.py                       # 100,000 attributions
    python benchmarks/verify_speed.py --documents 100000    # 1,000,000
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import cache_dir, corpus_arguments

TARGET = 3.0
TIME = "/usr/bin/time"

BARE_PASS = r"""
import datetime as dt, hashlib, json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
found = 0
assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
for doc_id, body, digest in db.execute("SELECT id, text, sha256 FROM documents ORDER BY id"):
    found += hashlib.sha256(body.encode("utf-8")).hexdigest() != digest
roles = ("content", "source", "cue")
columns = ", ".join(f"{r}_start, {r}_end, {r}_exact, {r}_prefix, {r}_suffix" for r in roles)
documents = db.cursor().execute("SELECT id, text FROM documents ORDER BY id")
document = next(documents, None)
for row in db.execute(f"SELECT id, document_id, {columns} FROM attributions "
                      "ORDER BY document_id, id"):
    while document is not None and document[0] < row[1]:
        document = next(documents, None)
    body = document[1]
    for i in range(3):
        start, end, exact, prefix, suffix = row[2 + 5 * i: 7 + 5 * i]
        if start is None:
            continue
        prefix, suffix = prefix or "", suffix or ""
        found += not (body[start:end] == exact
                      and body[max(0, start - len(prefix)):start] == prefix
                      and body[end:end + len(suffix)] == suffix)
for table, column, parent in (
    ("documents", "outlet_id", "outlets"), ("documents", "revises_id", "documents"),
    ("speakers", "document_id", "documents"), ("speakers", "holder_id", "speakers"),
    ("speakers", "merged_into_id", "speakers"), ("speaker_aliases", "speaker_id", "speakers"),
    ("speaker_tokens", "speaker_id", "speakers"),
    ("attributions", "document_id", "documents"), ("attributions", "claim_id", "claims"),
    ("attributions", "speaker_id", "speakers"),
    ("attributions", "revised_from_id", "attributions")):
    found += len(db.execute(f"SELECT c.id FROM {table} c LEFT JOIN {parent} p "
                            f"ON p.id = c.{column} WHERE c.{column} IS NOT NULL "
                            "AND p.id IS NULL").fetchall())
for table, column, allowed in (
    ("attributions", "strength", "'on_record', 'official_statement', 'documentary', "
     "'anonymous_described', 'anonymous_vague', 'unattributed'"),
    ("attributions", "status", "'confirmed', 'proposed', 'rejected'"),
    ("attributions", "mode", "'direct', 'mixed', 'indirect'"),
    ("speakers", "type", "'person', 'organization', 'unnamed'")):
    found += len(db.execute(f"SELECT id FROM {table} WHERE {column} NOT IN ({allowed})")
                 .fetchall())
found += len(db.execute("SELECT id FROM speakers WHERE (type = 'unnamed') <> "
                        "(document_id IS NOT NULL)").fetchall())
found += len(db.execute(
    "SELECT a.id FROM attributions a JOIN speakers s ON s.id = a.speaker_id "
    "WHERE s.document_id IS NOT NULL AND s.document_id <> a.document_id").fetchall())
found += len(db.execute("SELECT id FROM attributions WHERE id NOT IN "
                        "(SELECT rowid FROM attribution_fts)").fetchall())
db.execute("INSERT INTO attribution_fts(attribution_fts, rank) VALUES ('integrity-check', 1)")
previous = ""
for at, actor, action, entity, entity_id, data, digest in db.execute(
        "SELECT at, actor, action, entity, entity_id, data, digest FROM changes ORDER BY id"):
    when = dt.datetime.fromisoformat(at).isoformat(sep=" ", timespec="microseconds")
    body = json.dumps([previous, when, actor, action, entity, entity_id, json.loads(data)],
                      sort_keys=True, separators=(",", ":"))
    found += hashlib.sha256(body.encode("ascii")).hexdigest() != digest
    previous = digest
for table, entity in (("documents", "document"), ("speakers", "speaker"),
                      ("attributions", "attribution")):
    found += len(db.execute(f"SELECT t.id FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM "
                            "changes c WHERE c.entity = ? AND c.entity_id = t.id)",
                            (entity,)).fetchall())
    found += len(db.execute("SELECT DISTINCT c.entity_id FROM changes c WHERE c.entity = ? "
                            f"AND NOT EXISTS (SELECT 1 FROM {table} t WHERE "
                            "t.id = c.entity_id)", (entity,)).fetchall())
print(found)
"""


def run(command: list[str]) -> tuple[float, float, str]:
    """Seconds, peak resident megabytes (from GNU time) and standard output."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PROV_DB", None)
    peak = cache_dir() / "verify-speed.peak"
    began = time.perf_counter()
    done = subprocess.run(
        [TIME, "-f", "%M", "-o", str(peak), *command], capture_output=True, text=True, env=env
    )
    seconds = time.perf_counter() - began
    return seconds, int(peak.read_text().split()[-1]) / 1024, done.stdout


def imported_database(documents: int) -> Path:
    """The import benchmark's bundle imported by prov, made once and kept."""
    from import_speed import cached_bundle

    path = cache_dir() / f"imported-{documents}-v1.db"
    if not path.exists():
        bundle = cached_bundle(documents)
        partial = path.with_suffix(".partial.db")
        partial.unlink(missing_ok=True)
        prov = str(Path(sys.executable).with_name("prov"))
        subprocess.run([prov, "--db", str(partial), "import", str(bundle)], check=True)
        partial.rename(path)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    corpus_arguments(parser, documents=10_000, runs=3)
    args = parser.parse_args(argv)
    path = args.db or imported_database(args.documents)
    prov = [str(Path(sys.executable).with_name("prov")), "--db", str(path), "verify"]
    sides = {
        "prov verify": prov,
        "prov verify --quick": [*prov, "--quick"],
        "bare pass": [sys.executable, "-c", BARE_PASS, str(path)],
    }
    _, _, problems = run(sides["bare pass"])
    if problems.strip() != "0":
        raise SystemExit(f"the bare pass found {problems.strip()} problem(s) in {path}")
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
    for _ in range(args.runs):
        for name, command in sides.items():
            seconds, megabytes, _ = run(command)
            times[name].append((seconds, megabytes))
    median = {n: statistics.median(s for s, _ in t) for n, t in times.items()}
    peak = {n: max(m for _, m in t) for n, t in times.items()}
    print(f"database  {path.name} ({path.stat().st_size / 1e9:.2f} GB)")
    for name in sides:
        print(f"  {name:<22}{median[name]:7.2f} s  {peak[name]:6.0f} MB")
    ratio = median["prov verify"] / median["bare pass"]
    verdict = "ok" if ratio <= TARGET else "MISSED"
    print(f"  ratio {ratio:.2f} (target <= {TARGET}) {verdict}")
    if ratio > TARGET:
        sys.exit(f"prov verify is {ratio:.2f}x the bare pass")


if __name__ == "__main__":
    main()
