"""Where a search looks: the quote and the source by default, the title only when asked
(``--in title``), and each hit says where its words were found. Both backends, through
the real CLI; expected hits are worked out from the stored rows by plain string tests."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import Prov


def _hits(prov: Prov, *args: str) -> list[dict]:
    return json.loads(prov.ok("search", *args, "--limit", "1000", "--format", "json").stdout)


def _rows(prov: Prov) -> list[dict]:
    return json.loads(prov.ok("export", "--format", "json").stdout)


def test_a_title_word_does_not_make_every_attribution_a_hit(seeded: Prov) -> None:
    rows = _rows(seeded)
    assert all("talks" in (r["title"] or "").casefold() for r in rows)  # the seed's title
    expected = {
        r["id"]
        for r in rows
        if "talks" in r["quote"].casefold() or "talks" in (r["speaker"] or "").casefold()
    }
    hits = _hits(seeded, "talks")
    assert {h["id"] for h in hits} == expected
    assert 0 < len(expected) < len(rows)
    assert all(h["matched"] == ["quote"] for h in hits)


def test_in_title_finds_every_attribution_of_the_article(seeded: Prov) -> None:
    rows = _rows(seeded)
    hits = _hits(seeded, "talks", "--in", "title")
    assert {h["id"] for h in hits} == {r["id"] for r in rows}
    assert all(h["matched"] == ["title"] for h in hits)
    both = _hits(seeded, "talks", "--in", "quote", "--in", "title")
    assert {h["id"] for h in both} == {r["id"] for r in rows}
    in_quote = {h["id"] for h in both if "quote" in h["matched"]}
    assert in_quote == {r["id"] for r in rows if "talks" in r["quote"].casefold()}


def test_in_source_looks_at_the_speakers_names(seeded: Prov) -> None:
    rows = _rows(seeded)
    hits = _hits(seeded, "Fidan", "--in", "source")
    assert {h["id"] for h in hits} == {r["id"] for r in rows if r["speaker"] == "Hakan Fidan"}
    assert all(h["matched"] == ["source"] for h in hits)
    quoted = _hits(seeded, "Fidan", "--in", "quote")
    assert {h["id"] for h in quoted} == {r["id"] for r in rows if "fidan" in r["quote"].casefold()}


def test_a_word_only_in_the_headline(prov: Prov, tmp_path: Path) -> None:
    path = tmp_path / "headline.txt"
    path.write_text("The minister said the budget was balanced.\n", encoding="utf-8")
    prov.ok("ingest", str(path), "--title", "Minister groped for answers")
    prov.ok("add", "--doc", "1", "--quote", "the budget was balanced", "--speaker",
            "Jane Doe", "--speaker-type", "person")  # fmt: skip
    nothing = prov.ok("search", "groped")
    assert "no attribution matches groped" in nothing.stderr
    (hit,) = _hits(prov, "groped", "--in", "title")
    assert hit["matched"] == ["title"]
    terminal = prov.ok("search", "groped", "--in", "title").stdout
    assert terminal.splitlines()[0].endswith("· in title")


@pytest.mark.parametrize(
    ("query", "fields", "leave_out"),
    [
        ("Erdogan", ("--in", "source"), None),
        ('"Recep Tayyip"', ("--in", "source"), None),
        # an excluded word is looked for where the others are: not in the source here
        ("Erdogan -genocide", ("--in", "source"), None),
        ("Erdogan -genocide", ("--in", "source", "--in", "quote"), "genocide"),
    ],
)
def test_the_source_field_folds_and_excludes_as_the_quote_does(
    seeded: Prov, query: str, fields: tuple[str, ...], leave_out: str | None
) -> None:
    rows = _rows(seeded)
    hits = _hits(seeded, query, *fields)
    in_quote = "quote" in fields
    wanted = {
        r["id"]
        for r in rows
        if (
            r["speaker"] == "Recep Tayyip Erdoğan" or (in_quote and "erdogan" in _plain(r["quote"]))
        )
        and not (leave_out and leave_out in r["quote"].casefold())
    }
    assert wanted and {h["id"] for h in hits} == wanted


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
