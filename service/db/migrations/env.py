"""Alembic's entry point: runs the migrations on the service's database, asynchronously."""

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from service.db.tables import metadata
from service.settings import load_settings

# The key of PostgreSQL's advisory lock for migrations: zlib.crc32(b"spec-first-api migrations").
MIGRATION_LOCK = 2137897117

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

# `service.db.migrate` passes the URL; the alembic command line reads the settings.
database_url: str = config.attributes.get("database_url") or load_settings().database_url


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Several instances starting at once (scale-out, rolling deploys) migrate one at a
            # time: the others wait here, then find the schema already up to date.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        context.run_migrations()


async def run_online() -> None:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(run_migrations)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run them on a database")
asyncio.run(run_online())
