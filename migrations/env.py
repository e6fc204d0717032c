"""Alembic environment for prov.

prov runs migrations itself (``provenance.migrate.upgrade``) and hands over an open
connection; the ``alembic`` command line works too, given ``-x db=PATH_OR_URL``.
"""

from __future__ import annotations

from alembic import context

from provenance.store.fulltext import INDEX_TABLES
from provenance.store.models import Base

target_metadata = Base.metadata

# Backend-specific search objects made by raw SQL in the migrations, not by models.
SEARCH_OBJECTS = INDEX_TABLES


def _include_name(name: str | None, type_: str, _parents: dict) -> bool:
    return not (type_ == "table" and name is not None and name.startswith(SEARCH_OBJECTS))


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=_include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from provenance.store.database import make_engine, resolve_url

    target = context.get_x_argument(as_dictionary=True).get("db")
    engine = make_engine(resolve_url(target))
    with engine.begin() as conn:
        _run(conn)


if context.is_offline_mode():
    raise SystemExit("prov's migrations run online only: alembic -x db=PATH_OR_URL upgrade head")
run_migrations_online()
