"""The append-only change history: every change prov makes, who made it, and when."""

from __future__ import annotations

import getpass
import os
from typing import Any

from sqlalchemy.orm import Session

from provenance.store.models import Change

__all__ = ["default_actor", "record_change"]


def default_actor() -> str:
    """The OS user, which ``--by`` overrides: ``$PROV_USER``, then the login name."""
    explicit = os.environ.get("PROV_USER")
    if explicit:
        return explicit
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def record_change(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    data: dict[str, Any] | None = None,
) -> Change:
    """Append one row to the history, inside the caller's transaction."""
    change = Change(actor=actor, action=action, entity=entity, entity_id=entity_id, data=data or {})
    session.add(change)
    return change
