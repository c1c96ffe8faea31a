"""What the contract promises under concurrency, with requests really in flight together."""

import asyncio

import pytest
from httpx2 import AsyncClient

from service.settings import Settings
from tests.support.databases import count_rows
from tests.support.factories import PASSWORD, create_product, random_username, signed_in_user

pytestmark = pytest.mark.anyio


async def test_concurrent_creates_lose_nothing(client: AsyncClient, settings: Settings) -> None:
    _, headers = await signed_in_user(client)
    responses = await asyncio.gather(
        *(
            client.post("/products/", json={"name": f"P{i}", "price": i}, headers=headers)
            for i in range(20)
        )
    )
    assert [response.status_code for response in responses] == [201] * 20
    assert len({response.json()["id"] for response in responses}) == 20
    assert await count_rows(settings.database_url, "products") == 20
    listed = (await client.get("/products/", params={"limit": 100})).json()
    assert sorted(product["name"] for product in listed["items"]) == sorted(
        f"P{i}" for i in range(20)
    )


async def test_concurrent_patches_of_different_fields_all_apply(client: AsyncClient) -> None:
    _, headers = await signed_in_user(client)
    changes: list[dict[str, object]] = [
        {"name": "new name"},
        {"description": "new"},
        {"price": 1.5},
        {"tax": 0.5},
    ]
    for _ in range(5):
        product = await create_product(client, headers, name="old", description="old", price=9)
        path = f"/products/{product['id']}"
        responses = await asyncio.gather(
            *(client.patch(path, json=change, headers=headers) for change in changes)
        )
        assert [response.status_code for response in responses] == [200] * len(changes)
        final = (await client.get(path)).json()
        for change in changes:
            assert final.items() >= change.items()


async def test_racing_registrations_of_one_username_give_one_201(client: AsyncClient) -> None:
    username = random_username()
    responses = await asyncio.gather(
        *(
            client.post(
                "/users/",
                json={"username": username, "email": f"{i}@example.com", "password": PASSWORD},
            )
            for i in range(5)
        )
    )
    assert sorted(response.status_code for response in responses) == [201, 409, 409, 409, 409]
