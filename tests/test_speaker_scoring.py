"""Speaker scoring: the pre-filter batch work uses never changes whom a name resolves to."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.speakers.resolution import best_match, within_reach
from provenance.text.folding import fold_key

# Words that overlap, differ by a letter, or carry marks, so that names tie, nearly
# match and share tokens as real names do.
WORDS = [
    "hakan",
    "hakam",
    "fidan",
    "fidam",
    "recep",
    "tayyip",
    "erdoğan",
    "erdogan",
    "yusuf",
    "hannah",
    "sato",
    "satō",
    "donald",
    "trump",
    "j.",
    "h.",
    "netanyahu's",
    "office",
    "benjamin",
    "al-sharaa",
    "ahmed",
    "de",
    "blasio",
    "bill",
]
NAME = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)


@st.composite
def _near(draw: st.DrawFn, name: str) -> str:
    """``name`` with up to two letters changed, dropped or added: scores near the line."""
    letters = list(fold_key(name))
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        at = draw(st.integers(min_value=0, max_value=len(letters)))
        edit = draw(st.sampled_from(["change", "drop", "add"]))
        letter = draw(st.sampled_from("aeiouxz"))
        if edit == "add" or not letters or at == len(letters):
            letters.insert(at, letter)
        elif edit == "drop":
            del letters[at]
        else:
            letters[at] = letter
    return "".join(letters).strip() or "x"


@st.composite
def _case(draw: st.DrawFn) -> tuple[str, dict[int, list[str]]]:
    name = draw(NAME)
    keys = st.one_of(NAME.map(fold_key), _near(name), _near(name + " " + draw(NAME)))
    pool = draw(
        st.dictionaries(
            st.integers(min_value=1, max_value=30),
            st.lists(keys, min_size=1, max_size=3),
            max_size=12,
        )
    )
    return name, pool


@settings(max_examples=500, deadline=None)
@given(case=_case())
def test_the_keys_out_of_reach_never_change_the_choice(
    case: tuple[str, dict[int, list[str]]],
) -> None:
    name, pool = case
    own = {speaker_id: keys[0] for speaker_id, keys in pool.items()}
    chosen, _, _ = best_match(name, pool, own)
    assert best_match(name, within_reach(name, pool), own)[0] == chosen


def test_a_surname_shared_by_two_people_resolves_to_neither() -> None:
    pool = {1: ["yusuf sato"], 2: ["hannah sato"]}
    own = {1: "yusuf sato", 2: "hannah sato"}
    assert best_match("Sato", within_reach("Sato", pool), own)[0] is None
    assert best_match("Sato", within_reach("Sato", {1: ["yusuf sato"]}), {1: "yusuf sato"})[0] == 1
