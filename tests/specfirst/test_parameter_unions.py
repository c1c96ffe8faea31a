"""Parameters as production APIs write them: of one of several schemas (each alternative
tried in the order the style can carry it; 422 only when none fits), inline objects (named
after the operation), objects and arrays of objects deep in a query string, and schemas
without a type (a string, with a warning)."""

import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from specfirst.codegen.pipeline import read_spec
from tests.specfirst.generated import generated_package

RANGE = {
    "type": "object",
    "properties": {"gte": {"type": "integer"}, "lt": {"type": "integer"}},
    "additionalProperties": False,
}
LINE = {
    "type": "object",
    "required": ["amount"],
    "properties": {
        "amount": {"type": "integer"},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
}


def parameter(name: str, schema: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema, **more}


SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "unions", "version": "1"},
    "paths": {
        "/charges": {
            "get": {
                "operationId": "listCharges",
                "parameters": [
                    # An integer, or a range written deepObject: created[gte]=1.
                    parameter(
                        "created",
                        {"anyOf": [RANGE, {"type": "integer"}]},
                        style="deepObject",
                        explode=True,
                    ),
                    # One value, or several: cwes=a or cwes=a&cwes=b.
                    parameter(
                        "cwes",
                        {
                            "oneOf": [
                                {"type": "string"},
                                {"type": "array", "items": {"type": "string"}},
                            ]
                        },
                    ),
                    # An array of objects, as Stripe writes them: lines[0][amount]=5.
                    parameter(
                        "lines", {"type": "array", "items": LINE}, style="deepObject", explode=True
                    ),
                    parameter("anything", {}),
                    parameter(
                        "limit", {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}]}
                    ),
                    parameter("safe_mode", {"type": "integer", "enum": [0, 1]}),
                    parameter("flag", {"type": "boolean"}),
                ],
                "responses": {"200": {"description": "ok", "content": {"application/json": {}}}},
            }
        },
        "/points/{id}": {
            "get": {
                "operationId": "getPoint",
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "schema": {
                            "anyOf": [
                                {"type": "integer", "minimum": 0},
                                {"type": "string", "format": "uuid"},
                            ]
                        },
                    }
                ],
                "responses": {"200": {"description": "ok", "content": {"application/json": {}}}},
            }
        },
    },
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with generated_package(SPEC, tmp_path_factory.mktemp("unions")) as package:
        yield TestClient(_app(package))


def _app(package: ModuleType) -> FastAPI:
    def echo(response: str) -> Any:
        async def operation(self: object, **arguments: Any) -> Any:
            plain = {k: _plain(v) for k, v in arguments.items() if v is not None}
            return getattr(package.responses, response)(body=plain)

        return operation

    handlers = type(
        "Handlers",
        (),
        {"list_charges": echo("ListCharges200Response"), "get_point": echo("GetPoint200Response")},
    )()
    app = FastAPI()
    package.routes.bind_routes(app.router, default=handlers)
    return app


def _plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", exclude_unset=True)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value if isinstance(value, int | str | dict) else str(value)


def test_each_alternative_is_taken_as_its_style_writes_it(client: TestClient) -> None:
    assert client.get("/charges", params={"created": "5"}).json() == {"created": 5}
    ranged = client.get("/charges", params={"created[gte]": "1", "created[lt]": "9"})
    assert ranged.json() == {"created": {"gte": 1, "lt": 9}}
    assert client.get("/charges", params={"cwes": "a"}).json() == {"cwes": "a"}
    several = client.get("/charges", params=[("cwes", "a"), ("cwes", "b")])
    assert several.json() == {"cwes": ["a", "b"]}


def test_none_fitting_is_a_422(client: TestClient) -> None:
    for query in (
        {"created": "soon"},
        {"created[gte]": "x"},
        {"created[since]": "1"},
        {"limit": "0"},
    ):
        response = client.get("/charges", params=query)
        assert response.status_code == 422, query
        assert response.json()["errors"][0]["loc"][:2] == ["query", next(iter(query)).split("[")[0]]


def test_enums_of_numbers_are_compared_as_numbers(client: TestClient) -> None:
    assert client.get("/charges", params={"safe_mode": "1"}).json() == {"safe_mode": 1}
    assert client.get("/charges", params={"safe_mode": "2"}).status_code == 422


def test_null_written_in_a_query_is_text_not_an_absent_value(client: TestClient) -> None:
    for query in ({"flag": "null"}, {"limit": "null"}, {"safe_mode": "null"}):
        assert client.get("/charges", params=query).status_code == 422, query


def test_arrays_of_objects_deep_in_the_query(client: TestClient) -> None:
    query: list[tuple[str, str | int | float | bool | None]] = [
        ("lines[0][amount]", "5"),
        ("lines[1][amount]", "6"),
        ("lines[1][tags][0]", "x"),
    ]
    assert client.get("/charges", params=query).json() == {
        "lines": [{"amount": 5}, {"amount": 6, "tags": ["x"]}]
    }
    assert client.get("/charges", params={"lines[0][tags][0]": "x"}).status_code == 422


def test_a_path_parameter_of_either_type(client: TestClient) -> None:
    assert client.get("/points/42").json() == {"id": 42}
    uuid = "550e8400-e29b-41d4-a716-446655440000"
    assert client.get(f"/points/{uuid}").json() == {"id": uuid}
    assert client.get("/points/-1").status_code == 422
    assert client.get("/points/neither").status_code == 422


def test_a_parameter_of_no_type_is_a_string_with_a_warning(
    client: TestClient, tmp_path: Path
) -> None:
    assert client.get("/charges", params={"anything": "7"}).json() == {"anything": "7"}
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(SPEC))
    warnings = read_spec(spec).warnings
    assert any(
        "parameters/anything/schema: a parameter of no type: read as a string" in w
        for w in warnings
    )
