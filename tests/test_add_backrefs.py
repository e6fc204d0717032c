"""``prov add --source "the candidate"`` follows a definite role description back to the
speaker the article named earlier, as it does for "he" and "the official", and says so
when it finds no one and makes a new unnamed source. Both backends, the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Prov

ARTICLE = (
    "Donald Trump, the Republican presidential candidate, said the wall would be built. "
    "The candidate added that Mexico would pay. "
    "Senator Ben Cardin said the plan was absurd. "
    "The senator added that he would vote no. "
    "The spokesman said nothing more.\n"
)


@pytest.fixture()
def article(prov: Prov, tmp_path: Path) -> Prov:
    path = tmp_path / "candidate.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    prov.ok("ingest", str(path), "--title", "Wall")
    prov.ok("add", "--doc", "1", "--quote", "the wall would be built", "--source",
            "Donald Trump, the Republican presidential candidate", "--cue", "said")  # fmt: skip
    prov.ok("add", "--doc", "1", "--quote", "the plan was absurd", "--source",
            "Senator Ben Cardin", "--cue", "said")  # fmt: skip
    return prov


def _speaker_of(prov: Prov, attribution_id: str) -> dict:
    return json.loads(prov.ok("show", attribution_id, "--format", "json").stdout)


@pytest.mark.parametrize(
    ("quote", "mention", "speaker"),
    [
        ("Mexico would pay", "The candidate", "Donald Trump"),
        ("he would vote no", "The senator", "Ben Cardin"),
    ],
)
def test_a_role_description_finds_the_named_speaker(
    article: Prov, quote: str, mention: str, speaker: str
) -> None:
    result = article.ok("add", "--doc", "1", "--quote", quote, "--source", mention)
    shown = _speaker_of(article, result.stdout.strip())
    assert (shown["speaker"], shown["speaker_type"], shown["strength"]) == (
        speaker,
        "person",
        "on_record",
    )
    assert "points back to someone" not in result.stderr


def test_a_role_nobody_fits_says_it_made_a_new_unnamed_source(article: Prov) -> None:
    result = article.ok("add", "--doc", "1", "--quote", "nothing more", "--source",
                        "The spokesman")  # fmt: skip
    assert (
        "'The spokesman' points back to someone, but no earlier speaker of document 1 fits "
        "it; recorded as a new unnamed source 'the spokesman'" in result.stderr
    )
    shown = _speaker_of(article, result.stdout.strip())
    assert shown["speaker_type"] == "unnamed"
