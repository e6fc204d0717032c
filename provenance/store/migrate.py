"""Running the Alembic migrations from inside prov (``prov init`` and first use)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine

from provenance.store.resources import migrations_dir
from provenance.store.writers import queued

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = ["alembic_config", "upgrade"]


def alembic_config() -> Config:
    """An Alembic ``Config`` pointing at the migrations that ship with prov."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database behind ``engine`` to ``revision``, in one transaction."""
    from alembic import command

    config = alembic_config()
    if engine.dialect.name == "sqlite":
        # WAL (readers never block the writer) is a property of the file: set once, at
        # creation, outside any transaction, and never on a file prov did not create.
        raw = engine.raw_connection()
        try:
            driver = raw.driver_connection
            assert driver is not None
            queued(lambda: driver.execute("PRAGMA journal_mode = WAL"))
        finally:
            raw.close()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    if engine.dialect.name == "sqlite":
        _give_back_free_pages(engine)


def _give_back_free_pages(engine: Engine) -> None:
    """``VACUUM`` a SQLite file that an upgrade left with free pages (a dropped column
    or index, such as migration 0011's copy of every claim's key): the file shrinks to
    what it holds, and no page of it is left unread by ``verify``'s integrity check.
    Once per upgrade; a new database takes no time."""
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert driver is not None
        if driver.execute("PRAGMA freelist_count").fetchone()[0]:
            queued(lambda: driver.execute("VACUUM"))
    finally:
        raw.close()
