"""Comparison keys: what ``strip_diacritics`` and ``fold_key`` make of any text.

``strip_diacritics`` is defined by Unicode: decompose (NFKD), then drop every character
with a non-zero canonical combining class. The implementation translates through a
table filled as characters are met; these tests hold it to the definition on arbitrary
text, and to the forms news names take.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.text.folding import fold_key, strip_diacritics


def by_definition(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if unicodedata.combining(ch) == 0)


@given(st.text())
def test_strip_diacritics_is_nfkd_without_combining_marks(text: str) -> None:
    assert strip_diacritics(text) == by_definition(text)


MARKS = [chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))]


@given(st.text(alphabet=st.sampled_from(MARKS)))
def test_text_of_combining_marks_alone_strips_to_nothing(text: str) -> None:
    assert strip_diacritics(text) == ""


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Recep Tayyip  Erdoğan", "recep tayyip erdogan"),
        ("Erdog\u0306an", "erdogan"),  # decomposed already
        ("Netanyahu’s office", "netanyahu's office"),
        ("ＦＵＬＬ width", "full width"),  # compatibility forms fold too
        ("Müller\tSchön", "muller schon"),
        ("Łukasz", "łukasz"),  # a stroke is a letter of its own, not a mark
    ],
)
def test_fold_key_of_names(name: str, key: str) -> None:
    assert fold_key(name) == key


def test_the_same_text_folds_the_same_after_the_table_is_filled() -> None:
    text = "Çavuşoğlu said Şimşek and Dūdaitė agreed"
    first = strip_diacritics(text)
    assert strip_diacritics(text) == first == "Cavusoglu said Simsek and Dudaite agreed"
