"""`POST /token` is rate-limited per client address and per username, in shared counters."""

import secrets
from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from httpx2 import AsyncClient
from redis.asyncio import Redis

from service.app import create_app
from service.auth.rate_limit import HitCounter, LoginRateLimiter
from service.auth.redis_counter import RedisHitCounter
from service.db.database import create_database
from service.db.rate_limits import DatabaseHitCounter
from service.settings import Settings
from tests.support.factories import PASSWORD, register
from tests.support.serving import make_settings, serving

pytestmark = pytest.mark.anyio

REDIS_URL = "redis://127.0.0.1:6379/0"


def limited_app(settings: Settings, **limits: object) -> FastAPI:
    values = {"login_attempts_per_address": 1000, "login_attempts_per_username": 1000} | limits
    return create_app(make_settings(settings.database_url, **values))


async def attempt(client: AsyncClient, username: str, password: str = PASSWORD) -> int:
    response = await client.post("/token", data={"username": username, "password": password})
    return response.status_code


async def test_guessing_one_users_password_is_stopped_then_allowed_again(
    settings: Settings,
) -> None:
    async with serving(limited_app(settings, login_attempts_per_username=3)) as client:
        user = await register(client)
        statuses = [await attempt(client, user["username"], "wrong-guess") for _ in range(3)]
        assert statuses == [400, 400, 400]
        refused = await client.post(
            "/token", data={"username": user["username"], "password": PASSWORD}
        )
        assert refused.status_code == 429
        retry_after = int(refused.headers["retry-after"])
        assert 1 <= retry_after <= settings.login_window_seconds
        assert refused.json()["detail"] == (
            f"Too many login attempts; retry in {retry_after} seconds"
        )
        # Another username from the same address is not affected by this username's limit.
        other = await register(client)
        assert await attempt(client, other["username"]) == 200


async def test_one_address_trying_many_usernames_is_stopped(settings: Settings) -> None:
    async with serving(limited_app(settings, login_attempts_per_address=5)) as client:
        statuses = [await attempt(client, f"nobody{i}") for i in range(6)]
        assert statuses == [400] * 5 + [429]


async def test_the_window_resets_the_count(settings: Settings) -> None:
    database = create_database(settings)
    now = [1_000_000.0]
    limiter = LoginRateLimiter(
        DatabaseHitCounter(database),
        per_address=100,
        per_username=2,
        window_seconds=60,
        clock=lambda: now[0],
    )
    username = secrets.token_hex(4)
    try:
        results = [await limiter.retry_after(address="a", username=username) for _ in range(3)]
        assert results[:2] == [None, None]
        assert results[2] == 20  # the window began at 999,960 and ends at 1,000,020
        now[0] += 60
        assert await limiter.retry_after(address="a", username=username) is None
    finally:
        await database.dispose()


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    client = Redis.from_url(REDIS_URL)
    yield client
    await client.aclose()


async def test_redis_counts_like_the_database(settings: Settings, redis: Redis) -> None:
    database = create_database(settings)
    username = secrets.token_hex(8)
    counters: list[HitCounter] = [DatabaseHitCounter(database), RedisHitCounter(redis)]
    try:
        for counter in counters:
            counts = [
                await counter.hit(
                    [f"test:{username}:a", f"test:{username}:b"],
                    window_start=600,
                    window_seconds=60,
                )
                for _ in range(3)
            ]
            assert counts == [[1, 1], [2, 2], [3, 3]]
    finally:
        await database.dispose()


async def test_with_redis_url_the_limit_is_kept_in_redis(settings: Settings, redis: Redis) -> None:
    app = limited_app(settings, login_attempts_per_username=1, redis_url=REDIS_URL)
    username = f"redis_{secrets.token_hex(6)}"
    async with serving(app) as client:
        assert await attempt(client, username) == 400
        assert await attempt(client, username) == 429
    assert await redis.keys("login:username:*")


async def test_an_unreachable_redis_is_a_503_not_a_500(settings: Settings) -> None:
    app = limited_app(settings, redis_url="redis://127.0.0.1:1/0", database_timeout_seconds=1)
    async with serving(app) as client:
        response = await client.post("/token", data={"username": "someone", "password": "x"})
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
