"""How fast ``prov search`` is on a million attributions, against two yardsticks.

1. The library's ``search()`` call, for a term found in about 1% of attributions,
   against the same FTS5 query run bare through the stdlib ``sqlite3`` module (joined
   to speaker and document, ranked by bm25, first 20), as DESIGN.md measures it.
   Target: within 1.5x.
2. ``prov search TERM`` as a whole process against
   ``python -c "import sqlalchemy.orm, click"``, the imports no implementation of the
   command can avoid. Target: within 1.25x.

Medians of repeated runs, after a warm-up, so that both sides of each ratio meet the
same warm page cache. Run from the repository root, in its virtual environment:

    python benchmarks/search_speed.py                 # 100,000 documents, 1M attributions
    python benchmarks/search_speed.py --documents 10000 --runs 10

The corpus is built by ``benchmarks/corpus.py`` on first use (a few minutes for 1M)
and kept in ``benchmarks/.cache/``.
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

from corpus import COMMON_WORDS, cached_corpus

BARE_QUERY = """
SELECT a.id, a.content_exact, a.strength, a.mode, s.name, d.title,
       bm25(attribution_fts) AS score
FROM attribution_fts
JOIN attributions a ON a.id = attribution_fts.rowid
LEFT JOIN speakers s ON s.id = a.speaker_id
JOIN documents d ON d.id = a.document_id
WHERE attribution_fts MATCH ?
ORDER BY score
LIMIT 20
"""


def term_near_one_percent(path: Path) -> tuple[str, int, int]:
    """The common word whose attribution count is closest to 1% of all, with its count."""
    connection = sqlite3.connect(path)
    try:
        total = connection.execute("SELECT count(*) FROM attributions").fetchone()[0]
        connection.execute(
            "CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, attribution_fts, row)"
        )
        counts = {}
        for word in set(COMMON_WORDS):
            row = connection.execute(
                "SELECT doc FROM temp.vocabulary WHERE term = ?", (word,)
            ).fetchone()
            if row:
                counts[word] = row[0]
    finally:
        connection.close()
    word = min(counts, key=lambda w: (abs(counts[w] - total / 100), w))
    return word, counts[word], total


def alternate_ms(
    calls: dict[str, Callable[[], object]], runs: int, warmup: int = 3
) -> dict[str, float]:
    """Median milliseconds of each call; the calls take turns, so that both sides of a
    ratio meet the same machine (other work, caches)."""
    for _ in range(warmup):
        for call in calls.values():
            call()
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(runs):
        for name, call in calls.items():
            began = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - began)
    return {name: statistics.median(t) * 1000 for name, t in times.items()}


def library_vs_bare(path: Path, term: str, runs: int) -> tuple[float, float]:
    """Median milliseconds of the bare stdlib query and of ``search()``."""
    from provenance.search.engine import search
    from provenance.store.database import Database

    bare = sqlite3.connect(path)
    database = Database(path)

    def library() -> None:
        with database.session() as session:
            search(session, term, limit=20)

    try:
        medians = alternate_ms(
            {"bare": lambda: bare.execute(BARE_QUERY, (term,)).fetchall(), "library": library},
            runs,
        )
    finally:
        bare.close()
        database.close()
    return medians["bare"], medians["library"]


def process_vs_imports(path: Path, term: str, runs: int) -> tuple[float, float]:
    """Median milliseconds of ``prov search`` and of the unavoidable imports, as processes,
    run alternately so that both meet the same machine state."""
    prov = Path(sys.executable).with_name("prov")
    search = [str(prov), "--db", str(path), "search", term]
    imports = [sys.executable, "-c", "import sqlalchemy.orm, click"]
    env = dict(os.environ)
    env.pop("PROV_DB", None)

    def run(argv: list[str]) -> None:
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)

    medians = alternate_ms(
        {"search": lambda: run(search), "imports": lambda: run(imports)}, runs, warmup=2
    )
    return medians["search"], medians["imports"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30, help="timed runs per measure")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    path = cached_corpus(args.documents)
    term, term_count, attributions = term_near_one_percent(path)
    bare_ms, library_ms = library_vs_bare(path, term, args.runs)
    process_ms, imports_ms = process_vs_imports(path, term, max(10, args.runs // 2))
    figures = {
        "database": str(path),
        "database_bytes": path.stat().st_size,
        "attributions": attributions,
        "term": term,
        "term_attributions": term_count,
        "term_share": round(term_count / attributions, 4),
        "bare_sqlite3_ms": round(bare_ms, 2),
        "library_search_ms": round(library_ms, 2),
        "library_ratio": round(library_ms / bare_ms, 3),
        "imports_process_ms": round(imports_ms, 1),
        "prov_search_process_ms": round(process_ms, 1),
        "process_ratio": round(process_ms / imports_ms, 3),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    size_gb = figures["database_bytes"] / 1e9
    print(f"database     {path.name}: {attributions:,} attributions, {size_gb:.2f} GB")
    print(f"term         {term!r}: in {term_count:,} attributions ({figures['term_share']:.2%})")
    print(
        f"library      search() {library_ms:.1f} ms vs bare sqlite3 {bare_ms:.1f} ms: "
        f"ratio {figures['library_ratio']:.2f} (target <= 1.5)"
    )
    print(
        f"process      prov search {process_ms:.0f} ms vs import sqlalchemy.orm, click "
        f"{imports_ms:.0f} ms: ratio {figures['process_ratio']:.2f} (target <= 1.25)"
    )


if __name__ == "__main__":
    main()
