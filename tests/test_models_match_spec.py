"""The generated models accept the same fields, with the same required ones and the same
bounds, as the spec's schemas: datamodel-code-generator dropped nothing on the way."""

from typing import Any

import pytest

from service.generated import models
from tests.openapi_spec import SPEC

SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]
BOUNDS = ("minimum", "maximum", "minLength", "maxLength", "pattern", "minItems", "maxItems")


def flattened(schema: dict[str, Any]) -> dict[str, Any]:
    """Properties and required names of a schema, with its allOf parts merged in."""
    properties = dict(schema.get("properties", {}))
    required = set(schema.get("required", []))
    for part in schema.get("allOf", []):
        if "$ref" in part:
            part = SCHEMAS[part["$ref"].rsplit("/", 1)[1]]
        merged = flattened(part)
        properties |= merged["properties"]
        required |= merged["required"]
    return {"properties": properties, "required": required}


def bounds(schema: dict[str, Any]) -> dict[str, Any]:
    branches = [b for b in schema.get("anyOf", [schema]) if b.get("type") != "null"]
    return {key: value for b in branches for key, value in b.items() if key in BOUNDS}


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_model_matches_schema(name: str) -> None:
    spec = flattened(SCHEMAS[name])
    generated = getattr(models, name).model_json_schema()
    assert set(generated["properties"]) == set(spec["properties"])
    assert set(generated.get("required", [])) == spec["required"]
    for field, schema in spec["properties"].items():
        assert bounds(generated["properties"][field]) == bounds(schema), f"{name}.{field}"
    forbids_extra = SCHEMAS[name].get("additionalProperties") is False
    assert (generated.get("additionalProperties") is False) == forbids_extra
