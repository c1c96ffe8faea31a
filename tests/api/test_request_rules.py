"""The transport's rules for request bodies, on every operation that takes one: malformed is
400, too large is 413, the wrong media type is 415, and none of them writes anything."""

from collections.abc import Callable

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


def malformed(path: str) -> tuple[bytes, dict[str, str]]:
    if path == "/token":
        return b"username=%zz&password=%", {"Content-Type": FORM}
    return b'{"name": ', {"Content-Type": "application/json"}


def too_large(path: str) -> tuple[bytes, dict[str, str]]:
    return b"x" * (1024 * 1024 + 1), {}


def undeclared_media_type(path: str) -> tuple[bytes, dict[str, str]]:
    return b"<product/>", {"Content-Type": "text/xml"}


BROKEN_BODIES = {"malformed": (malformed, 400), "too large": (too_large, 413)}
BROKEN_BODIES["undeclared media type"] = (undeclared_media_type, 415)


@pytest.mark.parametrize(("make_body", "status"), BROKEN_BODIES.values(), ids=BROKEN_BODIES)
@pytest.mark.parametrize(("method", "path"), BODY_OPERATIONS)
async def test_a_broken_body_is_refused_and_writes_nothing(
    client: AsyncClient,
    settings: Settings,
    method: str,
    path: str,
    make_body: Callable[[str], tuple[bytes, dict[str, str]]],
    status: int,
) -> None:
    url, headers = await prepared(client, path)
    before = await stored_rows(settings)
    content, content_headers = make_body(path)
    response = await client.request(method, url, content=content, headers=headers | content_headers)
    assert response.status_code == status
    assert response.json()["detail"]
    assert await stored_rows(settings) == before


DEEP = 100_000
AMBIGUOUS_JSON = {
    "nested too deep": (
        b'{"name": ' + b"[" * DEEP + b"]" * DEEP + b"}",
        "Malformed JSON body: nested deeper than 201 levels",
    ),
    "a key twice": (
        b'{"name": "Lamp", "price": 1, "name": "Desk"}',
        'Malformed JSON body: Detected duplicate key "name"',
    ),
}


@pytest.mark.parametrize(("content", "detail"), AMBIGUOUS_JSON.values(), ids=AMBIGUOUS_JSON)
@pytest.mark.parametrize(("method", "path"), [op for op in BODY_OPERATIONS if op[1] != "/token"])
async def test_ambiguous_json_is_400_and_writes_nothing(
    client: AsyncClient, settings: Settings, method: str, path: str, content: bytes, detail: str
) -> None:
    url, headers = await prepared(client, path)
    before = await stored_rows(settings)
    json_headers = headers | {"Content-Type": "application/json"}
    response = await client.request(method, url, content=content, headers=json_headers)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(detail)
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
        assert response.json()["detail"] == "Database is not reachable."
        assert (await client.get("/healthz")).status_code == 200
