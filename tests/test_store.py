"""The store itself: migrations, schema checks, constraints, the seed and its history."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from provenance.errors import BadInput, SchemaTooNew
from provenance.interchange.seed import load_seed, read_seed
from provenance.store.database import Database, resolve_url
from provenance.store.models import Attribution, Base, Change, Document, Speaker
from provenance.store.schema_version import HEAD, REVISIONS


def test_schema_version_list_matches_the_migration_scripts() -> None:
    from alembic.script import ScriptDirectory

    from provenance.store.migrate import alembic_config

    scripts = ScriptDirectory.from_config(alembic_config())
    chain = [r.revision for r in reversed(list(scripts.walk_revisions()))]
    assert tuple(chain) == REVISIONS
    assert scripts.get_current_head() == HEAD


@pytest.mark.parametrize("backend_name", ["sqlite", "postgresql"])
def test_migrations_upgrade_an_empty_database_and_agree_with_the_models(
    backend_name: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    if backend_name == "sqlite":
        target = str(tmp_path / "empty.db")
    else:
        target = request.getfixturevalue("fresh_pg_url")
    database = Database(target)
    try:
        assert database.schema_revision() == HEAD
        with database.engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "include_name": lambda name, type_, _: (
                        not (
                            type_ == "table"
                            and name
                            and name.startswith(("attribution_fts", "attribution_search"))
                        )
                    ),
                },
            )
            assert compare_metadata(context, Base.metadata) == []
    finally:
        database.close()


def test_migrations_upgrade_a_database_holding_the_seed(tmp_path: Path) -> None:
    """A database made at the first revision, holding the seed, upgrades to head:
    its rows are kept, indexed for search and for speaker resolution, and verify."""
    from provenance.speakers.resolution import resolve_speaker
    from provenance.store.migrate import upgrade
    from provenance.store.verify import verify

    current = Database(tmp_path / "current.db")
    with current.session() as session:
        load_seed(session, actor="tester")
    current.close()

    old = Database(tmp_path / "old.db", migrate=False)
    upgrade(old.engine, REVISIONS[0])
    tables = ["outlets", "documents", "claims", "speakers", "speaker_aliases",
              "attributions", "changes"]  # fmt: skip
    with old.engine.begin() as conn:
        conn.exec_driver_sql(f"ATTACH DATABASE '{tmp_path / 'current.db'}' AS cur")
        for table in tables:  # the columns the first revision has; later ones fill the rest
            old_columns = [
                row[1] for row in conn.exec_driver_sql(f"PRAGMA main.table_info({table})")
            ]
            now = {row[1] for row in conn.exec_driver_sql(f"PRAGMA cur.table_info({table})")}
            # a column later revisions dropped (claims.key, 0011) is filled with ''
            values = ", ".join(c if c in now else "''" for c in old_columns)
            conn.exec_driver_sql(
                f"INSERT INTO {table} ({', '.join(old_columns)}) SELECT {values} FROM cur.{table}"
            )
    with old.engine.connect() as conn:
        conn.exec_driver_sql("DETACH DATABASE cur")
    upgrade(old.engine, "head")
    with old.session() as session:
        count = session.scalar(select(func.count()).select_from(Attribution))
        assert count == len(read_seed().attributions)
        hits = session.execute(
            text("SELECT count(*) FROM attribution_fts WHERE attribution_fts MATCH 'deconfliction'")
        ).scalar()
        assert hits == 3
        resolved = resolve_speaker(session, "Tayyip Erdogan")
        assert resolved.speaker is not None and resolved.speaker.name == "Recep Tayyip Erdoğan"
    with old.engine.connect() as conn:
        assert verify(conn) == []
    old.close()


def test_the_latest_migrations_go_down_and_up_again_over_the_seed(fresh_target: str) -> None:
    """Migrations 0005, 0006 and 0010 rebuild PostgreSQL's search index and give outlets
    a lookup key: run down to 0004 and up again over stored data, search still finds
    what it should and verify still holds."""
    from alembic import command

    from provenance.search.engine import search
    from provenance.store.migrate import alembic_config, upgrade
    from provenance.store.verify import verify

    database = Database(fresh_target)
    with database.session() as session:
        load_seed(session, actor="tester")
    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0004"
    upgrade(database.engine, "head")
    with database.session(write=False) as session:
        phrase = search(session, '"a pre-existing deconfliction mechanism"')
        assert [hit.speaker for hit in phrase.hits] == ["Hakan Fidan"]
        assert search(session, "deconfliction").total == 3
        # 0010: the speaker's names are a field of their own, apart from the claim
        sourced = search(session, "Fidan", fields=("source",))
        assert sourced.hits and {hit.speaker for hit in sourced.hits} == {"Hakan Fidan"}
    with database.engine.connect() as conn:
        assert verify(conn) == []
    database.close()


def test_a_database_newer_than_the_code_is_refused(fresh_target: str) -> None:
    database = Database(fresh_target)
    with database.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    database.close()
    with pytest.raises(SchemaTooNew, match="newer prov than this one"):
        Database(fresh_target)


def test_a_file_that_is_not_sqlite_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("my notes, not a database\n")
    with pytest.raises(BadInput, match="not a SQLite database"):
        Database(path)
    assert path.read_text() == "my notes, not a database\n"


def test_urls_and_paths_resolve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    monkeypatch.setenv("PROV_DB", str(tmp_path / "env.db"))
    assert resolve_url(None).endswith("env.db")


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(tmp_path: Path) -> None:
    database = Database(tmp_path / "p.db")
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    database.close()


def test_seed_loads_every_annotation_once(database: Database) -> None:
    corpus = read_seed()
    with database.session() as session:
        document, created = load_seed(session, actor="tester")
        assert created
    with database.session() as session:
        again, created = load_seed(session, actor="tester")
        assert not created and again.id == document.id
        assert session.scalar(select(func.count()).select_from(Document)) == 1
        attributions = session.scalars(select(Attribution)).all()
        assert len(attributions) == len(corpus.attributions)
        for a in attributions:
            assert corpus.text[a.content_start : a.content_end] == a.content_exact
            if a.source_start is not None:
                assert corpus.text[a.source_start : a.source_end] == a.source_exact


def test_seed_cues_stand_in_the_paragraph_of_their_source(database: Database) -> None:
    """A "said" across a paragraph break belongs to another sentence: the office's
    statement is cued by the "said" after "Netanyahu's office", not by the one ending
    the paragraph before."""
    corpus = read_seed()
    with database.session() as session:
        load_seed(session, actor="tester")
        rows = session.scalars(select(Attribution).where(Attribution.cue_start.is_not(None)))
        for a in rows:
            if a.source_start is None:
                continue
            lo, hi = sorted([a.source_end, a.cue_start]) if a.cue_start >= a.source_end else (
                a.cue_end, a.source_start)  # fmt: skip
            assert "\n" not in corpus.text[lo:hi], (a.source_exact, a.cue_exact)
        office = session.scalar(
            select(Attribution).where(Attribution.source_exact.like("%Netanyahu’s office"))
        )
        assert office is not None and office.cue_start == office.source_end + 1


def test_seed_annotation_reads_as_a_careful_reader_would() -> None:
    """About 22 sourced attributions, about 10 unnamed, a ratio within 0.40-0.50."""
    corpus = read_seed()
    sourced = [a for a in corpus.attributions if a.strength != "unattributed"]
    unnamed = [a for a in sourced if a.strength.startswith("anonymous")]
    assert 20 <= len(sourced) <= 28
    assert 9 <= len(unnamed) <= 12
    assert 0.40 <= len(unnamed) / len(sourced) <= 0.50
    deconfliction = [a.speaker for a in sourced if "deconfliction" in a.content.exact]
    assert sorted(deconfliction) == ["Hakan Fidan", "Hakan Fidan", "Israel and Turkey"]


def test_seed_back_reference_spans_point_at_the_words_in_the_text() -> None:
    corpus = read_seed()
    by_source = {a.source.exact: a for a in corpus.attributions if a.source}
    assert by_source["he"].speaker == "Hakan Fidan"
    assert by_source["the official"].speaker == "a former senior Israeli official"
    assert corpus.text[by_source["he"].cue.start :].startswith("said.")


def test_unnamed_sources_are_scoped_to_their_document(database: Database) -> None:
    with database.session() as session:
        document, _ = load_seed(session, actor="tester")
        unnamed = session.scalars(select(Speaker).where(Speaker.type == "unnamed")).all()
        assert unnamed and all(s.document_id == document.id for s in unnamed)
        named = session.scalars(select(Speaker).where(Speaker.type != "unnamed")).all()
        assert all(s.document_id is None for s in named)


def test_the_schema_refuses_a_backwards_span(database: Database) -> None:
    with database.session() as session:
        load_seed(session, actor="tester")
    with pytest.raises(IntegrityError), database.session() as session:
        session.execute(text("UPDATE attributions SET content_end = content_start WHERE id = 1"))


def test_the_schema_refuses_an_unknown_strength(database: Database) -> None:
    with database.session() as session:
        load_seed(session, actor="tester")
    with pytest.raises(IntegrityError), database.session() as session:
        session.execute(text("UPDATE attributions SET strength = 'rumour' WHERE id = 1"))


def test_the_history_is_append_only(database: Database) -> None:
    with database.session() as session:
        load_seed(session, actor="tester")
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Change)) > 0
    for statement in ("UPDATE changes SET actor = 'someone else'", "DELETE FROM changes"):
        with pytest.raises(DBAPIError, match="append-only"), database.session() as session:
            session.execute(text(statement))


def test_a_failed_command_leaves_nothing_behind(database: Database) -> None:
    with pytest.raises(RuntimeError), database.session() as session:
        load_seed(session, actor="tester")
        raise RuntimeError("interrupted")
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 0
        assert session.scalar(select(func.count()).select_from(Change)) == 0


def test_sqlite_file_opens_in_the_stdlib_sqlite3_module(tmp_path: Path) -> None:
    path = tmp_path / "open.db"
    database = Database(path)
    with database.session() as session:
        load_seed(session, actor="tester")
    database.close()
    with sqlite3.connect(path) as conn:
        (n,) = conn.execute("SELECT count(*) FROM attributions").fetchone()
    assert n == len(read_seed().attributions)
