"""Alembic's entry point: runs the migrations on the service's database, asynchronously."""

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

from service.db.engine import create_engine
from service.db.tables import metadata
from service.settings import Pooler, load_settings

# The key of PostgreSQL's advisory lock for migrations: zlib.crc32(b"spec-first-api migrations").
MIGRATION_LOCK = 2137897117

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

# `service.db.migrate` passes the URL and the pooler; the alembic command line reads the settings.
if "database_url" in config.attributes:
    database_url: str = config.attributes["database_url"]
    pooler: Pooler = config.attributes["database_pooler"]
else:
    settings = load_settings()
    database_url, pooler = settings.database_url, settings.database_pooler


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
            # time: the others wait here, then find the schema already up to date. The lock is
            # the transaction's, so a transaction pooler cannot hand it to another client.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        context.run_migrations()


async def run_online() -> None:
    engine = create_engine(database_url, pooler=pooler)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(run_migrations)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run them on a database")
asyncio.run(run_online())
