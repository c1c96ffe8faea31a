"""openapi.yaml documents itself correctly: every schema has examples, and every example
(of a schema, a response, a parameter) is valid against the schema it illustrates."""

from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.openapi_spec import SPEC, schema_validator

SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]


def media_examples() -> Iterator[tuple[str, str, Any]]:
    """(where, schema pointer, example value) for every example of a response or body."""
    holders = list(SPEC["components"]["responses"].items())
    for path, item in SPEC["paths"].items():
        for method, operation in item.items():
            holders += [(f"{method} {path} {s}", r) for s, r in operation["responses"].items()]
            if "requestBody" in operation:
                holders.append((f"{method} {path} body", operation["requestBody"]))
    for where, holder in holders:
        for media_type, media in holder.get("content", {}).items():
            for name, example in media.get("examples", {}).items():
                yield f"{where} {media_type} {name}", media["schema"]["$ref"], example["value"]


def parameter_examples() -> Iterator[tuple[str, dict[str, Any], Any]]:
    for name, parameter in SPEC["components"]["parameters"].items():
        yield name, parameter["schema"], parameter["example"]


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_schema_has_valid_examples(name: str) -> None:
    examples = SCHEMAS[name].get("examples", [])
    assert examples, f"{name} has no examples"
    validator = schema_validator(f"#/components/schemas/{name}")
    for example in examples:
        assert not [e.message for e in validator.iter_errors(example)], example


@pytest.mark.parametrize(("where", "pointer", "value"), list(media_examples()))
def test_every_media_example_is_valid(where: str, pointer: str, value: Any) -> None:
    assert not [e.message for e in schema_validator(pointer).iter_errors(value)], where


@pytest.mark.parametrize(("name", "schema", "value"), list(parameter_examples()))
def test_every_parameter_example_is_valid(name: str, schema: dict[str, Any], value: Any) -> None:
    assert Draft202012Validator(schema).is_valid(value), name


def test_every_operation_is_documented() -> None:
    for path, item in SPEC["paths"].items():
        for method, operation in item.items():
            where = f"{method} {path}"
            assert operation.get("summary"), where
            assert operation.get("description"), where
            assert len(operation.get("tags", [])) == 1, where


def test_invalid_examples_are_caught() -> None:
    assert list(schema_validator("#/components/schemas/ProductIn").iter_errors({"price": -1}))
