"""``prov audit``: the unnamed-source ratio, its groupings and gates, unsupported claims.

Every test that touches a database runs on SQLite and PostgreSQL. The seed article is
one document; a second, small article from another outlet and month (imported as a
bundle, as a user would) gives the groupings more than one group and the corroboration
something to find: one claim repeated word for word, one reworded, one negated.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.attributions.filters import AttributionFilter
from provenance.audit.corroboration import (
    CORROBORATION_THRESHOLD,
    match_claims,
    matching_key,
    matching_text,
    similarity,
)
from provenance.audit.ratios import AuditRow, audit, audit_columns, total_row
from provenance.audit.unnamed import unnamed_detail
from provenance.audit.unsupported import unsupported_claims
from provenance.cli.audit_report import BAR_CELLS, ratio_bar, ratio_cell
from provenance.interchange.seed import read_seed
from provenance.store.database import Database
from provenance.vocabulary import SourcingStrength
from tests.conftest import BACKENDS, Prov

STRENGTHS = [s.value for s in SourcingStrength]

SECOND_TEXT = (
    "Turkish and Israeli officials met again in Baku this week.\n"
    "US representatives were also involved in the meeting, a State Department "
    "spokesperson said.\n"
    "Israeli jets struck several Syrian air bases to which Turkish forces had been "
    "preparing to deploy, according to Israeli and Turkish officials.\n"
    "Hakan Fidan said it was natural for Israel to be added to a pre-existing "
    "deconfliction mechanism for Syria, similar to those with the US, Russia and other "
    "regional states.\n"
    "Ankara said the talks would not continue.\n"
    "A person familiar with the matter said the next round would be held in June.\n"
)
FIDAN_REWORDED = (
    "it was natural for Israel to be added to a pre-existing deconfliction mechanism for "
    "Syria, similar to those with the US, Russia and other regional states"
)
AIR_BASES = (
    "Israeli jets struck several Syrian air bases to which Turkish forces had been "
    "preparing to deploy"
)


def _span(text: str, exact: str | None) -> dict | None:
    if exact is None:
        return None
    start = text.index(exact)
    return {"start": start, "end": start + len(exact), "exact": exact}


def _attribution(
    speaker: dict | None, strength: str, content: str, source: str | None, cue: str | None
) -> dict:
    return {
        "speaker": speaker,
        "strength": strength,
        "mode": "indirect",
        "content": _span(SECOND_TEXT, content),
        "source": _span(SECOND_TEXT, source),
        "cue": _span(SECOND_TEXT, cue),
    }


def second_article_bundle(folder: Path, *, outlet: str = "Harbour Ledger") -> Path:
    """A bundle with one article: 5 sourced attributions (2 unnamed) and 1 of its own."""
    turkey = {"name": "Government of Turkey", "type": "organization"}
    line = {
        "document": {
            "title": "Turkey and Israel meet again over Syria",
            "outlet": outlet,
            "url": "https://example.org/harbour/turkey-israel",
            "published": "2025-05-02",
            "authors": ["A. Reporter"],
            "text": SECOND_TEXT,
        },
        "attributions": [
            _attribution(
                None,
                "unattributed",
                "Turkish and Israeli officials met again in Baku this week.",
                None,
                None,
            ),
            _attribution(
                {"name": "US State Department", "type": "organization"},
                "official_statement",
                "US representatives were also involved in the meeting",
                "a State Department spokesperson",
                "said",
            ),
            _attribution(
                {"name": "Israeli and Turkish officials", "type": "unnamed"},
                "anonymous_described",
                AIR_BASES,
                "Israeli and Turkish officials",
                "according to",
            ),
            _attribution(
                {"name": "Hakan Fidan", "type": "person"},
                "on_record",
                FIDAN_REWORDED,
                "Hakan Fidan",
                "said it",
            ),
            _attribution(
                turkey, "official_statement", "the talks would not continue", "Ankara", None
            ),
            _attribution(
                {"name": "a person familiar with the matter", "type": "unnamed"},
                "anonymous_vague",
                "the next round would be held in June",
                "A person familiar with the matter",
                None,
            ),
        ],
    }
    path = folder / "second.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


@contextlib.contextmanager
def seed_and_bundle(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, bundle: Path
) -> Iterator[Prov]:
    """A database of its own on the backend ``request.param`` names, with the seed and
    ``bundle`` imported (as a user would), dropped afterwards."""
    drop = None
    if request.param == "sqlite":
        target = tmp_path_factory.mktemp("audit") / "prov.db"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), target)
        url = str(target)
    else:
        server = request.getfixturevalue("pg_server")
        name = server.create()
        url = server.url(name)

        def drop() -> None:
            server.drop(name)

    prov = Prov(url)
    prov.ok("seed")
    prov.ok("import", str(bundle))
    try:
        yield prov
    finally:
        if drop is not None:
            drop()


@pytest.fixture(scope="module", params=BACKENDS)
def two_articles(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Prov]:
    """The seed and the second article, loaded once per backend for the tests that
    only read (most of them)."""
    bundle = second_article_bundle(tmp_path_factory.mktemp("bundle"))
    with seed_and_bundle(request, tmp_path_factory, bundle) as prov:
        yield prov


def _json(prov: Prov, *args: str) -> list[dict]:
    return json.loads(prov.ok("audit", *args, "--format", "json").stdout)


# ----------------------------------------------------------------- the seed ratio


def test_seed_article_ratio_is_eleven_of_twenty_six(seeded: Prov) -> None:
    out = seeded.ok("audit").stdout
    assert "42.3%" in out and "11/26" in out
    (row,) = _json(seeded)
    assert 0.40 <= row["unnamed_ratio"] <= 0.50
    assert row["unnamed_ratio"] == pytest.approx(11 / 26)
    assert (row["unnamed"], row["sourced"], row["attributions"]) == (11, 26, 35)
    assert row["anonymous_described"] == 7 and row["anonymous_vague"] == 4
    assert row["unattributed"] == 9


def test_json_rows_carry_the_design_fields_for_every_grouping(two_articles: Prov) -> None:
    for by in ("document", "outlet", "speaker", "month"):
        rows = _json(two_articles, "--by", by)
        assert rows, by
        for row in rows:
            assert {by, "attributions", "unnamed_ratio", *STRENGTHS} <= row.keys()
            assert list(row) == audit_columns(by)
            assert row["attributions"] == sum(row[s] for s in STRENGTHS)
        header = two_articles.ok("audit", "--by", by, "--format", "csv").stdout.splitlines()[0]
        assert header == ",".join(audit_columns(by))


def test_groupings_by_outlet_month_and_document(two_articles: Prov) -> None:
    outlets = {
        r["outlet"]: (r["unnamed"], r["sourced"]) for r in _json(two_articles, "--by", "outlet")
    }
    assert outlets == {"Financial Times": (11, 26), "Harbour Ledger": (2, 5)}
    months = _json(two_articles, "--by", "month")
    assert [(r["month"], r["attributions"]) for r in months] == [("2025-04", 35), ("2025-05", 6)]
    documents = _json(two_articles)
    # worst first: 11/26 before 2/5
    assert [(r["document"], r["outlet"]) for r in documents] == [
        (1, "Financial Times"),
        (2, "Harbour Ledger"),
    ]
    table = two_articles.ok("audit", "--by", "outlet").stdout
    assert "Harbour Ledger" in table and " 40.0%" in table and "2/5" in table
    assert "all 2 outlets: 41.9%" in table and "13/31" in table


def test_grouping_by_speaker_keeps_unnamed_sources_apart(two_articles: Prov) -> None:
    rows = _json(two_articles, "--by", "speaker")
    by_name: dict[str | None, list[dict]] = {}
    for row in rows:
        by_name.setdefault(row["speaker"], []).append(row)
    (fidan,) = by_name["Hakan Fidan"]
    assert (fidan["attributions"], fidan["on_record"], fidan["unnamed_ratio"]) == (3, 3, 0.0)
    # "a person familiar with the matter" in two articles is not known to be one person
    familiar = by_name["a person familiar with the matter"]
    assert sorted(r["speaker_document"] for r in familiar) == [1, 2]
    assert all(r["unnamed_ratio"] == 1.0 for r in familiar)
    (reporter,) = by_name[None]
    assert reporter["unattributed"] == 10 and reporter["unnamed_ratio"] is None
    table = two_articles.ok("audit", "--by", "speaker").stdout
    assert "(doc 1)" in table and "(doc 2)" in table


def test_distinct_sources_count_the_official_once(two_articles: Prov) -> None:
    (seed, second) = _json(two_articles, "--count", "distinct-sources")
    # 9 named and 8 unnamed speakers; the reporter counts once among the unattributed
    assert (seed["unnamed"], seed["sourced"], seed["unattributed"]) == (8, 17, 1)
    assert seed["counted"] == "distinct-sources"
    assert (second["unnamed"], second["sourced"]) == (2, 5)
    speakers = {
        (r["speaker"], r.get("speaker_document")): r
        for r in _json(two_articles, "--by", "speaker", "--count", "distinct-sources")
    }
    assert speakers[("a former senior Israeli official", 1)]["attributions"] == 1
    assert speakers[("Hakan Fidan", None)]["attributions"] == 2  # two documents


def test_filters_choose_the_attributions(two_articles: Prov) -> None:
    (only,) = _json(two_articles, "--outlet", "harbour ledger")
    assert only["document"] == 2
    (may,) = _json(two_articles, "--since", "2025-05-01")
    assert may["document"] == 2
    (named,) = [r for r in _json(two_articles, "--named") if r["document"] == 1]
    assert named["unnamed"] == 0 and named["unnamed_ratio"] == 0.0
    assert _json(two_articles, "--speaker", "nobody at all") == []
    assert "(no attributions match)" in two_articles.ok("audit", "--speaker", "nobody").stdout


def test_csv_and_markdown_carry_the_same_rows(two_articles: Prov) -> None:
    csv_out = two_articles.ok("audit", "--by", "outlet", "--format", "csv").stdout.splitlines()
    assert csv_out[0].startswith("outlet,attributions,on_record,")
    assert csv_out[1].startswith("Financial Times,35,9,6,0,7,4,9,26,11,0.4231,")  # 11/26
    md = two_articles.ok("audit", "--by", "month", "--format", "md").stdout
    assert md.startswith("| month | attributions |") and "| 2025-05 | 6 |" in md


def test_csv_and_markdown_keep_a_hostile_outlet_inert(prov: Prov, tmp_path: Path) -> None:
    outlet = '=HYPERLINK("http://x")<script>alert(1)</script>'
    prov.ok("import", str(second_article_bundle(tmp_path, outlet=outlet)))
    rows = list(csv.DictReader(io.StringIO(prov.ok("audit", "--by", "outlet",
                                                   "--format", "csv").stdout)))  # fmt: skip
    assert [r["outlet"] for r in rows] == ["'" + outlet]
    markdown = prov.ok("audit", "--by", "outlet", "--format", "md").stdout
    assert "<script>" not in markdown and "\\<script\\>" in markdown


def test_a_table_cell_too_wide_is_cut_with_an_ellipsis_even_beside_a_wrapped_one() -> None:
    from provenance.cli.output import render_table

    rows = [{"claim": "word " * 40, "sources": "the person familiar with Israeli deliberations"}]
    table = render_table(rows, ["claim", "sources"], width=60, wrap="claim")
    assert "the person familiar…" in table.split("\n")[2]


def test_library_counts_match_a_count_over_the_rows(two_articles: Prov) -> None:
    from collections import Counter

    from sqlalchemy import select

    from provenance.store.models import Attribution

    with Database(two_articles.target) as database, database.session() as session:
        expected: dict[int, Counter] = {}
        for doc_id, strength in session.execute(
            select(Attribution.document_id, Attribution.strength)
        ):
            expected.setdefault(doc_id, Counter())[strength] += 1
        rows = audit(session)
        total = total_row(rows)
    assert {r.key: {s: n for s, n in r.counts.items() if n} for r in rows} == expected
    assert total.unnamed == 13 and total.sourced == 31


def test_the_command_offers_what_the_library_knows() -> None:
    from provenance.audit import ratios as library
    from provenance.cli import audit as command
    from provenance.cli import audit_report as report

    assert command.GROUPINGS == library.GROUPINGS
    assert command.COUNTINGS == library.COUNTINGS
    assert list(report.TABLE_HEADERS) == list(library.STRENGTH_CLASSES)


def test_audit_refuses_an_unknown_grouping(database: Database) -> None:
    from provenance.errors import BadInput

    with database.session() as session, pytest.raises(BadInput, match="choose one of"):
        audit(session, by="beat")


# ----------------------------------------------------------------------- gating


def test_fail_above_exits_1_and_names_the_document(two_articles: Prov) -> None:
    result = two_articles("audit", "--fail-above", "0.4")
    assert result.exit_code == 1
    assert "1 document(s) with an unnamed-source ratio above 0.4:" in result.stderr
    assert "document 1 “Israel and Turkey launch talks" in result.stderr
    assert "42.3% (11/26)" in result.stderr
    # document 2 is exactly at 0.4 (2/5), which does not exceed it
    assert "document 2" not in result.stderr
    assert "11/26" in result.stdout  # the table is still printed


def test_fail_above_exits_0_when_no_document_exceeds(two_articles: Prov) -> None:
    result = two_articles("audit", "--fail-above", "0.45")
    assert result.exit_code == 0, result.output
    assert "ok: no document" in result.stderr


def test_fail_above_gates_the_chosen_grouping(two_articles: Prov) -> None:
    result = two_articles("audit", "--by", "outlet", "--fail-above", "0.41")
    assert result.exit_code == 1
    assert "outlet Financial Times" in result.stderr
    assert two_articles("audit", "--by", "outlet", "--fail-above", "1").exit_code == 0


def test_fail_above_fails_when_the_filters_leave_nothing_to_check(two_articles: Prov) -> None:
    for filters in (["--doc", "99"], ["--outlet", "Financial Tmes"]):
        result = two_articles("audit", *filters, "--fail-above", "0.4")
        assert result.exit_code == 1, filters
        assert "nothing to check" in result.stderr


def test_fail_above_must_be_a_ratio(two_articles: Prov) -> None:
    assert two_articles("audit", "--fail-above", "nan").exit_code == 2
    result = two_articles("audit", "--fail-above", "40")
    assert result.exit_code == 2
    assert "0<=x<=1" in result.output or "0<=" in result.output


# ----------------------------------------------------------------------- detail


def test_detail_lists_every_unnamed_attribution_with_its_span(
    two_articles: Prov, seed_text: str
) -> None:
    items = _json(two_articles, "--doc", "1", "--detail")
    assert len(items) == 11
    for item in items:
        assert item["strength"] in {"anonymous_described", "anonymous_vague"}
        assert seed_text[item["content_start"] : item["content_end"]] == item["content"]
        if item["source"] is not None:
            assert seed_text[item["source_start"] : item["source_end"]] == item["source"]
    official = [i for i in items if i["speaker"] == "a former senior Israeli official"]
    assert [i["source"] for i in official] == [
        "a former senior Israeli official",
        "the official",
        None,
    ]
    assert [i["content_start"] for i in items] == sorted(i["content_start"] for i in items)
    table = two_articles.ok("audit", "--doc", "1", "--detail").stdout
    assert "the official" in table and "11 unnamed attribution(s)" in table
    assert "(none: the quote runs on from the previous one)" in table
    at = seed_text.index("the official added")
    assert f"    source  [{at}, {at + len('the official')})   the official" in table


def test_detail_needs_an_existing_document(two_articles: Prov) -> None:
    missing = two_articles("audit", "--detail")
    assert missing.exit_code == 2 and "add --doc ID" in missing.output
    unknown = two_articles("audit", "--detail", "--doc", "99")
    assert unknown.exit_code == 1 and "no document 99" in unknown.output
    assert "Traceback" not in unknown.output


def test_detail_from_the_library(database: Database) -> None:
    from provenance.interchange.seed import load_seed
    from provenance.store.history import default_actor

    with database.session() as session:
        document, _ = load_seed(session, actor=default_actor())
        items = unnamed_detail(session, document.id)
    assert len(items) == 11
    assert {i.speaker for i in items} >= {"a person familiar with the matter"}


def test_detail_and_unsupported_do_not_mix_with_the_table_options(two_articles: Prov) -> None:
    both = two_articles("audit", "--detail", "--unsupported", "--doc", "1")
    assert both.exit_code == 2 and "pick one" in both.output
    charted = two_articles("audit", "--unsupported", "--chart", "x.svg")
    assert charted.exit_code == 2 and "--chart" in charted.output


# ---------------------------------------------------------- unsupported claims


def test_unsupported_on_the_seed_lists_every_claim(seeded: Prov) -> None:
    claims = _json(seeded, "--unsupported")
    reasons = [c["reason"] for c in claims]
    # one article: every claim rests on one source; the 11 unnamed ones come first
    assert reasons == ["single unnamed source"] * 11 + ["single named source"] * 15
    table = seeded.ok("audit", "--unsupported").stdout
    assert "26 claim(s)" in table and f"≥ {CORROBORATION_THRESHOLD:.0f}/100" in table


def test_unsupported_counts_corroboration_across_documents(two_articles: Prov) -> None:
    claims = {c["text"]: c for c in _json(two_articles, "--unsupported")}

    # repeated word for word and attributed to a named source: supported now
    assert "US representatives were also involved in the meeting" not in claims

    # reworded in the second article, and again by unnamed officials only
    seed_bases = claims[f"Last week, {AIR_BASES}"]
    assert seed_bases["reason"] == "only unnamed sources"
    assert (seed_bases["sources"], seed_bases["documents"]) == (2, [1, 2])
    assert claims[AIR_BASES]["matched_claims"] == [seed_bases["claim"]]

    # reworded, but by the same speaker: still one source
    fidan = claims[FIDAN_REWORDED]
    assert fidan["reason"] == "single named source"
    assert (fidan["sources"], fidan["documents"], fidan["speakers"]) == (1, [1, 2], ["Hakan Fidan"])

    # "would not continue" is not "would continue": no corroboration either way
    assert claims["the talks would continue"]["documents"] == [1]
    assert claims["the talks would not continue"]["documents"] == [2]

    assert claims["the next round would be held in June"]["reason"] == "single unnamed source"


def test_unsupported_examines_the_filtered_claims_against_all_documents(
    two_articles: Prov,
) -> None:
    claims = _json(two_articles, "--unsupported", "--doc", "2")
    texts = {c["text"] for c in claims}
    assert texts == {
        AIR_BASES,
        FIDAN_REWORDED,
        "the talks would not continue",
        "the next round would be held in June",
    }
    unnamed_only = _json(two_articles, "--unsupported", "--doc", "2", "--unnamed")
    assert {c["text"] for c in unnamed_only} == {AIR_BASES, "the next round would be held in June"}


def test_unsupported_from_the_library_with_a_stricter_threshold(two_articles: Prov) -> None:
    with Database(two_articles.target) as database, database.session() as session:
        strict = unsupported_claims(session, AttributionFilter(documents=[2]), threshold=99)
    fidan = next(c for c in strict if c.text == FIDAN_REWORDED)
    assert fidan.documents == [2]  # 97.6 is below 99: the rewording is not matched


# --------------------------------------------------------- the matching threshold


def test_no_two_distinct_seed_claims_reach_the_threshold() -> None:
    claims = {matching_text(a.content.exact) for a in read_seed().attributions}
    scores = [similarity(a, b) for a, b in itertools.combinations(sorted(claims), 2)]
    assert max(scores) < 60 < CORROBORATION_THRESHOLD


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (f"Last week, {AIR_BASES}", AIR_BASES),
        (
            "it was “natural” Israel be added to a pre-existing deconfliction mechanism for "
            "Syria, similar to those with the US, Russia and other regional states",
            FIDAN_REWORDED,
        ),
        (
            "The Israeli military is particularly concerned about the deployment of Turkish "
            "air defences",
            "the Israeli military is particularly concerned about the deployment of Turkish "
            "air defenses",
        ),
        (
            "Israel and Turkey have launched talks to avoid clashes inside Syria",
            "Israel and Turkey launched talks to avoid clashes in Syria",
        ),
        ("“The talks will go on,”", '"the talks will go on"'),
    ],
)
def test_rewordings_of_one_claim_reach_the_threshold(one: str, other: str) -> None:
    assert similarity(one, other) >= CORROBORATION_THRESHOLD


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("the talks would continue", "the talks would not continue"),
        ("the talks would continue", "the talks wouldn’t continue"),
        ("Israeli jets struck Turkish air bases", "Turkish jets struck Israeli air bases"),
        (
            "the Turkish leader an antisemite and a dictator",
            "the Israeli leader an antisemite and a dictator",
        ),
        ("Netanyahu to Adolf Hitler", "Erdogan to Adolf Hitler"),
    ],
)
def test_different_claims_stay_below_the_threshold(one: str, other: str) -> None:
    assert similarity(one, other) < CORROBORATION_THRESHOLD
    assert match_claims({1: one}, {1: one, 2: other}) == {1: set()}


_words = st.sampled_from("the talks would not continue Israel Turkey struck bases a of".split())
_claims = st.lists(_words, min_size=1, max_size=9).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(
    wanted=st.dictionaries(st.integers(0, 30), _claims, max_size=6),
    pool=st.dictionaries(st.integers(0, 30), _claims, max_size=12),
    threshold=st.sampled_from([1.0, 50.0, 80.0, CORROBORATION_THRESHOLD, 100.0]),
)
def test_match_claims_finds_exactly_the_pairs_a_full_scan_finds(
    wanted: dict[int, str], pool: dict[int, str], threshold: float
) -> None:
    """Narrowing by length must never lose a match the threshold allows."""
    expected = {
        cid: {
            other
            for other, text in pool.items()
            if other != cid and similarity(wanted[cid], text) >= threshold
        }
        for cid in wanted
    }
    assert match_claims(wanted, pool, threshold=threshold) == expected


_news_text = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnoprstuvwxyz ĞğüéçøßİıÉ’‘“”—–-,.;:!?'\"")),
    max_size=40,
)


@settings(max_examples=200)
@given(_news_text)
def test_a_stored_claim_key_matches_as_its_text_does(text: str) -> None:
    """unsupported_claims compares the stored keys (already folded) to save a million
    foldings; that must give the very form the text itself would."""
    from provenance.attributions.recording import claim_key

    assert matching_key(claim_key(text)) == matching_text(text)


def test_match_claims_reports_its_progress() -> None:
    seen: list[tuple[int, int]] = []
    wanted = {1: "the talks would continue", 2: "the next round would be held in June"}
    match_claims(wanted, {**wanted, 3: "talks would continue"}, progress=lambda *p: seen.append(p))
    assert seen == [(1, 2), (2, 2)]


# --------------------------------------------------------------- human output


@settings(max_examples=100)
@given(unnamed=st.integers(0, 50), named=st.integers(0, 50), own=st.integers(0, 5))
def test_the_ratio_cell_states_percentage_bar_and_count(unnamed: int, named: int, own: int) -> None:
    counts = dict.fromkeys(STRENGTHS, 0)
    counts.update(anonymous_vague=unnamed, on_record=named, unattributed=own)
    row = AuditRow("document", 1, "t", counts)
    cell = ratio_cell(row)
    assert cell.endswith(f"{unnamed}/{unnamed + named}" if unnamed + named else "0/0")
    if unnamed + named:
        assert row.unnamed_ratio == unnamed / (unnamed + named)
        shown = float(cell.split("%")[0])
        assert shown == pytest.approx(100 * unnamed / (unnamed + named), abs=0.05 + 1e-9)
    else:
        assert row.unnamed_ratio is None and "n/a" in cell


@given(st.floats(0, 1), st.floats(0, 1))
def test_the_bar_has_a_fixed_width_and_grows_with_the_ratio(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert len(ratio_bar(low)) == len(ratio_bar(high)) == BAR_CELLS
    filled = " ▏▎▍▌▋▊▉█"
    weight = [sum(filled.index(c) for c in ratio_bar(r)) for r in (low, high)]
    assert weight[0] <= weight[1]
    assert ratio_bar(0.0).strip() == "" and ratio_bar(1.0) == "█" * BAR_CELLS


# ------------------------------------------------------------------ start-up


def test_audit_imports_neither_rapidfuzz_nor_alembic(two_articles: Prov, tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from provenance.cli import cli\n"
        "try:\n"
        f"    cli(['--db', {two_articles.target!r}] + sys.argv[1:], prog_name='prov')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'rapidfuzz', 'alembic'}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}

    def loaded(*args: str) -> str:
        run = subprocess.run(
            [sys.executable, "-c", script, *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            check=True,
        )
        return run.stdout.strip().splitlines()[-1]

    assert loaded("audit", "--by", "outlet") == "[]"
    assert "rapidfuzz" in loaded("audit", "--unsupported")


def test_a_revised_article_counts_once(seeded: Prov, tmp_path: Path) -> None:
    seed = Path(__file__).resolve().parent.parent / "seeds" / "ft-israel-turkey-syria-2025-04.txt"
    revised = tmp_path / "v2.txt"
    revised.write_text("UPDATED.\n" + seed.read_text(encoding="utf-8"), encoding="utf-8")
    seeded.ok("revise", "1", str(revised))
    [outlet] = _json(seeded, "--by", "outlet")
    assert (outlet["attributions"], outlet["unnamed_ratio"]) == (35, 11 / 26)
    both = _json(seeded, "--by", "outlet", "--all-versions")
    assert both[0]["attributions"] == 70
    assert [r["document"] for r in _json(seeded)] == [2]
    assert [r["document"] for r in _json(seeded, "--doc", "1")] == [1]  # any version, by id
    hits = json.loads(seeded.ok("search", "deconfliction", "--format", "json").stdout)
    assert len(hits) == 3 and {h["document"] for h in hits} == {2}
    everything = seeded.ok("search", "deconfliction", "--all-versions", "--format", "json")
    assert len(json.loads(everything.stdout)) == 6
