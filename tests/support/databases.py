"""The databases the suite runs on (a SQLite file, a PostgreSQL database of its own), and
direct access to them behind the service's back, to check what was really stored."""

import asyncio
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

from sqlalchemy import Executable, Row, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from service.db.engine import create_engine
from service.db.tables import metadata
from service.settings import Pooler

# The PostgreSQL server the machine runs; the suite creates (and drops) its own database there.
POSTGRES_SERVER_URL: Final = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)

# The URLs the suite reaches PostgreSQL by through a transaction-pooling PgBouncer
# (tests.support.pgbouncer): whatever connects by them must say DATABASE_POOLER=transaction.
TRANSACTION_POOLED_URLS: set[str] = set()


def pooler_for(database_url: str) -> Pooler:
    return "transaction" if database_url in TRANSACTION_POOLED_URLS else "none"


def direct_engine(database_url: str) -> AsyncEngine:
    """An engine for one test's own statements, behind the service's back (no pool)."""
    return create_engine(database_url, pooler=pooler_for(database_url), poolclass=NullPool)


async def fetch(
    database_url: str, statement: str | Executable, **parameters: Any
) -> list[Row[Any]]:
    """Run one statement (SQL text or a Core statement) directly on the database, in a
    transaction of its own, and return the rows it returned."""
    engine = direct_engine(database_url)
    if isinstance(statement, str):
        statement = text(statement)
    try:
        async with engine.begin() as connection:
            result = await connection.execute(statement, parameters)
            return list(result.all()) if result.returns_rows else []
    finally:
        await engine.dispose()


async def count_rows(database_url: str, table: str) -> int:
    [(count,)] = await fetch(database_url, f"SELECT count(*) FROM {table}")
    return int(count)


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for this test run; dropped afterwards."""
    server = make_url(POSTGRES_SERVER_URL)
    name = f"service_test_{secrets.token_hex(4)}"

    async def admin(statement: str) -> None:
        # CREATE/DROP DATABASE cannot run inside a transaction.
        engine = create_async_engine(server, poolclass=NullPool, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as connection:
                await connection.execute(text(statement))
        finally:
            await engine.dispose()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(admin(f'DROP DATABASE "{name}" WITH (FORCE)'))


def empty_tables(database_url: str) -> None:
    """Delete every row, so each test starts from an empty (but migrated) database."""

    async def delete_all() -> None:
        for table in reversed(metadata.sorted_tables):
            await fetch(database_url, f"DELETE FROM {table.name}")

    asyncio.run(delete_all())
