"""Name the speaker of each proposal, following back-references to earlier speakers.

The reading of a mention (who it names, which sourcing class it earns, whether it
points back) belongs to :mod:`provenance.language.backrefs`; this module only keeps the
article's running list of speakers in text order, which is what a back-reference
("he said", "the official added") is resolved against.
"""

from __future__ import annotations

from provenance.language.backrefs import resolve_source
from provenance.language.sources import SourceClass

__all__ = ["LOOK_BACK", "SpeakerTrail"]

LOOK_BACK = 300
"""How many of the most recent speakers a mention is resolved against. An article
cites far fewer; the bound keeps a huge input (a concatenated archive) linear."""


class SpeakerTrail:
    """The speakers met so far in one article, most recent last."""

    def __init__(self) -> None:
        self._earlier: list[SourceClass] = []

    def resolve(self, mention: str) -> SourceClass | None:
        """The speaker ``mention`` names (its antecedent when it points back), recorded
        as the most recent speaker. None when the words name no source at all."""
        try:
            source = resolve_source(mention, self._earlier[-LOOK_BACK:])
        except ValueError:
            return None
        self._earlier.append(source)
        if len(self._earlier) > 2 * LOOK_BACK:
            del self._earlier[:-LOOK_BACK]
        return source
