"""The generated binding agrees with openapi.yaml.

Every operation is bound (with placeholder handlers: only the binding is under test here),
and each route, as the runtime reads requests for it, is compared with the handwritten spec:
path, method, operationId, handler set, every parameter (location, required, default, bounds),
request content types, security requirements, and the statuses of its response union.
"""

import inspect
from collections.abc import Mapping
from typing import Any, get_args

import pytest
from fastapi import FastAPI

from service.generated import interfaces, responses, routes
from specfirst.codegen.naming import pascal_case
from specfirst.runtime.routing import ContractRoute
from tests.openapi_spec import SPEC, resolve, schema_bounds

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def placeholder_handlers(interface: str) -> object:
    """An object with every operation of `interface` as an async method that is never called."""

    async def never_called(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the conformance test does not call handlers")

    protocol = getattr(interfaces, interface)
    names = [name for name, member in vars(protocol).items() if inspect.iscoroutinefunction(member)]
    return type(f"Placeholder{interface}", (), dict.fromkeys(names, never_called))()


async def no_principal(token: str, scopes: object) -> None:
    return None


def fully_bound_app() -> FastAPI:
    app = FastAPI()
    routes.bind_routes(
        app.router,
        oauth2_password_bearer=no_principal,
        meta=placeholder_handlers("MetaHandlers"),  # type: ignore[arg-type]
        items=placeholder_handlers("ItemsHandlers"),  # type: ignore[arg-type]
        users=placeholder_handlers("UsersHandlers"),  # type: ignore[arg-type]
        auth=placeholder_handlers("AuthHandlers"),  # type: ignore[arg-type]
        products=placeholder_handlers("ProductsHandlers"),  # type: ignore[arg-type]
    )
    return app


APP = fully_bound_app()
ROUTES = {
    (route.path, method.lower()): route
    for route in APP.router.routes
    if isinstance(route, ContractRoute)
    for method in route.methods or ()
}
SPEC_OPERATIONS = {
    (path, method): item[method]
    for path, item in SPEC["paths"].items()
    for method in METHODS
    if method in item
}


def spec_parameters(operation: Mapping[str, Any]) -> dict[str, Any]:
    """name → (location, required, default, bounds) of each parameter of `operation`."""
    found = {}
    for parameter in (resolve(node) for node in operation.get("parameters", [])):
        schema = parameter["schema"]
        found[parameter["name"]] = (
            parameter["in"],
            bool(parameter.get("required", False)),
            schema.get("default"),
            schema_bounds(schema),
        )
    return found


def bound_parameters(route: ContractRoute) -> dict[str, Any]:
    return {
        where.name: (where.location, required, schema.get("default"), schema_bounds(schema))
        for where, required, schema in route.reader.parameters
    }


def test_same_paths_and_methods() -> None:
    assert sorted(ROUTES) == sorted(SPEC_OPERATIONS)


@pytest.mark.parametrize("key", sorted(SPEC_OPERATIONS), ids=lambda key: f"{key[1]} {key[0]}")
def test_operation_agrees(key: tuple[str, str]) -> None:
    spec, route = SPEC_OPERATIONS[key], ROUTES[key]
    assert route.name == spec["operationId"]
    [tag] = spec["tags"]  # the handler set: its interface has the operation
    assert spec["operationId"] in vars(getattr(interfaces, f"{pascal_case(tag)}Handlers"))

    assert bound_parameters(route) == spec_parameters(spec)

    body = spec.get("requestBody")
    declared = set(resolve(body)["content"]) if body else set()
    assert set(route.settings.rules.request_media_types) == declared

    union = getattr(responses, f"{pascal_case(spec['operationId'])}Response")
    statuses = sorted(str(response.status_code) for response in get_args(union) or [union])
    assert statuses == sorted(spec["responses"])

    requirements = spec.get("security", SPEC.get("security", []))
    expected = tuple(tuple((n, tuple(scopes)) for n, scopes in r.items()) for r in requirements)
    assert routes.SECURITY.get(spec["operationId"], ()) == (expected if any(expected) else ())


def test_the_schemes_are_the_spec_s() -> None:
    spec = SPEC["components"]["securitySchemes"]
    assert {name: scheme.kind for name, scheme in routes.SCHEMES.items()} == dict.fromkeys(
        spec, "bearer"
    )


def test_static_paths_are_matched_before_templated_ones() -> None:
    order = [getattr(route, "path", "") for route in APP.router.routes]
    assert order.index("/users/me") < order.index("/users/{user_id}")
