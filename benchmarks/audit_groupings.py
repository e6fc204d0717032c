"""How fast, and in how much memory, ``prov audit --by X`` answers on a corpus, against
the ``sqlite3`` shell answering the same grouping.

Yardsticks, each run by the ``sqlite3`` command-line shell on the same file, writing
CSV to a file, one process like prov's:

* ``same answer``: SQL written here by hand that returns what prov prints: the groups
  (latest versions only, rejected attributions left out), a count per strength class
  and review status, the ratio, the labels that tell apart unnamed sources sharing a
  name (a window count), worst first. Its rows are compared with prov's before
  anything is timed. This is the target's yardstick (issue 19: within 2x for
  speakers, 1.5x for the other groupings).
* ``bare grouping`` (speakers only): the plain ``GROUP BY`` of attributions by
  speaker with a count per class, unordered and unlabelled, which the issue quotes
  (1.95 s at a million attributions). Printed for comparison, as a diagnostic.
* ``start-up``: a Python process that only imports SQLAlchemy and Click, the floor of
  any prov command; prov's time less it says what the audit itself costs where the
  shell answers in a tenth of a second (a diagnostic).

Then ``prov audit --by speaker`` in every output format, with each process's peak
memory (target: under 150 MB). Ratios of medians of alternating runs, so that both
sides meet the same page cache and load. Exit status 1 when a target is missed.

    python benchmarks/audit_groupings.py                      # 100,000 attributions
    python benchmarks/audit_groupings.py --documents 100000   # 1,000,000
    python benchmarks/audit_groupings.py --by speaker --runs 3

The corpus is built by ``benchmarks/corpus.py`` on first use and kept in
``benchmarks/.cache/``.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import cached_corpus, corpus_arguments

from provenance.audit.ratios import STRENGTH_CLASSES as STRENGTHS

COUNTS = (
    "count(*) AS total, "
    + ", ".join(f"sum(a.strength = '{s}') AS {s}" for s in STRENGTHS)
    + (
        ", sum(a.status = 'confirmed') AS confirmed, sum(a.status = 'proposed') AS proposed,"
        " sum(a.status = 'rejected') AS rejected,"
        " sum(a.status = 'proposed' AND a.strength <> 'unattributed') AS sourced_proposed"
    )
)
KEPT = (
    "a.status IN ('confirmed', 'proposed') AND a.document_id NOT IN"
    " (SELECT revises_id FROM documents WHERE revises_id IS NOT NULL)"
)
FIGURES = (
    "t.total AS total, "
    + ", ".join(f"t.{s}" for s in STRENGTHS)
    + ", t.total - t.unattributed AS sourced,"
    " t.anonymous_described + t.anonymous_vague AS unnamed,"
    " CASE WHEN t.total > t.unattributed THEN (t.anonymous_described + t.anonymous_vague)"
    " * 1.0 / (t.total - t.unattributed) END AS ratio,"
    " t.confirmed, t.proposed, t.rejected, t.sourced_proposed"
)
WORST_FIRST = "ratio IS NULL, ratio DESC, total DESC"
REPORTER = "'(the reporter''s own assertions)'"
SAME_ANSWER = {
    "speaker": f"""
WITH t AS (SELECT a.speaker_id AS id, {COUNTS} FROM attributions a WHERE {KEPT}
           GROUP BY a.speaker_id)
SELECT s.name, t.id, s.type, s.document_id, {FIGURES}, 'attributions',
       CASE WHEN t.id IS NULL THEN {REPORTER}
            WHEN count(*) OVER (PARTITION BY s.name) > 1 AND s.document_id IS NOT NULL
            THEN s.name || ' (doc ' || s.document_id || ')' ELSE s.name END
FROM t LEFT JOIN speakers s ON s.id = t.id
ORDER BY {WORST_FIRST}, lower(coalesce(s.name, {REPORTER})), coalesce(t.id, 0)""",
    "outlet": f"""
WITH t AS (SELECT d.outlet_id AS id, {COUNTS} FROM attributions a
           JOIN documents d ON d.id = a.document_id WHERE {KEPT} GROUP BY d.outlet_id)
SELECT o.name, {FIGURES}, 'attributions', coalesce(o.name, '(no outlet)')
FROM t LEFT JOIN outlets o ON o.id = t.id
ORDER BY {WORST_FIRST}, lower(coalesce(o.name, '(no outlet)'))""",
    "month": f"""
WITH t AS (SELECT strftime('%Y-%m', d.published) AS id, {COUNTS} FROM attributions a
           JOIN documents d ON d.id = a.document_id WHERE {KEPT} GROUP BY 1)
SELECT t.id, {FIGURES}, 'attributions', coalesce(t.id, '(undated)')
FROM t ORDER BY t.id IS NULL, t.id""",
    "document": f"""
WITH t AS (SELECT a.document_id AS id, {COUNTS} FROM attributions a WHERE {KEPT}
           GROUP BY a.document_id)
SELECT t.id, d.title, o.name, d.published, {FIGURES}, 'attributions',
       coalesce(nullif(d.title, ''), 'document ' || t.id)
FROM t JOIN documents d ON d.id = t.id LEFT JOIN outlets o ON o.id = d.outlet_id
ORDER BY {WORST_FIRST}, lower(coalesce(nullif(d.title, ''), 'document ' || t.id)), t.id""",
}
BARE_GROUPING = (
    "SELECT s.name, s.id, s.type, s.document_id, count(*), "
    + ", ".join(f"sum(a.strength = '{s}')" for s in STRENGTHS)
    + " FROM attributions a LEFT JOIN speakers s ON s.id = a.speaker_id"
    " WHERE a.status IN ('confirmed', 'proposed') GROUP BY a.speaker_id"
)
FORMATS = ("csv", "json", "jsonl", "md", "table")
SPEAKER_TARGET = 2.0
OTHER_TARGET = 1.5
MEMORY_TARGET_MB = 150
TIME = "/usr/bin/time"
STARTUP = [sys.executable, "-c", "import sqlalchemy.orm, click"]


def run(command: list[str], out: Path, stdin: str | None = None) -> tuple[float, float]:
    """Seconds and peak resident megabytes of one process writing to ``out``.

    The peak is measured by GNU time, whose own small process starts the command: a
    child forked from this one would count this process's memory as its own."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "COLUMNS": "120"}
    env.pop("PROV_DB", None)
    peak = out.with_suffix(".peak")
    with out.open("wb") as sink:
        began = time.perf_counter()
        process = subprocess.run(
            [TIME, "-f", "%M", "-o", str(peak), *command],
            input=(stdin or "").encode(),
            stdout=sink,
            stderr=subprocess.PIPE,
            env=env,
        )
        seconds = time.perf_counter() - began
    if process.returncode != 0:
        raise SystemExit(f"{command[0]} failed: {process.stderr.decode()[-500:]}")
    return seconds, int(peak.read_text().split()[-1]) / 1024


def shell(path: Path, sql: str) -> list[str]:
    return ["sqlite3", "-batch", "-csv", str(path)], sql + ";\n"  # type: ignore[return-value]


def prov(path: Path, by: str, fmt: str) -> list[str]:
    executable = str(Path(sys.executable).with_name("prov"))
    return [executable, "--db", str(path), "audit", "--by", by, "--format", fmt]


def check_agreement(by: str, prov_csv: Path, shell_csv: Path) -> int:
    """prov's csv and the hand-written answer hold the same groups with the same
    figures, in the same order of figures (ties may differ: the shell's lower() is
    not Python's casefold); the number of groups."""
    with prov_csv.open(encoding="utf-8") as fh:
        ours = list(csv.reader(fh))[1:]
    with shell_csv.open(encoding="utf-8") as fh:
        theirs = list(csv.reader(io.StringIO(fh.read())))
    width = len(ours[0]) if ours else 0
    ratio = width - 6  # before four review counts and "counted"
    total = ratio - 9  # before six classes, sourced and unnamed

    def figures(row: list[str]) -> tuple[str, ...]:
        shown = f"{float(row[ratio]):.4g}" if row[ratio] else ""
        return (*row[:ratio], shown, *row[ratio + 1 : width])

    ours_figures = [figures(row) for row in ours]
    theirs_figures = [figures(row[:width]) for row in theirs]
    if Counter(ours_figures) != Counter(theirs_figures):
        raise SystemExit(f"prov audit --by {by} and the hand-written SQL disagree")
    if [(r[ratio], r[total]) for r in ours_figures] != [
        (r[ratio], r[total]) for r in theirs_figures
    ]:
        raise SystemExit(f"prov audit --by {by} orders its groups unlike the hand-written SQL")
    return len(ours)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    corpus_arguments(parser, documents=10_000, runs=3)
    parser.add_argument("--by", default="speaker,outlet,month,document")
    parser.add_argument("--formats", default=",".join(FORMATS))
    args = parser.parse_args(argv)
    if shutil.which("sqlite3") is None or not Path(TIME).exists():
        raise SystemExit("the sqlite3 shell and GNU time are needed: apt-get install sqlite3 time")
    path = args.db or cached_corpus(args.documents)
    work = Path(tempfile.mkdtemp(prefix="prov-audit-bench-"))
    failed: list[str] = []
    try:
        print(f"corpus  {path.name} ({path.stat().st_size / 1e9:.2f} GB)")
        print(f"        medians of {args.runs} alternating runs; csv to a file")
        for by in args.by.split(","):
            command, sql = shell(path, SAME_ANSWER[by])
            run(command, work / "shell.csv", sql)
            run(prov(path, by, "csv"), work / "prov.csv")
            groups = check_agreement(by, work / "prov.csv", work / "shell.csv")
            sides = {
                "prov": lambda by=by: run(prov(path, by, "csv"), work / "prov.csv"),
                "same answer": lambda c=command, q=sql: run(c, work / "shell.csv", q),
            }
            if by == "speaker":
                bare, bare_sql = shell(path, BARE_GROUPING)
                sides["bare grouping"] = lambda c=bare, q=bare_sql: run(c, work / "b.csv", q)
            # the floor of any prov process: Python with SQLAlchemy and Click loaded
            sides["start-up"] = lambda: run(STARTUP, work / "start.txt")
            times: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
            for _ in range(args.runs):
                for name, side in sides.items():
                    times[name].append(side())
            median = {n: statistics.median(s for s, _ in t) for n, t in times.items()}
            peak = {n: max(m for _, m in t) for n, t in times.items()}
            target = SPEAKER_TARGET if by == "speaker" else OTHER_TARGET
            ratio = median["prov"] / median["same answer"]
            print(f"--by {by}: {groups:,} groups")
            for name in sides:
                print(f"  {name:<14}{median[name]:7.2f} s  {peak[name]:6.0f} MB")
            verdict = "ok" if ratio <= target else "MISSED"
            print(f"  ratio to the same answer: {ratio:.2f} (target <= {target}) {verdict}")
            beyond = (median["prov"] - median["start-up"]) / median["same answer"]
            print(f"  prov less its start-up, to the same answer: {beyond:.2f} (diagnostic)")
            if "bare grouping" in median:
                print(
                    f"  ratio to the bare grouping: {median['prov'] / median['bare grouping']:.2f}"
                )
            if ratio > target:
                failed.append(f"--by {by} {ratio:.2f}x")
        if "speaker" in args.by.split(","):
            print("--by speaker, every format (one run each after the above):")
            for fmt in args.formats.split(","):
                seconds, megabytes = run(prov(path, "speaker", fmt), work / f"out.{fmt}")
                verdict = "ok" if megabytes < MEMORY_TARGET_MB else "MISSED"
                print(f"  {fmt:<6}{seconds:7.2f} s  {megabytes:6.0f} MB  {verdict}")
                if megabytes >= MEMORY_TARGET_MB:
                    failed.append(f"{fmt} {megabytes:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failed:
        sys.exit("targets missed: " + ", ".join(failed))


if __name__ == "__main__":
    main()
