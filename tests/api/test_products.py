"""The `products` operations: CRUD with PUT (replace) and PATCH (update), owners only."""

import math
from typing import Any

import pytest
from httpx2 import AsyncClient

from service.settings import Settings
from tests.support.databases import count_rows
from tests.support.factories import create_product, signed_in_user

pytestmark = pytest.mark.anyio

FULL = {"name": "Laptop", "description": "A portable computer", "price": 999.99, "tax": 99.5}


async def test_create_then_read(client: AsyncClient) -> None:
    user, headers = await signed_in_user(client)
    response = await client.post("/products/", json=FULL, headers=headers)
    assert response.status_code == 201
    product = response.json()
    assert response.headers["location"] == f"/products/{product['id']}"
    assert {key: product[key] for key in FULL} == FULL
    assert product["owner_id"] == user["id"]
    assert product["created_at"] == product["updated_at"]
    assert product["created_at"].endswith("Z")
    assert (await client.get(response.headers["location"])).json() == product


async def test_optional_fields_left_out_are_null(client: AsyncClient) -> None:
    _, headers = await signed_in_user(client)
    product = await create_product(client, headers, name="Pen", price=1)
    assert product["description"] is None
    assert product["tax"] is None
    assert product["price"] == 1


async def test_strings_are_stored_verbatim(client: AsyncClient) -> None:
    _, headers = await signed_in_user(client)
    name = "<script>alert('x')</script> \"quoted\" ünïcødé 🙂 \\ %s {}"
    product = await create_product(client, headers, name=name, description="")
    read = (await client.get(f"/products/{product['id']}")).json()
    assert read["name"] == name
    assert read["description"] == ""


async def test_timestamps_read_back_identical(client: AsyncClient) -> None:
    _, headers = await signed_in_user(client)
    created = await create_product(client, headers)
    assert (await client.get(f"/products/{created['id']}")).json() == created
    [listed] = (await client.get("/products/")).json()["items"]
    assert listed == created


async def test_put_replaces_everything_and_nulls_what_is_left_out(client: AsyncClient) -> None:
    _, headers = await signed_in_user(client)
    product = await create_product(client, headers, **FULL)
    response = await client.put(
        f"/products/{product['id']}", json={"name": "Tablet", "price": 10}, headers=headers
    )
    assert response.status_code == 200
    replaced = response.json()
    assert replaced | {"updated_at": None} == product | {
        "name": "Tablet",
        "price": 10,
        "description": None,
        "tax": None,
        "updated_at": None,
    }
    assert replaced["updated_at"] > product["updated_at"]
    assert (await client.get(f"/products/{product['id']}")).json() == replaced


async def test_patch_changes_only_what_is_sent(client: AsyncClient) -> None:
    _, headers = await signed_in_user(client)
    product = await create_product(client, headers, **FULL)
    response = await client.patch(
        f"/products/{product['id']}", json={"price": 5, "description": None}, headers=headers
    )
    assert response.status_code == 200
    patched = response.json()
    assert patched["price"] == 5
    assert patched["description"] is None
    assert patched["name"] == FULL["name"]
    assert patched["tax"] == FULL["tax"]
    assert (await client.get(f"/products/{product['id']}")).json() == patched


@pytest.mark.parametrize(
    "body",
    [{}, {"name": None}, {"price": None}, {"owner_id": 1}, {"name": ""}, {"price": -1}],
    ids=["empty", "null name", "null price", "unknown field", "empty name", "negative price"],
)
async def test_invalid_patches_are_422_and_change_nothing(
    client: AsyncClient, body: dict[str, Any]
) -> None:
    _, headers = await signed_in_user(client)
    product = await create_product(client, headers, **FULL)
    response = await client.patch(f"/products/{product['id']}", json=body, headers=headers)
    assert response.status_code == 422
    assert response.json()["errors"]
    assert (await client.get(f"/products/{product['id']}")).json() == product


INVALID_PRODUCTS = {
    "missing name": {"price": 1},
    "missing price": {"name": "x"},
    "empty name": {"name": "", "price": 1},
    "long name": {"name": "x" * 201, "price": 1},
    "long description": {"name": "x", "price": 1, "description": "x" * 2001},
    "NUL in name": {"name": "a\u0000b", "price": 1},
    "negative price": {"name": "x", "price": -0.01},
    "negative tax": {"name": "x", "price": 1, "tax": -1},
    "price as string": {"name": "x", "price": "5"},
    "price as boolean": {"name": "x", "price": False},
    "name as number": {"name": 5, "price": 1},
    "unknown field": {"name": "x", "price": 1, "owner_id": 1},
    "null name": {"name": None, "price": 1},
    "array": [{"name": "x", "price": 1}],
}


@pytest.mark.parametrize("body", INVALID_PRODUCTS.values(), ids=INVALID_PRODUCTS.keys())
async def test_invalid_products_are_422_and_store_nothing(
    client: AsyncClient, settings: Settings, body: Any
) -> None:
    _, headers = await signed_in_user(client)
    response = await client.post("/products/", json=body, headers=headers)
    assert response.status_code == 422, response.text
    assert response.json()["errors"]
    assert await count_rows(settings.database_url, "products") == 0


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b'{"name": "x", "price": NaN}', 422),
        (b'{"name": "x", "price": Infinity}', 422),
        (b'{"name": "x", "price": -Infinity}', 422),
        (b'{"name": "x", "price": 1e400}', 422),
        (b'{"name": "x", "price": 1', 400),
        (b'{"name": "\xff", "price": 1}', 400),
        (b"", 422),
    ],
)
async def test_non_finite_and_malformed_bodies_are_4xx_and_store_nothing(
    client: AsyncClient, settings: Settings, raw: bytes, status: int
) -> None:
    _, headers = await signed_in_user(client)
    response = await client.post(
        "/products/", content=raw, headers=headers | {"Content-Type": "application/json"}
    )
    assert response.status_code == status, response.text
    assert await count_rows(settings.database_url, "products") == 0


async def test_wrong_content_type_is_415(client: AsyncClient) -> None:
    _, headers = await signed_in_user(client)
    response = await client.post("/products/", data={"name": "x", "price": "1"}, headers=headers)
    assert response.status_code == 415


async def test_a_body_over_1_mib_is_413(client: AsyncClient, settings: Settings) -> None:
    _, headers = await signed_in_user(client)
    body = {"name": "x", "price": 1, "description": "x" * (1024 * 1024)}
    response = await client.post("/products/", json=body, headers=headers)
    assert response.status_code == 413
    assert await count_rows(settings.database_url, "products") == 0


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
async def test_only_the_owner_may_change_a_product(client: AsyncClient, method: str) -> None:
    _, owner = await signed_in_user(client)
    _, intruder = await signed_in_user(client)
    product = await create_product(client, owner, **FULL)
    body = {"name": "Mine now", "price": 0}
    response = await client.request(
        method,
        f"/products/{product['id']}",
        json=None if method == "DELETE" else body,
        headers=intruder,
    )
    assert response.status_code == 403
    assert (await client.get(f"/products/{product['id']}")).json() == product


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
async def test_an_unknown_product_is_404(client: AsyncClient, method: str) -> None:
    _, headers = await signed_in_user(client)
    response = await client.request(
        method,
        "/products/9223372036854775807",
        json=None if method in {"GET", "DELETE"} else {"name": "x", "price": 1},
        headers=headers,
    )
    assert response.status_code == 404


@pytest.mark.parametrize("product_id", ["0", "-1", "9223372036854775808", "1.5", "abc"])
async def test_product_ids_outside_int64_are_422(client: AsyncClient, product_id: str) -> None:
    assert (await client.get(f"/products/{product_id}")).status_code == 422


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
async def test_writes_need_a_token(client: AsyncClient, method: str) -> None:
    path = "/products/" if method == "POST" else "/products/1"
    body = None if method == "DELETE" else {"name": "x", "price": 1}
    response = await client.request(method, path, json=body)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


async def test_delete(client: AsyncClient) -> None:
    _, headers = await signed_in_user(client)
    product = await create_product(client, headers)
    response = await client.delete(f"/products/{product['id']}", headers=headers)
    assert response.status_code == 204
    assert response.content == b""
    assert (await client.get(f"/products/{product['id']}")).status_code == 404
    again = await client.delete(f"/products/{product['id']}", headers=headers)
    assert again.status_code == 404


async def test_a_deleted_products_id_is_never_reused(client: AsyncClient) -> None:
    _, headers = await signed_in_user(client)
    first = await create_product(client, headers)
    await client.delete(f"/products/{first['id']}", headers=headers)
    second = await create_product(client, headers)
    assert second["id"] > first["id"]


async def test_the_list_is_paged_newest_first(client: AsyncClient) -> None:
    _, headers = await signed_in_user(client)
    created = [await create_product(client, headers, name=f"P{i}") for i in range(5)]
    newest_first = list(reversed(created))
    page = (await client.get("/products/", params={"limit": 2, "offset": 1})).json()
    assert page == {"items": newest_first[1:3], "total": 5, "limit": 2, "offset": 1}
    default = (await client.get("/products/")).json()
    assert (default["limit"], default["offset"], default["items"]) == (20, 0, newest_first)
    beyond = (await client.get("/products/", params={"offset": 9223372036854775807})).json()
    assert beyond["items"] == []
    assert beyond["total"] == 5


async def test_an_empty_catalogue_is_one_empty_page(client: AsyncClient) -> None:
    page = (await client.get("/products/", params={"offset": 3})).json()
    assert page == {"items": [], "total": 0, "limit": 20, "offset": 3}


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 101}, {"limit": "x"}, {"offset": -1}, {"offset": 2**63}],
)
async def test_out_of_range_paging_is_422(client: AsyncClient, params: dict[str, Any]) -> None:
    assert (await client.get("/products/", params=params)).status_code == 422


async def test_negative_zero_is_stored_as_zero_on_every_database(client: AsyncClient) -> None:
    _, headers = await signed_in_user(client)
    response = await client.post(
        "/products/",
        content=b'{"name": "free", "price": -0.0, "tax": -0.0}',
        headers=headers | {"Content-Type": "application/json"},
    )
    assert response.status_code == 201
    created = response.json()
    read = (await client.get(response.headers["location"])).json()
    for product in (created, read):
        # -0.0 == 0.0 in Python: the sign is what tells them apart.
        assert [math.copysign(1.0, product[key]) for key in ("price", "tax")] == [1.0, 1.0]
    assert read == created


async def test_the_largest_finite_numbers_are_kept_exactly(client: AsyncClient) -> None:
    _, headers = await signed_in_user(client)
    product = await create_product(client, headers, price=1.7976931348623157e308, tax=5e-324)
    read = (await client.get(f"/products/{product['id']}")).json()
    assert (read["price"], read["tax"]) == (1.7976931348623157e308, 5e-324)
