"""Audit: the strength mix and unnamed-source ratio per group, the unnamed detail of an
article, claims that rest on unnamed or single sources, and the chart.

The package is also its main function: ``provenance.audit(session, by="outlet")`` is
:func:`provenance.audit.ratios.audit`.
"""

from provenance.packages import make_callable

make_callable(__name__, "provenance.audit.ratios:audit")
