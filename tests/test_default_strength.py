"""One default strength per speaker type, the same for every way of recording.

When a source mention says nothing more about a speaker, the speaker's type decides
the strength. It was written twice, and disagreed: an attribution added by hand to an
unnamed speaker became ``anonymous_described``, an extractor proposal
``anonymous_vague``.
"""

from __future__ import annotations

import pytest

from provenance.attributions.by_quote import add_by_quote
from provenance.documents.ingest import get_document
from provenance.store.database import Database
from provenance.vocabulary import SourcingStrength, SpeakerType, default_strength
from tests.conftest import Prov


@pytest.mark.parametrize(
    ("speaker_type", "strength"),
    [
        ("person", "on_record"),
        ("organization", "official_statement"),
        ("unnamed", "anonymous_vague"),
    ],
)
def test_each_speaker_type_has_one_default(speaker_type: str, strength: str) -> None:
    assert default_strength(speaker_type) == SourcingStrength(strength)
    assert default_strength(SpeakerType(speaker_type)) == SourcingStrength(strength)


def test_an_unnamed_speaker_added_by_quote_defaults_to_vague(seeded: Prov) -> None:
    """A speaker named by nothing the classifier can read (no letter in it) gets the
    default of its type; for an unnamed source that is anonymous_vague, as for a
    proposal."""
    with Database(seeded.target) as database, database.session() as session:
        added = add_by_quote(
            session,
            get_document(session, 1),
            "the talks would continue",
            speaker="?",
            speaker_type="unnamed",
            actor="test",
        )
        assert added.attribution.speaker is not None
        assert added.attribution.speaker.type == "unnamed"
        assert added.attribution.strength == "anonymous_vague"
