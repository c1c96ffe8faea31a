"""The `items` operation: the seed's echo of a path id and an optional query string."""

import pytest
from fastapi.testclient import TestClient


def test_seed_example(client: TestClient) -> None:
    assert client.get("/items/5?q=somequery").json() == {"item_id": 5, "q": "somequery"}


def test_query_is_optional(client: TestClient) -> None:
    assert client.get("/items/5").json() == {"item_id": 5, "q": None}


def test_query_is_echoed_verbatim(client: TestClient) -> None:
    q = '<b>"quotes" & ünïcødé</b> 🙂'
    assert client.get("/items/9223372036854775807", params={"q": q}).json()["q"] == q


@pytest.mark.parametrize("item_id", ["0", "-1", "9223372036854775808", "abc"])
def test_ids_outside_int64_are_422(client: TestClient, item_id: str) -> None:
    response = client.get(f"/items/{item_id}")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["loc"] == ["path", "item_id"]


def test_query_over_its_bound_is_422(client: TestClient) -> None:
    assert client.get("/items/1", params={"q": "x" * 501}).status_code == 422
