"""Speakers: the directory (find, create, alias, merge, link an office to its holder),
resolving a name as written to a stored speaker, and reading speakers out."""
