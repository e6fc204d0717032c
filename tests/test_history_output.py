"""The history says when, unambiguously, and only what changed. Both backends."""

from __future__ import annotations

import datetime as dt
import json

from tests.conftest import Prov


def _history(prov: Prov) -> list[dict]:
    return json.loads(prov.ok("history", "--limit", "1000", "--format", "json").stdout)


def test_every_timestamp_carries_its_time_zone(seeded: Prov) -> None:
    now = dt.datetime.now(dt.UTC)
    entries = _history(seeded)
    assert entries
    for entry in entries:
        at = dt.datetime.fromisoformat(entry["at"])
        assert at.utcoffset() == dt.timedelta(0), entry["at"]
        assert abs((now - at).total_seconds()) < 600
    assert "+00:00" in seeded.ok("history", "--limit", "1").stdout


def test_a_change_that_changes_nothing_is_not_recorded(seeded: Prov) -> None:
    before = len(_history(seeded))
    seeded.ok("confirm", "1")  # confirmed already
    strength = json.loads(seeded.ok("show", "1", "--format", "json").stdout)["strength"]
    assert "unchanged" in seeded.ok("set-strength", "1", strength).output
    seeded.ok("speaker", "alias", "Hakan Fidan", "Hakan Fidan")
    assert len(_history(seeded)) == before
    seeded.ok("reject", "1")
    assert len(_history(seeded)) == before + 1


def test_the_library_records_no_decision_that_changes_nothing(seeded: Prov) -> None:
    from sqlalchemy import func, select

    from provenance.attributions.proposals import decide
    from provenance.store.database import Database
    from provenance.store.models import Attribution, Change

    with Database(seeded.target) as database, database.session() as session:
        before = session.scalar(select(func.count()).select_from(Change))
        attribution = session.get(Attribution, 1)
        assert attribution is not None and attribution.status == "confirmed"
        decide(session, attribution, "confirmed", actor="tester")
        session.flush()
        assert session.scalar(select(func.count()).select_from(Change)) == before
