"""Speaker resolution against 1,000,000 aliases: prov's blocked lookup vs a full scan.

    python benchmarks/speaker_resolution.py [--aliases 1000000] [--queries 300]

Builds (once, cached in benchmarks/.cache/) a SQLite prov database whose speakers have
1,000,000 aliases in all: synthetic personal names from syllables, so that surnames are
many and spread the way real ones are, each speaker with its full name, surname,
first-initial form and a titled form. Then resolves a mix of queries (aliases as
written, names with a typo, names that are not there) with
``provenance.resolution.resolve_speaker`` and, in the same run, with a bare rapidfuzz
scan (``process.extractOne`` over every alias, ``processor=None``, a score cutoff),
and prints the medians and their ratio. The target is a median under 5 ms for prov.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from provenance.language.names import name_tokens  # noqa: E402
from provenance.store.database import Database  # noqa: E402
from provenance.text.folding import fold_key  # noqa: E402

CACHE = ROOT / "benchmarks" / ".cache"
ONSETS = "b br c ch d dr f g gr h j k kh l m n p r s sh st t tr v w y z".split()
VOWELS = "a e i o u ai ei ou ia ie".split()
CODAS = ["", "n", "r", "l", "s", "m", "k", "t", "v", "sky", "son", "ez", "ov", "ian", "ini"]
TITLES = ["Senator", "Minister", "Governor", "Mayor", "General", "Professor", "President"]


def _word(rng: random.Random, syllables: int) -> str:
    parts = [rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables)]
    return ("".join(parts) + rng.choice(CODAS)).capitalize()


def build(path: Path, aliases: int, seed: int = 7) -> Path:
    """A migrated prov database with ``aliases`` aliases over ``aliases // 4`` speakers."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    Database(tmp).close()
    rng = random.Random(seed)
    firsts = list({_word(rng, rng.choice((1, 2))) for _ in range(8000)})
    speakers, alias_rows, token_rows, seen = [], [], [], set()
    speaker_id = 0
    while len(alias_rows) < aliases:
        first, last = rng.choice(firsts), _word(rng, rng.choice((2, 3)))
        name = f"{first} {last}"
        key = fold_key(name)
        if key in seen:
            continue
        seen.add(key)
        speaker_id += 1
        speakers.append((speaker_id, name, key, "person"))
        forms = [last, f"{first[0]}. {last}", f"{rng.choice(TITLES)} {name}", f"{name} Jr."]
        for form in forms:
            alias_rows.append((speaker_id, form, fold_key(form)))
        for k in {key, *(fold_key(f) for f in forms)}:
            token_rows.extend((t, speaker_id, k) for t in name_tokens(k))
    alias_rows = alias_rows[:aliases]
    conn = sqlite3.connect(tmp)
    with conn:
        conn.execute("PRAGMA synchronous = OFF")
        conn.executemany(
            "INSERT INTO speakers (id, name, key, type, created_at) "
            "VALUES (?, ?, ?, ?, '2025-01-01 00:00:00')",
            speakers,
        )
        conn.executemany(
            "INSERT INTO speaker_aliases (speaker_id, alias, key) VALUES (?, ?, ?)", alias_rows
        )
        conn.executemany(
            "INSERT OR IGNORE INTO speaker_tokens (token, speaker_id, key) VALUES (?, ?, ?)",
            token_rows,
        )
        conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    tmp.rename(path)
    return path


def queries(path: Path, count: int, seed: int = 11) -> list[str]:
    """A third aliases as written, a third with one typo, a third unknown names."""
    rng = random.Random(seed)
    with sqlite3.connect(path) as conn:
        total = conn.execute("SELECT max(id) FROM speaker_aliases").fetchone()[0]
        picked = [
            conn.execute(
                "SELECT alias FROM speaker_aliases WHERE id = ?", (rng.randint(1, total),)
            ).fetchone()[0]
            for _ in range(count)
        ]
    out = []
    for i, alias in enumerate(picked):
        if i % 3 == 1:
            j = rng.randrange(1, len(alias))
            alias = alias[:j] + rng.choice("aeiou") + alias[j + 1 :]
        elif i % 3 == 2:
            alias = f"{_word(rng, 2)} {_word(rng, 3)}"
        out.append(alias)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aliases", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()

    path = build(CACHE / f"speakers-{args.aliases}.db", args.aliases)
    names = queries(path, args.queries)

    from rapidfuzz import fuzz, process

    from provenance.speakers.resolution import resolve_speaker

    database = Database(path)
    prov_times = []
    resolved = 0
    with database.session() as session:
        resolve_speaker(session, names[0])  # warm the connection and imports
        for name in names:
            t0 = time.perf_counter()
            result = resolve_speaker(session, name)
            prov_times.append(time.perf_counter() - t0)
            resolved += result.speaker is not None
    database.close()

    with sqlite3.connect(path) as conn:
        keys = [k for (k,) in conn.execute("SELECT key FROM speaker_aliases")]
    scan_times = []
    for name in names[: max(10, args.queries // 10)]:  # a full scan is slow: fewer runs
        t0 = time.perf_counter()
        process.extractOne(
            fold_key(name), keys, scorer=fuzz.token_set_ratio, processor=None, score_cutoff=75
        )
        scan_times.append(time.perf_counter() - t0)

    prov_ms = statistics.median(prov_times) * 1000
    scan_ms = statistics.median(scan_times) * 1000
    print(f"aliases: {len(keys):,}  queries: {len(names)}  resolved: {resolved}")
    print(f"prov resolve_speaker   median {prov_ms:8.2f} ms  p95 "
          f"{sorted(prov_times)[int(len(prov_times) * 0.95)] * 1000:8.2f} ms")  # fmt: skip
    print(f"full rapidfuzz scan    median {scan_ms:8.2f} ms")
    print(f"ratio prov / full scan: {prov_ms / scan_ms:.4f} (target: prov median < 5 ms)")


if __name__ == "__main__":
    main()
