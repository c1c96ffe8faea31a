"""CORS: browser apps of the origins the settings allow, and no others (none by default)."""

from collections.abc import AsyncIterator

import pytest
from httpx2 import AsyncClient

from service.app import create_app
from service.settings import Settings
from tests.support.serving import make_settings, serving

pytestmark = pytest.mark.anyio

APP_ORIGIN = "https://app.example.com"


def preflight(
    origin: str, method: str = "PATCH", headers: str = "authorization, if-match"
) -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": headers,
    }


@pytest.fixture
async def cors_client(settings: Settings) -> AsyncIterator[AsyncClient]:
    allowed = make_settings(settings.database_url, cors_allow_origins=(APP_ORIGIN,))
    async with serving(create_app(allowed)) as client:
        yield client


async def test_by_default_no_origin_is_allowed(client: AsyncClient) -> None:
    response = await client.get("/", headers={"Origin": APP_ORIGIN})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
    refused = await client.options("/products/1", headers=preflight(APP_ORIGIN))
    assert refused.status_code == 405
    assert "access-control-allow-origin" not in refused.headers


async def test_an_allowed_origin_reads_responses_and_their_headers(
    cors_client: AsyncClient,
) -> None:
    response = await cors_client.get("/products/", headers={"Origin": APP_ORIGIN})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == APP_ORIGIN
    exposed = response.headers["access-control-expose-headers"].lower().split(", ")
    assert {"etag", "location", "x-request-id"} <= set(exposed)
    assert "access-control-allow-credentials" not in response.headers  # bearer tokens only


async def test_an_allowed_origins_preflight_is_answered(cors_client: AsyncClient) -> None:
    response = await cors_client.options("/products/1", headers=preflight(APP_ORIGIN))
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == APP_ORIGIN
    assert "PATCH" in response.headers["access-control-allow-methods"]
    allowed_headers = response.headers["access-control-allow-headers"].lower()
    assert "if-match" in allowed_headers
    assert "authorization" in allowed_headers
    assert int(response.headers["access-control-max-age"]) > 0


@pytest.mark.parametrize(
    ("origin", "method", "headers", "refused"),
    [
        ("https://evil.example", "PATCH", "authorization", "origin"),
        (APP_ORIGIN, "TRACE", "authorization", "method"),
        (APP_ORIGIN, "PATCH", "x-not-allowed", "headers"),
    ],
)
async def test_other_preflights_are_refused_as_problems(
    cors_client: AsyncClient, origin: str, method: str, headers: str, refused: str
) -> None:
    response = await cors_client.options("/products/1", headers=preflight(origin, method, headers))
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert refused in response.json()["detail"]
    if origin != APP_ORIGIN:
        assert "access-control-allow-origin" not in response.headers


async def test_another_origins_requests_get_no_cors_headers(cors_client: AsyncClient) -> None:
    response = await cors_client.get("/", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200  # the browser, not the server, withholds the answer
    assert "access-control-allow-origin" not in response.headers
