"""What ``verify`` checks beyond the rows themselves: the file, the schema, the history.

* SQLite's own ``PRAGMA integrity_check`` (``quick_check`` when asked to be quick):
  a page overwritten on disk is found here even where no query would read it;
* every trigger and index the migrations make is there (and, on PostgreSQL, enabled:
  the history's triggers fire "always", so a replica session role cannot skip them);
* the history is an unbroken hash chain (:mod:`provenance.store.history`): each entry
  is checked against the stored digest of the one before it, so an entry edited is
  named, and an entry deleted, reordered or slipped in names the entry after it;
* every document, speaker and attribution has the history entry that made it (a row
  without one was written behind prov's back, or the history was cut), every one the
  history made is still there, and a document's hash is the one recorded with it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, text

from provenance.store.history import CHAIN_START, entry_digest
from provenance.store.problems import Problem

__all__ = [
    "EXPECTED",
    "documents_as_recorded",
    "engine_checks",
    "history_chain",
    "schema_objects",
    "unrecorded_rows",
    "vanished_rows",
]

# The named indexes the models declare, on both backends.
_MODEL_INDEXES = frozenset(
    {
        "ix_attributions_claim_id",
        "ix_attributions_document_strength",
        "ix_attributions_revised_from_id",
        "ix_attributions_speaker_strength",
        "ix_changes_action",
        "ix_changes_entity",
        "ix_claims_key_hash",
        "ix_documents_outlet_id",
        "ix_documents_published",
        "ix_documents_revises_id",
        "ix_outlets_key",
        "ix_speaker_aliases_key",
        "ix_speaker_tokens_speaker_id",
        "ix_speakers_document_id",
        "ix_speakers_holder_id",
        "ix_speakers_merged_into_id",
        "uq_speakers_named_key",
        "uq_speakers_unnamed_key",
    }
)
_TABLES = ("attributions", "changes", "claims", "documents", "outlets", "speaker_aliases",
           "speaker_tokens", "speakers")  # fmt: skip

# The triggers and named indexes migration head leaves, by dialect (a test holds this
# equal to a freshly migrated database of each kind). PostgreSQL names its primary keys
# and unique constraints' indexes too; SQLite leaves those unnamed (sqlite_autoindex_*).
EXPECTED: dict[str, dict[str, frozenset[str]]] = {
    "sqlite": {
        "trigger": frozenset(
            {
                "attributions_fts_delete",
                "attributions_fts_insert",
                "attributions_fts_update",
                "changes_append_only_delete",
                "changes_append_only_update",
                "claims_fts_update",
                "documents_fts_update",
                "speaker_aliases_fts_delete",
                "speaker_aliases_fts_insert",
                "speaker_aliases_fts_update",
                "speakers_fts_update",
            }
        ),
        "index": _MODEL_INDEXES,
    },
    "postgresql": {
        "trigger": frozenset(
            {
                "attributions_search",
                "changes_append_only",
                "changes_append_only_truncate",
                "claims_search",
                "documents_search",
                "speaker_aliases_search",
                "speakers_search",
            }
        ),
        "index": _MODEL_INDEXES
        | {f"pk_{table}" for table in _TABLES}
        | {
            "alembic_version_pkc",
            "attribution_search_pkey",
            "ix_attribution_search_document",
            "uq_attributions_document_id_content_start_content_end_s_499e",
            "uq_documents_sha256",
            "uq_outlets_name",
            "uq_speaker_aliases_speaker_id_key",
            "uq_speaker_tokens_token_speaker_id_key",
        },
    },
}

# Triggers that must fire whatever the session's replication role (pg_trigger.tgenabled
# 'A'); the others must not be disabled ('D').
ALWAYS = frozenset({"changes_append_only", "changes_append_only_truncate"})


def engine_checks(conn: Connection, *, quick: bool = False) -> Iterator[Problem]:
    """SQLite's own check of every page, index and constraint of the file."""
    if conn.dialect.name != "sqlite":
        return
    pragma = "quick_check" if quick else "integrity_check"
    findings = conn.exec_driver_sql(f"PRAGMA {pragma}").scalars().all()
    for finding in findings:
        if finding != "ok":
            yield Problem("database file", None, f"{pragma}: {finding}")


def live_objects(conn: Connection) -> dict[str, dict[str, str]]:
    """The triggers and named indexes in the database: kind -> name -> state."""
    if conn.dialect.name == "sqlite":
        rows = conn.execute(
            text(
                "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'index') "
                "AND name NOT LIKE 'sqlite_autoindex_%'"
            )
        ).all()
        found: dict[str, dict[str, str]] = {"trigger": {}, "index": {}}
        for kind, name in rows:
            found[kind][name] = "enabled"
        return found
    triggers = conn.execute(
        text(
            "SELECT tgname, tgenabled::text FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE NOT t.tgisinternal AND n.nspname = current_schema()"
        )
    ).all()
    indexes = conn.execute(
        text("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
    ).scalars()
    return {
        "trigger": dict(triggers),
        "index": {name: "enabled" for name in indexes},
    }


def schema_objects(conn: Connection) -> Iterator[Problem]:
    """Each trigger or index the migrations made and that is gone, or switched off."""
    expected = EXPECTED.get(conn.dialect.name)
    if expected is None:
        return
    live = live_objects(conn)
    for kind in ("trigger", "index"):
        for name in sorted(expected[kind] - set(live[kind])):
            yield Problem(kind, None, f"{name} is missing: it was dropped behind prov's back")
    for name, state in sorted(live["trigger"].items()):
        if name not in expected["trigger"]:
            continue
        if state == "D":
            yield Problem("trigger", None, f"{name} is disabled")
        elif name in ALWAYS and state not in ("A", "enabled"):
            yield Problem("trigger", None, f"{name} does not fire always (tgenabled {state!r})")


def history_chain(conn: Connection) -> Iterator[Problem]:
    """Each history entry whose digest does not follow from the entry before it."""
    previous = CHAIN_START
    query = "SELECT id, at, actor, action, entity, entity_id, data, digest FROM changes"
    rows = conn.execution_options(yield_per=10_000).execute(text(f"{query} ORDER BY id"))
    for change_id, at, actor, action, entity, entity_id, data, digest in rows:
        if digest is None:
            yield Problem("history entry", change_id, "has no digest (written behind prov's back)")
        elif digest != _digest_of(previous, at, actor, action, entity, entity_id, data):
            yield Problem(
                "history entry",
                change_id,
                "breaks the history's hash chain: it, or the entry before it, was edited, "
                "deleted, reordered or written behind prov's back",
            )
        previous = digest or CHAIN_START


def _digest_of(
    previous: str, at: Any, actor: Any, action: Any, entity: Any, entity_id: Any, data: Any
) -> str | None:
    """The digest an entry read back with plain SQL should have (SQLite hands back its
    time and JSON as text); ``None`` when its values cannot be what prov wrote."""
    try:
        when = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(at)
        value = json.loads(data) if isinstance(data, str) else data
        return entry_digest(previous, when, actor, action, entity, entity_id, value)
    except (TypeError, ValueError):
        return None


# (table, history entity): rows that every prov command records when it makes them
_RECORDED = (("documents", "document"), ("speakers", "speaker"), ("attributions", "attribution"))


def unrecorded_rows(conn: Connection) -> Iterator[Problem]:
    """Each document, speaker or attribution with no history entry about it."""
    for table, entity in _RECORDED:
        rows = conn.execute(
            text(
                f"SELECT t.id FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM changes c "
                "WHERE c.entity = :entity AND c.entity_id = t.id) ORDER BY t.id"
            ),
            {"entity": entity},
        ).scalars()
        for row_id in rows:
            yield Problem(
                entity,
                row_id,
                "has no history entry: it was written behind prov's back, or the history was cut",
            )


def vanished_rows(conn: Connection) -> Iterator[Problem]:
    """Each document, speaker or attribution the history made that is no longer there
    (prov never deletes one: a rejected attribution and a merged speaker stay)."""
    for table, entity in _RECORDED:
        rows = conn.execute(
            text(
                "SELECT DISTINCT c.entity_id FROM changes c WHERE c.entity = :entity "
                f"AND c.entity_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {table} t "
                "WHERE t.id = c.entity_id) ORDER BY c.entity_id"
            ),
            {"entity": entity},
        ).scalars()
        for row_id in rows:
            yield Problem(
                entity, row_id, "is in the history but gone: it was deleted behind prov's back"
            )


def documents_as_recorded(conn: Connection) -> Iterator[Problem]:
    """Each document whose SHA-256 is not the one the history recorded when it was
    stored: its text was replaced and its hash recomputed behind prov's back."""
    rows = conn.execution_options(yield_per=10_000).execute(
        text(
            "SELECT d.id, d.sha256, c.data FROM documents d JOIN changes c "
            "ON c.entity = 'document' AND c.entity_id = d.id "
            "AND c.action IN ('document.ingest', 'document.revise') ORDER BY d.id, c.id"
        )
    )
    for doc_id, digest, data in rows:
        recorded = json.loads(data) if isinstance(data, str) else data
        stored = recorded.get("sha256") if isinstance(recorded, dict) else None
        if stored is not None and stored != digest:
            yield Problem(
                "document",
                doc_id,
                f"its SHA-256 is not the one recorded when it was stored ({stored[:12]}…): "
                "its text was replaced behind prov's back",
            )
