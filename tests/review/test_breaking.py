"""`make breaking`: each class of change between two small specs, marked breaking or not."""

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from review.breaking import check, compare

Spec = dict[str, Any]

pytestmark = pytest.mark.usefixtures("node_tools")


def json_body(ref: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


BASE: Spec = {
    "openapi": "3.1.0",
    "info": {"title": "Things", "version": "1.4.0"},
    "paths": {
        "/things/{id}": {
            "get": {
                "operationId": "read_thing",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "responses": {"200": {"description": "The thing.", **json_body("Thing")}},
            }
        },
        "/things": {
            "post": {
                "operationId": "create_thing",
                "requestBody": {"required": True, **json_body("ThingIn")},
                "responses": {"201": {"description": "Created.", **json_body("Thing")}},
            }
        },
    },
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "note": {"type": "string"},
                },
            },
            "ThingIn": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "maxLength": 100},
                    "size": {"type": "integer", "maximum": 10},
                    "kind": {"type": "string"},
                    "color": {"type": "string", "enum": ["red", "blue"]},
                },
            },
        }
    },
}


def schemas(spec: Spec) -> dict[str, Any]:
    result: dict[str, Any] = spec["components"]["schemas"]
    return result


def remove_operation(spec: Spec) -> None:
    del spec["paths"]["/things/{id}"]


def remove_optional_response_field(spec: Spec) -> None:
    del schemas(spec)["Thing"]["properties"]["note"]


def remove_required_response_field(spec: Spec) -> None:
    del schemas(spec)["Thing"]["properties"]["name"]
    schemas(spec)["Thing"]["required"].remove("name")


def add_required_parameter(spec: Spec) -> None:
    query = {"name": "fields", "in": "query", "required": True, "schema": {"type": "string"}}
    spec["paths"]["/things/{id}"]["get"]["parameters"].append(query)


def add_required_field(spec: Spec) -> None:
    schemas(spec)["ThingIn"]["required"].append("kind")


def narrow_max_length(spec: Spec) -> None:
    schemas(spec)["ThingIn"]["properties"]["name"]["maxLength"] = 50


def narrow_maximum(spec: Spec) -> None:
    schemas(spec)["ThingIn"]["properties"]["size"]["maximum"] = 5


def add_enum_to_free_text(spec: Spec) -> None:
    schemas(spec)["ThingIn"]["properties"]["kind"]["enum"] = ["small", "large"]


def change_status_code(spec: Spec) -> None:
    responses = spec["paths"]["/things"]["post"]["responses"]
    responses["200"] = responses.pop("201")


def add_optional_field(spec: Spec) -> None:
    schemas(spec)["ThingIn"]["properties"]["weight"] = {"type": "number"}


def add_response_field(spec: Spec) -> None:
    schemas(spec)["Thing"]["properties"]["weight"] = {"type": "number"}


def add_operation(spec: Spec) -> None:
    spec["paths"]["/things/{id}"]["delete"] = {
        "operationId": "delete_thing",
        "parameters": [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
        ],
        "responses": {"204": {"description": "Deleted."}},
    }


def widen_enum(spec: Spec) -> None:
    schemas(spec)["ThingIn"]["properties"]["color"]["enum"].append("green")


CHANGES: dict[str, tuple[Callable[[Spec], None], bool]] = {
    "removed operation": (remove_operation, True),
    "removed optional response field": (remove_optional_response_field, True),
    "removed required response field": (remove_required_response_field, True),
    "new required parameter": (add_required_parameter, True),
    "new required field": (add_required_field, True),
    "narrowed maxLength": (narrow_max_length, True),
    "narrowed maximum": (narrow_maximum, True),
    "enum added to a request value": (add_enum_to_free_text, True),
    "changed status code": (change_status_code, True),
    "new optional field": (add_optional_field, False),
    "new response field": (add_response_field, False),
    "new operation": (add_operation, False),
    "new enum value in a request": (widen_enum, False),
}


def write(spec: Spec, path: Path) -> Path:
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return path


def changed(mutate: Callable[[Spec], None], version: str | None = None) -> Spec:
    spec = copy.deepcopy(BASE)
    mutate(spec)
    if version:
        spec["info"]["version"] = version
    return spec


@pytest.mark.parametrize(("mutate", "breaking"), CHANGES.values(), ids=CHANGES)
def test_each_class_of_change_is_marked(
    tmp_path: Path, mutate: Callable[[Spec], None], breaking: bool
) -> None:
    before = write(BASE, tmp_path / "before.yaml")
    after = write(changed(mutate), tmp_path / "after.yaml")
    changes = compare(before, after)
    assert changes, "the change was not seen at all"
    assert any(change.breaking for change in changes) is breaking, changes


def test_no_change_is_no_report_line(tmp_path: Path) -> None:
    spec = write(BASE, tmp_path / "same.yaml")
    assert compare(spec, spec) == []


def test_a_breaking_change_needs_a_major_version_bump(tmp_path: Path) -> None:
    before = write(BASE, tmp_path / "before.yaml")
    minor = write(changed(remove_operation, "1.5.0"), tmp_path / "minor.yaml")
    text, acceptable = check(before, minor)
    assert not acceptable
    assert "BREAKING      GET /things/{id}" in text
    assert "major version bump" in text
    major = write(changed(remove_operation, "2.0.0"), tmp_path / "major.yaml")
    assert check(before, major)[1]


def test_non_breaking_changes_need_no_bump(tmp_path: Path) -> None:
    before = write(BASE, tmp_path / "before.yaml")
    after = write(changed(add_operation), tmp_path / "after.yaml")
    text, acceptable = check(before, after)
    assert acceptable
    assert "0 breaking" in text
