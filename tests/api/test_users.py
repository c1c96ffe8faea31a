"""The `users` operations: registration, and reading your own account only."""

from datetime import datetime

import pytest
from httpx2 import AsyncClient

from service.settings import Settings
from tests.support.databases import count_rows, fetch
from tests.support.factories import PASSWORD, random_username, register, signed_in_user

pytestmark = pytest.mark.anyio


async def test_registration_returns_the_user_without_the_password(client: AsyncClient) -> None:
    username = random_username()
    response = await client.post(
        "/users/",
        json={
            "username": username,
            "email": "alice@example.com",
            "full_name": 'Alice "<b>" Ünïcødé 🙂',
            "password": PASSWORD,
        },
    )
    assert response.status_code == 201
    user = response.json()
    assert response.headers["location"] == f"/users/{user['id']}"
    assert set(user) == {"id", "username", "email", "full_name", "created_at"}
    assert user["username"] == username
    assert user["full_name"] == 'Alice "<b>" Ünïcødé 🙂'
    assert datetime.fromisoformat(user["created_at"]).utcoffset() is not None
    assert PASSWORD not in response.text


async def test_full_name_is_optional_and_an_empty_one_is_kept(client: AsyncClient) -> None:
    assert (await register(client))["full_name"] is None
    assert (await register(client, full_name=""))["full_name"] == ""


async def test_a_taken_username_is_409(client: AsyncClient) -> None:
    user = await register(client)
    again = await client.post(
        "/users/",
        json={"username": user["username"], "email": "other@example.com", "password": PASSWORD},
    )
    assert again.status_code == 409
    assert user["username"] in again.json()["detail"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("username", "ab"),
        ("username", "has space"),
        ("username", "x" * 51),
        ("email", "not-an-email"),
        ("password", "short"),
        ("password", "x" * 129),
        ("full_name", "nul\u0000inside"),
        ("full_name", "x" * 201),
        ("is_admin", True),
    ],
)
async def test_invalid_registrations_are_422_and_store_nothing(
    client: AsyncClient, settings: Settings, field: str, value: object
) -> None:
    username = random_username()
    body = {"username": username, "email": f"{username}@example.com", "password": PASSWORD}
    response = await client.post("/users/", json=body | {field: value})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][-1] == field
    assert await count_rows(settings.database_url, "users") == 0


async def test_the_password_is_stored_only_as_an_argon2id_hash(
    client: AsyncClient, settings: Settings
) -> None:
    user = await register(client)
    [(stored,)] = await fetch(
        settings.database_url, "SELECT password_hash FROM users WHERE id = :id", id=user["id"]
    )
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


async def test_read_your_own_account(client: AsyncClient) -> None:
    user, headers = await signed_in_user(client)
    assert (await client.get("/users/me", headers=headers)).json() == user
    assert (await client.get(f"/users/{user['id']}", headers=headers)).json() == user


async def test_another_users_account_is_not_found(client: AsyncClient) -> None:
    other = await register(client)
    _, headers = await signed_in_user(client)
    response = await client.get(f"/users/{other['id']}", headers=headers)
    assert response.status_code == 404
    unknown = await client.get("/users/9223372036854775807", headers=headers)
    assert unknown.status_code == 404
    assert unknown.json()["detail"] == response.json()["detail"].replace(
        str(other["id"]), "9223372036854775807"
    )


@pytest.mark.parametrize("user_id", ["0", "-1", "9223372036854775808", "abc"])
async def test_user_ids_outside_int64_are_422(client: AsyncClient, user_id: str) -> None:
    _, headers = await signed_in_user(client)
    assert (await client.get(f"/users/{user_id}", headers=headers)).status_code == 422


@pytest.mark.parametrize("path", ["/users/me", "/users/1"])
async def test_accounts_need_a_token(client: AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("email", ["x@y.test", "a@localhost", "a@b.onion", "Mixed@Example.ORG"])
async def test_any_syntactically_valid_address_is_accepted(client: AsyncClient, email: str) -> None:
    """Found by Schemathesis: `format: email` allows special-use and dotless domains, which
    email-validator refused by default (422 for a request the spec says is valid)."""
    user = await register(client, email=email)
    local, domain = email.split("@")
    assert user["email"] == f"{local}@{domain.lower()}"


@pytest.mark.parametrize("email", ['"a b"@example.com', "a@[192.0.2.1]", "a..b@example.com"])
async def test_quoted_and_ip_literal_addresses_are_refused(client: AsyncClient, email: str) -> None:
    username = random_username()
    response = await client.post(
        "/users/", json={"username": username, "email": email, "password": PASSWORD}
    )
    assert response.status_code == 422
