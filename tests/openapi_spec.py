"""openapi.yaml for tests: $ref resolution, schema validators, and a real response checked
against what the spec declares for its operation and status."""

import re
from collections.abc import Mapping
from typing import Any

from httpx2 import Response
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from service.contract import load_contract

SPEC = load_contract()
_REGISTRY: Registry[Any] = Registry().with_resource("urn:spec", Resource.opaque(SPEC))


def schema_validator(pointer: str) -> Draft202012Validator:
    """A validator, formats checked, for the spec's schema at `pointer` (`#/components/...`)."""
    return Draft202012Validator(
        {"$ref": f"urn:spec{pointer}"},
        registry=_REGISTRY,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def resolve(node: Mapping[str, Any], document: Mapping[str, Any] = SPEC) -> Mapping[str, Any]:
    """Follow `node`'s local `$ref`s within `document` (the spec unless told otherwise)."""
    while "$ref" in node:
        target: Any = document
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


_BOUNDS = (
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
)


def schema_bounds(schema: Mapping[str, Any]) -> dict[str, Any]:
    """The bounds a schema sets, also when it is written `anyOf: [<schema>, {type: null}]`
    (as pydantic and FastAPI write optional values)."""
    branches = [b for b in schema.get("anyOf", [schema]) if b.get("type") != "null"]
    return {key: value for b in branches for key, value in b.items() if key in _BOUNDS}


def assert_conforms(response: Response, method: str, path_template: str) -> None:
    """The status is declared for the operation, and headers and body match its schema."""
    operation = SPEC["paths"][path_template][method.lower()]
    declared = operation["responses"]
    assert str(response.status_code) in declared, (
        f"{method} {path_template} answered {response.status_code}, declared: {sorted(declared)}"
    )
    spec_response = resolve(declared[str(response.status_code)])
    for name, header in spec_response.get("headers", {}).items():
        if resolve(header).get("required"):
            assert name.lower() in response.headers, f"missing required header {name}"
    content = spec_response.get("content", {})
    if not content:
        assert response.content == b""
        return
    media_type = response.headers["content-type"].split(";")[0]
    assert media_type in content, f"{media_type} is not declared"
    validator = schema_validator(content[media_type]["schema"]["$ref"])
    errors = [error.message for error in validator.iter_errors(response.json())]
    assert not errors, errors


# Each path template as a pattern: a `{parameter}` matches one non-empty path segment.
_TEMPLATES = {
    template: re.compile(re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$")
    for template in SPEC["paths"]
}


def operation_template(method: str, path: str) -> str | None:
    """The spec's path template of the operation serving `method path`, if any.

    A static template wins over a templated one (`/users/me` over `/users/{user_id}`).
    """
    matches = [
        template
        for template, pattern in _TEMPLATES.items()
        if pattern.match(path) and method.lower() in SPEC["paths"][template]
    ]
    return min(matches, key=lambda template: template.count("{"), default=None)


def declared_responses() -> set[tuple[str, str, int]]:
    """(method, path template, status) of every response the spec declares."""
    return {
        (method.upper(), template, int(status))
        for template, operations in SPEC["paths"].items()
        for method, operation in operations.items()
        for status in operation["responses"]
    }
