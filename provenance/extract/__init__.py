"""Rule-based attribution extraction: propose who said what in an article.

No statistical model: sentence and quotation structure, a cue-verb lexicon, source
noun-phrase patterns and back-references to earlier speakers. The proposals are for a
person to confirm, so the rules favour precision.

>>> from provenance.extract import extract
>>> [p.mode for p in extract("“We will win,” she said.")]
['direct']

The package is also its main function: ``provenance.extract(text)`` is
:func:`provenance.extract.propose.extract`.
"""

from __future__ import annotations

from provenance.extract.propose import Proposal, Span, extract, to_json

__all__ = ["Proposal", "Span", "extract", "to_json"]

from provenance.packages import make_callable

make_callable(__name__, "provenance.extract.propose:extract")
