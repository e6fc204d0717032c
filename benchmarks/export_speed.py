"""How fast ``prov export`` writes a corpus out, against the ``sqlite3`` shell.

Yardstick: the ``sqlite3`` command-line shell writing the same join as CSV (the
attribution, its speaker, document and outlet, rejected ones left out, in document
and position order) to a file: the floor for reading those rows off the disk. It
computes no quote links, which prov does for every quote of a document with a URL
(a text fragment checked against the stored text, so that the link lands on the
quote and not on an earlier occurrence of its words).

Against it, ``prov export --format F --out FILE`` as a whole process for each
format. Printed: seconds, the ratio to the shell (csv) or to csv (other formats),
and each process's peak memory. Targets (issue 18): csv within 3x the shell, the
other formats within 2x csv, peak memory under 200 MB at a million attributions.
Exit status 1 when a target is missed.

    python benchmarks/export_speed.py                        # 100,000 attributions
    python benchmarks/export_speed.py --documents 100000     # 1,000,000
    python benchmarks/export_speed.py --formats csv,jsonl

The corpus is built by ``benchmarks/corpus.py`` on first use and kept in
``benchmarks/.cache/``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import cached_corpus

SHELL_QUERY = """
SELECT a.id, a.content_exact, s.name, s.type, a.strength, a.mode, a.cue_exact,
       a.source_exact, a.status, d.id, d.title, o.name, d.published, d.url,
       a.content_start, a.content_end
FROM attributions a
JOIN documents d ON d.id = a.document_id
LEFT JOIN outlets o ON o.id = d.outlet_id
LEFT JOIN speakers s ON s.id = a.speaker_id
WHERE a.status != 'rejected'
  AND a.document_id NOT IN (SELECT revises_id FROM documents WHERE revises_id IS NOT NULL)
ORDER BY d.id, a.content_start, a.content_end, a.id
"""
FORMATS = ("csv", "jsonl", "json", "md", "html", "latex", "w3c", "prov-json")
CSV_TARGET = 3.0
FORMAT_TARGET = 2.0
MEMORY_TARGET_MB = 200


def run(command: list[str], out: Path) -> tuple[float, float]:
    """Seconds and peak resident megabytes of one process writing to ``out``."""
    with out.open("wb") as sink:
        began = time.perf_counter()
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - began
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        assert process.stderr is not None
        raise SystemExit(f"{command[0]} failed: {process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--db", type=Path, help="an existing corpus (default: the cache)")
    parser.add_argument("--formats", default=",".join(FORMATS))
    args = parser.parse_args(argv)
    shell = shutil.which("sqlite3")
    if shell is None:
        raise SystemExit("the sqlite3 shell is not installed (apt install sqlite3)")
    path = args.db or cached_corpus(args.documents)
    formats = [f for f in args.formats.split(",") if f]
    prov = [sys.executable, "-m", "provenance", "--db", str(path)]
    missed = []
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        # warm the page cache for both sides
        run([shell, "-csv", str(path), SHELL_QUERY], work / "warm.csv")
        bare, bare_mb = run([shell, "-csv", str(path), SHELL_QUERY], work / "shell.csv")
        rows = sum(1 for _ in (work / "shell.csv").open(encoding="utf-8", newline=""))
        print(f"corpus: {path.name}, about {rows:,} rows")
        print(f"sqlite3 shell, csv: {bare:.1f} s, {bare_mb:.0f} MB")
        seconds: dict[str, float] = {}
        for name in formats:
            target = work / f"export.{name}"
            command = [*prov, "export", "--format", name, "--out", str(target), "--force"]
            took, peak = run(command, work / "stdout")
            seconds[name] = took
            if name == "csv":
                ratio, against, goal = took / bare, "the shell", CSV_TARGET
            elif "csv" in seconds:
                ratio, against, goal = took / seconds["csv"], "csv", FORMAT_TARGET
            else:
                ratio, against, goal = took / bare, "the shell", CSV_TARGET * FORMAT_TARGET
            verdict = "ok" if ratio <= goal and peak < MEMORY_TARGET_MB else "MISSED"
            if verdict != "ok":
                missed.append(name)
            print(
                f"prov export --format {name}: {took:.1f} s, {ratio:.1f}x {against} "
                f"(target {goal:g}x), peak {peak:.0f} MB (target {MEMORY_TARGET_MB}), "
                f"{verdict}"
            )
    if missed:
        print(f"targets missed: {', '.join(missed)}")
        raise SystemExit(1)


if __name__ == "__main__":
    main()
