"""Documents: reading files, storing one immutable version of an article, and
revising it into a new version."""
