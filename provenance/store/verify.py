"""``verify``: does every stored span and hash still tell the truth?

Checks, on any backend, with plain SQL so that it also catches a database edited
behind prov's back (the ``sqlite3`` shell, a careless migration, a restored backup):

* every document's SHA-256 against its text;
* every span of every attribution (content, source, cue): in range,
  ``text[start:end] == exact``, and prefix/suffix the characters around it;
* every foreign key (SQLite lets a connection switch enforcement off; rows written
  that way are found here);
* speakers: no live attribution on a merged speaker (a rejected duplicate stays with
  the merged name) or on another document's unnamed source, and every lookup key the
  folded name it stands for;
* versions: no loop of revisions, no version revised twice;
* the search index has one row per attribution;
* the file itself, the schema's triggers and indexes, and the history's hash chain
  (:mod:`provenance.store.integrity`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial

from sqlalchemy import Connection, select, text
from sqlalchemy.exc import DatabaseError

from provenance.store.chains import loops
from provenance.store.fulltext import BACKENDS, fulltext_for
from provenance.store.integrity import (
    documents_as_recorded,
    engine_checks,
    history_chain,
    schema_objects,
    unrecorded_rows,
    vanished_rows,
)
from provenance.store.models import Attribution, Document
from provenance.store.problems import Problem
from provenance.text.digest import text_sha256
from provenance.text.folding import fold_key
from provenance.text.spans import Span, span_holds
from provenance.vocabulary import AttributionStatus, Mode, SourcingStrength, SpeakerType

__all__ = ["Problem", "verify"]

ROLES = ("content", "source", "cue")

# (table, column, referenced table) for every foreign key of the schema
FOREIGN_KEYS = (
    ("documents", "outlet_id", "outlets"),
    ("documents", "revises_id", "documents"),
    ("speakers", "document_id", "documents"),
    ("speakers", "holder_id", "speakers"),
    ("speakers", "merged_into_id", "speakers"),
    ("speaker_aliases", "speaker_id", "speakers"),
    ("speaker_tokens", "speaker_id", "speakers"),
    ("attributions", "document_id", "documents"),
    ("attributions", "claim_id", "claims"),
    ("attributions", "speaker_id", "speakers"),
    ("attributions", "revised_from_id", "attributions"),
)


BATCH = 2000
"""Rows read at a time by the checks that read whole tables (a server-side cursor on
PostgreSQL), so that verify's memory does not grow with the database."""


def _streamed() -> dict[str, int]:
    # per statement: Connection.execution_options() would set it for every later one
    return {"yield_per": BATCH}


def _documents(conn: Connection) -> Iterator[Problem]:
    for doc_id, body, digest in conn.execute(
        select(Document.id, Document.text, Document.sha256).order_by(Document.id),
        execution_options=_streamed(),
    ):
        if not isinstance(body, str):
            yield Problem("document", doc_id, f"text is stored as {type(body).__name__}, not text")
            continue
        actual = text_sha256(body)
        if actual != digest:
            yield Problem("document", doc_id, f"text does not match its SHA-256 ({digest[:12]}…)")


def _spans(conn: Connection) -> Iterator[Problem]:
    a = Attribution
    columns = [a.id, a.document_id]
    for role in ROLES:
        columns += [
            getattr(a, f"{role}_{n}") for n in ("start", "end", "exact", "prefix", "suffix")
        ]
    query = select(*columns).order_by(a.document_id, a.id)
    # one pass over each table: the attributions in document order beside the
    # documents in id order, merged as they stream (no query per document)
    texts = select(Document.id, Document.text).order_by(Document.id)
    documents = iter(conn.execute(texts, execution_options=_streamed()))
    document = next(documents, None)
    for row in conn.execute(query, execution_options=_streamed()):
        attribution_id, doc_id, *spans = row
        while document is not None and document[0] < doc_id:
            document = next(documents, None)
        stored = document[1] if document is not None and document[0] == doc_id else None
        body = stored if isinstance(stored, str) else None
        if body is None:
            continue  # a document whose text is not text is reported once, by _documents
        for i, role in enumerate(ROLES):
            start, end, exact, prefix, suffix = spans[i * 5 : i * 5 + 5]
            if start is None and end is None and exact is None:
                continue
            if start is None or end is None or exact is None:
                yield Problem("attribution", attribution_id, f"{role} span is incomplete")
                continue
            odd = _mistyped(start=(start, int), end=(end, int), exact=(exact, str),
                            prefix=(prefix, (str, type(None))),
                            suffix=(suffix, (str, type(None))))  # fmt: skip
            if odd:
                yield Problem("attribution", attribution_id, f"{role} span: {odd}")
                continue
            span = Span(start, end, exact, prefix or "", suffix or "")
            if span_holds(body, span):
                continue
            if not (0 <= start < end <= len(body)):
                detail = f"[{start}, {end}) is outside the text ({len(body)} characters)"
            elif body[start:end] != exact:
                detail = f"text at [{start}, {end}) is {body[start:end]!r}, not {exact!r}"
            else:
                detail = "its prefix or suffix no longer matches the text around it"
            yield Problem("attribution", attribution_id, f"{role} span: {detail}")


def _mistyped(**values: tuple[object, type | tuple[type, ...]]) -> str | None:
    """Which value is not of its column's type (SQLite stores what it is given)."""
    for name, (value, kind) in values.items():
        if isinstance(value, bool) or not isinstance(value, kind):
            return f"{name} is {value!r} ({type(value).__name__})"
    return None


def _foreign_keys(conn: Connection) -> Iterator[Problem]:
    for table, column, parent in FOREIGN_KEYS:
        orphans = conn.execute(
            text(
                f"SELECT c.id, c.{column} FROM {table} c "
                f"LEFT JOIN {parent} p ON p.id = c.{column} "
                f"WHERE c.{column} IS NOT NULL AND p.id IS NULL ORDER BY c.id"
            )
        )
        entity = table.removesuffix("s").removesuffix("e" if table == "speaker_aliases" else "")
        for row_id, missing in orphans:
            yield Problem(entity, row_id, f"{column} points at missing {parent} row {missing}")


def _search_index(conn: Connection) -> Iterator[Problem]:
    if conn.dialect.name not in BACKENDS:
        return
    index = fulltext_for(conn.dialect.name)
    table, key = index.indexed
    if conn.dialect.name == "sqlite":  # NOT IN: one ephemeral index of the subquery
        missing_sql = f"SELECT id FROM attributions WHERE id NOT IN (SELECT {key} FROM {table})"
        stale_sql = f"SELECT {key} FROM {table} WHERE {key} NOT IN (SELECT id FROM attributions)"
    else:  # an anti-join: PostgreSQL runs NOT IN row by row once the ids pass work_mem
        missing_sql = (
            f"SELECT a.id FROM attributions a WHERE NOT EXISTS "
            f"(SELECT 1 FROM {table} i WHERE i.{key} = a.id)"
        )
        stale_sql = (
            f"SELECT i.{key} FROM {table} i WHERE NOT EXISTS "
            f"(SELECT 1 FROM attributions a WHERE a.id = i.{key})"
        )
    missing = conn.execute(text(f"{missing_sql} ORDER BY 1")).scalars()
    for attribution_id in missing:
        yield Problem("attribution", attribution_id, "missing from the search index")
    stale = conn.execute(text(stale_sql)).scalars()
    for attribution_id in stale:
        yield Problem("search index", attribution_id, "indexes an attribution that does not exist")
    if index.agrees(conn) is False:  # None: not checkable on a read-only connection
        yield Problem("search index", None, "does not hold what the stored rows say")


# (table, column, allowed values): the schema's CHECKs, re-checked because SQLite can
# be told to ignore them
_VOCABULARIES = (
    ("attributions", "strength", SourcingStrength),
    ("attributions", "mode", Mode),
    ("attributions", "status", AttributionStatus),
    ("speakers", "type", SpeakerType),
)


def _values(conn: Connection) -> Iterator[Problem]:
    for table, column, vocabulary in _VOCABULARIES:
        allowed = ", ".join(f"'{v.value}'" for v in vocabulary)
        rows = conn.execute(
            text(f"SELECT id, {column} FROM {table} WHERE {column} NOT IN ({allowed}) ORDER BY id")
        )
        for row_id, value in rows:
            yield Problem(
                table.removesuffix("s"), row_id, f"{column} {value!r} is not one of {allowed}"
            )
    scoped = conn.execute(
        text(
            "SELECT id FROM speakers WHERE (type = 'unnamed') <> (document_id IS NOT NULL) "
            "ORDER BY id"
        )
    )
    for (row_id,) in scoped:
        yield Problem(
            "speaker", row_id, "an unnamed source must belong to one document, a named one to none"
        )


def _speakers(conn: Connection) -> Iterator[Problem]:
    """What the speaker commands keep true and a hand edit can break."""
    elsewhere = conn.execute(
        text(
            "SELECT a.id, s.id, s.document_id, a.document_id FROM attributions a "
            "JOIN speakers s ON s.id = a.speaker_id "
            "WHERE s.document_id IS NOT NULL AND s.document_id <> a.document_id ORDER BY a.id"
        )
    )
    for attribution_id, speaker_id, home, doc_id in elsewhere:
        yield Problem(
            "attribution",
            attribution_id,
            f"its speaker {speaker_id} is an unnamed source of document {home}, "
            f"not of document {doc_id}",
        )
    merged = conn.execute(
        text(
            "SELECT a.id, s.id, s.merged_into_id FROM attributions a "
            "JOIN speakers s ON s.id = a.speaker_id "
            "WHERE s.merged_into_id IS NOT NULL AND a.status <> 'rejected' ORDER BY a.id"
        )
    )
    for attribution_id, speaker_id, into in merged:
        yield Problem(
            "attribution",
            attribution_id,
            f"its speaker {speaker_id} was merged into speaker {into}",
        )
    holders: dict[int, int] = dict(
        conn.execute(text("SELECT id, holder_id FROM speakers WHERE holder_id IS NOT NULL")).all()
    )
    for ring in loops(holders):
        yield Problem(
            "speaker", ring[0], f"its holders go round in a loop ({' → '.join(map(str, ring))})"
        )
    for table, entity, column in (
        ("speakers", "speaker", "name"),
        ("speaker_aliases", "speaker alias", "alias"),
        ("outlets", "outlet", "name"),
    ):
        rows = conn.execute(text(f"SELECT id, {column}, key FROM {table} ORDER BY id"))
        for row_id, name, key in rows:
            if not isinstance(name, str) or fold_key(name) != key:
                yield Problem(
                    entity,
                    row_id,
                    f"lookup key {key!r} is not the folded {column} {name!r}",
                )


def _revisions(conn: Connection) -> Iterator[Problem]:
    """Versions form one line: none revises itself round a loop, none is revised twice."""
    revises: dict[int, int] = dict(
        conn.execute(
            text("SELECT id, revises_id FROM documents WHERE revises_id IS NOT NULL")
        ).all()
    )
    for ring in loops(revises):
        yield Problem(
            "document",
            ring[0],
            f"its versions revise each other in a loop ({' → '.join(map(str, ring))})",
        )
    later: dict[int, list[int]] = {}
    for doc_id, earlier in sorted(revises.items()):
        later.setdefault(earlier, []).append(doc_id)
    for earlier, docs in sorted(later.items()):
        if len(docs) > 1:
            yield Problem("document", earlier, f"is revised by more than one document ({docs})")


def verify(conn: Connection, *, quick: bool = False) -> list[Problem]:
    """Every inconsistency in the database, in a stable order; empty when all hold.

    ``quick`` leaves out what reads and hashes every byte (document texts, the history
    chain) and asks SQLite for ``quick_check`` rather than ``integrity_check``.
    """
    checks: list[Callable[[Connection], Iterable[Problem]]]
    checks = [partial(engine_checks, quick=quick), _spans, _foreign_keys, _values, _speakers]
    checks += [_revisions, _search_index, schema_objects, unrecorded_rows, vanished_rows]
    if not quick:
        checks[1:1] = [_documents, documents_as_recorded]
        checks.append(history_chain)
    problems: list[Problem] = []
    for check in checks:
        problems.extend(_guarded(check, conn))
    return problems


def _guarded(
    check: Callable[[Connection], Iterable[Problem]], conn: Connection
) -> Iterator[Problem]:
    """The check's findings; a file too damaged to read is one finding, not a crash."""
    try:
        yield from check(conn)
    except DatabaseError as exc:
        first = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        yield Problem("database file", None, f"could not be read ({first})")
