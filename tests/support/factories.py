"""Factories: register users, log in and create products through the API, as a client would."""

import secrets
from typing import Any

from httpx2 import AsyncClient

PASSWORD = "correct horse battery staple"


def random_username() -> str:
    return f"user_{secrets.token_hex(6)}"


async def register(client: AsyncClient, **fields: Any) -> dict[str, Any]:
    """A new user (201 checked); `fields` override the generated username, e-mail, password."""
    username = fields.pop("username", None) or random_username()
    body = {"username": username, "email": f"{username}@example.com", "password": PASSWORD}
    response = await client.post("/users/", json=body | fields)
    assert response.status_code == 201, response.text
    user: dict[str, Any] = response.json()
    return user


async def log_in(client: AsyncClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    """The Authorization header of a fresh token for this user (200 checked)."""
    response = await client.post("/token", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def signed_in_user(client: AsyncClient) -> tuple[dict[str, Any], dict[str, str]]:
    """Register a new user and log in: (the user, their Authorization header)."""
    user = await register(client)
    return user, await log_in(client, user["username"])


async def create_product(
    client: AsyncClient, headers: dict[str, str], **fields: Any
) -> dict[str, Any]:
    body = {"name": "Widget", "price": 9.99} | fields
    response = await client.post("/products/", json=body, headers=headers)
    assert response.status_code == 201, response.text
    product: dict[str, Any] = response.json()
    return product
