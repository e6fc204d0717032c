"""The workspace: prov in a browser (``prov serve``).

Articles with every attribution highlighted by sourcing strength, review in place
(keys, and text selected with the mouse), search with facets, the audit as a chart,
speaker pages; every page also as JSON. Built on Flask (routes, Jinja2 templates,
signed session cookies) and served by waitress; installed with the ``serve`` extra so
that the core stays lean. See :func:`provenance.workspace.app.create_app`.
"""
