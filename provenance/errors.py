"""Errors a user can fix. The CLI prints their message on one line and exits non-zero."""

from __future__ import annotations

__all__ = ["BadInput", "NotFound", "ProvError", "SchemaTooNew"]


class ProvError(Exception):
    """A failure with a message that tells the user what to do. Exit status 1."""

    exit_code = 1


class BadInput(ProvError):
    """The input (a file, a bundle line, an option) cannot be used as given."""


class NotFound(ProvError):
    """A document, speaker or attribution named by the user does not exist."""


class SchemaTooNew(ProvError):
    """The database was migrated by a newer prov than this one."""
