"""The fixed vocabularies of the domain: sourcing strength, speaker type, mode, status.

These are plain ``StrEnum``s so that they compare equal to the strings stored in the
database, written in bundles and printed in JSON.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "UNNAMED_STRENGTHS",
    "AttributionStatus",
    "Mode",
    "RecordedVia",
    "SourcingStrength",
    "SpeakerType",
    "default_strength",
    "unnamed_ratio",
]


class SourcingStrength(StrEnum):
    """How strongly the source of an attribution is identified (strongest first)."""

    ON_RECORD = "on_record"
    OFFICIAL_STATEMENT = "official_statement"
    DOCUMENTARY = "documentary"
    ANONYMOUS_DESCRIBED = "anonymous_described"
    ANONYMOUS_VAGUE = "anonymous_vague"
    UNATTRIBUTED = "unattributed"


UNNAMED_STRENGTHS = frozenset(
    {SourcingStrength.ANONYMOUS_DESCRIBED, SourcingStrength.ANONYMOUS_VAGUE}
)


class SpeakerType(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    UNNAMED = "unnamed"


class Mode(StrEnum):
    """How the content is reported: verbatim, partly quoted, or paraphrased."""

    DIRECT = "direct"
    MIXED = "mixed"
    INDIRECT = "indirect"


class AttributionStatus(StrEnum):
    """Where an attribution stands in review."""

    CONFIRMED = "confirmed"
    PROPOSED = "proposed"
    REJECTED = "rejected"


class RecordedVia(StrEnum):
    """How an attribution came to be recorded."""

    HAND = "hand"
    EXTRACTOR = "extractor"
    IMPORT = "import"
    SEED = "seed"
    REVISION = "revision"


# The strength a speaker of each type gets when nothing more is known about the source
# mention. An unnamed source that nothing describes has no affiliation or role beyond
# access, by definition anonymous_vague: the weaker class, so that an audit never
# credits a source with more identification than the article gives.
_DEFAULT_STRENGTH = {
    SpeakerType.PERSON: SourcingStrength.ON_RECORD,
    SpeakerType.ORGANIZATION: SourcingStrength.OFFICIAL_STATEMENT,
    SpeakerType.UNNAMED: SourcingStrength.ANONYMOUS_VAGUE,
}


def default_strength(speaker_type: str) -> SourcingStrength:
    """The strength of an attribution to a speaker of ``speaker_type`` when its source
    mention says no more: ``on_record`` for a person, ``official_statement`` for an
    organisation, ``anonymous_vague`` for an unnamed source."""
    return _DEFAULT_STRENGTH[SpeakerType(speaker_type)]


def unnamed_ratio(counts: dict[str, int]) -> float | None:
    """(anonymous_described + anonymous_vague) / all attributions except unattributed.

    ``counts`` maps strength class names to counts. ``None`` when nothing is sourced.
    """
    sourced = sum(n for k, n in counts.items() if k != SourcingStrength.UNATTRIBUTED)
    if sourced == 0:
        return None
    unnamed = sum(counts.get(k, 0) for k in UNNAMED_STRENGTHS)
    return unnamed / sourced
