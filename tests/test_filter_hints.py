"""A filter that names nothing stored says so, with the closest stored value, instead of
passing for an answer ("no unnamed sources at the Times"). Search, audit and export,
through the real CLI, on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Prov

TEXT = "The senator said the bill would pass. An aide said the vote was close.\n"


@pytest.fixture()
def times(prov: Prov, tmp_path: Path) -> Prov:
    path = tmp_path / "times.txt"
    path.write_text(TEXT, encoding="utf-8")
    prov.ok("ingest", str(path), "--outlet", "The New York Times", "--title", "Bill")
    prov.ok("add", "--doc", "1", "--quote", "the bill would pass", "--speaker",
            "Chuck Schumer", "--speaker-type", "person")  # fmt: skip
    return prov


COMMANDS = [
    ("search", "bill"),
    ("audit",),
    ("export", "--format", "csv"),
    ("export",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_an_outlet_named_almost_right_gets_the_stored_name(
    times: Prov, command: tuple[str, ...]
) -> None:
    result = times.ok(*command, "--outlet", "New York Times")
    assert "--outlet 'New York Times' is no stored outlet; did you mean 'The New York Times'?" in (
        result.stderr + result.stdout
    )
    found = times.ok(*command, "--outlet", "the new york times")
    assert "is no stored outlet" not in found.stderr + found.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_speaker_nobody_has_is_said(times: Prov, command: tuple[str, ...]) -> None:
    result = times.ok(*command, "--speaker", "Nobody")
    said = result.stderr + result.stdout
    assert (
        "--speaker 'Nobody' matches no speaker's name or alias; `prov speakers` lists them" in said
    )
    typo = times.ok(*command, "--speaker", "Chuck Schumar")
    assert "did you mean 'Chuck Schumer'?" in typo.stderr + typo.stdout


def test_a_filter_that_names_something_but_matches_nothing_is_not_blamed(times: Prov) -> None:
    result = times.ok("search", "bill", "--speaker", "Schumer", "--strength", "anonymous_vague")
    said = result.stderr + result.stdout
    assert "no attribution matches" in said
    assert "no stored outlet" not in said and "matches no speaker" not in said
