"""Names a spec gives that Python cannot take as they are (a leading digit, a keyword, a name
the generated code uses itself, two names that become one) are made usable and kept apart,
each rename said in a warning, and the package they make compiles, binds and serves."""

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.specfirst.generated import generated_package, read_document


def query(name: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": {"type": "string"}}


def answered(operation_id: str, tag: str, **more: Any) -> dict[str, Any]:
    return {
        "operationId": operation_id,
        "tags": [tag],
        "responses": {"200": {"description": "ok", "content": {"application/json": {}}}},
        **more,
    }


SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "names", "version": "1"},
    "paths": {
        "/calls": {
            "get": answered(
                "listCalls",
                "2fa",
                parameters=[query("DateSent"), query("DateSent<"), query("DateSent>")],
            ),
            # The same operationId again, and one that becomes the same method name.
            "post": answered("listCalls", "security"),
            "put": answered("list_calls", "class"),
        },
        "/render": {
            "get": answered(
                "render",
                "keys",
                parameters=[query("responses"), {**query("id"), "in": "header"}, query("id")],
                security=[{"keys": []}],
            )
        },
    },
    "components": {"securitySchemes": {"keys": {"type": "apiKey", "in": "header", "name": "k"}}},
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(SPEC, tmp_path_factory.mktemp("names")) as generated:
        yield generated


def methods(interface: type) -> dict[str, list[str]]:
    """Each method of a generated interface, with its keyword arguments."""
    return {
        name: list(
            member.__code__.co_varnames[
                1 : member.__code__.co_argcount + member.__code__.co_kwonlyargcount
            ]
        )
        for name, member in vars(interface).items()
        if callable(member) and not name.startswith("_")
    }


def test_names_are_made_usable_and_kept_apart(package: ModuleType) -> None:
    interfaces = package.interfaces
    assert methods(interfaces.Set2faHandlers) == {
        "list_calls": ["date_sent", "date_sent_query", "date_sent_query2"]
    }
    # In the order operations are read (a path's methods: get, put, post...).
    assert methods(interfaces.ClassHandlersHandlers) == {"list_calls_2": []}
    assert methods(interfaces.SecurityHandlersHandlers) == {"list_calls_3": []}
    # A set named like a scheme's authenticator (both arguments of bind_routes) is renamed.
    assert methods(interfaces.KeysHandlersHandlers) == {
        "render_": ["auth", "responses_", "id", "id_query"]
    }


def test_each_rename_is_a_warning(tmp_path: Path) -> None:
    warnings = "\n".join(read_document(SPEC, tmp_path).warnings)
    assert "named list_calls_2 (ListCalls2...): another operation is list_calls" in warnings
    assert "named list_calls_3 (ListCalls3...)" in warnings
    assert "named date_sent_query2: date_sent is another parameter's" in warnings
    assert "handler set 'keys': named keys_handlers" in warnings


def test_the_package_binds_and_serves_every_operation(package: ModuleType) -> None:
    responses = package.responses
    called: list[str] = []

    def handler(name: str, response: Any) -> Any:
        async def operation(self: object, **arguments: Any) -> Any:
            called.append(name)
            arguments.pop("auth", None)
            return response(body=arguments)

        return operation

    def handlers(interface: type, response: str) -> object:
        names = methods(interface)
        return type("Handlers", (), {n: handler(n, getattr(responses, response)) for n in names})()

    async def key(key: str, scopes: Any) -> str:
        return key

    app = FastAPI()
    package.routes.bind_routes(
        app.router,
        keys=key,
        set_2fa=handlers(package.interfaces.Set2faHandlers, "ListCalls200Response"),
        class_handlers=handlers(package.interfaces.ClassHandlersHandlers, "ListCalls2200Response"),
        security_handlers=handlers(
            package.interfaces.SecurityHandlersHandlers, "ListCalls3200Response"
        ),
        keys_handlers=handlers(package.interfaces.KeysHandlersHandlers, "Render200Response"),
    )
    client = TestClient(app)
    listed = client.get("/calls", params={"DateSent": "a", "DateSent<": "b", "DateSent>": "c"})
    assert listed.json() == {"date_sent": "a", "date_sent_query": "b", "date_sent_query2": "c"}
    assert client.post("/calls").status_code == 200
    assert client.put("/calls").status_code == 200
    rendered = client.get(
        "/render", params={"id": "q", "responses": "r"}, headers={"id": "h", "k": "x"}
    )
    assert rendered.json() == {"id": "h", "id_query": "q", "responses_": "r"}
    assert called == ["list_calls", "list_calls_3", "list_calls_2", "render_"]
