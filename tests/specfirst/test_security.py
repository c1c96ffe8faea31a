"""Security requirements as the runtime checks them: alternatives, combinations, optional
security, each scheme's credentials and challenge, scopes."""

import asyncio
import base64
from collections.abc import Sequence
from typing import Any

import pytest
from starlette.exceptions import HTTPException
from starlette.requests import Request

from specfirst.runtime.authenticators import Authenticated, InsufficientScope
from specfirst.runtime.security import (
    MissingAuthenticatorError,
    Requirement,
    Scheme,
    Security,
    require_authenticators,
)

SCHEMES = {
    "token": Scheme("bearer"),
    "password": Scheme("basic"),
    "header_key": Scheme("key", "header", "X-API-Key"),
    "query_key": Scheme("key", "query", "api_key"),
    "cookie_key": Scheme("key", "cookie", "session"),
}


async def token(value: str, scopes: Sequence[str]) -> Any:
    if value != "good":
        return None
    return InsufficientScope(["admin"]) if "admin" in scopes else "token-user"


async def password(username: str, secret: str, scopes: Sequence[str]) -> str | None:
    return username if secret == "right" else None


async def key(value: str, scopes: Sequence[str]) -> str | None:
    return f"key-{value}" if value == "k" else None


SECURITY = Security(
    SCHEMES,
    {
        "token": token,
        "password": password,
        "header_key": key,
        "query_key": key,
        "cookie_key": key,
    },
)


def request(headers: dict[str, str] | None = None, query: str = "") -> Request:
    raw = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    return Request({"type": "http", "headers": raw, "query_string": query.encode()})


def basic(username: str, secret: str) -> dict[str, str]:
    encoded = base64.b64encode(f"{username}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {encoded}"}


def authenticate(requirements: Sequence[Requirement], incoming: Request) -> Any:
    async def check() -> Authenticated[Any] | None:
        return await SECURITY.requires(requirements)(incoming)

    return asyncio.run(check())


def refusal(requirements: Sequence[Requirement], incoming: Request) -> HTTPException:
    with pytest.raises(HTTPException) as raised:
        authenticate(requirements, incoming)
    return raised.value


def test_each_scheme_reads_its_credentials() -> None:
    found = authenticate([[("token", ())]], request({"Authorization": "Bearer good"}))
    assert found == Authenticated("token", "token-user", {"token": "token-user"})
    assert authenticate([[("password", ())]], request(basic("ann", "right"))).principal == "ann"
    assert authenticate([[("header_key", ())]], request({"X-API-Key": "k"})).principal == "key-k"
    assert authenticate([[("query_key", ())]], request(query="api_key=k")).principal == "key-k"
    cookie = request({"Cookie": "session=k"})
    assert authenticate([[("cookie_key", ())]], cookie).principal == "key-k"


def test_missing_credentials_are_401_with_every_challenge() -> None:
    refused = refusal([[("token", ())], [("password", ())], [("header_key", ())]], request())
    assert refused.status_code == 401
    assert refused.detail == "Not authenticated"
    assert refused.headers == {"WWW-Authenticate": 'Bearer, Basic realm="api", charset="UTF-8"'}
    assert refusal([[("header_key", ())]], request()).headers is None  # keys: no challenge


def test_invalid_credentials_are_401_even_where_anonymous_callers_may_come() -> None:
    assert authenticate([[], [("token", ())]], request()) is None  # anonymous
    refused = refusal([[], [("token", ())]], request({"Authorization": "Bearer bad"}))
    assert refused.status_code == 401
    assert refused.headers == {"WWW-Authenticate": 'Bearer error="invalid_token"'}
    assert refusal([[("password", ())]], request(basic("ann", "wrong"))).status_code == 401


def test_any_alternative_suffices_and_a_combination_needs_all() -> None:
    either = [[("token", ())], [("header_key", ())]]
    assert authenticate(either, request({"X-API-Key": "k"})).scheme == "header_key"
    both = [[("header_key", ()), ("token", ())]]
    assert refusal(both, request({"X-API-Key": "k"})).status_code == 401
    found = authenticate(both, request({"X-API-Key": "k", "Authorization": "Bearer good"}))
    assert found.principals == {"header_key": "key-k", "token": "token-user"}


def test_valid_credentials_without_a_required_scope_are_403() -> None:
    refused = refusal([[("token", ("admin",))]], request({"Authorization": "Bearer good"}))
    assert refused.status_code == 403
    assert refused.headers == {
        "WWW-Authenticate": 'Bearer error="insufficient_scope", scope="admin"'
    }


def test_a_scheme_without_an_authenticator_is_refused_at_start_naming_the_operations() -> None:
    partial = Security(SCHEMES, {"token": token})
    with pytest.raises(MissingAuthenticatorError, match="password, which read_things need"):
        require_authenticators(
            partial, {"read_things": [[("password", ())]], "read_other": [[("token", ())]]}
        )
