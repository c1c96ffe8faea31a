"""The Alembic migrations build exactly the tables the code declares, on both databases."""

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from service.app import create_app
from service.db.migrate import alembic_config, upgrade_to_head_async
from service.db.revision import HEAD_REVISION, is_at_head
from service.db.tables import metadata
from tests.support.databases import postgres_database
from tests.support.factories import register
from tests.support.serving import make_settings, serving

pytestmark = pytest.mark.anyio


def schema_differences(connection: Connection) -> list[object]:
    return list(compare_metadata(MigrationContext.configure(connection), metadata))


def table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def test_the_migrated_schema_is_the_declared_one(database_url: str) -> None:
    engine = create_async_engine(database_url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(schema_differences) == []
    finally:
        await engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
    else:
        with postgres_database() as url:
            yield url


async def test_downgrade_to_nothing_and_upgrade_again(fresh_database_url: str) -> None:
    engine = create_async_engine(fresh_database_url, poolclass=NullPool)
    try:
        await upgrade_to_head_async(fresh_database_url)
        async with engine.connect() as connection:
            assert {"users", "products"} <= await connection.run_sync(table_names)
        # Alembic runs its own event loop, so it runs in a thread from inside this one.
        await asyncio.to_thread(command.downgrade, alembic_config(fresh_database_url), "base")
        async with engine.connect() as connection:
            assert await connection.run_sync(table_names) == {"alembic_version"}
        await upgrade_to_head_async(fresh_database_url)
        async with engine.connect() as connection:
            assert await connection.run_sync(schema_differences) == []
    finally:
        await engine.dispose()


async def test_the_sqlite_default_needs_no_set_up_step(tmp_path: Path) -> None:
    settings = make_settings(f"sqlite+aiosqlite:///{tmp_path / 'new.db'}")
    async with serving(create_app(settings)) as client:
        await register(client)
        assert (await client.get("/readyz")).status_code == 200


def test_the_head_revision_the_service_checks_is_the_newest_migration() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite+aiosqlite://"))
    assert script.get_current_head() == HEAD_REVISION


async def test_a_database_is_at_head_only_once_fully_migrated(fresh_database_url: str) -> None:
    engine = create_async_engine(fresh_database_url, poolclass=NullPool)
    try:
        assert not await is_at_head(engine)  # never migrated: no version table
        await upgrade_to_head_async(fresh_database_url)
        assert await is_at_head(engine)
        await asyncio.to_thread(command.downgrade, alembic_config(fresh_database_url), "-1")
        assert not await is_at_head(engine)
    finally:
        await engine.dispose()
