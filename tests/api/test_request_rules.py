"""The transport's rules for request bodies, on every operation that takes one: malformed is
400, too large is 413, the wrong media type is 415, and none of them writes anything."""

import pytest
from httpx2 import AsyncClient

from service.app import create_app
from service.settings import Settings
from tests.support.databases import count_rows
from tests.support.factories import create_product, signed_in_user
from tests.support.serving import make_settings, serving

pytestmark = pytest.mark.anyio

# (method, path) of each operation with a request body; {id} is filled with a real product.
BODY_OPERATIONS = [
    ("POST", "/users/"),
    ("POST", "/token"),
    ("POST", "/products/"),
    ("PUT", "/products/{id}"),
    ("PATCH", "/products/{id}"),
]
FORM = "application/x-www-form-urlencoded"


async def prepared(client: AsyncClient, path: str) -> tuple[str, dict[str, str]]:
    """The path with a real product's id, and the headers of that product's owner."""
    _, headers = await signed_in_user(client)
    product = await create_product(client, headers)
    return path.replace("{id}", str(product["id"])), headers


async def stored_rows(settings: Settings) -> tuple[int, int]:
    url = settings.database_url
    return await count_rows(url, "users"), await count_rows(url, "products")


@pytest.mark.parametrize(("method", "path"), BODY_OPERATIONS)
async def test_a_malformed_body_is_400(
    client: AsyncClient, settings: Settings, method: str, path: str
) -> None:
    url, headers = await prepared(client, path)
    before = await stored_rows(settings)
    media_type = FORM if path == "/token" else "application/json"
    malformed = b"username=%zz&password=%" if path == "/token" else b'{"name": '
    response = await client.request(
        method, url, content=malformed, headers=headers | {"Content-Type": media_type}
    )
    assert response.status_code == 400
    assert response.json()["detail"]
    assert await stored_rows(settings) == before


@pytest.mark.parametrize(("method", "path"), BODY_OPERATIONS)
async def test_a_body_over_the_limit_is_413(
    client: AsyncClient, settings: Settings, method: str, path: str
) -> None:
    url, headers = await prepared(client, path)
    before = await stored_rows(settings)
    response = await client.request(method, url, content=b"x" * (1024 * 1024 + 1), headers=headers)
    assert response.status_code == 413
    assert await stored_rows(settings) == before


@pytest.mark.parametrize(("method", "path"), BODY_OPERATIONS)
async def test_an_undeclared_media_type_is_415(
    client: AsyncClient, settings: Settings, method: str, path: str
) -> None:
    url, headers = await prepared(client, path)
    before = await stored_rows(settings)
    response = await client.request(
        method, url, content=b"<product/>", headers=headers | {"Content-Type": "text/xml"}
    )
    assert response.status_code == 415
    assert await stored_rows(settings) == before


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
async def test_an_id_out_of_range_is_422_for_writes_too(client: AsyncClient, method: str) -> None:
    _, headers = await signed_in_user(client)
    body = None if method == "DELETE" else {"name": "x", "price": 1}
    response = await client.request(method, "/products/0", json=body, headers=headers)
    assert response.status_code == 422


async def test_not_ready_while_the_database_does_not_answer() -> None:
    # Nothing listens on port 1: connections are refused at once.
    unreachable = make_settings("postgresql+asyncpg://postgres@127.0.0.1:1/none")
    async with serving(create_app(unreachable)) as client:
        response = await client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["detail"] == "Database is not reachable"
        assert (await client.get("/healthz")).status_code == 200
