"""The data layer below the HTTP API: what the repositories store and read back."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from service.db.database import create_database
from service.db.products import ProductRepository, WriteRefused
from service.db.users import UserRecord, UserRepository
from service.settings import Settings

pytestmark = pytest.mark.anyio

INDIA = timezone(timedelta(hours=5, minutes=30))


async def add_user(users: UserRepository, username: str, created_at: datetime) -> UserRecord:
    return await users.add(
        username=username,
        email=f"{username}@example.com",
        full_name=None,
        password_hash="not a real hash",
        created_at=created_at,
    )


async def test_timestamps_come_back_aware_in_utc_to_the_microsecond(settings: Settings) -> None:
    database = create_database(settings)
    users = UserRepository(database)
    written = datetime(2026, 11, 26, 12, 0, 0, 123456, tzinfo=INDIA)
    try:
        async with database.unit_of_work() as unit:
            added = await add_user(users, "tz", written)
            await unit.commit()
        async with database.unit_of_work():
            read = await users.get(added.id)
    finally:
        await database.dispose()
    assert read is not None
    for value in (added.created_at, read.created_at):
        assert value == written
        assert value.tzinfo == UTC
        assert value.microsecond == 123456


async def test_naive_timestamps_are_refused(settings: Settings) -> None:
    database = create_database(settings)
    try:
        async with database.unit_of_work():
            with pytest.raises(Exception, match="naive"):
                await add_user(UserRepository(database), "naive", datetime(2026, 1, 1))
    finally:
        await database.dispose()


async def test_nothing_is_stored_unless_the_unit_of_work_commits(settings: Settings) -> None:
    database = create_database(settings)
    users = UserRepository(database)
    products = ProductRepository(database)
    now = datetime.now(UTC)
    try:
        async with database.unit_of_work() as unit:
            owner = await add_user(users, "owner", now)
            await unit.commit()
        async with database.unit_of_work():
            product = await products.add(
                owner_id=owner.id, fields={"name": "gone", "price": 1.0}, created_at=now
            )
        async with database.unit_of_work():
            assert await products.get(product.id) is None
            assert await products.delete(product.id, owner_id=owner.id) is WriteRefused.NOT_FOUND
    finally:
        await database.dispose()


async def test_outside_a_unit_of_work_there_is_no_connection(settings: Settings) -> None:
    database = create_database(settings)
    try:
        with pytest.raises(RuntimeError, match="outside a unit of work"):
            await UserRepository(database).get(1)
    finally:
        await database.dispose()
