"""specfirst.mock.values: valid, deterministic example values for a document's schemas, and
the problems of invalid ones.

Every value built here is checked again by jsonschema, set up in this module (`independent_
problems`): Instances checks its own values with `problems`, so that check alone could not fail.
"""

import copy
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from specfirst.mock.values import InstanceError, Instances
from specfirst.mock.values.context import Schema


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Pets", "version": "1.0.0"},
    "paths": {},
    "components": {
        "schemas": {
            "Pet": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "integer", "format": "int64", "minimum": 1},
                    "name": {"type": "string", "minLength": 1, "maxLength": 40},
                    "tag": {"type": ["string", "null"]},
                    "born": {"type": "string", "format": "date"},
                    "code": ref("Code"),
                    "owner": ref("Owner"),
                    "tags": {
                        "type": "array",
                        "items": {"type": "string"},
                        "uniqueItems": True,
                        "maxItems": 5,
                    },
                },
                "additionalProperties": False,
            },
            "Owner": {
                "type": "object",
                "required": ["email"],
                "properties": {
                    "email": {"type": "string", "format": "email"},
                    "homepage": {"type": "string", "format": "uri"},
                    "address": ref("Address"),
                },
            },
            "Address": {
                "type": "object",
                "required": ["city"],
                "properties": {
                    "city": {"type": "string"},
                    "geo": {"type": "object", "properties": {"lat": {"type": "number"}}},
                },
            },
            "Code": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{2}$"},
            "Tree": {
                "type": "object",
                "required": ["value"],
                "properties": {
                    "value": {"type": "integer"},
                    "children": {"type": "array", "items": ref("Tree")},
                },
            },
            "Chain": {
                "type": "object",
                "required": ["label", "next"],
                "properties": {
                    "label": {"type": "string"},
                    "next": {"anyOf": [ref("Chain"), {"type": "null"}]},
                },
            },
            "Endless": {
                "type": "object",
                "required": ["again"],
                "properties": {"again": ref("Endless")},
            },
            # A oneOf with a discriminator: Cat and Dog through the mapping, Lizard by its name.
            "Animal": {
                "oneOf": [ref("Cat"), ref("Dog"), ref("Lizard")],
                "discriminator": {
                    "propertyName": "petType",
                    "mapping": {"cat": "#/components/schemas/Cat", "dog": "Dog"},
                },
            },
            "Cat": {
                "type": "object",
                "required": ["petType", "meows"],
                "properties": {"petType": {"type": "string"}, "meows": {"type": "boolean"}},
                "additionalProperties": False,
            },
            "Dog": {
                "type": "object",
                "required": ["petType", "barks"],
                "properties": {
                    "petType": {"type": "string"},
                    "barks": {"type": "integer", "minimum": 1},
                },
                "additionalProperties": False,
            },
            "Lizard": {
                "type": "object",
                "required": ["petType", "scales"],
                "properties": {"petType": {"type": "string"}, "scales": {"const": True}},
                "additionalProperties": False,
            },
            # Inheritance: a Vehicle's subtypes carry its discriminator through allOf.
            "Vehicle": {
                "type": "object",
                "required": ["kind"],
                "properties": {"kind": {"type": "string"}, "wheels": {"type": "integer"}},
                "discriminator": {"propertyName": "kind", "mapping": {"bike": "Bike"}},
            },
            "Bike": {
                "allOf": [
                    ref("Vehicle"),
                    {"properties": {"gears": {"type": "integer", "minimum": 1, "maximum": 30}}},
                ]
            },
            "Labelled": {"type": "string", "examples": ["a label"], "default": "unused"},
            "a~b/c": {"const": "escaped"},
        }
    },
}

# Every construct the builder reads, alone, nested, and through $refs into DOCUMENT.
VALID_CASES: list[Any] = [
    pytest.param({"type": "string"}, id="string"),
    pytest.param({"type": "integer"}, id="integer"),
    pytest.param({"type": "number"}, id="number"),
    pytest.param({"type": "boolean"}, id="boolean"),
    pytest.param({"type": "null"}, id="null"),
    pytest.param({"type": ["string", "null"]}, id="type-list-with-null"),
    pytest.param({"type": ["null", "integer"], "minimum": 3}, id="type-list-null-first"),
    pytest.param({"enum": ["red", "green", 3]}, id="enum"),
    pytest.param({"type": "string", "enum": [1, "two", None]}, id="enum-filtered-by-type"),
    pytest.param({"const": {"a": [1, 2]}}, id="const"),
    pytest.param(True, id="true"),
    pytest.param({}, id="empty-schema"),
    pytest.param(
        {"properties": {"a": {"type": "integer"}}, "required": ["a"]}, id="untyped-object"
    ),
    pytest.param({"format": "date-time"}, id="untyped-format"),
    pytest.param(
        {
            "type": "object",
            "required": ["a", "b"],
            "properties": {"a": {"type": "string"}, "c": {"type": "integer"}},
            "additionalProperties": {"type": "boolean"},
        },
        id="object-required-outside-properties",
    ),
    pytest.param(
        {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False},
        id="object-closed",
    ),
    pytest.param(
        {"type": "object", "minProperties": 3, "additionalProperties": {"type": "integer"}},
        id="object-min-properties",
    ),
    pytest.param(
        {
            "type": "object",
            "maxProperties": 2,
            "required": ["a"],
            "properties": {"a": {"type": "integer"}, "b": {}, "c": {}, "d": {}},
        },
        id="object-max-properties",
    ),
    pytest.param(
        {
            "type": "object",
            "minProperties": 2,
            "additionalProperties": False,
            "patternProperties": {"^x-[a-z]+$": {"type": "integer"}},
        },
        id="object-pattern-properties",
    ),
    pytest.param({"type": "array", "items": {"type": "integer"}}, id="array"),
    pytest.param(
        {"type": "array", "items": {"type": "string"}, "minItems": 3, "maxItems": 3},
        id="array-min-max",
    ),
    pytest.param(
        {
            "type": "array",
            "items": {"type": "integer", "maximum": 10},
            "minItems": 4,
            "uniqueItems": True,
        },
        id="array-unique-integers",
    ),
    pytest.param(
        {"type": "array", "items": {"type": "boolean"}, "minItems": 2, "uniqueItems": True},
        id="array-unique-booleans",
    ),
    pytest.param(
        {
            "type": "array",
            "items": {"type": "string", "maxLength": 1},
            "minItems": 5,
            "uniqueItems": True,
        },
        id="array-unique-short-strings",
    ),
    pytest.param(
        {"type": "array", "prefixItems": [{"const": 1}, {"type": "string"}], "items": False},
        id="array-prefix-items",
    ),
    pytest.param(
        {
            "type": "array",
            "prefixItems": [{"type": "boolean"}],
            "items": {"type": "null"},
            "minItems": 3,
        },
        id="array-prefix-then-items",
    ),
    pytest.param(
        {
            "type": "array",
            "items": {"type": "integer"},
            "contains": {"minimum": 10},
            "minContains": 2,
        },
        id="array-contains",
    ),
    pytest.param({"type": "array", "maxItems": 0}, id="array-empty"),
    pytest.param({"type": "string", "minLength": 10}, id="string-min-length"),
    pytest.param({"type": "string", "minLength": 2, "maxLength": 3}, id="string-max-length"),
    pytest.param({"type": "string", "maxLength": 0}, id="string-empty"),
    pytest.param(
        {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{2}$", "minLength": 6, "maxLength": 6},
        id="pattern-with-lengths",
    ),
    pytest.param({"type": "string", "pattern": r"^\d{4}$"}, id="pattern-digits"),
    pytest.param(
        {"type": "string", "pattern": r"[a-z]+@corp\.example$", "maxLength": 20},
        id="pattern-unanchored-start",
    ),
    pytest.param({"type": "string", "pattern": "^[a-z]+$", "minLength": 12}, id="pattern-long"),
    pytest.param(
        {"type": "array", "items": ref("Code"), "minItems": 3, "uniqueItems": True},
        id="pattern-unique-items",
    ),
    pytest.param({"type": "string", "not": {"const": "string"}}, id="string-not"),
    pytest.param({"type": "integer", "minimum": 5, "maximum": 5}, id="integer-single"),
    pytest.param({"type": "integer", "maximum": -3}, id="integer-maximum"),
    pytest.param(
        {"type": "integer", "exclusiveMinimum": 9, "exclusiveMaximum": 11}, id="integer-exclusive"
    ),
    pytest.param(
        {"type": "integer", "multipleOf": 7, "minimum": 10, "maximum": 20}, id="integer-multiple"
    ),
    pytest.param({"type": "integer", "multipleOf": 2.5}, id="integer-fractional-multiple"),
    pytest.param({"type": "integer", "format": "int32", "minimum": 2**31 - 1}, id="int32-top"),
    pytest.param({"type": "integer", "format": "int64", "maximum": -(2**63)}, id="int64-bottom"),
    pytest.param(
        {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}, id="number-narrow"
    ),
    pytest.param({"type": "number", "minimum": 100}, id="number-minimum"),
    pytest.param({"type": "number", "multipleOf": 0.01, "minimum": 0.005}, id="number-multiple"),
    pytest.param({"type": "number", "format": "float"}, id="number-float"),
    pytest.param({"type": "number", "format": "double", "maximum": -10}, id="number-double"),
    pytest.param({"type": "string", "format": "byte"}, id="format-byte"),
    pytest.param({"type": "string", "format": "binary"}, id="format-binary"),
    pytest.param({"type": "string", "format": "x-unknown"}, id="format-unknown"),
    pytest.param(
        {"allOf": [ref("Owner"), {"required": ["homepage"]}, {"properties": {"nick": {}}}]},
        id="allOf-merged",
    ),
    pytest.param(
        {
            "allOf": [
                {
                    "type": "object",
                    "properties": {"a": {"type": "string"}},
                    "additionalProperties": False,
                },
                {"properties": {"b": {"type": "string"}}},
            ]
        },
        id="allOf-closed-part",
    ),
    pytest.param(
        {"allOf": [{"type": "integer", "multipleOf": 4}, {"multipleOf": 6, "minimum": 13}]},
        id="allOf-multiples",
    ),
    pytest.param({"allOf": [{"type": ["number", "null"]}, {"type": "integer"}]}, id="allOf-types"),
    pytest.param({"allOf": [{"enum": ["a", "b", "c"]}, {"enum": ["c", "b"]}]}, id="allOf-enums"),
    pytest.param(
        {"allOf": [{"type": "string", "pattern": "^[a-z]+$"}, {"pattern": "q"}]},
        id="allOf-two-patterns",
    ),
    pytest.param(
        {"anyOf": [{"type": "string", "maxLength": 0, "minLength": 1}, {"type": "boolean"}]},
        id="anyOf",
    ),
    pytest.param({"oneOf": [{"type": "integer"}, {"type": "number"}]}, id="oneOf-overlapping"),
    pytest.param(
        {"oneOf": [{"type": "string"}, {"type": "string", "maxLength": 3}]}, id="oneOf-nested"
    ),
    pytest.param(
        {
            "type": "object",
            "properties": {"x": {"type": "integer"}, "y": {"type": "integer"}},
            "if": {"required": ["x"]},
            "then": {"required": ["y"]},
        },
        id="if-then",
    ),
    pytest.param(
        {
            "oneOf": [{"properties": {"a": {"const": 1}}, "required": ["a"]}],
            "unevaluatedProperties": False,
        },
        id="oneOf-unevaluated-properties",
    ),
    pytest.param(ref("Pet"), id="ref-pet"),
    pytest.param(ref("Tree"), id="ref-recursive-tree"),
    pytest.param(ref("Chain"), id="ref-recursive-anyOf-null"),
    pytest.param(ref("Animal"), id="oneOf-discriminator-mapping"),
    pytest.param(
        {"type": "array", "items": ref("Animal"), "minItems": 3, "uniqueItems": True},
        id="oneOf-discriminator-all-branches",
    ),
    pytest.param(ref("Bike"), id="allOf-inherited-discriminator"),
    pytest.param(ref("Labelled"), id="examples"),
    pytest.param({"$ref": "#/components/schemas/a~0b~1c"}, id="ref-escaped-pointer"),
    pytest.param(
        {"type": "object", "properties": {"pets": {"type": "array", "items": ref("Pet")}}},
        id="nested-refs",
    ),
]


def _fits_in_bits(bits: int) -> Callable[[object], bool]:
    """OpenAPI's int32 and int64: integers in range (other values are not the format's concern)."""

    def check(value: object) -> bool:
        if isinstance(value, bool) or not isinstance(value, int):
            return True
        limit = 1 << (bits - 1)
        return -limit <= value < limit

    return check


# jsonschema's checks for JSON Schema 2020-12's formats (not a bare FormatChecker(): its `time`
# is draft 3's hh:mm:ss, which refuses RFC 3339's 00:00:00Z), and OpenAPI's integer formats.
# A deep copy: adding checks must not change jsonschema's own checker.
INDEPENDENT_FORMATS = copy.deepcopy(Draft202012Validator.FORMAT_CHECKER)
INDEPENDENT_FORMATS.checks("int32")(_fits_in_bits(32))
INDEPENDENT_FORMATS.checks("int64")(_fits_in_bits(64))


def independent_problems(value: Any, schema: Schema) -> list[str]:
    """What jsonschema finds wrong with `value` against `schema`, whose $refs resolve in DOCUMENT:
    the schema is placed in a copy of the document, held in a registry at a URI of its own."""
    uri = "urn:test:pets"
    document = DRAFT202012.create_resource({**DOCUMENT, "x-under-test": schema})
    registry: Registry[Any] = Registry().with_resource(uri, document)
    validator = Draft202012Validator(
        {"$ref": f"{uri}#/x-under-test"}, registry=registry, format_checker=INDEPENDENT_FORMATS
    )
    return [f"{error.json_path}: {error.message}" for error in validator.iter_errors(value)]


class Checked(Instances):
    """Instances whose every value is checked with independent_problems as it is returned."""

    def instance(self, schema: Schema) -> Any:
        value = super().instance(schema)
        assert independent_problems(value, schema) == [], value
        return value


@pytest.fixture(scope="module")
def instances() -> Instances:
    return Checked(DOCUMENT)


def test_the_independent_check_follows_refs_and_checks_formats() -> None:
    assert independent_problems({"id": 1, "name": "Rex"}, ref("Pet")) == []
    assert independent_problems({"id": 1}, ref("Pet")) == ["$: 'name' is a required property"]
    assert independent_problems("ABC-12", {"$ref": "#/components/schemas/a~0b~1c"}) != []
    assert independent_problems("00:00:00Z", {"format": "time"}) == []
    assert independent_problems("00:00:00", {"format": "time"}) != []
    assert independent_problems("-bad-.example.com", {"format": "hostname"}) != []
    assert independent_problems(2**31, {"format": "int32"}) != []


@pytest.mark.parametrize("schema", VALID_CASES)
def test_an_instance_is_valid_and_the_same_on_every_call(
    instances: Instances, schema: Schema
) -> None:
    value = instances.instance(schema)  # checked by independent_problems (see Checked)
    assert instances.instance(schema) == value
    # Not an artefact of one object's caches either.
    assert Checked(DOCUMENT).instance(schema) == value


def test_instances_are_the_same_in_every_process(tmp_path: Path) -> None:
    # Hash seeds differ from run to run unless fixed: two fixed ones stand for any two runs.
    schemas = [case.values[0] for case in VALID_CASES]
    program = (
        "import json, sys\n"
        "from specfirst.mock.values import Instances\n"
        "document, schemas = json.load(sys.stdin)\n"
        "instances = Instances(document)\n"
        "print(json.dumps([instances.instance(schema) for schema in schemas]))\n"
    )
    outputs = [
        subprocess.run(
            [sys.executable, "-c", program],
            input=json.dumps([DOCUMENT, schemas]),
            capture_output=True,
            text=True,
            check=True,
            cwd=tmp_path,  # Hypothesis keeps a cache in the working directory
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    ]
    assert outputs[0] == outputs[1]
    here = Checked(DOCUMENT)
    assert json.loads(outputs[0]) == [here.instance(schema) for schema in schemas]


def test_the_pattern_and_lengths_are_both_met(instances: Instances) -> None:
    code = instances.instance({"type": "string", "pattern": "^[A-Z]{3}-[0-9]{2}$", "minLength": 6})
    assert re.fullmatch("[A-Z]{3}-[0-9]{2}", code)
    longer = instances.instance({"type": "string", "pattern": "^[a-z]+$", "minLength": 12})
    assert re.fullmatch("[a-z]{12,}", longer)


@pytest.mark.parametrize(
    ("format_", "sample"),
    [
        ("date-time", "2024-01-01T00:00:00Z"),
        ("date", "2024-01-01"),
        ("time", "00:00:00Z"),
        ("email", "user@example.com"),
        ("uuid", "3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        ("uri", "https://example.com/"),
        ("hostname", "example.com"),
        ("ipv4", "192.0.2.1"),
        ("ipv6", "2001:db8::1"),
        ("byte", "ZXhhbXBsZQ=="),
    ],
)
def test_formats_have_their_sample_values(instances: Instances, format_: str, sample: str) -> None:
    assert instances.instance({"type": "string", "format": format_}) == sample


def test_unique_formatted_items_differ(instances: Instances) -> None:
    schema = {"type": "array", "items": {"format": "uuid"}, "minItems": 3, "uniqueItems": True}
    assert len(set(instances.instance(schema))) == 3


def test_integer_formats_keep_to_their_range(instances: Instances) -> None:
    assert instances.instance({"type": "integer", "format": "int32", "maximum": -(2**31)}) == -(
        2**31
    )
    with pytest.raises(InstanceError, match="no integer from 2147483648 to 2147483647"):
        instances.instance({"type": "integer", "format": "int32", "minimum": 2**31})


def test_a_pet_is_realistic(instances: Instances) -> None:
    pet = instances.instance(ref("Pet"))
    # Required and optional properties, in the schema's order, nested values as well.
    assert list(pet) == ["id", "name", "tag", "born", "code", "owner", "tags"]
    assert pet["id"] == 1
    assert pet["tag"] == "string"  # not null: null comes last
    assert pet["born"] == "2024-01-01"
    assert re.fullmatch("[A-Z]{3}-[0-9]{2}", pet["code"])
    assert pet["owner"]["email"] == "user@example.com"
    assert pet["owner"]["address"]["city"] == "string"
    assert len(pet["tags"]) == 1


def test_optional_properties_stop_at_max_properties(instances: Instances) -> None:
    schema = {
        "type": "object",
        "maxProperties": 2,
        "required": ["c"],
        "properties": {"a": {}, "b": {}, "c": {}},
    }
    assert list(instances.instance(schema)) == ["a", "c"]


def test_a_recursive_tree_ends(instances: Instances) -> None:
    tree = instances.instance(ref("Tree"))
    assert tree == {"value": 1, "children": [{"value": 1, "children": []}]}


def test_a_required_recursion_ends_on_its_null_branch(instances: Instances) -> None:
    chain = instances.instance(ref("Chain"))
    depth = 0
    while chain is not None:
        chain, depth = chain["next"], depth + 1
    assert 1 < depth < 10


def test_the_discriminator_names_the_branch_by_its_mapping_key_or_schema_name(
    instances: Instances,
) -> None:
    assert instances.instance(ref("Animal")) == {"petType": "cat", "meows": True}
    animals = instances.instance(
        {"type": "array", "items": ref("Animal"), "minItems": 3, "uniqueItems": True}
    )
    assert [animal["petType"] for animal in animals] == ["cat", "dog", "Lizard"]


def test_an_inherited_discriminator_names_the_subtype(instances: Instances) -> None:
    assert instances.instance(ref("Bike"))["kind"] == "bike"
    assert instances.instance(ref("Vehicle"))["kind"] == "Vehicle"


def test_the_first_valid_example_or_default_is_used(instances: Instances) -> None:
    assert instances.instance(ref("Labelled")) == "a label"
    assert (
        instances.instance({"type": "string", "examples": [1], "default": "fallback"}) == "fallback"
    )
    assert instances.instance({"type": "integer", "default": 3, "minimum": 4}) == 4
    assert instances.instance({"type": "integer", "example": 42}) == 42


def test_empty_schemas_give_a_simple_value(instances: Instances) -> None:
    assert instances.instance(True) == {}
    assert instances.instance({}) == {}


def test_a_returned_value_is_the_callers_to_change(instances: Instances) -> None:
    value = instances.instance({"type": "object", "examples": [{"a": [1]}]})
    value["a"].append(2)
    assert instances.instance({"type": "object", "examples": [{"a": [1]}]}) == {"a": [1]}


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        pytest.param(
            {"type": "integer", "minimum": 5, "maximum": 4}, "no integer from 5 to 4", id="bounds"
        ),
        pytest.param(False, "false", id="false"),
        pytest.param({"not": {}}, "not valid", id="not-anything"),
        pytest.param(
            {"allOf": [{"type": "string"}, {"type": "integer"}]}, "no type", id="allOf-types"
        ),
        pytest.param({"allOf": [{"enum": [1]}, {"enum": [2]}]}, "no value", id="allOf-enums"),
        pytest.param(
            {"type": "object", "required": ["x"], "additionalProperties": False},
            r"\$\.x: the schema is false",
            id="required-but-forbidden",
        ),
        pytest.param(
            {"type": "array", "items": {"enum": [1, 2]}, "minItems": 3, "uniqueItems": True},
            r"\$\[2\]: found no item unlike",
            id="too-few-unique-items",
        ),
        pytest.param(
            {"type": "string", "pattern": "^a$", "minLength": 2}, "no string", id="pattern"
        ),
        pytest.param(
            {"type": "number", "exclusiveMinimum": 1, "maximum": 1}, "no number", id="number"
        ),
        pytest.param(ref("Endless"), "deeper than", id="endless-recursion"),
        pytest.param(ref("Missing"), "does not resolve", id="missing-ref"),
        pytest.param(
            {"$ref": "https://example.com/schema"},
            "https://example.com/schema' is not a reference within the document",
            id="remote-ref",
        ),
    ],
)
def test_an_unsatisfiable_schema_raises(instances: Instances, schema: Schema, message: str) -> None:
    with pytest.raises(InstanceError, match=message) as raised:
        instances.instance(schema)
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize(
    ("value", "schema", "expected"),
    [
        pytest.param("1", {"type": "integer"}, "$: '1' is not of type 'integer'", id="type"),
        pytest.param(
            1, {"type": ["string", "null"]}, "$: 1 is not of type 'string', 'null'", id="types"
        ),
        pytest.param(
            {"id": 1}, ref("Pet"), "$: 'name' is a required property", id="required-through-ref"
        ),
        pytest.param(
            {"id": 1, "name": "Rex", "owner": {"email": "nobody"}},
            ref("Pet"),
            "$.owner.email: 'nobody' is not a 'email'",
            id="nested-format",
        ),
        pytest.param(
            {"id": 1, "name": "Rex", "code": "AB-12"},
            ref("Pet"),
            "$.code: 'AB-12' does not match '^[A-Z]{3}-[0-9]{2}$'",
            id="pattern",
        ),
        pytest.param(
            {"petType": "cat", "meows": True, "barks": 1},
            ref("Animal"),
            "is not valid under any of the given schemas",
            id="oneOf-none",
        ),
        pytest.param(
            1,
            {"oneOf": [{"type": "integer"}, {"type": "number"}]},
            "is valid under each of",
            id="oneOf-two",
        ),
        pytest.param(
            [1, 1], {"uniqueItems": True}, "$: [1, 1] has non-unique elements", id="unique"
        ),
    ],
)
def test_problems_say_what_is_wrong_and_where(
    instances: Instances, value: Any, schema: Schema, expected: str
) -> None:
    found = instances.problems(value, schema)
    assert any(expected in problem for problem in found), found


@pytest.mark.parametrize(
    ("format_", "good", "bad"),
    [
        ("date-time", "2024-02-29T23:59:59.5+01:00", "2024-02-30T00:00:00Z"),
        ("date-time", "2024-01-01t10:00:00z", "2024-01-01T00:00:00"),
        ("date", "2024-02-29", "2023-02-29"),
        ("time", "23:59:59Z", "24:00:00Z"),
        ("time", "12:00:00-05:30", "12:00:00"),
        ("email", "user@example.com", "user.example.com"),
        ("uuid", "3FA85F64-5717-4562-B3FC-2C963F66AFA6", "3fa85f64-5717-4562-b3fc"),
        ("uri", "urn:isbn:0451450523", "/relative/path"),
        ("uri", "https://example.com/a?b=c#d", "https://exa mple.com/"),
        ("ipv4", "192.0.2.1", "256.0.0.1"),
        ("ipv4", "10.0.0.1", "010.0.0.1"),
        ("ipv6", "2001:db8::1", "2001:db8::g"),
        ("hostname", "api.example.com", "-bad-.example.com"),
        ("int32", 2**31 - 1, 2**31),
        ("int32", -(2**31), -(2**31) - 1),
        ("int64", 2**63 - 1, 2**63),
    ],
)
def test_formats_are_checked(instances: Instances, format_: str, good: Any, bad: Any) -> None:
    # jsonschema checks some formats only when a package is installed (date-time and time:
    # rfc3339-validator, uri: rfc3986-validator, hostname: fqdn): without it, `bad` passes.
    schema = {"format": format_}
    assert instances.problems(good, schema) == []
    assert instances.problems(bad, schema) == [f"$: {bad!r} is not a {format_!r}"]


def test_unknown_formats_are_ignored(instances: Instances) -> None:
    assert instances.problems("anything", {"type": "string", "format": "x-color"}) == []


def test_problems_of_an_unusable_schema_raise(instances: Instances) -> None:
    with pytest.raises(InstanceError, match="cannot be used"):
        instances.problems(1, ref("Missing"))
    with pytest.raises(InstanceError, match="not a valid JSON Schema"):
        instances.problems(1, {"type": "whole number"})
