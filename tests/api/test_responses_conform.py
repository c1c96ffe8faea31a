"""What the service answers — successes and every kind of error — is what openapi.yaml declares."""

import pytest
from httpx2 import AsyncClient, Request, Response

from tests.openapi_spec import assert_conforms
from tests.support.serving import conforms_to_the_spec

CASES = [
    ("GET", "/", "/"),
    ("GET", "/healthz", "/healthz"),
    ("GET", "/readyz", "/readyz"),
    ("GET", "/items/5?q=somequery", "/items/{item_id}"),
    ("GET", "/items/5", "/items/{item_id}"),
    ("GET", "/items/0", "/items/{item_id}"),
    ("GET", "/items/abc?q=x", "/items/{item_id}"),
    ("GET", "/items/1?q=" + "x" * 501, "/items/{item_id}"),
]


@pytest.mark.anyio
@pytest.mark.parametrize(("method", "url", "template"), CASES)
async def test_response_conforms_to_the_spec(
    client: AsyncClient, method: str, url: str, template: str
) -> None:
    assert_conforms(await client.request(method, url), method, template)


@pytest.mark.anyio
async def test_the_checker_rejects_an_undeclared_status(client: AsyncClient) -> None:
    with pytest.raises(AssertionError, match="declared"):
        assert_conforms(await client.get("/items/0"), "GET", "/")


@pytest.mark.anyio
async def test_the_checker_rejects_a_body_off_schema(client: AsyncClient) -> None:
    with pytest.raises(AssertionError):
        assert_conforms(await client.get("/healthz"), "GET", "/")


@pytest.mark.anyio
async def test_the_test_client_checks_every_response_it_receives() -> None:
    """The `client` fixture's hook: an answer the spec does not declare fails the test."""
    request = Request("GET", "http://testserver/healthz")
    with pytest.raises(AssertionError, match="declared"):
        await conforms_to_the_spec(Response(418, json={"status": "ok"}, request=request))
    with pytest.raises(AssertionError):
        await conforms_to_the_spec(Response(200, json={"status": "fine"}, request=request))
    await conforms_to_the_spec(Response(200, json={"status": "ok"}, request=request))
