"""The store: the schema, opening a database, the history, migrations, verify, and the
full-text index behind one interface per backend (``fulltext/``)."""
