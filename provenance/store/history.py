"""The append-only change history: every change prov makes, who made it, and when.

The entries form a hash chain. Each one stores a digest: the SHA-256 of the digest
before it and of everything the entry says (time, actor, action, row, data), so that
an entry edited, deleted, reordered or slipped in behind prov's back breaks the chain
at the first entry after it, which ``prov verify`` names. Every writer holds the
database's write lock from its first statement, so the last digest it reads is the
last one written; it is cached for the rest of the transaction.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session, SessionTransaction

from provenance.store.models import Change

__all__ = [
    "CHAIN_START",
    "chain_digests",
    "default_actor",
    "entry_digest",
    "record_change",
]

CHAIN_START = ""
"""What the first entry's digest follows."""

_HEAD = "prov_history_head"  # session.info key: the last digest this transaction wrote


def default_actor() -> str:
    """The OS user, which ``--by`` overrides: ``$PROV_USER``, then the login name."""
    explicit = os.environ.get("PROV_USER")
    if explicit:
        return explicit
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def entry_digest(
    previous: str,
    at: dt.datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    data: Any,
) -> str:
    """The digest of one entry that follows ``previous``: a SHA-256 over a canonical
    JSON form, so that it is the same computed before the row is written and after it
    is read back, on either backend."""
    body = json.dumps(
        [previous, at.isoformat(sep=" ", timespec="microseconds"), actor, action, entity,
         entity_id, data],
        sort_keys=True,
        separators=(",", ":"),
    )  # fmt: skip
    return hashlib.sha256(body.encode("ascii")).hexdigest()


def chain_digests(
    previous: str, entries: Iterable[tuple[dt.datetime, str, str, str, int | None, Any]]
) -> Iterator[str]:
    """The digest of each entry (at, actor, action, entity, entity_id, data) in turn,
    the first following ``previous``."""
    for entry in entries:
        previous = entry_digest(previous, *entry)
        yield previous


def chain_head(session: Session) -> str:
    """The last digest of the history as this transaction sees it."""
    head = session.info.get(_HEAD)
    if head is None:
        found = session.execute(text("SELECT digest FROM changes ORDER BY id DESC LIMIT 1"))
        head = found.scalar() or CHAIN_START
        session.info[_HEAD] = head
    return str(head)


def extend_chain(
    session: Session, entries: Sequence[tuple[dt.datetime, str, str, str, int | None, Any]]
) -> list[str]:
    """Digests for ``entries`` about to be written, in this order, after everything
    written so far; the caller writes them before any other entry."""
    digests = list(chain_digests(chain_head(session), entries))
    if digests:
        session.info[_HEAD] = digests[-1]
    return digests


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
    at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    data = data or {}
    (digest,) = extend_chain(session, [(at, actor, action, entity, entity_id, data)])
    change = Change(
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        data=data,
        digest=digest,
    )
    session.add(change)
    return change


@event.listens_for(Session, "after_transaction_end")
def _forget_head(session: Session, transaction: SessionTransaction) -> None:
    # Once the transaction ends another writer may extend the history: read it again.
    if transaction.parent is None:
        session.info.pop(_HEAD, None)
