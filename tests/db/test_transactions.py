"""One transaction per request: what happens when it cannot be committed."""

import pytest
from httpx2 import AsyncClient

from service.db.database import UnitOfWork
from service.settings import Settings
from tests.support.databases import count_rows
from tests.support.factories import signed_in_user

pytestmark = pytest.mark.anyio


async def test_a_commit_lost_with_the_database_is_a_503_not_a_success(
    client: AsyncClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, headers = await signed_in_user(client)

    async def connection_lost(self: UnitOfWork) -> None:
        raise ConnectionResetError("the database went away")

    monkeypatch.setattr(UnitOfWork, "commit", connection_lost)
    response = await client.post("/products/", json={"name": "x", "price": 1}, headers=headers)
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert await count_rows(settings.database_url, "products") == 0
