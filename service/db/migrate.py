"""Bring a database's schema to the latest migration: `python -m service.db.migrate`."""

import asyncio
import sys
from pathlib import Path
from typing import Final

from alembic import command
from alembic.config import Config
from sqlalchemy.pool import NullPool

from service.db.database import is_database_unavailable
from service.db.engine import create_engine
from service.db.revision import SchemaMismatch, schema_mismatch
from service.settings import Pooler, SettingsError, load_settings

ALEMBIC_INI: Final = Path(__file__).resolve().parents[2] / "alembic.ini"


def alembic_config(database_url: str, pooler: Pooler = "none") -> Config:
    config = Config(ALEMBIC_INI)
    config.attributes["database_url"] = database_url
    config.attributes["database_pooler"] = pooler
    # The service configures logging itself; Alembic's file config would replace it.
    config.attributes["configure_logging"] = False
    return config


def upgrade_to_head(database_url: str, *, pooler: Pooler = "none") -> None:
    """Apply every migration not yet applied (blocking; it runs its own event loop)."""
    command.upgrade(alembic_config(database_url, pooler), "head")


class MigrationRefusedError(Exception):
    """The schema cannot be migrated from here; the message says why, for an operator."""


async def read_schema_mismatch(
    database_url: str, *, pooler: Pooler = "none"
) -> SchemaMismatch | None:
    """How the database's schema differs from the code's (service.db.revision), if it does."""
    engine = create_engine(database_url, pooler=pooler, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            return await schema_mismatch(connection)
    finally:
        await engine.dispose()


def migrate(database_url: str, *, pooler: Pooler = "none") -> None:
    """Bring the schema to the latest migration (blocking; it runs its own event loop). A
    schema ahead of the code, or a database that does not answer, is refused in a sentence:
    the two reasons a newcomer meets, told without a traceback."""
    try:
        mismatch = asyncio.run(read_schema_mismatch(database_url, pooler=pooler))
    except Exception as error:
        if not is_database_unavailable(error):
            raise
        raise MigrationRefusedError(f"the database does not answer: {error}") from error
    if mismatch is not None and mismatch.ahead:
        raise MigrationRefusedError(str(mismatch))
    if mismatch is not None:
        upgrade_to_head(database_url, pooler=pooler)


def main() -> None:
    try:
        settings = load_settings()
    except SettingsError as error:
        sys.exit(str(error))
    where = settings.database.render_as_string()
    try:
        migrate(settings.database_url, pooler=settings.database_pooler)
    except MigrationRefusedError as refused:
        sys.exit(f"{where}: {refused}")
    print(f"{where}: schema is at the latest migration")


if __name__ == "__main__":
    main()
