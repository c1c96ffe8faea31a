"""Idempotency-Key on POST /products/ and POST /users/, on each database."""

import asyncio
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from httpx2 import AsyncClient, Response
from sqlalchemy import insert

from service.app import create_app
from service.db.tables import idempotency_keys
from service.settings import Settings
from tests.support.databases import count_rows, direct_engine
from tests.support.factories import PASSWORD, random_username, register, signed_in_user
from tests.support.serving import make_settings, serving

pytestmark = pytest.mark.anyio

PRODUCT = {"name": "Kettle", "price": 25.5}


def new_key() -> str:
    return f'"{secrets.token_hex(16)}"'  # a structured-field string, as the draft writes it


async def create(
    client: AsyncClient, headers: dict[str, str], key: str, body: dict[str, Any] = PRODUCT
) -> Response:
    return await client.post("/products/", json=body, headers=headers | {"Idempotency-Key": key})


def same_response(first: Response, second: Response) -> bool:
    return (
        first.status_code == second.status_code
        and first.json() == second.json()
        and first.headers["location"] == second.headers["location"]
        and first.headers["etag"] == second.headers["etag"]
    )


async def test_a_retry_gets_the_first_response_and_creates_nothing(
    client: AsyncClient, settings: Settings
) -> None:
    _, headers = await signed_in_user(client)
    key = new_key()
    first = await create(client, headers, key)
    # The client retries, as after a timeout: the body spaced and ordered differently.
    retry = await client.post(
        "/products/",
        content=b'{ "price": 25.5,  "name": "Kettle" }',
        headers=headers | {"Idempotency-Key": key, "Content-Type": "application/json"},
    )
    assert first.status_code == 201
    assert same_response(first, retry)
    assert await count_rows(settings.database_url, "products") == 1


async def test_the_key_may_be_sent_with_or_without_its_quotes(
    client: AsyncClient, settings: Settings
) -> None:
    _, headers = await signed_in_user(client)
    first = await create(client, headers, '"retry-me"')
    retry = await create(client, headers, "retry-me")
    assert same_response(first, retry)
    assert await count_rows(settings.database_url, "products") == 1


async def test_the_same_key_with_another_body_is_422(
    client: AsyncClient, settings: Settings
) -> None:
    _, headers = await signed_in_user(client)
    key = new_key()
    await create(client, headers, key)
    response = await create(client, headers, key, PRODUCT | {"price": 99})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    assert await count_rows(settings.database_url, "products") == 1


async def test_keys_belong_to_their_caller(client: AsyncClient, settings: Settings) -> None:
    key = new_key()
    responses = []
    for _ in range(2):
        _, headers = await signed_in_user(client)
        responses.append(await create(client, headers, key))
    assert [response.status_code for response in responses] == [201, 201]
    assert responses[0].json()["id"] != responses[1].json()["id"]
    assert await count_rows(settings.database_url, "products") == 2


async def test_requests_without_a_key_are_never_deduplicated(
    client: AsyncClient, settings: Settings
) -> None:
    _, headers = await signed_in_user(client)
    for _ in range(2):
        assert (await client.post("/products/", json=PRODUCT, headers=headers)).status_code == 201
    assert await count_rows(settings.database_url, "products") == 2


async def test_concurrent_requests_with_one_key_create_one_product(
    client: AsyncClient, settings: Settings
) -> None:
    _, headers = await signed_in_user(client)
    key = new_key()
    responses = await asyncio.gather(*(create(client, headers, key) for _ in range(6)))
    assert [response.status_code for response in responses] == [201] * 6
    assert all(same_response(responses[0], response) for response in responses)
    assert await count_rows(settings.database_url, "products") == 1


async def test_a_registration_retried_with_its_key_is_replayed(
    client: AsyncClient, settings: Settings
) -> None:
    body = {"username": random_username(), "email": "a@example.com", "password": PASSWORD}
    key = {"Idempotency-Key": new_key()}
    first = await client.post("/users/", json=body, headers=key)
    retry = await client.post("/users/", json=body, headers=key)
    assert first.status_code == retry.status_code == 201
    assert first.json() == retry.json()
    assert await count_rows(settings.database_url, "users") == 1
    # Another password is another request: a key alone reveals nothing of the first.
    other = await client.post("/users/", json=body | {"password": "another password"}, headers=key)
    assert other.status_code == 422


async def test_a_failed_request_leaves_its_key_free(
    client: AsyncClient, settings: Settings
) -> None:
    taken = await register(client)
    key = {"Idempotency-Key": new_key()}
    body = {"username": taken["username"], "email": "b@example.com", "password": PASSWORD}
    assert (await client.post("/users/", json=body, headers=key)).status_code == 409
    # Fixed and retried with the same key: the failure was not remembered.
    fixed = body | {"username": random_username()}
    assert (await client.post("/users/", json=fixed, headers=key)).status_code == 201
    assert await count_rows(settings.database_url, "users") == 2


async def test_keys_are_forgotten_after_their_lifetime(settings: Settings) -> None:
    # Tokens are checked against the real time: the service's clock starts there.
    now = [datetime.now(UTC)]
    app = create_app(
        make_settings(settings.database_url, idempotency_key_lifetime_hours=2), clock=lambda: now[0]
    )
    async with serving(app) as client:
        _, headers = await signed_in_user(client)
        key = new_key()
        first = await create(client, headers, key)
        now[0] += timedelta(hours=1, minutes=59)
        assert same_response(first, await create(client, headers, key))
        now[0] += timedelta(minutes=2)
        again = await create(client, headers, key)
        assert again.status_code == 201
        assert again.json()["id"] != first.json()["id"]
    assert await count_rows(settings.database_url, "products") == 2
    assert await count_rows(settings.database_url, "idempotency_keys") == 1


@asynccontextmanager
async def key_held_by_an_unfinished_request(
    database_url: str, caller: str, key: str
) -> AsyncIterator[None]:
    """A transaction that has claimed `key` for `caller` and not finished."""
    engine = direct_engine(database_url)
    try:
        async with engine.connect() as connection:
            await connection.execute(
                insert(idempotency_keys).values(
                    caller=caller, key=key, fingerprint="0" * 64, created_at=datetime.now(UTC)
                )
            )
            yield
            await connection.rollback()
    finally:
        await engine.dispose()


async def test_a_key_whose_first_request_does_not_finish_is_answered_in_time(
    settings: Settings,
) -> None:
    """PostgreSQL waits for the key (half the database timeout), then answers 409; on SQLite,
    the first request holds the one writer lock, so every write waits, then gets 503."""
    app = create_app(make_settings(settings.database_url, database_timeout_seconds=1))
    async with serving(app) as client:
        user, headers = await signed_in_user(client)
        async with key_held_by_an_unfinished_request(
            settings.database_url, f"user:{user['id']}", "held"
        ):
            response = await create(client, headers, '"held"')
        expected = 503 if settings.is_sqlite else 409
        assert response.status_code == expected
        assert response.headers["content-type"] == "application/problem+json"
        # Once the first request is gone, the key is free.
        assert (await create(client, headers, '"held"')).status_code == 201
    assert await count_rows(settings.database_url, "products") == 1


@pytest.mark.parametrize("key", ["", '""', '"unterminated', "has space", "x" * 256, '"a\\b"'])
async def test_malformed_keys_are_422(client: AsyncClient, key: str) -> None:
    _, headers = await signed_in_user(client)
    response = await create(client, headers, key)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["header", "Idempotency-Key"]
