"""The `items` operation: the seed's echo of a path id and an optional query string."""

import pytest
from httpx2 import AsyncClient


@pytest.mark.anyio
async def test_seed_example(client: AsyncClient) -> None:
    assert (await client.get("/items/5?q=somequery")).json() == {"item_id": 5, "q": "somequery"}


@pytest.mark.anyio
async def test_query_is_optional(client: AsyncClient) -> None:
    assert (await client.get("/items/5")).json() == {"item_id": 5, "q": None}


@pytest.mark.anyio
async def test_query_is_echoed_verbatim(client: AsyncClient) -> None:
    q = '<b>"quotes" & ünïcødé</b> 🙂'
    assert (await client.get("/items/9223372036854775807", params={"q": q})).json()["q"] == q


@pytest.mark.anyio
@pytest.mark.parametrize("item_id", ["0", "-1", "9223372036854775808", "abc"])
async def test_ids_outside_int64_are_422(client: AsyncClient, item_id: str) -> None:
    response = await client.get(f"/items/{item_id}")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["loc"] == ["path", "item_id"]


@pytest.mark.anyio
async def test_query_over_its_bound_is_422(client: AsyncClient) -> None:
    assert (await client.get("/items/1", params={"q": "x" * 501})).status_code == 422


@pytest.mark.anyio
async def test_every_invalid_parameter_is_reported_where_fastapi_reports_it(
    client: AsyncClient,
) -> None:
    """Bodiless operations are read by the generated EndpointParameters, not FastAPI's
    dependency solver; their errors must read the same (location, name, pydantic's type)."""
    response = await client.get("/items/0", params={"q": "x" * 501})
    assert response.status_code == 422
    problem = response.json()
    assert [(e["loc"], e["type"]) for e in problem["errors"]] == [
        (["path", "item_id"], "greater_than_equal"),
        (["query", "q"], "string_too_long"),
    ]
    assert problem["detail"] == (
        "path.item_id: Input should be greater than or equal to 1 (and 1 more)"
    )
