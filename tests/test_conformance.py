"""The generated binding agrees with openapi.yaml.

Every operation is bound (with placeholder handlers: only the binding is under test here),
and FastAPI's own OpenAPI document of that app is compared with the handwritten one on every
path, method, operationId, parameter, request content type and security; each operation's
handler interface and response union (its declared statuses) with the spec's tag and responses.
"""

import inspect
from collections.abc import Mapping
from typing import Any, get_args

import pytest
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from service.generated import interfaces, responses, routes
from specfirst.codegen.naming import pascal_case
from tests.openapi_spec import SPEC, resolve, schema_bounds

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def placeholder_handlers(interface: str) -> object:
    """An object with every operation of `interface` as an async method that is never called."""

    async def never_called(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the conformance test does not call handlers")

    protocol = getattr(interfaces, interface)
    names = [name for name, member in vars(protocol).items() if inspect.iscoroutinefunction(member)]
    return type(f"Placeholder{interface}", (), dict.fromkeys(names, never_called))()


async def no_principal(token: str) -> None:
    return None


def fully_bound_app() -> FastAPI:
    app = FastAPI()
    routes.bind_routes(
        app.router,
        authenticate=no_principal,
        meta=placeholder_handlers("MetaHandlers"),  # type: ignore[arg-type]
        items=placeholder_handlers("ItemsHandlers"),  # type: ignore[arg-type]
        users=placeholder_handlers("UsersHandlers"),  # type: ignore[arg-type]
        auth=placeholder_handlers("AuthHandlers"),  # type: ignore[arg-type]
        products=placeholder_handlers("ProductsHandlers"),  # type: ignore[arg-type]
    )
    return app


def operations(document: Mapping[str, Any]) -> dict[tuple[str, str], Mapping[str, Any]]:
    return {
        (path, method): item[method]
        for path, item in document["paths"].items()
        for method in METHODS
        if method in item
    }


def parameters(document: Mapping[str, Any], operation: Mapping[str, Any]) -> dict[str, Any]:
    """name → (location, required, default, bounds) of each parameter of `operation`."""
    found = {}
    for parameter in (resolve(node, document) for node in operation.get("parameters", [])):
        schema = parameter["schema"]
        found[parameter["name"]] = (
            parameter["in"],
            bool(parameter.get("required", False)),
            schema.get("default"),
            schema_bounds(schema),
        )
    return found


APP = fully_bound_app()
DERIVED = get_openapi(title="derived", version="0", routes=APP.routes)
SPEC_OPERATIONS = operations(SPEC)
DERIVED_OPERATIONS = operations(DERIVED)


def test_same_paths_and_methods() -> None:
    assert sorted(DERIVED_OPERATIONS) == sorted(SPEC_OPERATIONS)


@pytest.mark.parametrize("key", sorted(SPEC_OPERATIONS), ids=lambda key: f"{key[1]} {key[0]}")
def test_operation_agrees(key: tuple[str, str]) -> None:
    spec, derived = SPEC_OPERATIONS[key], DERIVED_OPERATIONS[key]
    assert derived["operationId"] == spec["operationId"]
    [tag] = spec["tags"]  # the handler set: its interface has the operation
    assert spec["operationId"] in vars(getattr(interfaces, f"{pascal_case(tag)}Handlers"))

    assert parameters(DERIVED, derived) == parameters(SPEC, spec)

    def body_types(document: Mapping[str, Any], operation: Mapping[str, Any]) -> set[str]:
        body = operation.get("requestBody")
        return set(resolve(body, document)["content"]) if body else set()

    assert body_types(DERIVED, derived) == body_types(SPEC, spec)

    union = getattr(responses, f"{pascal_case(spec['operationId'])}Response")
    statuses = sorted(str(response.status_code) for response in get_args(union) or [union])
    assert statuses == sorted(spec["responses"])

    assert derived.get("security", []) == spec.get("security", [])


def test_same_security_scheme() -> None:
    derived = DERIVED["components"]["securitySchemes"]
    spec = SPEC["components"]["securitySchemes"]
    assert {name: s["flows"] for name, s in derived.items()} == {
        name: s["flows"] for name, s in spec.items()
    }


def test_static_paths_are_matched_before_templated_ones() -> None:
    order = [getattr(route, "path", "") for route in APP.router.routes]
    assert order.index("/users/me") < order.index("/users/{user_id}")
