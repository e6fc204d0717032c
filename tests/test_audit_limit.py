"""``audit --limit N`` chooses its groups in the database and gives exactly the first N
rows of the whole audit, ties at the cut included in the choice, in every grouping and
counting, on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provenance.audit.ratios import audit
from provenance.errors import BadInput
from provenance.store.database import Database
from tests.conftest import Prov

GROUPINGS = ("document", "outlet", "speaker", "month")


@pytest.fixture()
def corpus(seeded: Prov, tmp_path: Path) -> Prov:
    """The seed and twelve small articles over three outlets and months, several with
    an unnamed source of one name, so that many groups tie in ratio and size."""
    lines = []
    for n in range(12):
        text = (
            f"Officials met in city {n}. A person familiar with the matter said talks "
            f"would resume in week {n}. Minister Number{n % 4} said the plan held.\n"
        )
        mention = "A person familiar with the matter"
        quote = f"talks would resume in week {n}"
        minister = f"Minister Number{n % 4}"
        held = "the plan held"
        lines.append(
            {
                "document": {
                    "title": f"Talks {n}",
                    "outlet": ["Gazette", "Ledger", "Courier"][n % 3],
                    "published": f"2025-0{1 + n % 3}-1{n % 9}",
                    "text": text,
                },
                "attributions": [
                    {
                        "speaker": {"name": "a person familiar with the matter",
                                    "type": "unnamed"},
                        "strength": "anonymous_vague",
                        "mode": "indirect",
                        "content": _span(text, quote),
                        "source": _span(text, mention),
                    },
                    {
                        "speaker": {"name": minister.removeprefix("Minister "),
                                    "type": "person"},
                        "strength": "on_record",
                        "mode": "indirect",
                        "content": _span(text, held),
                        "source": _span(text, minister),
                    },
                ][: 1 + (n % 2)],
            }
        )  # fmt: skip
    bundle = tmp_path / "corpus.jsonl"
    bundle.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    seeded.ok("import", str(bundle))
    return seeded


def _span(text: str, exact: str) -> dict:
    start = text.index(exact)
    return {"start": start, "end": start + len(exact), "exact": exact}


@pytest.mark.parametrize("by", GROUPINGS)
@pytest.mark.parametrize("count", ["attributions", "distinct-sources"])
def test_the_first_n_are_the_first_n_of_the_whole_audit(corpus: Prov, by: str, count: str) -> None:
    with Database(corpus.target) as database, database.session(write=False) as session:
        everything = audit(session, by=by, count=count)
        assert len(everything) > 3
        for limit in (1, 2, 3, 5, 8, len(everything) - 1, len(everything), 1000):
            limited = audit(session, by=by, count=count, limit=limit)
            assert limited == everything[:limit], (by, count, limit)


def test_the_command_says_it_shows_the_first_n(corpus: Prov) -> None:
    out = corpus.ok("audit", "--by", "speaker", "--limit", "2").stdout
    assert "the first 2 speakers (worst first); without --limit, all" in out
    rows = json.loads(corpus.ok("audit", "--by", "speaker", "--format", "json").stdout)
    first = json.loads(
        corpus.ok("audit", "--by", "speaker", "--limit", "4", "--format", "json").stdout
    )
    assert first == rows[:4]
    # unnamed sources of one name in several documents say which document each is
    labels = [r["speaker"] for r in rows if r["speaker"] == "a person familiar with the matter"]
    assert len(labels) > 1


def test_a_limit_below_one_is_refused(corpus: Prov) -> None:
    with (
        Database(corpus.target) as database,
        database.session(write=False) as session,
        pytest.raises(BadInput, match="at least 1"),
    ):
        audit(session, limit=0)
    assert corpus("audit", "--limit", "0").exit_code == 2
