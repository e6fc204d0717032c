"""How fast ``prov audit --by outlet`` is on a million attributions, against bare SQL.

The yardstick is the aggregation written by hand and run through the stdlib
``sqlite3`` module on the same file: attributions joined to their documents and
outlets, one row per outlet, a conditional count per strength class, rejected
attributions left out (as prov leaves them out by default)::

    SELECT o.name, count(*) FILTER (WHERE a.strength = 'on_record'), ...
    FROM attributions a JOIN documents d ON d.id = a.document_id
    LEFT JOIN outlets o ON o.id = d.outlet_id
    WHERE a.status IN ('confirmed', 'proposed') GROUP BY o.name

Ratios of medians of runs taken alternately after a warm-up, so that both sides meet
the same warm page cache and the same machine load:

1. process: ``prov audit --by outlet --format json`` as a whole process (Python start,
   imports, opening the database, the query, the JSON) against a Python process that
   runs the hand-written aggregation through ``sqlite3`` and prints it. Target: 1.5x.
2. library: ``audit(session, by="outlet")`` in a warm process against the hand-written
   statement through ``sqlite3``. Target: 1.5x.
3. and 4., diagnostics: the same two against the very statement prov sends, run bare.
   prov counts per document first and rolls the documents up to outlets, which SQLite
   runs faster than the one-level join above; these two say what prov costs around
   its own SQL (in the process: Python, SQLAlchemy and the models, about 0.3 s).

Both sides' answers are compared before anything is timed. Run from the repository
root, in its virtual environment:

    python benchmarks/audit_speed.py                    # 100,000 documents, 1M attributions
    python benchmarks/audit_speed.py --documents 10000 --runs 5
    python benchmarks/audit_speed.py --db /path/to/corpus.db

The corpus is built by ``benchmarks/corpus.py`` on first use and kept in
``benchmarks/.cache/``. Exit status 1 when a targeted ratio is above its target.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import cached_corpus, corpus_arguments

TARGET = 1.5
STRENGTHS = (
    "on_record",
    "official_statement",
    "documentary",
    "anonymous_described",
    "anonymous_vague",
    "unattributed",
)
HAND_WRITTEN = (
    "SELECT o.name, "
    + ", ".join(f"count(*) FILTER (WHERE a.strength = '{s}')" for s in STRENGTHS)
    + """
FROM attributions a
JOIN documents d ON d.id = a.document_id
LEFT JOIN outlets o ON o.id = d.outlet_id
WHERE a.status IN ('confirmed', 'proposed')
GROUP BY o.name"""
)
# The bare side as a process: start Python, open the file, aggregate, print JSON.
BARE_PROCESS = """
import json, sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
rows = connection.execute(sys.argv[2]).fetchall()
print(json.dumps(rows))
"""


def median_seconds(call: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def alternate(
    calls: dict[str, Callable[[], object]], runs: int, warmup: int = 2
) -> dict[str, float]:
    """Median seconds of each call, the calls taking turns run after run."""
    for _ in range(warmup):
        for call in calls.values():
            call()
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(runs):
        for name, call in calls.items():
            began = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - began)
    return {name: statistics.median(values) for name, values in times.items()}


def as_counts(rows: list) -> dict[str | None, tuple[int, ...]]:  # type: ignore[type-arg]
    return {row[0]: tuple(int(n) for n in row[1:]) for row in rows}


def prov_statement() -> str:
    """The SQL ``audit(by="outlet")`` sends, with its parameters written in."""
    from sqlalchemy.dialects import sqlite

    from provenance.attributions.filters import AttributionFilter
    from provenance.audit.ratios import _labelled, _tally, _units

    query = _labelled(
        "outlet", _tally("outlet", _units("attributions", AttributionFilter())).subquery()
    )
    return str(query.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))


def check_agreement(path: Path, prov: list[str], env: dict[str, str]) -> int:
    """Compare prov's answer with the hand-written one; the number of outlets."""
    bare = sqlite3.connect(path)
    expected = as_counts(bare.execute(HAND_WRITTEN).fetchall())
    bare.close()
    output = subprocess.run(prov, check=True, capture_output=True, text=True, env=env).stdout
    got = {row["outlet"]: tuple(row[s] for s in STRENGTHS) for row in json.loads(output)}
    if got != expected:
        raise SystemExit(f"prov audit and the bare SQL disagree:\n{got}\n{expected}")
    return len(got)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    corpus_arguments(parser, documents=100_000, runs=9)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    path = args.db or cached_corpus(args.documents)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PROV_DB", None)
    prov = [
        str(Path(sys.executable).with_name("prov")),
        "--db",
        str(path),
        "audit",
        "--by",
        "outlet",
        "--format",
        "json",
    ]
    outlets = check_agreement(path, prov, env)

    def run(argv_: list[str]) -> None:
        subprocess.run(argv_, check=True, stdout=subprocess.DEVNULL, env=env)

    own_sql = prov_statement()
    bare_argv = [sys.executable, "-c", BARE_PROCESS, str(path), HAND_WRITTEN]
    own_argv = [sys.executable, "-c", BARE_PROCESS, str(path), own_sql]
    process = alternate(
        {
            "prov": lambda: run(prov),
            "bare": lambda: run(bare_argv),
            "own_bare": lambda: run(own_argv),
        },
        args.runs,
    )

    from provenance.audit.ratios import audit
    from provenance.store.database import Database

    database = Database(path)
    bare = sqlite3.connect(path)

    def library() -> None:
        with database.session() as session:
            audit(session, by="outlet")

    in_process = alternate(
        {
            "library": library,
            "hand_written": lambda: bare.execute(HAND_WRITTEN).fetchall(),
            "own_statement": lambda: bare.execute(own_sql).fetchall(),
        },
        args.runs,
    )
    attributions = bare.execute("SELECT count(*) FROM attributions").fetchone()[0]
    bare.close()
    database.close()

    # name -> (prov's side, the bare side, what is compared, target or None)
    comparisons = {
        "process": (
            process["prov"],
            process["bare"],
            "prov audit --by outlet vs a sqlite3 process running the hand-written SQL",
            TARGET,
        ),
        "library": (
            in_process["library"],
            in_process["hand_written"],
            "audit() vs the hand-written SQL through sqlite3",
            TARGET,
        ),
        "process_own_sql": (
            process["prov"],
            process["own_bare"],
            "prov audit --by outlet vs a sqlite3 process running prov's own statement",
            None,
        ),
        "library_own_sql": (
            in_process["library"],
            in_process["own_statement"],
            "audit() vs prov's own statement through sqlite3",
            None,
        ),
    }
    figures: dict[str, object] = {
        "database": str(path),
        "database_bytes": path.stat().st_size,
        "attributions": attributions,
        "outlets": outlets,
        "target": TARGET,
    }
    for name, (ours, theirs, _, _) in comparisons.items():
        figures[f"{name}_prov_ms"] = round(ours * 1000, 1)
        figures[f"{name}_bare_ms"] = round(theirs * 1000, 1)
        figures[f"{name}_ratio"] = round(ours / theirs, 3)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        size = path.stat().st_size / 1e9
        print(f"database  {path.name}: {attributions:,} attributions, {outlets} outlets")
        print(f"          ({size:.2f} GB); medians of {args.runs} alternating runs")
        for name, (ours, theirs, what, target) in comparisons.items():
            goal = f" (target <= {target})" if target else " (diagnostic)"
            print(f"{name:<16}{what}")
            print(
                f"{'':<16}{ours * 1000:.0f} ms vs {theirs * 1000:.0f} ms: "
                f"ratio {ours / theirs:.2f}{goal}"
            )
    failed = [
        name
        for name, (ours, theirs, _, target) in comparisons.items()
        if target and ours / theirs > target
    ]
    if failed:
        sys.exit(f"above the target of {TARGET}: {', '.join(failed)}")


if __name__ == "__main__":
    main()
