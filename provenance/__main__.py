"""``python -m provenance`` runs the ``prov`` command."""

from provenance.cli import main

main()
