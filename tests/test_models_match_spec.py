"""The generated models accept the same fields, with the same required ones and the same
bounds, as the spec's schemas: datamodel-code-generator dropped nothing on the way."""

from collections.abc import Mapping
from typing import Any

import pytest

from service.generated import models
from tests.openapi_spec import SPEC, resolve, schema_bounds

SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]


def flattened(schema: Mapping[str, Any]) -> dict[str, Any]:
    """Properties and required names of a schema, with its allOf parts merged in."""
    properties = dict(schema.get("properties", {}))
    required = set(schema.get("required", []))
    for part in schema.get("allOf", []):
        merged = flattened(resolve(part))
        properties |= merged["properties"]
        required |= merged["required"]
    return {"properties": properties, "required": required}


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_model_matches_schema(name: str) -> None:
    spec = flattened(SCHEMAS[name])
    generated = getattr(models, name).model_json_schema()
    assert set(generated["properties"]) == set(spec["properties"])
    assert set(generated.get("required", [])) == spec["required"]
    for field, schema in spec["properties"].items():
        assert schema_bounds(generated["properties"][field]) == schema_bounds(schema), field
    forbids_extra = SCHEMAS[name].get("additionalProperties") is False
    assert (generated.get("additionalProperties") is False) == forbids_extra
