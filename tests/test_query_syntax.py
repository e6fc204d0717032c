"""Parsing what people type into ``prov search``, and rendering it safely for FTS5 and
PostgreSQL: the rules by example, then properties over any string at all, checked by
the real engines (the migrated ``attribution_fts`` table and ``to_tsquery`` with the
``prov_fold`` configuration)."""

from __future__ import annotations

import itertools
import re
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from provenance.errors import BadInput
from provenance.search.syntax import MAX_TERMS, SearchQuery, Term, parse_query, word_spans
from provenance.store.database import Database
from provenance.store.fulltext import fulltext_for

FTS5 = fulltext_for("sqlite")
TSQUERY = fulltext_for("postgresql")


def terms(query: str) -> list[str]:
    return [str(t) for t in parse_query(query).terms]


# ------------------------------------------------------------------ the rules


def test_words_phrases_and_exclusions() -> None:
    assert terms("deconfliction") == ["deconfliction"]
    assert terms('"buffer zone" talks') == ['"buffer zone"', "talks"]
    assert terms("talks -Syria") == ["talks", "-Syria"]
    assert terms('talks -"buffer zone"') == ["talks", '-"buffer zone"']
    assert terms("+talks") == ["talks"]
    assert terms("talks −Syria") == ["talks", "-Syria"]  # a typographic minus


def test_pasted_quotes_of_any_kind_make_a_phrase() -> None:
    for quoted in ("“buffer zone”", "„buffer zone“", "«buffer zone»", '"buffer zone”'):
        assert terms(quoted) == ['"buffer zone"'], quoted


def test_an_unclosed_quote_runs_to_the_end() -> None:
    assert terms('talks "buffer zone') == ["talks", '"buffer zone"']
    assert terms('talks"') == ["talks"]


def test_punctuation_inside_a_word_keeps_its_parts_together() -> None:
    assert terms("Erdoğan's") == ['"Erdoğan s"']
    assert terms("F-16 U.S.") == ['"F 16"', '"U S"']
    assert parse_query("pre-existing").terms == (Term(("pre", "existing")),)


def test_operators_and_column_filters_are_just_words() -> None:
    assert terms("talks AND Syria") == ["talks", "AND", "Syria"]
    assert terms("NEAR(talks mechanism, 2)") == ["NEAR", "talks", "mechanism", "2"]
    assert terms("title:Syria") == ["title", "Syria"]
    assert terms("talk* ^zone") == ["talk", "zone"]
    assert terms("-title:Syria talks") == ["-title", "-Syria", "talks"]
    assert terms("'; DROP TABLE attributions; --") == ["DROP", "TABLE", "attributions"]


def test_repeated_terms_count_once() -> None:
    assert terms("talks Talks TALKS") == ["talks"]


@pytest.mark.parametrize("query", ["", "   ", '""', "-- ; * ^ ()", "“”"])
def test_nothing_to_search_for_is_one_line_saying_what_to_type(query: str) -> None:
    with pytest.raises(BadInput, match="no words to search for") as caught:
        parse_query(query)
    assert "\n" not in str(caught.value)


def test_a_query_that_only_excludes_is_refused() -> None:
    with pytest.raises(BadInput, match="only excludes"):
        parse_query("-talks -Syria")


def test_an_overlong_query_is_refused() -> None:
    with pytest.raises(BadInput, match="at most"):
        parse_query(" ".join(f"w{i}" for i in range(MAX_TERMS + 1)))


def test_rendering_quotes_every_token() -> None:
    query = parse_query('deconfliction "buffer zone" -talks')
    every = ("quote", "source", "title")
    assert FTS5.render(query.terms, every) == '("deconfliction" AND "buffer zone") NOT "talks"'
    assert (
        TSQUERY.render(query.terms, every) == "'deconfliction' & ('buffer' <-> 'zone') & !'talks'"
    )


def test_rendering_holds_the_terms_to_the_fields_asked_for() -> None:
    query = parse_query('deconfliction "buffer zone" -talks')
    # by default the quote (content, claim) and the source (speaker), not the title
    assert FTS5.render(query.terms) == (
        '{content claim speaker} : (("deconfliction" AND "buffer zone") NOT "talks")'
    )
    assert TSQUERY.render(query.terms) == (
        "'deconfliction':ABD & ('buffer':ABD <-> 'zone':ABD) & !'talks':ABD"
    )
    assert FTS5.render(query.terms, ("title",)).startswith("{title} : (")
    assert TSQUERY.render(query.terms, ("title",)).startswith("'deconfliction':C &")
    assert TSQUERY.render(query.terms, ("source",)).startswith("'deconfliction':D &")


def test_highlight_keys_fold_case_and_diacritics() -> None:
    assert parse_query("Erdoğan -Trump").highlight_keys() == {"erdogan"}


# ------------------------------------------------------------------ any string at all

HOSTILE_PIECES = [
    '"',
    "“",
    "”",
    "«",
    "'",
    "-",
    "+",
    "*",
    "^",
    ":",
    "(",
    ")",
    "{",
    "}",
    "\\",
    ";",
    "&",
    "|",
    "!",
    "<->",
    ":*",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(",
    "title:",
    "content:",
    "rank",
    "SELECT",
    "--",
    "/*",
    "%",
    "\x00",
    "\u0301",
    "İ",
    "ß",
    "Erdoğan",
    "talks",
    " ",
]
QUERIES = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(HOSTILE_PIECES), max_size=12).map("".join),
    st.lists(
        st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(string.ascii_letters, max_size=6)),
        max_size=10,
    ).map(" ".join),
)

_FTS5_STRING = r'"(?:[^"]|"")*"'
_FTS5_EXPRESSION = rf"\({_FTS5_STRING}(?: AND {_FTS5_STRING})*\)(?: NOT {_FTS5_STRING})*"
_FTS5_COLUMNS = r"\{(?:content|claim|speaker|title)(?: (?:content|claim|speaker|title))*\}"
_FTS5_SHAPE = re.compile(rf"{_FTS5_EXPRESSION}|{_FTS5_COLUMNS} : \({_FTS5_EXPRESSION}\)")
_LEXEME = r"'(?:[^'\\]|''|\\\\)*'(?::[ABCD]+)?"
_PHRASE = rf"(?:{_LEXEME}|\({_LEXEME}(?: <-> {_LEXEME})+\))"
_TSQUERY_SHAPE = re.compile(rf"{_PHRASE}(?: & !?{_PHRASE})*")


FIELD_SETS = [
    fields for n in (1, 2, 3) for fields in itertools.combinations(("quote", "source", "title"), n)
]


def parsed_or_refused(query: str) -> SearchQuery | None:
    try:
        return parse_query(query)
    except BadInput as refused:
        assert "\n" not in str(refused)
        return None


@given(QUERIES)
def test_any_string_parses_into_word_tokens_or_is_refused(query: str) -> None:
    parsed = parsed_or_refused(query)
    if parsed is None:
        return
    assert parsed.included
    for term in parsed.terms:
        assert term.tokens
        for token in term.tokens:
            assert word_spans(token) == [(0, len(token))]


@given(QUERIES)
def test_renderings_are_only_quoted_tokens_and_fixed_operators(query: str) -> None:
    parsed = parsed_or_refused(query)
    if parsed is None:
        return
    for fields in FIELD_SETS:
        fts5, tsquery = FTS5.render(parsed.terms, fields), TSQUERY.render(parsed.terms, fields)
        assert _FTS5_SHAPE.fullmatch(fts5), fts5
        assert _TSQUERY_SHAPE.fullmatch(tsquery), tsquery


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=QUERIES)
def test_the_real_engine_accepts_every_rendering(database: Database, query: str) -> None:
    parsed = parsed_or_refused(query)
    if parsed is None:
        return
    with database.engine.connect() as connection:
        if database.is_sqlite:
            connection.execute(
                text("SELECT rowid FROM attribution_fts WHERE attribution_fts MATCH :q"),
                {"q": FTS5.render(parsed.terms)},
            ).all()
        else:
            connection.execute(
                text("SELECT to_tsquery('prov_fold', :q)"), {"q": TSQUERY.render(parsed.terms)}
            ).all()
