"""Migrations are frozen: each revision carries its own copy of any rule it applies to
stored rows, so that upgrading gives the same database whatever prov later does.

These tests hold each frozen copy to the library's rule of today. When one fails, the
library's rule has changed: the old revision stays as it is, and the change comes with
a new revision that brings stored rows up to the new rule.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from provenance.speakers.resolution import _tokens as library_tokens
from provenance.text.folding import fold_key

VERSIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"
NAMES = [
    "Hakan Fidan",
    "Recep Tayyip Erdoğan",
    "Mr. Donald J. Trump",
    "Israeli Prime Minister Benjamin Netanyahu’s office",
    "Sen. Lindsey Graham",
    "Ahmed al-Sharaa",
    "Osama bin Laden",
    "Martin Luther King Jr.",
    "Bill de Blasio",
    "Gov. Chris Christie (R-N.J.)",
    "@realDonaldTrump",
    "a person familiar with the matter",
    "Les Échos",
    "  Financial   Times ",
    "Ｆｕｌｌ－ｗｉｄｔｈ Ｎａｍｅ",
    "Wałęsa",
    "İstanbul",
]


def _revision(prefix: str) -> ModuleType:
    path = next(VERSIONS.glob(f"{prefix}_*.py"))
    spec = importlib.util.spec_from_file_location(f"revision_{prefix}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", NAMES)
def test_0004_tokens_names_as_the_library_does(name: str) -> None:
    frozen = _revision("0004")
    assert frozen._tokens(fold_key(name)) == list(library_tokens(fold_key(name)))
    assert frozen._tokens(name) == list(library_tokens(name))


@pytest.mark.parametrize("name", NAMES)
def test_0006_folds_outlet_names_as_the_library_does(name: str) -> None:
    assert _revision("0006")._fold_key(name) == fold_key(name)


def test_0004_agrees_on_every_seed_speaker_name() -> None:
    from provenance.interchange.seed import read_seed

    frozen = _revision("0004")
    corpus = read_seed()
    names = {a.speaker for a in corpus.attributions if a.speaker}
    assert names, "the seed names its speakers"
    for name in names:
        assert frozen._tokens(fold_key(name)) == list(library_tokens(fold_key(name))), name


CLAIMS = [
    "“We will not allow a fait accompli,” he said.",
    "talks would resume  next week.",
    "a pre-existing deconfliction mechanism",
    "Erdoğan’s office said the talks “went well”",
    "Ｆｕｌｌ－ｗｉｄｔｈ",
]


@pytest.mark.parametrize("content", CLAIMS + NAMES)
def test_0011_keys_and_hashes_claims_as_the_library_does(content: str) -> None:
    from provenance.attributions.recording import (
        claim_key,
        claim_key_hash,
        claim_key_of,
        claim_text,
    )

    frozen = _revision("0011")
    stored = claim_text(content)
    assert frozen._claim_key(stored) == claim_key_of(stored) == claim_key(content)
    assert frozen._key_hash(claim_key(content)) == claim_key_hash(claim_key(content))
