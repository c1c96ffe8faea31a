"""The seed article's own TestClient tests, adapted to a multi-user service: writes need a
token now, so each registers and logs in first (and the seed's password "test" is too short
for the contract's 8-character minimum)."""

from fastapi.testclient import TestClient

USER = {"username": "test", "email": "test@example.com", "password": "test-password"}


def bearer(client: TestClient) -> dict[str, str]:
    assert client.post("/users/", json=USER).status_code == 201
    response = client.post(
        "/token", data={"username": USER["username"], "password": USER["password"]}
    )
    assert response.status_code == 200
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_create_product(seed_client: TestClient) -> None:
    response = seed_client.post(
        "/products/",
        json={"name": "Test Product", "price": 29.99},
        headers=bearer(seed_client),
    )
    assert response.status_code == 201
    assert response.json()["name"] == "Test Product"


def test_read_product_not_found(seed_client: TestClient) -> None:
    response = seed_client.get("/products/999")
    assert response.status_code == 404


def test_authentication(seed_client: TestClient) -> None:
    headers = bearer(seed_client)
    response = seed_client.get("/users/me", headers=headers)
    assert response.status_code == 200


def test_hello_and_item_echo(seed_client: TestClient) -> None:
    assert seed_client.get("/").json() == {"message": "Hello World"}
    assert seed_client.get("/items/5?q=somequery").json() == {"item_id": 5, "q": "somequery"}
