"""ETag, If-None-Match and If-Match on products (RFC 9110 §8.8.3, §13), on each database."""

import asyncio
from typing import Any

import pytest
from httpx2 import AsyncClient

from tests.support.factories import signed_in_user

pytestmark = pytest.mark.anyio


async def created(client: AsyncClient) -> tuple[dict[str, str], str, str]:
    """A new product of a new user: the user's headers, the product's path and its ETag."""
    _, headers = await signed_in_user(client)
    response = await client.post("/products/", json={"name": "Lamp", "price": 10}, headers=headers)
    assert response.status_code == 201
    return headers, response.headers["location"], response.headers["etag"]


async def test_every_write_gives_the_product_a_new_etag(client: AsyncClient) -> None:
    headers, path, first = await created(client)
    assert (await client.get(path)).headers["etag"] == first
    patched = await client.patch(path, json={"price": 11}, headers=headers)
    replaced = await client.put(path, json={"name": "Lamp", "price": 11}, headers=headers)
    tags = [first, patched.headers["etag"], replaced.headers["etag"]]
    assert len(set(tags)) == 3
    assert all(tag.startswith('"') and tag.endswith('"') for tag in tags)  # strong
    assert (await client.get(path)).headers["etag"] == tags[-1]


@pytest.mark.parametrize("spelling", ["{tag}", "W/{tag}", '"other", {tag}', "*"])
async def test_if_none_match_naming_the_current_etag_is_304(
    client: AsyncClient, spelling: str
) -> None:
    _, path, tag = await created(client)
    response = await client.get(path, headers={"If-None-Match": spelling.format(tag=tag)})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == tag


@pytest.mark.parametrize("value", ['"no-such-version"', "not an entity tag", 'W/"0"'])
async def test_if_none_match_naming_another_version_reads_the_product(
    client: AsyncClient, value: str
) -> None:
    _, path, tag = await created(client)
    response = await client.get(path, headers={"If-None-Match": value})
    assert response.status_code == 200
    assert response.json()["name"] == "Lamp"
    assert response.headers["etag"] == tag


async def test_an_etag_read_before_a_change_no_longer_matches(client: AsyncClient) -> None:
    headers, path, old = await created(client)
    await client.patch(path, json={"name": "Desk lamp"}, headers=headers)
    response = await client.get(path, headers={"If-None-Match": old})
    assert response.status_code == 200
    assert response.json()["name"] == "Desk lamp"


WRITES: list[tuple[str, dict[str, Any] | None]] = [
    ("PUT", {"name": "Chair", "price": 5}),
    ("PATCH", {"price": 5}),
    ("DELETE", None),
]


@pytest.mark.parametrize(("method", "body"), WRITES)
async def test_writes_with_the_current_etag_apply(
    client: AsyncClient, method: str, body: dict[str, Any] | None
) -> None:
    headers, path, tag = await created(client)
    response = await client.request(method, path, json=body, headers=headers | {"If-Match": tag})
    assert response.status_code == (204 if method == "DELETE" else 200)
    after = await client.get(path)
    if method == "DELETE":
        assert after.status_code == 404
    else:
        assert after.json()["price"] == 5
        assert after.headers["etag"] == response.headers["etag"] != tag


@pytest.mark.parametrize(("method", "body"), WRITES)
@pytest.mark.parametrize("if_match", ['"stale"', 'W/"{version}"', "not an entity tag", '""'])
async def test_writes_naming_no_current_version_are_412_and_change_nothing(
    client: AsyncClient, method: str, body: dict[str, Any] | None, if_match: str
) -> None:
    headers, path, tag = await created(client)
    before = await client.get(path)
    # A weak tag of the current version does not match either: If-Match compares strongly.
    value = if_match.format(version=tag.strip('"'))
    response = await client.request(method, path, json=body, headers=headers | {"If-Match": value})
    assert response.status_code == 412
    assert response.headers["content-type"] == "application/problem+json"
    assert "changed since" in response.json()["detail"]
    after = await client.get(path)
    assert after.json() == before.json()
    assert after.headers["etag"] == tag


@pytest.mark.parametrize("if_match", ["*", '"stale", {tag}', " {tag} , "])
async def test_if_match_star_or_a_list_holding_the_current_etag_applies(
    client: AsyncClient, if_match: str
) -> None:
    headers, path, tag = await created(client)
    response = await client.patch(
        path, json={"price": 7}, headers=headers | {"If-Match": if_match.format(tag=tag)}
    )
    assert response.status_code == 200


async def test_ownership_and_existence_are_checked_before_the_precondition(
    client: AsyncClient,
) -> None:
    _, path, _ = await created(client)
    _, stranger = await signed_in_user(client)
    stale = {"If-Match": '"stale"'}
    response = await client.patch(path, json={"price": 1}, headers=stranger | stale)
    assert response.status_code == 403
    response = await client.delete("/products/999999", headers=stranger | stale)
    assert response.status_code == 404


async def test_without_if_match_writes_apply_whatever_the_version(client: AsyncClient) -> None:
    headers, path, _ = await created(client)
    await client.patch(path, json={"price": 1}, headers=headers)
    response = await client.put(path, json={"name": "Chair", "price": 2}, headers=headers)
    assert response.status_code == 200


async def test_of_concurrent_writes_of_one_version_exactly_one_applies(
    client: AsyncClient,
) -> None:
    """No lost update: every writer names the version it read; one wins, the others are told."""
    headers, path, tag = await created(client)
    names = [f"Name {i}" for i in range(6)]
    responses = await asyncio.gather(
        *(
            client.patch(path, json={"name": name}, headers=headers | {"If-Match": tag})
            for name in names
        )
    )
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] + [412] * (len(names) - 1)
    [winner] = [response for response in responses if response.status_code == 200]
    final = await client.get(path)
    assert final.json() == winner.json()
    assert final.headers["etag"] == winner.headers["etag"]


async def test_a_delete_racing_an_update_of_one_version_excludes_it(client: AsyncClient) -> None:
    for _ in range(3):
        headers, path, tag = await created(client)
        conditional = headers | {"If-Match": tag}
        deleted, patched = await asyncio.gather(
            client.delete(path, headers=conditional),
            client.patch(path, json={"price": 3}, headers=conditional),
        )
        # Whichever came first applied; the other found the product gone or changed.
        assert sorted([deleted.status_code, patched.status_code]) in ([200, 412], [204, 404])
