"""``prov import`` of bundles at corpus scale: many batches against one go, importing
again, a bad last line, standard input, a killed import finished by running it again,
original hashes carried through export and import, and one text given twice.

The bundles are written here line by line as README's "The bundle" describes them (or
exported by prov from a database filled here); what the database holds is read back
with plain SQL and compared with the bundle itself or with another database.
"""

from __future__ import annotations

import hashlib
import json
import signal
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import Prov
from tests.test_corpus_ingest import (
    attribution_rows,
    count,
    one_line_error,
    prov_command,
    run_prov,
    saved_page,
    sha256_hex,
    sql_rows,
    sql_url,
)

TABLES = ("documents", "outlets", "speakers", "speaker_aliases", "claims", "attributions")

# ------------------------------------------------------------------- bundles

PEOPLE: list[dict[str, Any]] = [
    {
        "name": "Ines Caldwell",
        "type": "person",
        "description": "governor of the central bank",
        "aliases": ["Caldwell", "Governor Caldwell"],
    },
    {
        "name": "Hakan Fidan",
        "type": "person",
        "description": "Turkey's foreign minister",
        "aliases": ["Fidan"],
    },
    {"name": "Ruth Adeyemi", "type": "person", "description": "mayor of Riverton", "aliases": []},
    {
        "name": "Metro Transit Authority",
        "type": "organization",
        "description": None,
        "aliases": ["MTA"],
    },
    {
        "name": "Riverton Mayor's Office",
        "type": "organization",
        "description": None,
        "aliases": [],
        "holder": {
            "name": "Ruth Adeyemi",
            "type": "person",
            "description": "mayor of Riverton",
            "aliases": [],
        },
    },
]
CLAIMS = (
    "the tram line would open in May",
    "the budget was balanced",
    "fares would rise by 4 per cent",
    "the bridge was safe for another decade",
    "talks would resume next week",
    "the harbour would be dredged",
    "the hospital merger was on hold",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
STATUS_VIA = (
    ("confirmed", "hand", "desk", None),
    ("proposed", "extractor", None, 0.87),
    ("confirmed", "import", None, None),
    ("rejected", "extractor", "copy chief", 0.41),
)


def _span(body: str, exact: str, after: int = 0) -> dict[str, Any]:
    start = body.index(exact, after)
    return {"start": start, "end": start + len(exact), "exact": exact}


def report_line(number: int, *, revises: str | None = None, extra: str = "") -> dict[str, Any]:
    """One bundle line: a short report of several sourced sentences, an anonymous source
    and an assertion of the reporter's own."""
    sentences = [f"Riverton report {number}:{extra}"]
    plan = []
    for k in range(3):
        speaker = PEOPLE[(number + k) % len(PEOPLE)]
        claim = CLAIMS[(number * 2 + k) % len(CLAIMS)]
        sentences.append(f"{speaker['name']} said on {DAYS[k]} that {claim}.")
        plan.append((speaker, claim))
    anonymous = CLAIMS[(number + 5) % len(CLAIMS)]
    sentences.append(f"A senior council official said {anonymous}.")
    own = f"The city has {40 + number} thousand commuters."
    sentences.append(own)
    body = " ".join(sentences) + "\n"
    attributions: list[dict[str, Any]] = []
    at = 0
    for k, (speaker, claim) in enumerate(plan):
        status, via, by, confidence = STATUS_VIA[(number + k) % len(STATUS_VIA)]
        source = _span(body, speaker["name"], at)
        attributions.append(
            {
                "speaker": speaker,
                "strength": "official_statement"
                if speaker["type"] == "organization"
                else "on_record",
                "mode": "indirect",
                "content": _span(body, claim, source["end"]),
                "source": source,
                "cue": _span(body, "said", source["end"]),
                "status": status,
                "recorded_via": via,
                "recorded_by": by,
                "confidence": confidence,
            }
        )
        at = attributions[-1]["content"]["end"]
    official = _span(body, "A senior council official")
    attributions.append(
        {
            "speaker": {"name": "a senior council official", "type": "unnamed"},
            "strength": "anonymous_described",
            "mode": "indirect",
            "content": _span(body, anonymous, official["end"]),
            "source": official,
            "cue": _span(body, "said", official["end"]),
            "status": "confirmed",
            "recorded_via": "hand",
            "recorded_by": "desk",
            "confidence": None,
        }
    )
    attributions.append(
        {
            "speaker": None,
            "strength": "unattributed",
            "mode": "indirect",
            "content": _span(body, own.rstrip(".")),
            "status": "confirmed",
            "recorded_via": "hand",
            "recorded_by": None,
            "confidence": None,
        }
    )
    document: dict[str, Any] = {
        "title": f"Riverton council, report {number}",
        "outlet": ("Riverton Courier", "Metro Ledger")[number % 2],
        "url": f"https://courier.example/riverton/{number}",
        "published": f"2025-03-{1 + number % 28:02d}",
        "authors": [("R. Kim", "A. Osei")[number % 2]],
        "text": body,
        "sha256": sha256_hex(body),
        "revises": revises,
    }
    if number % 3 == 0:
        page = f"<html><body><p>{body}</p></body></html>".encode()
        document["original_sha256"] = sha256_hex(page)
    return {"document": document, "attributions": attributions}


def newsroom_bundle(reports: int) -> list[str]:
    """Reports and some of their corrected versions; a correction is sometimes listed
    before the version it revises."""
    lines: list[str] = []
    for number in range(reports):
        original = report_line(number)
        if number % 4 == 3:
            correction = report_line(
                number,
                revises=original["document"]["sha256"],
                extra=" (corrected)",
            )
            pair = [original, correction] if number % 8 == 3 else [correction, original]
            lines += [json.dumps(record, ensure_ascii=False) for record in pair]
        else:
            lines.append(json.dumps(original, ensure_ascii=False))
    return lines


def write_bundle(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def expected_attributions(lines: list[str]) -> set[tuple[Any, ...]]:
    """What the bundle says, as the database should hold it, read from the bundle."""
    found = set()
    for line in lines:
        record = json.loads(line)
        digest = hashlib.sha256(record["document"]["text"].encode("utf-8")).hexdigest()
        for a in record["attributions"]:
            speaker = a["speaker"]["name"] if a["speaker"] else None
            content = a["content"]
            where = (content["start"], content["end"], content["exact"])
            how = (a["strength"], a["mode"], a["status"], a["recorded_via"])
            found.add((digest, speaker, *where, *how))
    return found


# ---------------------------------------------------------------- plain SQL


def snapshot(target: str) -> dict[str, Any]:
    """Everything a restore must bring back, by natural keys (never ids)."""
    docs = sorted(
        (
            sha,
            original,
            title,
            url,
            str(published) if published is not None else None,
            tuple(json.loads(authors) if isinstance(authors, str) else authors),
            outlet,
            revises,
            body,
        )
        for sha, original, title, url, published, authors, outlet, revises, body in sql_rows(
            target,
            "SELECT d.sha256, d.original_sha256, d.title, d.url, d.published, d.authors, "
            "o.name, r.sha256, d.text FROM documents d "
            "LEFT JOIN outlets o ON o.id = d.outlet_id "
            "LEFT JOIN documents r ON r.id = d.revises_id",
        )
    )
    aliases: dict[int, list[str]] = {}
    for speaker_id, alias in sql_rows(target, "SELECT speaker_id, alias FROM speaker_aliases"):
        aliases.setdefault(speaker_id, []).append(alias)
    speakers = sorted(
        (
            (name, kind, description, scope, holder, merged, tuple(sorted(aliases.get(i, []))))
            for i, name, kind, description, scope, holder, merged in sql_rows(
                target,
                "SELECT s.id, s.name, s.type, s.description, d.sha256, h.name, m.name "
                "FROM speakers s LEFT JOIN documents d ON d.id = s.document_id "
                "LEFT JOIN speakers h ON h.id = s.holder_id "
                "LEFT JOIN speakers m ON m.id = s.merged_into_id",
            )
        ),
        key=repr,
    )
    attributions = sorted(
        sql_rows(
            target,
            "SELECT d.sha256, s.name, s.type, a.content_start, a.content_end, "
            "a.content_exact, a.content_prefix, a.content_suffix, a.source_start, "
            "a.source_end, a.source_exact, a.cue_start, a.cue_end, a.cue_exact, "
            "a.strength, a.mode, a.status, a.recorded_via, a.recorded_by, a.confidence, "
            "c.text FROM attributions a JOIN documents d ON d.id = a.document_id "
            "LEFT JOIN speakers s ON s.id = a.speaker_id "
            "LEFT JOIN claims c ON c.id = a.claim_id",
        ),
        key=repr,
    )
    claims = sorted(sql_rows(target, "SELECT text, key_hash FROM claims"))
    return {"documents": docs, "speakers": speakers, "attributions": attributions, "claims": claims}


def stored_attributions(target: str) -> set[tuple[Any, ...]]:
    """The database's attributions in :func:`expected_attributions`' terms."""
    # attribution_rows: sha256, name, type, content start/end/exact, source and cue
    # start/end, strength, mode, status, recorded_via
    return {(r[0], r[1], *r[3:6], *r[10:14]) for r in attribution_rows(target)}


def counts(target: str) -> dict[str, int]:
    return {table: count(target, table) for table in (*TABLES, "changes")}


def load_in_batches(target: str, lines: list[str], batch_rows: int, actor: str) -> Any:
    """The library's import (what ``prov import`` runs), with a small batch size."""
    from provenance.interchange.bundle_load import check_bundle, load_bundle
    from provenance.store.database import Database

    numbered = list(enumerate(lines, 1))
    database = Database(target)
    try:
        check_bundle(numbered, "restore.jsonl")
        return load_bundle(
            database, numbered, filename="restore.jsonl", actor=actor, batch_rows=batch_rows
        )
    finally:
        database.close()


# -------------------------------------------------------------------- tests


def test_a_bundle_in_many_small_batches_restores_what_one_go_stored(
    db_target: str, fresh_target: str, tmp_path: Path
) -> None:
    reports = 24
    lines = newsroom_bundle(reports)
    bundle = write_bundle(tmp_path / "newsroom.jsonl", lines)
    source = Prov(db_target)
    source.ok("import", str(bundle), "--by", "restore")
    texts = {json.loads(line)["document"]["sha256"] for line in lines}
    # the source holds the bundle: checked against the bundle itself
    assert {d[0] for d in snapshot(db_target)["documents"]} == texts
    assert stored_attributions(db_target) == expected_attributions(lines)
    exported = source.ok("export", "--format", "bundle").stdout.splitlines()
    assert len(exported) == len(texts)

    report = load_in_batches(fresh_target, exported, batch_rows=7, actor="restore")
    assert (report.documents_added, report.attributions_added) == (len(texts), len(lines) * 5)
    # each batch wrote its rows at one time of its own: many batches, not one
    [(batches,)] = sql_rows(
        fresh_target, "SELECT COUNT(DISTINCT at) FROM changes WHERE action = 'document.ingest'"
    )
    assert batches >= len(texts) // 2
    restored, original = snapshot(fresh_target), snapshot(db_target)
    for part in ("documents", "speakers", "attributions", "claims"):
        assert restored[part] == original[part], part
    # the claims said, and each report's own assertion (a correction repeats it)
    assert count(fresh_target, "claims") == len(CLAIMS) + reports
    holders = {s[0]: s[4] for s in restored["speakers"]}
    assert holders["Riverton Mayor's Office"] == "Ruth Adeyemi"
    assert Prov(fresh_target).ok("export", "--format", "bundle").stdout.splitlines() == exported


def test_importing_again_adds_nothing(prov: Prov, tmp_path: Path) -> None:
    bundle = write_bundle(tmp_path / "newsroom.jsonl", newsroom_bundle(12))
    first = prov.ok("import", str(bundle))
    assert first.stdout.startswith("imported 15 document(s) and 75 attribution(s);")
    before, rows = counts(prov.target), snapshot(prov.target)
    again = prov.ok("import", str(bundle))
    assert again.stdout.strip() == (
        "imported 0 document(s) and 0 attribution(s); 15 document(s) and 75 "
        "attribution(s) were already present"
    )
    assert counts(prov.target) == before
    assert snapshot(prov.target) == rows


def test_a_malformed_last_line_imports_nothing(prov: Prov, tmp_path: Path) -> None:
    prov.ok("import", str(write_bundle(tmp_path / "earlier.jsonl", newsroom_bundle(2))))
    before, rows = counts(prov.target), snapshot(prov.target)
    lines = [json.dumps(report_line(n)) for n in range(100, 131)]
    lines[-1] = lines[-1][:-40]  # cut off in transit
    bundle = write_bundle(tmp_path / "truncated.jsonl", lines)
    result = prov("import", str(bundle))
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # a message, not a crash
    said = one_line_error(result.output)
    assert f"{bundle}:31: not JSON" in said
    assert counts(prov.target) == before
    assert snapshot(prov.target) == rows


def test_standard_input_imports_as_a_file_does(
    db_target: str, fresh_target: str, tmp_path: Path
) -> None:
    lines = newsroom_bundle(10)
    bundle = write_bundle(tmp_path / "newsroom.jsonl", lines)
    with bundle.open("rb") as stdin:
        piped = subprocess.run(
            prov_command(db_target, "import", "-", "--by", "desk"),
            stdin=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.startswith("imported 12 document(s) and 60 attribution(s);")
    Prov(fresh_target).ok("import", str(bundle), "--by", "desk")
    assert snapshot(db_target) == snapshot(fresh_target)
    assert stored_attributions(db_target) == expected_attributions(lines)


def test_original_sha256_goes_through_export_and_import(
    db_target: str, fresh_target: str, tmp_path: Path
) -> None:
    article = tmp_path / "bridge.txt"
    article.write_bytes(b"The old bridge will close for repairs in July, the council said.\r\n")
    folder = tmp_path / "pages"
    folder.mkdir()
    page = folder / "port-strike.html"
    page.write_text(saved_page(), encoding="utf-8")
    source = Prov(db_target)
    source.ok("ingest", str(article))
    source.ok("ingest", str(folder), "--jobs", "1", "--failures", str(tmp_path / "f"))
    exported = tmp_path / "backup.jsonl"
    source.ok("export", "--format", "bundle", "--out", str(exported))

    originals = {sha256_hex(article.read_bytes()), sha256_hex(page.read_bytes())}
    lines = exported.read_text(encoding="utf-8").splitlines()
    assert {json.loads(line)["document"]["original_sha256"] for line in lines} == originals
    Prov(fresh_target).ok("import", str(exported))
    kept = sql_rows(fresh_target, "SELECT sha256, original_sha256 FROM documents")
    assert set(kept) == set(sql_rows(db_target, "SELECT sha256, original_sha256 FROM documents"))
    assert {original for _, original in kept} == originals


def _twice(number: int) -> list[str]:
    """The same text on two lines: the second line with another title and one more
    attribution than the first."""
    full = report_line(number)
    first = json.loads(json.dumps(full))
    first["attributions"] = full["attributions"][:2]
    second = json.loads(json.dumps(full))
    second["document"]["title"] += " (updated)"
    second["attributions"] = full["attributions"][1:3]
    return [json.dumps(first), json.dumps(second)]


def test_the_same_text_twice_in_a_bundle_is_one_document(prov: Prov, tmp_path: Path) -> None:
    in_one_batch = _twice(7)
    result = prov.ok("import", str(write_bundle(tmp_path / "twice.jsonl", in_one_batch)))
    assert result.stdout.startswith("imported 1 document(s) and 3 attribution(s); 1 document(s)")
    assert "whose title is 'Riverton council, report 7', not" in result.stderr
    across_batches = _twice(8)
    report = load_in_batches(prov.target, across_batches, batch_rows=1, actor="desk")
    assert (report.documents_added, report.documents_present) == (1, 1)

    [(n, distinct)] = sql_rows(
        prov.target, "SELECT COUNT(*), COUNT(DISTINCT sha256) FROM documents"
    )
    assert n == distinct == 2
    titles = {title for (title,) in sql_rows(prov.target, "SELECT title FROM documents")}
    assert titles == {"Riverton council, report 7", "Riverton council, report 8"}
    # the attributions of both lines, each once
    assert stored_attributions(prov.target) == expected_attributions(in_one_batch + across_batches)
    assert count(prov.target, "attributions") == 6


# ------------------------------------------------------- killed and resumed

BIG_REPORTS = 2_500
_NAMES = [f"{first} {last}" for first in ("Ana", "Ben", "Chloe", "Dev", "Eva", "Femi",
          "Gus", "Hana") for last in ("Abara", "Brandt", "Costa", "Dumas", "Eze",
          "Fonseca", "Gill", "Holm")]  # fmt: skip


def big_line(number: int) -> str:
    """A council brief: four people quoted, from 64 who recur through the bundle."""
    parts = [f"Council brief {number}."]
    quoted = []
    for k in range(4):
        name = _NAMES[(number * 5 + k * 17) % len(_NAMES)]
        claim = f"item {number}.{k} of the agenda should pass"
        parts.append(f"{name} said {claim}.")
        quoted.append((name, claim))
    body = " ".join(parts) + "\n"
    attributions = []
    for name, claim in quoted:
        source = _span(body, name + " said " + claim)
        source = {"start": source["start"], "end": source["start"] + len(name), "exact": name}
        attributions.append(
            {
                "speaker": {"name": name, "type": "person", "aliases": [name.split()[1]]},
                "strength": "on_record",
                "mode": "indirect",
                "content": _span(body, claim),
                "source": source,
                "cue": _span(body, "said", source["end"]),
                "status": "confirmed",
                "recorded_via": "import",
            }
        )
    document = {"title": f"Council brief {number}", "outlet": "Metro Ledger", "text": body}
    return json.dumps({"document": document, "attributions": attributions})


@dataclass(frozen=True)
class BigBundle:
    path: Path
    lines: list[str]
    clean: dict[str, Any]  # snapshot of a clean import


@pytest.fixture(scope="module")
def big_bundle(tmp_path_factory: pytest.TempPathFactory) -> BigBundle:
    """2,500 documents, 12,500 rows (batches of 5,000, 5,000 and 2,500), and what an uninterrupted
    ``prov import`` of them stores (on a SQLite file of its own)."""
    root = tmp_path_factory.mktemp("big-bundle")
    lines = [big_line(n) for n in range(BIG_REPORTS)]
    path = write_bundle(root / "council-briefs.jsonl", lines)
    clean = str(root / "clean.db")
    done = run_prov(clean, "import", str(path), "--by", "archive", cwd=root)
    assert done.returncode == 0, done.stderr
    assert stored_attributions(clean) == expected_attributions(lines)
    return BigBundle(path, lines, snapshot(clean))


def _complete(target: str, bundle: BigBundle) -> int:
    """How many documents are stored, each checked to have all its attributions."""
    per_document = Counter(a[0] for a in stored_attributions(target))
    [(n,)] = sql_rows(target, "SELECT COUNT(*) FROM documents")
    assert len(per_document) == n  # no document without its attributions
    assert set(per_document.values()) <= {4}
    expected = expected_attributions(bundle.lines)
    assert stored_attributions(target) <= expected
    return int(n)


def test_a_killed_import_is_finished_by_running_it_again(
    db_target: str, big_bundle: BigBundle, tmp_path: Path
) -> None:
    process = subprocess.Popen(
        prov_command(db_target, "import", str(big_bundle.path), "--by", "archive"),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    engine = create_engine(sql_url(db_target))
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            with engine.connect() as conn:
                if conn.execute(text("SELECT COUNT(*) FROM documents")).scalar_one():
                    break
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
    finally:
        engine.dispose()
    assert process.returncode == -signal.SIGKILL  # killed while still at work
    stored = _complete(db_target, big_bundle)
    assert 0 < stored < BIG_REPORTS

    again = run_prov(db_target, "import", str(big_bundle.path), "--by", "archive", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == (
        f"imported {BIG_REPORTS - stored} document(s) and {(BIG_REPORTS - stored) * 4} "
        f"attribution(s); {stored} document(s) and {stored * 4} attribution(s) were "
        "already present"
    )
    assert _complete(db_target, big_bundle) == BIG_REPORTS
    assert stored_attributions(db_target) == expected_attributions(big_bundle.lines)
    assert snapshot(db_target) == big_bundle.clean
    [(named, distinct)] = sql_rows(
        db_target, "SELECT COUNT(*), COUNT(DISTINCT key) FROM speakers WHERE document_id IS NULL"
    )
    assert named == distinct == len(_NAMES)


def test_the_history_names_who_imported_never_a_field_of_the_file(
    prov: Prov, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bundle's ``recorded_by`` is data about the row (who recorded it where it came
    from): the history's actor is who ran the import, so a file cannot write as the
    editor-in-chief."""
    lines = newsroom_bundle(4)
    forged = [json.loads(line) for line in lines]
    for record in forged:
        for attribution in record["attributions"]:
            attribution["recorded_by"] = "editor-in-chief"
    bundle = write_bundle(tmp_path / "forged.jsonl", [json.dumps(r) for r in forged])
    monkeypatch.setenv("PROV_USER", "night desk")
    prov.ok("import", str(bundle))
    engine = create_engine(prov.target.replace("postgresql://", "postgresql+psycopg://", 1)
                           if "://" in prov.target else f"sqlite:///{prov.target}")  # fmt: skip
    try:
        with engine.connect() as conn:
            actors = set(conn.execute(text("SELECT DISTINCT actor FROM changes")).scalars())
            kept = set(
                conn.execute(text("SELECT DISTINCT recorded_by FROM attributions")).scalars()
            )
            noted = conn.execute(
                text("SELECT data FROM changes WHERE action = 'attribution.add'")
            ).scalars()
            recorders = {
                (json.loads(d) if isinstance(d, str) else d).get("recorded_by") for d in noted
            }
    finally:
        engine.dispose()
    assert actors == {"night desk"}
    assert kept == {"editor-in-chief"}
    assert recorders == {"editor-in-chief"}
