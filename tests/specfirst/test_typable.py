"""Schemas the models would type wrongly (codegen/typable.py) make models that type-check under
mypy --strict and validate what the schemas validate; where the spec contradicts itself, the
rewrite is said in a warning."""

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from specfirst.codegen.pipeline import render_package
from specfirst.codegen.trial import type_errors
from tests.specfirst.generated import generated_package, read_document, valid


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


SCHEMAS: dict[str, Any] = {
    # A scalar component with a default, which a property refers to.
    "Format": {"type": "string", "enum": ["text", "json"], "default": "text"},
    "Options": {"type": "object", "properties": {"format": ref("Format")}},
    # A subclass declaring again what its base declares: wider (null), contradicting, an object.
    "User": {"type": "object", "properties": {"gid": {"type": "string"}}},
    "Placeholder": {"type": "object", "properties": {"name": {"type": "string"}}},
    "Task": {
        "type": "object",
        "properties": {
            "kind": {"type": "string", "enum": ["task", "milestone"]},
            "owner": ref("User"),
            "context": {"type": "object"},
        },
    },
    "Milestone": {
        "allOf": [
            ref("Task"),
            {
                "type": "object",
                "properties": {
                    "kind": {"type": ["string", "null"], "enum": ["milestone", "task", None]},
                    "owner": ref("Placeholder"),
                    "context": {"type": "object", "properties": {"why": {"type": "string"}}},
                },
            },
        ]
    },
    "Approval": {
        "allOf": [ref("Task"), {"properties": {"kind": {"type": "string", "enum": ["approval"]}}}]
    },
    # Declared again beside the allOf rather than in it.
    "Message": {
        "type": "object",
        "properties": {"status": {"type": "string", "enum": ["sent", "not sent"]}},
    },
    "Delivery": {
        "allOf": [ref("Message")],
        "properties": {"status": {"type": "string", "enum": ["sent", "not_sent"]}},
    },
    # A bounded number or null, with a default; a union with bounds of its own and a default.
    "Training": {
        "type": "object",
        "properties": {
            "decay": {
                "anyOf": [{"type": "number", "minimum": 0, "maximum": 1}, {"type": "null"}],
                "default": 0.1,
            },
            "steps": {
                "anyOf": [{"enum": ["auto"]}, {"type": "integer", "minimum": 1}],
                "default": "auto",
            },
            "seed": {"type": "integer", "default": "10"},
            "url": {"type": "string", "format": "uri", "default": ""},
        },
    },
    # Rules the models' bases check.
    "Tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
    "Patch": {
        "type": "object",
        "minProperties": 1,
        "properties": {
            "name": {"type": "string"},
            "tags": {"type": "array", "items": {"type": "integer"}, "uniqueItems": True},
        },
    },
}
SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "typable", "version": "1"},
    "paths": {},
    "components": {"schemas": SCHEMAS},
}


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated_package(SPEC, tmp_path_factory.mktemp("typable")) as package:
        yield package.models


def test_the_models_type_check_and_say_each_rewrite(tmp_path: Path) -> None:
    rendered = render_package(read_document(SPEC, tmp_path), "trial.generated")
    assert type_errors(rendered.sources) == []
    said = "\n".join(rendered.warnings)
    assert "Approval: property 'kind' is declared again allowing none of the values" in said
    assert "Milestone: property 'context' is declared again, as what its first" in said
    assert "default '10' is not a value the schema allows: left out" in said
    assert "default '' is not a value the schema allows: left out" in said
    assert "default 'auto' of alternatives with bounds of their own: left out" in said


def test_a_scalar_component_default_is_the_fields(models: ModuleType) -> None:
    assert models.Options.model_validate({}).format == "text"
    assert not valid(models.Options, {"format": "xml"})


def test_a_property_declared_again_allows_what_both_declarations_allow(
    models: ModuleType,
) -> None:
    assert valid(models.Milestone, {"kind": "task"})
    assert not valid(models.Milestone, {"kind": None})  # the base does not allow null
    milestone = models.Milestone.model_validate({"owner": {"gid": "1", "name": "n"}})
    assert isinstance(milestone.owner, models.User)  # a subclass of both
    assert isinstance(milestone.owner, models.Placeholder)


def test_a_property_declared_again_beside_the_all_of_too(models: ModuleType) -> None:
    assert valid(models.Delivery, {"status": "sent"})
    assert not valid(models.Delivery, {"status": "not sent"})
    assert not valid(models.Delivery, {"status": "not_sent"})


def test_a_nullable_bounded_number_keeps_its_default_and_bounds(models: ModuleType) -> None:
    training = models.Training.model_validate({})
    assert training.decay == 0.1
    assert valid(models.Training, {"decay": None})
    assert not valid(models.Training, {"decay": 2})
    assert valid(models.Training, {"steps": "auto"})
    assert not valid(models.Training, {"steps": 0})


def test_unique_items_and_property_counts_are_checked(models: ModuleType) -> None:
    assert valid(models.Tags, ["a", "b"])
    assert not valid(models.Tags, ["a", "a"])
    assert valid(models.Patch, {"name": "x"})
    assert not valid(models.Patch, {})
    assert not valid(models.Patch, {"tags": [1, 1]})
    assert not valid(models.Patch, {"tags": [1, 1.0]})  # equal numbers in JSON
    assert valid(models.Patch, {"tags": [1, True]}) is False  # a boolean is no integer
