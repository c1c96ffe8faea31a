"""`POST /token` (the OAuth2 password grant) and what bearer tokens are accepted."""

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from httpx2 import AsyncClient
from jose import jwt

from service.app import create_app
from service.auth.passwords import PasswordHasher
from service.settings import Settings
from tests.support.databases import fetch
from tests.support.factories import PASSWORD, log_in, register, signed_in_user
from tests.support.serving import TEST_SECRET_KEY, make_settings, serving

pytestmark = pytest.mark.anyio


async def test_a_token_for_the_right_password(client: AsyncClient, settings: Settings) -> None:
    user = await register(client)
    response = await client.post(
        "/token",
        data={"grant_type": "password", "username": user["username"], "password": PASSWORD},
    )
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    token = response.json()
    assert token["token_type"] == "bearer"
    assert token["expires_in"] == settings.access_token_expire_minutes * 60
    claims = jwt.get_unverified_claims(token["access_token"])
    assert claims["sub"] == str(user["id"])
    assert claims["exp"] - claims["iat"] == token["expires_in"]
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    assert (await client.get("/users/me", headers=headers)).json() == user


async def test_unknown_user_and_wrong_password_get_identical_answers(client: AsyncClient) -> None:
    user = await register(client)
    wrong = await client.post("/token", data={"username": user["username"], "password": "nope!"})
    unknown = await client.post("/token", data={"username": "nobody", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.content == unknown.content
    # The same headers too, but for each request's own id.
    assert wrong.headers.items() - unknown.headers.items() == {
        ("x-request-id", wrong.headers["x-request-id"])
    }
    assert wrong.json()["error"] == "invalid_grant"


async def test_an_unknown_user_costs_one_password_check_like_a_wrong_password(
    client: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Timing: both paths run exactly one Argon2 verification (the unknown user's against a
    dummy hash made with the same cost), rather than timing responses on a noisy machine."""
    user = await register(client)
    checked: list[str] = []
    verify = PasswordHasher.verify

    async def counting_verify(self: PasswordHasher, password: str, stored: str | None) -> Any:
        checked.append("dummy" if stored is None else "real")
        return await verify(self, password, stored)

    monkeypatch.setattr(PasswordHasher, "verify", counting_verify)
    await client.post("/token", data={"username": user["username"], "password": "wrong!"})
    await client.post("/token", data={"username": "nobody", "password": PASSWORD})
    assert checked == ["real", "dummy"]


async def test_the_dummy_hash_costs_what_a_real_hash_costs() -> None:
    hasher = PasswordHasher(time_cost=2, memory_kib=512)
    real = await hasher.hash(PASSWORD)
    parameters = real.split("$")[3]  # m=...,t=...,p=...
    assert hasher._dummy_hash.split("$")[3] == parameters
    assert parameters.startswith("m=512,t=2,")


async def test_long_unicode_passwords_are_compared_in_full(client: AsyncClient) -> None:
    # 128 characters, 256 bytes in UTF-8: bcrypt would only see the first 72 bytes.
    password = "é" * 127 + "a"
    user = await register(client, password=password)
    await log_in(client, user["username"], password)
    same_first_72_bytes = "é" * 127 + "b"
    response = await client.post(
        "/token", data={"username": user["username"], "password": same_first_72_bytes}
    )
    assert response.status_code == 400


async def test_other_grant_types_are_unsupported(client: AsyncClient) -> None:
    user = await register(client)
    response = await client.post(
        "/token",
        data={
            "grant_type": "client_credentials",
            "username": user["username"],
            "password": PASSWORD,
        },
    )
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


@pytest.mark.parametrize(
    "form", [{"username": "alice"}, {"password": "x"}, {"username": "", "password": "x"}]
)
async def test_an_incomplete_form_is_invalid_request(
    client: AsyncClient, form: dict[str, str]
) -> None:
    response = await client.post("/token", data=form)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


async def test_json_is_not_accepted_at_the_token_endpoint(client: AsyncClient) -> None:
    response = await client.post("/token", json={"username": "alice", "password": PASSWORD})
    assert response.status_code == 415


def argon2_time_cost(encoded: str) -> int:
    """The `t` of a PHC-format Argon2 hash: `$argon2id$v=19$m=...,t=...,p=...$salt$hash`."""
    parameters = dict(item.split("=") for item in encoded.split("$")[3].split(","))
    return int(parameters["t"])


async def test_an_outdated_hash_is_upgraded_at_login(app: FastAPI, settings: Settings) -> None:
    async def stored_hash(user_id: int) -> str:
        [(value,)] = await fetch(
            settings.database_url, "SELECT password_hash FROM users WHERE id = :id", id=user_id
        )
        return str(value)

    cheaper = create_app(make_settings(settings.database_url, password_hash_time_cost=2))
    async with serving(cheaper) as old_client:
        user = await register(old_client)
    assert argon2_time_cost(await stored_hash(user["id"])) == 2
    async with serving(app) as current:
        await log_in(current, user["username"])
    assert argon2_time_cost(await stored_hash(user["id"])) == 1


# --- bearer tokens: every way a token can be wrong is a 401 -----------------------------


def encode(claims: dict[str, Any], key: str = TEST_SECRET_KEY, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, key, algorithm=algorithm)


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def valid_claims(user_id: int) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {"sub": str(user_id), "iat": int(now.timestamp()), "exp": int(now.timestamp()) + 600}


def unsigned(user_id: int) -> str:
    return f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(valid_claims(user_id))}."


def bad_signature(user_id: int) -> str:
    header, payload, signature = encode(valid_claims(user_id)).split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    return f"{header}.{payload}.{flipped}"


def tampered_claims(user_id: int) -> str:
    header, _, signature = encode(valid_claims(user_id)).split(".")
    return f"{header}.{b64(valid_claims(user_id + 1))}.{signature}"


def expired(user_id: int) -> str:
    past = datetime.now(UTC) - timedelta(hours=2)
    return encode(
        {"sub": str(user_id), "iat": int(past.timestamp()), "exp": int(past.timestamp()) + 60}
    )


def without(claim: str) -> Any:
    def token(user_id: int) -> str:
        claims = valid_claims(user_id)
        del claims[claim]
        return encode(claims)

    return token


def with_subject(subject: Any) -> Any:
    return lambda user_id: encode(valid_claims(user_id) | {"sub": subject})


BAD_TOKENS = {
    "alg none": unsigned,
    "bad signature": bad_signature,
    "foreign key": lambda user_id: encode(valid_claims(user_id), key="another-key" * 4),
    "HS512": lambda user_id: encode(valid_claims(user_id), algorithm="HS512"),
    "tampered claims": tampered_claims,
    "expired": expired,
    "no such user": lambda user_id: encode(valid_claims(user_id + 1000)),
    "no sub": without("sub"),
    "no exp": without("exp"),
    "no iat": without("iat"),
    "numeric sub": with_subject(1),
    "signed sub": lambda user_id: encode(valid_claims(user_id) | {"sub": f"+{user_id}"}),
    "zero-padded sub": lambda user_id: encode(valid_claims(user_id) | {"sub": f"0{user_id}"}),
    "sub out of range": with_subject(str(2**63)),
    "sub of 5000 digits": with_subject("9" * 5000),
    "not a JWT": lambda user_id: "not-a-jwt",
    "three empty parts": lambda user_id: "..",
    "non-ASCII": lambda user_id: "é.é.é",
}


@pytest.mark.parametrize("make_token", BAD_TOKENS.values(), ids=BAD_TOKENS.keys())
async def test_a_bad_token_is_401(client: AsyncClient, make_token: Any) -> None:
    user, _ = await signed_in_user(client)
    token = make_token(user["id"])
    # As bytes, so a token outside ASCII reaches the server as sent.
    authorization = f"Bearer {token}".encode()
    response = await client.get("/users/me", headers={b"Authorization": authorization})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("authorization", ["", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "bearer"])
async def test_no_usable_credentials_is_401(client: AsyncClient, authorization: str) -> None:
    response = await client.get("/users/me", headers={"Authorization": authorization})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


async def test_the_token_of_a_valid_user_is_accepted(client: AsyncClient) -> None:
    """The control for the attacks above: the same construction, unaltered, works."""
    user, _ = await signed_in_user(client)
    headers = {"Authorization": f"Bearer {encode(valid_claims(user['id']))}"}
    assert (await client.get("/users/me", headers=headers)).status_code == 200


async def test_a_username_with_nul_is_an_ordinary_invalid_grant(client: AsyncClient) -> None:
    """PostgreSQL refuses NUL in a query parameter; that must not become a 500."""
    response = await client.post("/token", data={"username": "a\x00b", "password": PASSWORD})
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


async def test_a_password_is_any_unicode_including_nul(client: AsyncClient) -> None:
    password = "nul\x00inside and ünïcødé 🙂"
    user = await register(client, password=password)
    await log_in(client, user["username"], password)
