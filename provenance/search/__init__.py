"""Search: the query syntax a person types, the engine that ranks hits, each hit's
context, and suggestions when nothing matches.

The package is also its main function: ``provenance.search(session, "talks")`` is
:func:`provenance.search.engine.search`.
"""

from provenance.packages import make_callable

make_callable(__name__, "provenance.search.engine:search")
