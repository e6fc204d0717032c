"""``prov search`` and ``provenance.search.engine``: what a reporter finds, on both backends.

The seed is loaded once per backend for this module (searches only read), and every
test runs against SQLite and PostgreSQL through the real command line or library.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.attributions.filters import AttributionFilter
from provenance.errors import BadInput
from provenance.interchange.seed import load_seed
from provenance.search.context import hit_context
from provenance.search.engine import search
from provenance.search.suggestions import suggest_terms, unknown_words
from provenance.search.syntax import parse_query
from provenance.store.database import Database
from tests.conftest import Prov

FIELDS = [
    "id",
    "text",
    "speaker",
    "speaker_type",
    "strength",
    "mode",
    "document",
    "outlet",
    "published",
    "start",
    "end",
    "score",
    "matched",  # added with --in: where the words were found
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def seeded_target(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database holding the seed, made once per backend for this module."""
    if request.param == "sqlite":
        target = str(tmp_path_factory.mktemp("search") / "prov.db")
        drop = None
    else:
        server = request.getfixturevalue("pg_server")
        name = server.create()
        target, drop = server.url(name), (server, name)
    database = Database(target)
    with database.session() as session:
        load_seed(session, actor="test")
    database.close()
    yield target
    if drop is not None:
        drop[0].drop(drop[1])


@pytest.fixture()
def prov(seeded_target: str) -> Prov:
    return Prov(seeded_target)


@pytest.fixture()
def db(seeded_target: str) -> Iterator[Database]:
    database = Database(seeded_target)
    yield database
    database.close()


def hits(prov: Prov, *args: str) -> list[dict]:
    return json.loads(prov.ok("search", "--format", "json", "--limit", "100", *args).stdout)


def ids(prov: Prov, *args: str) -> list[int]:
    return [hit["id"] for hit in hits(prov, *args)]


# ------------------------------------------------------------------ what people type


def test_deconfliction_shows_the_three_attributions_marked_in_their_sentences(
    prov: Prov,
) -> None:
    out = prov.ok("search", "deconfliction").stdout
    blocks = [b for b in out.split("\n\n") if b.startswith("#")]
    assert len(blocks) == 3
    speakers = sorted(b.split("·")[0].split(maxsplit=1)[1].strip() for b in blocks)
    assert speakers == ["Hakan Fidan", "Hakan Fidan", "Israel and Turkey"]
    assert sum("on_record" in b for b in blocks) == 2
    assert sum("official_statement" in b for b in blocks) == 1
    for block in blocks:
        assert "*deconfliction*" in block  # the matched word, marked
        assert block.count("⟦") == 1 and block.count("⟧") == 1  # the span, bracketed
    # the span sits inside its sentence: the cue after the quote is shown too
    joined = " ".join(" ".join(b.split()) for b in blocks)
    assert "Iran,”⟧ he said." in joined
    assert "⟧, both countries said on Thursday." in joined
    assert out.rstrip().endswith("3 attributions match deconfliction")


def test_json_gives_the_design_fields_and_true_spans(prov: Prov, db: Database) -> None:
    from provenance.store.models import Document

    found = hits(prov, "deconfliction")
    assert [sorted(h) for h in found] == [sorted(FIELDS)] * 3
    with db.session() as session:
        for hit in found:
            text = session.get(Document, hit["document"]).text
            assert text[hit["start"] : hit["end"]] == hit["text"]
            assert "deconfliction" in hit["text"]
            assert hit["outlet"] == "Financial Times"
            assert hit["published"] == "2025-04-10"
            assert hit["score"] > 0
    scores = [h["score"] for h in found]
    assert scores == sorted(scores, reverse=True)


def test_every_format_carries_the_same_hits(prov: Prov) -> None:
    expected = ids(prov, "mechanism")
    lines = prov.ok("search", "mechanism", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == expected
    csv_rows = prov.ok("search", "mechanism", "--format", "csv").stdout.splitlines()
    assert csv_rows[0] == ",".join(FIELDS)
    assert [int(r.split(",")[0]) for r in csv_rows[1:]] == expected
    md_rows = prov.ok("search", "mechanism", "--format", "md").stdout.splitlines()
    assert md_rows[0].startswith("| id | text | speaker |")
    assert [int(r.split("|")[1]) for r in md_rows[2:]] == expected


def test_erdogan_typed_without_the_breve_finds_erdogan(prov: Prov) -> None:
    found = hits(prov, "Erdogan")
    assert {h["speaker"] for h in found} >= {"Recep Tayyip Erdoğan"}
    assert ids(prov, "ERDOĞAN") == ids(prov, "erdogan")
    out = prov.ok("search", "Erdogan").stdout
    assert "*Erdoğan*" in out


def test_a_quoted_phrase_needs_its_words_in_a_row(prov: Prov) -> None:
    assert ids(prov, '"buffer zone"') == [29]
    assert ids(prov, "“buffer zone”") == [29]  # pasted curly quotes
    assert ids(prov, '"zone buffer"') == []
    assert 29 in ids(prov, "zone buffer")


def test_a_minus_word_leaves_out_what_contains_it(prov: Prov) -> None:
    assert ids(prov, "deconfliction -Fidan") == [1]
    assert ids(prov, 'deconfliction -"regional states"') == [1, 19]
    # after "--", a query may begin with the minus
    assert set(ids(prov, "--", "-Fidan", "deconfliction")) == {1}


def test_words_hyphenated_and_with_apostrophes_match_as_written(prov: Prov) -> None:
    assert 18 in ids(prov, "pre-existing")
    assert 4 in ids(prov, "Netanyahu's office")  # the article writes Netanyahu’s


# ------------------------------------------------------------------ filters and pages


def test_filters_narrow_the_hits(prov: Prov) -> None:
    assert ids(prov, "deconfliction", "--speaker", "Fidan") == [18, 19]
    assert ids(prov, "deconfliction", "--strength", "official_statement") == [1]
    assert ids(prov, "deconfliction", "--unnamed") == []
    assert set(ids(prov, "deconfliction", "--named")) == {1, 18, 19}
    assert ids(prov, "deconfliction", "--mode", "direct") == [19]
    assert len(ids(prov, "deconfliction", "--outlet", "financial times")) == 3
    assert ids(prov, "deconfliction", "--outlet", "Reuters") == []
    assert len(ids(prov, "mechanism", "--since", "2025-01-01", "--until", "2025-12-31")) == 3
    assert ids(prov, "mechanism", "--since", "2026-01-01") == []
    assert len(ids(prov, "mechanism", "--doc", "1")) == 3
    unnamed = hits(prov, "talks", "--in", "title", "--strength", "anonymous_described", "--unnamed")
    assert unnamed and {h["strength"] for h in unnamed} == {"anonymous_described"}


def test_limit_and_offset_walk_through_every_hit_once(prov: Prov) -> None:
    every = ids(prov, "talks", "--in", "title")
    assert len(every) == 35  # the title holds "talks": every attribution matches
    pages = []
    for offset in range(0, 40, 8):
        pages += ids(prov, "talks", "--in", "title", "--limit", "8", "--offset", str(offset))
    assert pages == every
    tail = prov.ok("search", "talks", "--in", "title", "--limit", "8", "--offset", "32").stdout
    assert tail.rstrip().endswith("35 attributions match talks; showing 33–35")
    head = prov.ok("search", "talks", "--in", "title", "--limit", "8").stdout
    assert "next page: --offset 8" in head


def test_an_offset_past_the_end_says_where_the_end_is(prov: Prov) -> None:
    result = prov.ok("search", "deconfliction", "--offset", "10")
    assert "3 attributions match deconfliction; --offset 10 is past the last one" in result.output


def test_a_bad_limit_is_refused_in_one_line(prov: Prov) -> None:
    result = prov("search", "talks", "--limit", "0")
    assert result.exit_code == 2 and "Traceback" not in result.output
    result = prov("search", "talks", "--limit", "100000")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: --limit must be between 1 and 10000, not 100000"
    ]


# ------------------------------------------------------------------ no hits


def test_a_misspelling_gets_a_did_you_mean(prov: Prov) -> None:
    result = prov.ok("search", "deconflction")
    assert result.stderr.strip() == (
        "no attribution matches deconflction; did you mean deconfliction?"
    )
    assert result.stdout == ""
    several = prov.ok("search", "deconflction mechansim").stderr
    assert "did you mean 'deconfliction mechanism'?" in several
    phrase = prov.ok("search", '"buffer zonee"').stderr  # the rest of the query is kept
    assert "did you mean '\"buffer zone\"'?" in phrase
    excluding = prov.ok("search", "--", "deconflction -Fidan").stderr
    assert "did you mean 'deconfliction -Fidan'?" in excluding
    as_json = prov.ok("search", "deconflction", "--format", "json")
    assert json.loads(as_json.stdout) == []
    assert "did you mean deconfliction?" in as_json.stderr


def test_known_words_that_never_meet_say_so_instead(prov: Prov) -> None:
    result = prov.ok("search", "deconfliction", "--strength", "anonymous_vague")
    assert result.stderr.strip() == (
        "no attribution matches deconfliction with these filters; try fewer words or filters"
    )
    unknown = prov.ok("search", "zzyzx")
    assert unknown.stderr.strip() == "no attribution matches zzyzx: the index has no zzyzx"


def test_suggestions_come_from_the_index_vocabulary(db: Database) -> None:
    with db.session() as session:
        assert suggest_terms(session, "deconflction") == ["deconfliction"]
        assert suggest_terms(session, "Lindenstraus")[0] == "lindenstrauss"
        assert suggest_terms(session, "Erdgoan") == ["erdogan"]  # a swap is one edit
        assert suggest_terms(session, "deconfliction") == []  # the word itself is no suggestion
        assert suggest_terms(session, "qqqqqqq") == []
        assert unknown_words(session, parse_query("deconflction mechanism")) == ["deconflction"]


# ------------------------------------------------------------------ hostile input

HOSTILE = [
    '"buffer zone',
    'buffer zone"',
    '"',
    '""',
    "AND",
    "talks AND",
    "OR talks",
    "NOT talks",
    "NEAR(talks mechanism",
    "NEAR(talks mechanism, 2)",
    "talks*",
    "*",
    "^talks",
    "title:talks",
    "content:deconfliction",
    "{content claim}: talks",
    "'; DROP TABLE attributions; --",
    "talks') OR 1=1 --",
    "talks & !mechanism | (x <-> y)",
    "talks:* & 'x'",
    "\\",
    "' ''",
    "%_",
    "-",
    "--talks",
    "+talks",
    "talks -",
    "\u0301",
    "\x00talks",
    "ǅ ß İstanbul ①",
    "🙂 talks",
    "x" * 5000,
    " ".join(["talks"] * 40),
    " ".join(f"w{i}" for i in range(40)),
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_give_results_or_one_line(prov: Prov, query: str) -> None:
    result = prov("search", "--", query)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 1 or not result.stdout:
        assert len(result.output.strip().splitlines()) == 1, result.output


def test_an_offset_beyond_any_database_is_refused_in_one_line(prov: Prov) -> None:
    for offset in ("4611686018427387904", "99999999999999999999"):
        result = prov("search", "talks", "--offset", offset)
        assert result.exit_code == 2 and "--offset" in result.output
        assert "Traceback" not in result.output


def test_a_mistyped_option_is_not_taken_for_query_words(prov: Prov) -> None:
    result = prov("search", "Erdogan", "--speakr", "Trump")
    assert result.exit_code == 2
    assert "did you mean the option --speaker?" in result.output
    assert prov("search", "--", "--talks").exit_code == 1  # a "--word" that is no option
    helped = prov("search", "-h")  # alone, -h asks for help, as everywhere else
    assert helped.exit_code == 0 and helped.output.startswith("Usage: cli search")


def test_empty_and_exclusion_only_queries_explain_what_to_type(prov: Prov) -> None:
    empty = prov("search", "")
    assert empty.exit_code == 1
    assert 'type a word or a "quoted phrase"' in empty.output
    minus = prov("search", "--", "-talks")
    assert minus.exit_code == 1 and "only excludes" in minus.output


# ------------------------------------------------------------------ both backends agree

ORDERED = [
    "deconfliction",
    "mechanism",
    "Fidan",
    '"buffer zone"',
    "official",
    "Syria",
    "deconfliction -Fidan",
]
SAME_SET = ["Erdogan", "Israel", "talks", "Turkish official"]


def test_sqlite_and_postgresql_find_the_same_attributions(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    sqlite = Prov(str(tmp_path / "prov.db"))
    postgres = Prov(request.getfixturevalue("fresh_pg_url"))
    for prov in (sqlite, postgres):
        prov.ok("seed")
    for query in ORDERED:
        assert ids(sqlite, query) == ids(postgres, query), query
    for query in SAME_SET:
        assert set(ids(sqlite, query)) == set(ids(postgres, query)), query
        assert ids(sqlite, query)


PUNCTUATED = (
    "U.S. officials said the F-16 deal, first floated after 9/11, had grown 3.5 times; "
    "the report is at example.com and press@example.com answers. Erdoğan2 was the "
    "handle, and the pre-existing plan held."
)


def _punctuated_bundle() -> str:
    start = PUNCTUATED.index("the F-16")
    return json.dumps(
        {
            "document": {"title": "Punctuation", "outlet": "Les Échos", "text": PUNCTUATED},
            "attributions": [
                {
                    "speaker": {"name": "U.S. officials", "type": "unnamed"},
                    "strength": "anonymous_described",
                    "mode": "indirect",
                    "content": {
                        "start": start,
                        "end": len(PUNCTUATED),
                        "exact": PUNCTUATED[start:],
                    },
                }
            ],
        }
    )


def test_both_backends_split_fold_and_rank_words_alike(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Punctuated tokens, phrases over hyphens, field edges, words PostgreSQL cannot
    index, exclusions and outlet names: the two engines find the same attributions."""
    sqlite = Prov(str(tmp_path / "prov.db"))
    postgres = Prov(request.getfixturevalue("fresh_pg_url"))
    for prov in (sqlite, postgres):
        prov.ok("seed")
        prov.ok("import", "-", input=_punctuated_bundle() + "\n")
    found = ["U.S.", '"U.S. officials"', "F-16", "9/11", "3.5", "example.com", "report",
             "press@example.com", "Erdogan2", '"a pre-existing deconfliction"',
             '"the pre-existing plan"']  # fmt: skip
    nowhere = ['"Hitler Netanyahu"', '"Fidan Israel and Turkey"', "talks " + "a" * 3000,
               "talks ½", "talks \ue000"]  # fmt: skip
    for prov in (sqlite, postgres):
        for query in found:
            assert ids(prov, query), (prov.target, query)
        for query in nowhere:
            result = prov("search", "--format", "json", "--", query)
            assert json.loads(result.stdout) == [], (prov.target, query)
    for query in [*found, "Turkey", 'Turkey -"buffer zone"', "talks -Fidan"]:
        assert set(ids(sqlite, query)) == set(ids(postgres, query)), query
    for prov in (sqlite, postgres):
        # leaving a phrase out leaves the order of the rest as it was
        kept = set(ids(prov, 'Turkey -"buffer zone"'))
        assert [i for i in ids(prov, "Turkey") if i in kept] == ids(prov, 'Turkey -"buffer zone"')
        # every stored quote, pasted as a phrase, finds its own attribution
        for row in json.loads(prov.ok("export", "--format", "json").stdout):
            phrase = '"' + "".join(c for c in row["quote"] if c not in '"“”') + '"'
            assert row["id"] in ids(prov, phrase), (prov.target, row["quote"])
        assert ids(prov, "F-16", "--outlet", "les echos") == ids(prov, "F-16")
        assert ids(prov, "F-16", "--outlet", "Les%") == []
        assert ids(prov, "deconfliction", "--outlet", "Financial_Times") == []


# ------------------------------------------------------------------ the library


def test_the_library_returns_hits_with_context(db: Database) -> None:
    with db.session() as session:
        result = search(session, "deconfliction", filter=AttributionFilter(speaker="fidan"))
    assert result.total == 2 and not result.more
    for hit in result.hits:
        context = hit.context
        assert context.text[context.span[0] : context.span[1]] == hit.text
        assert "".join(t for t, _, _ in context.segments()) == context.text
        marked = [t for t, _, matched in context.segments() if matched]
        assert marked == ["deconfliction"]
        assert hit.as_dict()["speaker"] == "Hakan Fidan"


def test_the_library_refuses_a_bad_page(db: Database) -> None:
    with db.session() as session, pytest.raises(BadInput):
        search(session, "talks", offset=-1)


def test_search_imports_neither_alembic_nor_rapidfuzz_nor_the_extractor(
    seeded_target: str,
) -> None:
    script = (
        "import sys\n"
        "from provenance.cli import main\n"
        "sys.argv = ['prov', '--db', sys.argv[1], 'search', sys.argv[2]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('alembic', 'rapidfuzz', 'hypothesis', 'provenance.extract',"
        " 'provenance.interchange', 'provenance.store.migrate')\n"
        "print(sorted({m for m in sys.modules if m.startswith(heavy)}), file=sys.stderr)\n"
    )

    def loaded(word: str) -> str:
        run = subprocess.run(
            [sys.executable, "-c", script, seeded_target, word],
            capture_output=True,
            text=True,
            check=True,
        )
        return run.stderr.strip().splitlines()[-1]

    assert loaded("deconfliction") == "[]"
    # rapidfuzz comes in for a "did you mean", and only then
    assert "rapidfuzz" in loaded("deconflction")


# ------------------------------------------------------------------ sentences

WORDS = st.text(alphabet="abcdefghij", min_size=1, max_size=8)
SENTENCES = st.lists(WORDS, min_size=1, max_size=12).map(lambda ws: " ".join(ws) + ".")


@given(st.lists(SENTENCES, min_size=1, max_size=8), st.data())
def test_the_context_holds_the_span_and_whole_sentences(sentences: list[str], data) -> None:  # type: ignore[no-untyped-def]
    text = " ".join(sentences)
    # a span as stored: it begins and ends on a word
    words = [m.span() for m in re.finditer(r"\w+", text)]
    first = data.draw(st.integers(0, len(words) - 1))
    last = data.draw(st.integers(first, len(words) - 1))
    start, end = words[first][0], words[last][1]
    window_start = data.draw(st.integers(0, start))
    window = text[window_start : end + 300]
    query = parse_query(text[start:end].split()[0])
    context = hit_context(window, window_start, start, end, query)
    assert context.text[context.span[0] : context.span[1]] == text[start:end]
    assert text[context.start : context.start + len(context.text)] == context.text
    if not context.clipped_end:
        assert context.text.endswith(".")
    if not context.clipped_start and context.start > 0:
        assert text[context.start - 2 : context.start] == ". "
    wanted = query.included[0].tokens[0]
    assert all(context.text[s:e] == wanted for s, e in context.matches)
    assert len(context.matches) == len(re.findall(rf"\b{wanted}\b", context.text))


# ------------------------------------------------------------------ many matches


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A generated SQLite corpus (benchmarks/corpus.py) where common words match
    hundreds of attributions, some of them rejected."""
    from benchmarks.corpus import build_corpus

    path = build_corpus(tmp_path_factory.mktemp("corpus") / "corpus.db", documents=120)
    database = Database(path)
    yield database
    database.close()


EVERY_STRENGTH = (
    "on_record",
    "official_statement",
    "documentary",
    "anonymous_described",
    "anonymous_vague",
    "unattributed",
)


@pytest.mark.parametrize("statuses", [("confirmed", "proposed"), ("confirmed",), ("rejected",)])
@pytest.mark.parametrize(
    ("word", "limit", "offset"),
    [("government", 20, 0), ("talks", 7, 30), ("ceasefire", 50, 100), ("minister", 5, 900)],
)
def test_ranking_in_the_index_first_gives_the_exact_page(
    corpus: Database, word: str, limit: int, offset: int, statuses: tuple[str, ...]
) -> None:
    # naming every strength filters nothing, but makes search rank every match
    quick = AttributionFilter(statuses=statuses)
    thorough = AttributionFilter(statuses=statuses, strengths=EVERY_STRENGTH)
    with corpus.session() as session:
        fast = search(session, word, filter=quick, limit=limit, offset=offset)
        full = search(session, word, filter=thorough, limit=limit, offset=offset)
    assert full.total is not None and full.total > 0
    assert [h.id for h in fast.hits] == [h.id for h in full.hits]
    assert [h.score for h in fast.hits] == [h.score for h in full.hits]
    assert fast.more == full.more
    assert fast.total in (None, full.total)


def test_a_common_word_is_not_counted_but_pages_on(corpus: Database) -> None:
    with corpus.session() as session:
        result = search(session, "government")
    assert result.total is None and result.more and len(result.hits) == 20
    out = Prov(corpus.url.removeprefix("sqlite:///")).ok("search", "government").stdout
    footer = "at least 21 attributions match government; showing 1–20, next page: --offset 20"
    assert out.rstrip().endswith(footer)
