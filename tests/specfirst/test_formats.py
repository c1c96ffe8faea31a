"""A string format gets the same verdict wherever the value is: in a JSON body, a form field, a
query parameter or a header (one table, specfirst.runtime.formats, types them all)."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from specfirst.runtime.formats import FORMAT_TYPES
from tests.specfirst.generated import generated_package

# For each format of the table: values it allows, then values it does not.
VALUES = {
    "date-time": (
        ["2024-01-31T12:00:00Z", "2024-01-31T12:00:00.5+01:00"],
        ["1700000000", "0", "2024-01-31", "2024-01-31T12:00:00"],
    ),
    "date": (["2024-01-31"], ["0", "1700000000", "2024-01-31T00:00:00Z", "2024-02-30"]),
    "time": (["12:00:00Z", "23:59:59.5-05:00"], ["12:00:00", "0", "noon"]),
    "duration": (["P1D", "PT1H30M", "P2W"], ["01:00:00", "1 day", "86400", "P"]),
    "uuid": (["3fa85f64-5717-4562-b3fc-2c963f66afa6"], ["3fa85f64", "x"]),
    "uri": (["https://example.com/a"], ["not a uri"]),
    "email": (["user@example.com"], ["user", "@example.com"]),
    "ipv4": (["192.0.2.1"], ["192.0.2.256", "2001:db8::1"]),
    "ipv6": (["2001:db8::1"], ["192.0.2.1", "gggg::"]),
    "byte": (["ZXhhbXBsZQ=="], ["not base64!"]),
}
CASES = [
    (format_, value, allowed)
    for format_, (good, bad) in VALUES.items()
    for allowed, values in ((True, good), (False, bad))
    for value in values
]
LOCATIONS = ("json", "form", "query", "header")


def field(format_: str) -> str:
    return format_.replace("-", "_")


def spec() -> dict[str, Any]:
    properties = {field(f): {"type": "string", "format": f} for f in FORMAT_TYPES}
    body = {"type": "object", "properties": properties}
    parameters = [
        {"name": field(f), "in": location, "schema": {"type": "string", "format": f}}
        for f in FORMAT_TYPES
        for location in ("query", "header")
    ]
    # Header names are case-insensitive and the query's are not: told apart by location only.
    answers = {"204": {"description": "taken"}, "422": {"description": "refused"}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "formats", "version": "1"},
        "paths": {
            "/json": {
                "post": {
                    "operationId": "json",
                    "requestBody": {"content": {"application/json": {"schema": body}}},
                    "responses": answers,
                }
            },
            "/form": {
                "post": {
                    "operationId": "form",
                    "requestBody": {
                        "content": {"application/x-www-form-urlencoded": {"schema": body}}
                    },
                    "responses": answers,
                }
            },
            "/parameters": {
                "get": {"operationId": "parameters", "parameters": parameters, "responses": answers}
            },
        },
    }


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with generated_package(spec(), tmp_path_factory.mktemp("formats")) as package:
        taken = package.responses.Json204Response()

        class Handlers:
            async def json(self, **_: Any) -> Any:
                return taken

            async def form(self, **_: Any) -> Any:
                return package.responses.Form204Response()

            async def parameters(self, **_: Any) -> Any:
                return package.responses.Parameters204Response()

        app = FastAPI()
        package.routes.bind_routes(app.router, default=Handlers())
        yield TestClient(app)


def verdict(client: TestClient, location: str, format_: str, value: str) -> int:
    name = field(format_)
    if location == "json":
        return client.post("/json", json={name: value}).status_code
    if location == "form":
        return client.post("/form", data={name: value}).status_code
    if location == "query":
        return client.get("/parameters", params={name: value}).status_code
    return client.get("/parameters", headers={name: value}).status_code


def test_every_format_of_the_table_is_tried() -> None:
    assert set(VALUES) == set(FORMAT_TYPES)


@pytest.mark.parametrize(("format_", "value", "allowed"), CASES)
def test_a_value_gets_one_verdict_in_a_body_a_form_a_query_and_a_header(
    client: TestClient, format_: str, value: str, allowed: bool
) -> None:
    verdicts = {location: verdict(client, location, format_, value) for location in LOCATIONS}
    expected = 204 if allowed else 422
    assert verdicts == dict.fromkeys(LOCATIONS, expected)
