"""``prov export``: every format read back with a parser for it, on both backends.

The ``hostile`` database holds what a spreadsheet, a browser, a Markdown renderer or
TeX would act on: speakers named ``=HYPERLINK(...)``, ``+1`` and ``@SUM(A1)``, a title
with ``<script>``, quotes with ``|``, line breaks, U+2028, ``%`` ``&`` ``_`` and the
rest of TeX's specials, and a ``javascript:`` URL. Each test exports it through the
real command line and checks that every value comes back as it was and none is live.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from provenance.export import FORMAT_NAMES, FORMATS, ExportFormat
from provenance.export.citations import CITATION_COLUMNS
from provenance.export.html import _SCRIPT, HTML_COLUMNS
from provenance.export.tabular import FORMULA_TRIGGERS, MARKDOWN_HEADERS, restore_cell
from provenance.export.text_fragment import QuoteTargeter, parse_text_directive
from provenance.export.w3c import ANNOTATION_CONTEXT
from provenance.store.database import Database
from provenance.text.controls import shown_controls
from tests.conftest import Prov
from tests.test_export_readers import (
    latex_readable,
    read_latex_table,
    read_markdown_link,
    read_markdown_table,
    read_markdown_text,
)

HOSTILE_TITLE = 'Ceasefire <script>alert(1)</script> & "talks" | 100% {x}_#^~$\\'
HOSTILE_URL = "https://example.com/news/ceasefire?id=1&lang=en"
FORMULA = '=HYPERLINK("http://x","click")'

# the article, paragraph by paragraph: (text before, quote, text after)
PARAGRAPHS = [
    (
        "Officials met on Monday. A spokesman said ",
        "-5% is the | figure\nand more",
        ", he added.\n",
    ),
    ("Another said ", "+1 for peace", ".\n"),
    ("A clerk typed ", "@SUM(A1) in the sheet", ".\n"),
    ("The bill ", "costs 100% & rises_fast #1 ^up ~ $5 {x} \\path", ", she said.\n"),
    ("They wrote ", "<script>alert(1)</script>", " in the page.\n"),
    ("He replied ", "'=already quoted and [bracketed] -- ``ligatures''", " here.\n"),
    ("A ", "line\u2028separator and NEL\u0085 end", " of story.\n"),
]
# who says each quote: (name, type, strength, mode)
SPEAKERS = [
    (FORMULA, "person", "on_record", "indirect"),
    ("+1", "person", "on_record", "direct"),
    ("@SUM(A1)", "organization", "official_statement", "indirect"),
    ("Ann <b>Bold</b> & Co_ 50%", "person", "on_record", "indirect"),
    ("-Dash", "person", "on_record", "direct"),
    ("a person | familiar", "unnamed", "anonymous_vague", "mixed"),
    (None, None, "unattributed", "indirect"),
]


@dataclass
class Hostile:
    prov: Prov
    text: str
    expected: list[dict[str, Any]] = field(default_factory=list)
    plain_text: str = ""

    def export(self, fmt: str, *args: str) -> str:
        return self.prov.ok("export", "--format", fmt, *args).stdout


def _build(database: Database) -> tuple[str, str, list[dict[str, Any]]]:
    from provenance.attributions.recording import record_attribution
    from provenance.documents.ingest import ingest_document
    from provenance.speakers.directory import ensure_speaker
    from provenance.text.spans import make_span

    text = ""
    spans = []
    for before, quote, after in PARAGRAPHS:
        text += before
        spans.append((len(text), len(text) + len(quote)))
        text += quote + after
    plain = "Nobody said anything.\nThe mayor said =1+2 was fine.\n"
    expected = []
    with database.session() as session:
        document = ingest_document(
            session,
            text,
            actor="tester",
            title=HOSTILE_TITLE,
            outlet="@Gazette",
            url=HOSTILE_URL,
            published="2025-05-01",
            authors=["=cmd|' /C calc'!A0"],
        )
        office = None
        for (start, end), (name, kind, strength, mode) in zip(spans, SPEAKERS, strict=True):
            speaker = None
            if name is not None:
                speaker = ensure_speaker(
                    session,
                    name,
                    kind,
                    actor="tester",
                    document=document if kind == "unnamed" else None,
                )
            if name == "@SUM(A1)":
                office = speaker
            record_attribution(
                session,
                document,
                content=make_span(text, start, end),
                speaker=speaker,
                strength=strength,
                mode=mode,
                actor="=tester",
            )
            expected.append(
                {
                    "quote": text[start:end],
                    "speaker": name,
                    "speaker_type": kind,
                    "strength": strength,
                    "mode": mode,
                    "title": HOSTILE_TITLE,
                    "outlet": "@Gazette",
                    "published": "2025-05-01",
                    "url": HOSTILE_URL,
                    "start": start,
                    "end": end,
                }
            )
        assert office is not None
        office.holder = ensure_speaker(session, FORMULA, "person", actor="tester")
        other = ingest_document(
            session, plain, actor="tester", title="Plain", url="javascript:alert(1)"
        )
        start = plain.index("=1+2")
        record_attribution(
            session,
            other,
            content=make_span(plain, start, start + len("=1+2 was fine")),
            speaker=ensure_speaker(session, "=1+2", "person", actor="tester"),
            strength="on_record",
            mode="indirect",
            actor="tester",
        )
        expected.append(
            {
                "quote": "=1+2 was fine",
                "speaker": "=1+2",
                "speaker_type": "person",
                "strength": "on_record",
                "mode": "indirect",
                "title": "Plain",
                "outlet": None,
                "published": None,
                "url": "javascript:alert(1)",
                "start": start,
                "end": start + len("=1+2 was fine"),
            }
        )
    return text, plain, expected


@pytest.fixture()
def hostile(prov: Prov, database: Database) -> Hostile:
    text, plain, expected = _build(database)
    return Hostile(prov, text, expected, plain)


def _same(row: dict[str, Any], expected: dict[str, Any]) -> None:
    for key, value in expected.items():
        assert row[key] == value, (key, row[key], value)


# ---------------------------------------------------------------- csv, json, jsonl


def test_csv_is_neutralised_and_every_value_survives_the_csv_module(
    hostile: Hostile, tmp_path: Path
) -> None:
    """Every value comes back from the csv module as stored, but control characters
    (NEL, ESC ...), which a CSV shows as U+FFFD (JSON keeps them)."""

    out = tmp_path / "c.csv"
    hostile.prov.ok("export", "--format", "csv", "--out", str(out))
    text = out.read_bytes().decode("utf-8")
    assert text.count("\r\n") == len(hostile.expected) + 1  # RFC 4180 record ends
    header, *rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(header) == CITATION_COLUMNS
    assert len(rows) == len(hostile.expected)
    neutralised = 0
    for row, expected in zip(rows, hostile.expected, strict=True):
        for cell in row:
            assert not cell.startswith(FORMULA_TRIGGERS), cell
        neutralised += sum(cell.startswith("'") for cell in row)
        values = {k: (restore_cell(v) if v else None) for k, v in zip(header, row, strict=True)}
        for number in ("start", "end"):
            values[number] = int(values[number])
        shown = {k: shown_controls(v) if isinstance(v, str) else v for k, v in expected.items()}
        _same(values, shown)
    # =HYPERLINK, +1, @SUM, -5%, @Gazette, '=already, -Dash, =1+2, =tester ...
    assert neutralised >= 10
    spoken = [row[header.index("speaker")] for row in rows]
    assert f"'{FORMULA}" in spoken and "'+1" in spoken and "'@SUM(A1)" in spoken


def test_json_and_jsonl_carry_every_value(hostile: Hostile) -> None:
    rows = json.loads(hostile.export("json"))
    assert [tuple(r) for r in rows] == [CITATION_COLUMNS] * len(hostile.expected)
    for row, expected in zip(rows, hostile.expected, strict=True):
        _same(row, expected)
    jsonl = hostile.export("jsonl")
    # U+2028 and NEL are escaped, so a line is a record for every reader
    lines = jsonl.splitlines()
    assert len(lines) == len(hostile.expected)
    assert [json.loads(line) for line in lines] == rows


def test_an_export_with_no_match_is_empty_and_says_so(seeded: Prov) -> None:
    result = seeded.ok("export", "--speaker", "nobody at all", "--format", "json")
    assert json.loads(result.stdout) == []
    assert "no attribution matches" in result.stderr


def test_filters_are_those_of_search(seeded: Prov) -> None:
    out = seeded.ok(
        "export", "--speaker", "Fidan", "--strength", "on_record", "--format", "json"
    ).stdout
    rows = json.loads(out)
    assert len(rows) == 2
    assert {r["speaker"] for r in rows} == {"Hakan Fidan"}
    assert {r["strength"] for r in rows} == {"on_record"}
    unnamed = json.loads(seeded.ok("export", "--unnamed", "--format", "json").stdout)
    assert unnamed and all(r["speaker_type"] == "unnamed" for r in unnamed)


# ---------------------------------------------------------------- Markdown


def test_markdown_is_one_table_row_per_attribution_with_nothing_live(hostile: Hostile) -> None:
    text = hostile.export("md")
    header, rows = read_markdown_table(text)
    assert tuple(header) == MARKDOWN_HEADERS
    assert len(rows) == len(hostile.expected)
    assert "<script>" not in text and "\\<script\\>" in text
    column = {name: n for n, name in enumerate(header)}
    for row, expected in zip(rows, hostile.expected, strict=True):
        quote = read_markdown_text(row[column["Quote"]])
        assert quote == shown_controls(expected["quote"]).strip(" \t")  # NEL shown as U+FFFD
        speaker = read_markdown_text(row[column["Speaker"]])
        assert speaker == shown_controls(expected["speaker"] or "")
        assert int(row[column["Start"]]) == expected["start"]
        document = row[column["Document"]]
        link = read_markdown_link(row[column["Link"]])
        if expected["url"] == HOSTILE_URL:
            label, url = read_markdown_link(document)  # type: ignore[misc]
            assert read_markdown_text(label) == HOSTILE_TITLE and url == HOSTILE_URL
            assert link is not None and link[1].startswith(HOSTILE_URL + "#:~:text=")
        else:
            # a javascript: URL is shown as text, never made a link
            assert link is None and "](" not in document
            assert read_markdown_text(document) == "Plain (javascript:alert(1))"


# ---------------------------------------------------------------- HTML


class _PageReader(HTMLParser):
    """Collects the citation table's rows and cells, the scripts, and every href."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self.hrefs: list[str] = []
        self.csp: str | None = None
        self._in: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append("")
            self._in = "script"
        elif tag == "meta" and attributes.get("http-equiv") == "Content-Security-Policy":
            self.csp = attributes.get("content")
        elif tag == "tbody":
            self._in = "tbody"
        elif tag == "tr" and self._in == "tbody":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "a":
            self.hrefs.append(attributes.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "tbody"):
            self._in = None
        elif tag in ("td", "th") and self._cell is not None:
            text = "".join(self._cell)
            if tag == "th":
                self.headers.append(text)
            else:
                self.rows[-1].append(text)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts[-1] += data
        elif self._cell is not None:
            self._cell.append(data)


def test_html_is_one_row_per_attribution_and_runs_only_its_own_script(
    hostile: Hostile,
) -> None:
    page = hostile.export("html")
    reader = _PageReader()
    reader.feed(page)
    reader.close()
    assert reader.scripts == [_SCRIPT]
    assert page.count("<script") == 1
    assert reader.headers == [name for name, _ in HTML_COLUMNS]
    assert len(reader.rows) == len(hostile.expected)
    column = {name: n for n, (name, _) in enumerate(HTML_COLUMNS)}
    for row, expected in zip(reader.rows, hostile.expected, strict=True):
        assert len(row) == len(HTML_COLUMNS)
        # every character, but the controls (NEL ...), shown as U+FFFD
        assert row[column["Quote"]] == shown_controls(expected["quote"])
        assert row[column["Speaker"]] == shown_controls(expected["speaker"] or "")
        assert row[column["Document"]].startswith(shown_controls(expected["title"]))
        assert int(row[column["Start"]]) == expected["start"]
    assert all(href.startswith("https://") for href in reader.hrefs)
    assert not any("javascript" in href for href in reader.hrefs)
    # nothing external may load, and only the page's own script may run
    assert reader.csp is not None and "default-src 'none'" in reader.csp
    digest = base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in reader.csp
    assert "src=" not in page and "@import" not in page


# ---------------------------------------------------------------- LaTeX


def test_latex_escapes_every_special_character(hostile: Hostile) -> None:
    rows = read_latex_table(hostile.export("latex"))
    assert len(rows) == len(hostile.expected)
    for row, expected in zip(rows, hostile.expected, strict=True):
        assert len(row) == 9
        assert row[1] == latex_readable(expected["quote"]).strip(" ")
        assert row[2] == (expected["speaker"] or "---")
        assert row[3] == expected["strength"]
        assert row[5] == "confirmed"  # every row was recorded by hand
        assert row[8] == f"{expected['start']}--{expected['end']}"


# ---------------------------------------------------------------- W3C Web Annotation

# The terms of http://www.w3.org/ns/anno.jsonld this export may use. A key outside
# the context would be dropped silently by a JSON-LD processor: the test forbids it.
ANNO_TERMS = {
    "@context", "id", "type", "motivation", "body", "target", "source", "selector",
    "exact", "prefix", "suffix", "start", "end", "value", "purpose", "format",
    "language", "created", "creator", "generator", "name", "nickname",
}  # fmt: skip
ANNO_TYPES = {
    "Annotation", "TextualBody", "SpecificResource", "TextQuoteSelector",
    "TextPositionSelector", "Software", "Person",
}  # fmt: skip
MOTIVATIONS = {"describing", "tagging", "classifying", "moderating"}


def _terms(node: Any) -> set[str]:
    if isinstance(node, dict):
        keys = set(node)
        for value in node.values():
            keys |= _terms(value)
        return keys
    if isinstance(node, list):
        return set().union(*(_terms(v) for v in node)) if node else set()
    return set()


def test_w3c_annotations_anchor_in_the_stored_text(hostile: Hostile) -> None:
    annotations = json.loads(hostile.export("w3c"))
    assert len(annotations) == len(hostile.expected)
    ids = set()
    texts = {HOSTILE_URL: hostile.text}
    digest = hashlib.sha256(hostile.plain_text.encode()).digest()
    plain_iri = "ni:///sha-256;" + base64.urlsafe_b64encode(digest).decode().rstrip("=")
    texts[plain_iri] = hostile.plain_text
    for item, expected in zip(annotations, hostile.expected, strict=True):
        assert item["@context"] == ANNOTATION_CONTEXT
        assert item["type"] == "Annotation"
        assert item["id"].startswith("urn:uuid:") and item["id"] not in ids
        ids.add(item["id"])
        assert _terms(item) <= ANNO_TERMS, _terms(item) - ANNO_TERMS
        assert item["motivation"] in MOTIVATIONS
        for body in item["body"]:
            assert body["type"] == "TextualBody" and body["purpose"] in MOTIVATIONS
        purposes = {b["purpose"]: b["value"] for b in item["body"]}
        assert purposes["classifying"] == expected["strength"]
        assert purposes["moderating"] == "confirmed"
        assert purposes.get("tagging") == expected["speaker"]
        target = item["target"]
        source = target["source"]
        assert source in texts, source  # the javascript: URL is not a target
        text = texts[source]
        selectors = {s["type"]: s for s in target["selector"]}
        assert set(selectors) == {"TextQuoteSelector", "TextPositionSelector"}
        position, quote = selectors["TextPositionSelector"], selectors["TextQuoteSelector"]
        start, end = position["start"], position["end"]
        assert (start, end) == (expected["start"], expected["end"])
        assert text[start:end] == quote["exact"] == expected["quote"]
        assert text[:start].endswith(quote.get("prefix", ""))
        assert text[end:].startswith(quote.get("suffix", ""))
        for node in (item, target, *target["selector"], *item["body"]):
            assert node["type"] in ANNO_TYPES


# ---------------------------------------------------------------- PROV-JSON


def test_prov_json_reads_back_with_the_prov_library(hostile: Hostile, tmp_path: Path) -> None:
    from prov.constants import PROV, PROV_TYPE, PROV_VALUE
    from prov.model import (
        ProvAgent,
        ProvAttribution,
        ProvDelegation,
        ProvDerivation,
        ProvDocument,
        ProvEntity,
    )

    revised = tmp_path / "v2.txt"
    revised.write_text(hostile.text.replace("Officials met", "Officials finally met"))
    hostile.prov.ok("revise", "1", str(revised))

    document = ProvDocument.deserialize(content=hostile.export("prov-json"), format="json")
    entities = {str(r.identifier): r for r in document.get_records(ProvEntity)}
    quotes = {k: r for k, r in entities.items() if k.startswith("qp:attribution/")}
    rows = json.loads(hostile.export("json"))
    assert len(quotes) == len(rows)
    for row in rows:
        record = quotes[f"qp:attribution/{row['id']}"]
        assert set(record.get_attribute(PROV_VALUE)) == {row["quote"]}

    derivations = list(document.get_records(ProvDerivation))
    quoted = [d for d in derivations if PROV["Quotation"] in d.get_attribute(PROV_TYPE)]
    revisions = [d for d in derivations if PROV["Revision"] in d.get_attribute(PROV_TYPE)]
    assert len(quoted) == len(rows)
    for relation in quoted:
        generated, used = relation.args[0], relation.args[1]
        assert str(generated).startswith("qp:attribution/")
        assert str(used).startswith("qp:document/")
    assert len(revisions) == 1
    first_sha = hashlib.sha256(hostile.text.encode()).hexdigest()
    assert str(revisions[0].args[1]) == f"qp:document/{first_sha}"

    agents = {str(r.identifier): r for r in document.get_records(ProvAgent)}
    labels = {v for a in agents.values() for v in a.get_attribute("prov:label")}
    assert {FORMULA, "+1", "@SUM(A1)", "=1+2", "@Gazette", "=cmd|' /C calc'!A0"} <= labels
    attributed = list(document.get_records(ProvAttribution))
    spoken = [a for a in attributed if str(a.args[0]).startswith("qp:attribution/")]
    assert len(spoken) == sum(1 for r in rows if r["speaker"])
    delegations = list(document.get_records(ProvDelegation))
    assert len(delegations) == 1  # the @SUM(A1) office acts for its holder


# ---------------------------------------------------------------- links


def test_every_link_goes_straight_to_its_quote(hostile: Hostile) -> None:
    rows = json.loads(hostile.export("json"))
    targeter = QuoteTargeter(hostile.text)
    linked = [r for r in rows if r["link"]]
    assert len(linked) == len(PARAGRAPHS)
    for row in linked:
        base, directive = row["link"].split("#:~:", 1)
        assert base == HOSTILE_URL
        parsed = parse_text_directive(directive)
        assert parsed is not None
        assert targeter.locate(parsed) == targeter.target(row["start"], row["end"])
    # no link from a javascript: URL
    assert [r["link"] for r in rows if r["url"] != HOSTILE_URL] == [None]


# ---------------------------------------------------------------- --out, bundle, registry


def test_out_writes_atomically_and_refuses_to_overwrite(seeded: Prov, tmp_path: Path) -> None:
    folder = tmp_path / "report"
    folder.mkdir()
    out = folder / "citations.csv"
    result = seeded.ok("export", "--format", "csv", "--out", str(out))
    assert result.stdout == ""
    assert "wrote 35 attribution(s)" in result.stderr
    first = out.read_text(encoding="utf-8")
    assert len(list(csv.reader(io.StringIO(first, newline="")))) == 36

    refused = seeded("export", "--format", "md", "--out", str(out))
    assert refused.exit_code == 1 and "--force" in refused.output
    assert "Traceback" not in refused.output
    assert out.read_text(encoding="utf-8") == first

    seeded.ok("export", "--format", "md", "--out", str(out), "--force")
    assert out.read_text(encoding="utf-8").startswith("| # | Quote |")
    assert [p.name for p in folder.iterdir()] == ["citations.csv"]  # no temporary file left


def test_bundle_says_which_filters_it_ignores(seeded: Prov) -> None:
    result = seeded.ok("export", "--format", "bundle", "--doc", "1", "--speaker", "Fidan")
    assert "ignoring --speaker" in result.stderr
    assert len(result.stdout.splitlines()) == 1
    quiet = seeded.ok("export", "--format", "bundle", "--doc", "1")
    assert quiet.stderr == ""


def test_the_registry_and_the_command_offer_the_same_formats(seeded: Prov) -> None:
    assert set(FORMAT_NAMES) == {
        "csv", "md", "json", "jsonl", "html", "latex", "bundle", "w3c", "prov-json"
    }  # fmt: skip
    for export_format in FORMATS.values():
        assert callable(export_format.load())
    helped = seeded.ok("export", "--help").stdout
    for name in FORMAT_NAMES:
        assert name in helped


def test_a_missing_optional_library_names_what_to_install() -> None:
    from provenance.errors import BadInput

    missing = ExportFormat(
        "x", "no_such_library_here.writer:write", "x", requires="no_such_library_here"
    )
    with pytest.raises(BadInput, match="install it with: pip install no_such_library_here"):
        missing.load()


def test_other_commands_never_import_the_exporters(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from provenance.cli import cli\n"
        f"db = {str(tmp_path / 'p.db')!r}\n"
        "for args in (['seed'], ['documents'], ['show', '1'], ['--help']):\n"
        "    r = CliRunner().invoke(cli, ['--db', db, *args])\n"
        "    assert r.exit_code == 0, (args, r.output)\n"
        "    if args != ['--help']:\n"
        "        loaded = [m for m in sys.modules if m.startswith('provenance.export.')]\n"
        "        assert not loaded, (args, loaded)\n"
        "r = CliRunner().invoke(cli, ['--db', db, 'export', '--format', 'csv'])\n"
        "assert r.exit_code == 0, r.output\n"
        "assert 'prov' not in sys.modules, 'csv export imported the prov library'\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr


# ---------------------------------------------------------------- the README's table


def test_the_seed_citation_table(seeded: Prov) -> None:
    out = seeded.ok("export", "--doc", "1", "--format", "md").stdout
    header, rows = read_markdown_table(out)
    assert tuple(header) == MARKDOWN_HEADERS
    assert len(rows) == 35
    fidan = [r for r in rows if r[2] == "Hakan Fidan"]
    assert len(fidan) == 2 and {r[4] for r in fidan} == {"on_record"}
    title = "Israel and Turkey launch talks to avoid clashes in Syria"
    assert {read_markdown_text(r[8]) for r in rows} == {title}
    assert {r[6] for r in rows} == {"confirmed"}
