"""``prov ingest`` of a corpus: every input format, duplicates, the extractor at corpus
scale, runs stopped part-way (killed, interrupted) and finished by running again, and
output that stays readable in a pipe and on a terminal.

Every input is written here, small and realistic; every expectation is reached apart
from prov: hashes with :mod:`hashlib`, rows read with plain SQL, counts from the inputs.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import pty
import re
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from tests.conftest import Prov

# ------------------------------------------------------------------ plain SQL


def sql_url(target: str) -> str:
    """The SQLAlchemy URL of a ``--db`` value, worked out here (not by prov)."""
    if "://" in target:
        return target.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"sqlite:///{target}"


def sql_rows(target: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    engine = create_engine(sql_url(target))
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def count(target: str, table: str) -> int:
    [(n,)] = sql_rows(target, f"SELECT COUNT(*) FROM {table}")
    return int(n)


def documents(target: str) -> list[dict[str, Any]]:
    """Every stored document, its outlet by name, in the order stored."""
    found = []
    for row in sql_rows(
        target,
        "SELECT d.sha256, d.original_sha256, d.title, d.url, d.published, d.authors, "
        "o.name, d.text FROM documents d LEFT JOIN outlets o ON o.id = d.outlet_id "
        "ORDER BY d.id",
    ):
        sha, original, title, url, published, authors, outlet, body = row
        found.append(
            {
                "sha256": sha,
                "original_sha256": original,
                "title": title,
                "url": url,
                "published": str(published) if published is not None else None,
                "authors": json.loads(authors) if isinstance(authors, str) else authors,
                "outlet": outlet,
                "text": body,
            }
        )
    return found


def attribution_rows(target: str) -> list[tuple[Any, ...]]:
    """Every attribution by its document's SHA-256 and its speaker's name, sorted."""
    return sorted(
        sql_rows(
            target,
            "SELECT d.sha256, s.name, s.type, a.content_start, a.content_end, "
            "a.content_exact, a.source_start, a.source_end, a.cue_start, a.cue_end, "
            "a.strength, a.mode, a.status, a.recorded_via "
            "FROM attributions a JOIN documents d ON d.id = a.document_id "
            "LEFT JOIN speakers s ON s.id = a.speaker_id",
        ),
        key=repr,
    )


def per_document(target: str) -> dict[str, int]:
    """How many attributions each stored document has, by its SHA-256."""
    return {
        sha: int(n)
        for sha, n in sql_rows(
            target,
            "SELECT d.sha256, COUNT(a.id) FROM documents d "
            "LEFT JOIN attributions a ON a.document_id = d.id GROUP BY d.sha256",
        )
    }


def sha256_hex(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


# ------------------------------------------------------------- running prov

SUMMARY = re.compile(
    r"^stored (?P<stored>\d+) document\(s\)(?: with (?P<proposals>\d+) proposal\(s\))?; "
    r"skipped (?P<duplicates>\d+) duplicate\(s\) \(the same text stored already\); "
    r"(?P<failed>\d+) failed(?P<rest>.*)$"
)


def summary(stdout: str) -> dict[str, Any]:
    """The numbers of ``prov ingest``'s one summary line (standard output holds only it)."""
    lines = stdout.splitlines()
    assert len(lines) == 1, stdout
    match = SUMMARY.match(lines[0])
    assert match is not None, lines[0]
    found: dict[str, Any] = {k: int(v or 0) for k, v in match.groupdict().items() if k != "rest"}
    found["rest"] = match["rest"]
    return found


def prov_command(target: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "provenance", "--db", target, *args]


def run_prov(target: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        prov_command(target, *args),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def run_ingest(
    target: str, folder: Path, *, jobs: int, extract: bool, failures: Path, cwd: Path
) -> subprocess.CompletedProcess[str]:
    """``prov ingest FOLDER`` as a process, that must succeed."""
    options = ["--extract"] if extract else []
    args = ["ingest", str(folder), *options, "--jobs", str(jobs), "--failures", str(failures)]
    done = run_prov(target, *args, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return done


def one_line_error(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert "Traceback" not in output
    return lines[0]


# ------------------------------------------------------------ sample inputs

PAGE_ARTICLE = (
    "Dock workers at the city's container port returned to work on Tuesday after union "
    "leaders accepted a revised pay offer from the port authority.",
    "The port authority said in a statement that the deal would cost about 12 million "
    "euros over three years.",
    "A senior official at the transport ministry, who asked not to be named, said the "
    "government had pressed both sides to settle before the holiday season.",
)
PAGE_CHROME = (
    "Subscribe today",
    "Patio Palace",
    "Celebrity chef opens floating restaurant",
    "Reader1234",
    "All rights reserved",
)


def saved_page(paragraphs: tuple[str, ...] = PAGE_ARTICLE, headline: str = "") -> str:
    """A news page as a browser saves it: navigation, an advert, a sidebar, reader
    comments and a footer around the article."""
    headline = headline or "Port strike ends after deal on pay"
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8">
<title>{headline} | The Harbour Gazette</title>
<meta property="og:site_name" content="The Harbour Gazette">
<meta name="author" content="Maria Lopez">
<meta property="article:published_time" content="2024-11-05T08:30:00Z">
</head>
<body>
<header><nav><ul>
<li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe today</a></li>
</ul></nav></header>
<div class="ad-banner">Advertisement: discount garden furniture at Patio Palace</div>
<main><article>
<h1>{headline}</h1>
{body}
</article></main>
<aside class="sidebar"><h3>Most read</h3>
<ul><li>Celebrity chef opens floating restaurant</li></ul></aside>
<section id="comments"><h3>Comments</h3>
<div class="comment"><p>Reader1234 wrote: typical bosses, lol.</p></div></section>
<footer><p>Copyright 2024 Harbour Gazette Media Group. All rights reserved.</p></footer>
</body></html>
"""


def _article(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs) + "\n"


ARTICLES = {
    "water.txt": _article(
        (
            "Water bills in the region will rise by 9 per cent from April, the regulator said"
            " on Thursday."
        ),
        (
            '"Customers are paying for decades of under-investment in pipes and treatment '
            'works," said Ofelia Marsh, the chief executive of the regulator. She added that '
            "the increase would be reviewed next year."
        ),
        (
            "Two people familiar with the negotiations said the government had pushed for a "
            "smaller rise."
        ),
        (
            "The Consumer Council for Water warned that one in five households already "
            'struggled to pay. "This is a hard winter for many families," said Daniel Greer, '
            "its director."
        ),
    ),
    "rates.txt": _article(
        (
            "The central bank held interest rates at 4.5 per cent on Wednesday, defying calls"
            " for a cut."
        ),
        (
            'Governor Ines Caldwell told reporters that inflation was "still too high for '
            'comfort" and that the bank would "act if needed". She said wages were rising '
            "faster than productivity."
        ),
        (
            "A senior official at the finance ministry, speaking on condition of anonymity, "
            'said the decision was disappointing. "We hoped for relief before the summer," '
            "the official said."
        ),
        ('"Markets had priced in a pause," said Markus Hale, an economist at Northgate Bank.'),
    ),
    "timetable.txt": _article(
        ("Ofelia Marsh said on Monday that the regulator would publish its final decision in May."),
        '"We will not be rushed," Marsh said.',
        (
            "An adviser to the water minister said the timetable had slipped because of the "
            "election."
        ),
    ),
    "governor.txt": _article(
        "Ms Caldwell, the central bank governor, said rates could fall later this year.",
        (
            '"The direction of travel is clear," she said. The Treasury said it agreed with '
            "the governor's assessment."
        ),
        "Officials said the bank's board had been split five to four.",
    ),
}

_FIRST = ("Hannah", "Daniel", "Ines", "Markus", "Tomas", "Leila", "Graham", "Yusuf", "Marta")
_LAST = ("Okafor", "Greer", "Caldwell", "Hale", "Novak", "Haddad", "Pryce", "Demir", "Sato")
_ROLES = (
    "the finance minister",
    "a senior economist at Northgate Bank",
    "the mayor",
    "the head of the teachers' union",
    "a spokesperson for the port authority",
)
_TOPICS = ("the budget", "the new rail line", "the hospital merger", "the housing plan")
_CUES = ("said", "told reporters", "added", "warned", "insisted")
_UNNAMED = (
    "A senior official, who asked not to be named,",
    "Two people familiar with the talks",
    "A government adviser",
)


def council_article(number: int) -> str:
    """One generated news article, many quotes long, different for every ``number``."""
    topic = _TOPICS[number % len(_TOPICS)]
    paragraphs = [
        f"Ministers met on Tuesday to discuss {topic} for district {number}, officials said."
    ]
    for k in range(14):
        seed = number * 31 + k * 7
        name = f"{_FIRST[seed % len(_FIRST)]} {_LAST[(seed // 3) % len(_LAST)]}"
        role = _ROLES[seed % len(_ROLES)]
        cue = _CUES[(seed // 5) % len(_CUES)]
        figure = 2 + seed % 89
        paragraphs += [
            f'"We cannot accept {topic} in its current form, and clause {figure} must '
            f'change," {cue} {name}, {role}.',
            f"{_UNNAMED[seed % len(_UNNAMED)]} said the cost of {topic} had risen by "
            f"{figure} per cent since the spring.",
            f'"It is a question of trust," {name.split()[-1]} said.',
        ]
    return "\n\n".join(paragraphs) + "\n"


@dataclass(frozen=True)
class Corpus:
    folder: Path
    digests: frozenset[str]  # hashlib's, of each file
    counts: dict[str, int]  # attributions per document, from a clean run
    attributions: list[tuple[Any, ...]]  # the clean run's, by plain SQL


CORPUS_SIZE = 200  # about 8,800 rows: the writer commits a batch of 5,000, then the rest


@pytest.fixture(scope="module")
def council_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """A folder of generated articles and what one clean, uninterrupted
    ``prov ingest FOLDER --extract`` stores from it (on a SQLite file of its own)."""
    root = tmp_path_factory.mktemp("council")
    folder = root / "articles"
    folder.mkdir()
    digests = set()
    for number in range(CORPUS_SIZE):
        body = council_article(number)
        (folder / f"district-{number:04d}.txt").write_text(body, encoding="utf-8")
        digests.add(sha256_hex(body))
    clean = str(root / "clean.db")
    run_ingest(clean, folder, jobs=1, extract=True, failures=root / "failures.jsonl", cwd=root)
    counts = per_document(clean)
    assert set(counts) == digests
    assert sum(counts.values()) + len(counts) > 5_000 * 1.5  # two batches, the second big
    return Corpus(folder, frozenset(digests), counts, attribution_rows(clean))


# ------------------------------------------------------------ input formats


def test_a_text_file_keeps_the_sha256_of_its_bytes_and_of_its_text(
    prov: Prov, tmp_path: Path
) -> None:
    """One file, and a file in a folder: BOM, CRLF and a decomposed accent are
    normalised in the text, while original_sha256 is of the bytes as they were."""
    alone = tmp_path / "rescue.txt"
    alone_raw = (
        "\ufeffThe skipper, Jose\u0301 Ferreira, said on Monday that the crew had been "
        "rescued.\r\nCoastguards worked through the night.\r\n"
    )
    alone.write_bytes(alone_raw.encode("utf-8"))
    folder = tmp_path / "desk"
    folder.mkdir()
    in_folder = folder / "ferry.txt"
    in_folder_raw = "The ferry service to the islands resumed on Friday, its operator said.\r\n"
    in_folder.write_bytes(in_folder_raw.encode("utf-8"))

    assert prov.ok("ingest", str(alone)).stdout.strip() == "1"
    result = prov.ok("ingest", str(folder), "--jobs", "1", "--failures", str(tmp_path / "f"))
    assert summary(result.stdout)["stored"] == 1

    expected = {}
    for path, raw in ((alone, alone_raw), (in_folder, in_folder_raw)):
        stored_text = unicodedata.normalize("NFC", raw.removeprefix("\ufeff").replace("\r\n", "\n"))
        expected[sha256_hex(path.read_bytes())] = (stored_text, sha256_hex(stored_text))
    found = {d["original_sha256"]: (d["text"], d["sha256"]) for d in documents(prov.target)}
    assert found == expected
    assert "José Ferreira" in found[sha256_hex(alone.read_bytes())][0]


def test_a_saved_page_gives_its_article_without_the_page_around_it(
    prov: Prov, tmp_path: Path
) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    page = folder / "port-strike.html"
    page.write_text(saved_page(), encoding="utf-8")
    result = prov.ok("ingest", str(folder), "--jobs", "1", "--failures", str(tmp_path / "f"))
    assert summary(result.stdout)["stored"] == 1
    [document] = documents(prov.target)
    for sentence in PAGE_ARTICLE:
        assert sentence in document["text"]
    for chrome in PAGE_CHROME:
        assert chrome not in document["text"]
    assert document["title"] == "Port strike ends after deal on pay"
    assert document["outlet"] == "The Harbour Gazette"
    assert document["published"] == "2024-11-05"
    assert document["authors"] == ["Maria Lopez"]
    assert document["original_sha256"] == sha256_hex(page.read_bytes())
    assert document["sha256"] == sha256_hex(document["text"])


def _warc(path: Path, pages: dict[str, bytes]) -> None:
    """A gzipped WARC as a crawler writes it: per page a request and its response, and
    a response that is an image, not a page."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for uri, body in pages.items():
            request = StatusAndHeaders(
                f"GET {urlsplit(uri).path} HTTP/1.1",
                [("Host", "harbour-gazette.example"), ("User-Agent", "newsroom-crawler/2.1")],
                is_http_request=True,
            )
            writer.write_record(
                writer.create_warc_record(
                    uri, "request", payload=BytesIO(b""), http_headers=request
                )
            )
            headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            writer.write_record(
                writer.create_warc_record(
                    uri, "response", payload=BytesIO(body), http_headers=headers
                )
            )
        logo = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40)
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://harbour-gazette.example/static/logo.png",
                "response",
                payload=BytesIO(logo),
                http_headers=image,
            )
        )


def test_a_warc_file_gives_each_html_response_with_its_target_uri(
    prov: Prov, tmp_path: Path
) -> None:
    second = (
        "The harbour board approved a plan to dredge the main channel, its chair said.",
        "Fishing crews said the work would close the western quay for six weeks.",
    )
    pages = {
        "https://harbour-gazette.example/news/port-strike-ends": saved_page().encode("utf-8"),
        "https://harbour-gazette.example/news/dredging-approved": saved_page(
            second, "Harbour dredging approved"
        ).encode("utf-8"),
    }
    crawl = tmp_path / "crawl-2024-11-05.warc.gz"
    _warc(crawl, pages)
    result = prov.ok("ingest", str(crawl), "--jobs", "1", "--failures", str(tmp_path / "f"))
    numbers = summary(result.stdout)
    assert (numbers["stored"], numbers["failed"]) == (2, 0)
    # two requests and the image
    assert "; 3 WARC record(s) that are not pages passed over" in numbers["rest"]
    stored = {d["url"]: d for d in documents(prov.target)}
    assert set(stored) == set(pages)
    for uri, body in pages.items():
        assert stored[uri]["original_sha256"] == sha256_hex(body)
    dredging = stored["https://harbour-gazette.example/news/dredging-approved"]
    assert all(sentence in dredging["text"] for sentence in second)
    assert dredging["title"] == "Harbour dredging approved"
    assert not any(chrome in dredging["text"] for chrome in PAGE_CHROME)


CRAWL_RECORDS: list[dict[str, Any] | None] = [
    {
        "title": "Council approves new cycle lanes",
        "outlet": "Northern Echo Daily",
        "url": "https://echo.example/2024/06/cycle-lanes",
        "published": "2024-06-03T09:15:00+01:00",
        "authors": ["Sam Whitfield", "Priya Nair"],
        "text": "The city council voted on Monday to build 14 kilometres of protected cycle "
        'lanes.\n\n"Our streets should be safe for children on bikes," said councillor '
        "Joan Baptiste.",
    },
    None,  # a line the crawler cut off: not JSON
    {
        "title": "Live: council meeting",
        "outlet": "Northern Echo Daily",
        "url": "https://echo.example/2024/06/live",
    },
    {
        "title": "Rail fares to rise",
        "outlet": "Northern Echo Daily",
        "published": "2024-06-04",
        "authors": "Lee Chan; Mei Tan",
        "html": "<html><body><article><h1>Rail fares to rise</h1><p>Rail fares will rise "
        "by 4.6 per cent in January, the transport secretary announced on Tuesday, in the "
        "largest increase for a decade.</p><p>Passenger groups said the rise would push "
        "more commuters back into their cars.</p></article></body></html>",
    },
]


def test_a_crawl_in_json_lines_stores_records_and_reports_each_failure(
    prov: Prov, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [
        json.dumps(r) if r is not None else '{"title": "Bridge closed", "text": "The bridge'
        for r in CRAWL_RECORDS
    ]
    crawl = tmp_path / "crawl.jsonl"
    crawl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the failures report goes here by default
    result = prov.ok("ingest", str(crawl), "--jobs", "1")
    numbers = summary(result.stdout)
    assert (numbers["stored"], numbers["duplicates"], numbers["failed"]) == (2, 0, 2)

    said = re.search(r"the 2 failure\(s\), each with its reason: (\S+)$", result.stderr.strip())
    assert said is not None, result.stderr
    report = tmp_path / said[1]
    assert report.name.startswith("prov-ingest-failures-") and report.suffix == ".jsonl"
    failures = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert [f["source"] for f in failures] == [f"{crawl}:2", f"{crawl}:3"]
    assert "not JSON" in failures[0]["reason"]
    assert "neither text nor html" in failures[1]["reason"]

    cycle, fares = documents(prov.target)
    first = CRAWL_RECORDS[0]
    assert first is not None
    assert cycle == {
        "sha256": sha256_hex(first["text"]),
        "original_sha256": sha256_hex(lines[0]),
        "title": "Council approves new cycle lanes",
        "url": "https://echo.example/2024/06/cycle-lanes",
        "published": "2024-06-03",
        "authors": ["Sam Whitfield", "Priya Nair"],
        "outlet": "Northern Echo Daily",
        "text": first["text"],
    }
    assert fares["title"] == "Rail fares to rise"
    assert fares["authors"] == ["Lee Chan", "Mei Tan"]
    assert fares["published"] == "2024-06-04"
    assert fares["original_sha256"] == sha256_hex(lines[3])
    assert "Rail fares will rise by 4.6 per cent in January" in fares["text"]
    assert "<p>" not in fares["text"]


def test_a_json_file_with_a_list_of_records_stores_each_one(prov: Prov, tmp_path: Path) -> None:
    records: list[dict[str, Any]] = [
        {
            "title": "Budget to be balanced by 2027",
            "outlet": "The Ledger",
            "published": "2025-03-12",
            "text": "Ministers said on Wednesday the budget would be balanced by 2027.",
        },
        {
            "title": "Rates on hold",
            "outlet": "The Ledger",
            "authors": ["R. Kim"],
            "text": "The governor said rates would stay on hold until the autumn.",
        },
        {"title": "Photo gallery: spring fair", "outlet": "The Ledger"},
    ]
    listing = tmp_path / "ledger-march.json"
    listing.write_text(json.dumps(records, indent=2), encoding="utf-8")
    failures = tmp_path / "failures.jsonl"
    result = prov.ok("ingest", str(listing), "--jobs", "1", "--failures", str(failures))
    numbers = summary(result.stdout)
    assert (numbers["stored"], numbers["failed"]) == (2, 1)
    stored = documents(prov.target)
    assert [(d["title"], d["text"], d["sha256"]) for d in stored] == [
        (r["title"], r["text"], sha256_hex(r["text"])) for r in records[:2]
    ]
    assert stored[0]["published"] == "2025-03-12"
    assert stored[1]["authors"] == ["R. Kim"]
    [failure] = [json.loads(line) for line in failures.read_text(encoding="utf-8").splitlines()]
    assert failure["source"] == f"{listing}#3"
    assert "neither text nor html" in failure["reason"]


def test_a_json_file_of_one_record_keeps_the_sha256_of_the_file(prov: Prov, tmp_path: Path) -> None:
    record = {
        "title": "Harbour dredging approved",
        "outlet": "Coastal Times",
        "published": "2024-09-12",
        "text": "The harbour board approved a plan to dredge the channel, its chair said.",
    }
    path = tmp_path / "dredging.json"
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    prov.ok("ingest", str(path), "--jobs", "1", "--failures", str(tmp_path / "f"))
    [document] = documents(prov.target)
    assert document["text"] == record["text"]
    assert document["original_sha256"] == sha256_hex(path.read_bytes())


def test_a_folder_is_read_with_its_subfolders_only_when_recursive(
    prov: Prov, tmp_path: Path
) -> None:
    folder = tmp_path / "desk"
    (folder / "archive").mkdir(parents=True)
    top = {
        "bridge.txt": "The old bridge will close for repairs in July, the council said.\n",
        "strike.html": saved_page(),
    }
    for name, body in top.items():
        (folder / name).write_text(body, encoding="utf-8")
    (folder / "budget.csv").write_text("line,amount\nroads,120000\n", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    deep = "Archive: the mayor said in 2019 that the bridge was safe for another decade.\n"
    (folder / "archive" / "2019-bridge.txt").write_text(deep, encoding="utf-8")
    failures = str(tmp_path / "failures.jsonl")

    flat = summary(prov.ok("ingest", str(folder), "--jobs", "1", "--failures", failures).stdout)
    assert (flat["stored"], flat["duplicates"], flat["failed"]) == (2, 0, 0)
    assert flat["rest"] == "; 1 other file(s) passed over"
    assert sha256_hex(deep) not in {d["sha256"] for d in documents(prov.target)}

    walked = prov.ok("ingest", str(folder), "-r", "--jobs", "1", "--failures", failures)
    numbers = summary(walked.stdout)
    assert (numbers["stored"], numbers["duplicates"], numbers["failed"]) == (1, 2, 0)
    assert count(prov.target, "documents") == 3
    assert sha256_hex(deep) in {d["sha256"] for d in documents(prov.target)}
    assert not Path(failures).exists()  # nothing failed, no report


# ---------------------------------------------------------------- duplicates


def test_a_text_is_stored_once_however_often_it_is_given(prov: Prov, tmp_path: Path) -> None:
    folder = tmp_path / "wire"
    folder.mkdir()
    story = "Rescuers reached the stranded climbers on Sunday, mountain police said.\n"
    (folder / "a-climbers.txt").write_text(story, encoding="utf-8")
    (folder / "b-climbers-copy.txt").write_bytes(story.replace("\n", "\r\n").encode("utf-8"))
    (folder / "c-weather.txt").write_text(
        "Forecasters warned of more snow in the Alps this week.\n", encoding="utf-8"
    )
    failures = str(tmp_path / "failures.jsonl")
    first = summary(prov.ok("ingest", str(folder), "--jobs", "1", "--failures", failures).stdout)
    assert (first["stored"], first["duplicates"]) == (2, 1)
    [(n, distinct)] = sql_rows(
        prov.target, "SELECT COUNT(*), COUNT(DISTINCT sha256) FROM documents"
    )
    assert (n, distinct) == (2, 2)
    kept = {d["sha256"]: d["original_sha256"] for d in documents(prov.target)}
    # the first file's bytes are the original of the text both files hold
    assert kept[sha256_hex(story)] == sha256_hex((folder / "a-climbers.txt").read_bytes())

    again = summary(prov.ok("ingest", str(folder), "--jobs", "1", "--failures", failures).stdout)
    assert (again["stored"], again["duplicates"], again["failed"]) == (0, 3, 0)
    assert count(prov.target, "documents") == 2
    assert count(prov.target, "changes") == 2  # one document.ingest each, nothing more


# ------------------------------------------------------------- the extractor


def test_extracting_a_folder_gives_what_ingesting_each_file_gives(
    db_target: str, fresh_target: str, tmp_path: Path
) -> None:
    """The corpus path (workers, batches, speakers resolved in bulk) and the one-file
    path (``prov ingest FILE --extract``) store the same proposals."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, body in ARTICLES.items():
        (folder / name).write_text(body, encoding="utf-8")
    together = run_ingest(
        db_target, folder, jobs=2, extract=True, failures=tmp_path / "f", cwd=tmp_path
    )
    numbers = summary(together.stdout)
    one_by_one = Prov(fresh_target)
    for name in sorted(ARTICLES):
        one_by_one.ok("ingest", str(folder / name), "--extract")

    folder_rows = attribution_rows(db_target)
    assert numbers["stored"] == len(ARTICLES)
    assert numbers["proposals"] == len(folder_rows) > 2 * len(ARTICLES)
    assert folder_rows == attribution_rows(fresh_target)
    assert {r[0] for r in folder_rows} == {sha256_hex(b) for b in ARTICLES.values()}
    assert {r[12] for r in folder_rows} == {"proposed"}
    assert {r[13] for r in folder_rows} == {"extractor"}


# Two people called Sato: "Sato" alone is Yusuf Sato while he is the only one, and no
# longer anyone in particular once Hannah Sato is stored too.
SATO_ARTICLES = {
    "1-budget.txt": _article("Yusuf Sato, the mayor, said on Monday the budget would be late."),
    "2-council.txt": _article(
        "The council met on Tuesday to discuss the delay.",
        '"The budget is a question of trust," Sato said.',
    ),
    "3-rail.txt": _article(
        "Hannah Sato, the finance minister, said the rail line would open in May."
    ),
    "4-ministers.txt": _article(
        "Ministers met on Friday to discuss the timetable.",
        '"The rail line is a question of trust," Sato said.',
    ),
}


def _sato_folder(tmp_path: Path, names: list[str], label: str) -> Path:
    folder = tmp_path / label
    folder.mkdir()
    for name in names:
        (folder / name).write_text(SATO_ARTICLES[name], encoding="utf-8")
    return folder


def _speaker_of(target: str, quote: str) -> str:
    [(name,)] = sql_rows(
        target,
        "SELECT s.name FROM attributions a JOIN speakers s ON s.id = a.speaker_id "
        "WHERE a.content_exact = :quote",
        quote=quote,
    )
    return str(name)


LAST_SATO_QUOTE = '"The rail line is a question of trust,"'


def test_extracting_a_folder_resolves_a_name_as_ingesting_each_file_does(
    db_target: str, fresh_target: str, tmp_path: Path
) -> None:
    names = sorted(SATO_ARTICLES)
    folder = _sato_folder(tmp_path, names, "all")
    one_by_one = Prov(fresh_target)
    for name in names:
        one_by_one.ok("ingest", str(folder / name), "--extract")
    Prov(db_target).ok(
        "ingest", str(folder), "--extract", "--jobs", "1", "--failures", str(tmp_path / "f")
    )
    assert _speaker_of(fresh_target, LAST_SATO_QUOTE) == "Sato"  # as one at a time
    assert attribution_rows(db_target) == attribution_rows(fresh_target)


def test_a_resumed_run_gives_quotes_to_whom_a_clean_run_does(
    db_target: str, fresh_target: str, tmp_path: Path
) -> None:
    names = sorted(SATO_ARTICLES)
    everything = _sato_folder(tmp_path, names, "all")
    first_three = _sato_folder(tmp_path, names[:3], "stopped")  # what a stopped run stored
    failures = str(tmp_path / "f")
    clean = Prov(fresh_target)
    clean.ok("ingest", str(everything), "--extract", "--jobs", "1", "--failures", failures)
    resumed = Prov(db_target)
    resumed.ok("ingest", str(first_three), "--extract", "--jobs", "1", "--failures", failures)
    finished = resumed.ok(
        "ingest", str(everything), "--extract", "--jobs", "1", "--failures", failures
    )
    assert summary(finished.stdout)["duplicates"] == 3
    assert _speaker_of(db_target, LAST_SATO_QUOTE) == _speaker_of(fresh_target, LAST_SATO_QUOTE)
    assert attribution_rows(db_target) == attribution_rows(fresh_target)


# ------------------------------------------------- stopped part-way, resumed


def _start_ingest(
    target: str, corpus: Corpus, tmp_path: Path, **popen: Any
) -> subprocess.Popen[str]:
    """``prov ingest FOLDER --extract --jobs 1`` started, its output piped."""
    command = prov_command(
        target,
        "ingest",
        str(corpus.folder),
        "--extract",
        "--jobs",
        "1",
        "--failures",
        str(tmp_path / "failures.jsonl"),
    )
    return subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen
    )


def _start_and_wait_for_a_commit(
    target: str, corpus: Corpus, tmp_path: Path, **popen: Any
) -> tuple[subprocess.Popen[str], Engine]:
    """``prov ingest FOLDER --extract --jobs 1`` started, returned once a batch of it is
    committed (seen with plain SQL) while it still runs."""
    process = _start_ingest(target, corpus, tmp_path, **popen)
    engine = create_engine(sql_url(target))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        with engine.connect() as conn:
            if conn.execute(text("SELECT COUNT(*) FROM documents")).scalar_one():
                return process, engine
        time.sleep(0.01)
    process.kill()
    out, err = process.communicate()
    engine.dispose()
    pytest.fail(f"no batch was seen committed while prov ran: {out} {err}")


def _whole(target: str, corpus: Corpus) -> dict[str, int]:
    """The stored documents' attribution counts, each checked against the clean run's."""
    stored = per_document(target)
    assert 0 < len(stored) < len(corpus.digests)  # the run was stopped part-way
    assert {sha: corpus.counts[sha] for sha in stored} == stored
    [(n,)] = sql_rows(target, "SELECT COUNT(*) FROM attributions")
    assert n == sum(stored.values())  # no attribution outside a stored document
    return stored


def test_a_killed_ingest_keeps_whole_documents_and_a_rerun_finishes_it(
    db_target: str, council_corpus: Corpus, tmp_path: Path
) -> None:
    process, engine = _start_and_wait_for_a_commit(db_target, council_corpus, tmp_path)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    engine.dispose()
    assert process.returncode == -signal.SIGKILL
    stored = _whole(db_target, council_corpus)

    rerun = run_ingest(
        db_target,
        council_corpus.folder,
        jobs=1,
        extract=True,
        failures=tmp_path / "failures.jsonl",
        cwd=tmp_path,
    )
    numbers = summary(rerun.stdout)
    assert numbers["stored"] == len(council_corpus.digests) - len(stored)
    assert (numbers["duplicates"], numbers["failed"]) == (len(stored), 0)

    assert per_document(db_target) == council_corpus.counts
    [(n, distinct)] = sql_rows(db_target, "SELECT COUNT(*), COUNT(DISTINCT sha256) FROM documents")
    assert n == distinct == len(council_corpus.digests)
    # every proposal again, on the same spans with the same strength and mode, given to
    # the same speakers
    assert sorted(attribution_rows(db_target)) == sorted(council_corpus.attributions)


@contextmanager
def _writes_held(target: str) -> Iterator[Callable[[subprocess.Popen[str]], None]]:
    """Hold off every write to ``target`` (SQLite: its write lock; PostgreSQL: a lock
    on documents that lets reads through) until the block ends; yields a function
    that waits until a ``prov`` process is held (PostgreSQL shows it waiting; SQLite
    cannot, so it waits long enough for the run to be reading and extracting)."""
    if target.startswith("postgresql"):
        engine = create_engine(sql_url(target))
        with engine.connect() as conn:
            conn.execute(text("LOCK TABLE documents IN SHARE ROW EXCLUSIVE MODE"))

            def waiting(process: subprocess.Popen[str]) -> None:
                deadline = time.monotonic() + 60
                with engine.connect() as watcher:
                    while time.monotonic() < deadline and process.poll() is None:
                        held = watcher.execute(
                            text(
                                "SELECT count(*) FROM pg_stat_activity "
                                "WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                            )
                        ).scalar_one()
                        watcher.rollback()  # statistics are read once a transaction
                        if held:
                            return
                        time.sleep(0.05)
                raise AssertionError("prov ingest never waited for the lock")

            yield waiting
            conn.rollback()
        engine.dispose()
        return
    db = sqlite3.connect(target, isolation_level=None)
    db.execute("BEGIN IMMEDIATE")

    def started(process: subprocess.Popen[str]) -> None:
        time.sleep(4)  # well past start-up (under a second), well inside the busy timeout
        assert process.poll() is None

    try:
        yield started
    finally:
        db.execute("ROLLBACK")
        db.close()


def test_ctrl_c_stops_at_a_document_boundary_and_says_how_to_finish(
    db_target: str, council_corpus: Corpus, tmp_path: Path
) -> None:
    """Ctrl-C while the first batch waits to be written (another writer holds the
    database): that batch is written whole once the way is clear, and the run stops
    there, saying how many documents it stored and how to finish."""
    with _writes_held(db_target) as held:
        process = _start_ingest(db_target, council_corpus, tmp_path, start_new_session=True)
        held(process)
        os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C on a terminal: the whole group
        time.sleep(0.2)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert out == ""
    said = one_line_error(err)
    assert "interrupted" in said and "run the same command again to finish" in said
    stored = _whole(db_target, council_corpus)
    assert 0 < len(stored) < len(council_corpus.digests)
    assert f"interrupted: {len(stored)} document(s) stored" in said


# ---------------------------------------------------------------- output


def _small_corpus(tmp_path: Path, n: int = 6) -> Path:
    folder = tmp_path / "small"
    folder.mkdir()
    for number in range(n):
        (folder / f"district-{number}.txt").write_text(council_article(number), encoding="utf-8")
    return folder


def test_progress_never_garbles_piped_output(db_target: str, tmp_path: Path) -> None:
    folder = _small_corpus(tmp_path)
    done = run_ingest(
        db_target, folder, jobs=1, extract=False, failures=tmp_path / "f", cwd=tmp_path
    )
    assert summary(done.stdout)["stored"] == 6
    for stream in (done.stdout, done.stderr):
        assert "\r" not in stream and "\x1b" not in stream
    assert count(db_target, "documents") == 6


def _read_all(fd: int) -> bytes:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def test_a_terminal_gets_a_progress_bar_and_the_pipe_only_the_summary(
    db_target: str, tmp_path: Path
) -> None:
    folder = _small_corpus(tmp_path)
    terminal, device = pty.openpty()
    fcntl.ioctl(device, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    process = subprocess.Popen(
        prov_command(
            db_target, "ingest", str(folder), "--jobs", "1", "--failures", str(tmp_path / "f")
        ),
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=device,
    )
    os.close(device)
    try:
        shown = _read_all(terminal).decode("utf-8", "replace")
        assert process.stdout is not None
        out = process.stdout.read().decode("utf-8")
        assert process.wait(timeout=60) == 0
    finally:
        os.close(terminal)
        if process.poll() is None:
            process.kill()
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown)
    assert "\x1b[" in shown  # drawn, and redrawn in place
    assert "ingesting" in plain and "━" in plain and "6 documents" in plain
    assert "Traceback" not in plain
    assert summary(out)["stored"] == 6


# ---------------------------------------------------------------- bad input


def test_bytes_that_are_not_utf8_fail_with_a_reason_and_the_run_goes_on(
    prov: Prov, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    latin = "Le ministre a déclaré que la réforme était « nécessaire ».\n".encode("cp1252")
    (folder / "a-ministre.txt").write_bytes(latin)
    good = "The minister said the reform was necessary, and would pass by summer.\n"
    (folder / "b-minister.txt").write_text(good, encoding="utf-8")
    failures = tmp_path / "failures.jsonl"
    result = prov.ok("ingest", str(folder), "--jobs", "1", "--failures", str(failures))
    numbers = summary(result.stdout)
    assert (numbers["stored"], numbers["failed"]) == (1, 1)
    assert [d["sha256"] for d in documents(prov.target)] == [sha256_hex(good)]
    [failure] = [json.loads(line) for line in failures.read_text(encoding="utf-8").splitlines()]
    assert failure["source"] == str(folder / "a-ministre.txt")
    assert "not UTF-8" in failure["reason"] and "iconv" in failure["reason"]

    alone = prov("ingest", str(folder / "a-ministre.txt"))
    assert alone.exit_code == 1
    assert "not UTF-8" in one_line_error(alone.output)
    assert count(prov.target, "documents") == 1


@pytest.mark.parametrize("name", ["gone.txt", "gone-folder/"])
def test_a_missing_path_is_one_line_and_a_failure_status(
    prov: Prov, tmp_path: Path, name: str
) -> None:
    result = prov("ingest", str(tmp_path / name))
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # a message, not a crash
    assert "no such file" in one_line_error(result.stderr)
    assert result.stdout == ""
    assert count(prov.target, "documents") == 0


def test_a_missing_crawl_file_is_a_failure_status(prov: Prov, tmp_path: Path) -> None:
    failures = tmp_path / "failures.jsonl"
    result = prov("ingest", str(tmp_path / "gone-crawl.jsonl"), "--failures", str(failures))
    assert result.exit_code != 0
    assert "no such file" in one_line_error(result.stderr)


@pytest.mark.parametrize("batch_rows", [1, 10_000])
def test_a_name_found_by_likeness_is_resolved_again_once_a_look_alike_is_made(
    db_target: str, fresh_target: str, tmp_path: Path, batch_rows: int
) -> None:
    """The writer keeps what each name resolved to from batch to batch (every document
    its own batch, or all in one); a name found only by likeness is asked again once a
    speaker sharing its words is made, so the answers are those of one file at a time."""
    from provenance.documents.corpus import ingest_corpus
    from provenance.documents.sources import find_sources
    from provenance.store.database import Database

    names = sorted(SATO_ARTICLES)
    folder = _sato_folder(tmp_path, names, "all")
    one_by_one = Prov(fresh_target)
    for name in names:
        one_by_one.ok("ingest", str(folder / name), "--extract")
    database = Database(db_target)
    try:
        report = ingest_corpus(
            database,
            find_sources([str(folder)], recursive=False),
            actor="test",
            extract=True,
            batch_rows=batch_rows,
        )
    finally:
        database.close()
    assert report.stored == len(names)
    assert _speaker_of(db_target, LAST_SATO_QUOTE) == "Sato"
    assert attribution_rows(db_target) == attribution_rows(fresh_target)
