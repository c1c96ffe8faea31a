"""What the service answers — successes and every kind of error — is what openapi.yaml declares."""

import pytest
from fastapi.testclient import TestClient

from tests.openapi_spec import assert_conforms

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


@pytest.mark.parametrize(("method", "url", "template"), CASES)
def test_response_conforms_to_the_spec(
    client: TestClient, method: str, url: str, template: str
) -> None:
    assert_conforms(client.request(method, url), method, template)


def test_the_checker_rejects_an_undeclared_status(client: TestClient) -> None:
    with pytest.raises(AssertionError, match="declared"):
        assert_conforms(client.get("/items/0"), "GET", "/")


def test_the_checker_rejects_a_body_off_schema(client: TestClient) -> None:
    with pytest.raises(AssertionError):
        assert_conforms(client.get("/healthz"), "GET", "/")
