"""The Alembic migrations build exactly the tables the code declares, on both databases."""

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from httpx2 import AsyncClient
from sqlalchemy import Connection, inspect
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from service.app import create_app
from service.db.migrate import alembic_config, read_schema_mismatch, upgrade_to_head
from service.db.revision import HEAD_REVISION, MIGRATE_COMMAND, REVISIONS
from service.db.tables import metadata
from tests.support.databases import fetch, postgres_database
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


def test_the_revisions_the_service_knows_are_the_migrations_oldest_first() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite+aiosqlite://"))
    newest_first = [revision.revision for revision in script.walk_revisions()]
    assert tuple(reversed(newest_first)) == REVISIONS, (
        "REVISIONS in service/db/revision.py must list every migration, oldest first"
    )
    assert script.get_current_head() == HEAD_REVISION


async def mismatch(database_url: str) -> str | None:
    found = await read_schema_mismatch(database_url)
    return None if found is None else str(found)


async def upgrade_to_head_async(database_url: str) -> None:
    # Alembic runs its own event loop, so it runs in a thread from inside this one.
    await asyncio.to_thread(upgrade_to_head, database_url)


async def stamp(database_url: str, revision: str) -> None:
    await fetch(database_url, "UPDATE alembic_version SET version_num = :r", r=revision)


async def test_each_schema_revision_is_named_with_what_to_do(fresh_database_url: str) -> None:
    never_migrated = await mismatch(fresh_database_url)
    assert never_migrated is not None
    assert "no schema yet" in never_migrated
    assert MIGRATE_COMMAND in never_migrated

    await upgrade_to_head_async(fresh_database_url)
    assert await mismatch(fresh_database_url) is None

    await asyncio.to_thread(command.downgrade, alembic_config(fresh_database_url), "-1")
    behind = await mismatch(fresh_database_url)
    assert behind is not None
    assert f"at revision {REVISIONS[-2]}, older than this code's {HEAD_REVISION}" in behind
    assert MIGRATE_COMMAND in behind

    await upgrade_to_head_async(fresh_database_url)
    await stamp(fresh_database_url, "0123456789ab")  # a revision from a newer release
    ahead = await mismatch(fresh_database_url)
    assert ahead is not None
    assert "at revision 0123456789ab, which this code does not know" in ahead


async def assert_not_ready_because(client: AsyncClient, reason: str) -> None:
    """/readyz and every data operation answer 503 with `reason`; nothing answers 500."""
    readiness = await client.get("/readyz")
    assert (readiness.status_code, readiness.json()["detail"]) == (503, reason)
    user = {"username": "early", "email": "early@example.com", "password": "password123"}
    for response in [
        await client.post("/users/", json=user),
        await client.post("/token", data={"username": "early", "password": "password123"}),
        await client.get("/products/"),
        await client.get("/products/1"),
    ]:
        assert response.status_code == 503, response.text
        assert response.json()["detail"] == reason
        assert response.headers["retry-after"] == "5"
    assert (await client.get("/")).status_code == 200  # needs no database


async def test_an_unmigrated_database_is_never_ready_until_migrated(
    fresh_database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with serving(create_app(make_settings(fresh_database_url))) as client:
        reason = await mismatch(fresh_database_url)
        assert reason is not None
        [logged] = [r for r in caplog.records if r.name == "service.db.database"]
        assert logged.levelname == "ERROR"
        assert reason in logged.getMessage()
        await assert_not_ready_because(client, reason)

        # Migrated behind the running process's back: it serves without a restart.
        await upgrade_to_head_async(fresh_database_url)
        assert (await client.get("/readyz")).status_code == 200
        await register(client)


async def test_a_schema_ahead_of_the_code_is_named(fresh_database_url: str) -> None:
    await upgrade_to_head_async(fresh_database_url)
    await stamp(fresh_database_url, "0123456789ab")
    async with serving(create_app(make_settings(fresh_database_url))) as client:
        reason = await mismatch(fresh_database_url)
        assert reason is not None
        assert "0123456789ab" in reason
        await assert_not_ready_because(client, reason)
